"""The document check: what a committee, a province or a projector sees in every file the product
writes (PPTX, PDF, XLSX, HTML, KML), read back the way people read it — a deck rendered by
LibreOffice, a PDF through pdftotext (text and word boxes), a workbook's cells, a web page's and a
KML's visible text — and held to the same rules:

- no ISO timestamp or date, no Christian-era year (the product writes พ.ศ. in both languages);
- no file name or path, no catalog id, dataset id or rule id, no UNCONFIRMED marker;
- in a Thai document, no English word outside the allow-list of tests/thai_scan.py;
- no text cut ("…"), no word drawn outside its page (PDF, the rendered deck), no slide text box
  whose text needs more lines than the box holds;
- every count with its unit: no bare "(12)", no "ไม่ผ่าน 3 จาก 5" without a unit, and in a
  workbook every column of whole numbers says its unit in its header or beside it.
"""

from __future__ import annotations

import io
import re
import subprocess
from html import unescape
from pathlib import Path

from analysis.i18n import translate
from tests.thai_scan import english_words

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")
CHRISTIAN_YEAR = re.compile(r"(?<![\d,.\-–/])(?:19[5-9]\d|20\d\d)(?![\d,])")
FILE_NAME = re.compile(
    r"\b[\w\-]+\.(?:csv|xlsx|xls|pptx|pdf|json|toml|parquet|sqlite|zip|kml|geojson|gpkg|shp)\b"
    r"|(?:^|\s)(?:/[\w.\-]+){2,}|\bdata/[a-z]|\bworkspace/",
    re.IGNORECASE,
)
CATALOG_ID = re.compile(r"\b(?:bmn|nrd2c)_\d{4}_\d{4}\b|\b\d{4}-(?:bmn|nrd2c)[a-z-]*-\d{14}")
RULE_ID = re.compile(r"\bcheck_[a-z_]+\b|\b[a-z]+_(?:invalid|missing|unknown|negative)\b")
CUT = "…"
KINDS = ("pptx", "pdf", "xlsx", "html", "kml")
BARE_COUNT = re.compile(r"\((\d[\d,]*)\)")
FAIL_OF = re.compile(r"ไม่ผ่าน (?:< )?[\d,]+ จาก (?:< )?[\d,]+(?![\d,])(?! (?:ครัวเรือน|คน|หมู่บ้าน))")
UNITS_TH = ("ครัวเรือน", "คน", "หมู่บ้าน", "บาท", "%", "ข้อ", "จุด", "ปี", "อันดับ", "วัน", "รายการ", "หน่วย", "ตำบล")
UNITS_EN = (
    "household",
    "person",
    "people",
    "village",
    "baht",
    "%",
    "indicator",
    "point",
    "year",
    "rank",
    "day",
    "unit",
    "tambon",
    "no.",
    "items",
)


def text_problems(texts: list[tuple[str, str]], lang: str) -> list[str]:
    """The rules on text, each problem as "<where>: <rule>: <text>"."""
    problems = []
    allowed_bare = _allowed_bare_counts()
    for where, text in texts:
        for rule, found in (
            ("ISO date", ISO.search(text)),
            ("Christian-era year", CHRISTIAN_YEAR.search(text)),
            ("file name or path", FILE_NAME.search(text)),
            ("catalog or dataset id", CATALOG_ID.search(text)),
            ("rule id", RULE_ID.search(text)),
            ("UNCONFIRMED marker", re.search("UNCONFIRMED", text, re.IGNORECASE)),
            ("text cut", CUT in text),
            ("count without its unit", FAIL_OF.search(text)),
        ):
            if found:
                problems.append(f"{where}: {rule}: {text[:140]}")
        for match in BARE_COUNT.finditer(text):
            if match.group(0) not in allowed_bare:
                problems.append(f"{where}: count without its unit: {text[:140]}")
    if lang == "th":
        for word, seen in english_words(texts).items():
            problems.append(f"English word {word!r} in Thai: {seen[0]}")
    return problems


def _allowed_bare_counts() -> set[str]:
    """A number in brackets that is not a count: none (kept as a set for exceptions)."""
    return set()


# ---- reading documents ------------------------------------------------------------------------


def pdf_texts(pdf: bytes, tmp: Path, name: str) -> list[tuple[str, str]]:
    path = tmp / f"{name}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [(f"{name} line {i + 1}", line.strip()) for i, line in enumerate(text.splitlines()) if line.strip()]


def pdf_overflow(pdf: bytes, tmp: Path, name: str) -> list[str]:
    """Words drawn (partly) outside their page: text that ran off a table cell or a slide."""
    path = tmp / f"{name}_bbox.pdf"
    path.write_bytes(pdf)
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    problems = []
    for page_number, page in enumerate(
        re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xhtml, re.S)
    ):
        width, height, body = float(page[0]), float(page[1]), page[2]
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.\-]+)" yMin="([\d.\-]+)" xMax="([\d.\-]+)" yMax="([\d.\-]+)">(.*?)</word>', body
        ):
            if float(x0) < -0.5 or float(y0) < -0.5 or float(x1) > width + 0.5 or float(y1) > height + 0.5:
                problems.append(f"{name} page {page_number + 1}: off the page: {unescape(word)}")
    return problems


def pptx_texts(data: bytes) -> list[tuple[str, str]]:
    from pptx import Presentation

    texts = []
    for number, slide in enumerate(Presentation(io.BytesIO(data)).slides, start=1):
        where = f"slide {number}"
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts += [(where, p.text) for p in shape.text_frame.paragraphs if p.text.strip()]
            if shape.has_table:
                texts += [(f"{where} table", c.text) for row in shape.table.rows for c in row.cells if c.text.strip()]
            if shape.has_chart:
                chart = shape.chart
                texts += [(f"{where} chart", str(c)) for c in chart.plots[0].categories]
                texts += [(f"{where} chart series", s.name) for s in chart.plots[0].series]
                if chart.value_axis.has_title:
                    texts.append((f"{where} axis", chart.value_axis.axis_title.text_frame.text))
        if slide.has_notes_slide:
            texts += [(f"{where} notes", line) for line in slide.notes_slide.notes_text_frame.text.splitlines() if line]
    return texts


def pptx_fit(data: bytes) -> list[str]:
    """Text boxes and table cells whose text needs more lines than their box holds (the deck's own
    line estimate, analysis.contest.deck.text_lines, generous: 0.55 em a character)."""
    from pptx import Presentation

    from analysis.contest.deck import text_lines

    problems = []
    for number, slide in enumerate(Presentation(io.BytesIO(data)).slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                needed = 0.0
                for paragraph in shape.text_frame.paragraphs:
                    size = max((r.font.size.pt for r in paragraph.runs if r.font.size), default=18)
                    lines = text_lines(paragraph.text, shape.width / 914400 - 0.2, int(size))
                    needed += lines * size * 1.2 / 72
                if needed > shape.height / 914400 + 0.1:
                    problems.append(
                        f"slide {number}: text needs {needed:.1f} in, box {shape.height / 914400:.1f} in: "
                        f"{shape.text_frame.text[:60]}"
                    )
    return problems


def pptx_overlap(data: bytes) -> list[str]:
    """Text that runs into the shape below it on a slide: a box's text, as many lines as the
    deck's own estimate gives (pptx_fit), must end above any text box, chart, table or picture
    that starts lower down in the same columns (a long title wrapping onto its subtitle)."""
    from pptx import Presentation

    from analysis.contest.deck import _width_points, text_lines

    emu = 914400
    problems = []
    for number, slide in enumerate(Presentation(io.BytesIO(data)).slides, start=1):
        shapes = list(slide.shapes)
        for shape in shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            needed = 0.05 * emu  # the box's top inset
            width = (shape.width / emu - 0.2) * 72
            for paragraph in shape.text_frame.paragraphs:
                size = max((r.font.size.pt for r in paragraph.runs if r.font.size), default=18)
                # the text as wide as the deck's font draws it (the fit estimate counts generously)
                measured = _width_points(paragraph.text, int(size))
                lines = (
                    -(-int(measured) // int(width)) if measured else text_lines(paragraph.text, width / 72, int(size))
                )
                needed += max(lines, 1) * size * 1.2 / 72 * emu
            bottom = shape.top + needed
            for other in shapes:
                beside = other.left < shape.left + shape.width and shape.left < other.left + other.width
                if other is not shape and beside and shape.top < other.top < bottom - 0.05 * emu:
                    problems.append(
                        f"slide {number}: text runs {(bottom - other.top) / emu:.2f} in into the shape below: "
                        f"{shape.text_frame.text[:60]}"
                    )
    return problems


def pptx_axes(data: bytes) -> list[str]:
    """Every chart's value axis starts at zero (bars drawn from an axis at 27% make 30% look ten
    times 28%), and a percentage axis ends at 100% at most."""
    from pptx import Presentation

    problems = []
    for number, slide in enumerate(Presentation(io.BytesIO(data)).slides, start=1):
        for shape in slide.shapes:
            if not shape.has_chart:
                continue
            axis = shape.chart.value_axis
            if axis.minimum_scale != 0:
                problems.append(f"slide {number}: the value axis does not start at zero")
            if "%" in axis.tick_labels.number_format and (axis.maximum_scale or 0) > 100:
                problems.append(f"slide {number}: a percentage axis beyond 100%")
    return problems


def _words(pdf_path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every page's words with their boxes (points), from pdftotext."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for body in re.findall(r"<page [^>]*>(.*?)</page>", xhtml, re.S):
        found = re.findall(
            r'<word xMin="([\d.\-]+)" yMin="([\d.\-]+)" xMax="([\d.\-]+)" yMax="([\d.\-]+)">(.*?)</word>', body
        )
        pages.append([(float(a), float(b), float(c), float(d), unescape(w)) for a, b, c, d, w in found])
    return pages


def pptx_table_clipping(data: bytes, rendered_pdf: Path) -> list[str]:
    """Table cells whose text runs below their row in the deck as LibreOffice draws it (it does not
    grow a row to its text: the next row covers the rest). A word that starts in a cell must end in
    it: cells are placed from the PPTX, words read from the rendered PDF."""
    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    scale = 72 / 914400  # EMU → points (a page is the slide's size)
    problems = []
    for slide, words in zip(deck.slides, _words(rendered_pdf), strict=False):
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            top = shape.top
            for row in shape.table.rows:
                left = shape.left
                for column, cell in zip(shape.table.columns, row.cells, strict=True):
                    box = (left * scale, top * scale, (left + column.width) * scale, (top + row.height) * scale)
                    for x0, y0, x1, y1, _word in words:
                        inside = box[0] <= (x0 + x1) / 2 <= box[2] and box[1] <= y0 < box[3]
                        if inside and y1 > box[3] + 2:
                            problems.append(
                                f"slide {deck.slides.index(slide) + 1}: cut at the row's foot: {cell.text[:60]}"
                            )
                    left += column.width
                top += row.height
    return sorted(set(problems))


def xlsx_texts(data: bytes) -> list[tuple[str, str]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        (f"sheet {sheet.title} {cell.coordinate}", str(cell.value))
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.strip()
    ]


def xlsx_units(data: bytes, lang: str) -> list[str]:
    """Columns of whole numbers (counts) whose header names no unit, in a sheet with no unit column."""
    import openpyxl

    units = UNITS_TH if lang == "th" else UNITS_EN
    unit_column = translate("report_words.unit", lang)
    problems = []
    for sheet in openpyxl.load_workbook(io.BytesIO(data)):
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        header_at = next(
            (
                i
                for i, r in enumerate(rows)
                if sum(isinstance(v, str) for v in r) >= 2
                and any(isinstance(v, int | float) for row in rows[i + 1 :] for v in row)
            ),
            None,
        )
        if header_at is None:
            continue
        header, body = rows[header_at], rows[header_at + 1 :]
        if unit_column in header:
            continue
        for column, name in enumerate(header):
            values = [r[column] for r in body if column < len(r) and r[column] is not None]
            counts = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
            if name and counts and len(counts) == len(values) and not any(u in str(name).lower() for u in units):
                problems.append(f"sheet {sheet.title}: column {name!r} holds counts without a unit")
    return problems


PROPERTY = re.compile(r'"(name|value_text|detail|note|title|label|category_name|details)": ?"((?:[^"\\]|\\.)*)"')


def html_texts(page: str) -> list[tuple[str, str]]:
    """Visible text of a web page, and what a map's tooltips and popups show (its features'
    properties, in the page's script)."""
    import json

    visible = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", page)
    texts = [("page", unescape(t).strip()) for t in re.split(r"<[^>]+>", visible) if unescape(t).strip()]
    for key, raw in PROPERTY.findall(page):
        value = unescape(re.sub(r"<[^>]+>", " ", json.loads(f'"{raw}"')))
        if value.strip():
            texts.append((f"map {key}", " ".join(value.split())))
    return texts


def kml_texts(data: bytes) -> list[tuple[str, str]]:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(data)
    texts = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("name", "description") and element.text and element.text.strip():
            clean = unescape(re.sub(r"<[^>]+>", " ", element.text))
            texts.append((f"kml {tag}", " ".join(clean.split())))
    return texts


# ---- one document, read back and checked ------------------------------------------------------


def document_texts(document, tmp: Path, rendered: Path | None = None) -> list[tuple[str, str]]:
    """What people read in one document (tests.committee_documents.Document): a PDF through
    pdftotext, a deck's shapes and its rendering by LibreOffice (``rendered``, see render_decks,
    else rendered here), a workbook's cells, a web page's or a KML's visible text."""
    if document.kind == "pdf":
        return pdf_texts(document.data, tmp, document.name)
    if document.kind == "pptx":
        drawn = (rendered or _rendered(document, tmp)).read_bytes()
        return pptx_texts(document.data) + pdf_texts(drawn, tmp, f"{document.name}_rendered")
    if document.kind == "xlsx":
        return xlsx_texts(document.data)
    if document.kind == "html":
        return html_texts(document.data.decode("utf-8"))
    return kml_texts(document.data)


def _rendered(document, tmp: Path) -> Path:
    from tests.contest_fixtures import pptx_to_pdf

    return pptx_to_pdf(document.data, tmp)  # as LibreOffice draws it


def document_problems(document, lang: str, tmp: Path, rendered: Path | None = None) -> list[str]:
    """Every problem of one document; a deck is rendered by LibreOffice unless ``rendered``."""
    name = f"{document.name}.{document.kind}"
    if document.kind == "pptx":
        rendered = rendered or _rendered(document, tmp)
    texts = document_texts(document, tmp, rendered)
    if document.kind == "pdf":
        extra = pdf_overflow(document.data, tmp, document.name)
    elif document.kind == "pptx":
        extra = pptx_fit(document.data) + pptx_overlap(document.data) + pptx_axes(document.data)
        extra += pdf_overflow(rendered.read_bytes(), tmp, f"{document.name}_rendered")
        extra += pptx_table_clipping(document.data, rendered)
    elif document.kind == "xlsx":
        extra = xlsx_units(document.data, lang)
    else:
        extra = []
    # a map of a tambon with two villages reads its title and three texts per village
    assert len(texts) > (5 if document.kind in ("html", "kml") else 10), f"{name}: nothing read back"
    return text_problems([(f"{name} {w}", t) for w, t in texts], lang) + extra


def render_decks(decks: dict[str, bytes], tmp: Path) -> dict[str, Path]:
    """Several decks rendered by one LibreOffice run (its start-up is most of a deck's time)."""
    folder = tmp / "decks"
    folder.mkdir(exist_ok=True)
    sources = []
    for name, data in decks.items():
        sources.append(folder / f"{name}.pptx")
        sources[-1].write_bytes(data)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp / 'lo_profile'}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(folder), *map(str, sources)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    return {name: folder / f"{name}.pdf" for name in decks}
