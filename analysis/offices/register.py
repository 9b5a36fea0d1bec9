"""The province's contest target register (seed 003): one tambon per amphoe entered, two per
province sent on, none chosen in an earlier round — numbers declared in
data/offices/register_rules.toml. Every refusal is (rule, Thai, English) naming the rule, the
tambon, its amphoe and the fiscal year."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from analysis.codes import AMPHOE_LENGTH, PROVINCE_LENGTH, TAMBON_LENGTH
from analysis.i18n import translate
from analysis.offices.records import ContestEntry
from analysis.offices.settings import register_rules

Problem = tuple[str, str, str]
Names = Callable[[str, str], str]  #: (area code, language) → its name


def plain_names(code: str, lang: str) -> str:
    return code


def _said(rule: str, names: Names, **values: object) -> Problem:
    """(rule, Thai, English): "ไม่ผ่านเกณฑ์ <rule>: <reason>"."""
    numbers = {"per_amphoe": register_rules()["per_amphoe"], "per_province": register_rules()["per_province"]}
    texts = []
    for lang in ("th", "en"):
        named = {k: names(v, lang) if k in ("tambon", "amphoe", "province", "others") else v for k, v in values.items()}
        rule_text = translate(f"offices.rule.{rule}", lang, **numbers, since=register_rules()["earlier_since"])
        texts.append(
            translate("offices.refused", lang, rule=rule_text, reason=translate(f"offices.why.{rule}", lang, **named))
        )
    return rule, texts[0], texts[1]


def entry_problems(entry: ContestEntry, stored: Iterable[ContestEntry], names: Names = plain_names) -> list[Problem]:
    """Why ``entry`` cannot join a register that holds ``stored`` (the entry itself, when stored,
    is left out by its id); empty when it may."""
    rules = register_rules()
    others = [e for e in stored if e.id is None or e.id != entry.id]
    year, tambon = int(entry.fiscal_year), str(entry.tambon_code)
    where = {"tambon": tambon, "amphoe": tambon[:AMPHOE_LENGTH], "year": year}
    if not rules["first_year"] <= year <= rules["last_year"]:
        return [_said("year", names, year=year, first=rules["first_year"], last=rules["last_year"])]
    province = str(entry.area_code)
    if len(province) != PROVINCE_LENGTH or len(tambon) != TAMBON_LENGTH or not tambon.isdigit():
        return [_said("tambon", names, code=tambon, province=province)]
    if not tambon.startswith(province):
        return [_said("tambon", names, code=tambon, province=province)]
    problems = []
    if any(e.tambon_code == tambon and e.fiscal_year == year for e in others):
        problems.append(_said("twice", names, **where))
    earlier = sorted(
        {e.fiscal_year for e in others if e.tambon_code == tambon and rules["earlier_since"] <= e.fiscal_year < year}
    )
    if earlier:
        problems.append(_said("earlier", names, **where, earlier=", ".join(map(str, earlier))))
    same_amphoe = [
        e.tambon_code
        for e in others
        if e.fiscal_year == year and e.amphoe_code == tambon[:AMPHOE_LENGTH] and e.tambon_code != tambon
    ]
    if len(same_amphoe) >= rules["per_amphoe"]:
        problems.append(_said("per_amphoe", names, **where, others=same_amphoe[0], n=rules["per_amphoe"]))
    if entry.sent_on:
        sent = [
            e.tambon_code
            for e in others
            if e.fiscal_year == year and e.area_code == province and e.sent_on and e.tambon_code != tambon
        ]
        if len(sent) >= rules["per_province"]:
            problems.append(
                _said("per_province", names, **where, province=province, n=rules["per_province"], count=len(sent))
            )
    return problems


def batch_problems(
    entries: list[ContestEntry], stored: Iterable[ContestEntry], names: Names = plain_names
) -> list[tuple[int, Problem]]:
    """(position, problem) of each entry of a file checked in order against the stored register and
    the rows before it (an entry with the id of a stored one replaces it)."""
    replaced = {e.id for e in entries if e.id is not None}
    register = [e for e in stored if e.id not in replaced]
    found = []
    for position, entry in enumerate(entries):
        problems = entry_problems(entry, register, names)
        found += [(position, p) for p in problems]
        register.append(ContestEntry(**{**entry.__dict__, "id": None}))
    return found


def register_frame(entries: list[ContestEntry], names: Names, lang: str) -> pd.DataFrame:
    """One row per entry (year, amphoe, tambon, sent on, note), for the page and the workbook."""
    rows = [
        {
            "id": e.id,
            "fiscal_year": e.fiscal_year,
            "amphoe_code": e.amphoe_code,
            "amphoe": names(e.amphoe_code, lang),
            "tambon_code": e.tambon_code,
            "tambon": names(e.tambon_code, lang),
            "sent_on": e.sent_on,
            "note": e.note,
        }
        for e in sorted(entries, key=lambda e: (e.fiscal_year, e.tambon_code))
    ]
    columns = ["id", "fiscal_year", "amphoe_code", "amphoe", "tambon_code", "tambon", "sent_on", "note"]
    return pd.DataFrame(rows, columns=columns)


def amphoes_without_entry(entries: list[ContestEntry], amphoes: list[str], year: int) -> list[str]:
    """The province's amphoes (of ``amphoes``) with no tambon entered in fiscal year ``year``."""
    entered = {e.amphoe_code for e in entries if e.fiscal_year == year}
    return [a for a in amphoes if a not in entered]
