"""build_story: everything the contest kit shows about one area in one contest round, gathered
from the public analysis APIs into plain data (content.py). All workspace reading of the kit is
here and in story_plans.py (map, matrix, One Plan projects, pins).

``private``: the public edition — counts of households or persons below the privacy threshold
read "< 5" and the shares made from them are hidden, exactly as analysis.public shows them on the
pages (ranks are computed on the true counts first).

Calls: analysis.views (area_overview, rank_problems, compare_children), analysis.ranking
(summary_lines, top_problems, value_text), analysis.public, analysis.frames.area_mpi.
"""

from __future__ import annotations

import pandas as pd

from analysis.catalogs import domains, load_catalog
from analysis.codes import level_of
from analysis.contest.content import AreaRow, ContestStory, DataFacts, DomainResult, Nrd2cSummary, ProblemItem
from analysis.contest.round import ContestRound, round_for_year
from analysis.contest.story_plans import story_map, story_matrix, story_pins, story_plans
from analysis.db.store import VersionedStore
from analysis.formatting import fmt_datetime_th
from analysis.frames import area_mpi, nrd2c_villages, years_with_data
from analysis.i18n import translate
from analysis.measures import measure as measure_of
from analysis.measures import village_classes as classes_of
from analysis.plans.service import PlanStore
from analysis.public import counts_rows, mpi_rows, shown_comparison
from analysis.queries import AreaOverview, level_below
from analysis.ranking import Ranking, RankingUnavailable, problem_phrase, summary_lines, top_problems, value_text
from analysis.store import Workspace
from analysis.views import area_overview, compare_children, rank_problems

MEASURE = "pct_fail"  # the contest story ranks by share failing, the Rank page's default
TOP_PER_DOMAIN = 3
TOP_OVERALL = 10


def _share(value: object) -> float | None:
    """A share as shown: None where a public edition hides it (or it is unknown)."""
    number = pd.to_numeric(pd.Series([value], dtype=object), errors="coerce").iloc[0]
    return None if pd.isna(number) else float(number)


def _count(value: object) -> int | str:
    return value if isinstance(value, str) else int(value)


def _problem(row: pd.Series, ranking: Ranking, lang: str) -> ProblemItem:
    """A ranked problem from a row as shown (analysis.public.counts_rows)."""
    unit = row.get("count_unit")
    return ProblemItem(
        rank=int(row["rank"]),
        domain=str(row["domain"]),
        domain_name=str(row[f"domain_{lang}"]),
        indicator_id=str(row["indicator_id"]),
        title=str(row[f"title_{lang}"]),
        pct_fail=_share(row[measure_of(ranking.measure).share_column]),  # กชช.2ค: villages at level 1
        n_fail=_count(row["n_fail"]),
        unit=translate(f"unit.{unit}" if isinstance(unit, str) else "unit.village", lang),
        text=value_text(row, ranking.measure, lang),
        drivers=str(row.get("drivers") or ""),
        problem=problem_phrase(row, lang),
    )


def _ranked(
    ranking: Ranking, lang: str, private: bool
) -> tuple[list[DomainResult], dict[str, list[ProblemItem]], list[ProblemItem]]:
    colours = domains().set_index("domain_id")["colour"]
    summaries = summary_lines(ranking, lang, TOP_PER_DOMAIN, private)
    lines = dict(zip(ranking.domains["domain"], summaries, strict=False))
    results = [
        DomainResult(
            rank=int(d["rank"]),
            domain=str(d["domain"]),
            name=str(d[f"domain_{lang}"]),
            colour=str(colours[d["domain"]]),
            value=None if _share(d["value"]) is None else round(float(d["value"]), 1),
            pct_fail=_share(d["pct_fail"]),
            n_fail=_count(d["n_fail"]),
            summary=lines.get(d["domain"], ""),
        )
        for _, d in counts_rows(ranking.domains, private, lang).iterrows()
    ]

    def shown(scope: str, top: int) -> list[ProblemItem]:
        rows = counts_rows(top_problems(ranking, scope, top), private, lang)
        return [_problem(r, ranking, lang) for _, r in rows.iterrows()]

    problems = {d.domain: shown(d.domain, TOP_PER_DOMAIN) for d in results}
    return results, problems, shown("all", TOP_OVERALL)


def _facts(workspace: Workspace, overview: AreaOverview, nrd2c_year: int | None, lang: str) -> DataFacts:
    code = overview.area_code
    children = workspace.rows("area_summary", under=code, level="village")
    nrd2c = workspace.rows("nrd2c_village", under=code)
    known = set(children["area_code"]) | set(nrd2c["village_code"])
    # where the data came from, in words: the survey, its year and when it was imported (no file name)
    sources = [
        translate(
            "contest.source_line",
            lang,
            source=translate(f"contest.source_{d.family}", lang),
            year=d.year,
            date=fmt_datetime_th(d.imported_at, lang).rsplit(" ", 1)[0],
        )
        for d in workspace.datasets()
        if (d.family, d.year) in (("bmn", overview.year), ("nrd2c", nrd2c_year))
    ]
    catalog = load_catalog(overview.catalog_id)
    return DataFacts(
        year=overview.year,
        catalog_name=catalog.name_th if lang == "th" else catalog.name_en,
        households=overview.households,
        people=overview.people,
        villages_with_data=overview.villages if level_of(code) != "village" else 1,
        villages_known=len(known) if level_of(code) != "village" else 1,
        indicators=int((overview.indicators["applicable"] > 0).sum()),
        nrd2c_year=nrd2c_year,
        sources=list(dict.fromkeys(sources)),
    )


def _children(
    workspace: Workspace, area_code: str, year: int, lang: str, private: bool
) -> tuple[str | None, list[AreaRow]]:
    comparison = compare_children(workspace, area_code, year)
    if comparison is None:
        return None, []
    _, _, summary = shown_comparison(comparison, private, lang)
    names = workspace.register().display_names(comparison.domains["area_code"].unique(), lang)
    rows = []
    for _, row in summary.iterrows():
        by_domain = {d: _share(row[f"pct_fail_{d}"]) for d in domains()["domain_id"] if f"pct_fail_{d}" in row}
        code = row["area_code"]
        rows.append(AreaRow(code, names.get(code, code), by_domain, _share(row["pct_fail_all"])))
    return comparison.child_level, rows


def _mpi(workspace: Workspace, area_code: str, year: int, private: bool, lang: str) -> dict[str, float] | None:
    """H, A and MPI of the area; None without household rows, or in a public edition when they come
    from a count of poor households below the threshold (analysis.public.mpi_rows)."""
    result = area_mpi(workspace, area_code, year)
    if result is None:
        return None
    row = pd.DataFrame([{"n": result.n, "q": result.q, "H": result.H, "A": result.A, "MPI": result.MPI}])
    shown = mpi_rows(row, private, lang).iloc[0]
    values = {k: _share(shown[k]) for k in ("H", "A", "MPI")}
    return None if any(v is None for v in values.values()) else values


def _classes(workspace: Workspace, area_code: str, year: int, lang: str) -> list[tuple[str, int]]:
    """Villages per กชช.2ค development class in the round's year (not the latest survey)."""
    rows = nrd2c_villages(workspace, area_code)
    classes = classes_of(rows[rows["year"] == int(year)]) if len(rows) else classes_of(rows)
    counts = classes.groupby(["class_id", f"class_{lang}"]).size().reset_index(name="n").sort_values("class_id")
    return [(str(r[f"class_{lang}"]), int(r["n"])) for _, r in counts.iterrows()]


def _nrd2c(
    workspace: Workspace, area_code: str, year: int | None, lang: str
) -> tuple[Nrd2cSummary | None, pd.DataFrame]:
    if year is None:
        return None, pd.DataFrame()
    try:
        ranking = rank_problems(workspace, area_code, year, "nrd2c_level1", lang=lang)
    except RankingUnavailable:
        return None, pd.DataFrame()
    top = [_problem(r, ranking, lang) for _, r in top_problems(ranking, "all", TOP_PER_DOMAIN * 2).iterrows()]
    summary = Nrd2cSummary(int(year), _classes(workspace, area_code, year, lang), top)
    table = ranking.scope("all")[["indicator_id", f"title_{lang}", "level_1", "level_2", "level_3", "villages"]]
    return summary, table.rename(columns={f"title_{lang}": "title"}).sort_values("indicator_id").reset_index(drop=True)


def _bmn_table(overview: AreaOverview, lang: str, private: bool) -> pd.DataFrame:
    rows = counts_rows(overview.indicators[overview.indicators["applicable"] > 0], private, lang)
    columns = [
        "indicator_id",
        f"title_{lang}",
        f"domain_{lang}",
        "applicable",
        "pass",
        "fail",
        "pct_fail",
        "count_unit",
    ]
    table = rows[[c for c in columns if c in rows]]
    return table.rename(columns={f"title_{lang}": "title", f"domain_{lang}": "domain"}).reset_index(drop=True)


def build_story(
    workspace: Workspace,
    area_code: str,
    round_or_year: ContestRound | int,
    store: VersionedStore,
    lang: str = "th",
    private: bool = False,
) -> ContestStory:
    """The contest story of ``area_code`` in a contest round (a survey year alone: that year's
    round); LookupError when the area has no จปฐ. data that year. ``private``: the public edition.
    ``store`` names the database (the contest store or the plan store): the story's pins, matrix
    and projects are its plans'."""
    if isinstance(round_or_year, ContestRound):
        chosen = round_or_year
    else:
        chosen = round_for_year(int(round_or_year), years_with_data(workspace, area_code, "nrd2c_area_indicator"))
    year = chosen.bmn_year
    overview = area_overview(workspace, area_code, year)
    if overview is None:
        raise LookupError(translate("contest.no_data", lang, year=year))
    ranking = rank_problems(workspace, area_code, year, MEASURE, lang=lang, private=private)
    ranked, problems, top = _ranked(ranking, lang, private)
    child_level, children = _children(workspace, area_code, year, lang, private)
    story = ContestStory(
        area_code=area_code,
        area_name=workspace.register().display_name(area_code, lang),
        level=overview.level,
        year=int(year),
        lang=lang,
        is_demo=workspace.is_demo(),
        measure_name=measure_of(MEASURE).name(lang),
        facts=_facts(workspace, overview, chosen.nrd2c_year, lang),
        domains=ranked,
        problems=problems,
        top_problems=top,
        child_level=child_level,
        children=children,
        fiscal_year=chosen.fiscal_year,
        private=private,
    )
    plans = PlanStore(store.url)
    records, story.pins = story_pins(workspace, plans, area_code, lang)
    map_level = child_level or level_below(overview.level)
    if map_level and ranked:
        story.map = story_map(workspace, area_code, map_level, ranked[0].domain, year, records, lang, private)
    story.matrix = story_matrix(plans, area_code, lang)
    story.projects, story.budget, story.covering = story_plans(workspace, plans, area_code, lang)
    story.mpi = _mpi(workspace, area_code, year, private, lang)
    story.nrd2c, story.nrd2c_table = _nrd2c(workspace, area_code, chosen.nrd2c_year, lang)
    story.bmn_table = _bmn_table(overview, lang, private)
    return story
