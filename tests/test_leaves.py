"""Leaf tables from the households layer equal a plain pandas group-by, per village × indicator,
per village × domain and per village (Hypothesis), in village-code order, whether the file is
sorted by village or not and whether the import's DuckDB or a private one sums it."""

import duckdb
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.catalogs import load_catalog
from analysis.importers import leaves

CATALOG = load_catalog("bmn_2560_2564")
IDS = ["1", "4", "8", "22"]  # health, health, living, income

households = st.lists(
    st.tuples(
        st.sampled_from(["31010101", "31010102", "31010201", "3101020102"]),
        st.integers(1, 9),
        *[st.sampled_from([0, 1, None]) for _ in IDS],
    ),
    min_size=1,
    max_size=60,
)


def write_households(rows, path):
    frame = pd.DataFrame(rows, columns=["village_code", "members", *[f"ind_{i}" for i in IDS]])
    frame = frame.sort_values("village_code", kind="stable").reset_index(drop=True)
    frame.insert(1, "household_id", [str(n) for n in range(len(frame))])
    for i in IDS:
        frame[f"ind_{i}"] = frame[f"ind_{i}"].astype("Int8")
    frame.to_parquet(path, index=False)
    return frame


def expected_counts(frame):
    long = frame.melt(id_vars=["village_code"], value_vars=[f"ind_{i}" for i in IDS], var_name="ind", value_name="v")
    long["indicator_id"] = long["ind"].str[4:]
    grouped = long.groupby(["village_code", "indicator_id"])["v"]
    out = pd.DataFrame({"applicable": grouped.count(), "pass": grouped.sum(min_count=0).fillna(0)})
    out["fail"] = out["applicable"] - out["pass"]
    return out.astype("int64").sort_index()


def run(path, folder, con=None):
    folder.mkdir(exist_ok=True)
    paths = leaves.household_leaves(path, CATALOG.indicators, 2564, folder, con)
    return {name: pd.read_parquet(p) for name, p in paths.items()}


def expected_domains(frame):
    domain_of = CATALOG.indicators.set_index("indicator_id")["domain"]
    rows = []
    for code, village in frame.groupby("village_code"):
        for domain in ["health", "living", "income"]:
            columns = [f"ind_{i}" for i in IDS if domain_of[i] == domain]
            values = village[columns]
            applicable = values.notna().any(axis=1).sum()
            failing = (values == 0).fillna(False).any(axis=1).sum()
            rows.append((code, domain, int(applicable), int(failing)))
    return rows


@settings(max_examples=60, deadline=None)
@given(households, st.booleans())
def test_village_sums_equal_a_pandas_group_by(tmp_path_factory, rows, shuffled):
    folder = tmp_path_factory.mktemp("leaves")
    frame = write_households(rows, folder / "households.parquet")
    if shuffled:  # the households layer is sorted by village, but the sums must not rely on it
        frame.iloc[::-1].to_parquet(folder / "households.parquet", index=False)
    tables = run(folder / "households.parquet", folder / "own")
    with duckdb.connect(config={"memory_limit": "200MB"}) as con:
        shared = run(folder / "households.parquet", folder / "shared", con)
    for name in tables:
        pd.testing.assert_frame_equal(tables[name], shared[name])
    counts = tables["leaf_counts"]
    assert counts["area_code"].tolist() == sorted(counts["area_code"])
    assert counts["count_unit"].eq("household").all() and counts["year"].eq(2564).all()
    counts = counts.set_index(["area_code", "indicator_id"])[["applicable", "pass", "fail"]]
    counts.index.names = ["village_code", "indicator_id"]
    pd.testing.assert_frame_equal(counts.sort_index(), expected_counts(frame), check_dtype=False)
    domain = tables["leaf_domain"]
    got = list(domain[["area_code", "domain", "households_applicable", "households_fail_any"]].itertuples(index=False))
    assert [tuple(r) for r in got] == expected_domains(frame)
    summary = tables["leaf_summary"].set_index("area_code")
    assert summary.index.tolist() == sorted(frame["village_code"].unique())
    assert summary["households"].to_dict() == frame.groupby("village_code").size().to_dict()
    assert summary["people"].to_dict() == frame.groupby("village_code")["members"].sum().to_dict()


def test_domain_counts_by_hand(tmp_path):
    # one village, three households; health = indicators 1 and 4
    rows = [("31010101", 3, 0, 1, 1, 1), ("31010101", 2, None, None, 0, 1), ("31010101", 1, 1, 0, 1, None)]
    write_households(rows, tmp_path / "households.parquet")
    tables = run(tmp_path / "households.parquet", tmp_path / "out")
    domain = tables["leaf_domain"].set_index("domain")
    # health: hh1 applicable & fails 1; hh2 nothing applicable; hh3 fails 4 → 2 applicable, 2 failing
    assert domain.loc["health", ["households_applicable", "households_fail_any"]].tolist() == [2, 2]
    assert domain.loc["living", ["households_applicable", "households_fail_any"]].tolist() == [3, 1]
    assert domain.loc["income", ["households_applicable", "households_fail_any"]].tolist() == [2, 0]
