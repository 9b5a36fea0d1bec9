"""A village's data at a certification step, and what changed since (pure).

A snapshot is plain JSON kept with the village's certification record: its households, each
indicator's applicable / pass / fail units, and a short digest of every household's answers (by
household id, never a name). When corrections are imported later (``cia import bmn FILE --add``
replaces the households sent again), comparing the current data with the snapshot shows which
households were added, removed or changed and how each indicator moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.measures import share_pct


def make_snapshot(rows: pd.DataFrame, digests: pd.DataFrame) -> dict:
    """``rows``: the village's indicator rows (applicable, pass, fail); ``digests``: household_id →
    digest (frames.household_digests)."""
    indicators = {
        str(i): [int(a), int(p), int(f)]
        for i, a, p, f in zip(rows["indicator_id"], rows["applicable"], rows["pass"], rows["fail"], strict=True)
    }
    return {
        "catalog_id": str(rows["catalog_id"].iloc[0]) if len(rows) else None,
        "households": int(len(digests)),
        "indicators": indicators,
        "digests": dict(zip(digests["household_id"].astype(str), digests["digest"].astype(str), strict=True)),
    }


@dataclass
class SnapshotDiff:
    """What changed between two snapshots of a village."""

    households_before: int
    households_after: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    indicators: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed or len(self.indicators))


INDICATOR_COLUMNS = [
    "indicator_id",
    "applicable_before",
    "fail_before",
    "pct_fail_before",
    "applicable_after",
    "fail_after",
    "pct_fail_after",
    "change_pp",
]


def compare_snapshots(before: dict, after: dict) -> SnapshotDiff:
    """Households added, removed and changed (by id), and the indicators whose counts moved."""
    old, new = before.get("digests", {}), after.get("digests", {})
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = sorted(h for h in set(old) & set(new) if old[h] != new[h])
    ids = sorted(set(before.get("indicators", {})) | set(after.get("indicators", {})), key=_order)
    frame = pd.DataFrame({"indicator_id": ids})
    for name, snap in (("before", before), ("after", after)):
        counts = [snap.get("indicators", {}).get(i, [0, 0, 0]) for i in ids]
        frame[f"applicable_{name}"] = [c[0] for c in counts]
        frame[f"fail_{name}"] = [c[2] for c in counts]
        frame[f"pct_fail_{name}"] = share_pct(frame[f"fail_{name}"], frame[f"applicable_{name}"]).to_numpy()
    frame["change_pp"] = frame["pct_fail_after"] - frame["pct_fail_before"]
    moved = (frame["applicable_before"] != frame["applicable_after"]) | (frame["fail_before"] != frame["fail_after"])
    return SnapshotDiff(
        int(before.get("households", 0)),
        int(after.get("households", 0)),
        added,
        removed,
        changed,
        frame[moved][INDICATOR_COLUMNS].reset_index(drop=True),
    )


def _order(indicator_id: str) -> tuple[int, str]:
    return (int(indicator_id), "") if str(indicator_id).isdigit() else (10**6, str(indicator_id))
