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


def committee_documents(workspace: Workspace, tambon: str, village: str, lang: str) -> list[Document]:
    """All documents of ``tambon`` (and its amphoe and province) and of ``village``'s review sheet."""
    amphoe, province = tambon[:4], tambon[:2]
    store = contest_store_for(workspace.root)
    chosen = area_round(workspace, store, tambon)
    story = build_story(workspace, tambon, chosen, store, lang)
    profile = store.profile(tambon)
    documents = [
        Document("deck", "pptx", render("deck", story, profile)),
        Document("summary", "pdf", render("summary", story, profile)),
        Document("infographic", "pdf", render("infographic", story, profile)),
        Document("checklist", "pdf", checklist_document(workspace, store, tambon, chosen, story, lang)),
    ]
    documents.append(Document("presentation", "html", render("presentation", story, profile)))
    certification = certification_store_for(workspace.root)
    year = story.year
    for kind, area in (("province", province), ("district", amphoe), ("tambon", tambon)):
        made = quality_report(workspace, certification, area, year, lang)
        documents += [
            Document(f"report_{kind}", "pdf", report_pdf(made)),
            Document(f"report_{kind}", "xlsx", report_xlsx(made)),
        ]
    progress = progress_report(workspace, certification, amphoe, year, lang)
    documents += [
        Document("report_progress", "pdf", progress_pdf(progress)),
        Document("report_progress", "xlsx", progress_xlsx(progress)),
    ]
    sheet = review_sheet(workspace, certification, village, year, lang)
    documents += [Document("review", "pdf", review_pdf(sheet)), Document("review", "xlsx", review_xlsx(sheet))]
    documents += map_files(workspace, tambon, year, lang)
    return documents


def map_files(workspace: Workspace, area: str, year: int, lang: str) -> list[Document]:
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
    return [Document("map", "html", html), Document("map", "kml", kml)]
