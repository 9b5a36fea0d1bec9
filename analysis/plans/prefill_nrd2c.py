"""A Logic Model draft from a กชช.2ค problem (an indicator with villages at level 1), like the
จปฐ. draft in prefill.py: baseline = villages at level 1 of those scored, the villages themselves."""

from __future__ import annotations

from analysis.catalogs import load_catalog
from analysis.codes import level_of
from analysis.formatting import fmt_int, fmt_pct
from analysis.i18n import translate
from analysis.measures import nrd2c_shares
from analysis.plans.prefill import PLAN_LEVEL_OF_AREA, draft_from_problem
from analysis.plans.records import KPI, ProjectRecord, VillageCover
from analysis.store import Workspace


def draft_from_nrd2c_problem(
    workspace: Workspace, area_code: str, year: int, indicator_id: str, lang: str = "th"
) -> ProjectRecord:
    """A project draft for one กชช.2ค indicator of one area and year."""
    rows = workspace.rows("nrd2c_area_indicator", area=area_code, year=year, indicator=indicator_id)
    if rows.empty or int(rows["villages"].iloc[0]) == 0:
        raise LookupError(f"no กชช.2ค data for {area_code} {year} indicator {indicator_id}")
    row = rows.iloc[0]
    catalog = load_catalog(str(row["catalog_id"]))
    title = str(catalog.indicator(indicator_id)[f"title_{lang}"])
    level_1, scored = int(row["level_1"]), int(row["villages"])
    pct_level1 = float(nrd2c_shares(rows)["pct_level_1"].iloc[0])
    villages = workspace.rows("nrd2c_village", under=area_code, year=year, indicator=indicator_id)
    villages = villages[villages["level"] == 1]
    covers = [VillageCover(code, None, "village") for code in sorted(villages["village_code"])]
    values = {
        "title": title,
        "pct": fmt_pct(pct_level1),
        "n": fmt_int(level_1),
        "villages": fmt_int(scored),
        "year": year,
    }
    return ProjectRecord(
        area_code=area_code,
        plan_level=PLAN_LEVEL_OF_AREA[level_of(area_code)],
        title=translate("plans.prefill_title", lang, title=title),
        domain=str(row["domain"]),
        catalog_id=catalog.id,
        indicator_id=indicator_id,
        survey_year=int(year),
        # the record's baseline is the problem's share (stored as baseline_pct_fail since migration
        # 0001): for a กชช.2ค problem, the share of villages at level 1, of the villages scored
        baseline_pct_fail=pct_level1,
        baseline_fail=level_1,
        baseline_applicable=scored,
        problem=translate("contest.nrd2c_problem", lang, **values),
        target_group=translate("contest.nrd2c_target", lang, n=len(covers)),
        villages=covers,
        kpis=[
            KPI(
                name=translate("contest.nrd2c_kpi", lang, title=title),
                catalog_id=catalog.id,
                indicator_id=indicator_id,
                unit="%",
                baseline_value=round(pct_level1, 2),
                baseline_year=int(year),
                target_value=0.0,
                target_year=int(year) + 2,  # กชช.2ค is collected every two years
            )
        ],
    )


def draft_for(workspace: Workspace, draft: dict, lang: str = "th") -> ProjectRecord:
    """The draft a ranked problem asks for: จปฐ. by default, กชช.2ค when ``draft["kind"]`` says so."""
    make = draft_from_nrd2c_problem if draft.get("kind") == "nrd2c" else draft_from_problem
    return make(workspace, draft["area_code"], draft["year"], draft["indicator_id"], lang)
