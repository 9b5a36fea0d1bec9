"""Public editions of every file meant for sharing (issue 21, finding 6): the contest kit, the map
files and the reports hide counts of households or persons below the privacy threshold — on
request on "this computer" (--public, a tick on the page), always on a shared server for an
account without household-level access; `--as ACCOUNT` on the commands that read protected data.

ตำบลหนองบัว 2567: 2 households fail "เด็กแรกเกิดน้ำหนักต่ำกว่า 2,500 กรัม" (18.2%), and in the
village map of indicator 2 a village has "ไม่ผ่าน 1 จาก 2 ครัวเรือน"."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from pptx import Presentation

from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.cli import main
from analysis.contest.service import contest_store_for
from analysis.plans.service import store_for
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.contest_fixtures import pdf_text, thai

PASSWORD = "a-long-password-1"
SMALL = "(2 ครัวเรือน)"
HIDDEN = "(< 5 ครัวเรือน)"
MAP_SMALL = "ไม่ผ่าน 1 จาก 2 ครัวเรือน"


def _run(args: list[str]) -> int:
    try:
        return main(args)
    except SystemExit as stop:  # argparse refusing an option
        return int(stop.code or 0)


def _summary_text(workspace, tmp_path, *extra: str) -> str:
    out = tmp_path / "summary.pdf"
    args = ["contest", "summary", "--workspace", str(workspace), "--area", "990101", "--year", "2567"]
    assert _run([*args, "--out", str(out), *extra]) == 0
    return thai(pdf_text(out.read_bytes(), tmp_path))


def test_the_contest_summary_has_a_public_edition(demo_workspace, tmp_path):
    from analysis.contest.story import build_story
    from analysis.contest.summary import summary_html

    story = build_story(demo_workspace, "990101", 2567, contest_store_for(demo_workspace.root))
    assert SMALL in summary_html(story, None)  # this computer: the true counts
    public = _summary_text(demo_workspace.root, tmp_path, "--public")
    assert thai(SMALL) not in public and thai(HIDDEN) in public


def test_the_deck_and_infographic_have_a_public_edition(demo_workspace, tmp_path):
    base = ["--workspace", str(demo_workspace.root), "--area", "990101", "--year", "2567", "--public"]
    assert _run(["contest", "deck", *base, "--out", str(tmp_path / "deck.pptx")]) == 0
    deck = Presentation(io.BytesIO((tmp_path / "deck.pptx").read_bytes()))
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    assert HIDDEN in notes and SMALL not in notes
    assert _run(["contest", "infographic", *base, "--out", str(tmp_path / "info.pdf")]) == 0
    assert thai(SMALL) not in thai(pdf_text((tmp_path / "info.pdf").read_bytes(), tmp_path))


def _map_text(path, kind: str = "kml") -> str:
    """A map file's text (a KMZ's doc.kml)."""
    if kind == "kmz":
        with zipfile.ZipFile(path) as archive:
            return archive.read("doc.kml").decode("utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["geojson", "kml", "kmz", "html"])
def test_cia_map_export_has_a_public_edition(demo_workspace, tmp_path, kind):
    args = ["map", "export", "--workspace", str(demo_workspace.root), "--area", "990101", "--layer", "indicator:2"]
    args += ["--level", "village", "--year", "2567", "--format", kind]
    assert _run([*args, "--out", str(tmp_path / "all")]) == 0
    assert MAP_SMALL in _map_text(tmp_path / "all", kind)
    assert _run([*args, "--out", str(tmp_path / "public"), "--public"]) == 0
    public = _map_text(tmp_path / "public", kind)
    assert MAP_SMALL not in public and "ไม่ผ่าน 0 จาก 2 ครัวเรือน" not in public
    if kind == "geojson":  # the text as read: "< 5", not the HTML-escaped "&lt; 5" of the map's tooltips
        details = {f["properties"]["detail"] for f in json.loads(public)["features"]}
        assert "ไม่ผ่าน < 5 จาก < 5 ครัวเรือน" in details


@pytest.fixture
def shared(demo_workspace, monkeypatch):
    """A shared server: an administrator, a data officer of ตำบลหนองบัว and a viewer."""
    store = AccountStore(store_for(demo_workspace.root).url)
    store.add(None, "admin", PASSWORD, "admin")
    admin = Authenticator(store.url).authenticate("admin", PASSWORD)
    store.add(admin, "officer", PASSWORD, "data_officer", ["990101"])
    store.add(admin, "viewer1", PASSWORD, "viewer", ["9901"])
    monkeypatch.setenv("CIA_PASSWORD", PASSWORD)
    return demo_workspace


def _notes(path) -> str:
    deck = Presentation(io.BytesIO(path.read_bytes()))
    return "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)


def test_on_a_shared_server_the_kit_needs_as_and_is_public_for_a_viewer(shared, tmp_path, capsys):
    root = shared.root
    out = tmp_path / "deck.pptx"
    args = ["contest", "deck", "--workspace", str(root), "--area", "990101", "--year", "2567", "--out", str(out)]
    assert _run(args) == 2 and not out.exists()  # who reads the protected data: --as
    assert "--as" in capsys.readouterr().err
    assert _run([*args, "--as", "viewer1"]) == 0
    assert SMALL not in _notes(out) and HIDDEN in _notes(out)
    # the viewer's copy is a file, not the area's evidence for the checklist
    assert not [e for e in contest_store_for(root).evidence("990101") if e.kind == "generated"]
    assert _run([*args, "--as", "officer"]) == 0  # household-level access to the tambon: true counts
    assert SMALL in _notes(out)
    assert _run([*args, "--as", "officer", "--public"]) == 0  # unless a public edition is asked for
    assert SMALL not in _notes(out)


def test_on_a_shared_server_map_files_and_reports_are_public_for_a_viewer(shared, tmp_path):
    root = str(shared.root)
    args = ["map", "export", "--workspace", root, "--area", "990101", "--layer", "indicator:2", "--level", "village"]
    args += ["--year", "2567", "--format", "kml", "--out", str(tmp_path / "map.kml")]
    assert _run(args) == 2
    assert _run([*args, "--as", "viewer1"]) == 0
    assert MAP_SMALL not in (tmp_path / "map.kml").read_text(encoding="utf-8")
    kmz = [*args[:-4], "--format", "kmz", "--out", str(tmp_path / "map.kmz")]
    assert _run(kmz) == 2 and not (tmp_path / "map.kmz").exists()  # who reads the protected data: --as
    assert _run([*kmz, "--as", "viewer1"]) == 0
    assert MAP_SMALL not in _map_text(tmp_path / "map.kmz", "kmz")
    assert _run([*kmz, "--as", "officer"]) == 0  # household-level access to the tambon: true counts
    assert MAP_SMALL in _map_text(tmp_path / "map.kmz", "kmz")
    report = ["report", "tambon", "--workspace", root, "--area", "990101", "--year", "2567"]
    assert _run([*report, "--out", str(tmp_path / "r.pdf"), "--as", "viewer1"]) == 0
    assert thai("ฉบับเผยแพร่") in thai(pdf_text((tmp_path / "r.pdf").read_bytes(), tmp_path))
    assert _run([*report, "--out", str(tmp_path / "o.pdf"), "--as", "officer"]) == 0
    assert thai("ฉบับเผยแพร่") not in thai(pdf_text((tmp_path / "o.pdf").read_bytes(), tmp_path))


def test_the_pages_offer_the_public_edition_and_force_it_for_a_viewer(shared, monkeypatch):
    from tests.test_auth_pages import sign_in
    from tests.test_pages import app

    viewer = sign_in(app(shared.root, monkeypatch), "viewer1", PASSWORD)
    viewer.switch_page("../pages/contest.py").run()
    assert not viewer.exception, viewer.exception
    captions = [c.value for c in viewer.caption]
    assert "เอกสารสำหรับบัญชีนี้เป็นฉบับเผยแพร่เสมอ (ปกปิดจำนวนที่น้อยกว่าเกณฑ์)" in captions
    assert not [c for c in viewer.checkbox if c.key == "contest_public"]
    officer = sign_in(app(shared.root, monkeypatch), "officer", PASSWORD)
    officer.sidebar.selectbox(key="pick_tambon").select("990101").run()
    officer.switch_page("../pages/contest.py").run()
    assert not officer.exception, officer.exception
    assert [c.label for c in officer.checkbox if c.key == "contest_public"] == [
        "ฉบับเผยแพร่ (ปกปิดจำนวนครัวเรือนหรือคนที่น้อยกว่า 5)"
    ]
    officer.switch_page("../pages/map.py").run()
    assert not officer.exception, officer.exception
    assert [c.key for c in officer.checkbox if c.key == "map_public_files"] == ["map_public_files"]


def test_areas_rank_and_mpi_commands_have_public_editions(demo_workspace, capsys):
    """Issue 21: every command that reads protected data has --public (and --as on a shared server)."""
    import io

    import pandas as pd

    from analysis.cli import main as cia

    root = str(demo_workspace.root)
    assert cia(["mpi", "--area", "99010101", "-w", root, "--format", "csv"]) == 0
    true = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str)
    assert cia(["mpi", "--area", "99010101", "-w", root, "--format", "csv", "--public"]) == 0
    public = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    q = int(true.loc[0, "q"])
    assert q == 1  # the demo village has one poor household (k = 1/3): a count to hide
    assert public.loc[0, "q"] == "< 5"
    assert public.loc[0, "MPI"] == ""  # MPI = H × A would give the count back
    assert cia(["areas", "--level", "village", "-w", root, "--public"]) == 0
    areas = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert "< 5" in set(areas["fail"]) and not (areas["fail"].isin([str(n) for n in range(1, 5)])).any()
    assert cia(["rank", "--area", "99010101", "-w", root, "--public", "--by", "n_fail"]) == 0
    ranked = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert not ranked["n_fail"].isin([str(n) for n in range(1, 5)]).any()
