"""The contest PowerPoint: 16:9, a Thai font on every run (latin and complex-script attributes, so
PowerPoint and LibreOffice both draw Thai with it), native charts with editable data, speaker notes."""

from __future__ import annotations

import io
from dataclasses import replace
from functools import cache

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from analysis.contest.charts import ChartSpec
from analysis.contest.content import ContestStory
from analysis.contest.mapimage import render_map_png
from analysis.contest.pdf import font_file, style
from analysis.contest.records import ProfileRecord
from analysis.contest.slides import Slide, SlideTable, story_slides

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TITLE_HEIGHT = Inches(1.0)
CELL_SPACE = 2  # points after each paragraph in a table cell
CROWDED = 8  # more areas than this in a clustered chart: their names slanted
FULL_SHARE = 85.0  # a share above this: the axis ends at 100% and the bar's label sits inside it
CHART_TYPES = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "clustered": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
}


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def thai_font(properties, family: str) -> None:
    """Set ``family`` as the latin, east-asian and complex-script font of a run/paragraph property
    element (a:rPr or a:defRPr): Thai is complex script, and LibreOffice reads the cs font for it."""
    for tag in ("a:latin", "a:ea", "a:cs"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
        element = etree.SubElement(properties, qn(tag))
        element.set("typeface", family)


def _write(
    frame,
    lines: list[str],
    size: int,
    bold: bool = False,
    colour: str = "#1f2933",
    bullet: bool = False,
    space: int = 6,
) -> None:
    family = style()["deck_font"]
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(space)
        run = paragraph.add_run()
        run.text = f"• {line}" if bullet else line
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, _rgb(colour)
        thai_font(run._r.get_or_add_rPr(), family)


def _title(slide, text: str, subtitle: str = "") -> None:
    box = slide.shapes.add_textbox(MARGIN, Inches(0.25), WIDTH - 2 * MARGIN, TITLE_HEIGHT)
    _write(box.text_frame, [text], 30, bold=True, colour=style()["accent"])
    if subtitle:
        sub = slide.shapes.add_textbox(MARGIN, Inches(1.0), WIDTH - 2 * MARGIN, subtitle_height(subtitle))
        _write(sub.text_frame, [subtitle], 18, colour="#52606d")


def subtitle_height(subtitle: str) -> int:
    """The subtitle's box: as many 18-pt lines as its text needs (a long meeting line takes two)."""
    return Inches(0.1) + int(Pt(18 * 1.45) * text_lines(subtitle, (WIDTH - 2 * MARGIN) / 914400 - 0.2, 18))


def _chart_font(chart, size: int) -> None:
    chart.font.size = Pt(size)
    text_properties = chart._chartSpace.find(qn("c:txPr"))
    for properties in text_properties.iter(qn("a:defRPr")):
        thai_font(properties, style()["deck_font"])


def _chart(slide, spec: ChartSpec, top: int) -> None:
    number_format = f'{spec.number_format}"{spec.suffix}"' if spec.suffix else spec.number_format
    spec = replace(spec, number_format=number_format)
    data = CategoryChartData(number_format=spec.number_format)
    data.categories = spec.categories
    for series in spec.series:
        data.add_series(series.name, series.values)
    height = HEIGHT - top - Inches(0.3)
    frame = slide.shapes.add_chart(CHART_TYPES[spec.kind], MARGIN, top, WIDTH - 2 * MARGIN, height, data)
    chart = frame.chart
    chart.has_title = False  # the slide's title says it
    _chart_font(chart, 16)
    plot = chart.plots[0]
    plot.has_data_labels = spec.kind != "clustered"  # 5 labels per area would cover each other
    if plot.has_data_labels:
        plot.data_labels.number_format, plot.data_labels.number_format_is_linked = spec.number_format, False
    if spec.kind == "bar":
        chart.category_axis.reverse_order = True  # rank 1 on top
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        plot.gap_width = 60
    if spec.kind == "stacked":
        plot.data_labels.position = XL_LABEL_POSITION.CENTER
        plot.data_labels.number_format = f"{spec.number_format};-{spec.number_format};;"  # no "0" labels
    chart.value_axis.tick_labels.number_format = spec.number_format
    chart.value_axis.tick_labels.number_format_is_linked = False
    _scale(chart, spec)
    if spec.kind == "clustered" and len(spec.categories) > CROWDED:
        _slanted_categories(chart)
    if spec.axis_title:  # the unit of the numbers ("ร้อยละไม่ผ่านเกณฑ์ (%)", "งบประมาณ (บาท)")
        chart.value_axis.has_title = True
        title = chart.value_axis.axis_title.text_frame
        _write(title, [spec.axis_title], 14, colour="#52606d")
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    chart.value_axis.has_major_gridlines = False
    for series, spec_series in zip(plot.series, spec.series, strict=True):
        colours = spec_series.point_colours or ([spec_series.colour] if spec_series.colour else [])
        if spec_series.point_colours:
            for point, colour in zip(series.points, colours, strict=False):
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(colour)
        elif colours:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(colours[0])


def _scale(chart, spec: ChartSpec) -> None:
    """Bars measured from zero (PowerPoint and LibreOffice start the axis near the smallest bar
    when the bars are close: 27–34% drawn as if one were ten times the other), and a share never
    beyond 100%: a bar near the end gets its label inside it."""
    chart.value_axis.minimum_scale = 0
    values = [v for series in spec.series for v in series.values if v is not None]
    if spec.suffix != "%" or not values or max(values) <= FULL_SHARE:
        return
    chart.value_axis.maximum_scale, chart.value_axis.major_unit = 100, 20
    if spec.kind == "bar":
        for series, spec_series in zip(chart.plots[0].series, spec.series, strict=True):
            # a label of its own on one bar gives the series labels of its own: all shown, outside
            labels = series.data_labels
            labels.show_value, labels.position = True, XL_LABEL_POSITION.OUTSIDE_END
            labels.number_format, labels.number_format_is_linked = spec.number_format, False
            for index, value in enumerate(spec_series.values):
                if value is not None and value > FULL_SHARE:
                    label = series.points[index].data_label
                    label.position = XL_LABEL_POSITION.INSIDE_END
                    label.font.color.rgb, label.font.bold = _rgb("#ffffff"), True


def _slanted_categories(chart) -> None:
    """Many areas side by side (an amphoe's 21 tambons): their names slanted at 45° in smaller
    type, whole, instead of broken a syllable a line under columns too narrow for them."""
    axis = chart.category_axis
    axis.tick_labels.font.size = Pt(12)
    properties = axis._element.find(qn("c:txPr"))
    properties.find(qn("a:bodyPr")).set("rot", "-2700000")
    for run_properties in properties.iter(qn("a:defRPr")):
        thai_font(run_properties, style()["deck_font"])


THAI_MARKS = {chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))}


def text_lines(text: str, width_inches: float, size: int) -> int:
    """Lines ``text`` takes in a box ``width_inches`` wide at ``size`` points: the larger of a
    character count (Thai marks above and below take no width, a character 0.55 em) and the text's
    width measured with the deck's font, with room for breaking between words — generous, so text
    is never cut (LibreOffice does not grow a table row by itself)."""
    per_line = max(1, int(width_inches * 72 / (0.55 * size)))
    lines = 0
    for part in text.split("\n"):
        counted = max(1, -(-sum(ch not in THAI_MARKS for ch in part) // per_line))
        measured = -(-int(_width_points(part, size) * 1.12) // max(1, int(width_inches * 72)))
        lines += max(counted, measured, 1)
    return lines


@cache
def _font(size: int):
    from PIL import ImageFont

    path = font_file(style()["deck_font"])
    return ImageFont.truetype(path, size * 4, layout_engine=ImageFont.Layout.RAQM) if path else None


def _width_points(text: str, size: int) -> float:
    """The width of ``text`` at ``size`` points in the deck's font (0 when the font is missing)."""
    font = _font(size)
    return font.getlength(text) / 4 if font is not None and text else 0.0


def fitting_size(lines: list[str], width_inches: float, height_inches: float, largest: int, smallest: int = 12) -> int:
    """The largest type (points) at which ``lines`` (bullets) fit a box: text is made smaller,
    never cut."""
    size = largest
    while size > smallest:
        used = sum(text_lines(f"• {line}", width_inches, size) * size * 1.4 + 6 for line in lines) / 72
        if used <= height_inches:
            break
        size -= 1
    return size


def _row_heights(table: SlideTable, widths: list[float], size: int) -> list[int]:
    """Each row's height: its tallest cell's lines (LibreOffice does not grow rows by itself)."""
    heights = []
    for values in [table.headers, *table.rows]:
        lines = max(text_lines(v, w - 0.2, size) for v, w in zip(values, widths, strict=True))
        # a Thai line is about 1.4 em high in LibreOffice and PowerPoint, plus each paragraph's space after
        heights.append(int(Pt(size * 1.4 + CELL_SPACE) * lines + Inches(0.14)))
    return heights


def _table(slide, table: SlideTable, top: int) -> None:
    rows, columns = len(table.rows) + 1, len(table.headers)
    inches = [(WIDTH - 2 * MARGIN) / 914400 * w / sum(table.widths) for w in table.widths]
    available = HEIGHT - top - Inches(0.3)
    size = 18
    while size > 11 and sum(_row_heights(table, inches, size)) > available:
        size -= 1
    heights = _row_heights(table, inches, size)
    shape = slide.shapes.add_table(rows, columns, MARGIN, top, WIDTH - 2 * MARGIN, sum(heights)).table
    for index, width in enumerate(inches):
        shape.columns[index].width = Emu(int(width * 914400))
    for index, height in enumerate(heights):
        shape.rows[index].height = Emu(height)
    for r, values in enumerate([table.headers, *table.rows]):
        for c, value in enumerate(values):
            cell = shape.cell(r, c)
            cell.text_frame.clear()
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            colour = "#ffffff" if r == 0 else "#1f2933"
            _write(cell.text_frame, str(value).split("\n"), size, bold=r == 0, colour=colour, space=CELL_SPACE)


def _photos(slide, photos: list[tuple[bytes, str]], top: int, left: int = MARGIN, width: int | None = None) -> None:
    width = width or WIDTH - 2 * MARGIN
    count = len(photos)
    gap = Inches(0.2)
    cell = int((width - gap * (count - 1)) / max(count, 1))
    for index, (data, caption) in enumerate(photos):
        x = left + index * (cell + gap)
        picture = slide.shapes.add_picture(io.BytesIO(data), x, top, width=cell)
        if picture.height > HEIGHT - top - Inches(1.0):  # too tall: fit the height, keep the ratio
            ratio = (HEIGHT - top - Inches(1.0)) / picture.height
            picture.height, picture.width = int(picture.height * ratio), int(picture.width * ratio)
        label = slide.shapes.add_textbox(x, top + picture.height + Inches(0.05), cell, Inches(0.6))
        _write(label.text_frame, [caption], 14, colour="#52606d")


def _render(deck, slide_data: Slide) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank: every shape is placed here
    if slide_data.key in ("title", "closing"):
        # a long name ("Tambon Nikhom Sang Ton-eng Lam Dom Noi") takes two lines: the subtitle
        # goes under the lines the title takes, never over its last one
        lines = text_lines(slide_data.title, (WIDTH - 2 * MARGIN) / 914400 - 0.2, 44)
        title_height = Inches(0.1) + int(Pt(44 * 1.25) * lines)
        box = slide.shapes.add_textbox(MARGIN, Inches(2.2), WIDTH - 2 * MARGIN, title_height)
        _write(box.text_frame, [slide_data.title], 44, bold=True, colour=style()["accent"])
        below = max(Inches(3.6), Inches(2.2) + title_height + Inches(0.1))
        sub = slide.shapes.add_textbox(MARGIN, below, WIDTH - 2 * MARGIN, HEIGHT - below - Inches(0.3))
        _write(sub.text_frame, [slide_data.subtitle, *slide_data.bullets], 22, colour="#52606d")
        for paragraph in [*box.text_frame.paragraphs, *sub.text_frame.paragraphs]:
            paragraph.alignment = PP_ALIGN.CENTER
    else:
        _title(slide, slide_data.title, slide_data.subtitle)
        _body(slide, slide_data)
    if slide_data.notes:
        slide.notes_slide.notes_text_frame.text = slide_data.notes


def _body(slide, slide_data: Slide) -> None:
    top = Inches(1.1) + subtitle_height(slide_data.subtitle) if slide_data.subtitle else Inches(1.3)
    if slide_data.chart:
        _chart(slide, slide_data.chart, top)
    elif slide_data.table:
        _table(slide, slide_data.table, top)
    elif slide_data.image:
        picture = slide.shapes.add_picture(io.BytesIO(slide_data.image), MARGIN, top, height=HEIGHT - top - Inches(0.2))
        picture.left = int((WIDTH - picture.width) / 2)
    if slide_data.bullets:
        width = (WIDTH - 2 * MARGIN) * (0.55 if slide_data.photos else 1)
        height = HEIGHT - top - Inches(0.3)
        size = fitting_size(slide_data.bullets, width / 914400 - 0.2, height / 914400, 20)
        box = slide.shapes.add_textbox(MARGIN, top, int(width), height)
        _write(box.text_frame, slide_data.bullets, size, bullet=True)
        if slide_data.photos:
            left = MARGIN + int(width) + Inches(0.3)
            _photos(slide, slide_data.photos[:1], top, left, WIDTH - left - MARGIN)
    elif slide_data.photos:
        _photos(slide, slide_data.photos, top)


def build_deck(story: ContestStory, profile: ProfileRecord | None) -> bytes:
    """The contest deck of a story as .pptx bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    map_png = render_map_png(story.map) if story.map else None
    for slide_data in story_slides(story, profile, map_png):
        _render(deck, slide_data)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
