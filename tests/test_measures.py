import pandas as pd
import pytest

from analysis.measures import (
    domain_measures,
    gap_to_target,
    indicator_measures,
    nrd2c_domain_shares,
    nrd2c_shares,
    number_to_fix,
    village_classes,
)


def test_gap_and_number_to_fix_by_hand():
    assert gap_to_target(85.0, 100) == 15.0
    assert gap_to_target(96.0, 95) == 0.0
    assert number_to_fix(applicable=40, passed=30, target=100) == 10
    assert number_to_fix(applicable=40, passed=30, target=90) == 6  # 36 must pass
    assert number_to_fix(applicable=7, passed=6, target=90) == 1  # 6.3 → 7 must pass
    assert number_to_fix(applicable=10, passed=9, target=90) == 0  # exactly on target
    assert number_to_fix(applicable=0, passed=0, target=100) == 0


def rows():
    return pd.DataFrame(
        {
            "area_code": ["310101"] * 3,
            "year": 2564,
            "catalog_id": "bmn_2560_2564",
            "indicator_id": ["1", "4", "22"],
            "domain": ["health", "health", "income"],
            "applicable": [3, 5, 0],
            "pass": [2, 5, 0],
            "fail": [1, 0, 0],
            "pct_pass": [200 / 3, 100.0, None],
            "pct_fail": [100 / 3, 0.0, None],
        }
    )


def test_indicator_measures_exclude_not_applicable():
    frame = indicator_measures(rows()).set_index("indicator_id")
    assert frame.loc["1", "target"] == 100
    assert frame.loc["1", "gap_to_target"] == pytest.approx(100 / 3)
    assert frame.loc["1", "n_to_fix"] == 1
    assert frame.loc["4", ["gap_to_target", "n_to_fix", "below_target"]].tolist() == [0.0, 0, False]
    assert pd.isna(frame.loc["22", "gap_to_target"]) and not frame.loc["22", "below_target"]


def test_domain_measures_by_hand():
    indicators = indicator_measures(rows())
    area_domain = pd.DataFrame(
        {
            "area_code": ["310101", "310101"],
            "year": 2564,
            "catalog_id": "bmn_2560_2564",
            "domain": ["health", "income"],
            "applicable": [8, 0],
            "pass": [7, 0],
            "fail": [1, 0],
            "pct_fail": [12.5, None],
            "households_applicable": [5, 5],
            "households_fail_any": [1, 0],
        }
    )
    frame = domain_measures(indicators, area_domain).set_index("domain")
    assert frame.loc["health", ["n_fail", "n_below_target"]].tolist() == [1, 1]
    assert frame.loc["health", "pct_households_fail_any"] == 20.0
    assert frame.loc["health", "gap_mean"] == pytest.approx((100 / 3 + 0) / 2)
    assert frame.loc["income", "n_below_target"] == 0


def test_nrd2c_shares_by_hand():
    frame = nrd2c_shares(pd.DataFrame({"villages": [4, 0], "level_1": [1, 0], "level_2": [2, 0], "level_3": [1, 0]}))
    assert frame.loc[0, ["pct_level_1", "pct_level_12"]].tolist() == [25.0, 75.0]
    assert pd.isna(frame.loc[1, "pct_level_1"])


def test_nrd2c_domain_share_is_villages_at_level_1_over_villages_scored():
    # access of 310101: indicators with (villages, level 1, level 2) (3, 2, 0), (3, 1, 2), (2, 0, 1)
    # → 3 / 8; health of 310101: (4, 4, 0) → 100%; access of 310102: (2, 0, 2) → 0%
    rows = pd.DataFrame(
        {
            "area_code": ["310101"] * 4 + ["310102"],
            "year": 2566,
            "catalog_id": "nrd2c_2566_2570",
            "domain": ["access", "access", "access", "health", "access"],
            "villages": [3, 3, 2, 4, 2],
            "level_1": [2, 1, 0, 4, 0],
            "level_2": [0, 2, 1, 0, 2],
        }
    )
    frame = nrd2c_domain_shares(rows).set_index(["area_code", "domain"])
    assert frame.loc[("310101", "access"), ["level_1", "villages", "pct_level_1"]].tolist() == [3, 8, 37.5]
    assert frame.loc[("310101", "health"), "pct_level_1"] == 100.0
    assert frame.loc[("310102", "access"), "pct_level_1"] == 0.0


def test_village_class_rule_from_data():
    def village(code, levels):
        return pd.DataFrame(
            {
                "village_code": code,
                "year": 2566,
                "catalog_id": "nrd2c_2566_2570",
                "indicator_id": [f"{i:02d}" for i in range(1, len(levels) + 1)],
                "level": levels,
            }
        )

    frame = pd.concat(
        [
            village("1", [1] * 6 + [3] * 20),  # 6 at level 1 → ล้าหลัง (class 1)
            village("2", [3] * 21 + [2] * 5),  # 21/26 = 81% at level 3 → ก้าวหน้า (class 3)
            village("3", [1] * 5 + [3] * 21),  # 5 at level 1 and 81% level 3 → ก้าวหน้า (rule order)
            village("4", [2] * 10 + [3] * 16),  # → ปานกลาง
        ]
    )
    classes = village_classes(frame).set_index("village_code")
    assert classes["class_th"].to_dict() == {"1": "ล้าหลัง", "2": "ก้าวหน้า", "3": "ก้าวหน้า", "4": "ปานกลาง"}
    assert classes.loc["1", "n_level_1"] == 6


def test_every_declared_measure_is_named_defined_and_the_readme_is_the_catalogs():
    from analysis import docs
    from analysis.measures import measure_catalog, rank_measures

    readme = docs.README.read_text(encoding="utf-8")
    for item in measure_catalog():
        for lang in ("th", "en"):
            assert item.name(lang) and item.definition_text(lang)
        assert f"| `{item.id}` |" in docs.section(readme), f"README has no row for measure {item.id}"
    assert rank_measures() == ("pct_fail", "n_fail", "gap", "mpi", "nrd2c_level1")
    assert readme.count(docs.BEGIN) == 1 and readme.count(docs.END) == 1
    assert readme.count(docs.TABLES_BEGIN) == 1 and "| `nrd2c_village` | `derived/<generation>/` |" in readme
    assert docs.rewritten(readme) == readme, "run `python -m analysis.docs`"
    assert "[--by pct_fail|n_fail|gap|mpi|nrd2c_level1]" in readme  # `cia rank`'s choices, from the catalog


def test_one_share_rule_in_sql_and_pandas():
    import duckdb

    from analysis.measures import share_pct, share_pct_sql

    parts, wholes = [3, 0, 5], [4, 0, 10]
    in_sql = duckdb.sql(
        f"SELECT {share_pct_sql('p', 'w')} FROM (VALUES {', '.join(f'({p}, {w})' for p, w in zip(parts, wholes, strict=True))}) t(p, w)"
    ).fetchall()[0][0]
    assert in_sql == pytest.approx(100 * 8 / 14)
    assert share_pct(pd.Series(parts), pd.Series(wholes)).tolist()[::2] == [75.0, 50.0]
    assert pd.isna(share_pct(pd.Series(parts), pd.Series(wholes))[1])
