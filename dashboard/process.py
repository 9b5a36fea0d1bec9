"""Once per server process, before its first page: what every session will need is imported,
everything alive then is set aside from the garbage collector, and freed memory is handed back to
the system now and then.

Why: a Python process serving many sessions holds some 300,000 long-lived objects (the modules of
pandas, plotly, folium, the area register). Every full garbage collection walks all of them —
0.2–0.6 s with the interpreter lock held, stalling every session of the process. Streamlit ran
one after each script run (turned off in .streamlit/config.toml: `runner.postScriptGC`), and
Python runs one whenever enough new objects have survived. `gc.freeze()` moves the objects alive
at start-up into a generation the collector never walks, so what it walks is only what sessions
create (and drop) — a session's garbage is still collected when it ends.

Memory: glibc keeps what Python frees (the frames of a closed tab, a page's transient tables) in
its arenas; `malloc_trim` every 15 seconds returns the unused pages, so a server's memory falls back
when the training room empties (scripts/serve.py also caps the arenas: MALLOC_ARENA_MAX).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import importlib
import threading
import time

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

TRIM_EVERY = 15.0  # seconds

_lock = threading.Lock()
_settled = False


def _trim_forever() -> None:
    libc_name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(libc_name), "malloc_trim", None) if libc_name else None
    if trim is None:  # not glibc: nothing to hand back this way
        return
    while True:
        time.sleep(TRIM_EVERY)
        trim(0)


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
        threading.Thread(target=_trim_forever, name="malloc-trim", daemon=True).start()
        _settled = True
