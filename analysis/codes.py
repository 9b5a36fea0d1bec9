"""The one normaliser for Thai administrative area codes (DOPA standard).

Codes nest by prefix: province 2 digits, amphoe 4, tambon 6, village 8 (tambon + หมู่ number).
Published village files may use 10-digit ids: the village code plus a 2-digit suffix that tells
apart communities sharing one หมู่บ้าน code. They are kept whole (level "community"); their first
8 digits name the village. Codes are strings; leading zeros are kept.
"""

from __future__ import annotations

import math
import re

LEVELS: tuple[str, ...] = ("province", "amphoe", "tambon", "village")
LEVEL_LENGTH: dict[str, int] = {"province": 2, "amphoe": 4, "tambon": 6, "village": 8}
#: a 10-digit leaf below a village (one of several communities sharing its หมู่บ้าน code)
COMMUNITY = "community"
COMMUNITY_LENGTH = 10
#: every level a leaf rolls up to, finest last
ROLLUP_LENGTH: dict[str, int] = {**LEVEL_LENGTH, COMMUNITY: COMMUNITY_LENGTH}
LENGTH_LEVEL: dict[int, str] = {length: level for level, length in ROLLUP_LENGTH.items()}

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SEPARATORS = re.compile(r"[\s\-./_]+")
_TRAILING_DECIMAL = re.compile(r"\.0+$")
#: Tambon codes whose last two digits are 51 or more are municipal pseudo-tambons.
MUNICIPAL_MIN_SUFFIX = 51


class CodeError(ValueError):
    """A value that cannot be read as an area code; the message says why."""


def thai_digits_to_arabic(text: str) -> str:
    return text.translate(THAI_DIGITS)


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def normalise_code(value: object, level: str | None = None) -> str | None:
    """Return the canonical digit string of an area code, or None for a blank value.

    Accepts numbers, Thai digits, a "TH" prefix, separators ("31-01-01-05") and the ".0" that
    spreadsheets add to numbers. A 10-digit village id is kept whole (see village_of). When
    ``level`` is given the code must be of that level. Raises CodeError otherwise.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CodeError(f"{value!r} is not a code")
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not value.is_integer():
            raise CodeError(f"{value!r} is not a whole number")
        text = str(int(value))
    else:
        text = thai_digits_to_arabic(str(value).strip())
        text = _TRAILING_DECIMAL.sub("", text)
        if text[:2].upper() == "TH":
            text = text[2:]
        text = _SEPARATORS.sub("", text)
    if not text.isdigit() or not text.isascii():
        raise CodeError(f"{value!r} has characters other than digits")
    if len(text) not in LENGTH_LEVEL:
        raise CodeError(f"{value!r} has {len(text)} digits; expected 2, 4, 6, 8 or 10")
    if level is not None and LENGTH_LEVEL[len(text)] != level:
        raise CodeError(f"{value!r} is a {LENGTH_LEVEL[len(text)]} code, not a {level} code")
    return text


def level_of(code: str) -> str:
    """The level of a normalised code."""
    try:
        return LENGTH_LEVEL[len(code)]
    except KeyError as error:
        raise CodeError(f"{code!r} is not a normalised area code") from error


def village_of(code: str) -> str:
    """The หมู่บ้าน a village-or-community code belongs to (its first 8 digits)."""
    return code[: LEVEL_LENGTH["village"]]


def parent_code(code: str, level: str) -> str:
    """The code of the ancestor of ``code`` at ``level`` (prefix of the right length)."""
    length = ROLLUP_LENGTH[level]
    if len(code) < length:
        raise CodeError(f"{code!r} is above the {level} level")
    return code[:length]


def is_municipal_tambon(code: str) -> bool:
    """True for a tambon-level code (or a village inside one) in the municipal 51–99 range."""
    return len(code) >= 6 and int(code[4:6]) >= MUNICIPAL_MIN_SUFFIX


def village_code_from_parts(tambon_code: object, village_no: object) -> str:
    """Compose an 8-digit village code from a tambon code and a หมู่ number ("5", "๕", 5.0)."""
    tambon = normalise_code(tambon_code, level="tambon")
    if tambon is None:
        raise CodeError("missing tambon code")
    number_text = thai_digits_to_arabic(str(village_no).strip()) if not is_blank(village_no) else ""
    number_text = _TRAILING_DECIMAL.sub("", number_text)
    number_text = re.sub(r"^(หมู่ที่|หมู่|ม\.?)\s*", "", number_text)
    if not number_text.isdigit() or not number_text.isascii() or not 1 <= int(number_text) <= 99:
        raise CodeError(f"{village_no!r} is not a village number (1–99)")
    return f"{tambon}{int(number_text):02d}"
