"""Privacy by default (PDPA): the one small-count rule, and how personal columns are recognised.

Small counts. A count of households or persons from 1 to ``min_public_count`` − 1
(data/settings.toml ``[privacy]``) is shown as "< N" to anyone whose role lacks household-level
access (view_households) — in tables, chart labels, map tooltips and exports. 0 stays 0: it names
no household. Percentages computed from a suppressed count are blanked, and (with ``totals``) the
other parts of a total are hidden too ("ปกปิด"), so a suppressed count cannot be recovered by
subtraction; when a total itself is suppressed, all its parts are (zeros included). The rank and
compare logic keep using true counts: suppression is applied only to what is shown.

Personal columns. ``personal_reason(header, sample)`` says why a column holds personal data: by
its header (names, citizen ids, phones, addresses, house numbers, e-mail, birth dates, in Thai and
English spellings) or by its values (13-digit Thai ids with a valid checksum, Thai phone numbers,
names with a Thai or English title, addresses). The importer drops such columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.config import settings
from analysis.formatting import fmt_int
from analysis.i18n import translate

# ---- small counts ---------------------------------------------------------------------------


def min_public_count() -> int:
    return int(settings()["privacy"]["min_public_count"])


def suppressed(values: object, threshold: int | None = None) -> np.ndarray:
    """THE rule, vectorised: True where 1 ≤ value < threshold (missing values are not suppressed)."""
    n = min_public_count() if threshold is None else int(threshold)
    numbers = pd.to_numeric(pd.Series(np.atleast_1d(np.asarray(values, dtype=object))), errors="coerce").to_numpy()
    with np.errstate(invalid="ignore"):
        return (numbers >= 1) & (numbers < n)


def suppressed_label(threshold: int | None = None) -> str:
    return f"< {min_public_count() if threshold is None else int(threshold)}"


def format_count(value: object, threshold: int | None = None, suppress: bool = True) -> str:
    """A count as shown: "1,234", or "< 5" when suppressed (``suppress`` False: the true count)."""
    if suppress and bool(suppressed([value], threshold)[0]):
        return suppressed_label(threshold)
    return fmt_int(value)


def count_labels(values: Iterable[object], threshold: int | None = None, suppress: bool = True) -> list[str]:
    """``format_count`` over many values (chart labels, tooltips)."""
    values = list(values)
    hidden = suppressed(values, threshold) if suppress else np.zeros(len(values), dtype=bool)
    label = suppressed_label(threshold)
    return [label if h else fmt_int(v) for v, h in zip(values, hidden, strict=True)]


def privacy_applies(actor, area_code: str | None = None) -> bool:
    """Whether counts are suppressed for ``actor`` (no household-level access to the area)."""
    return not actor.can("view_households", area_code)


def suppress_counts(
    frame: pd.DataFrame,
    counts: Sequence[str],
    percentages: Mapping[str, Sequence[str]] | Sequence[str] = (),
    totals: Mapping[str, Sequence[str]] | None = None,
    threshold: int | None = None,
    lang: str = "th",
) -> pd.DataFrame:
    """A copy of ``frame`` for display or export: ``counts`` cells 1..N−1 become "< N".

    ``percentages``: pct column → the count columns it is computed from (a plain list: from all
    ``counts``); blanked (None) in rows where any source is suppressed or hidden.
    ``totals``: total column → its parts (applicable → pass, fail). A suppressed total suppresses
    its parts (0 included); a suppressed part hides the other parts of a shown total.
    """
    hidden = {c: suppressed(frame[c].to_numpy(), threshold) for c in counts if c in frame}
    masked = {c: np.zeros(len(frame), dtype=bool) for c in hidden}
    for total, parts in (totals or {}).items():
        parts = [p for p in parts if p in hidden]
        if total not in hidden or not parts:
            continue
        for part in parts:
            hidden[part] = hidden[part] | (hidden[total] & frame[part].notna().to_numpy())
        any_part = np.logical_or.reduce([hidden[p] for p in parts])
        for part in parts:
            masked[part] = masked[part] | (any_part & ~hidden[total] & ~hidden[part])
    out = frame.copy()
    if not isinstance(percentages, Mapping):
        percentages = {p: list(hidden) for p in percentages}
    for pct, sources in percentages.items():
        if pct in out:
            blank = np.logical_or.reduce([hidden[s] | masked[s] for s in sources if s in hidden] or [False])
            out[pct] = out[pct].astype(object).where(~np.asarray(blank, dtype=bool), None)
    label, hide = suppressed_label(threshold), translate("privacy.masked", lang)
    for column in hidden:
        values = out[column].astype(object)
        values = values.where(~hidden[column], label).where(~masked[column], hide)
        out[column] = values
    return out


# ---- personal columns -----------------------------------------------------------------------

_STRIP = re.compile(r"[\s\.\,\:\;\-\_\/\(\)\[\]\"'#*]+")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
#: an indicator column ("ข้อ 20 …", "ตัวชี้วัดที่ 20", "q20") is data, whatever words follow
_INDICATOR = re.compile(r"^(?:(ข้อที่|ข้อ|ตัวชี้วัดที่|ตัวชี้วัด|indicator|ind|bmn|จปฐ|nrd|กชช2ค|q|i)0*\d{1,2}(?!\d)|\d+$)")
#: words that make "ชื่อ…"/"…name" an area's, a project's or an indicator's name, not a person's
_NOT_A_PERSON = re.compile(
    r"หมู่บ้าน|ตำบล|อำเภอ|จังหวัด|ชุมชน|พื้นที่|โครงการ|ตัวชี้วัด|หน่วยงาน|สถานที่|องค์กร|กลุ่ม|ไฟล์|โรงเรียน|วัด|"
    r"village|tambon|amphoe|amphur|district|province|area|indicator|project|place|org|group|file|sheet|catalog|school"
)
HEADER_PATTERNS: dict[str, re.Pattern] = {
    "citizen_id": re.compile(
        r"บัตรประ|ประจำตัวประชาชน|เลขประจำตัว|เลขบัตร|หนังสือเดินทาง|citizen|nationalid|idcard|personalid|passport|"
        r"^(cid|pid|nid|idno|idnumber|thaiid|id13)$"
    ),
    "phone": re.compile(r"โทร(?!ทัศน์)|มือถือ|^เบอร์|เบอร์ติดต่อ|phone|mobile|^tel|^cell$|contactno|contactnumber|lineid|ไลน์"),
    "email": re.compile(r"อีเมล|email|^mail$"),
    "house_number": re.compile(r"บ้านเลขที่|เลขที่บ้าน|^เลขที่$|houseno|housenumber|^hno$"),
    "address": re.compile(r"ที่อยู่(?!อาศัย)|address|^addr"),
    "birth_date": re.compile(r"วันเกิด|วันเดือนปีเกิด|เกิดวันที่|birth|^dob$"),
    "name": re.compile(
        r"สกุล|ชื่อ(ตัว|จริง|เล่น)|ชื่อ.*(หัวหน้า|เจ้าบ้าน|ผู้|สมาชิก|บิดา|มารดา|เจ้าของ|อาสา|อสม|บุคคล)|"
        r"(first|last|full|given|family|sur|middle|nick)name|^[fl]name$|respondent|householdhead|"
        r"name.*(head|member|owner|person|resident)|(head|member|owner|person|resident).*name"
    ),
}
#: a bare "ชื่อ"/"name": a person's name unless the values are place names
_BARE_NAME = {"ชื่อ", "name", "ชื่อชื่อ"}
_PLACE_VALUE = re.compile(r"^(บ้าน|หมู่บ้าน|ชุมชน|ตำบล|ต\.|อำเภอ|อ\.|จังหวัด|จ\.|เทศบาล|ban\s|moo\s|mu\s)", re.IGNORECASE)
CONTENT_PATTERNS: dict[str, re.Pattern] = {
    "phone": re.compile(r"(?:\+?66|0)(?:[689]\d{8}|[2-7]\d{7})"),
    "name": re.compile(r"(?:นาย|นางสาว|นาง|น\.ส\.|ด\.ช\.|ด\.ญ\.|เด็กชาย|เด็กหญิง|mrs?\.?|ms\.?|miss)\s?\S+\s+\S+", re.I),
    "address": re.compile(r"\d{1,4}(?:/\d{1,4})?\s*(?:ม\.|หมู่|ถ\.|ถนน|ซ\.|ซอย|ต\.|ตำบล)\s*\S.*"),
    "house_number": re.compile(r"\d{1,4}/\d{1,3}"),
}
ID_WEIGHTS = np.arange(13, 1, -1)


def normalise_header(header: object) -> str:
    return _STRIP.sub("", str(header).translate(_THAI_DIGITS).lower())


def header_reason(header: object) -> str | None:
    """What personal data a header names, or None (a bare "ชื่อ"/"name" counts as a person's name)."""
    key = normalise_header(header)
    if not key or _INDICATOR.match(key) or re.search(r"เข้าถึง|อินเทอร์เน็ต|internet|access", key):
        return None
    key = re.sub(r"^\d+", "", key)  # a numbered column ("1. ชื่อ")
    for reason, pattern in HEADER_PATTERNS.items():
        if pattern.search(key) and not (reason == "name" and _NOT_A_PERSON.search(key)):
            return reason
    return "name" if key in _BARE_NAME else None


def thai_id_valid(values: pd.Series) -> np.ndarray:
    """Vectorised: 13 digits (dashes and spaces allowed) passing the Thai id checksum
    (Σ dᵢ·(13−i) for the first 12 digits; check digit = (11 − Σ mod 11) mod 10), first digit 1–8."""
    text = values.astype(str).str.translate(_THAI_DIGITS).str.replace(r"[\s\-]", "", regex=True)
    text = text.str.replace(r"\.0$", "", regex=True)
    shaped = text.str.fullmatch(r"[1-8]\d{12}").fillna(False).to_numpy(dtype=bool)
    result = np.zeros(len(values), dtype=bool)
    if shaped.any():
        joined = "".join(text[shaped].tolist()).encode("ascii")
        digits = (np.frombuffer(joined, dtype=np.uint8) - 48).reshape(-1, 13).astype(np.int64)
        check = (11 - (digits[:, :12] @ ID_WEIGHTS) % 11) % 10
        result[shaped] = check == digits[:, 12]
    return result


def content_reason(sample: Iterable[object], share: float | None = None) -> str | None:
    """What personal data most non-blank values of a column are, or None."""
    values = pd.Series(list(sample), dtype=object)
    values = values[values.notna()].astype(str).str.strip()
    values = values[values != ""]
    if values.empty:
        return None
    need = float(settings()["privacy"].get("personal_content_share", 0.5)) if share is None else share
    if thai_id_valid(values).mean() >= need:
        return "citizen_id"
    compact = values.str.replace(r"[\s\-\.\(\)]", "", regex=True)
    if compact.str.fullmatch(CONTENT_PATTERNS["phone"].pattern).mean() >= need:
        return "phone"
    for reason in ("name", "address", "house_number"):
        if values.str.fullmatch(CONTENT_PATTERNS[reason].pattern, case=reason != "name").mean() >= need:
            return reason
    return None


def personal_reason(header: str, sample: Sequence[object]) -> str | None:
    """Why a column holds personal data — "header:<kind>" or "content:<kind>" (kinds: name,
    citizen_id, phone, address, house_number, email, birth_date) — or None. A bare "ชื่อ"/"name"
    whose values are mostly place names ("บ้าน…", "ตำบล…") is an area name, not personal."""
    by_header = header_reason(header)
    if by_header == "name" and re.sub(r"^\d+", "", normalise_header(header)) in _BARE_NAME:
        values = pd.Series(list(sample), dtype=object).dropna().astype(str).str.strip()
        values = values[values != ""]
        if len(values) and values.str.match(_PLACE_VALUE.pattern, case=False).mean() >= 0.5:
            return None
    if by_header:
        return f"header:{by_header}"
    by_content = content_reason(sample)
    return f"content:{by_content}" if by_content else None


def describe_reason(reason: str, lang: str = "th") -> str:
    """ "header:citizen_id" → "เลขประจำตัวประชาชน (จากชื่อคอลัมน์)"."""
    how, kind = reason.split(":", 1)
    return translate(f"privacy.reason.{how}", lang, what=translate(f"privacy.reason.{kind}", lang))


# ---- personal values, set-based (SQL over whole columns) and one by one ------------------------
#: a title, then a name that starts as a name does (a consonant or a leading vowel): "นางาม" and
#: "นายูง" are places, "นางสมศรี ใจดี" is a person
TITLES = r"(นางสาว|นาย|นาง|น\.ส\.|ด\.ช\.|ด\.ญ\.|เด็กชาย|เด็กหญิง|(?i:mrs?\.?|ms\.?|miss)\s)"
NAME_START = r"[ก-ฮเแโใไa-zA-Z]"
MASK = "●●●●"


def digits_sql(column: str) -> str:
    """The cell as bare digits: Thai digits read, dashes and spaces dropped, a spreadsheet's ".0" cut."""
    thai = f"translate({column}, '๐๑๒๓๔๕๖๗๘๙', '0123456789')"
    return f"regexp_replace(regexp_replace({thai}, '[\\s\\-]', '', 'g'), '\\.0$', '')"


def id_shaped_sql(column: str) -> str:
    """SQL: the cell is 13 digits, first 1–8 (the shape of a citizen id, checksum aside)."""
    return f"(length({column}) BETWEEN 13 AND 19 AND regexp_full_match({digits_sql(column)}, '[1-8][0-9]{{12}}'))"


def citizen_id_sql(column: str) -> str:
    """SQL: the cell is a citizen id — its shape and the Thai checksum (Σ dᵢ·(14−i), i = 1..12;
    check digit = (11 − Σ mod 11) mod 10)."""
    digits = digits_sql(column)
    weighted = f"list_sum(list_transform(range(1, 13), lambda i: (ord(substr({digits}, i, 1)) - 48) * (14 - i)))"
    return (
        f"(CASE WHEN {id_shaped_sql(column)} "
        f"THEN (11 - {weighted} % 11) % 10 = ord(substr({digits}, 13, 1)) - 48 ELSE false END)"
    )


def card_grouped_sql(column: str) -> str:
    """SQL: written in the id card's own grouping, 1-2345-67890-12-3 — an id whatever the column."""
    return f"coalesce(regexp_full_match(trim({column}), '[1-8]-[0-9]{{4}}-[0-9]{{5}}-[0-9]{{2}}-[0-9]'), false)"


def phone_sql(column: str) -> str:
    compact = f"regexp_replace({column}, '[\\s\\-\\.\\(\\)]', '', 'g')"
    return (
        f"(length({column}) BETWEEN 9 AND 20 AND "
        f"regexp_full_match({compact}, '(\\+?66|0)([689][0-9]{{8}}|[2-7][0-9]{{7}})'))"
    )


def titled_name_sql(column: str) -> str:
    return f"coalesce(regexp_full_match(trim({column}), '{TITLES}\\s?{NAME_START}\\S*(\\s+\\S+)+'), false)"


def masked_sql(column: str) -> str:
    """SQL: the cell, or MASK when it is a citizen id, a phone number or a titled name (a problem
    list names the row and column; it never repeats the personal value)."""
    personal = " OR ".join(f(column) for f in (card_grouped_sql, citizen_id_sql, phone_sql, titled_name_sql))
    return f"CASE WHEN coalesce({personal}, false) THEN '{MASK}' ELSE {column} END"


_TITLED = re.compile(TITLES + r"\s?" + NAME_START + r"\S*(\s+\S+)+")


def personal_value(text: str) -> bool:
    """One value: a citizen id (checksum), a phone number or a titled name."""
    text = str(text).strip()
    digits = re.sub(r"[\s\-]", "", text.translate(_THAI_DIGITS)).removesuffix(".0")
    if re.fullmatch(r"[1-8]\d{12}", digits):
        total = sum(int(d) * w for d, w in zip(digits[:12], range(13, 1, -1), strict=True))
        if (11 - total % 11) % 10 == int(digits[12]):
            return True
    compact = re.sub(r"[\s\-\.\(\)]", "", text)
    return bool(CONTENT_PATTERNS["phone"].fullmatch(compact) or _TITLED.fullmatch(text))
