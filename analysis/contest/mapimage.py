"""A static picture of the story's map (the same classes, colours and pins as the map page), drawn
with Pillow: Thai labels are shaped by libraqm, so vowels and tone marks sit in place."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

from analysis.contest.content import MapData
from analysis.contest.pdf import font_file, style

MARGIN = 40
LEGEND_WIDTH = 330
TITLE_HEIGHT = 70
POINT = 14  # a village drawn as a point: its radius in pixels
MAX_POINT_LABELS = 12


def _font(size: int, bold: bool = False, family: str | None = None) -> ImageFont.FreeTypeFont:
    family = (family or style()["deck_font"]) + (":bold" if bold else "")
    path = font_file(family)
    if path:
        return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)
    return ImageFont.load_default(size)


def _projection(data: MapData, width: int, height: int):
    """lon/lat → pixels: equirectangular, x shrunk by cos(latitude) so shapes keep their look."""
    points = [p for f in data.features for ring in f.rings for p in ring]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if all(_is_point(f) for f in data.features):  # villages as points: room around them for their labels
        pad_x, pad_y = max((max(xs) - min(xs)) * 0.25, 0.01), max((max(ys) - min(ys)) * 0.15, 0.01)
        xs, ys = [min(xs) - pad_x, max(xs) + pad_x * 2], [min(ys) - pad_y, max(ys) + pad_y]
    scale_x = math.cos(math.radians((min(ys) + max(ys)) / 2))
    span_x = max((max(xs) - min(xs)) * scale_x, 1e-9)
    span_y = max(max(ys) - min(ys), 1e-9)
    scale = min((width - 2 * MARGIN) / span_x, (height - 2 * MARGIN) / span_y)
    left = MARGIN + (width - 2 * MARGIN - span_x * scale) / 2
    top = MARGIN + (height - 2 * MARGIN - span_y * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return left + (lon - min(xs)) * scale_x * scale, top + (max(ys) - lat) * scale

    return project


def _label_point(ring: list[tuple[float, float]]) -> tuple[float, float]:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def _is_point(feature) -> bool:
    return all(len(ring) == 1 for ring in feature.rings)


def _draw_legend(draw: ImageDraw.ImageDraw, data: MapData, left: int, top: int) -> None:
    font = _font(24)
    for index, (colour, label) in enumerate(data.legend):
        y = top + index * 44
        draw.rectangle([left, y, left + 36, y + 30], fill=colour, outline="#555555")
        draw.text((left + 50, y + 15), label, font=font, fill="#1f2933", anchor="lm")


def render_map_png(data: MapData, width: int = 1600, height: int = 900) -> bytes:
    """The map as a PNG: areas coloured by class with their names, pins, title and legend."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 20), data.title, font=_font(34, bold=True), fill="#1f2933")
    project = _projection(data, width - LEGEND_WIDTH, height - TITLE_HEIGHT)

    def at(lon: float, lat: float) -> tuple[float, float]:
        x, y = project(lon, lat)
        return x, y + TITLE_HEIGHT

    points = [f for f in data.features if _is_point(f)]
    for feature in data.features:
        for ring in feature.rings:
            if len(ring) == 1:
                x, y = at(*ring[0])
                draw.ellipse(
                    [x - POINT, y - POINT, x + POINT, y + POINT], fill=feature.colour, outline="#555555", width=2
                )
            else:
                draw.polygon([at(*p) for p in ring], fill=feature.colour, outline="#ffffff", width=3)
    label_font = _font(22)
    # many points close together: their names would cover each other (the legend still reads)
    labelled = [f for f in data.features if not _is_point(f) or len(points) <= MAX_POINT_LABELS]
    for feature in labelled:
        largest = max(feature.rings, key=len)
        x, y = at(*_label_point(largest))
        point = _is_point(feature)
        draw.multiline_text(
            (x + POINT + 6, y) if point else (x, y),
            f"{feature.name}\n{feature.value_text}",
            font=label_font,
            fill="#111111",
            anchor="lm" if point else "mm",
            align="left" if point else "center",
            stroke_width=3,
            stroke_fill="#ffffff",
        )
    for pin in data.pins:
        x, y = at(pin.lon, pin.lat)
        draw.ellipse([x - 16, y - 16, x + 16, y + 16], fill=pin.colour, outline="white", width=3)
        # ★ and ≈ are not in the Thai fonts (DejaVu Sans has them); Thai letters are not in DejaVu
        thai = any("\u0e00" <= ch <= "\u0e7f" for ch in pin.symbol)
        symbol_font = _font(20, bold=True, family=None if thai else "DejaVu Sans")
        draw.text((x, y), pin.symbol, font=symbol_font, fill="white", anchor="mm")
    _draw_legend(draw, data, width - LEGEND_WIDTH + 20, TITLE_HEIGHT + 40)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
