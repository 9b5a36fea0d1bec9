"""The guide in the dashboard (issue 26): the collapsed "วิธีใช้หน้านี้" panel drawn above every
page by dashboard/app.py (so page files need no change), the glossary page and the manual page.
The content is declared in data/guide/ (analysis.guide.content)."""

from __future__ import annotations

import streamlit as st
from analysis.guide.content import (
    Chapter,
    build_dir,
    card_path,
    chapter_of,
    chapters,
    glossary,
    page_help,
    pdf_path,
    shot_path,
)
from analysis.guide.markdown import blocks, shift_headings

from dashboard.i18n import t
from dashboard.state import lang

GLOSSARY_PAGE = "../pages/glossary.py"
MANUAL_PAGE = "../pages/manual.py"
CHAPTER_PARAM = "chapter"


def help_panel(page: str) -> None:
    """The page's help in a collapsed panel: what it is for, how to read its numbers, what next,
    the glossary's line for each word it uses, and links to the glossary and its manual chapter."""
    language = lang()
    found = page_help(page, language)
    if found is None or not found.panel:
        return
    parts = [
        f"**{t('guide.purpose')}** — {found.purpose}",
        f"**{t('guide.read')}**\n\n{found.read}",
        f"**{t('guide.next')}** — {found.next}",
    ]
    if found.terms:
        lines = "\n".join(f"- **{term.term}** — {term.short}" for term in found.terms)
        parts.append(f"**{t('guide.terms')}**\n\n{lines}")
    with st.expander(t("guide.help_title"), icon=":material/help:"):
        st.markdown("\n\n".join(parts))
        links = st.columns(2)
        if page != "glossary":
            links[0].page_link(GLOSSARY_PAGE, label=t("guide.open_glossary"), icon=":material/menu_book:")
        chapter = chapter_of(page, language)
        if chapter is not None and page != "manual":
            links[1].page_link(
                MANUAL_PAGE,
                label=t("guide.open_chapter", number=chapter.number, title=chapter.title),
                icon=":material/auto_stories:",
                query_params={CHAPTER_PARAM: chapter.id},
            )


def glossary_page() -> None:
    """Every term, filtered by what is typed (in the term, its line or its text)."""
    st.title(t("nav.glossary"))
    query = st.text_input(t("guide.search"), key="glossary_search", placeholder=t("guide.search_placeholder"))
    terms = glossary(lang())
    wanted = query.strip().casefold()
    shown = [term for term in terms if wanted in f"{term.term} {term.short} {term.text}".casefold()]
    if not shown:
        st.info(t("guide.no_match", q=query.strip()))
        return
    st.caption(t("guide.count", n=len(shown)))
    st.markdown("\n\n".join(f"**{term.term}**  \n{term.text}" for term in shown))


def manual_page() -> None:
    """One chapter at a time (chosen here or by ?chapter= from a page's help), its screenshots
    from the last `make guide`, and the PDF when it has been built."""
    language = lang()
    found = chapters(language)
    by_id = {chapter.id: chapter for chapter in found}
    asked = st.query_params.get(CHAPTER_PARAM)
    if asked in by_id and st.session_state.get("_manual_asked") != asked:
        st.session_state["_manual_asked"] = asked  # the link's chapter once; the choice is free after
        st.session_state["manual_chapter"] = asked
    st.title(t("nav.manual"))
    chosen = st.selectbox(
        t("guide.chapter_pick"),
        list(by_id),
        key="manual_chapter",
        format_func=lambda c: t("guide.chapter_label", number=by_id[c].number, title=by_id[c].title),
    )
    chapter = by_id[chosen]
    st.query_params[CHAPTER_PARAM] = chapter.id  # a reload or a shared link opens the same chapter
    st.session_state["_manual_asked"] = chapter.id  # the address now says what was chosen here
    _chapter(chapter, language)
    _pdf_download(language)


def _chapter(chapter: Chapter, language: str) -> None:
    st.header(t("guide.chapter_label", number=chapter.number, title=chapter.title))
    st.markdown(f"*{chapter.summary}*")
    for block in blocks(chapter.text()):
        if block.shot is None:
            st.markdown(shift_headings(block.text, 2))  # under the chapter's header
            continue
        picture = shot_path(build_dir(), block.shot, language)
        if picture.is_file():
            st.image(str(picture), caption=block.caption)
        else:
            st.markdown(f"> {t('guide.no_shot', caption=block.caption)}")


def _pdf_download(language: str) -> None:
    st.divider()
    build = build_dir()
    files = [
        (key, path)
        for key, path in (("pdf_download", pdf_path(build, language)), ("card_download", card_path(build, language)))
        if path.is_file()
    ]
    if not files:
        st.markdown(f"> {t('guide.no_pdf')}")
        return
    for column, (key, path) in zip(st.columns(len(files)), files, strict=True):
        column.download_button(
            t(f"guide.{key}"),
            path.read_bytes,
            file_name=path.name,
            mime="application/pdf",
            key=f"manual_{key}",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
        )
