"""Alkire–Foster MPI against a worked example computed by hand."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.mpi import HouseholdMatrix, alkire_foster, decompose, domain_weights

DOMAINS = pd.DataFrame({"indicator_id": ["h1", "h2", "i1"], "domain": ["health", "health", "income"]})
# Weights: 2 domains → 1/2 each; health split over 2 indicators → h1 = h2 = 1/4; i1 = 1/2.
# Households (1 = fails, 0 = passes, None = not applicable):
#   A (village 1): h1 1, h2 0, i1 1 → c = 0.75      B (village 1): h1 0, h2 1, i1 0 → c = 0.25
#   C (village 2): h1 –, h2 0, i1 0 → c = 0         D (village 2): h1 1, h2 1, i1 0 → c = 0.50
HOUSEHOLDS = {
    "A": ("99010101", [1, 0, 1]),
    "B": ("99010101", [0, 1, 0]),
    "C": ("99010102", [None, 0, 0]),
    "D": ("99010102", [1, 1, 0]),
}


def results(households=HOUSEHOLDS):
    rows = []
    for household, (village, fails) in households.items():
        for indicator, fail in zip(["h1", "h2", "i1"], fails, strict=True):
            passed = pd.NA if fail is None else 1 - fail
            rows.append((village, household, indicator, passed))
    frame = pd.DataFrame(rows, columns=["village_code", "household_id", "indicator_id", "passed"])
    frame["passed"] = frame["passed"].astype("Int8")
    return HouseholdMatrix.from_long(frame)


def test_weights_are_equal_per_domain():
    assert domain_weights(DOMAINS).to_dict() == {"h1": 0.25, "h2": 0.25, "i1": 0.5}


def test_worked_example_k_one_third():
    result = alkire_foster(results(), DOMAINS, k=1 / 3)
    # poor: A (0.75) and D (0.50); n = 4, q = 2
    assert (result.n, result.q) == (4, 2)
    assert result.H == pytest.approx(0.5)
    assert result.A == pytest.approx(0.625)
    assert result.MPI == pytest.approx(0.3125)
    table = result.indicators.set_index("indicator_id")
    assert table["censored_headcount"].to_dict() == pytest.approx({"h1": 0.5, "h2": 0.25, "i1": 0.25})
    assert table["uncensored_headcount"].to_dict() == pytest.approx({"h1": 0.5, "h2": 0.5, "i1": 0.25})
    assert table["contribution_pct"].to_dict() == pytest.approx({"h1": 40.0, "h2": 20.0, "i1": 40.0})
    domains = result.domains.set_index("domain")["contribution_pct"]
    assert domains.to_dict() == pytest.approx({"health": 60.0, "income": 40.0})
    assert (table["weight"] * table["censored_headcount"]).sum() == pytest.approx(result.MPI)


def test_a_higher_cut_off_leaves_only_household_a():
    result = alkire_foster(results(), DOMAINS, k=0.6)
    assert (result.q, result.H, result.A, result.MPI) == (1, 0.25, 0.75, pytest.approx(0.1875))


def test_villages_decompose_to_the_area():
    result = alkire_foster(results(), DOMAINS, k=1 / 3)
    villages = decompose(result).set_index("area_code")
    assert villages.loc["99010101", ["n", "q", "MPI"]].tolist() == [2, 1, pytest.approx(0.375)]
    assert villages.loc["99010102", ["n", "q", "MPI"]].tolist() == [2, 1, pytest.approx(0.25)]
    assert (villages["population_share"] * villages["MPI"]).sum() == pytest.approx(result.MPI)
    assert villages["contribution_pct"].sum() == pytest.approx(100)
    tambon = decompose(result, level_length=6)
    assert tambon["MPI"].tolist() == [pytest.approx(result.MPI)]


def test_no_poor_household_leaves_the_contributions_undefined():
    # c: A 0.75, B 0.25, C 0, D 0.50 — none reaches k = 0.8: q = 0, MPI = 0, and a share of 0 is no share
    result = alkire_foster(results(), DOMAINS, k=0.8)
    assert (result.n, result.q, result.H, result.A, result.MPI) == (4, 0, 0.0, 0.0, 0.0)
    assert not result.has_poor
    assert result.indicators["contribution_pct"].isna().all() and len(result.indicators) == 3
    assert result.domains["domain"].tolist() == ["health", "income"]
    assert result.domains["contribution_pct"].isna().all()
    assert result.domains["weight"].tolist() == [0.5, 0.5]
    villages = decompose(result)
    assert villages["n"].tolist() == [2, 2] and villages["q"].tolist() == [0, 0]
    assert villages["MPI"].tolist() == [0.0, 0.0] and villages["contribution_pct"].isna().all()
    assert alkire_foster(results(), DOMAINS, k=0.75).has_poor  # A alone (0.75 ≥ k)


def test_invalid_k_is_refused():
    with pytest.raises(ValueError):
        alkire_foster(results(), DOMAINS, k=0)


statuses = st.sampled_from([0, 1, None])
households = st.dictionaries(
    st.text("abcdef", min_size=1, max_size=3),
    st.tuples(st.sampled_from(["99010101", "99010102", "99010203"]), st.lists(statuses, min_size=3, max_size=3)),
    min_size=1,
    max_size=25,
)


@settings(max_examples=80, deadline=None)
@given(households, st.floats(0.05, 1.0))
def test_contributions_sum_to_100_and_subgroups_decompose(data, k):
    result = alkire_foster(results(data), DOMAINS, k=k)
    if result.MPI > 0:
        assert result.indicators["contribution_pct"].sum() == pytest.approx(100)
        assert result.domains["contribution_pct"].sum() == pytest.approx(100)
    for length in (6, 8):
        parts = decompose(result, level_length=length)
        assert np.isclose((parts["population_share"] * parts["MPI"]).sum(), result.MPI)
        assert parts["n"].sum() == result.n and parts["q"].sum() == result.q
    assert result.MPI == pytest.approx(result.H * result.A)


@pytest.mark.parametrize(("k", "poor"), [(0.5, 2), (0.25, 3), (0.75, 1)])
def test_a_household_exactly_at_the_cut_off_is_poor(k, poor):
    # c: A 0.75, B 0.25, C 0, D 0.50 — the household whose score equals k counts (c_i ≥ k)
    assert alkire_foster(results(), DOMAINS, k=k).q == poor
