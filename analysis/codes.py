"""The one normaliser for Thai administrative area codes (DOPA standard).

Codes nest by prefix: province 2 digits, amphoe 4, tambon 6, village 8 (tambon + หมู่ number).
Published village files may use 10-digit ids: the village code plus a 2-digit suffix that tells
apart communities sharing one หมู่บ้าน code. They are kept whole (level "community"); their first
8 digits name the village. Big city municipalities number their communities (ชุมชน) with a letter
after the 6-digit (municipal) tambon code: `901151A001`. Such a code is kept as given (letters in
upper case), is a community too, and belongs to no หมู่บ้าน: it rolls up to its tambon by its
first 6 digits. Codes are strings; leading zeros are kept.
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
#: the lengths by name, for code that slices a code to a level (``code[:TAMBON_LENGTH]``)
PROVINCE_LENGTH, AMPHOE_LENGTH, TAMBON_LENGTH, VILLAGE_LENGTH = (LEVEL_LENGTH[level] for level in LEVELS)

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SEPARATORS = re.compile(r"[\s\-./_]+")
_TRAILING_DECIMAL = re.compile(r"\.0+$")
#: Tambon codes whose last two digits are 51 or more are municipal pseudo-tambons.
MUNICIPAL_MIN_SUFFIX = 51
#: a municipal community numbered with a letter: the 6-digit tambon, a letter, 3 letters or digits
LETTERED_PATTERN = "[0-9]{6}[A-Z][0-9A-Z]{3}"
_LETTERED = re.compile(LETTERED_PATTERN)
LEVEL_WORDS = {
    "th": {"province": "จังหวัด", "amphoe": "อำเภอ", "tambon": "ตำบล", "village": "หมู่บ้าน", "community": "ชุมชน"},
    "en": {"province": "a province", "amphoe": "an amphoe", "tambon": "a tambon", "village": "a village"}
    | {"community": "a community"},
}


class CodeError(ValueError):
    """A value that cannot be read as an area code. ``reason`` names why; ``words()`` says it in
    Thai and English (data/i18n/*/published.toml); ``str()`` is the English."""

    def __init__(self, reason: str, **values: object):
        self.reason = reason
        self.values = values
        super().__init__(self.words()["en"])

    def words(self) -> dict[str, str]:
        from analysis.i18n import translate

        said = {}
        for lang in ("th", "en"):
            values = {k: LEVEL_WORDS[lang].get(v, v) if k in ("level", "found") else v for k, v in self.values.items()}
            said[lang] = translate(f"code_error.{self.reason}", lang, **values)
        return said


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
        raise CodeError("not_a_code", value=repr(value))
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not value.is_integer():
            raise CodeError("not_whole", value=repr(value))
        text = str(int(value))
    else:
        text = thai_digits_to_arabic(str(value).strip())
        text = _TRAILING_DECIMAL.sub("", text)
        if text[:2].upper() == "TH":
            text = text[2:]
        text = _SEPARATORS.sub("", text)
    if _LETTERED.fullmatch(text.upper()):
        text = text.upper()
    elif not text.isdigit() or not text.isascii():
        raise CodeError("not_digits", value=repr(value))
    if len(text) not in LENGTH_LEVEL:
        raise CodeError("bad_length", value=repr(value), n=len(text))
    if level is not None and LENGTH_LEVEL[len(text)] != level:
        raise CodeError("wrong_level", value=repr(value), found=LENGTH_LEVEL[len(text)], level=level)
    return text


def is_lettered(code: str) -> bool:
    """A municipal community numbered with a letter (``901151A001``): no หมู่บ้าน above it."""
    return bool(_LETTERED.fullmatch(code))


def lettered_sql(column: str) -> str:
    """SQL: the code in ``column`` is a lettered community (is_lettered, over a whole column)."""
    return f"regexp_full_match({column}, '{LETTERED_PATTERN}')"


def parent_of(code: str) -> str | None:
    """The code of the area directly above: a lettered community's tambon, else the code without
    its last two digits (None above a province)."""
    if is_lettered(code):
        return code[: LEVEL_LENGTH["tambon"]]
    return code[:-2] or None


def level_of(code: str) -> str:
    """The level of a normalised code."""
    try:
        return LENGTH_LEVEL[len(code)]
    except KeyError as error:
        raise CodeError("not_normalised", value=repr(code)) from error


def village_of(code: str) -> str | None:
    """The หมู่บ้าน a village-or-community code belongs to (its first 8 digits); None for a
    lettered community, which belongs to its tambon only."""
    return None if is_lettered(code) else code[: LEVEL_LENGTH["village"]]


def parent_code(code: str, level: str) -> str:
    """The code of the ancestor of ``code`` at ``level`` (prefix of the right length)."""
    length = ROLLUP_LENGTH[level]
    if len(code) < length or (level == "village" and is_lettered(code)):
        raise CodeError("above_level", value=repr(code), level=level)
    return code[:length]


def is_municipal_tambon(code: str) -> bool:
    """True for a tambon-level code (or a village inside one) in the municipal 51–99 range."""
    return len(code) >= 6 and int(code[4:6]) >= MUNICIPAL_MIN_SUFFIX


def village_code_from_parts(tambon_code: object, village_no: object) -> str:
    """Compose an 8-digit village code from a tambon code and a หมู่ number ("5", "๕", 5.0)."""
    tambon = normalise_code(tambon_code, level="tambon")
    if tambon is None:
        raise CodeError("missing_tambon")
    number_text = thai_digits_to_arabic(str(village_no).strip()) if not is_blank(village_no) else ""
    number_text = _TRAILING_DECIMAL.sub("", number_text)
    number_text = re.sub(r"^(หมู่ที่|หมู่|ม\.?)\s*", "", number_text)
    if not number_text.isdigit() or not number_text.isascii() or not 1 <= int(number_text) <= 99:
        raise CodeError("bad_village_no", value=repr(village_no))
    return f"{tambon}{int(number_text):02d}"


def prefix_at(code: str, level: str) -> str:
    """The first digits of ``code`` that name its area at ``level`` (the code itself when it is
    that level or above it)."""
    return code[: ROLLUP_LENGTH[level]]


def ancestors(code: str, finest: str = "village") -> list[str]:
    """The codes of the areas strictly above ``code``, province first, down to ``finest``."""
    top = ROLLUP_LENGTH[finest]
    return [code[:length] for length in ROLLUP_LENGTH.values() if length <= top and length < len(code)]


def lengths_sql(finest: str = "village", column: str = "n") -> str:
    """SQL rows of the level lengths down to ``finest``: ``(VALUES (2), (4), …) AS lv(n)``."""
    lengths = [length for length in ROLLUP_LENGTH.values() if length <= ROLLUP_LENGTH[finest]]
    return "(VALUES " + ", ".join(f"({length})" for length in lengths) + f") AS lv({column})"
