"""เปรียบเทียบพื้นที่ — heat map, a chart per domain, change since a base year, village groups."""

import streamlit as st

from analysis.area_tables import indicator_catalog_table
from analysis.comparison import previous_year
from analysis.typology import MAX_GROUPS
from dashboard import data_access
from dashboard.charts import domain_comparison_chart, heatmap_chart, typology_profile_chart
from dashboard.i18n import t
from dashboard.state import lang, selected_area
from dashboard.tables import comparison_detail, comparison_table, village_class_table
from dashboard.widgets import download_buttons

area = selected_area()
if area is None:
    st.title(t("nav.compare"))
    st.info(t("app.no_data"))
    st.stop()

language = lang()
register = data_access.register()
parent = area if len(area) < 8 else area[:6]
parent_name = register.display_name(parent, language)
st.title(f"{t('compare.title')} {parent_name}")
if parent != area:
    st.caption(t("compare.village_note"))

years = data_access.years(parent)
if not years:
    st.info(t("overview.no_area_data"))
    st.stop()
left, right = st.columns(2)
if st.session_state.get("compare_year") not in years:
    st.session_state["compare_year"] = years[-1]
year = left.segmented_control(t("overview.year"), years, key="compare_year", required=True)
base_options = [None, *[y for y in years if y < year]]
if "compare_base" not in st.session_state or st.session_state["compare_base"] not in base_options:
    st.session_state["compare_base"] = previous_year(years, year)
base_year = right.selectbox(
    t("compare.base_year"),
    base_options,
    key="compare_base",
    format_func=lambda y: t("compare.no_base") if y is None else str(y),
)

comparison = data_access.comparison(parent, year, base_year)
if comparison is None:
    st.info(t("compare.no_children"))
    st.stop()
if comparison.change_refused:
    st.warning(comparison.change_refused)
elif base_year is not None and comparison.indicators.get("cross_cycle", False).any():
    st.info(t("compare.cross_cycle", base=base_year))

names = {code: register.display_name(code, language) for code in comparison.indicators["area_code"].unique()}
titles = indicator_catalog_table()
titles = dict(
    zip(
        titles[titles["catalog_id"] == comparison.catalog_id]["indicator_id"],
        titles[titles["catalog_id"] == comparison.catalog_id][f"title_{language}"],
        strict=True,
    )
)
demo_note = t("app.demo_badge") if data_access.is_demo() else None
st.plotly_chart(heatmap_chart(comparison.matrix(), names, titles, language, demo_note), key="heatmap")

st.subheader(t("compare.by_domain"))
target_fail = 100 - float(comparison.indicators["target"].min())
parent_domains = comparison.parent_domains.set_index("domain")["pct_fail"]
st.caption(t("compare.target_line", target=f"{target_fail:g}", parent=parent_name))
columns = st.columns(2)
for index, domain in enumerate(d for d in comparison.domains["domain"].unique()):
    figure = domain_comparison_chart(
        comparison.domains, parent_domains.get(domain), target_fail, domain, names, language
    )
    columns[index % 2].plotly_chart(figure, key=f"domain_{domain}")

st.subheader(t("compare.table"))
table = comparison_table(comparison.summary(), names, language)
st.dataframe(table, hide_index=True, key="comparison_table", height=36 * (len(table) + 1) + 4)
if base_year is not None:
    st.caption(t("compare.change_legend", base=base_year))
download_buttons(
    comparison_detail(comparison.indicators, names, language),
    f"compare_{parent}_{year}",
    sheet=str(year),
    key="compare_download",
    notes=[f"{parent_name} · {year}"],
)

st.subheader(t("compare.typology"))
choice = st.selectbox(
    t("compare.typology_k"),
    [None, *range(2, MAX_GROUPS + 1)],
    key="typology_k",
    format_func=lambda k: t("compare.typology_auto") if k is None else str(k),
)
typology = data_access.typology(parent, year, choice, language)
if typology is None:
    st.info(t("compare.typology_too_few"))
else:
    scores = ", ".join(f"k={k}: {v:.2f}" for k, v in typology.silhouettes.items())
    st.caption(t("compare.typology_caption", k=typology.k, scores=scores))
    st.plotly_chart(typology_profile_chart(typology.groups, language), key="typology_chart")
    groups = typology.groups.set_index("group")["description"]
    members = typology.villages.assign(
        name=typology.villages["area_code"].map(lambda c: register.display_name(c, language)),
        description=typology.villages["group"].map(groups),
    )
    st.dataframe(
        members[["group", "name", "description"]].rename(
            columns={"group": t("compare.group"), "name": t("compare.area"), "description": t("compare.description")}
        ),
        hide_index=True,
        key="typology_table",
    )

classes = data_access.village_classes(parent)
if not classes.empty:
    st.subheader(t("compare.classes", year=int(classes["year"].iloc[0])))
    st.dataframe(village_class_table(classes, register, language), hide_index=True, key="village_classes")
    st.caption(t("compare.classes_note"))
