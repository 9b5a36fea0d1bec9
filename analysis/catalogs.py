"""Indicator catalogs, the five domains and the กชช.2ค class rule, all read from data/.

Grain of an indicator table: one row per indicator of one catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import pandas as pd

from analysis.config import DATA_DIR, catalog_ids, income_line, read_toml, settings

CATALOG_DIR = DATA_DIR / "catalogs"
UNITS = ("person", "household")
#: the kind of a catalog describing another village data set (analysis.village_catalog)
VILLAGE = "village"
BMN_REQUIRED = ("indicator_id", "title_th", "title_en", "domain", "unit")
NRD2C_REQUIRED = ("indicator_id", "title_th", "title_en", "domain", "topic_th", "topic_en")


@dataclass(frozen=True)
class Catalog:
    """One catalog: its metadata (catalog.toml) and its indicators (indicators.csv)."""

    id: str
    kind: str  # "bmn" or "nrd2c"
    name_th: str
    name_en: str
    first_year: int
    last_year: int
    status: str
    meta: dict[str, Any]
    indicators: pd.DataFrame

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    @property
    def indicator_ids(self) -> list[str]:
        return self.indicators["indicator_id"].tolist()

    @property
    def income_indicator(self) -> str | None:
        return self.meta.get("income_indicator")

    def indicator(self, indicator_id: str) -> pd.Series:
        rows = self.indicators[self.indicators["indicator_id"] == indicator_id]
        if rows.empty:
            raise KeyError(f"{indicator_id} is not in catalog {self.id}")
        return rows.iloc[0]


def _read_indicators(folder: str) -> pd.DataFrame:
    frame = pd.read_csv(CATALOG_DIR / folder / "indicators.csv", dtype=str, keep_default_na=False)
    if "default_target" in frame:
        default = float(settings()["targets"]["default_pct_pass"])
        frame["default_target"] = pd.to_numeric(frame["default_target"], errors="coerce").astype(float).fillna(default)
    return frame


@cache
def load_catalog(catalog_id: str) -> Catalog:
    meta = read_toml(CATALOG_DIR / catalog_id / "catalog.toml")
    if meta.get("kind") == VILLAGE:  # a village data set declares its indicators in the TOML itself
        from analysis.village_catalog import village_catalog

        return village_catalog(meta)
    return Catalog(
        id=meta["id"],
        kind=meta["kind"],
        name_th=meta["name_th"],
        name_en=meta["name_en"],
        first_year=int(meta["first_year"]),
        last_year=int(meta["last_year"]),
        status=meta["status"],
        meta=meta,
        indicators=_read_indicators(catalog_id),
    )


def catalog_name(catalog_id: str | None, lang: str = "th") -> str:
    """A catalog's name for people ("จปฐ. ปี 2566–2570"), never its id; the id when unknown."""
    if not catalog_id or catalog_id not in catalog_ids():
        return str(catalog_id or "")
    catalog = load_catalog(catalog_id)
    return catalog.name_th if lang == "th" else catalog.name_en


def catalog_names(catalog_id: str | None) -> dict[str, str]:
    """A catalog's name in Thai and in English (a report's detail that reads in either language)."""
    return {lang: catalog_name(catalog_id, lang) for lang in ("th", "en")}


def catalogs(kind: str | None = None) -> list[Catalog]:
    found = [load_catalog(catalog_id) for catalog_id in catalog_ids()]
    return [c for c in found if kind is None or c.kind == kind]


def village_catalog_ids() -> list[str]:
    """The catalogs of other village data sets (kind "village"): their rows are read only when asked."""
    return [c.id for c in catalogs(VILLAGE)]


def main_catalog(catalog_ids: list[str]) -> str | None:
    """The catalog a page shows first among a year's: จปฐ. (bmn) before any village data set."""
    ids = [c for c in dict.fromkeys(catalog_ids) if c]
    ranked = sorted(ids, key=lambda c: (c not in catalog_ids() or load_catalog(c).kind != "bmn", c))
    return ranked[0] if ranked else None


def catalog_for_year(kind: str, year: int) -> Catalog | None:
    """The catalog of ``kind`` whose years cover ``year``; None when no catalog does."""
    matching = [c for c in catalogs(kind) if c.covers(year)]
    return matching[-1] if matching else None


@lru_cache(maxsize=1)
def domains() -> pd.DataFrame:
    """The five domains, in their display order. One row per domain."""
    frame = pd.read_csv(DATA_DIR / "domains.csv", dtype={"order": int})
    return frame.sort_values("order").reset_index(drop=True)


def domain_ids() -> list[str]:
    return domains()["domain_id"].tolist()


def domain_name(domain_id: str, lang: str = "th") -> str:
    row = domains().set_index("domain_id").loc[domain_id]
    return str(row[f"name_{lang}"])


@cache
def class_rule(catalog_id: str) -> list[dict[str, Any]]:
    """The กชช.2ค village class rule of a catalog: ordered classes with their conditions."""
    return list(read_toml(CATALOG_DIR / catalog_id / "class_rule.toml")["classes"])


def income_line_for(catalog: Catalog) -> dict[str, Any]:
    """The income line used by ``catalog``'s income indicator, with its status."""
    return income_line(catalog.id)


def all_indicator_titles() -> pd.DataFrame:
    """Titles of every indicator of every catalog. One row per catalog × indicator."""
    frames = []
    for catalog in catalogs():
        cols = ["indicator_id", "title_th", "title_en", "domain"]
        frame = catalog.indicators[cols].copy()
        frame.insert(0, "catalog_id", catalog.id)
        frame["unit"] = catalog.indicators["unit"] if "unit" in catalog.indicators else "village"
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


@cache
def problem_phrases() -> pd.DataFrame:
    """Each indicator's short problem phrase, on the failing side ("ยังมีคนในครัวเรือนสูบบุหรี่" for
    "คนในครัวเรือนไม่สูบบุหรี่"), declared in each catalog's problems.csv: what a ranked-problem
    sentence names, so the target is never read as the problem. One row per catalog × indicator;
    an indicator without a phrase falls back to its title (tests require one for every indicator)."""
    frames = []
    for catalog in catalogs():
        path = CATALOG_DIR / catalog.id / "problems.csv"
        declared = (
            pd.read_csv(path, dtype=str, keep_default_na=False)
            if path.exists()
            else pd.DataFrame(columns=["indicator_id", "problem_th", "problem_en"])
        )
        frame = catalog.indicators[["indicator_id", "title_th", "title_en"]].merge(
            declared, on="indicator_id", how="left"
        )
        for lang in ("th", "en"):
            column = f"problem_{lang}"
            frame[column] = frame[column].where(frame[column].fillna("").str.strip() != "", frame[f"title_{lang}"])
        frame.insert(0, "catalog_id", catalog.id)
        frames.append(frame[["catalog_id", "indicator_id", "problem_th", "problem_en"]])
    return pd.concat(frames, ignore_index=True)


def with_problems(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows keyed by catalog and indicator, with problem_th and problem_en."""
    return frame.merge(problem_phrases(), on=["catalog_id", "indicator_id"], how="left")
