"""Translations: every UI and CLI string lives in data/i18n/<lang>/*.toml under a dotted key.

One file per topic (core, contest, security, ...); a key declared in two files is an error.
"""

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
    return merge_declared(sorted((DATA_DIR / "i18n" / lang).glob("*.toml")))


def merge_declared(paths: list) -> dict[str, Any]:
    """The flattened keys of several TOML files; a key declared twice is an error."""
    merged: dict[str, Any] = {}
    for path in paths:
        flat = _flatten(read_toml(path))
        twice = set(flat) & set(merged)
        if twice:
            raise ValueError(f"{path.name} declares keys already declared: {sorted(twice)[:5]}")
        merged.update(flat)
    return merged


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The string for ``key`` in ``lang``, formatted with ``values``; KeyError if undeclared."""
    text = strings(lang)[key]
    return text.format(**values) if values else text
