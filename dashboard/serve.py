"""The server entry point: `streamlit run dashboard/serve.py` (make run, the browser tests).

Streamlit's public ASGI entry point, ``st.App``, serves the dashboard (dashboard/app.py, run for
every page view as before) and adds the two routes that set and delete the HttpOnly session
cookie (dashboard/session_routes.py; why: analysis/auth/cookies.py). At start-up the plans
database is migrated to the newest schema (Alembic), before the first browser connects, and the
current area tables are read into memory beside the first requests (analysis.held_tables).
`streamlit run dashboard/app.py` still works, without a sign-in that survives a reload.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

from dashboard.session_routes import routes
from dashboard.startup import migrate_plans, warm_area_tables


@asynccontextmanager
async def lifespan(_app):
    await migrate_plans()
    warm_area_tables()
    yield


app = st.App(Path(__file__).resolve().parent / "app.py", routes=routes(), lifespan=lifespan)
