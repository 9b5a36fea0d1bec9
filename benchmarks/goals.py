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
