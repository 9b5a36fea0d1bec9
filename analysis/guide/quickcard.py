"""The printable quick card (issue 26): two A4 pages per journey for the training room, from the
declared content only — page 1: what the journey is for, its practice steps (the page each happens
on) and the chapter's first screenshot; page 2: how to read the numbers of its pages, the words it
uses and what to do next."""

from __future__ import annotations

from pathlib import Path

from analysis.contest.html import base_css, data_url, document, esc
from analysis.contest.pdf import html_to_pdf, style
from analysis.guide.content import Chapter, chapters, page_help, page_title, shot_ids, shot_path
from analysis.guide.markdown import inline, to_html
from analysis.guide.practice import journeys, steps
from analysis.i18n import translate

CARD_CSS = """
html {{ font-size: 11pt; line-height: 1.4; }}
h1 {{ font-size: 18pt; margin: 0 0 2mm; }} h2 {{ font-size: 13pt; margin: 4mm 0 1.5mm; }}
.card {{ break-before: page; }} .card:first-child {{ break-before: auto; }}
.side {{ break-before: page; }}
.kicker {{ color: {accent}; font-size: 10pt; margin: 0; }}
ol.steps li {{ margin: 0 0 2mm; }} .where {{ color: #555; font-size: 9.5pt; }}
img.shot {{ width: 100%; max-height: 105mm; object-fit: contain; border: 0.6pt solid #b8c4ce; }}
.page-help h3 {{ font-size: 11.5pt; margin: 3mm 0 1mm; color: {accent}; }}
.page-help p, .page-help li {{ margin: 0 0 1mm; }} ul {{ margin: 0 0 1mm; padding-left: 5mm; }}
.terms li {{ margin: 0 0 1mm; }}
"""


def _q(key: str, lang: str, **values: object) -> str:
    return translate(f"guide.card.{key}", lang, **values)


def _first_shot(chapter: Chapter, lang: str, build: Path | None) -> str:
    for shot in shot_ids(chapter.text()):
        picture = shot_path(build, shot, lang) if build is not None else None
        if picture is not None and picture.is_file():
            return f"<img class='shot' src='{data_url(picture.read_bytes())}' alt=''>"
    return ""


def _card(chapter: Chapter, lang: str, build: Path | None) -> str:
    items = "".join(
        f"<li>{esc(step.text)} <span class='where'>({esc(_q('on_page', lang, page=page_title(step.page, lang)))})</span></li>"
        for step in steps(chapter.id, lang)
    )
    front = (
        f"<p class='kicker'>{esc(_q('kicker', lang, number=chapter.number))}</p><h1>{esc(chapter.title)}</h1>"
        f"<p>{esc(chapter.summary)}</p><h2>{esc(_q('steps', lang))}</h2><ol class='steps'>{items}</ol>"
        f"{_first_shot(chapter, lang, build)}"
    )
    helps = [page_help(page, lang) for page in chapter.pages]
    reading = "".join(
        f"<div class='page-help'><h3>{esc(page_title(h.page, lang))}</h3>{to_html(h.read)}</div>" for h in helps if h
    )
    terms = {term.id: term for h in helps if h for term in h.terms}
    words = "".join(f"<li><strong>{esc(t.term)}</strong> — {inline(t.short)}</li>" for t in terms.values())
    back = f"<h2>{esc(_q('read', lang))}</h2>{reading}"
    if words:
        back += f"<h2>{esc(_q('words', lang))}</h2><ul class='terms'>{words}</ul>"
    nexts = "".join(f"<li>{inline(h.next)}</li>" for h in helps if h)
    back += f"<h2>{esc(_q('next', lang))}</h2><ul>{nexts}</ul>"
    return f"<section class='card'>{front}<div class='side'>{back}</div></section>"


def quickcard_html(lang: str, build: Path | None) -> str:
    """Every journey with a practice tour: two pages each."""
    wanted = set(journeys())
    cards = "".join(_card(c, lang, build) for c in chapters(lang) if c.id in wanted)
    css = base_css(margin="14mm 14mm 16mm 14mm") + CARD_CSS.format(accent=style()["accent"])
    return document(_q("title", lang), cards, css).replace("<html lang='th'>", f"<html lang='{lang}'>")


def quickcard_pdf(lang: str, build: Path | None) -> bytes:
    return html_to_pdf(quickcard_html(lang, build))
