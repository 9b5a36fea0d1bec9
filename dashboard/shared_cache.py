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

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

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
