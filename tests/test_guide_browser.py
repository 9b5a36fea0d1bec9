"""The manual from fresh screenshots (issue 26): the running demo in Debian's Chromium, one picture
per declared step, then the Thai and the English A4 PDFs — read back with pdftotext: every sentence
whole (no cut text), no English outside the allow-lists in the Thai one and no Thai but the forms'
names in the English one, the table of contents' page numbers where each chapter starts, and every
screenshot in it."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.guide import content
from analysis.guide.content import chapters, shots
from analysis.guide.pdf import expected_lines, manual_pdf
from analysis.guide.practice import journeys, steps
from analysis.guide.quickcard import quickcard_pdf
from analysis.i18n import translate
from scripts.guide import VIEWPORT, take_shots
from tests.browser import running_app
from tests.contest_fixtures import thai
from tests.thai_scan import english_words, thai_words

pytestmark = pytest.mark.browser


def _norm(text: str) -> str:
    """Text as compared: no whitespace at all (line breaks fall anywhere in Thai, and pdftotext puts
    a space between a consonant's marks), then as people read it (tests/contest_fixtures.thai: NFKC
    puts the marks in their canonical order)."""
    return thai(re.sub(r"\s+", "", text))


#: the text area of an A4 page in points (72 per inch): the running header and the page number in
#: the margins are left out, so a paragraph running over a page break reads as one
BODY = ["-r", "72", "-x", "0", "-y", "48", "-W", "595", "-H", "738"]


def _pages(pdf: Path, crop: list[str] | None = None) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-raw", *(crop or []), str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("\f")


def test_the_manuals_build_from_fresh_screenshots(demo_workspace, tmp_path):
    """The Thai manual from fresh screenshots, then the English one checked the same way from the
    same pictures (copied, not taken again: the text and the layout are what is checked, and a
    second round in Chromium would double the test's time)."""
    build = tmp_path / "guide"
    with running_app(demo_workspace.root) as url:
        taken = take_shots(url, build, "th")
    assert sorted(p.stem for p in taken) == sorted(shots())
    from PIL import Image

    declared = shots()
    assert {p.stem: Image.open(p).size for p in taken} == {s: (VIEWPORT["width"], declared[s].height) for s in declared}
    assert declared["map"].height == 1250
    pages = _check_manual("th", build)
    english = english_words([("pdf", page) for page in pages])
    assert {w: where[:1] for w, where in english.items() if w not in content.allowed_english()} == {}

    shutil.copytree(build / "shots" / "th", build / "shots" / "en")
    pages = _check_manual("en", build)
    assert thai_words([("pdf", page) for page in pages], content.allowed_thai()) == {}


def _check_manual(lang: str, build: Path) -> list[str]:
    """Build the manual and the quick cards in ``lang`` and read them back: every sentence whole,
    the contents' page numbers where the chapters start, every picture in, two pages per journey
    with every step whole. The manual's pages' text."""
    pdf = build / f"manual-{lang}.pdf"
    pdf.write_bytes(manual_pdf(lang, build))
    pages = _pages(pdf)
    whole = _norm("".join(_pages(pdf, BODY)))
    cut = [line for line in expected_lines(lang) if _norm(line) not in whole]
    assert cut == []  # every sentence, item, caption and glossary entry is there whole

    toc = _norm(pages[1])
    for chapter in chapters(lang):
        number = re.search(re.escape(_norm(chapter.title)) + r"\.*(\d+)", toc)
        assert number, chapter.title
        first = _norm(pages[int(number[1]) - 1])
        heading = translate("guide.pdf.chapter", lang, number=chapter.number)
        assert _norm(f"{heading}{chapter.title}") in first, (lang, chapter.id, number[1])

    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True)
    assert len(images.stdout.strip().splitlines()) - 2 == len(shots())

    cards = build / f"quickcard-{lang}.pdf"
    cards.write_bytes(quickcard_pdf(lang, build))
    card_pages = _pages(cards)
    assert len([p for p in card_pages if p.strip()]) == 2 * len(journeys())  # two A4 pages per journey
    card_text = _norm("".join(_pages(cards, BODY)))
    assert [s.text for j in journeys() for s in steps(j, lang) if _norm(s.text) not in card_text] == []
    return pages
