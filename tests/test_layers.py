"""Imports point inward: pages → dashboard → analysis. analysis never imports streamlit."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_MODULES = {"streamlit", "streamlit_folium", "dashboard", "pages"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_analysis_never_imports_the_ui():
    offenders = {str(p.relative_to(ROOT)): imported_modules(p) & UI_MODULES for p in ROOT.glob("analysis/**/*.py")}
    assert not {k: v for k, v in offenders.items() if v}


def test_dashboard_never_imports_pages():
    offenders = [p.name for p in ROOT.glob("dashboard/**/*.py") if "pages" in imported_modules(p)]
    assert not offenders


def test_ruff_enforces_the_rule(tmp_path):
    probe = ROOT / "analysis" / "_layer_probe.py"
    probe.write_text("import streamlit  # noqa: F401\n", encoding="utf-8")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "ruff", "check", str(probe)], capture_output=True, text=True, cwd=ROOT
        )
    finally:
        probe.unlink()
    assert result.returncode != 0 and "TID251" in result.stdout


def test_importing_analysis_does_not_load_streamlit():
    code = "import sys, analysis.cli, analysis.cli.imports, analysis.queries, analysis.importers.pipeline; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_the_contest_kit_and_a_map_view_do_not_load_folium():
    # folium costs ~0.4 s to load; the contest story draws its map from a view's GeoJSON
    code = (
        "import sys, analysis.contest.story, analysis.geo.views, analysis.geo.exports; print('folium' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_pages_never_import_analysis_plans_and_plan_pages_are_thin():
    offenders = []
    for path in ROOT.glob("pages/*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [(path.name, n) for n in names if n == "analysis.plans" or n.startswith("analysis.plans.")]
    assert not offenders
    for path in ROOT.glob("pages/*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 60, path.name


def test_no_function_is_over_60_lines():
    # migrations are exempt: one upgrade() lists the tables of a schema version as Alembic writes them
    analysis = [p for p in ROOT.glob("analysis/**/*.py") if "migrations" not in p.parts]
    long = []
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("dashboard/*.py"), *analysis]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno >= 60:
                long.append((path.name, node.name, node.end_lineno - node.lineno + 1))
    assert not long, long


def test_the_analysis_pages_open_through_require_area():
    """One opening for every analysis page: title, "no data" and stop live in dashboard.page_head."""
    for name in ("overview.py", "compare.py", "rank.py", "map.py", "trend.py"):
        text = (ROOT / "pages" / name).read_text(encoding="utf-8")
        assert "require_area(" in text and "selected_area" not in text and "app.no_data" not in text, name


def test_ruff_bars_analysis_plans_from_pages():
    probe = ROOT / "pages" / "_plans_probe.py"
    probe.write_text("from analysis.plans.models import STATUSES  # noqa: F401\n", encoding="utf-8")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "ruff", "check", str(probe)], capture_output=True, text=True, cwd=ROOT
        )
    finally:
        probe.unlink()
    assert result.returncode != 0 and "TID251" in result.stdout and "analysis.plans" in result.stdout
