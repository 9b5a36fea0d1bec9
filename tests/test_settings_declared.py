"""Every value in data/settings.toml is read by the code: a declared setting nothing reads is a
promise the software does not keep (issue 11 found `min_public_count` declared and ignored)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from analysis.config import catalog_ids

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "data" / "settings.toml"

#: keys read through a computed name, with the code that computes it
COMPUTED = {
    "note_th": 'f"note_{',  # the income line's note in the reader's language (dashboard/overview_view.py)
    "note_en": 'f"note_{',
}


def leaf_keys(table: dict, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    keys = []
    for name, value in table.items():
        keys += leaf_keys(value, (*prefix, name)) if isinstance(value, dict) else [(*prefix, name)]
    return keys


def source_text() -> str:
    folders = ("analysis", "dashboard", "pages")
    return "\n".join(p.read_text(encoding="utf-8") for d in folders for p in (ROOT / d).rglob("*.py"))


def is_read(key: tuple[str, ...], code: str) -> bool:
    name = key[-1]
    if f'"{name}"' in code or f"'{name}'" in code:
        return True
    return name in COMPUTED and COMPUTED[name] in code


def test_every_setting_is_read_somewhere():
    settings = tomllib.loads(SETTINGS.read_text(encoding="utf-8"))
    code = source_text()
    unread = [".".join(key) for key in leaf_keys(settings) if not is_read(key, code)]
    assert unread == []


def test_the_check_finds_an_unread_setting():
    assert not is_read(("privacy", "a_setting_nobody_reads"), source_text())
    assert is_read(("privacy", "min_public_count"), '"min_public_count"')


def test_income_lines_are_keyed_by_declared_catalogs():
    lines = tomllib.loads(SETTINGS.read_text(encoding="utf-8"))["income_line"]
    bmn = {c for c in catalog_ids() if c.startswith("bmn_")}
    assert set(lines) == bmn  # one income line per household catalog, none for an unknown catalog
    assert all({"value", "status", "note_th", "note_en"} <= set(line) for line in lines.values())


def test_an_income_line_note_does_not_repeat_its_status():
    # the page shows "(<status>: <note>)", so a note starting with the status read "ยังไม่ยืนยัน: ยังไม่ยืนยัน: ..."
    from analysis.i18n import translate

    lines = tomllib.loads(SETTINGS.read_text(encoding="utf-8"))["income_line"]
    for line in lines.values():
        for lang in ("th", "en"):
            status = translate(f"status.{line['status']}", lang).lower()
            assert status not in line[f"note_{lang}"].lower(), (line["status"], line[f"note_{lang}"])
