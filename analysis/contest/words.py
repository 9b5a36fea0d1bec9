"""Sentences every contest document shares, so the deck, the summary, the infographic, the
checklist and the presentation mode say the same thing the same way."""

from __future__ import annotations

from analysis.contest.round import fiscal_year_for
from analysis.i18n import translate


def round_text(fiscal_year: int, bmn_year: int, nrd2c_year: int | None, lang: str) -> str:
    """ "ปีงบประมาณ พ.ศ. 2565 · ข้อมูล จปฐ. และ กชช.2ค ปี 2564" — the contest round's years, once."""
    if nrd2c_year is None:
        return translate("contest.round_no_nrd2c", lang, fiscal=fiscal_year, year=bmn_year)
    if nrd2c_year == bmn_year:
        return translate("contest.round_same", lang, fiscal=fiscal_year, year=bmn_year)
    return translate("contest.round_both", lang, fiscal=fiscal_year, year=bmn_year, nrd2c=nrd2c_year)


def round_line(story) -> str:
    """The round of a ContestStory (its fiscal year, จปฐ. year and กชช.2ค year)."""
    fiscal = story.fiscal_year or fiscal_year_for(story.year)
    return round_text(fiscal, story.year, story.facts.nrd2c_year, story.lang)
