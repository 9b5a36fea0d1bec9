"""The database base (analysis/db) and the stores on it: peers that use it, not each other; no
module takes another's private names; imports inside functions only with a reason; the import
kinds declared once; the import pipeline authorises nothing and fills no SQL placeholders."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from analysis.checks.certify import CertificationRecord, CertificationStore
from analysis.collection.store import CollectionStore
from analysis.contest.service import ContestStore
from analysis.db.store import VersionedStore
from analysis.plans.service import PlanStore

ROOT = Path(__file__).resolve().parents[1]
#: the packages that share the database: each uses analysis/db, none another's database code
PEERS = (
    "analysis/db",
    "analysis/plans",
    "analysis/auth",
    "analysis/checks",
    "analysis/contest",
    "analysis/importers",
    "analysis/collection",
)


def _modules(folders) -> list[Path]:
    return sorted(p for f in folders for p in (ROOT / f).rglob("*.py") if "migrations" not in p.parts)


def test_the_stores_are_peers_on_the_database_base():
    for store in (PlanStore, CertificationStore, ContestStore, CollectionStore):
        assert VersionedStore in store.__mro__
    assert PlanStore not in CertificationStore.__mro__ and PlanStore not in ContestStore.__mro__
    assert not hasattr(ContestStore, "projects") and not hasattr(CertificationStore, "create_pin")
    for store in (CertificationStore, ContestStore, CollectionStore):
        assert "analysis.plans" not in inspect.getsource(inspect.getmodule(store))


def test_no_module_imports_another_modules_private_names():
    found = []
    # dashboard/trend_chart.py takes charts._figure: the trend views are issue 25 part 1's to rework
    for path in _modules(("analysis", "pages", "scripts")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("analysis", "dashboard")):
                found += [f"{path.relative_to(ROOT)}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert found == []


def test_imports_inside_functions_of_the_database_peers_say_why():
    silent = []
    for path in _modules(PEERS):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("analysis"):
                    said = "#" in lines[inner.lineno - 1] or "#" in lines[inner.lineno - 2]
                    if not said:
                        silent.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert silent == []


def test_a_row_becomes_a_record_by_its_field_names():
    from datetime import UTC, datetime

    from analysis.db.records import record_from

    class Row:  # a stored row as SQLAlchemy gives it: attributes, some the record does not have
        village_code, year, status, note, id, version = "31010101", 2567, "checked", "ok", 4, 2
        updated_at, updated_by, is_demo, snapshot, snapshot_at = (
            datetime(2026, 1, 2, tzinfo=UTC),
            "ก",
            False,
            None,
            None,
        )
        created_by = "not a field of the record"

    record = record_from(CertificationRecord, Row())
    assert (record.village_code, record.year, record.status, record.version, record.updated_by) == (
        "31010101",
        2567,
        "checked",
        2,
        "ก",
    )
    assert record_from(CertificationRecord, {"village_code": "31010102", "year": 2566}).status == "not_checked"


def test_the_import_kinds_are_declared_once_in_their_order():
    from analysis.datasets import FAMILY, IMPORT_KINDS
    from analysis.importers.kinds import KIND, KINDS

    assert IMPORT_KINDS == tuple(FAMILY) == tuple(k.name for k in KINDS) == tuple(KIND)
    assert [k.village_rows for k in KINDS] == [True, False, True, True]


def test_the_pipeline_branches_on_no_kind_and_authorises_nothing():
    source = (ROOT / "analysis/importers/pipeline.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    kinds = {"bmn", "bmn-agg", "nrd2c", "village-data"}
    compared = [
        ast.get_source_segment(source, node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and any(isinstance(c, ast.Constant) and c.value in kinds for c in [node.left, *node.comparators])
    ]
    assert compared == []
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in imported if m.startswith("analysis.auth")}
    assert "check_action" not in source and "check_write" not in source


@pytest.mark.parametrize(
    "module", ["analysis/file_rows.py", "analysis/small_tables.py", "analysis/importers/common.py"]
)
def test_staging_sql_is_built_once_not_filled_in(module):
    source = (ROOT / module).read_text(encoding="utf-8")
    for placeholder in ("{row}", "{source}", "{table}", "{blank}"):
        assert f'.replace("{placeholder}"' not in source
        assert f"{{{placeholder}}}" not in source  # an f-string's literal {{row}}
