"""What the project page draws: the form's fields with their problems right under them, the
KPI and budget rows, Save, the change history and Delete."""

from __future__ import annotations

import streamlit as st
from analysis.catalogs import domain_ids, load_catalog
from analysis.formatting import fmt_int, fmt_pct
from analysis.plans.models import PLAN_LEVELS, STATUSES

from dashboard import data_access, results_view
from dashboard.i18n import t
from dashboard.plan_common import Problem, audit_table, names, plan_style, saved_caption, show_errors
from dashboard.plan_rows import BUDGETS, KPIS, fmt_number, rows_editor
from dashboard.project_form import (
    DATES,
    NO_DOMAIN,
    TEXT_AREAS,
    OpenProject,
    collect,
    delete,
    duplicates,
    flash,
    given,
    init_form,
    reload_latest,
    save,
    start,
)
from dashboard.state import lang
from dashboard.thai_date import thai_date_input

IGNORE = {"on_change": "ignore"}  # typing does not rerun the page; Save sends everything


def _index(form: OpenProject, name: str, options: list) -> int | None:
    """A select's default: the opened record's choice (see project_form.given)."""
    value = start(form, name)
    return options.index(value) if value in options else None


def render(form: OpenProject) -> None:
    plan_style()
    init_form(form)
    record, unreadable, problems = collect(form)
    shown = unreadable + problems
    _header(form)
    with st.container(key="project_field_title"):  # the field and its problems together
        st.text_input(
            t("project.name"),
            key=form.key("title"),
            value=start(form, "title"),
            placeholder=t("forms.project.title_hint"),
            **IGNORE,
        )
        show_errors(st, shown, "title")
    domains = {NO_DOMAIN: t("forms.project.no_domain")} | {d: data_access.domain_label(d, lang()) for d in domain_ids()}
    choices = (
        ("project.plan_level", "plan_level", names("plans.level", PLAN_LEVELS)),
        ("project.status", "status", names("plans.status", STATUSES)),
        ("col.domain", "domain", domains),
    )
    for column, (label, name, labels) in zip(st.columns(3), choices, strict=True):
        options = list(labels)
        column.selectbox(
            t(label),
            options,
            key=form.key(name),
            index=_index(form, name, options),
            format_func=labels.get,
            **IGNORE,
        )
    for name in TEXT_AREAS:
        st.text_area(
            t(f"plans.col.{name}"),
            key=form.key(name),
            value=start(form, name),
            height=80,
            help=t(f"guide.field.{name}"),
            **IGNORE,
        )
    _agency_and_dates(form, shown)
    _villages(form, shown)
    st.subheader(t("project.kpis"))
    rows_editor(form.prefix, KPIS, shown, record.catalog_id)
    st.subheader(t("project.budgets"))
    rows_editor(form.prefix, BUDGETS, shown)
    st.markdown(t("forms.project.budget_total", total=fmt_number(record.total_budget) or "0"))
    results_view.strategy_links(form.prefix, form.record, shown)
    results_view.results_rows(form.prefix, record, shown)
    st.divider()
    same_problem_check(form, record)
    st.button(t("project.save"), type="primary", key="project_save", on_click=save, args=(form,))
    if shown and st.session_state.get(form.key("attempted")):
        st.error(t("forms.fix_marked", n=len(shown)))
    flash()
    results_view.photos(form.record)
    results_view.history(form.record)
    _history_and_delete(form)


def same_problem_check(form: OpenProject, record) -> None:
    """Before saving: the projects already planned for this problem, and a tick to save another."""
    others = duplicates(record)
    if not others:
        return
    listed = "; ".join(f"{p.title} ({t(f'plans.level.{p.plan_level}')}, #{p.id})" for p in others)
    st.warning(t("project.same_problem", n=len(others), projects=listed), icon=":material/content_copy:")
    st.checkbox(t("project.same_problem_ok"), key=form.key("same_problem_ok"))


def _header(form: OpenProject) -> None:
    record = form.record
    if record.id:
        st.caption(saved_caption(record, "project.saved_by"))
    if form.newer:
        # someone saved since this form was opened: keep the user's form; saving will be refused
        st.warning(t("project.newer_version", version=form.newer, opened=record.version))
        st.button(t("project.reload"), key="project_reload", on_click=reload_latest, args=(form,))
    if form.from_problem:
        nrd2c = load_catalog(record.catalog_id).kind == "nrd2c" if record.catalog_id else False
        st.info(
            t(
                "project.prefilled_nrd2c" if nrd2c else "project.prefilled",  # its baseline: villages at level 1
                pct=fmt_pct(record.baseline_pct_fail),
                fail=fmt_int(record.baseline_fail),
                applicable=fmt_int(record.baseline_applicable),
                year=record.survey_year,
                villages=len(record.villages),
            )
        )
    if record.is_demo:
        st.warning(t("app.demo_note"))
    st.caption(f"{t('project.area')}: {data_access.register().display_name(record.area_code, lang())}")


def _agency_and_dates(form: OpenProject, shown: list[Problem]) -> None:
    st.text_input(
        t("plans.col.responsible_agency"),
        key=form.key("responsible_agency"),
        value=start(form, "responsible_agency"),
        **IGNORE,
    )
    cols = st.columns(2)
    for column, name in zip(cols, DATES, strict=True):
        with column.container(key=f"project_field_{name}"):
            thai_date_input(t(f"plans.col.{name}"), form.key(name), getattr(form.record, name))
            show_errors(st, shown, name)


def _villages(form: OpenProject, shown: list[Problem]) -> None:
    register = data_access.register()
    options = data_access.child_areas(form.record.area_code, "village")
    chosen, pre_filled = given(form, "villages") or [], start(form, "villages")
    village_names = register.display_names(sorted({*options, *chosen, *pre_filled}), lang())
    box = st.container(key="project_field_villages")
    box.multiselect(
        t("project.villages"),
        list(village_names),
        key=form.key("villages"),
        default=pre_filled,
        format_func=village_names.get,
        placeholder=t("forms.project.pick_villages"),
        select_all=False,
        **IGNORE,
    )
    show_errors(box, shown, "villages")


def _history_and_delete(form: OpenProject) -> None:
    record = form.record
    if not record.id:
        return
    with st.expander(t("project.history")):
        history = audit_table(data_access.plan_store().audit_log("project", record.id))
        st.dataframe(history, hide_index=True, key="project_audit")
    with st.expander(t("project.delete")):
        confirm = st.checkbox(t("data.delete_confirm"), key=form.key("delete_confirm"))
        st.button(t("project.delete"), disabled=not confirm, key="project_delete", on_click=delete, args=(form,))
