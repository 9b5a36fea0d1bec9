"""Widgets of the planning pages: the matrix editor, the project form pieces, the import flow."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from analysis.catalogs import load_catalog
from analysis.formatting import fmt_datetime_th
from analysis.i18n import translate
from analysis.plans.matrix import CRITERIA, size_cuts
from analysis.plans.models import PLAN_LEVELS, SOURCES, STATUSES
from analysis.plans.records import KPI, Budget, MatrixItemRecord, MatrixRecord, ProjectRecord, VillageCover

from dashboard import data_access
from dashboard.i18n import t
from dashboard.state import lang
from dashboard.widgets import XLSX_MIME, download

MATRIX_COLUMNS = ["title", "pct_fail", "size_from_data", *CRITERIA, "agreed_rank"]


def matrix_editor(base: MatrixRecord, manual: bool, key: str) -> list[MatrixItemRecord]:
    """The four scores of each candidate (size pre-filled); returns the edited items."""
    frame = pd.DataFrame(
        [
            {
                "title": i.title,
                "pct_fail": round(i.pct_fail, 1) if i.pct_fail is not None else None,
                "size_from_data": i.size_from_data,
                **{c: getattr(i, c) for c in CRITERIA},
                "agreed_rank": i.agreed_rank,
            }
            for i in base.items
        ],
        columns=MATRIX_COLUMNS,
    )
    score_column = {
        c: st.column_config.NumberColumn(
            t(f"matrix.col.{c}"), min_value=base.scale_min, max_value=base.scale_max, step=1, required=True
        )
        for c in CRITERIA
    }
    edited = st.data_editor(
        frame,
        hide_index=True,
        key=key,
        num_rows="fixed",
        disabled=["title", "pct_fail", "size_from_data", *([] if manual else ["agreed_rank"])],
        column_config={
            "title": st.column_config.TextColumn(t("matrix.col.title"), width="medium"),
            "pct_fail": st.column_config.NumberColumn(t("matrix.col.pct_fail"), format="%.1f"),
            "size_from_data": st.column_config.NumberColumn(t("matrix.col.size_from_data")),
            "agreed_rank": st.column_config.NumberColumn(t("matrix.col.agreed_rank"), min_value=1, step=1),
            **score_column,
        },
    )
    items = []
    for source, (_, row) in zip(base.items, edited.iterrows(), strict=True):
        item = MatrixItemRecord(**{**source.__dict__})
        for criterion in CRITERIA:
            item.__setattr__(criterion, int(row[criterion]) if pd.notna(row[criterion]) else None)
        item.agreed_rank = int(row["agreed_rank"]) if pd.notna(row["agreed_rank"]) else None
        items.append(item)
    return items


def size_help(scale_min: int, scale_max: int) -> str:
    """ "< 10% = 1 · 10–20% = 2 · 20–35% = 3 · ≥ 35% = 4"."""
    cuts = size_cuts(scale_min, scale_max)
    parts = [f"< {cuts[0]:g}% = {scale_min}"]
    parts += [
        f"{low:g}–{high:g}% = {scale_min + i}"
        for i, (low, high) in enumerate(zip(cuts, cuts[1:], strict=False), start=1)
    ]
    parts.append(f"≥ {cuts[-1]:g}% = {scale_max}")
    return t("matrix.scores_help", cuts=" · ".join(parts))


def matrix_result_table(matrix: MatrixRecord) -> pd.DataFrame:
    columns = ["agreed_rank", "title", *CRITERIA, "total"]
    frame = pd.DataFrame([{c: getattr(i, c) for c in columns} for i in matrix.items], columns=columns)
    return frame.rename(columns={c: t(f"matrix.col.{c}") for c in columns})


def matrix_label(matrix: MatrixRecord) -> str:
    when = matrix.meeting_date.isoformat() if matrix.meeting_date else "-"
    demo = f" · {t('app.demo_badge')}" if matrix.is_demo else ""
    return f"{matrix.title} ({when}){demo}"


# ---- project form --------------------------------------------------------------------------


def enum_select(label_key: str, options: tuple[str, ...], value: str, key: str, prefix: str) -> str:
    return st.selectbox(
        t(label_key),
        options,
        index=options.index(value) if value in options else 0,
        key=key,
        format_func=lambda v: t(f"{prefix}.{v}"),
    )


def villages_editor(record: ProjectRecord, key: str) -> list[VillageCover]:
    """The villages the project covers (any village with data under its plan area)."""
    register = data_access.register()
    options = data_access.child_areas(record.area_code, "village")
    chosen = [v.village_code for v in record.villages]
    picked = st.multiselect(
        t("project.villages"),
        sorted(set(options) | set(chosen)),
        default=chosen,
        key=key,
        format_func=lambda c: register.display_name(c, lang()),
    )
    by_code = {v.village_code: v for v in record.villages}
    return [by_code.get(code, VillageCover(code, None)) for code in picked]


def kpis_editor(record: ProjectRecord, key: str) -> list[KPI]:
    frame = pd.DataFrame(
        [k.__dict__ for k in record.kpis],
        columns=[
            "name",
            "catalog_id",
            "indicator_id",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
        ],
    )
    catalog_ids = sorted({c for c in [record.catalog_id, *frame["catalog_id"].dropna()] if c}) or ["bmn_2566_2570"]
    indicator_options = [i for c in catalog_ids for i in load_catalog(c).indicator_ids]
    edited = st.data_editor(
        frame,
        key=key,
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "name": st.column_config.TextColumn(translate("plans.col.name", lang()), width="large", required=True),
            "catalog_id": st.column_config.SelectboxColumn(
                translate("plans.col.catalog_id", lang()), options=catalog_ids
            ),
            "indicator_id": st.column_config.SelectboxColumn(
                translate("plans.col.indicator_id", lang()), options=indicator_options
            ),
            "unit": st.column_config.TextColumn(translate("plans.col.unit", lang())),
            "baseline_value": st.column_config.NumberColumn(
                translate("plans.col.baseline_value", lang()), format="%.2f"
            ),
            "baseline_year": st.column_config.NumberColumn(translate("plans.col.baseline_year", lang()), format="%d"),
            "target_value": st.column_config.NumberColumn(translate("plans.col.target_value", lang()), format="%.2f"),
            "target_year": st.column_config.NumberColumn(translate("plans.col.target_year", lang()), format="%d"),
        },
    )
    kpis = []
    for _, row in edited.iterrows():
        if not isinstance(row["name"], str) or not row["name"].strip():
            continue
        kpis.append(
            KPI(
                name=row["name"].strip(),
                catalog_id=_text(row["catalog_id"]),
                indicator_id=_text(row["indicator_id"]),
                unit=_text(row["unit"]) or "%",
                baseline_value=_float(row["baseline_value"]),
                baseline_year=_int(row["baseline_year"]),
                target_value=_float(row["target_value"]),
                target_year=_int(row["target_year"]),
            )
        )
    return kpis


def budgets_editor(record: ProjectRecord, key: str) -> list[Budget]:
    frame = pd.DataFrame([b.__dict__ for b in record.budgets], columns=["fiscal_year", "source", "amount"])
    labels = {translate(f"plans.source.{s}", lang()): s for s in SOURCES}
    frame["source"] = frame["source"].map(lambda s: translate(f"plans.source.{s}", lang()))
    edited = st.data_editor(
        frame,
        key=key,
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "fiscal_year": st.column_config.NumberColumn(
                translate("plans.col.fiscal_year", lang()),
                min_value=2500,
                max_value=2700,
                step=1,
                format="%d",
                required=True,
            ),
            "source": st.column_config.SelectboxColumn(
                translate("plans.col.source", lang()), options=list(labels), required=True
            ),
            "amount": st.column_config.NumberColumn(
                translate("plans.col.amount", lang()), min_value=0, format="%.2f", required=True
            ),
        },
    )
    budgets = []
    for _, row in edited.iterrows():
        if pd.isna(row["fiscal_year"]) or pd.isna(row["amount"]) or row["source"] not in labels:
            continue
        budgets.append(Budget(int(row["fiscal_year"]), labels[row["source"]], float(row["amount"])))
    return budgets


def audit_table(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    return pd.DataFrame(
        {
            t("project.audit_at"): frame["at"].map(
                lambda v: (
                    fmt_datetime_th(pd.Timestamp(v).tz_convert("Asia/Bangkok").to_pydatetime())
                    if pd.Timestamp(v).tzinfo
                    else fmt_datetime_th(pd.Timestamp(v).to_pydatetime())
                )
            ),
            t("project.audit_actor"): frame["actor"],
            t("project.audit_action"): frame["action"].map(lambda a: t(f"project.action_{a}")),
            t("project.audit_fields"): frame["changes"].map(
                lambda c: ", ".join(
                    translate(f"plans.col.{k}", lang()) if f"plans.col.{k}" in _known_labels() else k for k in c
                )
            ),
        }
    )


def _known_labels() -> set[str]:
    from analysis.i18n import strings

    return set(strings(lang()))


def _text(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def today() -> date:
    return date.today()


__all__ = [
    "PLAN_LEVELS",
    "STATUSES",
    "audit_table",
    "budgets_editor",
    "enum_select",
    "kpis_editor",
    "matrix_editor",
    "matrix_label",
    "matrix_result_table",
    "size_help",
    "today",
    "villages_editor",
]


def kpi_progress_table(progress: pd.DataFrame) -> pd.DataFrame:
    columns = {
        "title": "plans.col.title",
        "kpi": "plans.col.name",
        "baseline_value": "plans.col.baseline_value",
        "baseline_year": "plans.col.baseline_year",
        "latest_value": "oneplan.latest",
        "latest_year": "oneplan.latest_year",
        "target_value": "plans.col.target_value",
        "progress_pct": "oneplan.progress",
    }
    shown = progress[list(columns)].round(
        {"baseline_value": 1, "latest_value": 1, "target_value": 1, "progress_pct": 0}
    )
    return shown.rename(columns={k: t(v) for k, v in columns.items()})


def oneplan_exports(projects: list[ProjectRecord], area: str, area_name: str) -> None:
    from analysis.plans.exports import p02_xlsx, projects_csv, projects_workbook

    demo = t("app.demo_note") if any(p.is_demo for p in projects) else None
    cols = st.columns(3)
    download(
        cols[0],
        t("oneplan.p02"),
        lambda: p02_xlsx(projects, area_name, demo_note=demo),
        f"p02_{area}.xlsx",
        XLSX_MIME,
        "oneplan_p02",
    )
    download(
        cols[1],
        t("oneplan.csv"),
        lambda: projects_csv(projects, lang()),
        f"projects_{area}.csv",
        "text/csv",
        "oneplan_csv",
    )
    download(
        cols[2],
        t("oneplan.workbook"),
        lambda: projects_workbook(projects),
        f"projects_{area}.xlsx",
        XLSX_MIME,
        "oneplan_workbook",
    )


def workbook_import(store) -> None:
    """Upload an edited projects workbook → checks → import all or nothing."""
    from analysis.plans.imports import check_versions, read_projects_workbook
    from analysis.plans.service import ConflictError, import_projects

    from dashboard.state import actor

    st.caption(t("oneplan.import_help"))
    upload = st.file_uploader(t("data.upload"), type=["xlsx"], key="oneplan_upload")
    if upload is None:
        return
    records, report = read_projects_workbook(upload.getvalue(), upload.name)
    stored = {p.id: p.version for p in store.projects()}
    check_versions(records, stored, report, upload.name)
    if report.problems:
        st.dataframe(report.to_thai_frame(), hide_index=True, key="oneplan_import_report")
    if report.has_errors:
        st.error(t("data.has_errors", count=len(report.errors)))
        return
    new = sum(1 for r in records if r.id not in stored)
    st.success(t("oneplan.import_ready", total=len(records), new=new, updated=len(records) - new))
    if st.button(t("oneplan.import_button"), type="primary", key="oneplan_import_button"):
        try:
            created, updated = import_projects(store, records, actor())
        except ConflictError as error:
            st.error(error.message_th if lang() == "th" else error.message_en)
        else:
            st.success(t("oneplan.imported", created=created, updated=updated))
