"""The community priority matrix (ตารางจัดลำดับความสำคัญของปัญหา).

Each candidate problem is scored on size, severity, feasibility and community concern on a scale
(1–4 by default, configurable); the total is the sum or the product; the agreed order sorts by
total, then size, then the problem's rank in the data — unless the group sets its own order.
"""

from __future__ import annotations

import math

from analysis.config import settings
from analysis.plans.records import MatrixItemRecord, MatrixRecord

CRITERIA = ("size", "severity", "feasibility", "concern")


def size_cuts(scale_min: int, scale_max: int) -> list[float]:
    """% failing at which the size score steps up (data/settings.toml [matrix]; spread evenly when the
    scale has another number of levels)."""
    config = settings()["matrix"]
    levels = scale_max - scale_min + 1
    cuts = [float(c) for c in config["size_cuts_pct"]]
    if len(cuts) == levels - 1:
        return cuts
    top = float(config["size_top_pct"])
    return [top * i / (levels - 1) for i in range(1, levels)]


def size_from_data(pct_fail: float | None, scale_min: int, scale_max: int) -> int | None:
    """Pre-filled size score: scale_min plus the number of cut points the share failing reaches."""
    if pct_fail is None or (isinstance(pct_fail, float) and math.isnan(pct_fail)):
        return None
    return scale_min + sum(pct_fail >= cut for cut in size_cuts(scale_min, scale_max))


def total(item: MatrixItemRecord, method: str) -> float:
    scores = [getattr(item, c) for c in CRITERIA]
    if None in scores:
        raise ValueError(f"{item.title!r} is not scored on every criterion")
    if method == "product":
        return float(math.prod(scores))
    if method == "sum":
        return float(sum(scores))
    raise ValueError(f"unknown method {method!r}")


def score(matrix: MatrixRecord, manual_order: bool = False) -> MatrixRecord:
    """Fill each item's total and agreed rank (every score must be given: ValueError otherwise). With
    ``manual_order`` the items' agreed_rank values (a permutation of 1..n set by the group) are kept."""
    for item in matrix.items:
        item.total = total(item, matrix.method)
    if manual_order and sorted(i.agreed_rank or 0 for i in matrix.items) == list(range(1, len(matrix.items) + 1)):
        return matrix
    ordered = sorted(
        matrix.items,
        key=lambda i: (-(i.total or 0), -(i.size or 0), i.data_rank if i.data_rank is not None else 10**6, i.title),
    )
    for rank, item in enumerate(ordered, start=1):
        item.agreed_rank = rank
    matrix.items = ordered
    return matrix
