"""Streamlit glue of the contest kit: the downloads (built only when clicked), the readiness
checklist with hand ticks, and one slide of the presentation mode."""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go
import streamlit as st
from analysis.contest.charts import ChartSpec
from analysis.contest.checklist import ItemStatus, check_items, criterion_titles, gather_evidence
from analysis.contest.kit import MIME, checklist_document, file_name, render
from analysis.contest.records import EvidenceRecord
from analysis.contest.slides import Slide

from dashboard import data_access
from dashboard.charts import THAI_FONT
from dashboard.i18n import t
from dashboard.plan_common import guarded_write
from dashboard.state import actor, lang
from dashboard.widgets import download

STATUS_ICONS = {"done": ":material/check_circle:", "partial": ":material/pending:", "missing": ":material/cancel:"}


def _builder(kind: str, story, area: str):
    """The document's bytes, made when the button is clicked; decks and summaries are recorded."""

    def build() -> bytes:
        store = data_access.contest_store()
        data = render(kind, story, store.profile(area))
        if kind in ("deck", "summary"):
            store.record_generated(area, kind, actor())
        return data

    return build


def downloads(story, area: str, year: int) -> None:
    """Deck, summary, infographic (PDF, PNG) and every chart's PNG."""
    demo = story.is_demo
    cols = st.columns(3)
    for column, kind in zip(cols, ("deck", "summary", "infographic"), strict=True):
        name = file_name(kind, area, year, demo)
        download(
            column,
            t(f"contestui.download_{kind}"),
            _builder(kind, story, area),
            name,
            MIME[name.rsplit(".", 1)[1]],
            f"contest_{kind}",
        )
    cols = st.columns(3)
    for column, kind in zip(cols, ("infographic_png", "charts"), strict=False):
        name = file_name(kind, area, year, demo)
        download(
            column, t(f"contestui.download_{kind}"), _builder(kind, story, area), name, MIME["zip"], f"contest_{kind}"
        )
    st.caption(t("contestui.downloads_note"))


def checklist_statuses(area: str, year: int, story) -> list[ItemStatus]:
    store = data_access.contest_store()
    return check_items(gather_evidence(data_access.workspace(), store, area, year, story), lang())


def _manual_form(status: ItemStatus, area: str) -> None:
    store = data_access.contest_store()
    item = status.item
    current = [r for r in store.evidence(area) if r.kind == "manual" and r.item_id == item.id]
    record = current[-1] if current else EvidenceRecord(area, item.id)
    key = f"ev_{item.id}_{record.id or 'new'}_{record.version or 0}"
    with st.form(key):
        done = st.checkbox(t("contestui.done"), value=record.done if record.id else True, key=f"{key}_done")
        note = st.text_input(t("contestui.note"), record.note, key=f"{key}_note")
        link = (
            st.text_input(t("contestui.link"), record.link, key=f"{key}_link") if item.needs == "link" else record.link
        )
        upload = st.file_uploader(t("contestui.file"), key=f"{key}_file") if item.needs == "file" else None
        if record.file_name:
            st.caption(t("contestui.attached", name=record.file_name))
        if not st.form_submit_button(t("contestui.save_evidence")):
            return
    record.done, record.note, record.link = done, note, link
    if upload is not None:
        record.file, record.file_name, record.file_mime = upload.getvalue(), upload.name, upload.type or ""
    done, _ = guarded_write(lambda: store.save_evidence(record, actor()))
    if done:
        st.rerun()


def checklist_panel(statuses: list[ItemStatus], area: str, year: int, story) -> None:
    counts = {s: sum(1 for x in statuses if x.status == s) for s in STATUS_ICONS}
    cols = st.columns(3)
    for column, (status, n) in zip(cols, counts.items(), strict=True):
        column.metric(t(f"checklist.status_{status}"), n)
    titles = criterion_titles(lang())
    current = None
    for status in statuses:
        if status.item.criterion != current:
            current = status.item.criterion
            st.markdown(f"**{current}. {titles[current]}**")
        label = f"{status.item.id} {status.item.title(lang())} — {t(f'checklist.status_{status.status}')}"
        with st.expander(label, expanded=False, icon=STATUS_ICONS[status.status]):
            st.caption(f"{t('contestui.evidence')}: {status.item.evidence(lang())}")
            for result in status.results:
                (st.success if result.passed else st.warning)(result.message)
            if "manual" in status.item.checks:
                _manual_form(status, area)
    name = file_name("checklist", area, year, data_access.is_demo())
    ws, store = data_access.workspace(), data_access.contest_store()
    download(
        st,
        t("contestui.download_checklist"),
        lambda: checklist_document(ws, store, area, year, story, lang()),
        name,
        MIME["pdf"],
        "contest_checklist",
    )


def chart_figure(spec: ChartSpec, height: int = 560) -> go.Figure:
    """A slide's chart for the presentation mode (the deck's numbers, large type)."""
    figure = go.Figure()
    horizontal = spec.kind == "bar"
    for series in spec.series:
        colours = series.point_colours or series.colour
        values, categories = (
            (series.values[::-1], spec.categories[::-1]) if horizontal else (series.values, spec.categories)
        )
        colours = colours[::-1] if isinstance(colours, list) else colours
        text = [f"{v:,.0f}" if spec.number_format == "#,##0" else f"{v:.1f}" for v in values]
        figure.add_trace(
            go.Bar(
                x=values if horizontal else categories,
                y=categories if horizontal else values,
                orientation="h" if horizontal else "v",
                name=series.name,
                marker_color=colours,
                text=text if spec.kind != "clustered" else None,
                textposition="auto",
            )
        )
    figure.update_layout(
        font={"family": THAI_FONT, "size": 22},
        height=height,
        barmode="stack" if spec.kind == "stacked" else "group",
        showlegend=len(spec.series) > 1,
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 10, "r": 30, "t": 20, "b": 20},
        plot_bgcolor="white",
    )
    figure.update_xaxes(tickfont={"size": 20}, automargin=True)
    figure.update_yaxes(tickfont={"size": 20}, automargin=True)
    return figure


def slide_view(slide: Slide, key: str) -> None:
    """One slide in large type: title, subtitle, then its chart, table, picture, photos or bullets."""
    st.markdown(f"<h1 class='present-title'>{escape(slide.title)}</h1>", unsafe_allow_html=True)
    if slide.subtitle:
        st.markdown(f"<p class='present-sub'>{escape(slide.subtitle)}</p>", unsafe_allow_html=True)
    if slide.chart:
        st.plotly_chart(chart_figure(slide.chart), key=f"{key}_chart", theme=None, config={"displayModeBar": False})
    if slide.table:
        head = "".join(f"<th>{escape(h)}</th>" for h in slide.table.headers)
        rows = "".join(
            "<tr>" + "".join(f"<td>{'<br>'.join(escape(p) for p in str(v).split(chr(10)))}</td>" for v in row) + "</tr>"
            for row in slide.table.rows
        )
        st.markdown(f"<table class='present-table'><tr>{head}</tr>{rows}</table>", unsafe_allow_html=True)
    if slide.image:
        st.image(slide.image, width="stretch")
    if slide.bullets:
        st.markdown("\n".join(f"- {b}" for b in slide.bullets))
    if slide.photos:
        for column, (data, caption) in zip(st.columns(len(slide.photos)), slide.photos, strict=True):
            column.image(data, caption=caption, width="stretch")
