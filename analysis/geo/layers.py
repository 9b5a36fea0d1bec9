"""The value of each map unit for a map layer: an indicator, a domain, the MPI or a กชช.2ค indicator.

Each *_layer function turns area rows into one row per area (at the map's level, under its scope)
with the value, its text and the numbers shown in the tooltip — the same numbers the pages and
exports show. Pure; analysis.views.layer_values reads the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.catalogs import domain_name, load_catalog
from analysis.checks.config import status_colours, statuses
from analysis.checks.config import statuses as declared
from analysis.codes import LEVEL_LENGTH
from analysis.formatting import fmt_int, fmt_number, fmt_pct
from analysis.i18n import translate
from analysis.measures import nrd2c_shares, share_pct
from analysis.mpi import MPIResult, decompose
from analysis.public import count_text, counts_rows, mpi_rows, numbers

KINDS = ("indicator", "domain", "mpi", "nrd2c", "certification")
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
    if spec.kind == "certification":  # analysis.checks: the key is only a cache token
        return translate("checks.map.title" if level == "village" else "checks.map.title_share", lang)
    catalog = load_catalog(catalog_id or "nrd2c_2566_2570")
    title = catalog.indicator(spec.key)[f"title_{lang}"] if spec.key in catalog.indicator_ids else spec.key
    key = "map.title_nrd2c" if level == "village" else "map.title_nrd2c_share"
    return translate(key, lang, title=title)


def _counts_detail(rows: pd.DataFrame, units: pd.Series, lang: str) -> list[str]:
    """ "ไม่ผ่าน 12 จาก 150 ครัวเรือน" (counts as shown: "< 5" when hidden from the viewer)."""
    return [
        translate("map.detail_counts", lang, fail=count_text(f), applicable=count_text(a), unit=u)
        for f, a, u in zip(rows["fail"], rows["applicable"], units, strict=True)
    ]


def _shares(rows: pd.DataFrame, details: list[str], lang: str = "th") -> pd.DataFrame:
    """One row per area; a share hidden from the viewer has no value (drawn as "no data") and says so."""
    values = numbers(rows["pct_fail"])
    hidden = translate("public.hidden_value", lang)
    return pd.DataFrame(
        {
            "area_code": rows["area_code"],
            "value": values,
            "value_text": [fmt_pct(v) if v == v else hidden for v in values],
            "detail": details,
        }
    )


def _catalog(rows: pd.DataFrame) -> str | None:
    return str(rows["catalog_id"].iloc[0]) if len(rows) else None


def indicator_layer(rows: pd.DataFrame, lang: str = "th", private: bool = False) -> tuple[pd.DataFrame, str | None]:
    """Area × indicator rows of one indicator → % failing per area (``private``: small counts as
    "< 5" and their shares hidden, analysis.public)."""
    shown = counts_rows(rows, private, lang)
    units = rows["count_unit"].map(lambda u: translate(f"unit.{u}", lang))
    return _shares(shown, _counts_detail(shown, units, lang), lang), _catalog(rows)


def domain_layer(rows: pd.DataFrame, lang: str = "th", private: bool = False) -> tuple[pd.DataFrame, str | None]:
    """Area × domain rows of one domain → % failing over its applicable units per area."""
    shown = counts_rows(rows, private, lang)
    units = pd.Series(translate("map.units", lang), index=rows.index)
    return _shares(shown, _counts_detail(shown, units, lang), lang), _catalog(rows)


def mpi_layer(
    result: MPIResult | None, level: str, lang: str = "th", private: bool = False
) -> tuple[pd.DataFrame, str | None]:
    """An area's MPI decomposed over the map's units (they add up to the area's MPI)."""
    if result is None:
        return pd.DataFrame(columns=VALUE_COLUMNS), None
    parts = mpi_rows(decompose(result, LEVEL_LENGTH[level]), private, lang)
    h, a, values = (numbers(parts[c]) for c in ("H", "A", "MPI"))
    detail = [
        translate("map.detail_mpi", lang, h=fmt_pct(100 * x), a=fmt_pct(100 * y), n=count_text(n))
        for x, y, n in zip(h, a, parts["n"], strict=True)
    ]
    hidden = translate("public.hidden_value", lang)
    frame = pd.DataFrame(
        {
            "area_code": parts["area_code"],
            "value": values,
            "value_text": [fmt_number(v, 3) if v == v else hidden for v in values],
            "detail": detail,
        }
    )
    return frame, result.catalog_id


def nrd2c_village_layer(rows: pd.DataFrame, lang: str = "th") -> tuple[pd.DataFrame, str | None]:
    """Village × กชช.2ค indicator rows of one indicator → each village's level."""
    frame = pd.DataFrame(
        {
            "area_code": rows["village_code"],
            "value": rows["level"].astype("float64"),
            "value_text": rows["level"].map(lambda v: translate(f"map.level_{int(v)}", lang) if pd.notna(v) else "–"),
            "detail": "",
        }
    )
    return frame, _catalog(rows)


def nrd2c_area_layer(rows: pd.DataFrame, lang: str = "th") -> tuple[pd.DataFrame, str | None]:
    """Area × กชช.2ค indicator rows → share of villages at level 1 per area."""
    rows = nrd2c_shares(rows)
    detail = [
        translate("map.detail_levels", lang, l1=fmt_int(a), l2=fmt_int(b), l3=fmt_int(c))
        for a, b, c in zip(rows["level_1"], rows["level_2"], rows["level_3"], strict=True)
    ]
    return _shares(rows.assign(pct_fail=rows["pct_level_1"]), detail, lang), _catalog(rows)


# ---- certification statuses (journey 6, analysis.checks) -----------------------------------------


def certification_layer(statuses: pd.DataFrame, villages: list[str], level: str, lang: str = "th") -> pd.DataFrame:
    """Village level: each village's certification status (0 not checked … 3 certified, in the
    order of data/checks.toml) and the day of its last change; above: % of villages certified."""
    from analysis.thaidate import fmt_date_th, to_bangkok

    order = declared()
    frame = pd.DataFrame({"village_code": list(villages)}).merge(
        statuses[["village_code", "status", "updated_at"]], on="village_code", how="left"
    )
    frame["status"] = frame["status"].fillna(order[0])
    if level == "village":
        return pd.DataFrame(
            {
                "area_code": frame["village_code"],
                "value": frame["status"].map(order.index).astype("float64"),
                "value_text": frame["status"].map(lambda s: translate(f"checks.status.{s}", lang)),
                "detail": [
                    "" if pd.isna(at) else fmt_date_th(to_bangkok(pd.Timestamp(at).to_pydatetime()).date(), lang)
                    for at in frame["updated_at"]
                ],
            }
        )
    frame["area_code"] = frame["village_code"].str[: LEVEL_LENGTH[level]]
    frame["certified"] = frame["status"] == "certified"
    grouped = frame.groupby("area_code", as_index=False).agg(
        villages=("village_code", "size"), certified=("certified", "sum")
    )
    share = share_pct(grouped["certified"], grouped["villages"])
    detail = [
        translate("checks.map.detail", lang, certified=c, villages=v)
        for c, v in zip(grouped["certified"], grouped["villages"], strict=True)
    ]
    return pd.DataFrame(
        {"area_code": grouped["area_code"], "value": share, "value_text": share.map(fmt_pct), "detail": detail}
    )


def certification_classes(values: pd.DataFrame, level: str, lang: str = "th"):
    """Fixed classes: the statuses (village level), else none / some / most / all villages certified."""
    from analysis.geo.classify import Classes

    colours = status_colours()
    if level == "village":
        names = statuses()
        labels = [translate(f"checks.status.{s}", lang) for s in names]
        index = values["value"].fillna(-1).astype("int64")
        palette = [colours[s] for s in names]
    else:
        labels = [translate(f"checks.map.class_{k}", lang) for k in ("none", "some", "most", "all")]
        share = values["value"]
        index = pd.Series(
            [-1 if pd.isna(v) else (0 if v <= 0 else 1 if v < 50 else 2 if v < 100 else 3) for v in share],
            index=values.index,
            dtype="int64",
        )
        palette = [colours["not_checked"], "#a8dadc", "#52b69a", colours["certified"]]
    counts = [int((index == i).sum()) for i in range(len(labels))]
    return Classes([float(i) for i in range(len(labels))], palette, labels, index, counts)
