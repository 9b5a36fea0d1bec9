"""The evidence book for the จปฐ. awards (seed 004: "จัดทำเอกสารรูปเล่ม พร้อมหลักฐานเชิงประจักษ์"):
one A4 PDF that gathers, in the order a committee reads them (data/collection.toml
[evidence_book] sections), the target register, the committee's appointment orders, the volunteers
and whether they are enough, collection on time, the checking team's visits, corrections returned on
time, the figures by อปท. and the activity photos — through the project's Thai PDF machinery
(WeasyPrint with Pango's Thai line breaking, analysis/contest/pdf.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from analysis.areas import AreaRegister
from analysis.checks.certify import status_label
from analysis.checks.doc_html import html_table
from analysis.checks.views import CollectionProgress
from analysis.collection.records import section
from analysis.collection.views import CollectionAdmin
from analysis.contest.html import base_css, document, esc, photos
from analysis.contest.pdf import html_to_pdf
from analysis.formatting import fmt_int, fmt_pct
from analysis.i18n import translate
from analysis.thaidate import fmt_date_th

BOOK_CSS = """
.cover { page: cover; text-align: center; padding-top: 60mm; page-break-after: always; }
.cover h1 { font-size: 24pt; } .cover p { font-size: 15pt; }
.contents p { margin: 0 0 1.5mm; }
section { page-break-before: always; }
table { font-size: 11.5pt; }
"""


@dataclass
class EvidenceBook:
    """What the book shows; gathered by the page or the command, written by evidence_book_pdf."""

    admin: CollectionAdmin
    progress: CollectionProgress
    names: AreaRegister
    lang: str = "th"
    is_demo: bool = False
    photos: list[tuple[bytes, str | None, str]] = field(default_factory=list)
    made_on: date | None = None


def _t(key: str, lang: str, **values: object) -> str:
    return translate(f"collection.{key}", lang, **values)


def _village(book: EvidenceBook, code: str) -> str:
    return f"{code} {book.names.display_name(code, book.lang)}"  # "(99010101)" would read as a bare count


def _frame(columns: dict[str, list]) -> pd.DataFrame:
    return pd.DataFrame(columns)


def _none(book: EvidenceBook) -> str:
    return f"<p class='muted'>{esc(_t('book.none', book.lang))}</p>"


def _targets(book: EvidenceBook) -> str:
    lang, needs = book.lang, book.admin.needs
    line = _t("book.targets_line", lang, villages=fmt_int(len(needs)), households=fmt_int(needs["households"].sum()))
    source = needs["source"].map(lambda s: _t(f"col.source_{s}", lang))
    table = _frame(
        {
            _t("col.village", lang): needs["village_code"].map(lambda c: _village(book, c)),
            _t("col.households", lang): needs["households"].astype(int).tolist(),
            _t("col.source", lang): source,
        }
    )
    return f"<p>{esc(line)}</p>{html_table(table, [52, 24, 24])}" if len(needs) else _none(book)


def _orders(book: EvidenceBook) -> str:
    lang, orders = book.lang, book.admin.orders
    if orders.empty:
        return _none(book)
    positions = section("orders")["positions"]
    members = orders["members"].map(
        lambda m: (
            ", ".join(f"{_t(f'position.{p}', lang)} {fmt_int(m[p])} คน" for p in positions if m.get(p))
            if lang == "th"
            else ", ".join(f"{_t(f'position.{p}', lang)}: {fmt_int(m[p])}" for p in positions if m.get(p))
        )
    )
    table = _frame(
        {
            _t("col.order_no", lang): orders["order_no"],
            _t("col.order_date", lang): orders["order_date"].map(lambda d: fmt_date_th(d, lang)),
            _t("col.level", lang): orders["level"].map(lambda v: _t(f"level.{v}", lang)),
            _t("col.area", lang): orders["area_code"].map(lambda c: book.names.display_name(c, lang)),
            _t("col.members", lang): members,
        }
    )
    return html_table(table, [14, 16, 10, 20, 40])


def _volunteers(book: EvidenceBook) -> str:
    lang, needs = book.lang, book.admin.needs
    if needs.empty:
        return _none(book)
    rule = section("volunteers")
    line = _t(
        "book.volunteers_line",
        lang,
        volunteers=fmt_int(needs["volunteers"].sum()),
        enough=fmt_int(needs["enough"].sum()),
        villages=fmt_int(len(needs)),
    )
    note = _t("book.rule", lang, per=rule["households_per_volunteer"], min=rule["min_per_village"])
    table = _frame(
        {
            _t("col.village", lang): needs["village_code"].map(lambda c: _village(book, c)),
            _t("col.households", lang): needs["households"].astype(int).tolist(),
            _t("col.volunteers", lang): needs["volunteers"].astype(int).tolist(),
            _t("col.needed", lang): needs["needed"].astype(int).tolist(),
            _t("col.short", lang): needs["short"].astype(int).tolist(),
        }
    )
    return f"<p>{esc(line)}</p><p class='muted'>{esc(note)}</p>{html_table(table, [40, 15, 15, 15, 15])}"


def _progress(book: EvidenceBook) -> str:
    lang, progress = book.lang, book.progress
    villages = progress.villages
    line = _t(
        "book.progress_line",
        lang,
        collected=fmt_int(progress.collected),
        expected=fmt_int(progress.expected),
        pct=fmt_pct(progress.pct_complete),
        day=fmt_date_th(progress.as_of, lang),
    )
    tambons = progress.areas.get("tambon")
    if tambons is None or tambons.empty:
        return f"<p>{esc(line)}</p>"
    table = _frame(
        {
            translate("checks.col.area", lang): tambons["area_code"].map(lambda c: book.names.display_name(c, lang)),
            _t("col.households", lang): tambons["households_expected"].fillna(0).astype(int).tolist(),
            _t("col.collected", lang): tambons["households_collected"].astype(int).tolist(),
            _t("col.pct_collected", lang): tambons["pct_complete"].astype(float).round(1).tolist(),
        }
    )
    return f"<p>{esc(line)}</p>{html_table(table, [40, 20, 20, 20])}" if len(villages) else f"<p>{esc(line)}</p>"


def _visits(book: EvidenceBook) -> str:
    lang, visits = book.lang, book.admin.visits
    if visits.empty:
        return _none(book)
    line = _t(
        "book.visits_line",
        lang,
        visits=fmt_int(len(visits)),
        villages=fmt_int(visits["village_code"].nunique()),
        findings=fmt_int(visits["findings"].sum()),
    )
    table = _frame(
        {
            _t("col.village", lang): visits["village_code"].map(lambda c: _village(book, c)),
            _t("col.visit_date", lang): visits["visit_date"].map(lambda d: fmt_date_th(d, lang)),
            _t("col.findings", lang): visits["findings"].astype(int).tolist(),
        }
    )
    return f"<p>{esc(line)}</p>{html_table(table, [52, 24, 24])}"


def _corrections(book: EvidenceBook) -> str:
    lang, states = book.lang, book.admin.corrections
    if states.empty:
        return _none(book)
    line = _t(
        "book.corrections_line",
        lang,
        returned=fmt_int(len(states)),
        open=fmt_int(states["open"].sum()),
        overdue=fmt_int(states["overdue"].sum()),
    )
    table = _frame(
        {
            _t("col.village", lang): states["village_code"].map(lambda c: _village(book, c)),
            _t("col.returned_on", lang): states["returned_on"].map(lambda d: fmt_date_th(d, lang)),
            _t("col.due_date", lang): states["due_date"].map(lambda d: fmt_date_th(d, lang)),
            _t("col.status", lang): states["status"].map(lambda s: status_label(s, lang)),
            _t("col.days_overdue", lang): states["days_overdue"].astype(int).tolist(),
        }
    )
    return f"<p>{esc(line)}</p>{html_table(table, [32, 17, 17, 18, 16])}"


def _lao(book: EvidenceBook) -> str:
    lang, lao = book.lang, book.admin.lao
    if lao.empty:
        return _none(book)
    names = lao["lao_name"].where(lao["lao_code"] != "", _t("col.unmapped", lang))
    table = _frame(
        {
            _t("col.lao_name", lang): names,
            _t("col.village_count", lang): lao["villages"].astype(int).tolist(),
            _t("col.households_surveyed", lang): lao["households"].astype(int).tolist(),
            _t("col.people", lang): lao["people"].astype(int).tolist(),
        }
    )
    return html_table(table, [40, 18, 21, 21])


def _photos(book: EvidenceBook) -> str:
    shown = book.photos[: int(section("evidence_book")["max_photos"])]
    return photos(shown) if shown else f"<p class='muted'>{esc(_t('book.no_photos', book.lang))}</p>"


SECTIONS: dict[str, Callable[[EvidenceBook], str]] = {
    "targets": _targets,
    "orders": _orders,
    "volunteers": _volunteers,
    "progress": _progress,
    "visits": _visits,
    "corrections": _corrections,
    "lao": _lao,
    "photos": _photos,
}


def evidence_book_html(book: EvidenceBook) -> str:
    lang, admin = book.lang, book.admin
    title = _t("book.title", lang, year=admin.year)
    area = book.names.display_name(admin.area, lang, above_tambon=True)
    order = [s for s in section("evidence_book")["sections"] if s in SECTIONS]
    demo = f"<p class='demo'>{esc(translate('app.demo_note', lang))}</p>" if book.is_demo else ""
    made = _t("book.made", lang, day=fmt_date_th(book.made_on or admin.as_of, lang))
    cover = f"<div class='cover'><h1>{esc(title)}</h1><p>{esc(_t('book.subtitle', lang, area=area))}</p>{demo}<p>{esc(made)}</p></div>"
    contents = "".join(f"<p>{esc(_t(f'book.{s}', lang))}</p>" for s in order)
    body = f"{cover}<div class='contents'><h2>{esc(_t('book.contents', lang))}</h2>{contents}</div>"
    body += "".join(f"<section><h2>{esc(_t(f'book.{s}', lang))}</h2>{SECTIONS[s](book)}</section>" for s in order)
    note = translate("app.demo_note", lang) if book.is_demo else None
    return document(title, body, base_css(margin="16mm 15mm 18mm 15mm", note=note) + BOOK_CSS)


def evidence_book_pdf(book: EvidenceBook) -> bytes:
    return html_to_pdf(evidence_book_html(book))
