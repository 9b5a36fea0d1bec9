"""ตารางจัดลำดับความสำคัญของปัญหา — score the candidate problems, save the agreed order, reopen it."""

from datetime import date

import streamlit as st

from analysis.config import settings
from analysis.formatting import fmt_datetime_th
from analysis.mpi import DEFAULT_K
from analysis.plans.exports import matrix_xlsx
from analysis.plans.matrix import score
from analysis.plans.models import METHODS
from analysis.plans.prefill import matrix_items_from_ranking
from analysis.plans.records import MatrixRecord
from analysis.plans.service import ConflictError
from analysis.plans.validation import PlanValidationError
from analysis.ranking import RankingUnavailable
from dashboard import data_access, plan_ui
from dashboard.i18n import t
from dashboard.state import actor, lang, plan_problem, selected_area
from dashboard.widgets import XLSX_MIME, download

SCALES = {"1–4": (1, 4), "0–4": (0, 4), "1–5": (1, 5)}
area = selected_area()
st.title(t("matrix.page_title"))
if area is None:
    st.info(t("app.no_data"))
    st.stop()
language = lang()
register = data_access.register()
area_name = register.display_name(area, language)
st.caption(area_name)
store = data_access.plan_store()

saved = [m for m in store.matrices(area) if m.area_code == area]
if "matrix_open_next" in st.session_state:  # set by a save: reopen what was saved
    st.session_state["matrix_open"] = st.session_state.pop("matrix_open_next")
choice = st.selectbox(
    t("matrix.open"),
    [None, *[m.id for m in saved]],
    key="matrix_open",
    format_func=lambda i: t("matrix.new") if i is None else plan_ui.matrix_label(store.matrix(i)),
)
if choice is not None:
    base = store.matrix(choice)
    st.caption(t("matrix.saved_by", who=base.updated_by, when=fmt_datetime_th(base.updated_at), version=base.version))
    year = base.survey_year
else:
    years = data_access.years(area)
    if not years:
        st.info(t("matrix.no_data"))
        st.stop()
    if st.session_state.get("matrix_year") not in years:
        st.session_state["matrix_year"] = years[-1]
    year = st.segmented_control(t("overview.year"), years, key="matrix_year", required=True)
    try:
        ranking = data_access.ranking(area, year, "pct_fail", DEFAULT_K, language)
    except RankingUnavailable:
        st.info(t("matrix.no_data"))
        st.stop()
    overall = ranking.scope("all")
    titles = dict(zip(overall["indicator_id"], overall[f"title_{language}"], strict=True))
    candidates = st.multiselect(
        t("matrix.candidates"),
        list(titles),
        default=list(titles)[:5],
        key="matrix_candidates",
        format_func=lambda i: f"{i}. {titles[i]}",
    )
    config = settings()["matrix"]
    cols = st.columns(2)
    scale_label = cols[0].selectbox(t("matrix.scale"), list(SCALES), key="matrix_scale")
    method = cols[1].radio(
        t("matrix.method"),
        METHODS,
        key="matrix_method",
        horizontal=True,
        index=METHODS.index(config["method"]),
        format_func=lambda m: t(f"plans.method.{m}"),
    )
    low, high = SCALES[scale_label]
    base = MatrixRecord(
        area_code=area,
        survey_year=year,
        title=t("matrix.default_name", area=area_name, year=year),
        scale_min=low,
        scale_max=high,
        method=method,
        items=matrix_items_from_ranking(ranking, candidates, low, high, language),
    )

if not base.items:
    st.stop()
st.caption(plan_ui.size_help(base.scale_min, base.scale_max))
manual = st.checkbox(t("matrix.manual"), key="matrix_manual")
editor_key = f"matrix_editor_{choice or 'new'}_{'-'.join(i.indicator_id or i.title for i in base.items)}_{base.scale_min}{base.scale_max}"
items = plan_ui.matrix_editor(score(base, manual_order=True), manual, editor_key)
current = MatrixRecord(**{**base.__dict__, "items": items})
try:
    scored = score(MatrixRecord(**{**current.__dict__, "items": [type(i)(**i.__dict__) for i in items]}), manual)
    st.dataframe(plan_ui.matrix_result_table(scored), hide_index=True, key="matrix_result")
except TypeError:
    scored = None  # a score cell is empty; the save below reports it

with st.form("matrix_meta"):
    name = st.text_input(t("matrix.name"), value=base.title, key=f"matrix_name_{choice}")
    meeting = st.date_input(
        t("matrix.meeting_date"), value=base.meeting_date or date.today(), key=f"matrix_date_{choice}"
    )
    participants = st.text_area(t("matrix.participants"), value=base.participants, key=f"matrix_participants_{choice}")
    notes = st.text_area(t("matrix.notes"), value=base.notes, key=f"matrix_notes_{choice}")
    submitted = st.form_submit_button(t("matrix.save"), type="primary")
if submitted:
    record = MatrixRecord(
        **{**current.__dict__, "title": name, "meeting_date": meeting, "participants": participants, "notes": notes}
    )
    try:
        result = store.save_matrix(record, actor(), manual_order=manual)
    except ConflictError as error:
        st.error(error.message_th if language == "th" else error.message_en)
    except PlanValidationError as error:
        for message in error.messages(language):
            st.error(message)
    else:
        st.session_state["matrix_open_next"] = result.id
        st.session_state["matrix_saved"] = result.version
        st.rerun()
if version := st.session_state.pop("matrix_saved", None):
    st.success(t("matrix.saved", version=version))

if scored is not None:
    demo = t("app.demo_note") if base.is_demo else None
    download(
        st,
        t("matrix.download"),
        lambda: matrix_xlsx(scored, area_name, language, demo),
        f"matrix_{area}_{year}.xlsx",
        XLSX_MIME,
        "matrix_download",
        stretch=False,
    )
    ranked = [i for i in scored.items if i.indicator_id]
    if ranked:
        cols = st.columns([3, 1])
        pick = cols[0].selectbox(
            t("matrix.to_project"),
            range(len(ranked)),
            key="matrix_to_project_pick",
            format_func=lambda n: f"{ranked[n].agreed_rank}. {ranked[n].title}",
        )
        if cols[1].button(t("rank.plan_button"), key="matrix_to_project"):
            plan_problem(area, year, ranked[pick].indicator_id)
            st.switch_page("../pages/project.py")
