"""Chart figures kept once per process, shared by every session that shows the same chart.

Building a plotly figure validates every property (5–10 ms a chart; the Compare page draws six);
the same chart of the same area is asked for by every official who opens it. The builders of
dashboard.charts are pure functions of their arguments, so a figure is kept under the content of
those arguments (Streamlit's hashing: a frame by its values, index, column names and types; a
dictionary by its items) — a new import or other names make other arguments, hence another
figure. Figures are read-only: st.plotly_chart copies a figure before sending it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

Builder = TypeVar("Builder", bound=Callable)
MAX_FIGURES = 256  # per chart builder


@functools.cache
def shared(builder: Builder) -> Builder:
    """``builder`` with its figures kept once per process (see the module's note)."""
    return st.cache_resource(max_entries=MAX_FIGURES, show_spinner=False)(builder)
