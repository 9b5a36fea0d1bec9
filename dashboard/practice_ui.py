"""The practice page (ฝึกใช้งาน, issue 26): a journey's steps as a checklist the trainee ticks off
on the demo ("ขั้นที่ 3 จาก 7"), kept per account so it resumes after a reload or another day;
a trainer (who may manage accounts) starts the whole room again. analysis.guide.practice holds the
steps and the progress files; nothing here writes data, plans or the audit log."""

from __future__ import annotations

import streamlit as st
from analysis.auth.roles import page_allowed
from analysis.guide.content import chapters, page_title
from analysis.guide.practice import PRACTICE_DIR, PracticeProgress, current_step, journeys, steps

from dashboard import data_access
from dashboard.i18n import t
from dashboard.state import actor, lang

JOURNEY_KEY = "practice_journey"
ERROR_KEY = "practice_write_error"


def _progress() -> PracticeProgress:
    who = actor()
    return PracticeProgress(data_access.workspace().root, f"{who.kind}:{who.name}")


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
    real = not data_access.is_demo()
    if real:
        st.warning(t("practice.real_data"))
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
    if who.may("manage_accounts"):
        _trainer()


def _trainer() -> None:
    """The trainer's part: how many trainees have progress saved, and starting the room again."""
    folder = data_access.workspace().root / PRACTICE_DIR
    saved = sorted(folder.glob("*.json")) if folder.is_dir() else []
    with st.expander(t("practice.trainer"), icon=":material/co_present:"):
        st.markdown(t("practice.trainer_note", n=len(saved)))
        if st.button(t("practice.reset_all"), key="practice_reset_all", disabled=not saved):
            try:
                for path in saved:
                    path.unlink(missing_ok=True)
            except OSError:
                st.error(t("practice.write_failed", folder=str(folder)))
                return
            ticks = tuple(_tick_key(journey, "") for journey in journeys())
            for key in [k for k in st.session_state if str(k).startswith(ticks)]:
                del st.session_state[key]
            st.rerun()
