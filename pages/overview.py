"""ภาพรวมพื้นที่ — households, people, villages, pass % per domain, worst 5, all indicators."""

import streamlit as st

from analysis.catalogs import load_catalog
from analysis.formatting import fmt_int
from dashboard import data_access
from dashboard.charts import domain_pass_chart, worst_indicators_chart
from dashboard.i18n import t
from dashboard.state import lang, selected_area
from dashboard.tables import indicator_table
from dashboard.widgets import download_buttons

area = selected_area()
if area is None:
    st.title(t("overview.title"))
    st.info(t("app.no_data"))
    st.stop()

language = lang()
register = data_access.register()
st.title(f"{t('overview.title')}: {register.display_name(area, language)}")
if len(area) > 2:
    parents = [register.display_name(area[:n], language) for n in (6, 4, 2) if n < len(area)]
    st.caption(" › ".join(parents))

years = data_access.years(area)
if not years:
    st.info(t("overview.no_area_data"))
    st.stop()
if st.session_state.get("overview_year") not in years:
    st.session_state["overview_year"] = years[-1]
year = st.segmented_control(t("overview.year"), years, key="overview_year", required=True)
overview = data_access.overview(area, year)
if overview is None:
    st.info(t("overview.no_year_data"))
    st.stop()

catalog = load_catalog(overview.catalog_id)
demo_note = t("app.demo_badge") if data_access.is_demo() else None
cols = st.columns(4)
cols[0].metric(
    t("overview.households"),
    fmt_int(overview.households) if overview.households is not None else t("overview.not_given"),
)
cols[1].metric(
    t("overview.people"), fmt_int(overview.people) if overview.people is not None else t("overview.not_given")
)
cols[2].metric(t("overview.villages"), fmt_int(overview.villages))
cols[3].metric(
    t("overview.catalog"),
    f"{catalog.first_year}–{catalog.last_year}",
    help=catalog.name_th if language == "th" else catalog.name_en,
)

left, right = st.columns(2)
target = float(catalog.indicators["default_target"].min())
left.plotly_chart(domain_pass_chart(overview.domains, language, target=target, note=demo_note), key="domain_chart")
right.plotly_chart(worst_indicators_chart(overview.worst, language, note=demo_note), key="worst_chart")

st.subheader(t("overview.table"))
shown = indicator_table(overview.indicators, language)
st.dataframe(
    shown,
    hide_index=True,
    key="indicator_table",
    height=36 * (len(shown) + 1) + 4,
    column_config={
        t("col.pct_fail"): st.column_config.ProgressColumn(format="%.1f%%", min_value=0, max_value=100, width="small"),
        t("col.pct_pass"): st.column_config.NumberColumn(format="%.1f%%", width="small"),
        t("col.indicator_id"): st.column_config.TextColumn(width=40),
        t("col.indicator"): st.column_config.TextColumn(width="large"),
        t("col.domain"): st.column_config.TextColumn(width="small"),
        t("col.count_unit"): st.column_config.TextColumn(width="small"),
        t("col.target"): st.column_config.NumberColumn(format="%g%%", width="small"),
        t("col.applicable"): st.column_config.NumberColumn(format="localized", width="small"),
        t("col.pass"): st.column_config.NumberColumn(format="localized", width="small"),
        t("col.fail"): st.column_config.NumberColumn(format="localized", width="small"),
    },
)
download_buttons(
    shown,
    f"overview_{area}_{year}",
    sheet=str(year),
    key="overview_download",
    notes=[f"{register.display_name(area, language)} · {t('overview.year')} {year}"],
)

line = overview.income_line
st.caption(
    t("overview.settings_used", line=fmt_int(line["value"]), status=t(f"status.{line['status']}"), target=f"{target:g}")
)
st.caption(
    t("overview.household_counting") if overview.count_units == {"household"} else t("overview.aggregate_counting")
)
if catalog.status != "confirmed":
    st.caption(f"⚠️ {t('overview.catalog_unconfirmed')}")
