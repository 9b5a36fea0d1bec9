"""Display tables: analysis frames turned into labelled, rounded tables for screens and downloads.

Pure functions (no streamlit), so the exact columns users see are unit-tested.
"""

from __future__ import annotations

import pandas as pd
from analysis.exports import labelled
from analysis.i18n import translate
from analysis.measures import measure as measure_of


def count(values: pd.Series) -> pd.Series:
    """A count column: whole numbers, or as shown when small counts are marked "< 5"."""
    return values.astype("int64") if pd.api.types.is_numeric_dtype(values) else values


def rounded(values: pd.Series, digits: int = 1) -> pd.Series:
    """A share column rounded (blank where hidden from the viewer)."""
    return pd.to_numeric(values, errors="coerce").round(digits)


def indicator_table(indicators: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """One row per indicator with labelled columns: no., title, then % failing and the counts
    (the key columns first), domain, unit, % passing and target."""
    display = pd.DataFrame(
        {
            "indicator_id": indicators["indicator_id"],
            "indicator": indicators["title_th" if lang == "th" else "title_en"],
            "pct_fail": rounded(indicators["pct_fail"]),
            "fail": count(indicators["fail"]),
            "applicable": count(indicators["applicable"]),
            "count_unit": indicators["count_unit"].map(lambda u: translate(f"unit.{u}", lang)),
            "pass": count(indicators["pass"]),
            "pct_pass": rounded(indicators["pct_pass"]),
            "domain": indicators["domain_th" if lang == "th" else "domain_en"],
            "target": indicators["target"],
        }
    )
    return labelled(display, list(display.columns), lang).reset_index(drop=True)


def datasets_table(datasets: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    from analysis.catalogs import catalog_name
    from analysis.formatting import fmt_datetime_th

    display = datasets.copy()
    display["kind"] = display["kind"].map(lambda k: translate(f"kind.{k}", lang))
    display["imported_at"] = display["imported_at"].map(lambda v: fmt_datetime_th(v, lang))
    display["demo"] = display["demo"].map(lambda d: translate("data.yes" if d else "data.no", lang))
    display["catalog_id"] = display["catalog_id"].map(lambda c: catalog_name(c, lang))
    columns = [
        "year",
        "kind",
        "catalog_id",
        "file",
        "rows",
        "villages",
        "set_aside",
        "imported_at",
        "demo",
        "dataset_id",
    ]
    return labelled(display, columns, lang)


def change_mark(change: float, lang: str = "th") -> str:
    """ "▲ +3.2" (more failing: worse), "▼ −2.1" (better), "● 0.0" (no change), "" (not comparable)."""
    if change is None or pd.isna(change):
        return ""
    if change > 0.05:
        return f"▲ +{change:.1f}"
    if change < -0.05:
        return f"▼ −{abs(change):.1f}"
    return "● 0.0"


def ranking_table(problems: pd.DataFrame, measure: str, lang: str = "th") -> pd.DataFrame:
    """One row per ranked problem: rank and title, then the numbers behind its rank and the
    villages driving it (the key columns first), then the rest. The ranking value has a column of
    its own only when no other column shows it (the MPI's contribution)."""
    chosen = measure_of(measure)
    title = "title_th" if lang == "th" else "title_en"
    domain = "domain_th" if lang == "th" else "domain_en"
    head = {"rank": problems["rank"], "indicator_id": problems["indicator_id"], "indicator": problems[title]}
    if chosen.survey == "nrd2c":  # villages counted: their share at level 1, the villages scored
        display = pd.DataFrame(
            {
                **head,
                chosen.share_column: rounded(problems[chosen.share_column]),
                chosen.count_column: count(problems["n_fail"]),
                "drivers": problems["drivers"],
                "villages_scored": count(problems["applicable"]),
                "domain": problems[domain],
            }
        )
        return labelled(display, list(display.columns), lang)
    display = pd.DataFrame(
        {
            **head,
            "value": rounded(problems["value"], 2),
            "pct_fail": rounded(problems["pct_fail"]),
            "fail": count(problems["n_fail"]),
            "drivers": problems["drivers"],
            "n_to_fix": count(problems["n_to_fix"]),
            "gap_to_target": rounded(problems["gap_to_target"]),
            "applicable": count(problems["applicable"]),
            "count_unit": problems["count_unit"].map(lambda u: translate(f"unit.{u}", lang)),
            "target": problems["target"],
            "domain": problems[domain],
        }
    )
    if chosen.column in display:
        display = display.drop(columns="value")
    return labelled(display, list(display.columns), lang)


def ranking_export(problems: pd.DataFrame, measure: str, lang: str = "th") -> pd.DataFrame:
    """All scopes (all domains, then each domain) in one table for download."""
    table = ranking_table(problems, measure, lang)
    scope = problems["scope"].map(lambda s: translate("rank.all", lang) if s == "all" else s)
    table.insert(0, translate("col.domain", lang) + " (scope)", scope.to_numpy())
    return table


def comparison_table(summary: pd.DataFrame, names: dict[str, str], lang: str = "th") -> pd.DataFrame:
    """One row per child area: % failing overall and per domain, and the change per domain."""
    from analysis.catalogs import domains

    def share(name: str) -> str:  # every share column says what it is: "สุขภาพ (% ไม่ผ่าน)"
        return translate("compare.pct_header", lang, name=name)

    table = pd.DataFrame({translate("compare.area", lang): summary["area_code"].map(names)})
    table[share(translate("compare.overall", lang))] = summary["pct_fail_all"].round(1).to_numpy()
    names_by_domain = domains().set_index("domain_id")[f"name_{lang}"]
    for domain_id, name in names_by_domain.items():
        if f"pct_fail_{domain_id}" in summary:
            table[share(name)] = summary[f"pct_fail_{domain_id}"].round(1).to_numpy()
    for domain_id, name in names_by_domain.items():
        if f"change_{domain_id}" in summary and summary[f"change_{domain_id}"].notna().any():
            table[translate("compare.change_of", lang, domain=name)] = (
                summary[f"change_{domain_id}"].map(lambda v: change_mark(v, lang)).to_numpy()
            )
    return table


def comparison_detail(indicators: pd.DataFrame, names: dict[str, str], lang: str = "th") -> pd.DataFrame:
    """One row per child × indicator, for download."""
    from analysis.area_tables import indicator_catalog_table

    titles = indicator_catalog_table().set_index(["catalog_id", "indicator_id"])[f"title_{lang}"]
    display = pd.DataFrame(
        {
            "area_code": indicators["area_code"],
            "area_name": indicators["area_code"].map(names),
            "indicator_id": indicators["indicator_id"],
            "indicator": [
                titles.get((c, i), i) for c, i in zip(indicators["catalog_id"], indicators["indicator_id"], strict=True)
            ],
            "pct_fail": rounded(indicators["pct_fail"], 2),
            "fail": indicators["fail"],
            "applicable": indicators["applicable"],
            "pass": indicators["pass"],
            "target": indicators["target"],
            "gap_to_target": rounded(indicators["gap_to_target"], 2),
            "n_to_fix": indicators["n_to_fix"],
        }
    )
    if "change_pp" in indicators:
        display["change_pp"] = rounded(indicators["change_pp"], 2)
    return labelled(display, list(display.columns), lang)


def oneplan_projects_table(frame: pd.DataFrame, register, lang: str = "th") -> pd.DataFrame:
    """One row per project: id, title, plan area, level, status, domain, budget, villages."""
    from analysis.catalogs import domain_name

    display = pd.DataFrame(
        {
            translate("plans.col.id", lang): frame["id"],
            translate("plans.col.title", lang): frame["title"],
            translate("plans.col.total_budget", lang): frame["total_budget"],  # the key number beside the title
            translate("project.area", lang): frame["area_code"].map(register.display_names(frame["area_code"], lang)),
            translate("plans.col.plan_level", lang): frame["plan_level"].map(
                lambda v: translate(f"plans.level.{v}", lang)
            ),
            translate("plans.col.status", lang): frame["status"].map(lambda v: translate(f"plans.status.{v}", lang)),
            translate("plans.col.domain", lang): frame["domain"].map(
                lambda d: domain_name(d, lang) if isinstance(d, str) else ""
            ),
            translate("plans.col.villages", lang): frame["villages"],
        }
    )
    return display


def totals_table(table: pd.DataFrame, prefix: str, lang: str = "th") -> pd.DataFrame:
    """Budget totals with translated row labels and fiscal-year columns."""
    if table.empty:
        return table
    shown = table.copy()
    shown.index = [translate(f"{prefix}.{i}", lang) for i in shown.index]
    shown.columns = [translate("oneplan.total", lang) if c == "total" else str(c) for c in shown.columns]
    shown.loc[translate("oneplan.total", lang)] = shown.sum()
    return shown.round(2)


def rollup_table(frame: pd.DataFrame, register, lang: str = "th") -> pd.DataFrame:
    """Areas (rows, indented by level) × fiscal years (columns) of budget totals."""
    if frame.empty:
        return frame
    wide = frame.pivot_table(
        index=["area", "level"], columns="fiscal_year", values="amount", aggfunc="sum", fill_value=0.0
    ).reset_index()
    wide.columns = [str(c) for c in wide.columns]
    years = [c for c in wide.columns if c.isdigit()]
    wide[translate("oneplan.total", lang)] = wide[years].sum(axis=1)
    wide.insert(0, translate("col.area_name", lang), wide["area"].map(register.display_names(wide["area"], lang)))
    wide.insert(1, translate("col.level", lang), wide["level"].map(lambda v: translate(f"level.{v}", lang)))
    return wide.drop(columns=["area", "level"]).sort_values(translate("col.area_name", lang), key=lambda s: s.index)


def village_class_table(classes: pd.DataFrame, register, lang: str = "th") -> pd.DataFrame:
    """One row per village: its กชช.2ค development class and the counts the class rule used."""
    ordered = classes.sort_values(["class_id", "village_code"])
    return pd.DataFrame(
        {
            translate("compare.area", lang): ordered["village_code"].map(
                register.display_names(ordered["village_code"], lang)
            ),
            translate("compare.class", lang): ordered[f"class_{lang}"],
            translate("compare.n_level_1", lang): ordered["n_level_1"],
            translate("compare.share_level_3", lang): (100 * ordered["share_level_3"]).round(1),
        }
    )
