"""The Logic Model project form, with its state: which project is open and at which version, the
values typed (kept in session state under a prefix naming the opened record), save, delete.

Typing never reruns the page (inputs use on_change="ignore"); the page reruns on the buttons, on a
date or an amount being tidied, and on save. A save made from an older version than the stored one
is refused with the reason next to the Save button; nothing is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st
from analysis.codes import prefix_at
from analysis.db.errors import NotFoundError
from analysis.plans.duplicates import same_problem
from analysis.plans.prefill_nrd2c import draft_for
from analysis.plans.records import ProjectRecord, VillageCover
from analysis.plans.results import project_problems

from dashboard import data_access
from dashboard.i18n import t
from dashboard.plan_common import REFUSALS, Problem, refusal_messages
from dashboard.plan_rows import BUDGETS, KPIS, init_rows, read_rows
from dashboard.results_rows import collect_results, init_results
from dashboard.state import DRAFT_KEY, PROJECT_KEY, actor, lang
from dashboard.thai_date import date_problem, date_value

NEW = 0  # a selectbox shows None as an empty choice, so "new project" is 0
OPENED_KEY, FLASH_KEY = "project_opened", "project_flash"
TEXT_AREAS = ("problem", "causes", "objective", "target_group", "inputs", "activities", "outputs", "outcomes", "impact")
SCALARS = ("title", "plan_level", "status", "domain", "responsible_agency", *TEXT_AREAS)
DATES = ("start_date", "end_date")
LEVEL_OF_LENGTH = {2: "province", 4: "amphoe", 6: "tambon", 8: "village"}
NO_DOMAIN = ""  # a select shows None as "nothing chosen yet", so "no domain" is a choice of its own


@dataclass
class OpenProject:
    """The record the form was opened from (its version is the one opened) and the key prefix of
    the form's values; ``newer`` is the stored version when someone saved since."""

    record: ProjectRecord
    prefix: str
    newer: int | None = None
    from_problem: bool = False

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"


def open_project(area: str) -> OpenProject | None:
    """The project select, and the record to edit: a saved one, a draft from a ranked problem or a
    blank one. None when the chosen project has just been deleted (the page reruns)."""
    store = data_access.plan_store()
    draft = st.session_state.get(DRAFT_KEY)
    if "project_next" in st.session_state:  # set by a save, a deletion or a "plan this problem" link
        st.session_state[PROJECT_KEY] = st.session_state.pop("project_next")
    projects = store.projects(area)
    options = [NEW, *[p.id for p in projects]]
    if st.session_state.get(PROJECT_KEY) not in options:
        st.session_state[PROJECT_KEY] = NEW
    titles = {p.id: f"#{p.id} {p.title}" + (f" · {t('app.demo_badge')}" if p.is_demo else "") for p in projects}
    new_label = t("project.from_problem") if draft else t("project.new")
    chosen = st.selectbox(
        t("project.open"), options, key=PROJECT_KEY, format_func=lambda i: new_label if i == NEW else titles[i]
    )
    if chosen != NEW:
        return _open_saved(chosen)
    if draft:
        # a จปฐ. or a กชช.2ค problem (the draft says which)
        record = draft_for(data_access.workspace(), draft, lang())
    else:
        record = ProjectRecord(area_code=area, plan_level=LEVEL_OF_LENGTH[len(area)], title="")
    return OpenProject(record, f"pf_new_{record.indicator_id or ''}_{record.area_code}", from_problem=bool(draft))


def _open_saved(project_id: int) -> OpenProject | None:
    st.session_state.pop(DRAFT_KEY, None)
    try:
        record = data_access.plan_store().project(project_id)
    except NotFoundError:
        st.session_state["project_next"] = NEW
        st.rerun()
        return None
    opened = st.session_state.get(OPENED_KEY)
    if not opened or opened[0] != project_id:
        opened = st.session_state[OPENED_KEY] = (project_id, record.version)
    newer = record.version if record.version != opened[1] else None
    # keep the version the form was opened at: saving over a newer one is refused
    record = replace(record, version=opened[1])
    return OpenProject(record, f"pf_{project_id}_{opened[1]}", newer)


def reload_latest(form: OpenProject) -> None:
    """Drop this form's edits and open the stored version."""
    st.session_state[OPENED_KEY] = (form.record.id, form.newer)


def init_form(form: OpenProject) -> None:
    """Lay out the record's KPI and budget rows, once per opened record and version — and again
    after another page was shown (Streamlit drops the state of widgets a run did not draw). The
    values are not put in session state: each input is drawn with the record's value as its
    default (`start`, `given`)."""
    if form.key("title") in st.session_state:
        return
    init_rows(form.prefix, KPIS, form.record.kpis)
    init_rows(form.prefix, BUDGETS, form.record.budgets)
    init_results(form.prefix, form.record)


def start(form: OpenProject, name: str):
    """An input's value as the opened record gives it: the widget's default (``prefill``)."""
    record = form.record
    if name == "domain":
        return record.domain or NO_DOMAIN
    if name == "villages":
        return [v.village_code for v in record.villages]
    return getattr(record, name)


def given(form: OpenProject, name: str):
    """An input's value as the form holds it: the widget's once drawn, the record's before. The
    record's value is the widget's default, sent with every run: a value written into session
    state before the widget exists reaches the browser once only, and is lost when that run is cut
    short by a rerun (its unsent elements are dropped; later runs show the widget blank and the
    next rerun sends the blank back)."""
    key = form.key(name)
    return st.session_state[key] if key in st.session_state else start(form, name)


def collect(form: OpenProject) -> tuple[ProjectRecord, list[Problem], list[Problem]]:
    """The record as the form now holds it; the inputs that cannot be read (dates, numbers) and,
    after a first save attempt, the checks a save would fail."""
    state = st.session_state
    kpis, kpi_problems = read_rows(form.prefix, KPIS)
    budgets, budget_problems = read_rows(form.prefix, BUDGETS)
    by_code = {v.village_code: v for v in form.record.villages}
    values = {name: given(form, name) for name in SCALARS}
    values |= {name: str(values[name] or "").strip() for name in ("title", "responsible_agency", *TEXT_AREAS)}
    values |= {name: date_value(form.key(name), getattr(form.record, name)) for name in DATES}
    values["domain"] = values["domain"] or None
    villages = [by_code.get(code, VillageCover(code, None)) for code in given(form, "villages") or []]
    results, result_problems = collect_results(form.prefix, form.record)
    record = replace(form.record, **values, **results, villages=villages, kpis=kpis, budgets=budgets)
    unreadable = kpi_problems + budget_problems + result_problems
    for name in DATES:
        if error := date_problem(form.key(name)):
            unreadable.append((f"date:{name}", error.message("th"), error.message("en")))
    if not state.get(form.key("attempted")):
        return record, unreadable, []
    taken = {field for field, _, _ in unreadable}
    return record, unreadable, [p for p in project_problems(record) if p[0] not in taken]


def save(form: OpenProject) -> None:
    """The Save button: refused with every problem marked next to its field, or saved."""
    st.session_state[form.key("attempted")] = True
    record, unreadable, problems = collect(form)
    if unreadable or problems:  # the page says how many under the Save button (once, not as a flash too)
        return
    store = data_access.plan_store()
    if duplicates(record) and not st.session_state.get(form.key("same_problem_ok")):
        st.session_state[FLASH_KEY] = ("error", t("project.same_problem_unconfirmed"))
        return
    try:
        saved = store.update_project(record, actor()) if record.id else store.create_project(record, actor())
    except REFUSALS as error:  # a callback: an exception here would replace the page with a traceback
        st.session_state[FLASH_KEY] = ("error", " ".join(refusal_messages(error)))
        return
    st.session_state.pop(DRAFT_KEY, None)
    forget(form)
    st.session_state[PROJECT_KEY] = saved.id
    st.session_state[OPENED_KEY] = (saved.id, saved.version)
    st.session_state[FLASH_KEY] = ("success", t("project.saved", id=saved.id))


def duplicates(record) -> list:
    """Stored projects for the same problem as ``record`` (analysis.plans.duplicates)."""
    scope = prefix_at(record.area_code, "amphoe") if record.area_code else None  # the amphoe: areas above and below
    return same_problem(record, data_access.plan_store().projects(scope))


def delete(form: OpenProject) -> None:
    try:
        data_access.plan_store().delete_project(form.record.id, form.record.version, actor())
    except REFUSALS as error:  # a callback: an exception here would replace the page with a traceback
        st.session_state[FLASH_KEY] = ("error", " ".join(refusal_messages(error)))
        return
    forget(form)
    st.session_state[PROJECT_KEY] = NEW
    st.session_state[FLASH_KEY] = ("success", t("forms.deleted", id=form.record.id))


def forget(form: OpenProject) -> None:
    """Drop the form's values (a saved new project must not reappear in the next new one)."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(f"{form.prefix}:")]:
        del st.session_state[key]


def flash() -> None:
    """The outcome of the last save or deletion, once."""
    if outcome := st.session_state.pop(FLASH_KEY, None):
        kind, text = outcome
        (st.success if kind == "success" else st.error)(text)
