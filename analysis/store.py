"""The workspace: Parquet layer files, a manifest (state.json) and an all-or-nothing commit.

Layout:
    state.json                  the manifest: datasets and the current generation (commit point)
    datasets/<id>/*.parquet     each dataset's households (or counts) and leaf tables
    derived/<generation>/       area tables rolled up from all datasets (built once per import)
    areas/custom_areas.csv      areas the workspace declares (e.g. the demo's amphoe)
    mappings.json               column mappings remembered per file shape
    .scratch/                   imports being prepared (removed when committed or dropped)

An import writes its layers aside, moves them into a new dataset folder, writes a new generation
of area tables, then replaces state.json in one atomic rename. Until that rename nothing a reader
sees has changed; if anything fails before it, the new folders are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analysis.area_tables import DERIVED_ORDER, LEAF_SCHEMAS, build_area_tables, empty_leaf, write_area_tables
from analysis.areas import REGISTER_COLUMNS, AreaRegister, register_for
from analysis.codes import parent_of
from analysis.config import memory_limit_mb, workspace_path
from analysis.removal import WritePlan, plan_write

THAI_TIME = timezone(timedelta(hours=7))
STATE_VERSION = 2
DATASET_LAYERS = (
    "households",
    "leaf_counts",
    "leaf_summary",
    "leaf_domain",
    "nrd2c_levels",
    "villages",
    "area_names",
)
DERIVED_TABLES = tuple(DERIVED_ORDER)
FAMILY = {"bmn": "bmn", "bmn-agg": "bmn", "nrd2c": "nrd2c", "village-data": "village"}
#: the column each derived table keys its areas by
CODE_COLUMN = {"nrd2c_village": "village_code", "villages": "village_code"}

Progress = Callable[[float, str], None]


def _no_progress(fraction: float, step: str) -> None:
    return None


class StoreError(RuntimeError):
    """A workspace operation that was refused; nothing was changed. The text is Thai, then
    English after " / "."""

    def message(self, lang: str = "th") -> str:
        thai, _, english = str(self).partition(" / ")
        return english if lang == "en" and english else thai


class WorkspaceDamaged(StoreError):
    """A workspace file that cannot be read; the message says what and how to repair it."""

    def __init__(self, what: str, **values: object):
        super().__init__(_said(f"store.{what}", "store.repair", **values))


def _said(*keys: str, **values: object) -> str:
    """Thai / English, the way every store refusal reads (each language's sentences joined)."""
    from analysis.i18n import translate

    return " / ".join(" — ".join(translate(k, lang, **values) for k in keys) for lang in ("th", "en"))


def read_only(root: Path) -> StoreError:
    return StoreError(_said("store.read_only", name=Path(root).name))


DATASET_FILE = "dataset.json"  # each dataset's own description: the manifest can be rebuilt from them


@dataclass(frozen=True)
class DatasetInfo:
    id: str
    kind: str
    catalog_id: str
    year: int
    file_name: str
    imported_at: str
    demo: bool
    meta: dict[str, Any]

    @property
    def family(self) -> str:
        return family_of(self.kind, self.catalog_id)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


_READER: duckdb.DuckDBPyConnection | None = None
_READER_LOCK = threading.Lock()


@contextlib.contextmanager
def reader() -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection for reading workspace files: a cursor of one in-memory database kept for
    the process. Opening a database for each read cost ~30 ms (a contest story reads 22 tables); a
    cursor costs almost nothing, and each caller (each page's thread) gets its own."""
    global _READER
    with _READER_LOCK:
        if _READER is None:
            _READER = duckdb.connect()
        cursor = _READER.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def prefix_range(prefix: str) -> tuple[str, str]:
    """[low, high) of the codes starting with ``prefix`` (codes are digits; '~' sorts after them),
    so a filter on a sorted Parquet file skips every row group outside the area."""
    return prefix, prefix + "~"


class Workspace:
    def __init__(self, root: Path):
        self.root = Path(root)

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Workspace:
        return cls(workspace_path(path))

    # ---- manifest -------------------------------------------------------------------------
    @property
    def state_path(self) -> Path:
        return self.root / "state.json"

    def exists(self) -> bool:
        return self.state_path.exists()

    def state(self) -> dict[str, Any]:
        if not self.state_path.exists():
            return {"version": STATE_VERSION, "generation": None, "datasets": []}
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            if not isinstance(state, dict) or not isinstance(state.get("datasets"), list) or "generation" not in state:
                raise ValueError("missing keys")
            for dataset in state["datasets"]:
                DatasetInfo(**dataset)
                if not safe_name(dataset["id"]):
                    raise ValueError("a dataset id that is not a plain folder name")
            if state["generation"] is not None and not safe_name(state["generation"]):
                raise ValueError("a generation that is not a plain folder name")
        except (OSError, ValueError, TypeError) as error:
            raise WorkspaceDamaged("state_damaged") from error
        return state

    @property
    def generation(self) -> str | None:
        return self.state()["generation"]

    def datasets(self) -> list[DatasetInfo]:
        return [DatasetInfo(**d) for d in self.state()["datasets"]]

    def dataset(self, dataset_id: str) -> DatasetInfo:
        for info in self.datasets():
            if info.id == dataset_id:
                return info
        raise StoreError(f"ไม่พบชุดข้อมูล {dataset_id} / no dataset {dataset_id}")

    def is_demo(self) -> bool:
        """True when any dataset in the workspace is demo data (the UI labels it)."""
        return any(d.demo for d in self.datasets())

    # ---- reading layers --------------------------------------------------------------------
    def dataset_dir(self, dataset_id: str) -> Path:
        if not safe_name(dataset_id):  # a manifest edited to reach outside the workspace
            raise WorkspaceDamaged("state_damaged")
        return self.root / "datasets" / dataset_id

    def derived_path(self, table: str) -> Path | None:
        generation = self.generation
        if generation is None:
            return None
        return self.root / "derived" / generation / f"{table}.parquet"

    def read(self, table: str, where: str = "", params: list[Any] | None = None) -> pd.DataFrame:
        """Rows of a derived area table filtered with a SQL condition (prefer ``rows``)."""
        path = self.derived_path(table)
        if path is not None and not path.parent.is_dir():  # the manifest names area tables that are gone
            raise WorkspaceDamaged("table_damaged", table=table)
        if path is None or not path.exists():
            return empty_derived(table)
        sql = f"SELECT * FROM read_parquet(?) {('WHERE ' + where) if where else ''}"
        try:
            with reader() as con:
                return con.execute(sql, [str(path), *(params or [])]).df()
        except (duckdb.IOException, duckdb.InvalidInputException) as error:
            raise WorkspaceDamaged("table_damaged", table=table) from error

    def rows(
        self,
        table: str,
        *,
        area: str | list[str] | None = None,
        under: str | None = None,
        level: str | None = None,
        year: int | None = None,
        indicator: str | None = None,
        domain: str | None = None,
        catalog: str | None = None,
    ) -> pd.DataFrame:
        """Rows of a derived table: one area (or a list), the areas whose code starts with ``under``
        (itself included), a level, a year, an indicator or a domain — the typed look-up every
        reader uses. Indicator and domain rows of other village data sets (analysis.village_catalog)
        come only when asked: ``catalog`` names one, "*" gives every catalog's."""
        code = CODE_COLUMN.get(table, "area_code")
        conditions, params = [], []
        if isinstance(area, str):
            conditions.append(f"{code} = ?")
            params.append(area)
        elif area is not None:
            conditions.append(f"list_contains(?, {code})")
            params.append(list(area))
        if under:
            low, high = prefix_range(under)
            conditions.append(f"{code} >= ? AND {code} < ?")
            params += [low, high]
        if table in ("area_indicator", "area_domain") and catalog != "*":
            from analysis.catalogs import village_catalog_ids

            chosen = "catalog_id = ?" if catalog else "NOT list_contains(?, catalog_id)"
            conditions.append(chosen)
            params.append(catalog if catalog else village_catalog_ids())
        for column, value in (("level", level), ("year", year), ("indicator_id", indicator), ("domain", domain)):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(int(value) if column == "year" else value)
        return self.read(table, " AND ".join(conditions), params)

    def dataset_files(self, layer: str, year: int | None = None) -> list[tuple[DatasetInfo, Path]]:
        """(dataset, file) of every dataset that has ``layer`` (of ``year`` when given)."""
        found = []
        for info in self.datasets():
            path = self.dataset_dir(info.id) / f"{layer}.parquet"
            if path.exists() and (year is None or info.year == int(year)):
                found.append((info, path))
        return found

    def custom_areas(self) -> pd.DataFrame | None:
        path = self.root / "areas" / "custom_areas.csv"
        if not path.exists():
            return None
        return pd.read_csv(path, dtype=str, keep_default_na=False)[REGISTER_COLUMNS]

    def register(self) -> AreaRegister:
        """National areas + the workspace's own areas + villages and names found in its data (built
        once per data generation, custom-area file and names file for the whole process:
        analysis.areas.register_for)."""
        from analysis.area_names import names_version

        custom = self.root / "areas" / "custom_areas.csv"
        key = (self.generation, custom.stat().st_mtime_ns if custom.exists() else None, names_version(self))
        return register_for(str(self.root.resolve()), key, self._build_register)

    def _build_register(self) -> AreaRegister:
        villages = self.read("villages")
        village_rows = pd.DataFrame(
            {
                "area_code": villages["village_code"],
                "level": villages["village_code"].str.len().map({8: "village", 10: "community"}),
                "name_th": villages["village_name"],
                "name_en": "",
                "parent_code": villages["village_code"].map(parent_of),
                "source": "data",
            }
        )
        from analysis.area_names import register_rows  # names loaded from a list win over the data's

        return AreaRegister.build(self.custom_areas(), village_rows, register_rows(self), names=self.read("area_names"))

    # ---- writing ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One writer at a time (a second import waits for the first)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            handle = (self.root / ".lock").open("w")
        except PermissionError as error:
            raise read_only(self.root) from error
        except IsADirectoryError as error:  # `.lock` made a folder by hand or by a copy tool
            raise WorkspaceDamaged("lock_damaged") from error
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def dataset_codes(self, dataset_id: str) -> list[str]:
        """The leaf codes of a stored dataset."""
        folder = self.dataset_dir(dataset_id)
        return self.layer_codes({t: folder / f"{t}.parquet" for t in ("leaf_counts", "nrd2c_levels")})

    @staticmethod
    def layer_codes(layers: dict[str, Path]) -> list[str]:
        """The leaf codes of a dataset's layer files."""
        for table, column in (("leaf_counts", "area_code"), ("nrd2c_levels", "village_code")):
            path = layers.get(table)
            if path is not None and Path(path).exists():
                with reader() as con:
                    rows = con.execute(f"SELECT DISTINCT {column} FROM read_parquet(?)", [str(path)]).fetchall()
                return [r[0] for r in rows]
        return []

    def overlapping(
        self, kind: str, year: int, codes: list[str], catalog_id: str | None = None
    ) -> list[tuple[DatasetInfo, str]]:
        """Existing datasets of the same family and year that cover any of ``codes`` (the same
        area, or one inside the other), each with one code they share."""
        found = []
        family = family_of(kind, catalog_id)
        candidates = [i for i in self.datasets() if i.family == family and i.year == year]
        if not candidates or not codes:
            return found
        with duckdb.connect() as con:
            con.register("new_codes", pd.DataFrame({"code": list(codes)}))
            for info in candidates:
                folder = self.dataset_dir(info.id)
                if not folder.is_dir():
                    raise WorkspaceDamaged("dataset_missing", ids=info.id)
                old = self.layer_codes({t: folder / f"{t}.parquet" for t in ("leaf_counts", "nrd2c_levels")})
                con.register("old_codes", pd.DataFrame({"code": pd.Series(old, dtype=object).astype(str)}))
                shared = con.execute(
                    """WITH lv(n) AS (VALUES (2), (4), (6), (8), (10)),
                    new_prefixes AS (SELECT DISTINCT substr(code, 1, n) AS p FROM new_codes, lv WHERE length(code) >= n),
                    old_prefixes AS (SELECT code, substr(code, 1, n) AS p FROM old_codes, lv WHERE length(code) >= n)
                    SELECT min(code) FROM old_codes WHERE code IN (SELECT p FROM new_prefixes)
                       OR code IN (SELECT o.code FROM old_prefixes o JOIN new_codes n ON n.code = o.p)"""
                ).fetchall()[0][0]
                if shared is not None:
                    found.append((info, shared))
        return found

    def commit(
        self,
        kind: str,
        catalog_id: str,
        year: int,
        file_name: str,
        layers: dict[str, Path],
        meta: dict[str, Any],
        replace: bool = False,
        demo: bool = False,
        progress: Progress = _no_progress,
        guard: Callable[[WritePlan], None] | None = None,
    ) -> DatasetInfo:
        """Store a prepared dataset (its layer files) and rebuild the area tables, all or nothing.
        ``guard`` sees the whole write under the lock — the areas written and every area removed
        by the datasets it replaces — and may refuse it (raise) before anything changes."""
        unknown = set(layers) - set(DATASET_LAYERS)
        if unknown:
            raise StoreError(f"unknown layers {sorted(unknown)}")
        with self.lock():
            overlaps = self.overlapping(kind, year, self.layer_codes(layers), catalog_id)
            if overlaps and not replace:
                info, code = overlaps[0]
                raise StoreError(
                    f"มีข้อมูลของพื้นที่ {code} ปี {year} อยู่แล้วในชุดข้อมูล {info.id} / "
                    f"data for area {code} year {year} already exists in dataset {info.id}"
                )
            now = datetime.now(THAI_TIME)
            dataset_id = f"{year}-{kind}-{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
            if guard is not None:
                written = self.layer_codes(layers)
                guard(plan_write(self, dataset_id, written, [o[0] for o in overlaps]))
            info = DatasetInfo(
                dataset_id,
                kind,
                catalog_id,
                int(year),
                file_name,
                now.isoformat(timespec="seconds"),
                demo,
                _jsonable(meta),
            )
            state = self.state()
            replaced = {o[0].id for o in overlaps}
            kept = [d for d in state["datasets"] if d["id"] not in replaced]
            new_state = {"version": STATE_VERSION, "generation": None, "datasets": [*kept, info.to_json()]}
            self._write_aside(info, layers, new_state, progress)
            self._cleanup(state, new_state)
            progress(1.0, "done")
            return info

    def _write_aside(self, info: DatasetInfo, layers: dict[str, Path], state: dict, progress: Progress) -> None:
        """Move the layers into the dataset's folder, build the new generation, then replace
        state.json (the commit point); anything created is removed if a step fails."""
        created: list[Path] = []
        try:
            progress(0.96, "saving")
            created.append(self._move_layers(info, layers))
            progress(0.97, "building_area_tables")
            generation, folder = self._build_generation(state)
            created.append(folder)
            state["generation"] = generation
            self._write_state(state)
        except BaseException:
            for path in created:
                shutil.rmtree(path, ignore_errors=True)
            raise

    def delete(
        self, dataset_id: str, progress: Progress = _no_progress, guard: Callable[[WritePlan], None] | None = None
    ) -> None:
        """Remove one dataset and rebuild the area tables (all or nothing); ``guard`` as in commit."""
        with self.lock():
            state = self.state()
            if dataset_id not in {d["id"] for d in state["datasets"]}:
                raise StoreError(f"ไม่พบชุดข้อมูล {dataset_id} / no dataset {dataset_id}")
            if guard is not None:
                guard(plan_write(self, dataset_id, [], [self.dataset(dataset_id)]))
            new_state = dict(state, datasets=[d for d in state["datasets"] if d["id"] != dataset_id])
            progress(0.3, "building_area_tables")
            generation, folder = self._build_generation(new_state)
            try:
                new_state["generation"] = generation
                self._write_state(new_state)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            self._cleanup(state, new_state)
            progress(1.0, "done")

    def rebuild(self) -> None:
        """Rebuild the area tables from the datasets (after editing a catalog's domains)."""
        with self.lock():
            state = self.state()
            new_state = dict(state)
            new_state["generation"], _ = self._build_generation(state)
            self._write_state(new_state)
            self._cleanup(state, new_state)

    def _move_layers(self, info: DatasetInfo, layers: dict[str, Path]) -> Path:
        """Move the prepared layer files into the new dataset's folder (renames: no copying)."""
        final = self.dataset_dir(info.id)
        staging = final.with_name(f".staging-{info.id}")
        staging.mkdir(parents=True)
        try:
            for name, path in layers.items():
                shutil.move(str(path), staging / f"{name}.parquet")
            (staging / DATASET_FILE).write_text(
                json.dumps(info.to_json(), ensure_ascii=False, indent=1), encoding="utf-8"
            )
            staging.rename(final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return final

    def _build_generation(self, state: dict[str, Any]) -> tuple[str, Path]:
        datasets = [DatasetInfo(**d) for d in state["datasets"]]
        if missing := self.missing_datasets(datasets):
            raise WorkspaceDamaged("dataset_missing", ids=", ".join(missing))
        generation = f"gen-{datetime.now(THAI_TIME):%Y%m%d%H%M%S%f}-{uuid.uuid4().hex[:4]}"
        folder = self.root / "derived" / generation
        staging = folder.with_name(f".staging-{generation}")
        staging.mkdir(parents=True)
        spill = self.root / ".scratch" / f"{generation}-spill"
        try:
            with duckdb.connect(config={"memory_limit": f"{memory_limit_mb()}MB"}) as con:
                con.execute(f"SET temp_directory = '{str(spill).replace(chr(39), chr(39) * 2)}'")
                for name in LEAF_SCHEMAS:
                    self._leaf_relation(con, name, datasets)
                write_area_tables(con, staging)
            staging.rename(folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(spill, ignore_errors=True)
        return generation, folder

    def missing_datasets(self, datasets: list[DatasetInfo] | None = None) -> list[str]:
        """Datasets the manifest lists whose folder is gone (their year would silently vanish)."""
        return [
            d.id for d in (datasets if datasets is not None else self.datasets()) if not self.dataset_dir(d.id).is_dir()
        ]

    def _leaf_relation(self, con: duckdb.DuckDBPyConnection, name: str, datasets: list[DatasetInfo]) -> None:
        """A view ``name`` over every dataset's file of that layer, with dataset id, catalog and time."""
        columns = list(LEAF_SCHEMAS[name])
        parts = []
        for info in datasets:
            path = self.dataset_dir(info.id) / f"{name}.parquet"
            if not path.exists():
                continue
            extra = {"dataset_id": info.id, "catalog_id": info.catalog_id, "imported_at": info.imported_at}
            select = [f"'{extra[c]}' AS {c}" if c in extra else c for c in columns]
            target = str(path).replace("'", "''")
            parts.append(f"SELECT {', '.join(select)} FROM read_parquet('{target}')")
        if parts:
            con.execute(f"CREATE OR REPLACE VIEW {name} AS {' UNION ALL BY NAME '.join(parts)}")
        else:
            con.register(name, empty_leaf(name))

    def _write_state(self, state: dict[str, Any]) -> None:
        tmp = self.state_path.with_name(f".state-{uuid.uuid4().hex}.json")
        tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.state_path)

    def _cleanup(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Remove datasets no longer listed, and generations older than the previous one."""
        kept_ids = {d["id"] for d in new["datasets"]}
        for d in old["datasets"]:
            if d["id"] not in kept_ids:
                shutil.rmtree(self.dataset_dir(d["id"]), ignore_errors=True)
        keep = {old.get("generation"), new.get("generation")}
        derived = self.root / "derived"
        if derived.exists():
            for folder in derived.iterdir():
                if folder.name not in keep:
                    shutil.rmtree(folder, ignore_errors=True)


def family_of(kind: str, catalog_id: str | None) -> str:
    """Datasets of one family overlap: จปฐ. households and aggregates, กชช.2ค, and each village data
    set on its own (a Tambon Smart Team set and a tambon's own survey may cover the same villages)."""
    return f"village:{catalog_id}" if kind == "village-data" else FAMILY[kind]


_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")


def safe_name(name: object) -> bool:
    """A dataset id or generation that names one folder inside the workspace: letters, digits,
    '-', '_' and '.', no separator, no '..' (a manifest edited by hand must not reach outside)."""
    return isinstance(name, str) and bool(_SAFE_NAME.fullmatch(name)) and ".." not in name


def covering_area(codes: list[str]) -> str | None:
    """The narrowest area (2, 4, 6 or 8 digits) whose code prefixes every code; None for none."""
    if not codes:
        return None
    prefix = os.path.commonprefix(list(codes))
    prefix = prefix[: len(prefix) - len(prefix.lstrip("0123456789"))]  # a lettered community's digits
    fitting = [n for n in (8, 6, 4, 2) if n <= len(prefix)]
    return prefix[: fitting[0]] if fitting else None


def _jsonable(meta: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(meta, ensure_ascii=False, default=str))


_DERIVED_EMPTY: dict[str, pd.DataFrame] = {}


def empty_derived(table: str) -> pd.DataFrame:
    """An empty area table with the right columns (a workspace with no data yet)."""
    if not _DERIVED_EMPTY:
        _DERIVED_EMPTY.update(build_area_tables({}))
    return _DERIVED_EMPTY[table].iloc[0:0].copy()
