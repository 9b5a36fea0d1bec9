"""A document made on the server when its button is clicked, then saved with a second button.

Why not a deferred download_button: Streamlit runs a deferred builder outside the page, so a
failure reached nobody but the server log (the Reports page "did nothing" when a report could
not be built). Here the document is built during the page's own run: a failure ends in a Thai
message naming the file and what to do, and whatever the making changes (the contest checklist's
"PowerPoint made") is on the page at once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import streamlit as st
from analysis.auth.roles import PermissionDenied
from analysis.formatting import fmt_datetime_th
from analysis.store_errors import StoreError

from dashboard.i18n import t
from dashboard.state import lang

LOG = logging.getLogger("cia.documents")
MADE = "_doc_made"  # session key: widget key → (file name, bytes, made at)


def failure_message(error: Exception, file_name: str) -> str:
    """What the user reads when ``file_name`` could not be made: the refusal's own message, or
    "could not be made, try again, then tell the administrator" (the details go to the log)."""
    language = lang()
    if isinstance(error, PermissionDenied | StoreError):
        reason = error.message(language)
    elif isinstance(error, LookupError) and error.args and isinstance(error.args[0], str):
        reason = error.args[0]
    else:
        reason = t("docs.failed_unknown")
    return t("docs.failed", name=file_name, reason=reason)


def made_documents() -> dict[str, tuple[str, bytes, datetime]]:
    return st.session_state.setdefault(MADE, {})


def make(build: Callable[[], bytes], file_name: str, key: str) -> str | None:
    """Build the document now; None when made, else the message to show."""
    try:
        with st.spinner(t("docs.making", name=file_name)):
            data = build()
    except Exception as error:  # every failure ends in a message, never a silent button
        LOG.exception("document %s could not be made", file_name)
        made_documents().pop(key, None)
        return failure_message(error, file_name)
    made_documents()[key] = (file_name, data, datetime.now().astimezone())
    return None


def document_button(
    container,
    label: str,
    build: Callable[[], bytes],
    file_name: str,
    mime: str,
    key: str,
    on_made: Callable[[], None] | None = None,
) -> None:
    """ "Make" (``label``), then "save file.pdf" once made; a failure shows why under the button."""
    if container.button(label, key=f"{key}_make", icon=":material/description:", width="stretch"):
        problem = make(build, file_name, key)
        if problem:
            container.error(problem, icon=":material/error:")
        elif on_made is not None:
            on_made()
    made = made_documents().get(key)
    if made and made[0] == file_name:
        name, data, when = made
        container.download_button(
            t("docs.save", name=name),
            data,
            name,
            mime,
            key=f"{key}_save",
            on_click="ignore",
            type="primary",
            icon=":material/download:",
            width="stretch",
        )
        container.caption(t("docs.made_at", when=fmt_datetime_th(when, lang())))
