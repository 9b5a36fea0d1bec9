"""What the server does once at start-up, before the first browser connects."""

from __future__ import annotations

import logging

import anyio
from analysis.config import workspace_path
from analysis.db.engine import database_url, engine_for

LOG = logging.getLogger("cia.startup")


def _migrate() -> None:
    engine_for(database_url(workspace_path(None)))  # runs Alembic's upgrade to head once per process


async def migrate_plans() -> None:
    """Bring the plans database to the newest schema (Alembic) at start-up, so a database made by
    the previous release is upgraded before any page reads it. A failure is logged and the server
    still starts: every page then says what is wrong (the same error, in Thai and English)."""
    try:
        await anyio.to_thread.run_sync(_migrate)
    except Exception as error:  # the pages report it too; the server must come up
        LOG.error("การปรับโครงสร้างฐานข้อมูลแผนไม่สำเร็จ / migrating the plans database failed: %s", error)
