"""Rank problems from most to least — within each domain and across all five — by a chosen
measure of the catalog (analysis.measures; its compute function in analysis.rank_values gives the
values), and rank the five domains themselves.

Tie rule (stated in the UI and README): a higher measure ranks first; on equal measures more
units failing rank first; then catalog order (domain order for domains). Ranks are 1, 2, 3, …
with no shared places. rank_items holds the rule; every ordered list of problems uses it.

Pure functions of AreaFrames (analysis.views reads them from the workspace).

problems: one row per scope × indicator (scope = "all" or a domain id) with its rank.
domains:  one row per domain with its rank.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pandas as pd

from analysis.catalogs import domains, with_problems
from analysis.formatting import fmt_int, fmt_number, fmt_pct, fmt_share
from analysis.frames import AreaFrames
from analysis.i18n import translate
from analysis.measures import Measure, rank_measure, share_pct
from analysis.measures import measure as measure_of
from analysis.mpi import MPIResult
from analysis.public import count_text
from analysis.queries import with_titles
from analysis.rank_values import RankingUnavailable as RankingUnavailable  # where pages and the CLI catch it

DRIVER_COUNT = 3


def rank_items(frame: pd.DataFrame, value: str, tie: str | None, order: str) -> pd.DataFrame:
    """Sort by ``value`` desc, then ``tie`` desc (the units counted; None where rows have no count),
    then ``order`` asc; number 1..n. Every worst-first list goes through here."""
    keys = [value, order] if tie is None else [value, tie, order]
    ascending = [False, True] if tie is None else [False, False, True]
    ranked = frame.sort_values(keys, ascending=ascending, na_position="last", kind="stable")
    ranked = ranked.reset_index(drop=True)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked


@dataclass
class Ranking:
    area_code: str
    year: int
    measure: str
    catalog_id: str
    problems: pd.DataFrame
    domains: pd.DataFrame
    mpi: MPIResult | None = None
    notes: list[str] = field(default_factory=list)

    def scope(self, scope: str) -> pd.DataFrame:
        return self.problems[self.problems["scope"] == scope].reset_index(drop=True)


def is_problem(rows: pd.DataFrame, value: str = "value", count: str = "n_fail") -> pd.Series:
    """True where a row is a problem: some unit fails and its ranking value is above 0. Such rows
    always rank above the others (value first, then count), so dropping the rest keeps ranks 1..n."""
    return (rows[count] > 0) & (rows[value] > 0)


def top_problems(ranking: Ranking, scope: str = "all", top: int | None = None) -> pd.DataFrame:
    """The ``top`` ranked problems of ``scope`` ("all" or a domain id), or all of them. An indicator
    nothing fails is not a problem and is left out, so there may be fewer than ``top``: every list
    of "the top problems" (the read-aloud summary, the contest kit, the quality report) uses this."""
    rows = ranking.scope(scope)
    rows = rows[is_problem(rows)].reset_index(drop=True)
    return rows if top is None else rows.head(top)


def village_drivers(rows: pd.DataFrame, count_column: str = "fail") -> pd.DataFrame:
    """Per indicator, the villages with the most failing units: one row per indicator × village
    (top DRIVER_COUNT), with the village's share of the area's failing units and the unit counted
    (household or person; village for กชช.2ค rows, which have no count_unit)."""
    rows = rows[rows[count_column] > 0]
    totals = rows.groupby("indicator_id")[count_column].transform("sum")
    unit = rows["count_unit"] if "count_unit" in rows else "village"
    rows = rows.assign(
        count=rows[count_column], share_pct=share_pct(rows[count_column], totals).to_numpy(), count_unit=unit
    )
    rows = rows.sort_values(["indicator_id", "count", "area_code"], ascending=[True, False, True])
    columns = ["indicator_id", "area_code", "count", "share_pct", "count_unit"]
    return rows.groupby("indicator_id").head(DRIVER_COUNT)[columns]


def driver_text(
    drivers: pd.DataFrame, names: dict[str, str], suppress: bool = False, lang: str = "th"
) -> dict[str, str]:
    """indicator id → "หมู่ที่ 3 บ้านโคก (12 ครัวเรือน, 40.0%); …" for the villages driving it. The
    unit and a one-decimal share (or "<0.1%") because a bare "(60, 0%)" of a province read as 60%.
    ``suppress``: a count below the privacy threshold reads "< 5" and its share (which would give
    it away) is left out."""
    from analysis.privacy import format_count, suppressed

    hidden = suppressed(drivers["count"].to_numpy()) if suppress else [False] * len(drivers)
    units = drivers["count_unit"] if "count_unit" in drivers else pd.Series("village", index=drivers.index)
    numbers = [
        format_count(c, suppress=suppress)
        + " "
        + translate(f"unit.{u if isinstance(u, str) else 'village'}", lang)
        + ("" if h else ", " + fmt_share(p))
        for c, p, u, h in zip(drivers["count"], drivers["share_pct"], units, hidden, strict=True)
    ]
    parts = drivers.assign(text=drivers["area_code"].map(names) + " (" + pd.Series(numbers, index=drivers.index) + ")")
    return parts.groupby("indicator_id")["text"].agg("; ".join).to_dict()


def rank(
    area: AreaFrames,
    measure: str = "pct_fail",
    drivers: pd.DataFrame | None = None,
    names: dict[str, str] | None = None,
    mpi: MPIResult | None = None,
    private: bool = False,
    lang: str = "th",
) -> Ranking:
    """The ranked problems of one area and year by ``measure`` (see rank_measures()). ``private``:
    the villages' counts in the drivers' text follow the small-count rule (ranks use true counts);
    ``lang``: the language of that text's units."""
    items, domain_rows = rank_measure(measure).values(area, mpi)
    items = with_problems(with_titles(items))
    texts = driver_text(drivers, names or {}, private, lang) if drivers is not None and len(drivers) else {}
    items["drivers"] = [texts.get(i, "") for i in items["indicator_id"]]
    parts = [rank_items(items, "value", "n_fail", "order_key").assign(scope="all")]
    for domain_id in domains()["domain_id"]:
        subset = items[items["domain"] == domain_id]
        if not subset.empty:
            parts.append(rank_items(subset, "value", "n_fail", "order_key").assign(scope=domain_id))
    problems = pd.concat(parts, ignore_index=True)
    labels = domains().set_index("domain_id")
    domain_rows = domain_rows.assign(
        domain_order=domain_rows["domain"].map(labels["order"]),
        domain_th=domain_rows["domain"].map(labels["name_th"]),
        domain_en=domain_rows["domain"].map(labels["name_en"]),
    )
    ranked_domains = rank_items(domain_rows, "value", "n_fail", "domain_order")
    return Ranking(
        area.area_code, int(area.year), measure, str(items["catalog_id"].iloc[0]), problems, ranked_domains, mpi
    )


def _unit(row: pd.Series, lang: str) -> str:
    unit = row.get("count_unit")
    return translate(f"unit.{unit}" if isinstance(unit, str) else "unit.village", lang)


def _text_fail(row: pd.Series, chosen: Measure, lang: str) -> str:
    share = fmt_pct(row[chosen.share_column])
    return translate("rank.text_fail", lang, pct=share, n=count_text(row["n_fail"]), unit=_unit(row, lang))


def _text_gap(row: pd.Series, chosen: Measure, lang: str) -> str:
    gap, target = fmt_number(row["gap_to_target"]), fmt_number(row["target"], 0)
    return translate(
        "rank.text_gap", lang, gap=gap, target=target, n=count_text(row["n_to_fix"]), unit=_unit(row, lang)
    )


def _text_contribution(row: pd.Series, chosen: Measure, lang: str) -> str:
    return translate("rank.text_contribution", lang, pct=fmt_pct(row["value"]))


def _text_villages(row: pd.Series, chosen: Measure, lang: str) -> str:
    return translate("rank.text_villages", lang, pct=fmt_pct(row["value"]), n=fmt_int(row["n_fail"]))


#: how a measure's numbers are read out, by its declared ``said`` (data/measures.toml)
SAID = {"fail": _text_fail, "gap": _text_gap, "contribution": _text_contribution, "villages": _text_villages}


def value_text(row: pd.Series, measure: str, lang: str) -> str:
    """The numbers behind a rank, as a presenter reads them out (a row as shown: its counts may be
    "< 5" marks and its shares blank, see analysis.public)."""
    chosen = measure_of(measure)
    return SAID[chosen.said](row, chosen, lang)


def summary_lines(ranking: Ranking, lang: str = "th", top: int = 3, private: bool = False) -> list[str]:
    """One line per domain (in domain-rank order) naming its top problems, to be read out: fewer
    than ``top`` say how many there are, none says so (``private``: small counts as "< 5", see
    analysis.public)."""
    from analysis.public import counts_rows

    title = "title_th" if lang == "th" else "title_en"
    measure = ranking.measure
    chosen = measure_of(measure)
    hide = private and chosen.small_counts
    problems = ranking.problems
    sizes = problems["scope"].value_counts()
    # every domain's top problems (top_problems for each scope) shown at once: the small-count rule
    # works row by row, so one pass over all of them reads the same as one per domain
    tops = problems[is_problem(problems)].groupby("scope", sort=False).head(top).reset_index(drop=True)
    shown = counts_rows(tops, hide, lang, chosen.is_count)
    lines = []
    for domain, name in zip(ranking.domains["domain"], ranking.domains[f"domain_{lang}"], strict=True):
        if not sizes.get(domain, 0):
            continue
        rows = shown[shown["scope"] == domain]
        if rows.empty:
            lines.append(translate(f"rank.summary_none_{chosen.said}", lang, domain=name))
            continue
        parts = [
            translate(
                "rank.summary_item",
                lang,
                rank=int(r["rank"]),
                problem=problem_phrase(r, lang, title),
                numbers=said_numbers(r, measure, lang),
            )
            for _, r in rows.iterrows()  # at most ``top`` rows
        ]
        # "only n" when indicators nothing fails were left out, not when the domain is just small
        few = len(rows) < min(top, int(sizes[domain]))
        key = "rank.summary_line_few" if few else "rank.summary_line"
        items = functools.reduce(lambda a, b: translate("rank.item_join", lang, a=a, b=b), parts)
        lines.append(translate(key, lang, domain=name, items=items, count=len(rows)))
    return lines


def problem_phrase(row: pd.Series, lang: str, title: str | None = None) -> str:
    """The indicator's declared problem phrase (the failing side: "ยังมีคนในครัวเรือนสูบบุหรี่"),
    its title when the catalog declares none."""
    phrase = row.get(f"problem_{lang}")
    return str(phrase) if isinstance(phrase, str) and phrase.strip() else str(row[title or f"title_{lang}"])


def said_numbers(row: pd.Series, measure: str, lang: str) -> str:
    """The numbers after a problem phrase: "23.0% (120 คน)" for shares failing (the phrase already
    says what fails), the measure's own words after a dash otherwise."""
    chosen = measure_of(measure)
    if chosen.said != "fail":
        return f"— {value_text(row, measure, lang)}"
    unit, n, share = _unit(row, lang), count_text(row["n_fail"]), row[chosen.share_column]
    if pd.isna(pd.to_numeric(pd.Series([share], dtype=object), errors="coerce").iloc[0]):
        return translate("rank.say_count", lang, n=n, unit=unit)  # the share hidden with its small count
    return translate("rank.say_fail", lang, pct=fmt_pct(share), n=n, unit=unit)
