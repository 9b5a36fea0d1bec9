"""The files a KMZ carries beside its KML: each pin category's icon, drawn here from the category's
colour and symbol (data/pin_categories.csv), and each place's photo re-encoded so that nothing but
its pixels leaves the office — no EXIF (GPS position, camera, date), no XMP or comments — within the
size limits of data/settings.toml [kmz]."""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont, ImageOps

from analysis.config import settings

#: fonts tried for a category's symbol, in order: Thai letters (ว ร ต ศ, ฿) are in Loma
#: (fonts-thai-tlwg), ★ and ≈ only in DejaVu Sans (fonts-dejavu-core); both installed by
#: scripts/install_system_deps.sh
SYMBOL_FONTS = ("Loma:bold", "DejaVu Sans:bold")
#: JPEG qualities tried, best first, before the photo is made smaller
QUALITIES = (82, 72, 62, 52)
PHOTO_NAME = "files/photos/{key}.jpg"
ICON_NAME = "files/icons/{key}.png"


def limits() -> dict[str, int]:
    """The [kmz] limits: photo_max_px, photo_max_kb, photos_max_total_mb, icon_px."""
    declared = settings()["kmz"]
    return {key: int(declared[key]) for key in ("photo_max_px", "photo_max_kb", "photos_max_total_mb", "icon_px")}


@cache
def _font_path(symbol: str) -> str | None:
    """The first of SYMBOL_FONTS that draws every character of ``symbol`` (None: Pillow's own)."""
    from fontTools.ttLib import TTFont

    from analysis.contest.pdf import font_file

    for family in SYMBOL_FONTS:
        path = font_file(family)
        if not path:
            continue
        cmap = TTFont(path, lazy=True).getBestCmap() or {}
        if all(ord(character) in cmap for character in symbol):
            return path
    return None


def category_icon(symbol: str, colour: str, size: int | None = None) -> bytes:
    """A category's icon as PNG: its symbol in white on a disc of its colour with a white rim, as
    the HTML map draws its pins; transparent around the disc. Drawn four times larger and reduced,
    so the edges are smooth."""
    size = size or limits()["icon_px"]
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    margin, drop = big * 0.06, big * 0.04  # the shadow falls ``drop`` below the disc
    disc = [margin + drop / 2, margin, big - margin - drop / 2, big - margin - drop]
    draw.ellipse([disc[0], disc[1] + drop, disc[2], disc[3] + drop], fill=(0, 0, 0, 90))
    draw.ellipse(disc, fill=colour, outline="white", width=big // 14)
    path = _font_path(symbol)
    points = int(big * 0.46)
    font = ImageFont.truetype(path, points) if path else ImageFont.load_default(points)
    draw.text((big / 2, (disc[1] + disc[3]) / 2), symbol, font=font, fill="white", anchor="mm")
    buffer = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def clean_photo(data: bytes, max_px: int | None = None, max_kb: int | None = None) -> tuple[bytes, int, int] | None:
    """A photo as JPEG with its pixels only (turned upright first, as its EXIF orientation says),
    at most ``max_px`` a side and ``max_kb`` kilobytes: (bytes, width, height), or None when the
    bytes are not a picture Pillow can read."""
    declared = limits()
    max_px = max_px or declared["photo_max_px"]
    max_bytes = (max_kb or declared["photo_max_kb"]) * 1024
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.draft("RGB", (max_px, max_px))  # a JPEG decoded at a reduced scale: less memory
            upright = ImageOps.exif_transpose(opened)
            upright.thumbnail((max_px, max_px))
            pixels = _flattened(upright)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    while True:
        for quality in QUALITIES:
            encoded = _jpeg(pixels, quality)
            if len(encoded) <= max_bytes or max(pixels.size) <= 64:
                return encoded, *pixels.size
        pixels = pixels.resize((max(1, pixels.width * 3 // 4), max(1, pixels.height * 3 // 4)))


def _flattened(image: Image.Image) -> Image.Image:
    """A new RGB image holding only the pixels (transparent parts on white): nothing of the
    original's metadata can be carried over by the encoder."""
    rgba = image.convert("RGBA")
    clean = Image.new("RGB", rgba.size, "white")
    clean.paste(rgba, mask=rgba.getchannel("A"))
    return clean


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, exif=b"")
    return buffer.getvalue()
