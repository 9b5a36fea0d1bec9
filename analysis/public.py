"""What is shown to a role without household-level access: the one small-count rule
(analysis.privacy.suppress_counts) applied to the frames that pages, charts, map tooltips and
exports show. Each function returns the frame unchanged when ``private`` is False (a data officer
of the area, an administrator, "this computer" mode). Rankings and comparisons are computed on the
true counts before any of this runs.

indicator rows: area × indicator (or ranked problems): counts applicable, pass, fail (n_fail) and
                n_to_fix; shares and gaps computed from them are blanked with them.
domain rows:    area × domain: the same columns.
summary rows:   households and people of an area.
MPI rows:       households (n) and poor households (q) per area, H, A, MPI and contributions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.formatting import fmt_int
from analysis.privacy import format_count, suppress_counts, suppressed

#: counts of households or persons in indicator and domain rows
COUNTS = ("applicable", "pass", "fail", "n_fail", "n_to_fix", "households_applicable", "households_fail_any")
#: columns computed from those counts (blanked when a count they come from is suppressed)
DERIVED = (
    "pct_pass",
    "pct_fail",
    "gap_to_target",
    "n_to_fix",
    "pct_households_fail_any",
    "change_pp",
    "pct_fail_base",
    "gap_mean",
)
SOURCES = ("applicable", "pass", "fail", "n_fail")


def counts_rows(frame: pd.DataFrame, private: bool, lang: str = "th", value_is_count: bool = False) -> pd.DataFrame:
    """Indicator or domain rows as shown: small counts as "< N", the shares made from them blank.
    ``value_is_count``: the ranking's "value" column is itself a count (ranked by households failing)."""
    if not private or frame.empty:
        return frame
    counts = [c for c in COUNTS if c in frame]
    if value_is_count and "value" in frame:
        counts.append("value")
    sources = [c for c in SOURCES if c in frame]
    derived = [c for c in DERIVED if c in frame]
    if "value" in frame and not value_is_count:
        derived.append("value")
    totals = {"applicable": [c for c in ("pass", "fail", "n_fail") if c in frame]} if "applicable" in frame else None
    shown = suppress_counts(frame, counts, {d: sources for d in derived}, totals, lang=lang)
    base = [c for c in ("applicable_base", "pass_base", "fail_base") if c in frame]
    if base:  # a change is blank too when the base year's share came from a small count
        hidden = np.logical_or.reduce([suppressed(frame[c].to_numpy()) for c in base])
        for column in ("change_pp", "pct_fail_base"):
            if column in shown:
                shown[column] = shown[column].astype(object).where(~hidden, None)
    return shown


def hidden_rows(frame: pd.DataFrame) -> np.ndarray:
    """True where a shown frame (from counts_rows) has its share blanked."""
    column = "pct_fail" if "pct_fail" in frame else "pct_pass"
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    counted = frame["applicable"].notna().to_numpy() if "applicable" in frame else np.ones(len(frame), dtype=bool)
    return numbers(frame[column]).isna().to_numpy() & counted


def numbers(values: pd.Series) -> pd.Series:
    """A shown column as numbers: "< 5", "ปกปิด" and blanks become NaN (bar lengths, colours)."""
    return pd.to_numeric(values, errors="coerce")


def count_text(value: object) -> str:
    """A shown count as text: "1,234", or the mark it was replaced by."""
    if isinstance(value, str):
        return value
    return fmt_int(value)


def summary_counts(households: int | None, people: int | None, private: bool) -> tuple[str | None, str | None]:
    """An area's households and people as shown (None when the data does not give them)."""
    return tuple(None if v is None else format_count(v, suppress=private) for v in (households, people))


def mpi_rows(frame: pd.DataFrame, private: bool, lang: str = "th") -> pd.DataFrame:
    """MPI rows per area (n households, q poor): small n or q as "< N"; H, A, MPI and shares blank."""
    if not private or frame.empty:
        return frame
    derived = [c for c in ("H", "A", "MPI", "contribution_pct", "population_share") if c in frame]
    return suppress_counts(frame, ["n", "q"], {d: ["n", "q"] for d in derived}, {"n": ["q"]}, lang=lang)


def hidden_counts(values: Sequence[object], private: bool) -> np.ndarray:
    """True where a count is suppressed for this viewer."""
    if not private:
        return np.zeros(len(values), dtype=bool)
    return suppressed(list(values))


def shown_comparison(comparison, private: bool, lang: str = "th") -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(indicator rows, domain rows, one row per child area) of a Comparison as a viewer may see
    them: the Compare page and the contest kit's public edition show the same cells."""
    indicators = counts_rows(comparison.indicators, private, lang)
    domains = counts_rows(comparison.domains, private, lang)
    summary = comparison.summary()
    if private:
        for column, source in (("pct_fail", "pct_fail"), ("change", "change_pp")):
            if source not in domains:
                continue
            wide = domains.assign(v=numbers(domains[source])).pivot(index="area_code", columns="domain", values="v")
            for domain in wide.columns:
                summary[f"{column}_{domain}"] = summary["area_code"].map(wide[domain]).to_numpy()
        hidden = domains.assign(h=hidden_rows(domains)).groupby("area_code")["h"].any()
        summary.loc[summary["area_code"].map(hidden).fillna(False).to_numpy(bool), "pct_fail_all"] = None
    return indicators, domains, summary
