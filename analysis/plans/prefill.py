"""Drafts pre-filled from the data: a Logic Model project from a ranked problem, matrix items from
a ranking. The numbers are the analysis functions' numbers, so they match the pages."""

from __future__ import annotations

from analysis.catalogs import load_catalog
from analysis.codes import level_of
from analysis.formatting import fmt_int, fmt_pct
from analysis.i18n import translate
from analysis.measures import indicator_measures
from analysis.plans.matrix import size_from_data
from analysis.plans.records import KPI, MatrixItemRecord, ProjectRecord, VillageCover
from analysis.ranking import Ranking, problem_phrase
from analysis.store import Workspace

PLAN_LEVEL_OF_AREA = {"village": "village", "tambon": "tambon", "amphoe": "amphoe", "province": "amphoe"}


def draft_from_problem(
    workspace: Workspace, area_code: str, year: int, indicator_id: str, lang: str = "th"
) -> ProjectRecord:
    """A project draft for one indicator of one area and year: baseline, villages and units affected."""
    rows = workspace.rows("area_indicator", area=area_code, year=year, indicator=indicator_id, catalog="*")
    if rows.empty:
        raise LookupError(f"no data for {area_code} {year} indicator {indicator_id}")
    row = indicator_measures(rows).iloc[0]
    catalog = load_catalog(str(row["catalog_id"]))
    indicator = catalog.indicator(indicator_id)
    title = indicator[f"title_{lang}"]
    unit = translate(f"unit.{row['count_unit']}", lang)
    villages = workspace.rows(
        "area_indicator", under=area_code, level="village", year=year, indicator=indicator_id, catalog="*"
    )
    villages = villages[villages["fail"] > 0].sort_values(["fail", "area_code"], ascending=[False, True])
    covers = [
        VillageCover(code, int(fail), str(row["count_unit"]))
        for code, fail in zip(villages["area_code"], villages["fail"], strict=True)
    ]
    problem = translate(
        "plans.prefill_problem",
        lang,
        title=title,
        pct=fmt_pct(row["pct_fail"]),
        fail=fmt_int(row["fail"]),
        applicable=fmt_int(row["applicable"]),
        unit=unit,
        year=year,
    )
    return ProjectRecord(
        area_code=area_code,
        plan_level=PLAN_LEVEL_OF_AREA[level_of(area_code)],
        title=translate("plans.prefill_title", lang, title=title),
        domain=str(row["domain"]),
        catalog_id=catalog.id,
        indicator_id=indicator_id,
        survey_year=int(year),
        baseline_pct_fail=float(row["pct_fail"]),
        baseline_fail=int(row["fail"]),
        baseline_applicable=int(row["applicable"]),
        problem=problem,
        target_group=translate(
            "plans.prefill_target_group", lang, n=fmt_int(row["fail"]), unit=unit, villages=len(covers)
        ),
        villages=covers,
        kpis=[
            KPI(
                name=translate("plans.prefill_kpi", lang, title=title),
                catalog_id=catalog.id,
                indicator_id=indicator_id,
                unit="%",
                baseline_value=round(float(row["pct_pass"]), 2),
                baseline_year=int(year),
                target_value=float(row["target"]),
                target_year=int(year) + 1,
            )
        ],
    )


def matrix_items_from_ranking(
    ranking: Ranking, indicator_ids: list[str], scale_min: int, scale_max: int, lang: str = "th"
) -> list[MatrixItemRecord]:
    """Candidate problems with their data and the size suggested by the share failing. The other
    scores start blank: only the group gives them (a pre-filled middle score could be saved unseen)."""
    overall = ranking.scope("all").set_index("indicator_id")
    items = []
    for indicator_id in indicator_ids:
        row = overall.loc[indicator_id]
        size = size_from_data(float(row["pct_fail"]), scale_min, scale_max)
        items.append(
            MatrixItemRecord(
                title=problem_phrase(row, lang),  # the problem as the community names it (the failing side)
                size=size,
                catalog_id=str(row["catalog_id"]),
                indicator_id=indicator_id,
                domain=str(row["domain"]),
                data_rank=int(row["rank"]),
                pct_fail=float(row["pct_fail"]),
                n_fail=int(row["n_fail"]),
                size_from_data=size,
            )
        )
    return items
