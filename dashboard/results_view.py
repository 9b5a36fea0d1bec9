"""The Project page's strategy links and results section: the strategies the project serves, its
outputs planned and actual, money spent, partners (saved with the project), its photos (each
added or removed on its own, authorised on the plan's area) and its status history."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from analysis.formatting import fmt_datetime_th
from analysis.plans.photos import ProjectPhotos, photo_limits
from analysis.plans.records import ProjectRecord
from analysis.plans.results import status_history
from analysis.plans.strategies import choices_for, strategy_index
from analysis.thaidate import fmt_date_th, today_bangkok

from dashboard import data_access
from dashboard.i18n import t
from dashboard.plan_common import Problem, guarded_write, show_errors
from dashboard.plan_rows import fmt_number, rows_editor
from dashboard.results_rows import OUTPUTS, PARTNERS, SPENDING, strategies_key
from dashboard.state import actor, lang
from dashboard.thai_date import thai_date_input


def strategy_label(item_id: str) -> str:
    item = strategy_index().get(item_id)
    if item is None:
        return item_id
    mark = f" {t('strategy.unconfirmed')}" if item.status == "UNCONFIRMED" else ""
    return f"{t(f'strategy.level.{item.level}')}: {item.title(lang())}{mark}"


def strategy_links(prefix: str, record: ProjectRecord, shown: list[Problem]) -> None:
    """The multiselect of the strategy items the project may serve (its province's and above)."""
    options = [i.id for i in choices_for(record.area_code)]
    options += [i for i in record.strategies or [] if i not in options]  # a link kept when its item left
    labels = {i: strategy_label(i) for i in options}
    st.subheader(t("plans.col.strategy_title"))
    box = st.container(key="project_field_strategies")
    box.multiselect(
        t("strategy.links"),
        options,
        key=strategies_key(prefix),
        default=list(record.strategies or []),
        format_func=labels.get,
        placeholder=t("strategy.pick"),
        help=t("strategy.links_help"),
        select_all=False,
        on_change="ignore",
    )
    show_errors(box, shown, "strategies")


def results_rows(prefix: str, record: ProjectRecord, shown: list[Problem]) -> None:
    """Outputs planned and actual, spending by year and source, partners: saved with the project."""
    st.subheader(t("strategy.results"))
    st.caption(t("strategy.results_help"))
    st.markdown(f"**{t('strategy.outputs')}**")
    rows_editor(prefix, OUTPUTS, shown)
    st.markdown(f"**{t('strategy.spending')}**")
    rows_editor(prefix, SPENDING, shown)
    planned = fmt_number(record.total_budget) or "0"
    st.markdown(t("strategy.spent_total", total=fmt_number(record.total_spent) or "0", planned=planned))
    st.markdown(f"**{t('strategy.partners')}**")
    rows_editor(prefix, PARTNERS, shown)


def photos(record: ProjectRecord) -> None:
    """The project's photos with their date and caption; add one (cleaned, within the limits) or
    remove one — each refused in Thai outside the account's areas."""
    st.subheader(t("strategy.photos"))
    if not record.id:
        st.caption(t("strategy.save_first"))
        return
    store = ProjectPhotos(data_access.plan_store().url)
    limits = photo_limits()
    stored = store.of_project(record.id)
    if not stored:
        st.caption(t("strategy.no_photos"))
    for column, photo in zip(st.columns(3) * ((len(stored) + 2) // 3), stored, strict=False):
        column.image(photo.photo, caption=f"{fmt_date_th(photo.taken_on, lang())} · {photo.caption}")
        if column.button(t("strategy.photo_remove"), key=f"photo_remove_{photo.id}", icon=":material/delete:"):
            done, _ = guarded_write(lambda p=photo: store.remove(p.id, p.version, actor()))
            if done:
                st.rerun()
    with st.expander(t("strategy.photo_add")):
        st.caption(
            t(
                "strategy.photos_help",
                px=limits["photo_max_px"],
                kb=limits["photo_max_kb"],
                n=limits["photos_per_project"],
            )
        )
        # a new uploader after each photo added: the same file cannot be added twice by a second click
        added = st.session_state.get("photo_uploads", 0)
        upload = st.file_uploader(
            t("strategy.photo_file"), type=["jpg", "jpeg", "png"], key=f"photo_file_{record.id}_{added}"
        )
        caption = st.text_input(t("strategy.photo_caption"), key=f"photo_caption_{record.id}")
        taken_on = thai_date_input(t("strategy.photo_date"), f"photo_date_{record.id}", today_bangkok())
        if st.button(t("strategy.photo_add"), key=f"photo_add_{record.id}", disabled=upload is None, type="primary"):
            done, _ = guarded_write(
                lambda: store.add(record.id, upload.getvalue(), upload.name, taken_on, caption, actor())
            )
            if done:
                st.session_state["photo_uploads"] = added + 1
                st.toast(t("strategy.photo_added"))
                st.rerun()


def history(record: ProjectRecord) -> None:
    """Each status the project was given, when and by whom (from the audit log)."""
    if not record.id:
        return
    with st.expander(t("strategy.history")):
        frame = status_history(data_access.plan_store().audit_log("project", record.id))
        if frame.empty:
            st.caption(t("strategy.history_none"))
            return
        status = {None: "—"} | {s: t(f"plans.status.{s}") for s in frame["to_status"]}
        shown = pd.DataFrame(
            {
                t("strategy.history_at"): frame["at"].map(
                    lambda v: fmt_datetime_th(pd.Timestamp(v).to_pydatetime(), lang())
                ),
                t("strategy.history_actor"): frame["actor"],
                t("strategy.history_from"): frame["from_status"].map(lambda s: status.get(s) or t(f"plans.status.{s}")),
                t("strategy.history_to"): frame["to_status"].map(status.get),
            }
        )
        st.dataframe(shown, hide_index=True, key="project_status_history")
