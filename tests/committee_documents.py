"""Every document the product writes for a committee, a province or a projector, made from one
workspace in one language: the contest kit (deck, summary, infographic, checklist, the presentation
as a file), the reports (province, district, tambon, progress; PDF and XLSX), a village's review
sheet and the map files (HTML, KML). tests/test_document_check.py reads them all back."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.checks.certify import certification_store_for
from analysis.checks.gather import progress_report, quality_report, review_sheet
from analysis.checks.progress_doc import progress_pdf, progress_xlsx
from analysis.checks.reports import report_pdf, report_xlsx
from analysis.checks.review import review_pdf, review_xlsx
from analysis.contest.kit import checklist_document, render
from analysis.contest.round import area_round
from analysis.contest.service import contest_store_for
from analysis.contest.story import build_story
from analysis.i18n import translate
from analysis.store import Workspace


@dataclass
class Document:
    name: str
    kind: str  # pptx, pdf, xlsx, html, kml
    data: bytes
    year: int | None = None  # a kit's survey year (its round's จปฐ. year)


def committee_documents(workspace: Workspace, tambon: str, village: str, lang: str) -> list[Document]:
    """All documents of ``tambon`` (and its amphoe and province) and of ``village``'s review sheet."""
    amphoe, province = tambon[:4], tambon[:2]
    documents = kit_documents(workspace, tambon, lang)
    year = int(documents[0].year)
    for kind, area in (("province", province), ("district", amphoe), ("tambon", tambon)):
        documents += report_documents(workspace, area, year, lang, f"report_{kind}")
    documents += progress_documents(workspace, amphoe, year, lang)
    documents += review_documents(workspace, village, year, lang)
    documents += map_files(workspace, tambon, year, lang)
    return documents


def kit_documents(workspace: Workspace, area: str, lang: str, suffix: str = "") -> list[Document]:
    """The contest kit of ``area`` in its chosen round: deck, summary, infographic, checklist and
    the presentation as a file (the first document carries the round's survey year)."""
    store = contest_store_for(workspace.root)
    chosen = area_round(workspace, store, area)
    story = build_story(workspace, area, chosen, store, lang)
    profile = store.profile(area)
    return [
        Document(f"deck{suffix}", "pptx", render("deck", story, profile), story.year),
        Document(f"summary{suffix}", "pdf", render("summary", story, profile)),
        Document(f"infographic{suffix}", "pdf", render("infographic", story, profile)),
        Document(f"checklist{suffix}", "pdf", checklist_document(workspace, store, area, chosen, story, lang)),
        Document(f"presentation{suffix}", "html", render("presentation", story, profile)),
    ]


def report_documents(workspace: Workspace, area: str, year: int, lang: str, name: str) -> list[Document]:
    """The quality-of-life report of a province, an amphoe or a tambon (PDF and XLSX)."""
    made = quality_report(workspace, certification_store_for(workspace.root), area, year, lang)
    return [Document(name, "pdf", report_pdf(made)), Document(name, "xlsx", report_xlsx(made))]


def progress_documents(workspace: Workspace, area: str, year: int, lang: str, suffix: str = "") -> list[Document]:
    progress = progress_report(workspace, certification_store_for(workspace.root), area, year, lang)
    return [
        Document(f"report_progress{suffix}", "pdf", progress_pdf(progress)),
        Document(f"report_progress{suffix}", "xlsx", progress_xlsx(progress)),
    ]


def review_documents(workspace: Workspace, village: str, year: int, lang: str, suffix: str = "") -> list[Document]:
    sheet = review_sheet(workspace, certification_store_for(workspace.root), village, year, lang)
    return [
        Document(f"review{suffix}", "pdf", review_pdf(sheet)),
        Document(f"review{suffix}", "xlsx", review_xlsx(sheet)),
    ]


def map_files(workspace: Workspace, area: str, year: int, lang: str, suffix: str = "") -> list[Document]:
    """The map page's files to share: the standalone HTML map and the KML."""
    from analysis.geo.exports import layer_geojson, to_html, to_kml
    from analysis.geo.layers import LayerSpec
    from analysis.geo.views import build_map, map_view
    from analysis.plans.pins import categories
    from analysis.plans.service import store_for

    view = map_view(workspace, area, "village", LayerSpec("indicator", "29"), year, lang=lang)
    pins = store_for(workspace.root).pins(area, view.bounds)
    names = dict(zip(categories()["category_id"], categories()[f"name_{lang}"], strict=True))
    note = translate("app.demo_badge", lang) if workspace.is_demo() else None
    html = to_html(build_map(workspace, view, lang, pins=pins, points=True, note=note))
    kml = to_kml(view.title, layer_geojson(view, lang), pins, names)
    return [Document(f"map{suffix}", "html", html), Document(f"map{suffix}", "kml", kml)]
