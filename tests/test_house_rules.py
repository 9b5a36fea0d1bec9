"""House rules kept by tests: no file over 400 lines, level lengths only from analysis/codes.py,
each declared constant written once."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKED_FOLDERS = ("analysis", "dashboard", "pages", "scripts", "benchmarks", "tests")
CODE_FOLDERS = ("analysis", "dashboard", "pages")
MAX_LINES = 400
LEVEL_LENGTHS = {2, 4, 6, 8, 10}
#: an expression that holds an area code (or a column of them) by its name
CODE_LIKE = re.compile(r"code|area|village|tambon|amphoe|province|under|prefix|\.str\b")
#: SQL that slices or measures a code by a literal level length
SQL_LEVEL = re.compile(
    r"substr\(\s*[\w.]+,\s*1,\s*(?:2|4|6|8|10)\s*\)"
    r"|length\(\s*[\w.]*code[\w.]*\s*\)\s*(?:=|<>|!=|>=|<=|<|>)\s*(?:2|4|6|8|10)\b"
    r"|VALUES\s*\(2\),\s*\(4\)"
)
#: (file, source text) of literal lengths that are not a level, or not yet replaced
LEVEL_ALLOWED = {
    ("dashboard/charts.py", "len(areas) > 6"),  # a count of bars, not a code's length
    # issue 25 part 1 rewrites analysis/views.py (the measure catalog): its level tests go then
    ("analysis/views.py", "len(area_code) < 8"),
    ("analysis/views.py", "len(area_code) < 6"),
}


def python_files(folders: tuple[str, ...]) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py") if ".venv" not in p.parts)


def test_no_python_file_is_over_400_lines():
    long = {}
    for path in python_files(CHECKED_FOLDERS):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            long[str(path.relative_to(ROOT))] = lines
    assert long == {}


def _literal(node: ast.AST) -> int | None:
    return node.value if isinstance(node, ast.Constant) and type(node.value) is int else None


def level_literals(source: str, name: str) -> list[str]:
    """Places in ``source`` that slice or measure an area code by a literal level length."""
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        text = ""
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            bounds = node.slice
            if bounds.lower is None and bounds.step is None and _literal(bounds.upper) in LEVEL_LENGTHS:
                text = ast.get_source_segment(source, node) or ""
                text = text if CODE_LIKE.search(ast.get_source_segment(source, node.value) or "") else ""
        elif isinstance(node, ast.Compare) and len(node.comparators) == 1:
            left, right = node.left, node.comparators[0]
            if (
                isinstance(left, ast.Call)
                and getattr(left.func, "id", "") == "len"
                and _literal(right) in LEVEL_LENGTHS
            ):
                measured = ast.get_source_segment(source, left.args[0]) if left.args else ""
                text = ast.get_source_segment(source, node) if CODE_LIKE.search(measured or "") else ""
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = SQL_LEVEL.search(node.value)
            text = match.group(0) if match else ""
        if text and (name, text) not in LEVEL_ALLOWED:
            found.append(f"{name}:{node.lineno}: {text}")
    return found


def test_level_lengths_come_only_from_codes_py():
    found = []
    for path in python_files(CODE_FOLDERS):
        if path.relative_to(ROOT).as_posix() == "analysis/codes.py":
            continue
        found += level_literals(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    assert found == []


def test_the_level_scan_finds_each_kind_of_literal_level():
    source = """
tambon = code[:6]
parents = frame["village_code"].str[:8]
if len(area_code) == 8:
    pass
SQL = "SELECT substr(area_code, 1, 4) FROM t WHERE length(village_code) = 10"
LENGTHS = "(VALUES (2), (4), (6)) AS lv(n)"
token = uuid_hex[:8]
first = rows[:2]
"""
    found = level_literals(source, "probe.py")
    assert [f.split(": ", 1)[1] for f in found] == [
        "code[:6]",
        'frame["village_code"].str[:8]',
        "len(area_code) == 8",
        "substr(area_code, 1, 4)",
        "VALUES (2), (4)",
    ]


def _declared_literals(path: Path) -> list[tuple[str, object]]:
    """(name, value) of module-level constants that are tuples, lists, sets or dicts of at least
    three plain values (a declared list of kinds, families, levels ...)."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        value = getattr(node, "value", None)
        if len(targets) != 1 or not isinstance(targets[0], ast.Name) or value is None:
            continue
        if not isinstance(value, ast.Tuple | ast.List | ast.Set | ast.Dict):
            continue
        try:
            literal = ast.literal_eval(value)
        except ValueError:
            continue
        if len(literal) >= 3:
            found.append((targets[0].id, repr(sorted(literal.items()) if isinstance(literal, dict) else literal)))
    return found


#: declared twice, for now: the count columns of analysis/comparison.py and analysis/trend.py
#: (issue 25 part 1 rewrites both around the measure catalog)
DECLARED_TWICE_FOR_NOW = {"['applicable', 'pass', 'fail']"}


def test_each_declared_constant_is_written_once():
    where = defaultdict(list)
    for path in python_files(CODE_FOLDERS):
        if "migrations" in path.parts:  # a migration keeps its own copy: the schema of its time
            continue
        for name, value in _declared_literals(path):
            where[value].append(f"{path.relative_to(ROOT).as_posix()}:{name}")
    twice = {value: places for value, places in where.items() if len(places) > 1}
    assert set(twice) <= DECLARED_TWICE_FOR_NOW, twice
