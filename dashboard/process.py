"""Once per server process, before its first page: what every session will need is imported, and
everything alive then is set aside from the garbage collector.

Why: a Python process serving many sessions holds some 300,000 long-lived objects (the modules of
pandas, plotly, folium, the area register). Every full garbage collection walks all of them —
0.2–0.6 s with the interpreter lock held, stalling every session of the process. Streamlit ran
one after each script run (turned off in .streamlit/config.toml: `runner.postScriptGC`), and
Python runs one whenever enough new objects have survived. `gc.freeze()` moves the objects alive
at start-up into a generation the collector never walks, so what it walks is only what sessions
create (and drop) — a session's garbage is still collected when it ends.
"""

from __future__ import annotations

import gc
import importlib
import threading

#: modules the pages import on first use (a map's first view would otherwise import folium then)
WARM_MODULES = (
    "dashboard.charts",
    "dashboard.trend_chart",
    "dashboard.compare_view",
    "dashboard.rank_view",
    "dashboard.map_ui",
    "dashboard.oneplan_view",
    "dashboard.matrix_view",
    "dashboard.project_view",
    "analysis.geo.views",
    "analysis.geo.maps",
    "analysis.typology",
)

_lock = threading.Lock()
_settled = False


def settle() -> None:
    """Import the pages' modules and freeze what is alive, once per process (later calls return
    at once)."""
    global _settled
    if _settled:
        return
    with _lock:
        if _settled:
            return
        for name in WARM_MODULES:
            importlib.import_module(name)
        gc.collect()
        gc.freeze()
        _settled = True
