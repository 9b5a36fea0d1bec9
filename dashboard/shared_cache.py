"""One process-wide cache of read-only results, shared by every session (dashboard.data_access).

Why not st.cache_resource: it hashes every argument with Streamlit's own hasher and inspects the
function's signature on every call — 0.3–0.5 ms per look-up, and a page view makes dozens of them
(the area picker alone asks for the areas and names of four levels). The arguments here are plain
values (codes, years, languages, flags), so a dictionary does the same in microseconds.

Each entry is keyed by the arguments with their types (a year 2567 and 2567.0, a flag True and
1 are different questions) — the callers put the workspace's root and data generation first, so
an import or a deletion is a new key at once. Least recently used entries go beyond
``max_entries``. Sessions asking for the same missing entry at once wait for one computation
instead of repeating it. A computation that raises is not kept (the next call tries again).
"""

from __future__ import annotations

import functools
import inspect
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import streamlit as st
from analysis.config import workspace_path
from analysis.store import Workspace

from dashboard import state

Result = TypeVar("Result")


class SharedCache:
    def __init__(self, max_entries: int = 128) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(args: tuple) -> tuple:
        """The arguments with their types; TypeError when one cannot be a dictionary key."""
        key = tuple((type(a).__name__, a) for a in args)
        hash(key)
        return key

    def get(self, key: Hashable, compute: Callable[[], Result]) -> Result:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:  # one session computes, the others asking the same wait for its result
            with self._lock:
                if key in self._entries:
                    return self._entries[key]
            try:
                value = compute()
                with self._lock:
                    self._entries[key] = value
                    while len(self._entries) > self.max_entries:
                        self._entries.popitem(last=False)
                return value
            finally:
                with self._lock:
                    if self._computing.get(key) is computing:
                        del self._computing[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def workspace() -> Workspace:
    """The workspace this session reads and writes: the trainee's practice copy of the demo while
    practice is on (analysis.guide.practice_space), else the server's."""
    practising = state.practice_root()
    return (
        Workspace(practising)
        if practising is not None
        else Workspace(_resolved(os.environ.get("CIA_WORKSPACE"), os.getcwd()))
    )


@functools.lru_cache(maxsize=16)
def _resolved(setting: str | None, cwd: str) -> Path:
    """The workspace folder (config.workspace_path) — resolved once per setting and working folder,
    not on each of the dozens of look-ups a page view makes."""
    return workspace_path(setting)


def workspace_cached(max_entries: int = 128, shared: bool = False, geo: bool = False):
    """Cache ``func(workspace, *args)`` per workspace root and generation (and boundary version when
    ``geo``). ``shared`` keeps one object for every session (read-only results: no copy per run),
    in a process-wide dictionary (dashboard.shared_cache); otherwise st.cache_data gives each call
    its own copy."""

    def wrap(func: Callable[..., Result]) -> Callable[..., Result]:
        def cached(root: str, version: tuple, *args: Any) -> Result:
            return func(Workspace(Path(root)), *args)

        # Streamlit keys a cache by the function's qualified name: one cache per wrapped function
        cached.__qualname__ = f"{func.__qualname__}__cached"
        stored = None if shared else st.cache_data(max_entries=max_entries, show_spinner=False)(cached)
        entries = SharedCache(max_entries)
        signature = inspect.signature(func)

        @functools.wraps(func)
        def call(*args: Any, **kwargs: Any) -> Result:
            ws = workspace()
            version = (ws.generation, geo_version(ws) if geo else None)
            # one key per meaning: f(a, b) and f(a, b, None) with None the default are one entry,
            # not two computations of the same result
            bound = signature.bind(ws, *args, **kwargs)
            bound.apply_defaults()
            plain = (str(ws.root), version, *(_plain(a) for a in bound.args[1:]))
            if stored is not None:
                return stored(*plain)
            try:
                key = SharedCache.key(plain)
            except TypeError:  # an argument that is no dictionary key: computed, not kept
                return cached(*plain)
            return entries.get(key, lambda: cached(*plain))

        call.cache = entries  # type: ignore[attr-defined]  # tests look at what is kept
        return call

    return wrap


def _plain(value: Any) -> Any:
    """A numpy number as the Python number it is: a year read from a table (numpy.int64) and the same
    year from a widget (int) must find the same cache entry, not compute it twice."""
    return value.item() if isinstance(value, np.generic) else value


def geo_version(ws: Workspace | None = None) -> float:
    """Changes when boundaries are uploaded (they live outside the data generations)."""
    from analysis.geo.boundaries import boundary_dir

    folder = boundary_dir(ws or workspace())
    return max((p.stat().st_mtime for p in folder.glob("*.parquet")), default=0.0) if folder.exists() else 0.0
