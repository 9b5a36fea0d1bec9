"""The trainer's part of the practice page (ฝึกใช้งาน, issue 26), shown to accounts that may manage
accounts: start every trainee's checklist again, and put one account's or every account's practice
workspace back to the demo (analysis.guide.practice_space.reset_practice: authorised and audited
against the server's plans database)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from analysis.auth.accounts import AccountStore
from analysis.auth.roles import PermissionDenied
from analysis.guide.practice import PRACTICE_DIR, journeys
from analysis.guide.practice_space import is_practice, limits, practice_root, reset_practice, usage
from analysis.store_errors import StoreError

from dashboard import data_access
from dashboard.i18n import t
from dashboard.state import lang, real_actor

EVERYONE = "*"
DONE_KEY = "practice_reset_done"


def trainer(tick_key: Callable[[str, str], str]) -> None:
    real_root = data_access.real_workspace().root
    folder = real_root / PRACTICE_DIR
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
            ticks = tuple(tick_key(journey, "") for journey in journeys())
            for key in [k for k in st.session_state if str(k).startswith(ticks)]:
                del st.session_state[key]
            st.rerun()
        st.divider()
        _workspaces(real_root)


def _workspaces(real_root) -> None:
    """How many practice workspaces exist against the caps, and the reset of one or all."""
    count, megabytes = usage(real_root)
    most, most_mb = limits()
    st.markdown(t("practice.spaces_note", n=count, most=most, mb=round(megabytes), most_mb=most_mb))
    usernames = [a.username for a in AccountStore(data_access.real_plans_url()).accounts()]
    has_copy = {u: is_practice(practice_root(real_root, f"account:{u}")) for u in usernames}

    def label(choice: str) -> str:
        if choice == EVERYONE:
            return t("practice.everyone")
        return t("practice.account_has" if has_copy[choice] else "practice.account_none", name=choice)

    whom = st.selectbox(t("practice.reset_whom"), [EVERYONE, *usernames], format_func=label, key="practice_whom")
    if done := st.session_state.pop(DONE_KEY, None):
        st.success(t("practice.reset_done", n=done))
    if st.button(t("practice.reset_spaces"), key="practice_reset_spaces", icon=":material/settings_backup_restore:"):
        try:
            trainee = None if whom == EVERYONE else f"account:{whom}"
            put_back = reset_practice(real_root, real_actor(), trainee, label="" if trainee is None else whom)
        except (PermissionDenied, StoreError) as error:
            st.error(error.message(lang()))
            return
        except OSError:
            st.error(t("practice.write_failed", folder=str(real_root / PRACTICE_DIR)))
            return
        st.session_state[DONE_KEY] = str(put_back)
        st.rerun()
