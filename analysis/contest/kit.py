"""One entry for the CLI and the app: build a contest document of an area, name its file, and
remember in the checklist that it was made."""

from __future__ import annotations

import io
import zipfile

from analysis.auth.guard import check_write
from analysis.auth.roles import PermissionDenied
from analysis.contest.checklist import check_items, gather_evidence
from analysis.contest.checklist_doc import checklist_pdf
from analysis.contest.content import ContestStory
from analysis.contest.deck import build_deck
from analysis.contest.infographic import infographic_pdf, infographic_pngs, story_chart_pngs
from analysis.contest.mapimage import render_map_png
from analysis.contest.present_html import standalone_presentation
from analysis.contest.records import ProfileRecord
from analysis.contest.round import ContestRound, round_for_year
from analysis.contest.service import ContestStore
from analysis.contest.slides import story_slides
from analysis.contest.story import build_story
from analysis.contest.summary import summary_pdf
from analysis.contest.words import round_text
from analysis.frames import years_with_data
from analysis.i18n import translate
from analysis.store import Workspace

DOCUMENTS = ("deck", "summary", "infographic", "infographic_png", "charts", "presentation", "checklist")
EXTENSIONS = {
    "deck": "pptx",
    "summary": "pdf",
    "infographic": "pdf",
    "infographic_png": "zip",
    "charts": "zip",
    "presentation": "html",
    "checklist": "pdf",
}
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "png": "image/png",
    "html": "text/html",
}
RECORDED = {"deck": "deck", "summary": "summary"}  # documents the checklist asks for


def latest_year(workspace: Workspace, area_code: str) -> int | None:
    years = years_with_data(workspace, area_code)
    return years[-1] if years else None


def file_name(kind: str, area_code: str, year: int, demo: bool, public: bool = False) -> str:
    stem = {"deck": "contest_deck", "summary": "contest_summary", "checklist": "contest_checklist"}.get(kind, kind)
    return f"{stem}_{area_code}_{year}{'_public' if public else ''}{'_demo' if demo else ''}.{EXTENSIONS[kind]}"


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
        return summary_pdf(story, profile)
    if kind == "infographic":
        return infographic_pdf(story)
    if kind == "infographic_png":
        return _zip({f"infographic_{i + 1}.png": png for i, png in enumerate(infographic_pngs(story))})
    if kind == "charts":
        return _zip(story_chart_pngs(story))
    if kind == "presentation":  # the presentation mode as a file: opens without the app or the internet
        slides = story_slides(story, profile, render_map_png(story.map) if story.map else None)
        demo = translate("app.demo_badge", story.lang) if story.is_demo else None
        return standalone_presentation(slides, story.area_name, story.lang, demo).encode("utf-8")
    raise ValueError(f"unknown document {kind!r}; expected one of {DOCUMENTS}")


def checklist_document(workspace: Workspace, store: ContestStore, area_code: str, year, story, lang: str) -> bytes:
    """The one-page checklist; ``year`` is the contest round (or its จปฐ. year)."""
    if not isinstance(year, ContestRound):
        year = round_for_year(int(year), years_with_data(workspace, area_code, "nrd2c_area_indicator"))
    statuses = check_items(gather_evidence(workspace, store, area_code, year, story, lang), lang)
    name = workspace.register().display_name(area_code, lang)
    note = translate("app.demo_badge", lang) if workspace.is_demo() else None
    words = round_text(year.fiscal_year, year.bmn_year, year.nrd2c_year, lang)
    return checklist_pdf(statuses, name, lang, note, words)


def make(
    workspace: Workspace,
    store: ContestStore,
    area_code: str,
    year,
    kind: str,
    lang: str,
    actor,
    private: bool = False,
) -> bytes:
    """Build document ``kind`` from the workspace (CLI) for a contest round (or a จปฐ. year); a deck
    or summary is recorded as evidence. ``private``: the public edition (small counts hidden)."""
    if kind == "checklist":
        try:
            story = build_story(workspace, area_code, year, store, lang, private)
        except LookupError:
            story = None
        return checklist_document(workspace, store, area_code, year, story, lang)
    story = build_story(workspace, area_code, year, store, lang, private)
    data = render(kind, story, store.profile(area_code))
    if kind in RECORDED and _may_record(store, actor, area_code):
        store.record_generated(area_code, RECORDED[kind], actor)
    return data


def _may_record(store: ContestStore, actor, area_code: str) -> bool:
    """Whether the checklist may count this document as made: only an account that may edit the
    area's plans records evidence (a viewer's copy is just a file)."""
    try:
        check_write(store.url, actor, "edit_plans", area_code)
    except PermissionDenied:
        return False
    return True
