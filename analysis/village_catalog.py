"""Catalogs of other village data sets (the Tambon Smart Team's Village Big Data, a tambon's own
village survey): a TOML file in data/catalogs/<id>/catalog.toml of kind "village" declares the
data set — its name and source mark, its years, and each indicator: the headers it is found
under, Thai/English titles, the unit of its values, the good direction, the threshold a village
must meet, the domain and the target (% of villages meeting it).

A village's value is judged against the threshold (at or above it when higher is better, at or
below when lower is): the village passes or fails, and areas above count their villages like
จปฐ. counts households — so the data set ranks, compares, maps and feeds the matrix like จปฐ.,
its titles marked with its source ("[TST] …"). No code change is needed for a new data set.

Grain of the indicator table: one row per indicator of the data set.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.catalogs import Catalog, domain_ids
from analysis.config import settings
from analysis.i18n import translate

GOOD = ("higher", "lower")
REQUIRED = ("id", "kind", "name_th", "name_en", "source_th", "source_en", "first_year", "last_year", "status")
INDICATOR_REQUIRED = ("id", "title_th", "title_en", "domain", "good", "threshold", "unit_th", "unit_en")


class CatalogError(ValueError):
    """A village data set's catalog that cannot be used; the message says what, in Thai and English."""

    def __init__(self, catalog: str, key: str, **values: object):
        self.words = {lang: translate(f"village.{key}", lang, catalog=catalog, **values) for lang in ("th", "en")}
        super().__init__(f"{self.words['th']} / {self.words['en']}")

    def message(self, lang: str = "th") -> str:
        return self.words[lang]


def village_catalog(meta: dict[str, Any]) -> Catalog:
    """The Catalog of a village data set's declaration (checked: CatalogError says what is wrong)."""
    name = str(meta.get("id", "?"))
    missing = [k for k in REQUIRED if k not in meta]
    if missing:
        raise CatalogError(name, "missing", keys=", ".join(missing))
    declared = meta.get("indicators") or []
    if not declared:
        raise CatalogError(name, "no_indicators")
    frame = pd.DataFrame(declared)
    for key in INDICATOR_REQUIRED:
        if key not in frame or frame[key].isna().any():
            raise CatalogError(name, "indicator_missing", keys=key)
    bad_domain = sorted(set(frame["domain"]) - set(domain_ids()))
    if bad_domain:
        raise CatalogError(name, "bad_domain", values=", ".join(bad_domain), domains=", ".join(domain_ids()))
    bad_good = sorted(set(frame["good"]) - set(GOOD))
    if bad_good:
        raise CatalogError(name, "bad_good", values=", ".join(bad_good))
    threshold = pd.to_numeric(frame["threshold"], errors="coerce")
    if threshold.isna().any():
        raise CatalogError(name, "bad_threshold", values=", ".join(frame.loc[threshold.isna(), "id"].astype(str)))
    if frame["id"].duplicated().any():
        raise CatalogError(name, "duplicate_id", values=", ".join(frame.loc[frame["id"].duplicated(), "id"]))
    default = float(settings()["targets"]["default_pct_pass"])
    marks = {lang: f"[{meta[f'source_{lang}']}] " for lang in ("th", "en")}
    indicators = pd.DataFrame(
        {
            "indicator_id": frame["id"].astype(str),
            "title_th": marks["th"] + frame["title_th"].astype(str),  # marked with the data set's source
            "title_en": marks["en"] + frame["title_en"].astype(str),
            "domain": frame["domain"].astype(str),
            "unit": "village",  # what areas above count: villages meeting the threshold
            "value_unit_th": frame["unit_th"].astype(str),
            "value_unit_en": frame["unit_en"].astype(str),
            "good": frame["good"].astype(str),
            "threshold": threshold.astype(float),
            "default_target": pd.to_numeric(frame.get("target", default), errors="coerce").fillna(default),
            "columns": frame.get("columns", pd.Series([[]] * len(frame))).map(_headers),
            "status": str(meta["status"]),
        }
    )
    return Catalog(
        id=name,
        kind="village",
        name_th=str(meta["name_th"]),
        name_en=str(meta["name_en"]),
        first_year=int(meta["first_year"]),
        last_year=int(meta["last_year"]),
        status=str(meta["status"]),
        meta=meta,
        indicators=indicators,
    )


def _headers(value: object) -> str:
    """The headers an indicator is found under, "|"-joined (a TOML list or one text)."""
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def resolve_catalog(given: str) -> str:
    """The id of a village data set's catalog given by id or by the path of its catalog.toml (it
    must be declared in data/catalogs, where every page reads catalogs)."""
    from pathlib import Path

    from analysis.catalogs import CATALOG_DIR, load_catalog
    from analysis.config import catalog_ids

    path = Path(given)
    if path.suffix == ".toml":
        folder = path.resolve().parent
        if folder.parent != CATALOG_DIR.resolve() or path.name != "catalog.toml":
            raise CatalogError(given, "outside", folder=str(CATALOG_DIR))
        given = folder.name
    if given not in catalog_ids():
        raise CatalogError(given, "unknown", folder=str(CATALOG_DIR))
    if load_catalog(given).kind != "village":
        raise CatalogError(given, "not_village")
    return given


def passes_sql(value: str, good: str, threshold: float) -> str:
    """SQL: the village meets the threshold (1) or not (0); NULL without a value."""
    operator = ">=" if good == "higher" else "<="
    return f"(CASE WHEN {value} IS NULL THEN NULL WHEN {value} {operator} {float(threshold)!r} THEN 1 ELSE 0 END)"


def rule_words(catalog: Catalog, lang: str = "th") -> pd.Series:
    """Each indicator's threshold in words ("≥ 80 ร้อยละของครัวเรือน"), indexed by indicator id."""
    frame = catalog.indicators.set_index("indicator_id")
    sign = frame["good"].map({"higher": "≥", "lower": "≤"})
    number = frame["threshold"].map(lambda v: f"{v:g}")  # a few declared indicators
    return sign + " " + number + " " + frame[f"value_unit_{lang}"]
