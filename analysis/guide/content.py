"""The guide's declared content (issue 26), read from data/guide/:

pages.toml     the in-page help of every page of the navigation (purpose, how to read, what next)
glossary.toml  the glossary (อภิธานศัพท์): every term in Thai and English
manual.toml    the user manual's chapters (which pages each covers) and the screenshots they show;
               the text of a chapter is data/guide/manual/<lang>/<chapter>.md

Everything is Thai and English; the checks here (missing_help, uncovered_pages, content_problems)
are what the tests assert, so a page added without help or without a chapter fails.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from analysis.config import DATA_DIR, PROJECT_ROOT, read_toml
from analysis.i18n import LANGUAGES, translate

GUIDE_DIR = DATA_DIR / "guide"
#: environment variable naming another build folder (the tests' own)
BUILD_ENV = "CIA_GUIDE_BUILD"
HELP_PARTS = ("purpose", "read", "next")
TERM_PARTS = ("term", "short", "text")


@dataclass(frozen=True)
class PageHelp:
    """The help of one page in one language; ``terms`` are glossary entries shown under it."""

    page: str
    purpose: str
    read: str
    next: str
    terms: tuple[Term, ...]
    panel: bool


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    short: str
    text: str


@dataclass(frozen=True)
class Shot:
    """A screenshot of the running demo: the page (url path), the area picked, i18n keys of texts
    clicked before the picture (a panel opened, a toggle turned on), one scrolled to the middle of the
    window, and the window's height."""

    id: str
    page: str
    area: str
    click: tuple[str, ...] = ()
    scroll_to: str | None = None
    height: int = 900  # the window's height in pixels (a taller picture shows more of a long page)


@dataclass(frozen=True)
class Chapter:
    id: str
    number: int
    title: str
    summary: str
    pages: tuple[str, ...]
    path: Path

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


@cache
def _pages() -> dict[str, Any]:
    return read_toml(GUIDE_DIR / "pages.toml")


@cache
def _glossary() -> list[dict[str, Any]]:
    return read_toml(GUIDE_DIR / "glossary.toml")["term"]


@cache
def _manual() -> dict[str, Any]:
    return read_toml(GUIDE_DIR / "manual.toml")


def glossary(lang: str) -> list[Term]:
    """Every term in ``lang``, in the declared order."""
    return [Term(entry["id"], *(entry[lang][part] for part in TERM_PARTS)) for entry in _glossary()]


def page_help(page: str, lang: str) -> PageHelp | None:
    """The help of the page at url path ``page`` in ``lang``; None for a page without help."""
    entry = _pages().get(page)
    if entry is None or lang not in entry:
        return None
    terms = {term.id: term for term in glossary(lang)}
    return PageHelp(
        page,
        *(entry[lang][part].strip() for part in HELP_PARTS),
        tuple(terms[t] for t in entry.get("terms", [])),
        bool(entry.get("panel", True)),
    )


def page_title(page: str, lang: str) -> str:
    """The page's name in the navigation (its declared i18n key)."""
    return translate(_pages()[page]["title"], lang)


def page_title_keys() -> dict[str, str]:
    """url path → the i18n key of its name, as declared for the guide (checked against PAGES)."""
    return {page: entry.get("title", "") for page, entry in _pages().items()}


def chapters(lang: str) -> list[Chapter]:
    """The manual's chapters in order, in ``lang``."""
    return [
        Chapter(
            entry["id"],
            number,
            entry[lang]["title"],
            entry[lang]["summary"],
            tuple(entry["pages"]),
            GUIDE_DIR / "manual" / lang / f"{entry['id']}.md",
        )
        for number, entry in enumerate(_manual()["chapter"], start=1)
    ]


def chapter_of(page: str, lang: str) -> Chapter | None:
    """The first chapter that covers the page at url path ``page``."""
    return next((chapter for chapter in chapters(lang) if page in chapter.pages), None)


def shots() -> dict[str, Shot]:
    """The declared screenshots by id."""
    return {
        shot_id: Shot(
            shot_id,
            spec["page"],
            spec.get("area", ""),
            tuple(spec.get("click", ())),
            spec.get("scroll_to"),
            int(spec.get("height", 900)),
        )
        for shot_id, spec in _manual()["shots"].items()
    }


def allowed_english() -> frozenset[str]:
    """English words the Thai manual may use beyond the screens' allow-list (commands, programs)."""
    return frozenset(_manual().get("allowed_english", []))


def allowed_thai() -> frozenset[str]:
    """Thai words the English manual may use: the names of the forms (จปฐ., กชช.2ค, ผ.01 …)."""
    return frozenset(_manual().get("allowed_thai", []))


def missing_help(pages: list[str]) -> list[str]:
    """Each page (url path) without help, or whose help lacks a language or a part: "page: why"."""
    problems = []
    for page in pages:
        entry = _pages().get(page)
        if entry is None:
            problems.append(f"{page}: no entry in data/guide/pages.toml")
            continue
        for lang in LANGUAGES:
            for part in HELP_PARTS:
                if not str(entry.get(lang, {}).get(part, "")).strip():
                    problems.append(f"{page}: no {lang}.{part}")
    return problems


def uncovered_pages(pages: list[str]) -> list[str]:
    """The pages (url paths) that no chapter of the manual covers."""
    covered = {page for entry in _manual()["chapter"] for page in entry["pages"]}
    return [page for page in pages if page not in covered]


def content_problems() -> list[str]:
    """What is wrong with the declared content itself: a term or chapter without a language or a
    part, a page's term that the glossary lacks, a chapter's text file missing, a screenshot
    named in a chapter but not declared (or declared for a page no chapter covers)."""
    problems = []
    ids = [entry["id"] for entry in _glossary()]
    problems += [f"glossary: {i} declared twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for entry in _glossary():
        for lang in LANGUAGES:
            problems += [f"glossary {entry['id']}: no {lang}.{p}" for p in TERM_PARTS if not entry.get(lang, {}).get(p)]
    for page, entry in _pages().items():
        problems += [f"{page}: unknown term {t}" for t in entry.get("terms", []) if t not in ids]
    declared = shots()
    for lang in LANGUAGES:
        for chapter in chapters(lang):
            if not chapter.path.is_file():
                problems.append(f"manual: {lang}/{chapter.id}.md missing")
                continue
            problems += [
                f"manual {lang}/{chapter.id}: screenshot {s} not declared in manual.toml"
                for s in shot_ids(chapter.text())
                if s not in declared
            ]
    return problems


def build_dir() -> Path:
    """Where `make guide` writes the screenshots and PDFs (build/guide, not committed)."""
    return Path(os.environ.get(BUILD_ENV) or PROJECT_ROOT / "build" / "guide")


def shot_path(build: Path, shot_id: str, lang: str) -> Path:
    return build / "shots" / lang / f"{shot_id}.png"


def pdf_path(build: Path, lang: str) -> Path:
    return build / f"manual-{lang}.pdf"


def card_path(build: Path, lang: str) -> Path:
    return build / f"quickcard-{lang}.pdf"


def shot_ids(markdown: str) -> list[str]:
    """The screenshots a chapter's text shows (lines "![caption](shot:id)"), in order."""
    from analysis.guide.markdown import blocks

    return [block.shot for block in blocks(markdown) if block.shot]
