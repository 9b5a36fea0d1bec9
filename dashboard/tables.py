"""Display tables: analysis frames turned into labelled, rounded tables for screens and downloads.

Pure functions (no streamlit), so the exact columns users see are unit-tested.
"""

from __future__ import annotations

import pandas as pd
from analysis.exports import labelled
from analysis.i18n import translate


def indicator_table(indicators: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """One row per indicator with labelled columns: no., title, domain, unit, counts, %, target."""
    display = pd.DataFrame(
        {
            "indicator_id": indicators["indicator_id"],
            "indicator": indicators["title_th" if lang == "th" else "title_en"],
            "domain": indicators["domain_th" if lang == "th" else "domain_en"],
            "count_unit": indicators["count_unit"].map(lambda u: translate(f"unit.{u}", lang)),
            "applicable": indicators["applicable"].astype("int64"),
            "pass": indicators["pass"].astype("int64"),
            "fail": indicators["fail"].astype("int64"),
            "pct_pass": indicators["pct_pass"].round(1),
            "pct_fail": indicators["pct_fail"].round(1),
            "target": indicators["target"],
        }
    )
    return labelled(display, list(display.columns), lang).reset_index(drop=True)


def datasets_table(datasets: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    from analysis.formatting import fmt_datetime_th

    display = datasets.copy()
    display["kind"] = display["kind"].map(lambda k: translate(f"kind.{k}", lang))
    display["imported_at"] = display["imported_at"].map(fmt_datetime_th)
    display["demo"] = display["demo"].map(lambda d: translate("data.yes" if d else "data.no", lang))
    columns = ["year", "kind", "catalog_id", "file", "rows", "villages", "imported_at", "demo", "dataset_id"]
    return labelled(display, columns, lang)
