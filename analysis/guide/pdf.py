"""The user manual as an A4 PDF (issue 26): a cover, a table of contents with page numbers, one
chapter per journey with its screenshots, and the glossary — through the contest kit's WeasyPrint
helpers (Pango breaks Thai lines at word boundaries; extracted text reads as written)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from analysis.contest.html import base_css, data_url, document, esc
from analysis.contest.pdf import html_to_pdf, style
from analysis.guide.content import Chapter, chapters, glossary, shot_path
from analysis.guide.markdown import inline, text_lines, to_html
from analysis.i18n import translate
from analysis.thaidate import fmt_date_th, today_bangkok

GUIDE_CSS = """
html {{ font-size: 12pt; line-height: 1.5; }}
h1 {{ font-size: 21pt; string-set: chapter content(); }} h2 {{ font-size: 15pt; }}
@page {{ @top-right {{ content: string(chapter); font-size: 9pt; color: #777; }} }}
@page cover {{ @top-right {{ content: none; }} }}
.cover {{ page: cover; text-align: center; padding-top: 55mm; break-after: page; }}
.cover h1 {{ font-size: 26pt; string-set: none; }} .cover .subtitle {{ font-size: 15pt; margin-top: 8mm; }}
.cover .made {{ margin-top: 80mm; color: #555; font-size: 11pt; }}
.toc {{ break-after: page; }} .toc ol {{ list-style: none; padding: 0; }}
.toc li {{ margin: 2.5mm 0; font-size: 13pt; }} .toc .summary {{ display: block; font-size: 10.5pt; color: #555; }}
.toc a {{ color: inherit; text-decoration: none; }}
.toc a::after {{ content: leader('.') target-counter(attr(href), page); }}
.chapter {{ break-before: page; }} .chapter-no {{ color: {accent}; font-size: 12pt; margin: 0; }}
.chapter .summary {{ font-style: italic; color: #444; }}
li {{ margin: 0 0 1.5mm; }}
figure {{ margin: 3mm 0 5mm; break-inside: avoid; }}
figure img {{ width: 100%; border: 0.6pt solid #b8c4ce; }}
figcaption {{ font-size: 10.5pt; color: #555; text-align: center; margin-top: 1mm; }}
.note {{ background: #eef6fb; border-left: 1.5mm solid {accent}; padding: 2mm 3mm; margin: 3mm 0; }}
code {{ font-family: 'DejaVu Sans Mono', monospace; font-size: 10pt; background: #f1f3f5; padding: 0 1mm; }}
dt {{ font-weight: bold; margin-top: 3mm; break-after: avoid; }} dd {{ margin: 0 0 0 6mm; }}
.missing {{ color: #8a6d00; border: 0.6pt dashed #f0d68a; padding: 2mm; text-align: center; }}
"""


def _g(key: str, lang: str, **values: object) -> str:
    return translate(f"guide.pdf.{key}", lang, **values)


def _figure(build: Path | None, lang: str):
    def figure(shot_id: str, caption: str) -> str:
        picture = shot_path(build, shot_id, lang) if build is not None else None
        if picture is None or not picture.is_file():
            return f"<p class='missing'>{esc(_g('no_shot', lang, caption=caption))}</p>"
        return (
            f"<figure><img src='{data_url(picture.read_bytes())}' alt='{esc(caption)}'>"
            f"<figcaption>{inline(caption)}</figcaption></figure>"
        )

    return figure


def _chapter(chapter: Chapter, lang: str, build: Path | None) -> str:
    return (
        f"<section class='chapter' id='ch-{chapter.id}'>"
        f"<p class='chapter-no'>{esc(_g('chapter', lang, number=chapter.number))}</p>"
        f"<h1>{esc(chapter.title)}</h1><p class='summary'>{esc(chapter.summary)}</p>"
        f"{to_html(chapter.text(), _figure(build, lang))}</section>"
    )


def _glossary(lang: str) -> str:
    entries = "".join(f"<dt>{esc(term.term)}</dt><dd>{inline(term.text)}</dd>" for term in glossary(lang))
    return f"<section class='chapter' id='glossary'><h1>{esc(_g('glossary', lang))}</h1><dl>{entries}</dl></section>"


def manual_html(lang: str, build: Path | None, made: date | None = None) -> str:
    """The manual's HTML; screenshots from ``build`` (None or missing: a framed note instead)."""
    found = chapters(lang)
    made_text = _g("made", lang, date=fmt_date_th(made or today_bangkok(), lang))
    cover = (
        f"<section class='cover'><h1>{esc(_g('title', lang))}</h1>"
        f"<p class='subtitle'>{esc(_g('subtitle', lang))}</p><p class='made'>{esc(made_text)}</p></section>"
    )
    rows = "".join(
        f"<li><a href='#ch-{c.id}'>{esc(_g('chapter', lang, number=c.number))} {esc(c.title)}</a>"
        f"<span class='summary'>{esc(c.summary)}</span></li>"
        for c in found
    )
    rows += f"<li><a href='#glossary'>{esc(_g('glossary', lang))}</a></li>"
    toc = f"<section class='toc'><h1>{esc(_g('toc', lang))}</h1><ol>{rows}</ol></section>"
    body = cover + toc + "".join(_chapter(c, lang, build) for c in found) + _glossary(lang)
    css = base_css() + GUIDE_CSS.format(accent=style()["accent"])
    return document(_g("title", lang), body, css).replace("<html lang='th'>", f"<html lang='{lang}'>")


def manual_pdf(lang: str, build: Path | None, made: date | None = None) -> bytes:
    return html_to_pdf(manual_html(lang, build, made))


def expected_lines(lang: str) -> list[str]:
    """Every text the PDF must hold whole (for the cut-text check): the chapters' titles, summaries,
    paragraphs, list items and captions, and the glossary's terms and texts."""
    lines = []
    for chapter in chapters(lang):
        lines += [chapter.title, chapter.summary, *text_lines(chapter.text())]
    for term in glossary(lang):
        lines += [term.term, term.text]
    return lines
