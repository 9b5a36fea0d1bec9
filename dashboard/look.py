"""How the app looks on every page: Streamlit's own English widget texts replaced by Thai, wide
tables and charts fitted to a phone, and whether the browser is a phone (compact tables)."""

from __future__ import annotations

import re

import streamlit as st

from dashboard.i18n import t

#: browsers that announce a phone or a small tablet (their tables show the key columns only)
PHONE_AGENT = re.compile(r"Mobi|Android|iPhone|iPod", re.IGNORECASE)


def widget_css() -> str:
    """CSS that replaces the texts Streamlit draws itself (the file drop zone's "Drag and drop",
    "Upload" and "200MB per file", "Press Enter to apply") with Thai, and a compact phone layout."""
    drop, button = t("look.drop_here"), t("look.choose_file")
    return f"""
<style>
[data-testid="stFileUploaderDropzoneInstructions"] > * {{display: none;}}
[data-testid="stFileUploaderDropzoneInstructions"]::before {{content: "{drop}"; font-size: 0.85rem;
  color: #52606d;}}
[data-testid="stFileUploaderDropzone"] button {{font-size: 0 !important;}}
[data-testid="stFileUploaderDropzone"] button * {{display: none;}}
[data-testid="stFileUploaderDropzone"] button::after {{content: "{button}"; font-size: 0.9rem;}}
[data-testid="InputInstructions"] {{display: none;}}
@media (max-width: 640px) {{
  .block-container, [data-testid="stMainBlockContainer"] {{padding-left: 0.6rem; padding-right: 0.6rem;
    padding-top: 3rem;}}
  h1 {{font-size: 1.55rem !important; line-height: 1.3 !important;}}
  h2, h3 {{font-size: 1.2rem !important;}}
  [data-testid="stMetricValue"] {{font-size: 1.35rem !important;}}
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) {{flex-wrap: wrap !important;}}
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) > div {{min-width: 45% !important;
    flex: 1 1 45% !important;}}
  .modebar-container {{display: none !important;}}
}}
</style>
"""


def is_phone() -> bool:
    """The browser says it is a phone (User-Agent): tables then show their key columns only."""
    try:
        agent = st.context.headers.get("User-Agent", "") or ""
    except Exception:  # no browser (tests, bare mode)
        return False
    return bool(PHONE_AGENT.search(agent))
