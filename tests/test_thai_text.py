"""Thai screens carry no English: every page of the navigation (dashboard/app.py PAGES), in Thai
mode, in its main states, scanned for English words outside the allow-list (tests/thai_scan.py).
A new English label, help text, option, table header or chart text fails here."""

from collections.abc import Callable

import pytest

from dashboard.app import PAGES
from tests.test_pages import app
from tests.thai_scan import english_words, page_texts

HOUSEHOLDS = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,รายได้,ข้อ 4,ข้อ 23\n99010101,1,3,150000,1,1\n99010101,2,2,50000,0,1\n"


def _rank_mpi(at) -> None:
    at.radio(key="rank_measure").set_value("mpi").run()
    at.toggle(key="mpi_show").set_value(True).run()


def _compare_villages(at) -> None:
    at.sidebar.selectbox(key="pick_tambon").select("").run()  # the amphoe
    at.selectbox(key="compare_level").select("village").run()


def _map_kinds(at) -> None:
    at.selectbox(key="map_kind").select("mpi").run()
    at.selectbox(key="map_kind").select("nrd2c").run()
    at.session_state["map_pins_open"] = True
    at.session_state["map_boundaries_open"] = True
    at.run()


def _trend_indicators(at) -> None:
    at.radio(key="trend_view").set_value("indicators").run()


def _data_upload(at) -> None:
    at.file_uploader(key="import_file").upload("h.csv", HOUSEHOLDS.encode(), "text/csv").run()
    at.number_input(key="import_year").set_value(2567).run()
    at.button(key="validate_button").click().run()


def _checks_tab(label: str) -> Callable:
    def open_tab(at) -> None:
        at.session_state["checks_tab"] = label
        at.run()

    return open_tab


#: page file → what is done on it before (more states) scanning again
STATES: dict[str, list[Callable | None]] = {
    "overview.py": [None],
    "compare.py": [None, _compare_villages],
    "rank.py": [None, _rank_mpi],
    "map.py": [None, _map_kinds],
    "trend.py": [None, _trend_indicators],
    "matrix.py": [None],
    "project.py": [None],
    "oneplan.py": [None],
    "profile.py": [None],
    "contest.py": [None],
    "present.py": [None],
    "offices.py": [None],  # its three tabs are drawn together (st.tabs without a key)
    "data.py": [None, _data_upload],
    "checks.py": [
        None,
        _checks_tab("ตรวจสอบคุณภาพข้อมูล"),
        _checks_tab("รับรองข้อมูล"),
        _checks_tab("ทะเบียนครัวเรือนเป้าหมาย"),
        _checks_tab("บริหารการจัดเก็บ"),
    ],
    "reports.py": [None],
    "users.py": [None],
    "manual.py": [None],
    "glossary.py": [None],
    "practice.py": [None],
}


def test_every_page_of_the_navigation_is_scanned():
    assert set(STATES) == {entry[1] for entry in PAGES}


@pytest.mark.parametrize("page", list(STATES))
def test_thai_pages_show_no_english_outside_the_allow_list(demo_workspace, monkeypatch, page):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    if page != "overview.py":
        at.switch_page(f"../pages/{page}").run()
    found: dict[str, list[str]] = {}
    for step in STATES[page]:
        if step is not None:
            step(at)
        assert not at.exception, at.exception
        texts = page_texts(at)
        assert len(texts) > 10  # the page really rendered
        for word, where in english_words(texts).items():
            found.setdefault(word, []).extend(where)
    assert not found, "\n".join(f"{word}: {where[:2]}" for word, where in sorted(found.items()))


def test_the_scan_catches_english():
    texts = [("label", "Choose options"), ("caption", "ไฟล์ ตัวอย่าง.csv · ขนาด 200 MB · cia import --add")]
    assert set(english_words(texts)) == {"Choose", "options"}


def test_the_analysis_pages_open_in_english_too(demo_workspace, monkeypatch):
    """The English switch keeps every analysis page working (options labelled in the new language)."""
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    at.sidebar.selectbox(key="pick_tambon_en").select("990101").run()
    titles = {}
    for page in ("compare", "rank", "map", "trend", "data", "overview"):
        at.switch_page(f"../pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        titles[page] = at.title[0].value
    assert titles["trend"] == "Trend over survey years: Tambon Nong Bua"
    at.switch_page("../pages/rank.py").run()
    at.toggle(key="mpi_show").set_value(True).run()
    assert [m.label for m in at.metric] == ["Share of households poor (H)", "Average intensity (A)", "MPI = H × A"]
