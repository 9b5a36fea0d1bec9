"""The collection administration tables as the Data-check page shows them: Thai (or English)
headers with units, words instead of ids, dates as Thai dates. Pure functions of the gathered
CollectionAdmin (analysis/collection/views.py) and the area names."""

from __future__ import annotations

import pandas as pd

from analysis.checks.certify import status_label
from analysis.collection.records import section
from analysis.collection.views import CollectionAdmin
from analysis.i18n import translate
from analysis.thaidate import fmt_date_th


def _h(field: str, lang: str) -> str:
    return translate(f"collection.col.{field}", lang)


def _named(codes: pd.Series, names: dict[str, str]) -> pd.Series:
    return codes.map(lambda c: f"{names.get(c, c)} ({c})")


def needs_table(admin: CollectionAdmin, names: dict[str, str], lang: str, short_only: bool = False) -> pd.DataFrame:
    """Households, volunteers, the rule's number and the shortfall per village (``short_only``: the
    villages short of volunteers, without the households' source, to fit beside the warning)."""
    needs = admin.short if short_only else admin.needs
    frame = pd.DataFrame(
        {
            _h("village", lang): _named(needs["village_code"], names),
            _h("households", lang): needs["households"].astype(int),
            _h("volunteers", lang): needs["volunteers"].astype(int),
            _h("needed", lang): needs["needed"].astype(int),
            _h("short", lang): needs["short"].astype(int),
        }
    )
    if not short_only:
        frame[_h("source", lang)] = needs["source"].map(lambda s: translate(f"collection.col.source_{s}", lang))
    return frame


def orders_table(admin: CollectionAdmin, names: dict[str, str], lang: str) -> pd.DataFrame:
    orders, positions = admin.orders, section("orders")["positions"]
    frame = pd.DataFrame(
        {
            _h("order_no", lang): orders["order_no"],
            _h("order_date", lang): orders["order_date"].map(lambda d: fmt_date_th(d, lang)),
            _h("level", lang): orders["level"].map(lambda v: translate(f"collection.level.{v}", lang)),
            _h("area", lang): _named(orders["area_code"], names),
        }
    )
    for position in positions:
        label = translate(
            "collection.col.members_of", lang, position=translate(f"collection.position.{position}", lang)
        )
        frame[label] = orders["members"].map(lambda m, p=position: int(m.get(p, 0))).astype(int)
    return frame


def villages_table(admin: CollectionAdmin, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Per village: the order covering it, the checking team's visits and the last one."""
    villages = admin.villages
    return pd.DataFrame(
        {
            _h("village", lang): _named(villages["village_code"], names),
            _h("order_cover", lang): villages["order_no"],
            _h("visits", lang): villages["visits"].astype(int),
            _h("last_visit", lang): villages["last_visit"].map(lambda d: fmt_date_th(d if pd.notna(d) else None, lang)),
        }
    )


def visits_table(admin: CollectionAdmin, names: dict[str, str], lang: str) -> pd.DataFrame:
    visits = admin.visits
    return pd.DataFrame(
        {
            _h("village", lang): _named(visits["village_code"], names),
            _h("visit_date", lang): visits["visit_date"].map(lambda d: fmt_date_th(d, lang)),
            _h("findings", lang): visits["findings"].astype(int),
        }
    )


def corrections_table(admin: CollectionAdmin, names: dict[str, str], lang: str) -> pd.DataFrame:
    states = admin.corrections
    return pd.DataFrame(
        {
            _h("village", lang): _named(states["village_code"], names),
            _h("returned_on", lang): states["returned_on"].map(lambda d: fmt_date_th(d, lang)),
            _h("due_date", lang): states["due_date"].map(lambda d: fmt_date_th(d, lang)),
            _h("status", lang): states["status"].map(lambda s: status_label(s, lang)),
            _h("days_overdue", lang): states["days_overdue"].astype(int),
        }
    )


def lao_table(admin: CollectionAdmin, lang: str) -> pd.DataFrame:
    lao = admin.lao
    return pd.DataFrame(
        {
            _h("lao_code", lang): lao["lao_code"],
            _h("lao_name", lang): lao["lao_name"].where(lao["lao_code"] != "", _h("unmapped", lang)),
            _h("village_count", lang): lao["villages"].astype(int),
            _h("households_surveyed", lang): lao["households"].astype(int),
            _h("people", lang): lao["people"].astype(int),
        }
    )


def lao_indicator_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """% failing of each indicator (rows) per อปท. (columns), from views.lao_area_rows."""
    if rows.empty:
        return pd.DataFrame()
    named = rows.assign(lao=rows["lao_name"].where(rows["lao_code"] != "", _h("unmapped", lang)))
    table = named.pivot_table(index="indicator_id", columns="lao", values="pct_fail", aggfunc="first", sort=False)
    table.columns = [f"{c} (%)" for c in table.columns]
    table.index = [translate("collection.col.indicator", lang, id=i) for i in table.index]
    return table.round(1)
