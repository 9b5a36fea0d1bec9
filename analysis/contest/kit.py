"""One entry for the CLI and the app: build a contest document of an area, name its file, and
remember in the checklist that it was made."""

from __future__ import annotations

import io
import zipfile

from analysis.contest.checklist import check_items, gather_evidence
from analysis.contest.checklist_doc import checklist_pdf
from analysis.contest.content import ContestStory
from analysis.contest.deck import build_deck
from analysis.contest.infographic import infographic_pdf, infographic_pngs, story_chart_pngs
from analysis.contest.records import ProfileRecord
from analysis.contest.service import ContestStore
from analysis.contest.story import build_story
from analysis.i18n import translate
from analysis.store import Workspace

DOCUMENTS = ("deck", "summary", "infographic", "infographic_png", "charts", "checklist")
EXTENSIONS = {
    "deck": "pptx",
    "summary": "pdf",
    "infographic": "pdf",
    "infographic_png": "zip",
    "charts": "zip",
    "checklist": "pdf",
}
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "png": "image/png",
}
RECORDED = {"deck": "deck", "summary": "summary"}  # documents the checklist asks for


def latest_year(workspace: Workspace, area_code: str) -> int | None:
    from analysis.frames import years_with_data

    years = years_with_data(workspace, area_code)
    return years[-1] if years else None


def file_name(kind: str, area_code: str, year: int, demo: bool) -> str:
    stem = {"deck": "contest_deck", "summary": "contest_summary", "checklist": "contest_checklist"}.get(kind, kind)
    return f"{stem}_{area_code}_{year}{'_demo' if demo else ''}.{EXTENSIONS[kind]}"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def render(kind: str, story: ContestStory, profile: ProfileRecord | None) -> bytes:
    """The bytes of one document of the story (not the checklist, which needs the evidence)."""
    if kind == "deck":
        return build_deck(story, profile)
    if kind == "summary":
        from analysis.contest.summary import summary_pdf

        return summary_pdf(story, profile)
    if kind == "infographic":
        return infographic_pdf(story)
    if kind == "infographic_png":
        return _zip({f"infographic_{i + 1}.png": png for i, png in enumerate(infographic_pngs(story))})
    if kind == "charts":
        return _zip(story_chart_pngs(story))
    raise ValueError(f"unknown document {kind!r}; expected one of {DOCUMENTS}")


def checklist_document(workspace: Workspace, store: ContestStore, area_code: str, year: int, story, lang: str) -> bytes:
    statuses = check_items(gather_evidence(workspace, store, area_code, year, story), lang)
    name = workspace.register().display_name(area_code, lang)
    note = translate("app.demo_badge", lang) if workspace.is_demo() else None
    return checklist_pdf(statuses, name, lang, note)


def make(
    workspace: Workspace, store: ContestStore, area_code: str, year: int, kind: str, lang: str, actor: str
) -> bytes:
    """Build document ``kind`` from the workspace (CLI); a deck or summary is recorded as evidence."""
    if kind == "checklist":
        try:
            story = build_story(workspace, area_code, year, store, lang)
        except LookupError:
            story = None
        return checklist_document(workspace, store, area_code, year, story, lang)
    story = build_story(workspace, area_code, year, store, lang)
    data = render(kind, story, store.profile(area_code))
    if kind in RECORDED:
        store.record_generated(area_code, RECORDED[kind], actor)
    return data
