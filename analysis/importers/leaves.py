"""Leaf (village) tables from the households layer, over whole columns with NumPy.

The households file is sorted by village code, so every village is one run of rows: sums per
village are `np.add.reduceat` over each run. The file is read in batches (bounded memory); a
village cut by a batch boundary is joined to its other part.

leaf_counts:  one row per village × indicator: applicable, pass, fail (in households).
leaf_domain:  one row per village × domain: households with any applicable indicator of the
              domain, households failing any of them.
leaf_summary: one row per village: households, people.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.catalogs import domains

BATCH_ROWS = 250_000


def _runs(codes: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Start index of each run of equal codes (compared in Arrow: the codes never become Python
    strings, only the first of each run does)."""
    if len(codes) == 0:
        return np.zeros(0, dtype=np.int64)
    changed = pc.not_equal(codes.slice(1), codes.slice(0, len(codes) - 1))
    return np.flatnonzero(np.r_[True, changed.to_numpy(zero_copy_only=False)])


class _Accumulator:
    """Per-village sums over batches; the first village of a batch may continue the last one."""

    def __init__(self) -> None:
        self.codes: list[np.ndarray] = []
        self.sums: list[np.ndarray] = []

    def add(self, codes: np.ndarray, sums: np.ndarray) -> None:
        if self.codes and len(codes) and self.codes[-1][-1] == codes[0]:
            self.sums[-1][-1] += sums[0]
            codes, sums = codes[1:], sums[1:]
        if len(codes):
            self.codes.append(codes)
            self.sums.append(sums)

    def result(self, width: int) -> tuple[np.ndarray, np.ndarray]:
        if not self.codes:
            return np.array([], dtype=object), np.zeros((0, width), dtype=np.int64)
        return np.concatenate(self.codes), np.vstack(self.sums)


def _batch_sums(batch: pa.RecordBatch, indicator_columns: list[str], domain_groups: list[list[int]]):
    """(village codes, sums): per village, households and people, then applicable and pass per
    indicator, then households applicable / failing per domain."""
    codes = batch.column("village_code")
    starts = _runs(codes)
    if not len(codes):
        empty = np.zeros((0, 2 + 2 * len(indicator_columns) + 2 * len(domain_groups)), dtype=np.int64)
        return np.array([], dtype=object), empty
    valid = [batch.column(c).is_valid().to_numpy(zero_copy_only=False) for c in indicator_columns]
    values = [batch.column(c).fill_null(0).to_numpy(zero_copy_only=False) for c in indicator_columns]
    members = batch.column("members").fill_null(0).to_numpy(zero_copy_only=False)
    columns = [np.ones(len(codes), dtype=bool), members, *valid, *[x == 1 for x in values]]
    for group in domain_groups:
        columns.append(np.logical_or.reduce([valid[i] for i in group]))
        columns.append(np.logical_or.reduce([valid[i] & (values[i] == 0) for i in group]))
    sums = np.column_stack([np.add.reduceat(c, starts, dtype=np.int64) for c in columns])
    return codes.take(pa.array(starts)).to_numpy(zero_copy_only=False), sums


def _in_order(work, items, workers: int = 2):
    """``work(item)`` for each item on a few threads (NumPy and Arrow release the GIL), results in
    the items' order; at most ``workers`` items are held at once (memory stays bounded)."""
    with ThreadPoolExecutor(workers) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) >= workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def household_leaves(households: Path, indicators: pd.DataFrame, year: int, folder: Path) -> dict[str, Path]:
    """Write leaf_counts, leaf_domain and leaf_summary (Parquet) from a sorted households file."""
    source = pq.ParquetFile(households)
    indicator_columns = [c for c in source.schema_arrow.names if c.startswith("ind_")]
    ids = [c.removeprefix("ind_") for c in indicator_columns]
    domain_of = indicators.set_index("indicator_id")["domain"]
    domain_order = [d for d in domains()["domain_id"] if d in set(domain_of[ids])]
    groups = [[n for n, i in enumerate(ids) if domain_of[i] == d] for d in domain_order]
    accumulator = _Accumulator()
    width = 2 + 2 * len(ids) + 2 * len(groups)
    batches = source.iter_batches(BATCH_ROWS, columns=["village_code", "members", *indicator_columns])
    for codes, sums in _in_order(
        partial(_batch_sums, indicator_columns=indicator_columns, domain_groups=groups), batches
    ):
        accumulator.add(codes, sums)
    codes, sums = accumulator.result(width)
    n_ind = len(ids)
    applicable, passed = sums[:, 2 : 2 + n_ind], sums[:, 2 + n_ind : 2 + 2 * n_ind]
    counts = pd.DataFrame(
        {
            "year": year,
            "area_code": np.repeat(codes, n_ind),
            "indicator_id": np.tile(np.array(ids, dtype=object), len(codes)),
            "count_unit": "household",
            "applicable": applicable.ravel(),
            "pass": passed.ravel(),
            "fail": (applicable - passed).ravel(),
        }
    )
    domain_sums = sums[:, 2 + 2 * n_ind :].reshape(len(codes), len(groups), 2)
    domain_rows = pd.DataFrame(
        {
            "year": year,
            "area_code": np.repeat(codes, len(groups)),
            "domain": np.tile(np.array(domain_order, dtype=object), len(codes)),
            "households_applicable": domain_sums[:, :, 0].ravel(),
            "households_fail_any": domain_sums[:, :, 1].ravel(),
        }
    )
    summary = pd.DataFrame({"year": year, "area_code": codes, "households": sums[:, 0], "people": sums[:, 1]})
    paths = {}
    for name, frame in (("leaf_counts", counts), ("leaf_domain", domain_rows), ("leaf_summary", summary)):
        paths[name] = folder / f"{name}.parquet"
        frame.to_parquet(paths[name], index=False)
    return paths
