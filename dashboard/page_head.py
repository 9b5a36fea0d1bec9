"""The opening every analysis page shares: the picked area (or a title, a "no data" note and stop),
its name, whether small counts are hidden for the viewer, and the survey-year choice."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from analysis.areas import AreaRegister
from analysis.privacy import privacy_applies

from dashboard import data_access
from dashboard.i18n import t
from dashboard.source_pick import data_source
from dashboard.state import actor, lang, selected_area


@dataclass(frozen=True)
class PageArea:
    """The area a page works on, as the viewer sees it."""

    code: str
    lang: str
    register: AreaRegister
    name: str
    private: bool  # small counts shown as "< N" (no household-level access to this area)
    demo_note: str | None  # the demo label for charts and exports, None on real data
    source: str | None = None  # another village data set's catalog chosen in the sidebar (None: จปฐ.)

    def display_name(self, code: str) -> str:
        return self.register.display_name(code, self.lang)

    def names(self, codes) -> dict[str, str]:
        """Names for a list of areas (a village names its tambon when the list spans several)."""
        return self.register.display_names(list(codes), self.lang)


def require_area(title_key: str, named: bool = True) -> PageArea:
    """The picked area; without one, the page's title, a "no data" note, and the page stops.
    ``named``: the title is "<title>: <area name>" (otherwise the page writes its own)."""
    code = selected_area()
    if code is None:
        st.title(t(title_key))
        st.info(t("app.no_data"))
        st.stop()
    language = lang()
    register = data_access.register()
    page = PageArea(
        code,
        language,
        register,
        register.display_name(code, language),
        privacy_applies(actor(), code),
        t("app.demo_badge") if data_access.is_demo() else None,
        data_source(),
    )
    if named:
        st.title(f"{t(title_key)}: {page.name}")
    return page


def stop_unless(condition: object, message_key: str, **values) -> None:
    """A "nothing to show" note and stop when ``condition`` is falsy."""
    if not condition:
        st.info(t(message_key, **values))
        st.stop()


def year_choice(years: list[int], key: str, label_key: str = "overview.year", where=None) -> int:
    """The survey year (latest first time), as buttons; remembered per page."""
    where = where or st
    if st.session_state.get(key) not in years:
        st.session_state[key] = years[-1]
    return where.segmented_control(t(label_key), years, key=key, required=True)


def year_caption(name: str, year: int, *more: str) -> str:
    """ "ตำบลหนองบัว · ปีที่สำรวจ (พ.ศ.) 2567" — the first note of a download."""
    return " · ".join([name, f"{t('overview.year')} {year}", *more])


def lazy_expander(label: str, key: str):
    """An expander whose content is built only while it is open: the container, or None when
    closed (a collapsed panel costs nothing on each visit)."""
    box = st.expander(label, key=key, on_change="rerun")
    return box if box.open else None


def privacy_note(page: PageArea) -> None:
    """Says that small counts are hidden, when they are."""
    if page.private:
        st.caption(t("privacy_note.hidden", n=_threshold()))


def _threshold() -> int:
    from analysis.privacy import min_public_count

    return min_public_count()
