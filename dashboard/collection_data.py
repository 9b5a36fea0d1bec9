"""Cached access to collection administration for the Data-check page: the gathering is kept per
workspace generation and re-read whenever anything is saved (the audit log's newest id), the
target register or a certification status changes."""

from __future__ import annotations

from datetime import date

from analysis.checks.certify import certification_store_for
from analysis.collection.store import CollectionStore, collection_store_for
from analysis.collection.views import CollectionAdmin, collection_admin, lao_area_rows
from analysis.store import Workspace

from dashboard import data_access


def store() -> CollectionStore:
    """The collection store (not cached: it reads the database on every call)."""
    return collection_store_for(data_access.workspace().root)


@data_access.workspace_cached(max_entries=32)
def _admin(ws: Workspace, area: str, year: int, as_of: date, changed: int, register: float, statuses: str):
    return collection_admin(ws, collection_store_for(ws.root), certification_store_for(ws.root), area, int(year), as_of)


def admin(area: str, year: int, as_of: date) -> CollectionAdmin:
    current = store()
    statuses = data_access.certification_store().version_token()
    return _admin(area, int(year), as_of, current.last_change(), data_access.register_version(year), statuses)


@data_access.workspace_cached(max_entries=32)
def _lao_rows(ws: Workspace, area: str, year: int, changed: int):
    return lao_area_rows(ws, collection_store_for(ws.root), area, int(year))


def lao_rows(area: str, year: int):
    """The area table per อปท. (re-read when anything is saved)."""
    return _lao_rows(area, int(year), store().last_change())
