"""What the matrix page draws: the meeting's details, one card per candidate problem with its four
scores (in one form), the totals and agreed order in a table whose Thai headers wrap."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from analysis.formatting import fmt_pct
from analysis.plans.exports import matrix_xlsx
from analysis.plans.matrix import CRITERIA, size_cuts
from analysis.plans.records import MatrixRecord

from dashboard.i18n import t
from dashboard.matrix_form import FLASH_KEY, MANUAL_KEY, OpenMatrix, check, collect, save, scored
from dashboard.plan_common import Problem, plan_style, saved_caption, show_errors, wrapped_table
from dashboard.state import lang, plan_problem
from dashboard.thai_date import thai_date_input
from dashboard.widgets import XLSX_MIME, download

IGNORE = {"on_change": "ignore"}


def render(form: OpenMatrix) -> MatrixRecord | None:
    """The form; returns the scored matrix when every score is given (for the links below it)."""
    plan_style()
    record, problems = collect(form)
    shown = (
        problems if st.session_state.get(form.key("attempted")) else [p for p in problems if p[0].startswith("date:")]
    )
    if form.base.id:
        st.caption(saved_caption(form.base, "matrix.saved_by"))
    if form.base.is_demo:
        st.warning(t("app.demo_note"))
    _details(form, shown)
    st.subheader(t("forms.matrix.scores"))
    st.caption(size_help(form.base.scale_min, form.base.scale_max))
    anchors = [
        f"**{t(f'matrix.col.{c}')}**: {anchor_text(c, form.base.scale_min, form.base.scale_max)}" for c in CRITERIA
    ]
    st.markdown("  \n".join(anchors))
    st.checkbox(t("forms.matrix.manual"), key=MANUAL_KEY, help=t("guide.tip.matrix_manual"))
    result = scored(record)
    with st.form(form.key("scores"), enter_to_submit=False, border=False):
        for index in range(len(form.base.items)):
            _card(form, index, shown, result)
        show_errors(st, shown, "rank")
        left, right = st.columns(2)
        left.form_submit_button(t("forms.matrix.compute"), on_click=check, args=(form,), width="stretch")
        right.form_submit_button(t("matrix.save"), type="primary", on_click=save, args=(form,), width="stretch")
    if outcome := st.session_state.pop(FLASH_KEY, None):
        (st.success if outcome[0] == "success" else st.error)(outcome[1])
    if result is None:
        st.info(t("forms.matrix.not_complete"))
        return None
    st.subheader(t("forms.matrix.result"))
    wrapped_table(result_table(result), "matrix_result")
    if note := ties_note(result):
        st.caption(note)
    return result


def anchor_text(criterion: str, low: int, high: int) -> str:
    """What the lowest and the highest score of a criterion mean ("1 = พบน้อย … 4 = พบมาก"): the
    higher the score, the more the problem should come first, on every criterion."""
    return t(
        "matrix_anchor.line",
        low=low,
        high=high,
        low_text=t(f"matrix_anchor.{criterion}_low"),
        high_text=t(f"matrix_anchor.{criterion}_high"),
    )


def ties_note(result: MatrixRecord) -> str | None:
    """Problems with the same total, and the rule that ordered them."""
    totals: dict[float, list[str]] = {}
    for item in result.items:
        totals.setdefault(item.total, []).append(f"{item.agreed_rank}. {item.title}")
    tied = [names for names in totals.values() if len(names) > 1]
    if not tied:
        return None
    return t("matrix_anchor.ties", groups=" · ".join(", ".join(names) for names in tied))


def _details(form: OpenMatrix, shown: list[Problem]) -> None:
    st.subheader(t("forms.matrix.meeting"))
    with st.container(border=True, key="matrix_details"):
        # the matrix's own details are each input's default, drawn on every run (see matrix_form.given)
        base = form.base
        st.text_input(t("matrix.name"), key=form.key("title"), value=base.title or "", **IGNORE)
        show_errors(st, shown, "title")
        thai_date_input(t("matrix.meeting_date"), form.key("meeting_date"), base.meeting_date)
        for name in ("participants", "notes"):
            st.text_area(t(f"matrix.{name}"), key=form.key(name), value=getattr(base, name) or "", height=68, **IGNORE)


def _card(form: OpenMatrix, index: int, shown: list[Problem], result: MatrixRecord | None) -> None:
    item, base = form.base.items[index], form.base
    with st.container(border=True, key=f"matrix_item_{index}"):
        st.markdown(f"**{index + 1}. {item.title}**")
        facts = [t("forms.matrix.pct_fail", pct=fmt_pct(item.pct_fail))] if item.pct_fail is not None else []
        if item.size_from_data is not None:
            facts.append(t("forms.matrix.size_from_data", size=item.size_from_data))
        if facts:
            st.caption(" · ".join(facts))
        options = list(range(base.scale_min, base.scale_max + 1))
        for column, criterion in zip(st.columns(len(CRITERIA)), CRITERIA, strict=True):
            column.segmented_control(
                t(f"matrix.col.{criterion}"),
                options,
                key=form.item_key(index, criterion),
                default=getattr(item, criterion),  # the score pre-filled (size from data; a saved matrix's)
                required=True,  # clicking the chosen score keeps it (it used to clear it)
                help=anchor_text(criterion, base.scale_min, base.scale_max),
            )
        if st.session_state.get(MANUAL_KEY):
            ranks = list(range(1, len(base.items) + 1))
            st.selectbox(
                t("matrix.col.agreed_rank"),
                ranks,
                key=form.item_key(index, "agreed_rank"),
                index=ranks.index(item.agreed_rank) if item.agreed_rank in ranks else None,
                placeholder=t("forms.matrix.pick_rank"),
            )
        done = result and next((i for i in result.items if i.indicator_id == item.indicator_id), None)
        if done:
            st.markdown(t("forms.matrix.card_total", total=f"{done.total:g}", rank=done.agreed_rank))
        show_errors(st, shown, f"items.{index}")


def size_help(scale_min: int, scale_max: int) -> str:
    """ "< 10% = 1 · 10–20% = 2 · 20–35% = 3 · ≥ 35% = 4"."""
    cuts = size_cuts(scale_min, scale_max)
    parts = [f"< {cuts[0]:g}% = {scale_min}"]
    parts += [
        f"{low:g}–{high:g}% = {scale_min + i}" for i, (low, high) in enumerate(zip(cuts, cuts[1:], strict=False), 1)
    ]
    parts.append(f"≥ {cuts[-1]:g}% = {scale_max}")
    return t("matrix.scores_help", cuts=" · ".join(parts))


def result_table(matrix: MatrixRecord) -> pd.DataFrame:
    """The agreed order; the total comes right after the problem so a phone shows it without scrolling."""
    columns = ["agreed_rank", "title", "total", *CRITERIA]
    frame = pd.DataFrame([{c: getattr(i, c) for c in columns} for i in matrix.items], columns=columns)
    frame["total"] = frame["total"].round().astype(int)  # scores are whole numbers: so are sums and products
    return frame.rename(columns={c: t(f"matrix.col.{c}") for c in columns})


def downloads_and_links(form: OpenMatrix, result: MatrixRecord) -> None:
    """The matrix as XLSX, and a project from one of its problems."""
    base = form.base
    demo = t("app.demo_note") if base.is_demo else None
    download(
        st,
        t("matrix.download"),
        lambda: matrix_xlsx(result, form.area_name, lang(), demo),
        f"matrix_{base.area_code}_{base.survey_year}.xlsx",
        XLSX_MIME,
        "matrix_download",
        stretch=False,
    )
    ranked = [i for i in result.items if i.indicator_id]
    if not ranked:
        return
    cols = st.columns([3, 1], vertical_alignment="bottom")
    pick = cols[0].selectbox(
        t("matrix.to_project"),
        range(len(ranked)),
        key="matrix_to_project_pick",
        format_func=lambda n: f"{ranked[n].agreed_rank}. {ranked[n].title}",
    )
    if cols[1].button(t("rank.plan_button"), key="matrix_to_project"):
        plan_problem(base.area_code, base.survey_year, ranked[pick].indicator_id)
        st.switch_page("../pages/project.py")
