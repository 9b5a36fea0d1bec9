"""The demo's other village data set: the example Tambon Smart Team catalog
(data/catalogs/tst_village_2564) filled for every demo village, tied to the village's domain
effects (a village weak in a domain tends to miss that domain's thresholds). Its own seeded
generator: the demo's other numbers stay as they were.

village_data_tst_2567.csv: one row per village: code, name, one column per indicator (its first
declared header), values with one decimal.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.catalogs import load_catalog

CATALOG = "tst_village_2564"
YEAR = 2567
FILE = "village_data_tst_2567.csv"
#: per indicator: a typical value and how far one unit of domain trouble moves it
TYPICAL = {"tst01": (88.0, -14.0), "tst02": (7.0, 6.0), "tst03": (94.0, -8.0)}
TYPICAL |= {"tst04": (93.0, -9.0), "tst05": (3.5, 2.5), "tst06": (68.0, -14.0)}


def write_village_data(villages: list, folder: Path, seed: int) -> Path:
    """The data set's file in ``folder`` (as a tambon would send it: Thai headers, UTF-8 with BOM)."""
    rng = np.random.default_rng(seed)
    catalog = load_catalog(CATALOG).indicators.set_index("indicator_id")
    frame = pd.DataFrame({"รหัสหมู่บ้าน": [v.code for v in villages], "ชื่อหมู่บ้าน": [v.name for v in villages]})
    for indicator_id, (typical, per_trouble) in TYPICAL.items():
        domain = catalog.at[indicator_id, "domain"]
        trouble = np.array([v.domain_effect[domain] for v in villages])
        values = typical + per_trouble * trouble + rng.normal(0, abs(per_trouble) * 0.3, len(villages))
        high = 100.0 if catalog.at[indicator_id, "value_unit_en"].startswith("%") else 60.0
        header = catalog.at[indicator_id, "columns"].split("|")[0]
        frame[header] = np.clip(values, 0.0, high).round(1)
    path = folder / FILE
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return path
