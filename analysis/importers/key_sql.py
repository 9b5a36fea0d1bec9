"""The area-code rules of ``keys.compose_code`` as SQL over whole columns: every distinct tuple of
code cells (full code, province, amphoe, tambon, หมู่ที่) is resolved in one query, the code it
gives or the rule it breaks. A national file has ~84,000 distinct keys; none goes through Python.

The Python rules stay the reference (and give the wording of a problem's detail for the few keys
shown); tests check that both agree on generated keys.
"""

from __future__ import annotations

from analysis.codes import LENGTH_LEVEL, LETTERED_PATTERN

#: whitespace Python's str.strip and \\s know (Unicode separators included), made plain spaces
_SPACES = r"[\pZ\s\x{1c}-\x{1f}\x{85}]"
_LENGTHS = ", ".join(str(n) for n in sorted(LENGTH_LEVEL))


def _plain(cell: str) -> str:
    """A cell with Thai digits made Arabic and every kind of whitespace made a space, trimmed."""
    spaced = f"regexp_replace({cell}, '{_SPACES}', ' ', 'g')"
    return f"trim(translate({spaced}, '๐๑๒๓๔๕๖๗๘๙', '0123456789'))"


def _without_th(text: str) -> str:
    return f"(CASE WHEN upper(left({text}, 2)) = 'TH' THEN substr({text}, 3) ELSE {text} END)"


def _normal(text: str) -> str:
    """analysis.codes.normalise_code of a plain text: trailing ".0…", "TH" and separators removed,
    a lettered community code in upper case."""
    undecimal = f"regexp_replace({text}, '\\.0+$', '')"
    bare = f"regexp_replace({_without_th(undecimal)}, '[\\s\\-./_]+', '', 'g')"
    return f"(CASE WHEN regexp_full_match(upper({bare}), '{LETTERED_PATTERN}') THEN upper({bare}) ELSE {bare} END)"


def _is_code(code: str) -> str:
    digits = f"(regexp_full_match({code}, '[0-9]+') AND length({code}) IN ({_LENGTHS}))"
    return f"({digits} OR regexp_full_match({code}, '{LETTERED_PATTERN}'))"


def _part_text(plain: str) -> str:
    """A code part as keys._part first reads it: one trailing ".0" and a "TH" removed."""
    undecimal = f"(CASE WHEN suffix({plain}, '.0') THEN left({plain}, length({plain}) - 2) ELSE {plain} END)"
    return _without_th(undecimal)


def _village_number(plain: str) -> str:
    """The หมู่ที่ number of a cell ("5", "๕", "5.0", "หมู่ที่ 5"), or NULL when it is not 1–99."""
    text = f"regexp_replace(regexp_replace({plain}, '\\.0+$', ''), '^(หมู่ที่|หมู่|ม\\.?)\\s*', '')"
    number = f"TRY_CAST({text} AS HUGEINT)"
    return f"(CASE WHEN regexp_full_match({text}, '[0-9]+') AND {number} BETWEEN 1 AND 99 THEN {number} END)"


def resolved_keys_sql(source: str, village_level: bool) -> str:
    """Every row of ``source`` (columns k_full, k_province, k_amphoe, k_tambon, k_village_no: cells
    as text, '' when blank) with ``code`` and ``rule`` (NULL when the key is good) — the same
    outcome, in the same order of rules, as keys._resolve_one."""
    parts = {name: _part_text(_plain(f"k_{name}")) for name in ("province", "amphoe", "tambon")}
    normals = {name: _normal(f"{name}_text") for name in parts}
    village_rule = "WHEN length(code_found) NOT IN (8, 10) THEN 'bad_code_format'" if village_level else ""
    return f"""
    WITH cells AS (
        SELECT *, {parts["province"]} AS province_text, {parts["amphoe"]} AS amphoe_text,
               {parts["tambon"]} AS tambon_text, {_normal(_plain("k_full"))} AS full_code,
               {_village_number(_plain("k_village_no"))} AS village_number
        FROM {source}
    ), province AS (
        SELECT *, CASE WHEN k_province = '' THEN NULL WHEN {_is_code(normals["province"])}
                       AND length({normals["province"]}) = 2 THEN {normals["province"]} END AS province_code,
               k_province <> '' AND province_code IS NULL AS province_bad
        FROM cells
    ), amphoe AS (
        SELECT *, {_part_code("amphoe", "province_code", 4, normals["amphoe"])} FROM province
    ), tambon AS (
        SELECT *, {_part_code("tambon", "amphoe_code", 6, normals["tambon"])} FROM amphoe
    ), composed AS (
        SELECT *, CASE WHEN k_village_no <> '' THEN tambon_code || lpad(village_number::VARCHAR, 2, '0')
                       ELSE coalesce(tambon_code, amphoe_code, province_code) END AS composed_code,
               CASE WHEN k_full = '' THEN NULL WHEN {_is_code("full_code")} THEN full_code END AS given_code
        FROM tambon
    ), coded AS (
        SELECT *, CASE WHEN given_code IS NULL THEN composed_code WHEN composed_code IS NULL THEN given_code
                       WHEN length(given_code) >= length(composed_code) THEN given_code ELSE composed_code END AS code_found,
               CASE
                   WHEN province_bad OR amphoe_bad OR tambon_bad THEN 'bad_code_format'
                   WHEN NOT starts_with(amphoe_code, province_code) THEN 'code_parts_not_nested'
                   WHEN NOT starts_with(tambon_code, amphoe_code) THEN 'code_parts_not_nested'
                   WHEN k_village_no <> '' AND (tambon_code IS NULL OR village_number IS NULL) THEN 'bad_code_format'
                   WHEN k_full <> '' AND given_code IS NULL THEN 'bad_code_format'
                   WHEN NOT (starts_with(given_code, composed_code) OR starts_with(composed_code, given_code))
                       THEN 'code_parts_not_nested'
               END AS part_rule
        FROM composed
    ), judged AS (
        SELECT *, CASE WHEN part_rule IS NOT NULL THEN part_rule WHEN code_found IS NULL THEN 'missing_value'
                       {village_rule} END AS rule
        FROM coded
    )
    SELECT * EXCLUDE (province_text, amphoe_text, tambon_text, full_code, village_number, province_code,
                      province_bad, amphoe_code, amphoe_bad, tambon_code, tambon_bad, composed_code,
                      given_code, code_found, part_rule),
           CASE WHEN rule IS NULL THEN code_found END AS code
    FROM judged"""


def _part_code(name: str, parent: str, length: int, normal: str) -> str:
    """``<name>_code`` and ``<name>_bad`` of a part: its own two digits under the parent code, or
    a full code of its level (keys._part)."""
    text, cell = f"{name}_text", f"k_{name}"
    short = f"regexp_full_match({text}, '[0-9]{{1,2}}')"
    code = (
        f"CASE WHEN {cell} = '' THEN NULL WHEN {short} THEN {parent} || lpad({text}, 2, '0') "
        f"WHEN {_is_code(normal)} AND length({normal}) = {length} THEN {normal} END"
    )
    return f"{code} AS {name}_code, {cell} <> '' AND {name}_code IS NULL AS {name}_bad"
