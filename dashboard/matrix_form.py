"""The priority matrix form, with its state: which matrix is open and at which version, the
candidate problems of a new one, the scores given (blank until the group gives them), save.

Scores are entered in one st.form: nothing reruns per cell. The meeting's details sit above the
form (their inputs do not rerun the page either; the date field tidies itself on leaving it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st
from analysis.config import settings
from analysis.mpi import DEFAULT_K
from analysis.plans.matrix import CRITERIA, score
from analysis.plans.models import METHODS
from analysis.plans.prefill import matrix_items_from_ranking
from analysis.plans.records import MatrixRecord
from analysis.plans.validation import validate_matrix
from analysis.privacy import privacy_applies
from analysis.ranking import RankingUnavailable
from analysis.thaidate import fmt_date_th, today_bangkok

from dashboard import data_access
from dashboard.i18n import t
from dashboard.plan_common import REFUSALS, Problem, names, refusal_messages
from dashboard.source_pick import data_source
from dashboard.state import actor, lang
from dashboard.thai_date import date_problem, date_value

SCALES = {"1–4": (1, 4), "0–4": (0, 4), "1–5": (1, 5)}
OPEN_KEY, OPENED_KEY, FLASH_KEY, MANUAL_KEY = "matrix_open", "matrix_opened", "matrix_flash", "matrix_manual"
DETAILS = ("title", "participants", "notes")


@dataclass
class OpenMatrix:
    """The matrix as opened (or set up) and the key prefix of the form's values."""

    base: MatrixRecord
    prefix: str
    area_name: str

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def item_key(self, index: int, name: str) -> str:
        item = self.base.items[index]
        return f"{self.prefix}:{item.indicator_id or f'item{index}'}:{name}"


def label(matrix: MatrixRecord) -> str:
    demo = f" · {t('app.demo_badge')}" if matrix.is_demo else ""
    return f"{matrix.title} ({fmt_date_th(matrix.meeting_date, lang())}){demo}"


def open_matrix(area: str, area_name: str) -> OpenMatrix | None:
    """The saved-matrix select; for a new matrix, its year, candidates, scale and method. None when
    the area has no data to rank."""
    store = data_access.plan_store()
    saved = {m.id: m for m in store.matrices(area) if m.area_code == area}
    if st.session_state.get(OPEN_KEY) not in (None, *saved):
        st.session_state[OPEN_KEY] = None
    labels = {None: t("matrix.new")} | {i: label(m) for i, m in saved.items()}
    choice = st.selectbox(t("matrix.open"), list(labels), key=OPEN_KEY, format_func=labels.get)
    if choice is None:
        return _set_up(area, area_name)
    base = saved[choice]
    opened = st.session_state.get(OPENED_KEY)
    if not opened or opened[0] != choice:
        opened = st.session_state[OPENED_KEY] = (choice, base.version)
    # the version opened is the one saved over: a newer stored version makes the save refused
    return OpenMatrix(replace(base, version=opened[1]), f"mx_{choice}_{opened[1]}", area_name)


def _set_up(area: str, area_name: str) -> OpenMatrix | None:
    years = data_access.years(area)
    if not years:
        st.info(t("matrix.no_data"))
        return None
    if st.session_state.get("matrix_year") not in years:
        st.session_state["matrix_year"] = years[-1]
    year = st.segmented_control(t("overview.year"), years, key="matrix_year", required=True)
    try:
        # the viewer's privacy flag, as the Rank page asks: one cached ranking (it changes the drivers' text only)
        ranking = data_access.ranking(
            area, year, "pct_fail", DEFAULT_K, lang(), privacy_applies(actor(), area), data_source()
        )
    except RankingUnavailable:
        st.info(t("matrix.no_data"))
        return None
    overall = ranking.scope("all")
    titles = dict(zip(overall["indicator_id"], overall[f"title_{lang()}"], strict=True))
    if any(i not in titles for i in st.session_state.get("matrix_candidates", [])):
        del st.session_state["matrix_candidates"]  # another year's list: start again from its top five
    candidates = st.multiselect(
        t("matrix.candidates"),
        list(titles),
        default=list(titles)[:5],
        key="matrix_candidates",
        format_func=lambda i: f"{i}. {titles[i]}",
        placeholder=t("forms.matrix.pick_candidates"),
        select_all=False,
    )
    cols = st.columns(2)
    config = settings()["matrix"]
    usual = (int(config["scale_min"]), int(config["scale_max"]))
    scale = cols[0].selectbox(
        t("matrix.scale"),
        list(SCALES),
        key="matrix_scale",
        index=list(SCALES.values()).index(usual) if usual in SCALES.values() else 0,
    )
    method = cols[1].radio(
        t("matrix.method"),
        METHODS,
        key="matrix_method",
        horizontal=True,
        index=METHODS.index(config["method"]),
        format_func=names("plans.method", METHODS).get,
    )
    low, high = SCALES[scale]
    base = MatrixRecord(
        area_code=area,
        survey_year=year,
        title=t("matrix.default_name", area=area_name, year=year),
        scale_min=low,
        scale_max=high,
        method=method,
        meeting_date=today_bangkok(),
        items=matrix_items_from_ranking(ranking, candidates, low, high, lang()),
    )
    return OpenMatrix(base, f"mx_new_{area}_{year}_{low}{high}", area_name)


def detail(form: OpenMatrix, name: str) -> str:
    """A detail (name, participants, notes) as the form holds it: the input's once drawn, the
    matrix's own before (its default, sent with every run, as the scores are)."""
    key = form.key(name)
    return str((st.session_state[key] if key in st.session_state else getattr(form.base, name)) or "")


def given(form: OpenMatrix, index: int, name: str):
    """A card's score (or agreed rank) as the form holds it: the widget's value once drawn, the
    matrix's own before. The pre-filled score is the widget's default, sent with every run: a
    value written into session state before the widget exists reaches the browser once only, and
    is lost when that run is cut short by a rerun (its unsent elements are dropped; later runs
    show the widget blank and the form's submit sends the blank back)."""
    key = form.item_key(index, name)
    return st.session_state[key] if key in st.session_state else getattr(form.base.items[index], name)


def collect(form: OpenMatrix) -> tuple[MatrixRecord, list[Problem]]:
    """The matrix as the form holds it (scores as last submitted) and its problems."""
    state = st.session_state
    items = [
        replace(item, **{name: given(form, index, name) for name in (*CRITERIA, "agreed_rank")})
        for index, item in enumerate(form.base.items)
    ]
    details = {name: detail(form, name).strip() for name in DETAILS}
    record = replace(
        form.base, **details, meeting_date=date_value(form.key("meeting_date"), form.base.meeting_date), items=items
    )
    problems = validate_matrix(record)
    if error := date_problem(form.key("meeting_date")):
        problems.append(("date:meeting_date", error.message("th"), error.message("en")))
    if state.get(MANUAL_KEY) and sorted(i.agreed_rank or 0 for i in items) != list(range(1, len(items) + 1)):
        problems.append(
            ("rank", t("forms.matrix.rank_order", n=len(items)), t("forms.matrix.rank_order", n=len(items)))
        )
    return record, problems


def scored(record: MatrixRecord) -> MatrixRecord | None:
    """Totals and the agreed order, when every score is given."""
    if any(getattr(i, c) is None for i in record.items for c in CRITERIA) or not record.items:
        return None
    copy = replace(record, items=[replace(i) for i in record.items])
    return score(copy, manual_order=bool(st.session_state.get(MANUAL_KEY)))


def check(form: OpenMatrix) -> None:
    """The "compute" button: shows what is missing, or the totals."""
    st.session_state[form.key("attempted")] = True


def save(form: OpenMatrix) -> None:
    """The Save button: refused with every unscored cell named, or saved (and reopened)."""
    st.session_state[form.key("attempted")] = True
    record, problems = collect(form)
    if problems:
        st.session_state[FLASH_KEY] = ("error", t("forms.fix_marked", n=len(problems)))
        return
    try:
        result = data_access.plan_store().save_matrix(
            record, actor(), manual_order=bool(st.session_state.get(MANUAL_KEY))
        )
    except REFUSALS as error:  # a callback: an exception here would replace the page with a traceback
        st.session_state[FLASH_KEY] = ("error", " ".join(refusal_messages(error)))
        return
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(f"{form.prefix}:")]:
        del st.session_state[key]  # a new matrix's form starts blank again
    st.session_state[OPEN_KEY] = result.id
    st.session_state[OPENED_KEY] = (result.id, result.version)
    st.session_state[FLASH_KEY] = ("success", t("matrix.saved", version=result.version))
