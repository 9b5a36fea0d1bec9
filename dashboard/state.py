"""Session state shared by all pages: language and the picked area."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from analysis.auth.roles import Actor, local_actor
from analysis.config import workspace_path
from analysis.guide.practice_space import is_practice, practice_actor, practising_flag
from analysis.guide.practice_space import practice_root as practice_path
from analysis.i18n import DEFAULT_LANGUAGE, LANGUAGES

LANG_KEY = "lang"
AREA_KEY = "area_code"
#: set once the session's first area is taken (from the link, else the account's own area)
AREA_FROM_LINK_KEY = "_area_from_query_done"
LEVEL_LENGTHS = (("province", 2), ("amphoe", 4), ("tambon", 6), ("village", 8))


def lang() -> str:
    value = st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def selected_area() -> str | None:
    """The deepest area picked in the sidebar (None when the workspace has no data)."""
    return st.session_state.get(AREA_KEY)


def picker_key(level: str, language: str | None = None) -> str:
    """The sidebar select of ``level``: one per language, because a select keeps the labels it was
    first drawn with (the picked area itself is AREA_KEY, shared by both)."""
    language = language or lang()
    return f"pick_{level}" if language == "th" else f"pick_{level}_{language}"


def select_area(code: str | None) -> None:
    """Pick ``code`` for every page (from the sidebar, a map click or a link)."""
    st.session_state[AREA_KEY] = code


#: widget keys a callback of the widget's own has just rewritten (see rewrite, prefill)
REWRITTEN_KEY = "rewritten_keys"


def prefill(key: str, value):
    """A pre-filled widget's default: ``value``, drawn with the widget on every run — a value
    written into session state before the widget exists reaches the browser once only, and is lost
    when a rerun cuts that run short (its unsent elements are dropped; later runs show the widget
    blank and the next rerun sends the blank back). None in the run after ``rewrite`` set the key:
    that value is sent with the run, and Streamlit warns on a default next to it."""
    rewritten = st.session_state.get(REWRITTEN_KEY)
    if rewritten and key in rewritten:
        rewritten.discard(key)
        return None
    return value


def rewrite(key: str, value) -> None:
    """Set a drawn widget's value from a callback (a tidied number, a date written the Thai way)."""
    st.session_state[key] = value
    st.session_state.setdefault(REWRITTEN_KEY, set()).add(key)


USER_KEY = "user_name"
DRAFT_KEY = "plan_draft"
PROJECT_KEY = "project_id"
#: the signed-in account (shared-server mode), refreshed from the database on every run
ACTOR_KEY = "auth_actor"
TOKEN_KEY = "auth_token"


def actor() -> Actor:
    """Who is acting: the signed-in account on a shared server; in "this computer" mode the local
    user, under the name typed in the sidebar (recorded in the audit log as unverified)."""
    current = real_actor()
    return practice_actor(current) if practice_root() is not None else current


def real_actor() -> Actor:
    """Who is acting as the server's database knows them (practising or not)."""
    current = st.session_state.get(ACTOR_KEY)
    if isinstance(current, Actor):
        return current
    return local_actor(str(st.session_state.get(USER_KEY) or ""))


#: (trainee, folder of their practice workspace or "" when practice is off) (dashboard/practice_ui.py)
PRACTICE_KEY = "practice_root"


def trainee_name() -> str:
    """The name practice files are kept under (hashed in every file and folder name)."""
    who = real_actor()
    return f"{who.kind}:{who.name}"


def practice_root() -> Path | None:
    """The practice workspace this session works in, None when it works on the server's data. A
    new session (a reload, another day) or another sign-in finds practice as that trainee left it;
    a folder that is gone turns it off."""
    trainee = trainee_name()
    known = st.session_state.get(PRACTICE_KEY)
    if not (isinstance(known, tuple) and known[0] == trainee):
        real = workspace_path(None)
        practising = practising_flag(real, trainee).exists()
        known = (trainee, str(practice_path(real, trainee)) if practising else "")
        st.session_state[PRACTICE_KEY] = known
    if known[1] and is_practice(Path(known[1])):
        return Path(known[1])
    st.session_state[PRACTICE_KEY] = (trainee, "")
    return None


def set_practice_root(root: Path | None) -> None:
    st.session_state[PRACTICE_KEY] = (trainee_name(), str(root) if root else "")


def plan_problem(area_code: str, year: int, indicator_id: str, kind: str = "bmn") -> None:
    """Remember a problem (จปฐ. or, with kind="nrd2c", กชช.2ค) to open as a new Logic Model project."""
    st.session_state[DRAFT_KEY] = {
        "area_code": area_code,
        "year": int(year),
        "indicator_id": indicator_id,
        "kind": kind,
    }
    st.session_state["project_next"] = 0  # open the draft (0 = new project), not a saved project
