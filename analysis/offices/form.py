"""The role-model amphoe report form (seed 002, "แบบฟอร์มการคัดเลือกอำเภอต้นแบบ"): the chosen
amphoe, its score and evidence on each criterion, and the scores of every amphoe the province
considered. One content (``form_content``) drawn twice: HTML → PDF through WeasyPrint (Thai line
breaking through Pango/libthai, the project's fonts) and DOCX through python-docx.

Nothing personal is printed: the signature lines are left for the signer to write on."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from analysis.contest.pdf import font_stack, html_to_pdf, style
from analysis.i18n import translate
from analysis.offices.records import RoleModelSheet
from analysis.offices.scores import chosen, score_table, total
from analysis.offices.settings import label, role_model
from analysis.thaidate import fmt_date_th, today_bangkok


@dataclass(frozen=True)
class FormContent:
    title: str
    lines: list[str]  #: the letter's paragraphs before the tables
    criteria_header: list[str]
    criteria_rows: list[list[str]]  #: number, criterion, weight %, score, evidence
    ranking_header: list[str]
    ranking_rows: list[list[str]]
    closing: list[str]  #: the closing and the signature lines


def _score(value: object) -> str:
    return "–" if value is None else f"{float(value):g}"


def form_content(
    province: str, year: int, sheets: list[RoleModelSheet], names: Callable[[str, str], str], lang: str = "th"
) -> FormContent:
    """The form of ``province``'s fiscal year ``year`` from its score sheets (the amphoe ranked
    first is the one reported; a tie is said, for the province to settle)."""
    model = role_model()
    table = score_table(sheets, names, lang)
    first = chosen(table)
    say = lambda key, **v: translate(f"offices.form.{key}", lang, **v)  # noqa: E731
    top = next((s for s in sheets if first and s.amphoe_code == first[0]), None)
    amphoe_name = names(first[0], lang) if first else "-"
    lines = [
        say("to"),
        say("intro", year=year),
        say("chosen", province=names(province, lang), amphoe=amphoe_name, points=_score(total(top)) if top else "–"),
    ]
    if len(first) > 1:
        lines.append(say("tie", amphoes=", ".join(names(c, lang) for c in first)))
    rows = [
        [
            c["number"],
            label(c, lang),
            f"{float(c['weight']) * 100:g}%",
            _score(top.scores.get(c["id"])) if top else "–",
            (top.evidence.get(c["id"]) if top else "") or say("no_evidence"),
        ]
        for c in model["criteria"]
    ]
    scale = say("scale", low=model["scale_min"], high=model["scale_max"], total=model["total_points"])
    ranking = [
        [str(r["rank"]), r["amphoe"], *[_score(r[c["id"]]) for c in model["criteria"]], _score(r["total"])]
        for _, r in table.iterrows()
    ]
    criteria_numbers = [say("criterion_short", n=c["number"]) for c in model["criteria"]]
    return FormContent(
        title=say("title"),
        lines=lines,
        criteria_header=[
            say("col_number"),
            say("col_criterion"),
            say("col_weight"),
            say("col_score"),
            say("col_evidence"),
        ],
        criteria_rows=rows,
        ranking_header=[
            say("col_rank"),
            say("col_amphoe"),
            *criteria_numbers,
            say("col_total", total=model["total_points"]),
        ],
        ranking_rows=ranking,
        closing=[
            scale,
            say("closing"),
            say("signature"),
            say("position", province=names(province, lang)),
            say("made_on", day=fmt_date_th(today_bangkok(), lang)),
        ],
    )


def _table(header: list[str], rows: list[list[str]], widths: list[int]) -> str:
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def form_html(content: FormContent, demo_note: str | None = None) -> str:
    font = font_stack("document")
    css = f"""
    @page {{ size: A4; margin: 2cm 2cm 2cm 2.5cm; }}
    body {{ font-family: {font}; font-size: 15pt; line-height: 1.45; color: #111; }}
    h1 {{ font-family: {font_stack("heading")}; font-size: 18pt; text-align: center; margin: 0 0 0.6em; }}
    p {{ margin: 0 0 0.5em; text-indent: 2.5em; }}
    p.plain {{ text-indent: 0; }}
    p.sign {{ text-indent: 0; margin-left: 50%; text-align: center; }}
    table {{ width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0.5em 0 1em; font-size: 13pt; }}
    th, td {{ border: 0.6pt solid #555; padding: 3pt 5pt; vertical-align: top; overflow-wrap: break-word; }}
    th {{ background: #e8f0f7; }}
    .demo {{ color: #7a5b00; font-size: 12pt; text-align: center; }}
    """
    demo = f'<p class="demo plain">{escape(demo_note)}</p>' if demo_note else ""
    first, *rest = content.lines
    paragraphs = f'<p class="plain">{escape(first)}</p>' + "".join(f"<p>{escape(x)}</p>" for x in rest)
    scale, closing, *sign = content.closing
    ranking_widths = [9, 31] + [11] * (len(content.ranking_header) - 3) + [16]
    return (
        f'<!doctype html><html lang="th"><head><meta charset="utf-8"><style>{css}</style></head><body>{demo}'
        f"<h1>{escape(content.title)}</h1>{paragraphs}"
        + _table(content.criteria_header, content.criteria_rows, [7, 30, 13, 12, 38])
        + f'<p class="plain">{escape(scale)}</p>'
        + _table(content.ranking_header, content.ranking_rows, ranking_widths)
        + f"<p>{escape(closing)}</p>"
        + "".join(f'<p class="sign">{escape(s)}</p>' for s in sign)
        + "</body></html>"
    )


def form_pdf(content: FormContent, demo_note: str | None = None) -> bytes:
    return html_to_pdf(form_html(content, demo_note))


def _a4_document():
    """An empty A4 Word document whose normal text is the document font (Thai and Latin alike)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = Cm(2.5), Cm(2), Cm(2), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = style()["document_font"], Pt(15)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), style()["document_font"])
    normal.element.get_or_add_rPr().append(normal.element.makeelement(qn("w:szCs"), {qn("w:val"): "30"}))
    return document


def form_docx(content: FormContent, demo_note: str | None = None) -> bytes:
    """The same form as a Word document (A4, the document font for Thai and Latin text)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = _a4_document()

    def paragraph(text: str, align=None, indent: bool = False, bold: bool = False, size: int | None = None):
        made = document.add_paragraph()
        run = made.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            made.alignment = align
        if indent:
            made.paragraph_format.first_line_indent = Cm(1.25)
        return made

    if demo_note:
        paragraph(demo_note, WD_ALIGN_PARAGRAPH.CENTER, size=12)
    paragraph(content.title, WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=18)
    first, *rest = content.lines
    paragraph(first)
    for line in rest:
        paragraph(line, indent=True)

    def table(header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        made = document.add_table(rows=1, cols=len(header))
        made.style = "Table Grid"
        for cell, text in zip(made.rows[0].cells, header, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for row in rows:
            for cell, text in zip(made.add_row().cells, row, strict=True):
                cell.text = str(text)
        for row in made.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
                for run in (r for p in cell.paragraphs for r in p.runs):
                    run.font.size = Pt(13)

    table(content.criteria_header, content.criteria_rows, [1.2, 5.5, 1.6, 1.6, 6.6])
    scale, closing, *sign = content.closing
    paragraph(scale)
    count = len(content.ranking_header)
    table(content.ranking_header, content.ranking_rows, [1.4, 5.0] + [1.7] * (count - 3) + [2.3])
    paragraph(closing, indent=True)
    for line in sign:
        made = paragraph(line, WD_ALIGN_PARAGRAPH.CENTER)
        made.paragraph_format.left_indent = Cm(8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def form_name(province: str, year: int, extension: str) -> str:
    """A file name without spaces: role_model_<province>_<year>.<extension>."""
    return f"role_model_{province}_{year}.{extension}"
