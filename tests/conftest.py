"""Shared fixtures: empty and demo workspaces, and small files written by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.demo import create_demo
from analysis.store import Workspace

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, built once per test session (read-only: copy it to change it)."""
    path = tmp_path_factory.mktemp("demo") / "workspace"
    create_demo(path)
    return path


@pytest.fixture
def demo_workspace(demo_path: Path, tmp_path: Path) -> Workspace:
    """A private copy of the demo workspace that a test may change."""
    copy = tmp_path / "demo_copy"
    shutil.copytree(demo_path, copy)
    return Workspace(copy)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a CSV fixture (text dedented line by line)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL server for the whole test session."""
    from tests.postgres import postgres_server, wait_until_ready

    with postgres_server() as url:
        wait_until_ready(url)
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """The plans database URL: a SQLite file, then a fresh database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'plans.sqlite'}"
    from tests.postgres import fresh_database

    return fresh_database(request.getfixturevalue("postgres_url"))
