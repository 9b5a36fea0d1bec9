"""Groups of similar areas (k-means on % failing per domain, in plain Thai) and each village's
กชช.2ค development class — the lower part of the Compare page."""

from __future__ import annotations

import streamlit as st
from analysis.typology import MAX_GROUPS

from dashboard import data_access
from dashboard.charts import typology_profile_chart
from dashboard.i18n import t
from dashboard.page_head import PageArea
from dashboard.table_view import show_table
from dashboard.tables import village_class_table


def groups(parent: str, year: int, level: str, page: PageArea) -> None:
    """Areas grouped by how alike their problems are; the number of groups automatic or chosen
    (inside the panel that names it: k-means over 2–6 groups is run only when it is opened)."""
    choices = [None, *range(2, MAX_GROUPS + 1)]
    labels = {k: t("compare.typology_auto") if k is None else t("compare_more.groups_n", k=k) for k in choices}
    choice = st.selectbox(
        t("compare.typology_k"),
        choices,
        key="typology_k",
        format_func=labels.get,
        placeholder=labels[None],  # a None choice is shown as the placeholder
    )
    with st.spinner(t("compare_more.grouping")):
        typology = data_access.typology(parent, year, choice, page.lang, level)
    if typology is None:
        st.info(t("compare.typology_too_few"))
        return
    st.caption(t("compare.typology_caption", k=typology.k))
    st.plotly_chart(typology_profile_chart(typology.groups, page.lang), key="typology_chart")
    descriptions = typology.groups.set_index("group")["description"]
    members = typology.villages
    table = members.assign(
        name=members["area_code"].map(page.names(members["area_code"])),
        description=members["group"].map(descriptions),
    ).sort_values(["group", "area_code"])[["group", "name", "description"]]  # หมู่ที่ 2 before หมู่ที่ 10
    columns = {"group": t("compare.group"), "name": t("compare.area"), "description": t("compare.description")}
    show_table(table.rename(columns=columns), "typology_table", pinned=0, height=min(36 * len(table) + 40, 480))


def village_classes(parent: str, page: PageArea) -> None:
    """Each village's development class by the กชช.2ค class rule (latest survey)."""
    classes = data_access.village_classes(parent)
    if classes.empty:
        return
    st.subheader(t("compare.classes", year=int(classes["year"].iloc[0])))
    table = village_class_table(classes, page.register, page.lang)
    show_table(table, "village_classes", pinned=1, height=min(36 * len(table) + 40, 480))
    st.caption(t("compare.classes_note"))
