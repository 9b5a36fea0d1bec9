"""The measure catalog (data/measures.toml, analysis.measures) drives ranking, the Rank page, `cia rank`,
the map's classes and the README: a measure added to it alone shows everywhere; no code outside it
branches on a measure's id."""

import io
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import measures
from analysis.measures import Measure, domain_measures, indicator_measures
from tests.conftest import write

ROOT = Path(__file__).resolve().parent.parent
RANK_PAGE = "../pages/rank.py"


def passing(area, mpi, chosen: Measure) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A compute function written for the test: rank by the units passing (ties: units failing)."""
    items = indicator_measures(area.indicators[area.indicators["applicable"] > 0])
    items = items.assign(value=items["pass"], n_fail=items["fail"])
    domain_rows = domain_measures(items, area.domains)
    return items, domain_rows.assign(value=domain_rows["pass"])


N_PASS = Measure(
    "n_pass",
    "indicator",
    "count",
    0,
    "pass",
    label="measure.n_pass",
    definition="measure.n_pass_def",
    rank=True,
    compute=passing,
    domain_column="pass",
)


@pytest.fixture
def with_n_pass(monkeypatch):
    """The catalog with one more rank measure, and its two names (the only other thing it declares)."""
    from analysis.i18n import strings

    monkeypatch.setattr(measures, "MEASURE_CATALOG", (*measures.MEASURE_CATALOG, N_PASS))
    for lang, name in (("th", "จำนวนที่ผ่านเกณฑ์"), ("en", "Units passing")):
        monkeypatch.setitem(strings(lang), "measure.n_pass", name)
        monkeypatch.setitem(strings(lang), "measure.n_pass_def", "pass")
    return N_PASS


def test_a_measure_added_to_the_catalog_is_ranked_by_cia_rank(with_n_pass, workspace, tmp_path, capsys):
    """HOUSEHOLDS (tests/test_import_household.py) of tambon 310101: pass / fail per indicator
    1: 2 / 1 · 4: 3 / 2 · 7: 2 / 2 · 22 (income): 2 / 3. By units passing: 4 (3), then the three
    with 2 by units failing: 22 (3), 7 (2), 1 (1)."""
    from analysis.cli import main
    from tests.test_import_household import HOUSEHOLDS

    main(["import", "bmn", str(write(tmp_path / "h.csv", HOUSEHOLDS)), "-w", str(workspace.root), "--year", "2564"])
    capsys.readouterr()
    assert main(["rank", "-w", str(workspace.root), "--area", "310101", "--by", "n_pass", "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"indicator_id": str})
    overall = frame[frame["scope"] == "all"]
    assert overall[["rank", "indicator_id", "value", "n_fail"]].values.tolist() == [
        [1, "4", 3, 2],
        [2, "22", 2, 3],
        [3, "7", 2, 2],
        [4, "1", 2, 1],
    ]


def test_a_measure_added_to_the_catalog_is_in_the_readme_section(with_n_pass):
    from analysis import docs

    section = docs.render()
    assert (
        "| `n_pass` | จำนวนที่ผ่านเกณฑ์ / Units passing | pass | indicator | count, 0 decimals | yes — `passing`;"
        in section
    )
    assert "`nrd2c_level1`, `n_pass` (the Rank page's choices" in section
    readme = docs.README.read_text(encoding="utf-8")
    assert "[--by pct_fail|n_fail|gap|mpi|nrd2c_level1|n_pass]" in docs.rewritten(readme)


def test_a_measure_added_to_the_catalog_is_a_choice_of_the_rank_page(with_n_pass, demo_workspace, monkeypatch):
    from tests.test_pages import app, table_with

    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990104").run()
    at.switch_page(RANK_PAGE).run()
    assert not at.exception, at.exception
    assert "จำนวนที่ผ่านเกณฑ์" in at.radio(key="rank_measure").options  # its declared name
    at.radio(key="rank_measure").set_value("n_pass").run()
    assert not at.exception, at.exception
    rows = demo_workspace.rows("area_indicator", area="990104", year=2567)
    rows = rows[rows["applicable"] > 0]
    table = table_with(at, "อันดับ")
    # the units passing, most first (the value has its own column: no other column shows it)
    assert table["ค่าที่ใช้จัดลำดับ"].tolist() == sorted(rows["pass"].astype(float), reverse=True)
    assert table.iloc[0]["ข้อ"] in set(rows.loc[rows["pass"] == rows["pass"].max(), "indicator_id"])


def test_rank_measures_state_what_the_pages_need():
    from analysis.measures import layer_measure, measure, rank_measure

    nrd2c, mpi = measure("nrd2c_level1"), measure("mpi")
    assert (nrd2c.source_table, nrd2c.count_column, nrd2c.share_column) == (
        "nrd2c_area_indicator",
        "level_1",
        "pct_level_1",
    )
    assert (nrd2c.small_counts, nrd2c.survey, nrd2c.years_table) == (False, "nrd2c", "nrd2c_area_indicator")
    assert mpi.needs_mpi and not measure("pct_fail").needs_mpi and measure("n_fail").is_count
    assert measure("n_fail").format(1234) == "1,234" and measure("pct_fail").format(12.345) == "12.3%"
    assert (layer_measure("mpi").unit, layer_measure("mpi").digits) == ("index", 3)
    assert layer_measure("indicator").id == "pct_fail" and layer_measure("certification") is None
    assert measure("pct_fail_all").grain == "area"
    with pytest.raises(ValueError, match="unknown measure 'pct_pass'"):
        rank_measure("pct_pass")  # declared, but nothing ranks by it


def test_worst_first_areas_follow_the_one_tie_rule():
    from analysis.comparison import focus_children

    summary = pd.DataFrame({"area_code": list("edcba"), "pct_fail_all": [10.0, 30.0, None, 30.0, 5.0]})
    # higher share first, equal shares by code (b before d), no data last
    assert focus_children(summary, 5) == ["b", "d", "e", "a", "c"]
    assert focus_children(summary, 1) == ["b", "c"]


#: a comparison of a measure-ish name with one of the rank measures' ids (map layer kinds are not measures)
BRANCH = re.compile(
    r"\b(measure|by|chosen|measure_id)\s*(==|!=|in)\s*\(?\s*\"(" + "|".join(measures.rank_measures()) + ')"'
)


def test_no_code_branches_on_a_measures_id():
    found = []
    for folder in ("analysis", "dashboard", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if BRANCH.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "ask the measure catalog (analysis.measures) for a property instead:\n" + "\n".join(found)


def test_every_key_the_catalog_declares_is_in_both_languages():
    from analysis.i18n import strings
    from analysis.ranking import SAID

    for item in measures.measure_catalog():
        keys = [item.label_key, item.definition or f"measure.{item.id}_def"]
        if item.rank:
            assert item.said in SAID, f"{item.id}: no way to read out {item.said!r}"
            keys += [item.no_data, f"rank.text_{item.said}", f"rank.summary_none_{item.said}"]
            keys.append(f"col.{item.share_column}")  # the Rank page's compact table names the share
        for lang in ("th", "en"):
            missing = [k for k in keys if k not in strings(lang)]
            assert not missing, f"{item.id} ({lang}): {missing}"
