"""What the server does once at start-up, before the first browser connects."""

from __future__ import annotations

import logging
import threading

import anyio
from analysis.config import workspace_path
from analysis.db.engine import database_url, engine_for

LOG = logging.getLogger("cia.startup")


def _migrate() -> None:
    engine_for(database_url(workspace_path(None)))  # runs Alembic's upgrade to head once per process


def _warm() -> None:
    from analysis.held_tables import hold_generation
    from analysis.store import Workspace

    try:
        workspace = Workspace(workspace_path(None))
        held = hold_generation(workspace)
        workspace.register()  # the area register, once per process (a national one: 1.5 s)
        LOG.info("area tables held in memory: %s; area register built", ", ".join(held) or "none")
    except Exception as error:  # a damaged workspace: the pages name it; start-up must not stop
        LOG.warning("area tables not held at start-up: %s", error)


def warm_area_tables() -> None:
    """Read the current area tables into memory and build the area register beside the first
    requests (a thread of its own: the server answers meanwhile; a page asking for a table being
    read waits for that one read)."""
    threading.Thread(target=_warm, name="warm-area-tables", daemon=True).start()


async def migrate_plans() -> None:
    """Bring the plans database to the newest schema (Alembic) at start-up, so a database made by
    the previous release is upgraded before any page reads it. A failure is logged and the server
    still starts: every page then says what is wrong (the same error, in Thai and English)."""
    try:
        await anyio.to_thread.run_sync(_migrate)
    except Exception as error:  # the pages report it too; the server must come up
        LOG.error("การปรับโครงสร้างฐานข้อมูลแผนไม่สำเร็จ / migrating the plans database failed: %s", error)
