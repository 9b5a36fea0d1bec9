"""Streamlit glue of the contest kit: the documents (made when their button is clicked, a Thai
message when one cannot be: dashboard.doc_download), the public edition, and the readiness
checklist with coloured statuses and hand ticks."""

from __future__ import annotations

import streamlit as st
from analysis.contest.checklist import ItemStatus, check_items, criterion_titles, gather_evidence
from analysis.contest.kit import MIME, checklist_document, file_name, render
from analysis.contest.records import EvidenceRecord
from analysis.privacy import privacy_applies

from dashboard import data_access
from dashboard.doc_download import document_button
from dashboard.i18n import t
from dashboard.plan_common import guarded_write
from dashboard.state import actor, lang

STATUS_ICONS = {"done": ":material/check_circle:", "partial": ":material/pending:", "missing": ":material/cancel:"}
STATUS_COLOURS = {"done": "green", "partial": "orange", "missing": "red"}  # the checklist PDF's colours
DOCUMENTS = (("deck", "deck"), ("summary", "summary"), ("infographic", "infographic"))
PICTURES = (("infographic_png", "zip"), ("charts", "zip"), ("presentation", "html"))


def public_choice(area: str) -> bool:
    """The public edition of the kit (small counts as "< 5"): forced for an account without
    household-level access to the area, on request otherwise."""
    if privacy_applies(actor(), area):
        st.caption(t("contestui.public_forced"))
        return True
    return st.checkbox(t("contestui.public"), key="contest_public", help=t("contestui.public_help"))


def _builder(kind: str, story, area: str):
    """The document's bytes; a deck or summary made by someone who may edit the area's plans is
    remembered for the checklist."""

    def build() -> bytes:
        store = data_access.contest_store()
        data = render(kind, story, store.profile(area))
        if kind in ("deck", "summary") and actor().can("edit_plans", area):
            store.record_generated(area, kind, actor())
        return data

    return build


def downloads(story, area: str, year: int, public: bool) -> None:
    """Deck, summary, infographic (PDF, PNG) and every chart's PNG."""
    demo = story.is_demo
    for row in (DOCUMENTS, PICTURES):
        cols = st.columns(3)
        for column, (kind, _) in zip(cols, row, strict=False):
            name = file_name(kind, area, year, demo, public)
            extension = name.rsplit(".", 1)[1]
            label = t(f"contestui.download_{kind}")
            document_button(column, label, _builder(kind, story, area), name, MIME[extension], f"contest_{kind}")
    st.caption(t("contestui.downloads_note"))


def checklist_statuses(area: str, chosen, story) -> list[ItemStatus]:
    store = data_access.contest_store()
    return check_items(gather_evidence(data_access.workspace(), store, area, chosen, story, lang()), lang())


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


def status_badge(status: str) -> str:
    """The status as a coloured badge (green done, orange partial, red missing)."""
    return f":{STATUS_COLOURS[status]}-badge[{STATUS_ICONS[status]} {t(f'checklist.status_{status}')}]"


def checklist_panel(statuses: list[ItemStatus], area: str, chosen, story) -> None:
    counts = {s: sum(1 for x in statuses if x.status == s) for s in STATUS_ICONS}
    st.markdown(" ".join(f"{status_badge(s)} **{n}**" for s, n in counts.items()))
    titles = criterion_titles(lang())
    current = None
    for status in statuses:
        if status.item.criterion != current:
            current = status.item.criterion
            st.markdown(f"**{current}. {titles[current]}**")
        label = f"{status_badge(status.status)} {status.item.id} {status.item.title(lang())}"
        with st.expander(label, expanded=False):
            st.caption(f"{t('contestui.evidence')}: {status.item.evidence(lang())}")
            for result in status.results:
                (st.success if result.passed else st.warning)(result.message)
            if "manual" in status.item.checks:
                _manual_form(status, area)
    name = file_name("checklist", area, chosen.bmn_year, data_access.is_demo())
    ws, store = data_access.workspace(), data_access.contest_store()
    document_button(
        st,
        t("contestui.download_checklist"),
        lambda: checklist_document(ws, store, area, chosen, story, lang()),
        name,
        MIME["pdf"],
        "contest_checklist",
    )
