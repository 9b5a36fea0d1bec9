"""The only module that caches. Every cached read is keyed by the workspace's generation, so an
import or a deletion (which writes a new generation) is seen at once by every page.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from analysis.areas import AreaRegister
from analysis.queries import AreaOverview, area_overview, areas_with_data, years_with_data
from analysis.store import DatasetInfo, Workspace


def workspace() -> Workspace:
    return Workspace.open()


def generation() -> str | None:
    return workspace().generation


@st.cache_resource(max_entries=4, show_spinner=False)
def _register(root: str, generation: str | None) -> AreaRegister:
    return Workspace(Path(root)).register()


def register() -> AreaRegister:
    ws = workspace()
    return _register(str(ws.root), ws.generation)


@st.cache_data(max_entries=256, show_spinner=False)
def _areas_with_data(root: str, generation: str | None, parent: str | None, level: str) -> list[str]:
    return areas_with_data(Workspace(Path(root)), parent, level)


def child_areas(parent: str | None, level: str) -> list[str]:
    ws = workspace()
    return _areas_with_data(str(ws.root), ws.generation, parent, level)


@st.cache_data(max_entries=256, show_spinner=False)
def _years(root: str, generation: str | None, area_code: str) -> list[int]:
    return years_with_data(Workspace(Path(root)), area_code)


def years(area_code: str) -> list[int]:
    ws = workspace()
    return _years(str(ws.root), ws.generation, area_code)


@st.cache_data(max_entries=256, show_spinner=False)
def _overview(root: str, generation: str | None, area_code: str, year: int, lang: str) -> AreaOverview | None:
    return area_overview(Workspace(Path(root)), area_code, year, lang)


def overview(area_code: str, year: int, lang: str) -> AreaOverview | None:
    ws = workspace()
    return _overview(str(ws.root), ws.generation, area_code, year, lang)


def datasets() -> list[DatasetInfo]:
    return workspace().datasets()


def is_demo() -> bool:
    return workspace().is_demo()


def datasets_frame() -> pd.DataFrame:
    rows = [
        {
            "dataset_id": d.id,
            "kind": d.kind,
            "year": d.year,
            "catalog_id": d.catalog_id,
            "file": d.file_name,
            "rows": d.meta.get("rows", d.meta.get("households")),
            "households": d.meta.get("households"),
            "villages": d.meta.get("villages"),
            "imported_at": d.imported_at,
            "demo": d.demo,
        }
        for d in datasets()
    ]
    columns = [
        "dataset_id",
        "kind",
        "year",
        "catalog_id",
        "file",
        "rows",
        "households",
        "villages",
        "imported_at",
        "demo",
    ]
    return pd.DataFrame(rows, columns=columns)
