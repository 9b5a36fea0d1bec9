"""The practice page (ฝึกใช้งาน, issue 26): a journey's steps as a checklist the trainee ticks off
on the demo ("ขั้นที่ 3 จาก 7"), kept per account so it resumes after a reload or another day.
Turning practice on moves the session into the account's own copy of the demo
(analysis.guide.practice_space): every page then reads the demo and saves into that copy, never
into the server's data or plans database. A trainer (who may manage accounts) starts the room
again and puts practice workspaces back to the demo (dashboard/practice_trainer_ui.py)."""

from __future__ import annotations

import streamlit as st
from analysis.auth.roles import PermissionDenied, page_allowed
from analysis.guide.content import chapters, page_title
from analysis.guide.practice import PracticeProgress, current_step, journeys, steps
from analysis.guide.practice_space import open_practice, set_practising
from analysis.store_errors import StoreError

from dashboard import data_access, practice_trainer_ui
from dashboard.i18n import t
from dashboard.state import actor, lang, practice_root, real_actor, set_practice_root, trainee_name

JOURNEY_KEY = "practice_journey"
ERROR_KEY = "practice_write_error"


def _progress() -> PracticeProgress:
    return PracticeProgress(data_access.real_workspace().root, trainee_name())


def _practice_switch() -> None:
    """Practice on: into the account's practice workspace (made from the demo on first use); off:
    back to the server's data. A refusal (no room, a folder that cannot be written) is said."""
    on = st.toggle(t("practice.mode"), value=practice_root() is not None, key="practice_mode")
    if on == (practice_root() is not None):
        return
    if not on:
        try:
            set_practising(data_access.real_workspace().root, trainee_name(), False)
        except OSError:
            st.error(t("practice.write_failed", folder=str(data_access.real_workspace().root / ".practice")))
            return
        set_practice_root(None)
        st.rerun()
    try:
        with st.spinner(t("practice.preparing")):
            practising = open_practice(data_access.real_workspace().root, trainee_name(), real_actor())
    except (StoreError, PermissionDenied) as error:
        st.error(error.message(lang()))
        return
    except OSError:
        st.error(t("practice.write_failed", folder=str(data_access.real_workspace().root / ".practice")))
        return
    set_practice_root(practising.root)
    st.rerun()


def _tick_key(journey: str, step: str) -> str:
    return f"practice_{journey}_{step}"


def _tick(progress: PracticeProgress, journey: str, step: str) -> None:
    try:
        progress.mark(journey, step, bool(st.session_state.get(_tick_key(journey, step))))
    except OSError:
        st.session_state[ERROR_KEY] = str(progress.path.parent)


def _restart(progress: PracticeProgress, journey: str, ids: list[str]) -> None:
    try:
        progress.reset(journey)
    except OSError:
        st.session_state[ERROR_KEY] = str(progress.path.parent)
        return
    for step in ids:
        st.session_state.pop(_tick_key(journey, step), None)


def practice_page() -> None:
    language = lang()
    st.title(t("nav.practice"))
    _practice_switch()
    real = not data_access.is_demo()
    if real:
        st.warning(t("practice.real_data"))
    elif practice_root() is not None:
        st.info(t("practice.in_practice"))
    else:
        st.caption(t("practice.intro"))
    titles = {c.id: c for c in chapters(language)}
    journey = st.selectbox(
        t("practice.journey"),
        journeys(),
        key=JOURNEY_KEY,
        format_func=lambda j: t("guide.chapter_label", number=titles[j].number, title=titles[j].title),
    )
    progress = _progress()
    shown = steps(journey, language, real_data=real)
    done = progress.done(journey) & {s.id for s in shown}
    if failed := st.session_state.pop(ERROR_KEY, None):
        st.error(t("practice.write_failed", folder=failed))
    now = current_step(shown, done)
    if now > len(shown):
        st.success(t("practice.all_done", total=len(shown)))
    else:
        st.progress(len(done) / len(shown), text=t("practice.step_of", n=now, total=len(shown)))
    who = actor()
    for number, step in enumerate(shown, start=1):
        left, right = st.columns([5, 2], vertical_alignment="center")
        left.checkbox(
            f"{number}. {step.text}",
            value=step.id in done,
            key=_tick_key(journey, step.id),
            on_change=_tick,
            args=(progress, journey, step.id),
        )
        if page_allowed(who, step.page):
            label = t("practice.open", page=page_title(step.page, language))
            right.page_link(f"../pages/{step.page}.py", label=label, icon=":material/open_in_new:")
    st.button(
        t("practice.restart"),
        key="practice_restart",
        on_click=_restart,
        args=(progress, journey, [s.id for s in shown]),
        icon=":material/restart_alt:",
    )
    if real_actor().may("manage_accounts"):
        practice_trainer_ui.trainer(_tick_key)
