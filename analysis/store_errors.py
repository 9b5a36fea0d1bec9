"""The refusals of the workspace store: said in Thai, then English after " / "; nothing changed."""

from __future__ import annotations

from pathlib import Path

from analysis.i18n import translate


class StoreError(RuntimeError):
    """A workspace operation that was refused; nothing was changed. The text is Thai, then
    English after " / "."""

    def message(self, lang: str = "th") -> str:
        thai, _, english = str(self).partition(" / ")
        return english if lang == "en" and english else thai


class WorkspaceDamaged(StoreError):
    """A workspace file that cannot be read; the message says what and how to repair it."""

    def __init__(self, what: str, **values: object):
        super().__init__(said(f"store.{what}", "store.repair", **values))


def said(*keys: str, **values: object) -> str:
    """Thai / English, the way every store refusal reads (each language's sentences joined)."""
    return " / ".join(" — ".join(translate(k, lang, **values) for k in keys) for lang in ("th", "en"))


def read_only(root: Path) -> StoreError:
    return StoreError(said("store.read_only", name=Path(root).name))
