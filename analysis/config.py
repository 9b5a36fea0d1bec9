"""Where things live: the project's declared data folder, the workspace and the settings."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CIA_DATA_DIR", PROJECT_ROOT / "data"))

#: The workspace used when neither --workspace nor CIA_WORKSPACE is given (see README).
DEFAULT_WORKSPACE = Path("workspace")


def workspace_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the workspace folder: explicit argument, then CIA_WORKSPACE, then ./workspace."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get("CIA_WORKSPACE")
    if from_env:
        return Path(from_env).expanduser().resolve()
    return DEFAULT_WORKSPACE.resolve()


def read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def catalog_ids() -> tuple[str, ...]:
    """The indicator catalogs declared in data/catalogs (one folder each)."""
    return tuple(sorted(p.parent.name for p in (DATA_DIR / "catalogs").glob("*/catalog.toml")))


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """The editable settings in data/settings.toml."""
    return read_toml(DATA_DIR / "settings.toml")


def memory_limit_mb() -> int:
    """The memory budget (MB) of an import and of the area tables a commit builds (settings
    [import] memory_limit_mb): DuckDB spills to the workspace's scratch folder beyond it."""
    return int(settings()["import"].get("memory_limit_mb", 3000))


def income_line(catalog_id: str) -> dict[str, Any]:
    """The income-line setting of a catalog: value (baht/person/year), status and note."""
    lines = settings()["income_line"]
    if catalog_id not in lines:
        raise KeyError(f"data/settings.toml has no income_line for catalog {catalog_id}")
    return dict(lines[catalog_id])
