"""Streamlit widgets whose built-in words are English only, kept out of the Thai UI."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def multiselect_calls_without_select_all() -> list[str]:
    """Every ``multiselect(...)`` in dashboard/ and pages/ that does not turn off its "Select N
    matches" entry (Streamlit has no Thai for it): ``select_all=False`` or a ``**`` mapping holding it."""
    missing = []
    for path in [*ROOT.glob("dashboard/*.py"), *ROOT.glob("pages/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "multiselect"):
                continue
            names = {k.arg for k in node.keywords}
            if "select_all" not in names and None not in names:  # None: a **mapping
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return missing


def test_every_multiselect_turns_off_its_english_select_all():
    assert multiselect_calls_without_select_all() == []


def test_the_scan_finds_a_multiselect_left_as_it_is(tmp_path, monkeypatch):
    import tests.test_widget_words as scan

    (tmp_path / "dashboard").mkdir()
    (tmp_path / "pages").mkdir()
    (tmp_path / "dashboard" / "x.py").write_text(
        "st.multiselect('a', [1])\nst.multiselect('b', [1], select_all=False)\n"
    )
    monkeypatch.setattr(scan, "ROOT", tmp_path)
    assert scan.multiselect_calls_without_select_all() == ["dashboard/x.py:1"]
