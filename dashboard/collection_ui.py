"""Streamlit glue of the collection administration tab of the Data-check page (seed 004): villages
short of volunteers, the committee's orders, the checking team's visits, corrections overdue, the
households by อปท., each register's workbook (download, import back) and the evidence book; and the
lines the certification tab shows for one village. The rules and tables are analysis/collection's."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st
from analysis.auth.roles import PermissionDenied
from analysis.codes import TAMBON_LENGTH
from analysis.collection.book import evidence_book_pdf
from analysis.collection.gather import gather_book
from analysis.collection.records import section
from analysis.collection.store import REGISTERS
from analysis.collection.tables import (
    corrections_table,
    lao_indicator_table,
    lao_table,
    needs_table,
    orders_table,
    villages_table,
    visits_table,
)
from analysis.collection.workbook import WorkbookRefused, export_workbook, import_workbook
from analysis.db.errors import ConflictError, RecordInvalid
from analysis.formatting import MISSING, fmt_int
from analysis.thaidate import fmt_date_th, today_bangkok

from dashboard import collection_data, data_access
from dashboard.auth_ui import upload_limit_caption
from dashboard.checks_ui import formats, names
from dashboard.i18n import t
from dashboard.plan_common import audit_table, guarded_write
from dashboard.state import actor, lang
from dashboard.thai_date import thai_date_input
from dashboard.widgets import XLSX_MIME, download

IMPORTED_KEY = "collection_imported"
DUE_SAVED_KEY = "collection_due_saved"
ENTITIES = [r.entity.name for r in REGISTERS.values()]


def _table(frame, key: str) -> None:
    st.dataframe(frame, hide_index=True, key=key, column_config=formats(frame), placeholder=MISSING)


def collection_tab(area: str, year: int, as_of: date) -> None:
    st.caption(t("collection.ui.intro"))
    admin = collection_data.admin(area, year, as_of)
    labels = names(admin.villages["village_code"].tolist() + admin.orders["area_code"].tolist())
    language = lang()
    visited = int((admin.villages["visits"] > 0).sum())
    cols = st.columns(4)
    cols[0].metric(t("collection.ui.metric_short"), f"{fmt_int(len(admin.short))}/{fmt_int(len(admin.needs))}")
    cols[1].metric(t("collection.ui.metric_orders"), fmt_int(len(admin.orders)))
    cols[2].metric(t("collection.ui.metric_visited"), f"{fmt_int(visited)}/{fmt_int(len(admin.villages))}")
    cols[3].metric(t("collection.ui.metric_overdue"), fmt_int(len(admin.overdue)))
    rule = section("volunteers")
    st.caption(t("collection.ui.rule", per=rule["households_per_volunteer"], min=rule["min_per_village"]))
    if len(admin.short):
        st.warning(t("collection.ui.short", n=fmt_int(len(admin.short))))
        _table(needs_table(admin, labels, language, short_only=True), "collection_short")
    elif len(admin.needs):
        st.success(t("collection.ui.all_enough"))
    if len(admin.overdue):
        st.error(t("collection.ui.overdue", n=fmt_int(len(admin.overdue))))
        overdue = corrections_table(admin, labels, language).iloc[: len(admin.overdue)]  # overdue rows come first
        _table(overdue, "collection_overdue")
    if admin.orders.empty:
        st.warning(t("collection.ui.no_orders"))
    _sections(admin, labels, language)
    _book(area, year, as_of)
    _workbooks(area, year)
    log = collection_data.store().audit_log()
    log = log[log["entity"].isin(ENTITIES)]
    if len(log):
        with st.expander(t("collection.ui.history")):
            st.dataframe(audit_table(log.head(200)), hide_index=True, key="collection_history")


def _sections(admin, labels: dict[str, str], language: str) -> None:
    parts = [
        ("volunteers", lambda: needs_table(admin, labels, language)),
        ("orders", lambda: orders_table(admin, labels, language)),
        ("visits", lambda: visits_table(admin, labels, language)),
        ("per_village", lambda: villages_table(admin, labels, language)),
        ("corrections", lambda: corrections_table(admin, labels, language)),
        ("lao_totals", lambda: lao_table(admin, language)),
    ]
    for kind, build in parts:
        title = t(f"collection.register.{kind}") if kind in REGISTERS else t(f"collection.ui.{kind}")
        with st.expander(title):
            _table(build(), f"collection_table_{kind}")
            if kind == "lao_totals":
                st.markdown(f"**{t('collection.ui.lao_fail')}**")
                rows = collection_data.lao_rows(admin.area, admin.year)
                shares = lao_indicator_table(rows, language)
                st.dataframe(shares, key="collection_lao_fail", column_config=formats(shares), placeholder=MISSING)


def _book(area: str, year: int, as_of: date) -> None:
    language = lang()
    demo = "_demo" if data_access.is_demo() else ""

    def build() -> bytes:
        return evidence_book_pdf(gather_book(data_access.workspace(), area, year, as_of, language))

    download(
        st,
        t("collection.ui.book"),
        build,
        f"evidence_book_{area}_{year}{demo}.pdf",
        "application/pdf",
        "collection_book",
        help=t("collection.ui.book_help"),
    )


def _workbooks(area: str, year: int) -> None:
    st.markdown(f"**{t('collection.ui.workbooks')}**")
    if done := st.session_state.pop(IMPORTED_KEY, None):
        st.success(t("collection.ui.imported", **done))
    kinds = list(REGISTERS)
    labels = {k: t(f"collection.register.{k}") for k in kinds}
    kind = st.selectbox(t("collection.ui.register_pick"), kinds, format_func=labels.get, key="collection_register")
    yearly = REGISTERS[kind].yearly
    language = lang()
    download(
        st,
        t("collection.ui.download"),
        lambda: export_workbook(collection_data.store(), kind, area, year if yearly else None, language),
        f"{kind}_{area}_{year}.xlsx" if yearly else f"{kind}_{area}.xlsx",
        XLSX_MIME,
        f"collection_download_{kind}",
    )
    may = actor().can("check_data", area)
    if not may:
        st.caption(t("collection.ui.may_not"))
    upload = st.file_uploader(
        t("collection.ui.upload"), type=["xlsx"], key=f"collection_upload_{kind}", disabled=not may
    )
    st.caption(upload_limit_caption())
    if upload is not None and st.button(t("collection.ui.import"), key=f"collection_import_{kind}", type="primary"):
        _import(kind, upload, area, year if yearly else None)


def _import(kind: str, upload, area: str, year: int | None) -> None:
    try:
        created, updated, removed = import_workbook(
            collection_data.store(), kind, upload.getvalue(), upload.name, area, year, actor()
        )
    except WorkbookRefused as error:
        st.error(t("collection.ui.refused", file=upload.name))
        st.dataframe(error.report.to_thai_frame(), hide_index=True, key="collection_refused", placeholder="")
    except RecordInvalid as error:
        st.error(t("collection.ui.refused", file=upload.name))
        for text in error.messages(lang()):
            st.error(text)
    except (PermissionDenied, ConflictError) as error:
        st.error(f"{t('collection.ui.refused', file=upload.name)} {error.message(lang())}")
    else:
        st.session_state[IMPORTED_KEY] = {
            "file": upload.name,
            "created": created,
            "updated": updated,
            "removed": removed,
        }
        st.rerun()


def certification_lines(village: str, year: int, as_of: date, status: str) -> None:
    """Whether the village has its committee order, a checking visit, enough volunteers and its
    correction back on time — under the village's status on the certification tab; a village
    returned for correction gets its due date here."""
    line = collection_data.admin(village[:TAMBON_LENGTH], year, as_of).village(village)
    if status == "returned":
        _due_form(village, year, line["due_date"])
    language = lang()
    if line["order_no"]:
        st.caption(t("collection.ui.certify_order", order=line["order_no"]))
    else:
        st.warning(t("collection.ui.certify_no_order"))
    if line["visits"]:
        st.caption(t("collection.ui.certify_visits", n=line["visits"], day=fmt_date_th(line["last_visit"], language)))
    else:
        st.warning(t("collection.ui.certify_no_visit"))
    if line["needed"] is not None:
        shown = st.caption if line["volunteers"] >= line["needed"] else st.warning
        shown(t("collection.ui.certify_volunteers", have=line["volunteers"], need=line["needed"]))
    if line["overdue_days"]:
        day = fmt_date_th(line["due_date"], language)
        st.error(t("collection.ui.certify_overdue", days=fmt_int(line["overdue_days"]), day=day))
    elif line["due_date"] is not None:
        st.caption(t("collection.ui.certify_due", day=fmt_date_th(line["due_date"], language)))


def _due_form(village: str, year: int, due: date | None) -> None:
    """The due date of the returned correction (a change of its own: one write, audited)."""
    if saved := st.session_state.pop(DUE_SAVED_KEY, None):
        st.success(t("collection.ui.due_saved", day=fmt_date_th(saved, lang())))
    if not actor().can("check_data", village):
        return
    today = today_bangkok()
    default = due or today + timedelta(days=int(section("corrections")["default_days"]))
    cols = st.columns([3, 1], vertical_alignment="bottom")
    chosen = thai_date_input(
        t("collection.ui.due_input"), f"collection_due_{village}_{year}", default, container=cols[0]
    )
    if cols[1].button(t("collection.ui.due_save"), key=f"collection_due_save_{village}_{year}") and chosen:
        done, _ = guarded_write(lambda: collection_data.store().set_due(village, year, today, chosen, actor()))
        if done:
            st.session_state[DUE_SAVED_KEY] = chosen
            st.rerun()
