"""Translations: every UI and CLI string lives in data/i18n/<lang>.toml under a dotted key."""

from __future__ import annotations

from functools import cache
from typing import Any

from analysis.config import DATA_DIR, read_toml

LANGUAGES = ("th", "en")
DEFAULT_LANGUAGE = "th"


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, dotted + "."))
        else:
            flat[dotted] = str(value)
    return flat


@cache
def strings(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    return _flatten(read_toml(DATA_DIR / "i18n" / f"{lang}.toml"))


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The string for ``key`` in ``lang``, formatted with ``values``; KeyError if undeclared."""
    text = strings(lang)[key]
    return text.format(**values) if values else text
