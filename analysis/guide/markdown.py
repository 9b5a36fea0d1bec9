"""The small markdown the guide's chapters are written in, for the PDF (HTML) and the dashboard
(text blocks between screenshots). Only what the chapters use: headings (#, ##, ###), paragraphs,
bulleted (-) and numbered (1.) lists, notes (>), **bold**, `code`, and a screenshot on a line of
its own: ![caption](shot:id). Every text is HTML-escaped before markup is added."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

SHOT = re.compile(r"^!\[(?P<caption>[^\]]*)\]\(shot:(?P<id>[a-z0-9_]+)\)\s*$")
HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
BULLET = re.compile(r"^[-*]\s+(.*)$")
NUMBERED = re.compile(r"^\d+\.\s+(.*)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")
CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Block:
    """Markdown text to show as it is, or a screenshot (``shot`` its id) with its caption."""

    text: str = ""
    shot: str | None = None
    caption: str = ""


def blocks(markdown: str) -> list[Block]:
    """The chapter as text blocks and screenshots, in order (empty text blocks left out)."""
    out: list[Block] = []
    lines: list[str] = []
    for line in markdown.splitlines():
        found = SHOT.match(line.strip())
        if found:
            if "".join(lines).strip():
                out.append(Block("\n".join(lines).strip()))
            lines = []
            out.append(Block(shot=found["id"], caption=found["caption"]))
        else:
            lines.append(line)
    if "".join(lines).strip():
        out.append(Block("\n".join(lines).strip()))
    return out


def shift_headings(markdown: str, by: int) -> str:
    """Headings ``by`` levels smaller (## becomes #### with 2): a chapter under the page's own title."""
    return re.sub(r"^(#{1,3})\s", lambda m: "#" * min(len(m[1]) + by, 6) + " ", markdown, flags=re.M)


def inline(text: str) -> str:
    """Escaped text with **bold** and `code`."""
    html = escape(text, quote=False)
    html = CODE.sub(r"<code>\1</code>", html)
    return BOLD.sub(r"<strong>\1</strong>", html)


def plain(text: str) -> str:
    """The words as read: markup removed (for the text check of the PDF)."""
    return CODE.sub(r"\1", BOLD.sub(r"\1", text))


def to_html(markdown: str, figure: Callable[[str, str], str] | None = None, heading_offset: int = 0) -> str:
    """HTML of a chapter; ``figure(shot_id, caption)`` gives a screenshot's HTML (None: left out).
    ``heading_offset`` moves headings down (## becomes h3 with 1). An indented bullet under a list
    item is a list inside that item; a numbered list keeps its first number (``<ol start>``)."""
    html: list[str] = []
    paragraph: list[str] = []
    items: list[tuple[str, list[str]]] = []  # (item text, its indented bullets)
    kind, first = "", 1  # the list being built ("ul", "ol" or "") and its first number

    def close() -> None:
        nonlocal kind
        if paragraph:
            html.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            rows = "".join(f"<li>{inline(text)}{_sublist(sub)}</li>" for text, sub in items)
            opening = f"<ol start='{first}'>" if kind == "ol" and first != 1 else f"<{kind}>"
            html.append(f"{opening}{rows}</{kind}>")
            items.clear()
        kind = ""

    for raw in markdown.splitlines():
        line = raw.strip()
        shot, heading = SHOT.match(line), HEADING.match(line)
        bullet, numbered = BULLET.match(line), NUMBERED.match(line)
        if not line:
            close()
        elif shot:
            close()
            if figure is not None:
                html.append(figure(shot["id"], shot["caption"]))
        elif heading:
            close()
            level = min(len(heading[1]) + heading_offset, 6)
            html.append(f"<h{level}>{inline(heading[2])}</h{level}>")
        elif line.startswith(">"):
            close()
            html.append(f"<div class='note'>{inline(line.lstrip('> '))}</div>")
        elif bullet and items and raw[:1] == " ":  # an indented bullet: inside the last item
            items[-1][1].append(bullet[1])
        elif bullet or numbered:
            wanted = "ul" if bullet else "ol"
            if paragraph or (kind and kind != wanted):
                close()
            if not kind:
                first = int(line.split(".", 1)[0]) if numbered else 1
            kind = wanted
            items.append(((bullet or numbered)[1], []))
        elif items:  # a continuation line of the last item (or of its last inner bullet)
            text, sub = items[-1]
            if sub:
                sub[-1] += " " + line
            else:
                items[-1] = (text + " " + line, sub)
        else:
            paragraph.append(line)
    close()
    return "\n".join(html)


def _sublist(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>" if items else ""


def text_lines(markdown: str) -> list[str]:
    """Every paragraph, item, heading and caption as read (markup removed), for the PDF check."""
    out = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            continue
        shot = SHOT.match(line)
        if shot:
            out.append(shot["caption"])
            continue
        for pattern in (HEADING, BULLET, NUMBERED):
            found = pattern.match(line)
            if found:
                line = found.groups()[-1]
                break
        out.append(plain(line.lstrip("> ")))
    return [line for line in out if line]
