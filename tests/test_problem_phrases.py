"""Sentences that read right: every indicator of every catalog in data/ declares a short problem
phrase on the failing side ("ยังมีคนในครัวเรือนสูบบุหรี่" for "คนในครัวเรือนไม่สูบบุหรี่"), and the
ranked-problem sentences name problems by it — never by the indicator's target."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.catalogs import CATALOG_DIR, catalogs, problem_phrases
from analysis.importers.pipeline import import_file
from analysis.ranking import summary_lines
from analysis.store import Workspace
from analysis.views import rank_problems

FAILING_SIDE = ("ยัง", "ไม่", "ต่ำ", "ขาด", "น้อย")  # every Thai phrase says what is still wrong


@pytest.mark.parametrize("catalog", [c.id for c in catalogs()])
def test_every_indicator_declares_a_problem_phrase(catalog):
    declared = pd.read_csv(CATALOG_DIR / catalog / "problems.csv", dtype=str, keep_default_na=False)
    indicators = next(c for c in catalogs() if c.id == catalog).indicators
    assert declared["indicator_id"].tolist() == indicators["indicator_id"].tolist()  # one each, in order
    merged = indicators.merge(declared, on="indicator_id")
    for _, row in merged.iterrows():
        thai, english = row["problem_th"].strip(), row["problem_en"].strip()
        assert thai and english, row["indicator_id"]
        assert re.search("[\u0e00-\u0e7f]", thai) and not re.search("[\u0e00-\u0e7f]", english)
        assert thai != row["title_th"] and english.lower() != row["title_en"].lower()
        assert any(mark in thai for mark in FAILING_SIDE), (catalog, row["indicator_id"], thai)
        # a target worded negatively ("ไม่สูบบุหรี่") is never the problem's own words
        for negated in re.findall(r"ไม่[\u0e00-\u0e7f]{2,}", row["title_th"]):
            assert negated not in thai, (catalog, row["indicator_id"], thai)
        assert len(thai) <= 80, thai  # short enough for a sentence and a chart label


def test_the_sentence_names_the_failing_side():
    phrases = problem_phrases().set_index(["catalog_id", "indicator_id"])
    assert phrases.loc[("bmn_2560_2564", "25"), "problem_th"] == "ยังมีคนในครัวเรือนสูบบุหรี่"
    assert phrases.loc[("bmn_2560_2564", "24"), "problem_en"] == "people who drink alcohol"
    assert phrases.loc[("bmn_2566_2570", "29"), "problem_th"] == "รายได้เฉลี่ยต่อคนต่อปียังต่ำกว่าเกณฑ์"


@pytest.fixture(scope="module")
def all_catalogs(demo_path, tmp_path_factory):
    """The demo (จปฐ. 2564 and 2566/2567, กชช.2ค 2566) with a กชช.2ค file of 2564: one year of
    every catalog, every indicator failing somewhere."""
    import shutil

    root = tmp_path_factory.mktemp("phrases") / "ws"
    shutil.copytree(demo_path, root)
    workspace = Workspace(root)
    header = "รหัสหมู่บ้าน," + ",".join(f"ตัวชี้วัดที่ {i}" for i in range(1, 32))
    rows = [f"990101{v:02d}," + ",".join("1" if v == 1 else "3" for _ in range(1, 32)) for v in range(1, 8)]
    path = root.parent / "nrd2c_2564.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    prepared, info = import_file(workspace, "nrd2c", path, year=2564)
    assert info is not None, prepared.report.to_frame()
    return workspace


@pytest.mark.parametrize(
    ("year", "measure", "catalog"),
    [
        (2564, "pct_fail", "bmn_2560_2564"),
        (2567, "pct_fail", "bmn_2566_2570"),
        (2566, "nrd2c_level1", "nrd2c_2566_2570"),
        (2564, "nrd2c_level1", "nrd2c_2560_2564"),
    ],
)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_ranked_problem_is_read_out_by_its_phrase(all_catalogs, year, measure, catalog, lang):
    ranking = rank_problems(all_catalogs, "9901", year, measure, lang=lang)
    assert ranking.catalog_id == catalog
    phrases = problem_phrases().set_index(["catalog_id", "indicator_id"])[f"problem_{lang}"]
    text = "\n".join(summary_lines(ranking, lang, top=100))
    failing = ranking.scope("all")
    failing = failing[failing["n_fail"] > 0]
    assert len(failing) >= 20
    for _, row in failing.iterrows():
        phrase = phrases.loc[(catalog, row["indicator_id"])]
        assert phrase in text, (row["indicator_id"], phrase)
        if row[f"title_{lang}"] != phrase:
            assert f" {row[f'title_{lang}']} " not in f" {text} ", row["indicator_id"]  # never the target
