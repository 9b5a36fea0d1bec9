"""The goals the benchmarks are read against; the README states them from here (benchmarks.readme)."""

from __future__ import annotations

#: PRODUCT.md, quality bar: after a national year's import, "answer any area view in well under a
#: second on a 2-core machine" — a page's server time, cold or warm
PAGE_S = 1.0
#: the national tambon choropleth, from asking for it to its 7,425 tambons drawn in Chromium
NATIONAL_MAP_S = 3.0


def import_memory_mb() -> int:
    """What an import may use before DuckDB spills to disk (data/settings.toml [import])."""
    from analysis.config import settings

    return int(settings()["import"]["memory_limit_mb"])


#: issue 27, a training room on this 2-core machine (make bench-load): 100 officials signed in at once
#: with 10 s think time — a page within 2 s at the 95th percentile and no error, at most 0.1 s of
#: server CPU per page view, at most 15 MB per idle session; two processes hold 1.7× one's officials
LOAD_SESSIONS = 100
LOAD_P95_S = 2.0
LOAD_CPU_PER_VIEW_S = 0.1
LOAD_MB_PER_SESSION = 15.0
LOAD_SCALE = 1.7
