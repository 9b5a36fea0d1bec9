"""โครงการ (Logic Model) — a project form pre-filled from a ranked problem; save, revise, delete."""

import streamlit as st

from analysis.catalogs import domain_ids
from analysis.formatting import fmt_datetime_th, fmt_int, fmt_pct
from analysis.plans.models import PLAN_LEVELS, STATUSES
from analysis.plans.prefill_nrd2c import draft_for
from analysis.plans.records import ProjectRecord
from analysis.plans.service import ConflictError, NotFoundError
from analysis.plans.validation import PlanValidationError
from dashboard import data_access, plan_ui
from dashboard.i18n import t
from dashboard.state import DRAFT_KEY, PROJECT_KEY, actor, lang, selected_area

st.title(t("project.title"))
area = selected_area()
if area is None:
    st.info(t("app.no_data"))
    st.stop()
language = lang()
register = data_access.register()
store = data_access.plan_store()

draft = st.session_state.get(DRAFT_KEY)
if "project_next" in st.session_state:  # set by a save or a deletion, before the select is drawn
    st.session_state[PROJECT_KEY] = st.session_state.pop("project_next")
projects = store.projects(area)
NEW = 0  # a selectbox shows None as an empty choice, so "new project" is 0
options = [NEW, *[p.id for p in projects]]
if st.session_state.get(PROJECT_KEY) not in options:
    st.session_state[PROJECT_KEY] = NEW
titles = {p.id: f"#{p.id} {p.title}" + (f" · {t('app.demo_badge')}" if p.is_demo else "") for p in projects}
chosen = st.selectbox(
    t("project.open"),
    options,
    key=PROJECT_KEY,
    format_func=lambda i: (t("project.from_problem") if draft else t("project.new")) if i == NEW else titles[i],
)

if chosen != NEW:
    st.session_state.pop(DRAFT_KEY, None)
    try:
        record = store.project(chosen)
    except NotFoundError:
        st.session_state["project_next"] = NEW
        st.rerun()
    opened = st.session_state.get("project_opened")
    if not opened or opened[0] != chosen:
        opened = st.session_state["project_opened"] = (chosen, record.version)
    st.caption(
        t("project.saved_by", who=record.updated_by, when=fmt_datetime_th(record.updated_at), version=record.version)
    )
    if record.version != opened[1]:
        # someone saved since this form was opened: keep the user's form; saving will be refused
        st.warning(t("project.newer_version", version=record.version, opened=opened[1]))
        if st.button(t("project.reload"), key="project_reload"):
            st.session_state["project_opened"] = (chosen, record.version)
            st.rerun()
        record.version = opened[1]
elif draft:
    record = draft_for(data_access.workspace(), draft, language)
    st.info(
        t(
            "project.prefilled",
            pct=fmt_pct(record.baseline_pct_fail),
            fail=fmt_int(record.baseline_fail),
            applicable=fmt_int(record.baseline_applicable),
            year=record.survey_year,
            villages=len(record.villages),
        )
    )
else:
    record = ProjectRecord(
        area_code=area, plan_level={2: "amphoe", 4: "amphoe", 6: "tambon", 8: "village"}[len(area)], title=""
    )
if record.is_demo:
    st.warning(t("app.demo_note"))

suffix = f"{chosen or 'new'}_{record.version or 0}_{record.indicator_id or ''}_{record.area_code}"
st.caption(f"{t('project.area')}: {register.display_name(record.area_code, language)}")
with st.form(f"project_form_{suffix}"):
    title = st.text_input(t("project.name"), value=record.title, key=f"p_title_{suffix}")
    cols = st.columns(3)
    plan_level = cols[0].selectbox(
        t("project.plan_level"),
        PLAN_LEVELS,
        index=PLAN_LEVELS.index(record.plan_level),
        key=f"p_level_{suffix}",
        format_func=lambda v: t(f"plans.level.{v}"),
    )
    status = cols[1].selectbox(
        t("project.status"),
        STATUSES,
        index=STATUSES.index(record.status),
        key=f"p_status_{suffix}",
        format_func=lambda v: t(f"plans.status.{v}"),
    )
    domain_options = [None, *domain_ids()]
    domain = cols[2].selectbox(
        t("col.domain"),
        domain_options,
        index=domain_options.index(record.domain),
        key=f"p_domain_{suffix}",
        format_func=lambda d: "—" if d is None else data_access.domain_label(d, language),
    )
    texts = {}
    for field in (
        "problem",
        "causes",
        "objective",
        "target_group",
        "inputs",
        "activities",
        "outputs",
        "outcomes",
        "impact",
    ):
        texts[field] = st.text_area(
            t(f"plans.col.{field}"), value=getattr(record, field), key=f"p_{field}_{suffix}", height=80
        )
    cols = st.columns(3)
    agency = cols[0].text_input(
        t("plans.col.responsible_agency"), value=record.responsible_agency, key=f"p_agency_{suffix}"
    )
    start = cols[1].date_input(t("plans.col.start_date"), value=record.start_date, key=f"p_start_{suffix}")
    end = cols[2].date_input(t("plans.col.end_date"), value=record.end_date, key=f"p_end_{suffix}")
    villages = plan_ui.villages_editor(record, f"p_villages_{suffix}")
    st.markdown(f"**{t('project.kpis')}**")
    kpis = plan_ui.kpis_editor(record, f"p_kpis_{suffix}")
    st.markdown(f"**{t('project.budgets')}**")
    budgets = plan_ui.budgets_editor(record, f"p_budgets_{suffix}")
    submitted = st.form_submit_button(t("project.save"), type="primary")

if submitted:
    updated = ProjectRecord(
        **{
            **record.__dict__,
            "title": title,
            "plan_level": plan_level,
            "status": status,
            "domain": domain,
            **texts,
            "responsible_agency": agency,
            "start_date": start,
            "end_date": end,
            "villages": villages,
            "kpis": kpis,
            "budgets": budgets,
        }
    )
    try:
        saved = store.update_project(updated, actor()) if updated.id else store.create_project(updated, actor())
    except ConflictError as error:
        st.error(error.message_th if language == "th" else error.message_en)
    except PlanValidationError as error:
        for message in error.messages(language):
            st.error(message)
    else:
        st.session_state.pop(DRAFT_KEY, None)
        st.session_state["project_next"] = saved.id
        st.session_state["project_opened"] = (saved.id, saved.version)
        st.session_state["project_saved"] = saved.id
        st.rerun()
if saved_id := st.session_state.pop("project_saved", None):
    st.success(t("project.saved", id=saved_id))

if record.id:
    with st.expander(t("project.history")):
        st.dataframe(plan_ui.audit_table(store.audit_log("project", record.id)), hide_index=True, key="project_audit")
    with st.expander(t("project.delete")):
        confirm = st.checkbox(t("data.delete_confirm"), key=f"p_delete_confirm_{suffix}")
        if st.button(t("project.delete"), disabled=not confirm, key="project_delete"):
            try:
                store.delete_project(record.id, record.version, actor())
            except ConflictError as error:
                st.error(error.message_th if language == "th" else error.message_en)
            else:
                st.session_state["project_next"] = NEW
                st.rerun()
