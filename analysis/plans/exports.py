"""Plan documents: แบบ ผ.02 (XLSX), all projects (CSV and a workbook that imports back), the matrix."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from analysis.catalogs import catalogs, domain_ids, domain_name
from analysis.exports import Sheet, to_csv_bytes, to_xlsx_bytes, xlsx_bytes
from analysis.i18n import translate
from analysis.plans.models import PLAN_LEVELS, SOURCES, STATUSES
from analysis.plans.records import (
    BUDGET_FIELDS,
    KPI_FIELDS,
    OUTPUT_FIELDS,
    PARTNER_FIELDS,
    SCALAR_PROJECT_FIELDS,
    SPENDING_FIELDS,
    VILLAGE_FIELDS,
    MatrixRecord,
    ProjectRecord,
)
from analysis.plans.results import PARTNER_ROLES
from analysis.plans.strategies import link_titles, strategy_index
from analysis.thaidate import fmt_date_th

PLAN_YEARS = 5

# matrix_item_id links to this database's matrix rows only, so it stays out of the file
PROJECT_SHEET_FIELDS = ["id", "version", *[f for f in SCALAR_PROJECT_FIELDS if f != "matrix_item_id"]]
SHEETS = {
    "projects": "โครงการ",
    "villages": "หมู่บ้าน",
    "kpis": "ตัวชี้วัดโครงการ",
    "budgets": "งบประมาณ",
    "strategies": "ยุทธศาสตร์",
    "output_results": "ผลผลิตจริง",
    "spending": "ใช้จ่ายจริง",
    "partners": "ภาคี",
}
ENUM_FIELDS = {
    "plan_level": "plans.level",
    "status": "plans.status",
    "source": "plans.source",
    "role": "strategy.partner_role",
}
ENUM_CODES = {"plan_level": PLAN_LEVELS, "status": STATUSES, "source": SOURCES, "role": PARTNER_ROLES}
#: the strategies sheet: the code is what is read back, the title is for people
STRATEGY_FIELDS = ("strategy_id", "strategy_title")
NAMED_FIELDS = (*ENUM_FIELDS, "domain", "catalog_id")  # stored as ids, shown by name


def label(field: str, lang: str = "th") -> str:
    return translate(f"plans.col.{field}", lang)


def enum_labels(field: str, lang: str = "th") -> dict[str, str]:
    """Every id of a coded field → its name in ``lang`` (domains and catalogs from data/)."""
    if field == "domain":
        return {d: domain_name(d, lang) for d in domain_ids()}
    if field == "catalog_id":
        return {c.id: c.name_th if lang == "th" else c.name_en for c in catalogs()}
    if field in ENUM_FIELDS:
        return {code: translate(f"{ENUM_FIELDS[field]}.{code}", lang) for code in ENUM_CODES[field]}
    return {}


def enum_label(field: str, value: str | None, lang: str = "th") -> str | None:
    """The name users read for a stored id (the id itself when it has no name)."""
    if value is None or field not in NAMED_FIELDS:
        return value
    return enum_labels(field, lang).get(value, value)


def plan_years(projects: list[ProjectRecord], first_year: int | None = None) -> list[int]:
    """Five plan years starting at ``first_year`` (default: the earliest budgeted fiscal year)."""
    if first_year is None:
        years = [b.fiscal_year for p in projects for b in p.budgets]
        first_year = min(years) if years else 2570
    return list(range(first_year, first_year + PLAN_YEARS))


def _kpi_text(project: ProjectRecord) -> str:
    parts = []
    for kpi in project.kpis:
        target = f" ≥ {kpi.target_value:g}{kpi.unit}" if kpi.target_value is not None else ""
        parts.append(f"{kpi.name}{target}")
    return "\n".join(parts)


def p02_xlsx(
    projects: list[ProjectRecord], area_name: str, first_year: int | None = None, demo_note: str | None = None
) -> bytes:
    """แบบ ผ.02 รายละเอียดโครงการพัฒนา: one row per project, five fiscal-year budget columns (baht)."""
    years = plan_years(projects, first_year)
    headers = [
        "ที่",
        "โครงการ",
        "วัตถุประสงค์",
        "เป้าหมาย (ผลผลิตของโครงการ)",
        *[f"งบประมาณ {y} (บาท)" for y in years],
        "ตัวชี้วัด (KPI)",
        "ผลที่คาดว่าจะได้รับ",
        "หน่วยงานรับผิดชอบหลัก",
        "ความสอดคล้องกับยุทธศาสตร์",
    ]
    title_rows = [
        "รายละเอียดโครงการพัฒนา (แบบ ผ.02)",
        f"แผนพัฒนา พ.ศ. {years[0]}–{years[-1]} · {area_name}",
    ]
    if demo_note:
        title_rows.append(demo_note)
    rows = []
    for index, project in enumerate(projects, start=1):
        by_year = {y: 0.0 for y in years}
        for budget in project.budgets:
            if budget.fiscal_year in by_year:
                by_year[budget.fiscal_year] += budget.amount
        rows.append(
            [
                index,
                project.title,
                project.objective,
                project.outputs,
                *[by_year[y] for y in years],
                _kpi_text(project),
                project.outcomes,
                project.responsible_agency,
                "\n".join(link_titles(project)),
            ]
        )
    budget_columns = list(range(4, 4 + len(years)))
    sheet = Sheet(
        "ผ.02",
        pd.DataFrame(rows, columns=headers),
        notes=title_rows,
        title=True,
        boxed=True,
        widths=[5, 34, 30, 30, *[14] * len(years), 30, 30, 22, 34],
        formats={c: "#,##0.00" for c in budget_columns},
        freeze_column=2,
        total=(1, "รวม", budget_columns),
    )
    return xlsx_bytes([sheet])


def _list_texts(project: ProjectRecord, lang: str) -> dict[str, str]:
    """The project's villages, KPIs and budgets as lines people read (names, not ids)."""
    unit = {u: translate(f"unit.{u}", lang) for u in ("household", "person", "village")}
    villages = [
        f"{v.village_code}" + (f" ({v.affected:,} {unit.get(v.affected_unit, v.affected_unit)})" if v.affected else "")
        for v in project.villages
    ]
    kpis = []
    for kpi in project.kpis:
        parts = [kpi.name]
        if kpi.indicator_id:
            parts.append(f"{enum_label('catalog_id', kpi.catalog_id, lang) or ''} {kpi.indicator_id}".strip())
        if kpi.baseline_value is not None:
            parts.append(
                f"{label('baseline_value', lang)} {kpi.baseline_value:g} {kpi.unit} ({kpi.baseline_year or '-'})"
            )
        if kpi.target_value is not None:
            parts.append(f"{label('target_value', lang)} {kpi.target_value:g} {kpi.unit} ({kpi.target_year or '-'})")
        kpis.append(" · ".join(parts))
    budgets = [f"{b.fiscal_year} {enum_label('source', b.source, lang)} {b.amount:,.2f}" for b in project.budgets]
    spending = [f"{s.fiscal_year} {enum_label('source', s.source, lang)} {s.amount:,.2f}" for s in project.spending]
    return {
        SHEETS["villages"]: "\n".join(villages),
        SHEETS["kpis"]: "\n".join(kpis),
        SHEETS["budgets"]: "\n".join(budgets),
        SHEETS["strategies"]: "\n".join(link_titles(project, lang)),
        SHEETS["spending"]: "\n".join(spending),
        SHEETS["partners"]: "\n".join(f"{p.partner} ({enum_label('role', p.role, lang)})" for p in project.partners),
    }


def projects_table(projects: list[ProjectRecord], lang: str = "th") -> pd.DataFrame:
    """One row per project, every field, names instead of ids, dates as "1 ต.ค. 2569", lists one item
    a line — the CSV download (the workbook is the file that imports back)."""
    rows = []
    for project in projects:
        row = {label(f, lang): enum_label(f, getattr(project, f), lang) for f in PROJECT_SHEET_FIELDS}
        for field in ("start_date", "end_date"):
            row[label(field, lang)] = fmt_date_th(getattr(project, field), lang) if getattr(project, field) else None
        row[label("total_budget", lang)] = project.total_budget
        row.update(_list_texts(project, lang))
        rows.append(row)
    return pd.DataFrame(rows)


def projects_csv(projects: list[ProjectRecord], lang: str = "th") -> bytes:
    return to_csv_bytes(projects_table(projects, lang))


def _sheet(title: str, fields: list[str], rows: list[dict]) -> Sheet:
    frame = pd.DataFrame([[row.get(f) for f in fields] for row in rows], columns=[label(f) for f in fields])
    widths = [18 if f not in ("title", "problem") else 40 for f in fields]
    return Sheet(title, frame, widths=widths)


def projects_workbook(projects: list[ProjectRecord]) -> bytes:
    """Every field of every project on eight sheets (with its strategy links and results);
    `read_projects_workbook` reads it back."""
    project_rows, village_rows, kpi_rows, budget_rows = [], [], [], []
    strategy_rows, output_rows, spending_rows, partner_rows = [], [], [], []
    index = strategy_index()
    for project in projects:
        for item_id in project.strategies:
            title = index[item_id].title_th if item_id in index else ""
            strategy_rows.append({"id": project.id, "strategy_id": item_id, "strategy_title": title})
        output_rows += [{"id": project.id, **asdict(o)} for o in project.output_results]
        spending_rows += [
            {"id": project.id, **asdict(s), "source": enum_label("source", s.source)} for s in project.spending
        ]
        partner_rows += [{"id": project.id, **asdict(p), "role": enum_label("role", p.role)} for p in project.partners]
        project_rows.append({f: enum_label(f, getattr(project, f)) for f in PROJECT_SHEET_FIELDS})
        for village in project.villages:
            village_rows.append({"id": project.id, **asdict(village)})
        for kpi in project.kpis:
            kpi_rows.append({"id": project.id, **asdict(kpi), "catalog_id": enum_label("catalog_id", kpi.catalog_id)})
        for budget in project.budgets:
            budget_rows.append({"id": project.id, **asdict(budget), "source": enum_label("source", budget.source)})
    return xlsx_bytes(
        [
            _sheet(SHEETS["projects"], PROJECT_SHEET_FIELDS, project_rows),
            _sheet(SHEETS["villages"], ["id", *VILLAGE_FIELDS], village_rows),
            _sheet(SHEETS["kpis"], ["id", *KPI_FIELDS], kpi_rows),
            _sheet(SHEETS["budgets"], ["id", *BUDGET_FIELDS], budget_rows),
            _sheet(SHEETS["strategies"], ["id", *STRATEGY_FIELDS], strategy_rows),
            _sheet(SHEETS["output_results"], ["id", *OUTPUT_FIELDS], output_rows),
            _sheet(SHEETS["spending"], ["id", *SPENDING_FIELDS], spending_rows),
            _sheet(SHEETS["partners"], ["id", *PARTNER_FIELDS], partner_rows),
        ]
    )


def matrix_xlsx(matrix: MatrixRecord, area_name: str, lang: str = "th", demo_note: str | None = None) -> bytes:
    """The agreed order with every score, and the meeting's date and participants."""
    columns = [
        "agreed_rank",
        "title",
        "domain",
        "pct_fail",
        "size_from_data",
        "size",
        "severity",
        "feasibility",
        "concern",
        "total",
    ]
    frame = pd.DataFrame([{c: getattr(i, c) for c in columns} for i in matrix.items], columns=columns)
    frame["domain"] = frame["domain"].map(lambda d: enum_label("domain", d, lang))
    frame = frame.rename(columns={c: translate(f"matrix.col.{c}", lang) for c in columns})
    notes = [
        f"{translate('matrix.title', lang)}: {matrix.title}",
        f"{area_name} · {translate('matrix.year', lang)} {matrix.survey_year}",
        f"{translate('matrix.meeting_date', lang)}: {fmt_date_th(matrix.meeting_date, lang)} · "
        f"{translate('matrix.method', lang)}: {translate(f'plans.method.{matrix.method}', lang)} · "
        f"{translate('matrix.scale', lang)} {matrix.scale_min}–{matrix.scale_max}",
        f"{translate('matrix.participants', lang)}: {matrix.participants}",
    ]
    if demo_note:
        notes.insert(0, demo_note)
    return to_xlsx_bytes(frame, sheet="matrix", notes=notes)
