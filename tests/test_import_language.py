"""Every message of an import is wholly in the chosen language: each declared import rule's Thai
template has no English words and its English template no Thai, and every problem the import
reports — the rule's words and the reasons filled in (bad codes, missing columns, catalogs) — reads
in one language once the file's own text (its value, column and file name) is set aside."""

from __future__ import annotations

import re

import pytest

from analysis.config import DATA_DIR, read_toml
from analysis.validation import Problem
from tests.test_validation_rules import CASES, run
from tests.thai_scan import english_words

IMPORT_RULE_FILES = ("import.toml", "published.toml")
THAI = re.compile(r"[\u0e00-\u0e7f]+")
#: Thai an English message may show on purpose: examples of what to type in a Thai file
THAI_EXAMPLES = re.compile(r"15 ม\.ค\. 2567|ผ่าน/ไม่ผ่าน|\"[^\"]*\"")
#: the programs, formats and catalog words a Thai message names as they are
ALSO_ALLOWED = {"BMN", "NRD2C", "bmn", "agg", "placeholder", "NUL"}


def _import_rules() -> dict[str, dict]:
    rules = {}
    for name in IMPORT_RULE_FILES:
        rules.update(read_toml(DATA_DIR / "validation_rules" / name))
    return rules


#: what a message names as the project writes it: a settings key ("[privacy] citizen_id_keys") or a file
SETTING_OR_PATH = re.compile(r"\[[a-z_]+\]\s*[a-z_]+|\bdata/[\w/.*<>-]+|--[a-z][a-z-]+")


def _thai_leftovers(text: str) -> list[str]:
    text = re.sub(r'"[^"]*"', " ", text)  # a quoted header or kind is named as the file or page writes it
    text = SETTING_OR_PATH.sub(" ", text)
    return [w for w in english_words([("message", text)]) if w not in ALSO_ALLOWED]


def _english_leftovers(text: str) -> list[str]:
    return THAI.findall(THAI_EXAMPLES.sub(" ", text))


def _without_the_files_text(problem: Problem, message: str, headers: list[str] = ()) -> str:
    """The message without what the user's file says itself: its value, column, name, headers."""
    for own in sorted({problem.value, problem.column, problem.file, *headers} - {None, ""}, key=len, reverse=True):
        message = message.replace(str(own), " ")
    return re.sub(r"\{[a-z]+\}", " ", message)


@pytest.mark.parametrize("rule", sorted(_import_rules()))
def test_each_import_rule_template_is_in_one_language(rule):
    spec = _import_rules()[rule]
    thai, english = re.sub(r"\{[a-z]+\}", " ", spec["th"]), re.sub(r"\{[a-z]+\}", " ", spec["en"])
    assert not _thai_leftovers(thai), (rule, spec["th"])
    assert not _english_leftovers(english), (rule, spec["en"])


ALL_CASES = [c for c in CASES if c.kind in ("bmn", "bmn-agg", "nrd2c")]


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.rule)
def test_every_problem_an_import_reports_reads_in_one_language(case, workspace, tmp_path):
    prepared = run(case, workspace, tmp_path)
    assert prepared.report.problems
    headers = case.text.splitlines()[0].split(",")
    for problem in prepared.report.problems:
        thai = _without_the_files_text(problem, problem.message_th, headers)
        english = _without_the_files_text(problem, problem.message_en, headers)
        assert not _thai_leftovers(thai), (problem.rule, problem.message_th)
        assert not _english_leftovers(english), (problem.rule, problem.message_en)


@pytest.mark.parametrize(
    "cells",
    [
        "901151-A001X",  # a community code one character too long
        "31A101",  # a letter where no community code has one
        "3101010",  # seven digits
        "TH",  # nothing left
        "31.5",
    ],
)
def test_bad_code_reasons_are_in_both_languages(cells, workspace, tmp_path):
    from tests.conftest import write

    path = write(tmp_path / "codes.csv", f"รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n{cells},1,2,1")
    from analysis.importers.pipeline import import_file

    prepared, _ = import_file(workspace, "bmn", path, year=2564, dry_run=True)
    bad = [p for p in prepared.report.problems if p.rule == "bad_code_format"]
    assert bad, [p.rule for p in prepared.report.problems]
    for problem in bad:
        assert not _thai_leftovers(_without_the_files_text(problem, problem.message_th)), problem.message_th
        assert not _english_leftovers(_without_the_files_text(problem, problem.message_en)), problem.message_en
