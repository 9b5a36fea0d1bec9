"""The contest round an area presents: the fiscal year of the contest, the จปฐ. survey year its
analysis uses and the กชช.2ค year — chosen once (stored per area, ContestStore.save_round) and read
by every slide, page, document and checklist item, so a kit never shows three different years.

Without a stored choice the round follows a rule (data/contest/criteria.toml): the latest จปฐ. year
that has กชช.2ค data of the same year (else the latest จปฐ. year), its fiscal year that year plus
``data_year_offset``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from analysis.contest.criteria import contest_settings
from analysis.frames import years_with_data


@dataclass(frozen=True)
class ContestRound:
    fiscal_year: int
    bmn_year: int
    nrd2c_year: int | None = None
    chosen: bool = False  # stored for the area (False: the default rule)


@dataclass
class RoundRecord:
    """A stored round (ContestStore.round / save_round)."""

    area_code: str
    fiscal_year: int
    bmn_year: int
    nrd2c_year: int | None = None
    is_demo: bool = False
    id: int | None = None
    version: int | None = None

    def as_round(self) -> ContestRound:
        return ContestRound(self.fiscal_year, self.bmn_year, self.nrd2c_year, chosen=True)


def offset() -> int:
    return int(contest_settings().get("data_year_offset", 1))


def fiscal_year_for(bmn_year: int) -> int:
    """The contest's fiscal year that uses survey year ``bmn_year`` (2564 → 2565)."""
    return int(bmn_year) + offset()


def round_for_year(bmn_year: int, nrd2c_years: Iterable[int]) -> ContestRound:
    """The round of one จปฐ. year: its fiscal year, and กชช.2ค of the same year when imported."""
    nrd2c = int(bmn_year) if int(bmn_year) in {int(y) for y in nrd2c_years} else None
    return ContestRound(fiscal_year_for(bmn_year), int(bmn_year), nrd2c)


def default_round(bmn_years: Iterable[int], nrd2c_years: Iterable[int]) -> ContestRound | None:
    """The latest จปฐ. year with กชช.2ค data of the same year, else the latest จปฐ. year."""
    bmn, nrd2c = sorted({int(y) for y in bmn_years}), {int(y) for y in nrd2c_years}
    if not bmn:
        return None
    complete = [y for y in bmn if y in nrd2c]
    return round_for_year(complete[-1] if complete else bmn[-1], nrd2c)


def area_round(workspace, store, area_code: str) -> ContestRound | None:
    """The round ``area_code`` presents: the one stored for it, else the default rule over the
    years the workspace holds for the area (None when it has no จปฐ. data)."""
    stored = store.round(area_code) if hasattr(store, "round") else None
    if stored is not None:
        return stored.as_round()
    return default_round(
        years_with_data(workspace, area_code), years_with_data(workspace, area_code, "nrd2c_area_indicator")
    )


def cli_round(workspace, store, area_code: str, year: int | None, fiscal_year: int | None) -> ContestRound | None:
    """The round of a `cia contest` command: ``--fiscal-year`` or ``--year`` when given (that
    round's rule), else the area's round."""
    nrd2c = years_with_data(workspace, area_code, "nrd2c_area_indicator")
    if fiscal_year:
        return round_for_year(int(fiscal_year) - offset(), nrd2c)
    if year:
        return round_for_year(int(year), nrd2c)
    return area_round(workspace, store, area_code)
