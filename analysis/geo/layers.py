"""The value of each map unit for a map layer: an indicator, a domain, the MPI or a กชช.2ค indicator.

layer_values: one row per area (at the map's level, under its scope) with the value, its text and
the numbers shown in the tooltip — the same numbers the pages and exports show.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.catalogs import domain_name, load_catalog
from analysis.codes import LEVEL_LENGTH
from analysis.formatting import fmt_int, fmt_number, fmt_pct
from analysis.frames import area_mpi
from analysis.i18n import translate
from analysis.measures import nrd2c_shares
from analysis.mpi import DEFAULT_K, decompose
from analysis.store import Workspace

KINDS = ("indicator", "domain", "mpi", "nrd2c")
VALUE_COLUMNS = ["area_code", "value", "value_text", "detail"]


class LayerError(ValueError):
    pass


@dataclass(frozen=True)
class LayerSpec:
    kind: str
    key: str | None = None

    @classmethod
    def parse(cls, text: str) -> LayerSpec:
        """ "indicator:29", "domain:income", "mpi", "nrd2c:04"."""
        kind, _, key = text.partition(":")
        if kind not in KINDS or (kind != "mpi" and not key):
            raise LayerError(f"layer must be one of indicator:ID, domain:ID, mpi, nrd2c:ID (got {text!r})")
        return cls(kind, key or None)

    def text(self) -> str:
        return self.kind if self.key is None else f"{self.kind}:{self.key}"


def layer_title(spec: LayerSpec, catalog_id: str | None, lang: str = "th", level: str = "tambon") -> str:
    """The map's title (and the legend's): what is coloured, in words."""
    if spec.kind == "indicator":
        title = spec.key
        if catalog_id and spec.key in load_catalog(catalog_id).indicator_ids:
            title = load_catalog(catalog_id).indicator(spec.key)[f"title_{lang}"]
        return translate("map.title_indicator", lang, id=spec.key, title=title)
    if spec.kind == "domain":
        return translate("map.title_domain", lang, domain=domain_name(spec.key, lang))
    if spec.kind == "mpi":
        return translate("map.title_mpi", lang)
    catalog = load_catalog(catalog_id or "nrd2c_2566_2570")
    title = catalog.indicator(spec.key)[f"title_{lang}"] if spec.key in catalog.indicator_ids else spec.key
    key = "map.title_nrd2c" if level == "village" else "map.title_nrd2c_share"
    return translate(key, lang, title=title)


def layer_values(
    workspace: Workspace, scope: str, level: str, spec: LayerSpec, year: int, k: float = DEFAULT_K, lang: str = "th"
) -> tuple[pd.DataFrame, str | None]:
    """(values per area at ``level`` under ``scope``, catalog id). Empty when there is no data."""
    where = "level = ? AND year = ? AND starts_with(area_code, ?)"
    params = [level, int(year), scope]
    if spec.kind == "indicator":
        rows = workspace.read("area_indicator", where + " AND indicator_id = ?", [*params, spec.key])
        unit = rows["count_unit"].map(lambda u: translate(f"unit.{u}", lang))
        detail = [
            translate("map.detail_counts", lang, fail=fmt_int(f), applicable=fmt_int(a), unit=u)
            for f, a, u in zip(rows["fail"], rows["applicable"], unit, strict=True)
        ]
        frame = pd.DataFrame(
            {
                "area_code": rows["area_code"],
                "value": rows["pct_fail"],
                "value_text": rows["pct_fail"].map(fmt_pct),
                "detail": detail,
            }
        )
        return frame, (str(rows["catalog_id"].iloc[0]) if len(rows) else None)
    if spec.kind == "domain":
        rows = workspace.read("area_domain", where + " AND domain = ?", [*params, spec.key])
        detail = [
            translate(
                "map.detail_counts", lang, fail=fmt_int(f), applicable=fmt_int(a), unit=translate("map.units", lang)
            )
            for f, a in zip(rows["fail"], rows["applicable"], strict=True)
        ]
        frame = pd.DataFrame(
            {
                "area_code": rows["area_code"],
                "value": rows["pct_fail"],
                "value_text": rows["pct_fail"].map(fmt_pct),
                "detail": detail,
            }
        )
        return frame, (str(rows["catalog_id"].iloc[0]) if len(rows) else None)
    if spec.kind == "mpi":
        result = area_mpi(workspace, scope, year, k)
        if result is None:
            return pd.DataFrame(columns=VALUE_COLUMNS), None
        parts = decompose(result, LEVEL_LENGTH[level])
        detail = [
            translate("map.detail_mpi", lang, h=fmt_pct(100 * h), a=fmt_pct(100 * a), n=fmt_int(n))
            for h, a, n in zip(parts["H"], parts["A"], parts["n"], strict=True)
        ]
        frame = pd.DataFrame(
            {
                "area_code": parts["area_code"],
                "value": parts["MPI"],
                "value_text": parts["MPI"].map(lambda v: fmt_number(v, 3)),
                "detail": detail,
            }
        )
        return frame, result.catalog_id
    if level == "village":
        rows = workspace.read(
            "nrd2c_village",
            "year = ? AND indicator_id = ? AND starts_with(village_code, ?)",
            [int(year), spec.key, scope],
        )
        frame = pd.DataFrame(
            {
                "area_code": rows["village_code"],
                "value": rows["level"].astype("float64"),
                "value_text": rows["level"].map(
                    lambda v: translate(f"map.level_{int(v)}", lang) if pd.notna(v) else "–"
                ),
                "detail": "",
            }
        )
        return frame, (str(rows["catalog_id"].iloc[0]) if len(rows) else None)
    rows = nrd2c_shares(workspace.read("nrd2c_area_indicator", where + " AND indicator_id = ?", [*params, spec.key]))
    detail = [
        translate("map.detail_levels", lang, l1=fmt_int(a), l2=fmt_int(b), l3=fmt_int(c))
        for a, b, c in zip(rows["level_1"], rows["level_2"], rows["level_3"], strict=True)
    ]
    frame = pd.DataFrame(
        {
            "area_code": rows["area_code"],
            "value": rows["pct_level_1"],
            "value_text": rows["pct_level_1"].map(fmt_pct),
            "detail": detail,
        }
    )
    return frame, (str(rows["catalog_id"].iloc[0]) if len(rows) else None)
