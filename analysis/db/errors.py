"""The refusals every record store shares, each said in Thai and English; nothing was written."""

from __future__ import annotations

from analysis.i18n import translate


class ConflictError(RuntimeError):
    """Someone else saved the record first; nothing was overwritten."""

    def __init__(self, entity: str, entity_id: int, current_version: int | None):
        self.entity, self.entity_id, self.current_version = entity, entity_id, current_version
        values = {"id": entity_id, "version": current_version if current_version is not None else "-"}
        self.message_th = translate("plans.err.conflict", "th", **values)
        self.message_en = translate("plans.err.conflict", "en", **values)
        super().__init__(f"{self.message_th} / {self.message_en}")

    def message(self, lang: str = "th") -> str:
        return self.message_th if lang == "th" else self.message_en


class NotFoundError(LookupError):
    """The record is gone (deleted since it was read)."""


class RecordInvalid(ValueError):
    """A record that cannot be saved (a project, matrix, pin, profile, status change ...);
    ``problems`` lists (field or rule, Thai, English)."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        self.problems = problems
        super().__init__("; ".join(th for _, th, _ in problems) + " / " + "; ".join(en for _, _, en in problems))

    def messages(self, lang: str = "th") -> list[str]:
        return [th if lang == "th" else en for _, th, en in self.problems]
