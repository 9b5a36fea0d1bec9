"""Streamlit glue of the certification tab: pick a village, see its status, history and what changed
since its last step, download its review sheet, and move it to the next status (the version seen
is sent with the change, so a change made by someone else in between is refused)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from analysis.checks.certify import status_label
from analysis.checks.config import next_statuses, transitions
from analysis.checks.gather import review_sheet
from analysis.checks.review import review_pdf, review_xlsx
from analysis.checks.tables import findings_table, with_status
from analysis.checks.views import certify_village, changes_since
from analysis.codes import VILLAGE_LENGTH
from analysis.formatting import fmt_datetime_th

from dashboard import collection_ui, data_access
from dashboard.checks_ui import lang_key, names
from dashboard.i18n import t
from dashboard.plan_common import guarded_write
from dashboard.state import actor, lang
from dashboard.widgets import XLSX_MIME, download

SAVED_KEY = "certify_saved"


def certification_tab(area: str, year: int, as_of) -> None:
    language = lang()
    store = data_access.certification_store()
    villages = [area] if len(area) >= VILLAGE_LENGTH else data_access.child_areas(area, "village")
    if not villages:
        st.info(t("checks.ui.no_households"))
        return
    statuses = store.statuses(area, year)
    labels = names(villages)
    state = with_status(pd.DataFrame({"village_code": villages}), statuses).set_index("village_code")["status"]
    village_key = lang_key("certify_village")
    if st.session_state.get(village_key) not in villages:
        st.session_state[village_key] = villages[0]
    village = st.selectbox(
        t("checks.ui.village_pick"),
        villages,
        key=village_key,
        format_func=lambda c: f"{labels.get(c, c)} — {status_label(state.get(c, 'not_checked'), language)}",
        help=t("guide.tip.certification"),
    )
    if saved := st.session_state.pop(SAVED_KEY, None):
        st.success(t("checks.ui.saved", status=status_label(saved[0], language), version=saved[1]))
    record = store.record(village, year)
    _current(record)
    collection_ui.certification_lines(village, year, as_of, record.status)
    if not actor().can("check_data", village):  # findings name households: the granted areas only
        st.caption(t("checks.ui.outside_grant"))
    else:
        _village_findings(village, year, as_of, labels)
        _review_downloads(store, village, year, as_of)
    _change_form(store, record, village, year)
    _changes(village, year, record)
    history = store.history(village, year)
    if len(history):
        with st.expander(t("checks.ui.history")):
            st.dataframe(_history_table(history), hide_index=True, key="certify_history")
    st.markdown(f"**{t('checks.ui.statuses')}**")
    table = with_status(pd.DataFrame({"village_code": villages}), statuses)
    st.dataframe(
        pd.DataFrame(
            {
                t("checks.col.village"): table["village_code"].map(lambda c: f"{labels.get(c, c)} ({c})"),
                t("checks.col.status"): table["status"].map(lambda s: status_label(s, language)),
                t("checks.col.updated_by"): table.get("updated_by", pd.Series("", index=table.index)).fillna(""),
                t("checks.col.updated_at"): table.get("updated_at", pd.Series(None, index=table.index)).map(
                    lambda v: "" if pd.isna(v) else fmt_datetime_th(v, lang())
                ),
            }
        ),
        hide_index=True,
        key="certify_statuses",
    )


def _village_findings(village: str, year: int, as_of, labels: dict[str, str]) -> None:
    """What the checks found in this village (household ids only), before anyone certifies it."""
    found = data_access.checks(village, year, as_of).findings
    if found.empty:
        st.success(t("checks.ui.no_findings"))
        return
    errors, warnings = int((found["severity"] == "error").sum()), int((found["severity"] == "warning").sum())
    (st.error if errors else st.warning)(t("checks.ui.village_findings", errors=errors, warnings=warnings))
    st.dataframe(findings_table(found, labels, lang()), hide_index=True, key="certify_findings")


def _current(record) -> None:
    label = status_label(record.status, lang())
    if record.updated_at is not None:
        st.markdown(
            t(
                "checks.ui.current_by",
                status=label,
                who=record.updated_by,
                when=fmt_datetime_th(record.updated_at, lang()),
            )
        )
        if record.note:
            st.caption(f"{t('checks.col.note')}: {record.note}")
    else:
        st.markdown(t("checks.ui.current", status=label))


def _seen(record, village: str, year: int) -> tuple[int | None, str]:
    """(version, status) the form shows: kept from the run that drew it while it is being
    submitted, so a change someone else made in between is refused rather than overwritten."""
    seen_key = f"certify_seen_{village}_{year}"
    if not st.session_state.get(f"certify_submit_{village}_{year}") or seen_key not in st.session_state:
        st.session_state[seen_key] = (record.version, record.status)
    return st.session_state[seen_key]


def _change_form(store, record, village: str, year: int) -> None:
    version, status = _seen(record, village, year)
    choices = next_statuses(status)
    if not choices:
        st.caption(t("checks.ui.no_next"))
        return
    allowed = [s for s in choices if actor().can(transitions()[(status, s)], village)]
    if not allowed:
        st.caption(t("checks.ui.may_not"))
        return
    language = lang()
    with st.form(f"certify_{village}_{year}"):
        target = st.radio(
            t("checks.ui.next"),
            allowed,
            key=lang_key(f"certify_target_{village}_{status}"),
            format_func=lambda s, lg=language: status_label(s, lg),
            horizontal=True,
            help=t("guide.tip.certification"),
        )
        note = st.text_input(t("checks.ui.note"), key=f"certify_note_{village}")
        submitted = st.form_submit_button(t("checks.ui.save"), type="primary", key=f"certify_submit_{village}_{year}")
    if not submitted:
        return
    st.session_state.pop(f"certify_seen_{village}_{year}", None)  # the next run shows the village as it is
    workspace = data_access.workspace()
    done, saved = guarded_write(
        lambda: certify_village(workspace, store, village, year, target, version, actor(), note)
    )
    if done:
        st.session_state[SAVED_KEY] = (saved.status, saved.version)
        st.rerun()


def _review_downloads(store, village: str, year: int, as_of) -> None:
    demo = "_demo" if data_access.is_demo() else ""
    base = f"review_{village}_{year}{demo}"

    def sheet():
        return review_sheet(
            data_access.workspace(), store, village, year, lang(), data_access.checks(village, year, as_of)
        )

    cols = st.columns(2)
    download(
        cols[0], t("checks.ui.review_pdf"), lambda: review_pdf(sheet()), f"{base}.pdf", "application/pdf", "review_pdf"
    )
    download(
        cols[1], t("checks.ui.review_xlsx"), lambda: review_xlsx(sheet()), f"{base}.xlsx", XLSX_MIME, "review_xlsx"
    )


def _changes(village: str, year: int, record) -> None:
    diff = changes_since(data_access.workspace(), record.snapshot, village, year)
    if diff is None or not diff.any:
        return
    st.warning(
        t(
            "checks.review.changes_households",
            added=len(diff.added),
            removed=len(diff.removed),
            changed=len(diff.changed),
            before=diff.households_before,
            after=diff.households_after,
        )
    )
    with st.expander(t("checks.ui.changes"), expanded=True):
        ids = [*diff.added, *diff.changed, *diff.removed]
        if ids:
            st.caption(t("checks.review.households_listed", ids=", ".join(ids[:60])))
        frame = diff.indicators.rename(
            columns={
                "indicator_id": t("checks.col.indicator"),
                "applicable_before": f"{t('checks.col.applicable')} ({t('checks.col.before')})",
                "fail_before": f"{t('checks.col.fail')} ({t('checks.col.before')})",
                "applicable_after": f"{t('checks.col.applicable')} ({t('checks.col.after')})",
                "fail_after": f"{t('checks.col.fail')} ({t('checks.col.after')})",
                "change_pp": t("checks.col.change"),
            }
        ).drop(columns=["pct_fail_before", "pct_fail_after"])
        st.dataframe(frame, hide_index=True, key="certify_changes")


def _history_table(history: pd.DataFrame) -> pd.DataFrame:
    language = lang()
    steps = history["changes"].map(lambda c: (c or {}).get("status", ["", ""]))
    return pd.DataFrame(
        {
            t("checks.col.updated_at"): history["at"].map(fmt_datetime_th),
            t("checks.col.updated_by"): history["actor"],
            t("checks.col.status"): steps.map(
                lambda s: f"{status_label(s[0], language)} → {status_label(s[1], language)}"
            ),
            t("checks.col.note"): history["changes"].map(lambda c: (c or {}).get("note", "")),
        }
    )
