"""The page "ทะเบียนและรายงานของสำนักงาน": shared parts of its three tabs (the store, names, the
workbook box, the history) and the contest register tab. Scores and monthly reports are drawn by
dashboard/offices_tabs.py; the rules live in analysis/offices."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from analysis.auth.roles import PermissionDenied, authorize
from analysis.codes import AMPHOE_LENGTH, PROVINCE_LENGTH
from analysis.offices import workbook
from analysis.offices.records import ContestEntry
from analysis.offices.register import amphoes_without_entry, register_frame
from analysis.offices.service import ACTION, OfficeStore, office_store_for
from analysis.offices.settings import register_rules
from analysis.store_errors import StoreError
from analysis.thaidate import fiscal_year_of, today_bangkok

from dashboard import data_access
from dashboard.i18n import t
from dashboard.plan_common import audit_table, guarded_write, refusal_messages
from dashboard.state import actor, lang

ENTITY_OF = {"entries": "contest_entry", "sheets": "role_model_sheet", "reports": "monthly_report"}


def store() -> OfficeStore:
    """The offices' registers of the workspace (not cached: they change with every save)."""
    return office_store_for(data_access.workspace().root)


def names(code: str, language: str) -> str:
    """An area's name with its level word ("ตำบลหนองบัว"), the code when the register lacks it."""
    return data_access.register().display_name(code, language) if code else ""


def may_edit(area_code: str) -> bool:
    """Whether the signed-in office may edit records of ``area_code`` (said once, not after Save)."""
    try:
        authorize(actor(), ACTION, area_code)
    except PermissionDenied as error:
        st.warning(f"{error.message(lang())} — {t('offices.read_only')}")
        return False
    return True


def children(code: str, level: str) -> list[str]:
    """Areas of ``level`` under ``code`` from the area register (sorted codes)."""
    register = data_access.register()
    frame = register.frame
    codes = pd.Series(frame.index[frame["level"] == level].astype(str))
    return sorted(codes[codes.str.startswith(code)])


def fiscal_year_choice(key: str, default: int) -> int:
    return int(st.number_input(t("offices.fiscal_year"), 2561, 2600, value=default, step=1, key=key))


def default_year(province: str) -> int:
    """The fiscal year of the contest round chosen for the province (migration 0007), else this one."""
    chosen = data_access.contest_store().round(province)
    return int(chosen.fiscal_year) if chosen else fiscal_year_of(today_bangkok())


def workbook_box(kind: str, records: list, save_all: Callable[[list], list], key: str) -> None:
    """Download the register as XLSX; import an edited one (all rows or none, Thai refusals)."""
    with st.expander(t("offices.workbook"), icon=":material/table_view:"):
        language = lang()
        st.download_button(
            t("offices.download"),
            workbook.export_workbook(kind, records, names, language),
            f"{key}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_download",
            on_click="ignore",
            icon=":material/download:",
        )
        upload = st.file_uploader(t("offices.upload"), type=["xlsx"], key=f"{key}_upload")
        if upload is not None and st.button(t("offices.import_button"), key=f"{key}_import"):
            import_file(kind, upload.getvalue(), upload.name, save_all)


def import_file(kind: str, data: bytes, name: str, save_all: Callable[[list], list]) -> None:
    try:
        records = workbook.read_workbook(kind, data, name)
    except StoreError as error:
        st.error(error.message(lang()))
        return
    try:
        saved = save_all(records)
    except Exception as error:  # a rule, a conflict or a refused area: said, nothing saved
        if not hasattr(error, "message") and not hasattr(error, "messages"):
            raise
        for text in refusal_messages(error):
            st.error(t("offices.import_refused", file=name, reason=text))
        return
    st.success(t("offices.imported", n=len(saved)))


def history(kind: str, key: str) -> None:
    with st.expander(t("offices.history")):
        st.dataframe(audit_table(store().audit_log(ENTITY_OF[kind])), hide_index=True, key=f"{key}_audit")


def delete_box(options: dict[int, str], remove: Callable[[int], None], key: str) -> None:
    """Pick one item and delete it (authorised and audited by the store)."""
    if not options:
        return
    picked = st.selectbox(t("offices.pick_row"), list(options), format_func=options.get, key=f"{key}_pick")
    if st.button(t("offices.delete"), key=f"{key}_delete", icon=":material/delete:"):
        done, _ = guarded_write(lambda: remove(picked))
        if done:
            st.success(t("offices.deleted"))
            st.rerun()


# ---- the contest register ---------------------------------------------------------------------
def register_tab(province: str) -> None:
    rules = register_rules()
    st.caption(
        t(
            "offices.register.intro",
            per_amphoe=rules["per_amphoe"],
            per_province=rules["per_province"],
            since=rules["earlier_since"],
        )
    )
    year = fiscal_year_choice("offices_register_year", default_year(province))
    offices = store()
    entries = offices.entries(province)
    language = lang()
    this_year = [e for e in entries if e.fiscal_year == year]
    missing = amphoes_without_entry(entries, children(province, "amphoe"), year)
    if missing:
        st.warning(t("offices.register.missing", year=year, amphoes=", ".join(names(a, language) for a in missing)))
    else:
        st.success(t("offices.register.complete", year=year))
    sent = sum(e.sent_on for e in this_year)
    st.caption(t("offices.register.sent_count", n=sent, limit=rules["per_province"]))
    frame = register_frame(entries, names, language)
    if frame.empty:
        st.info(t("offices.register.empty"))
    else:
        shown = frame.drop(columns=["id", "amphoe_code", "tambon_code"])
        shown["sent_on"] = shown["sent_on"].map({True: t("offices.yes"), False: t("offices.no")})
        shown.columns = [t(f"offices.col.{c}") for c in shown.columns]
        st.dataframe(shown, hide_index=True, key="offices_register_table")
    if may_edit(province):
        _entry_form(offices, province, year)
        options = {e.id: f"{e.fiscal_year} · {names(e.tambon_code, language)}" for e in entries}
        delete_box(
            options,
            lambda i: offices.delete_entry(i, next(e.version for e in entries if e.id == i), actor()),
            "offices_register",
        )
        workbook_box("entries", entries, lambda rows: offices.import_entries(rows, actor(), names), "offices_register")
    history("entries", "offices_register")


def _entry_form(offices: OfficeStore, province: str, year: int) -> None:
    tambons = children(province, "tambon")
    if not tambons:
        return
    language = lang()
    labels = {code: f"{names(code, language)} · {names(code[:AMPHOE_LENGTH], language)}" for code in tambons}
    with st.form("offices_register_form", border=True):
        st.markdown(f"**{t('offices.register.add')}**")
        tambon = st.selectbox(
            t("offices.register.tambon"), tambons, format_func=labels.get, key="offices_register_tambon"
        )
        sent_on = st.checkbox(t("offices.register.sent_on"), key="offices_register_sent")
        note = st.text_input(t("offices.register.note"), key="offices_register_note")
        if st.form_submit_button(t("offices.register.save"), type="primary"):
            entry = ContestEntry(province, year, tambon, sent_on, note)
            done, _ = guarded_write(lambda: offices.save_entry(entry, actor(), names))
            if done:
                st.success(t("offices.saved"))


def province_of(area: str) -> str:
    return area[:PROVINCE_LENGTH]


def table(frame: pd.DataFrame, key: str) -> None:
    st.dataframe(frame, hide_index=True, key=key)
