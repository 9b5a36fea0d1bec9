"""t(): the translated string for the session's language."""

from __future__ import annotations

from typing import Any

from analysis.i18n import translate

from dashboard.state import lang


def t(key: str, **values: Any) -> str:
    return translate(key, lang(), **values)
