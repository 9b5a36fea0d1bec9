"""What a replacing write removes: the areas of the datasets it replaces that the new data no
longer holds, with their households, and the fewest areas that name them.

Grain of ``removed_leaves``: one row per leaf area (village, community) removed — area_code,
households (NULL when the removed dataset carries no household totals).
Grain of ``removal_cover``: one row per named area — the largest area (province, amphoe, tambon or
the leaf itself) all of whose removed leaves go and none of whose codes stay — with its villages
and households removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from analysis.codes import LEVEL_LENGTH
from analysis.i18n import translate

_PARENT_LENGTHS = sorted(set(LEVEL_LENGTH.values()) - {LEVEL_LENGTH["village"]})
SHOWN = 8


def _sql_text(path: Path) -> str:
    return str(path).replace("'", "''")


def _leaf_sql(folder: Path) -> str | None:
    """Leaf codes of one dataset folder, with its households per leaf where it has them."""
    counts, levels, summary = (folder / f"{n}.parquet" for n in ("leaf_counts", "nrd2c_levels", "leaf_summary"))
    if counts.exists():
        codes = f"SELECT DISTINCT area_code FROM read_parquet('{_sql_text(counts)}')"
    elif levels.exists():
        codes = f"SELECT DISTINCT village_code AS area_code FROM read_parquet('{_sql_text(levels)}')"
    else:
        return None
    if not summary.exists():
        return f"SELECT area_code, NULL::BIGINT AS households FROM ({codes})"
    return (
        f"SELECT c.area_code, s.households::BIGINT AS households FROM ({codes}) c LEFT JOIN "
        f"(SELECT area_code, sum(households) AS households FROM read_parquet('{_sql_text(summary)}') "
        "GROUP BY area_code) s USING (area_code)"
    )


def removed_leaves(old_folders: Iterable[Path], new_codes: Iterable[str]) -> pd.DataFrame:
    """The leaf areas of ``old_folders`` (the datasets a write replaces or deletes) that are not in
    ``new_codes`` (what the write stores instead), with their households."""
    parts = [sql for folder in old_folders if (sql := _leaf_sql(Path(folder)))]
    if not parts:
        return pd.DataFrame({"area_code": pd.Series(dtype=object), "households": pd.Series(dtype="Int64")})
    with duckdb.connect() as con:
        con.register("new_codes", pd.DataFrame({"code": pd.Series(list(new_codes), dtype=object)}))
        frame = con.execute(
            f"SELECT area_code, sum(households)::BIGINT AS households FROM ({' UNION ALL '.join(parts)}) "
            "WHERE area_code NOT IN (SELECT code FROM new_codes) GROUP BY area_code ORDER BY area_code"
        ).df()
    frame["households"] = frame["households"].astype("Int64")
    return frame


def removal_cover(removed: pd.DataFrame, kept_codes: Iterable[str]) -> pd.DataFrame:
    """The fewest areas naming everything ``removed``: for each removed leaf, its largest enclosing
    area (2, 4 or 6 digits) none of whose codes is kept — else the leaf itself. One row per area:
    area_code, villages, households."""
    columns = {"area_code": object, "villages": "int64", "households": "Int64"}
    if removed.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    with duckdb.connect() as con:
        con.register("removed", removed[["area_code", "households"]])
        con.register("kept", pd.DataFrame({"code": pd.Series(list(kept_codes), dtype=object)}))
        lengths = ", ".join(f"({n})" for n in _PARENT_LENGTHS)
        return (
            con.execute(
                f"""WITH lv(n) AS (VALUES {lengths}),
            kept_prefixes AS (SELECT DISTINCT substr(code, 1, n) AS p FROM kept, lv WHERE length(code) >= n),
            candidates AS (
                SELECT r.area_code, substr(r.area_code, 1, n) AS p, n FROM removed r, lv
                WHERE length(r.area_code) > n AND substr(r.area_code, 1, n) NOT IN (SELECT p FROM kept_prefixes)
            ),
            widest AS (SELECT area_code, arg_min(p, n) AS cover FROM candidates GROUP BY area_code),
            named AS (
                SELECT r.area_code, r.households, coalesce(w.cover, r.area_code) AS cover
                FROM removed r LEFT JOIN widest w USING (area_code)
            )
            SELECT cover AS area_code, count(*)::BIGINT AS villages,
                   CASE WHEN count(households) = 0 THEN NULL ELSE sum(households) END::BIGINT AS households
            FROM named GROUP BY cover ORDER BY cover"""
            )
            .df()
            .astype(columns)
        )


def covers_removal(confirmed: Iterable[str], removed_codes: Iterable[str]) -> bool:
    """Whether the areas the user confirmed (code prefixes) cover every removed leaf."""
    prefixes = [c for c in (str(p).strip() for p in confirmed) if c]
    codes = pd.Series(list(removed_codes), dtype=object)
    if codes.empty:
        return True
    covered = pd.Series(False, index=codes.index)
    for prefix in prefixes:
        covered |= codes.str.startswith(prefix)
    return bool(covered.all())


@dataclass
class Removal:
    """What one write removes: leaves (``removed_leaves``) and the areas naming them (``cover``)."""

    leaves: pd.DataFrame
    cover: pd.DataFrame
    datasets: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.leaves.empty

    @property
    def households(self) -> int:
        return int(self.leaves["households"].fillna(0).sum())

    def codes(self) -> list[str]:
        return self.cover["area_code"].tolist()

    def describe(self, lang: str, names: dict[str, str] | None = None) -> str:
        """ "ตำบลหนองแวง (990102): 8 หมู่บ้าน 1,370 ครัวเรือน; …" — the areas and what they hold."""
        names = names or {}
        parts = []
        for row in self.cover.head(SHOWN).itertuples(index=False):
            name = names.get(row.area_code)
            area = f"{name} ({row.area_code})" if name else row.area_code
            households = "–" if pd.isna(row.households) else f"{int(row.households):,}"
            parts.append(
                translate("safety.removal.area", lang, area=area, villages=f"{row.villages:,}", households=households)
            )
        if len(self.cover) > SHOWN:
            parts.append(translate("safety.removal.more", lang, count=f"{len(self.cover) - SHOWN:,}"))
        return "; ".join(parts)

    def summary(self) -> dict:
        """What the audit log records: every area removed (codes), villages and households."""
        return {
            "removed_areas": self.codes(),
            "removed_villages": int(len(self.leaves)),
            "removed_households": self.households,
            "replaced_datasets": list(self.datasets),
        }


@dataclass
class WritePlan:
    """One workspace write as its guard sees it, under the lock: the dataset written (or deleted),
    the leaf areas it writes, the datasets it replaces and what it removes."""

    dataset_id: str
    written: list[str]
    replaced: list
    removal: Removal

    def touched(self, changed: list[str] | None = None) -> list[str]:
        """Every area the write creates, changes or removes (what it must be allowed on); ``changed``
        narrows the written areas to those whose data differs (an addition carries the rest over)."""
        written = self.written if changed is None else changed
        return [*written, *self.removal.leaves["area_code"].tolist()]


def plan_write(workspace, dataset_id: str, written: list[str], replaced: list) -> WritePlan:
    """The WritePlan of writing ``written`` as ``dataset_id`` in place of the ``replaced`` datasets."""
    folders = [workspace.dataset_dir(info.id) for info in replaced]
    leaves = removed_leaves(folders, written)
    removal = Removal(leaves, removal_cover(leaves, written), [info.id for info in replaced])
    return WritePlan(dataset_id, list(written), list(replaced), removal)
