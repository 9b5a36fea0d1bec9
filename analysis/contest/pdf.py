"""HTML → PDF with WeasyPrint (Pango breaks Thai lines at word boundaries through libthai), PDF →
PNG with PDFium, and the fonts of the contest documents.

Why the text fix: WeasyPrint writes each glyph's Unicode from the text cluster it first met it in.
Thai shaping makes one glyph serve several characters (SARA AM is drawn as NIKHAHIT + SARA AA; tone
marks have lowered or shifted copies), so copied or extracted text came out wrong (ตำบล → ตำบล but
ทาง → ทำง). Each glyph now reads as its own character from the font's cmap, the legacy Thai
private-use copies as their base mark; SARA AM extracts as NIKHAHIT + SARA AA (equal under NFKC).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import cache
from typing import Any

from analysis.config import DATA_DIR, read_toml

#: the Thai private-use glyphs (U+F700–U+F71A) fonts use for shifted or lowered marks → the mark
THAI_PUA = dict(
    zip(
        range(0xF700, 0xF71B),
        "ฐ\u0e34\u0e35\u0e36\u0e37\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
        "ญ\u0e31\u0e4d\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e38\u0e39\u0e3a",
        strict=True,
    )
)


@cache
def style() -> dict[str, Any]:
    return read_toml(DATA_DIR / "contest" / "style.toml")


def font_stack(kind: str = "document") -> str:
    """A CSS font-family list: the configured font first, then the fallbacks."""
    names = [style()[f"{kind}_font"], *style()["fallback_fonts"]]
    return ", ".join(f"'{n}'" for n in dict.fromkeys(names)) + ", sans-serif"


@cache
def font_file(family: str) -> str | None:
    """The file of an installed font family (fontconfig), or None."""
    if not shutil.which("fc-match"):
        return None
    found = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=False)
    return found.stdout.strip() or None


def _glyph_characters(font: Any) -> dict[int, str]:
    """glyph id → the character it draws, from the font's cmap (plain characters before PUA copies)."""
    from fontTools.ttLib import TTFont

    ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
    ids = {name: index for index, name in enumerate(ttfont.getGlyphOrder())}
    characters: dict[int, str] = {}
    cmap = ttfont.getBestCmap() or {}
    for codepoint, name in sorted(cmap.items(), key=lambda item: item[0] in THAI_PUA):
        characters.setdefault(ids[name], THAI_PUA.get(codepoint, chr(codepoint)))
    return characters


class _GlyphText(dict):
    """A font's glyph → text map that prefers the glyph's own character over its text cluster."""

    def __init__(self, characters: dict[int, str]):
        super().__init__()
        self.characters = characters

    def __setitem__(self, glyph: int, text: str) -> None:
        super().__setitem__(glyph, self.characters.get(glyph, text))


class _Fonts(dict):
    def __setitem__(self, key: Any, font: Any) -> None:
        try:
            font.to_unicode = _GlyphText(_glyph_characters(font))
        except Exception:  # an unreadable font keeps WeasyPrint's own mapping
            pass
        super().__setitem__(key, font)


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document (fonts embedded and subset)."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=str(DATA_DIR)).render()
    if isinstance(getattr(document, "fonts", None), dict):
        document.fonts = _Fonts(document.fonts)
    return document.write_pdf()


def pdf_page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(pdf))


def pdf_to_pngs(pdf: bytes, dpi: int = 150) -> list[bytes]:
    """One PNG per page."""
    import pypdfium2 as pdfium

    pages = []
    document = pdfium.PdfDocument(pdf)
    for page in document:
        image = page.render(scale=dpi / 72).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        pages.append(buffer.getvalue())
    return pages
