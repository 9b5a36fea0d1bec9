"""The workspace: Parquet layer files, a manifest (state.json) and an all-or-nothing commit.

Layout:
    state.json                  the manifest: datasets and the current generation (commit point)
    datasets/<id>/*.parquet     each dataset's validated rows, household results and leaf tables
    datasets/<id>/source/       the original file, kept unchanged
    derived/<generation>/       area tables rolled up from all datasets (built once per import)
    areas/custom_areas.csv      areas the workspace declares (e.g. the demo's amphoe)
    mappings.json               column mappings remembered per file shape

An import writes a new dataset folder and a new generation of area tables, then replaces
state.json in one atomic rename. Until that rename nothing a reader sees has changed; if
anything fails before it, the new folders are removed and the workspace is as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analysis.area_tables import LEAF_SCHEMAS, build_area_tables, empty_leaf
from analysis.areas import REGISTER_COLUMNS, AreaRegister
from analysis.config import workspace_path

THAI_TIME = timezone(timedelta(hours=7))
STATE_VERSION = 1
DATASET_LAYERS = (
    "validated",
    "household_results",
    "leaf_counts",
    "leaf_summary",
    "leaf_domain",
    "nrd2c_levels",
    "villages",
)
DERIVED_TABLES = ("area_indicator", "area_domain", "area_summary", "nrd2c_area_indicator", "nrd2c_village", "villages")
FAMILY = {"bmn": "bmn", "bmn-agg": "bmn", "nrd2c": "nrd2c"}

Progress = Callable[[float, str], None]


def _no_progress(fraction: float, step: str) -> None:
    return None


class StoreError(RuntimeError):
    """A workspace operation that was refused; nothing was changed."""


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
        return FAMILY[self.kind]

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


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
        return json.loads(self.state_path.read_text(encoding="utf-8"))

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
        return self.root / "datasets" / dataset_id

    def derived_path(self, table: str) -> Path | None:
        generation = self.generation
        if generation is None:
            return None
        return self.root / "derived" / generation / f"{table}.parquet"

    def read(self, table: str, where: str = "", params: list[Any] | None = None) -> pd.DataFrame:
        """Rows of a derived area table (optionally filtered with a SQL condition)."""
        path = self.derived_path(table)
        if path is None or not path.exists():
            return empty_derived(table)
        sql = f"SELECT * FROM read_parquet(?) {('WHERE ' + where) if where else ''}"
        with duckdb.connect() as con:
            return con.execute(sql, [str(path), *(params or [])]).df()

    def read_dataset_layer(self, table: str, dataset_ids: list[str] | None = None) -> pd.DataFrame:
        """A layer of several datasets, unioned, with dataset_id and catalog_id added."""
        frames = []
        for info in self.datasets():
            if dataset_ids is not None and info.id not in dataset_ids:
                continue
            path = self.dataset_dir(info.id) / f"{table}.parquet"
            if path.exists():
                frame = pd.read_parquet(path)
                frame.insert(0, "dataset_id", info.id)
                frame.insert(1, "catalog_id", info.catalog_id)
                frame["imported_at"] = info.imported_at
                frames.append(frame)
        if not frames:
            return empty_leaf(table) if table in LEAF_SCHEMAS else pd.DataFrame()
        return pd.concat(frames, ignore_index=True)

    def household_results(self, area_code: str, year: int) -> pd.DataFrame:
        """One row per household × indicator under ``area_code`` in ``year`` (with catalog_id)."""
        frames = []
        for info in self.datasets():
            path = self.dataset_dir(info.id) / "household_results.parquet"
            if info.year != int(year) or not path.exists():
                continue
            with duckdb.connect() as con:
                frame = con.execute(
                    "SELECT village_code, household_id, indicator_id, passed FROM read_parquet(?) "
                    "WHERE starts_with(village_code, ?)",
                    [str(path), area_code],
                ).df()
            frame["catalog_id"] = info.catalog_id
            frames.append(frame)
        if not frames:
            return pd.DataFrame(columns=["village_code", "household_id", "indicator_id", "passed", "catalog_id"])
        return pd.concat(frames, ignore_index=True)

    def custom_areas(self) -> pd.DataFrame | None:
        path = self.root / "areas" / "custom_areas.csv"
        if not path.exists():
            return None
        return pd.read_csv(path, dtype=str, keep_default_na=False)[REGISTER_COLUMNS]

    def register(self) -> AreaRegister:
        """National areas + the workspace's own areas + villages found in its data."""
        villages = self.read("villages")
        village_rows = pd.DataFrame(
            {
                "area_code": villages["village_code"],
                "level": "village",
                "name_th": villages["village_name"],
                "name_en": "",
                "parent_code": villages["village_code"].str[:6],
                "source": "data",
            }
        )
        return AreaRegister.build(self.custom_areas(), village_rows)

    # ---- writing ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One writer at a time (a second import waits for the first)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def leaf_codes(self, info: DatasetInfo) -> set[str]:
        folder = self.dataset_dir(info.id)
        for table, column in (("leaf_counts", "area_code"), ("nrd2c_levels", "village_code")):
            path = folder / f"{table}.parquet"
            if path.exists():
                return set(pd.read_parquet(path, columns=[column])[column].unique())
        return set()

    def overlapping(self, kind: str, year: int, codes: set[str]) -> list[tuple[DatasetInfo, str]]:
        """Existing datasets of the same family and year that cover any of ``codes``."""
        found = []
        prefixes = {code[:n] for code in codes for n in (2, 4, 6, 8) if len(code) >= n}
        for info in self.datasets():
            if info.family != FAMILY[kind] or info.year != year:
                continue
            for old in self.leaf_codes(info):
                old_prefixes = [old[:n] for n in (2, 4, 6, 8) if len(old) >= n]
                if old in prefixes or any(p in codes for p in old_prefixes):
                    found.append((info, old))
                    break
        return found

    def commit(
        self,
        kind: str,
        catalog_id: str,
        year: int,
        file_name: str,
        tables: dict[str, pd.DataFrame],
        meta: dict[str, Any],
        source: bytes | None = None,
        replace: bool = False,
        demo: bool = False,
        progress: Progress = _no_progress,
    ) -> DatasetInfo:
        """Store a prepared dataset and rebuild the area tables, all or nothing."""
        with self.lock():
            leaf = tables.get("leaf_counts", tables.get("nrd2c_levels"))
            column = "area_code" if "leaf_counts" in tables else "village_code"
            codes = set(leaf[column].unique()) if leaf is not None else set()
            overlaps = self.overlapping(kind, year, codes)
            if overlaps and not replace:
                info, code = overlaps[0]
                raise StoreError(
                    f"มีข้อมูลของพื้นที่ {code} ปี {year} อยู่แล้วในชุดข้อมูล {info.id} / "
                    f"data for area {code} year {year} already exists in dataset {info.id}"
                )
            now = datetime.now(THAI_TIME)
            dataset_id = f"{year}-{kind}-{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
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
            replaced = [o[0].id for o in overlaps]
            state = self.state()
            new_state = {
                "version": STATE_VERSION,
                "generation": None,
                "datasets": [d for d in state["datasets"] if d["id"] not in replaced] + [info.to_json()],
            }
            created: list[Path] = []
            try:
                progress(0.6, "saving")
                created.append(self._write_dataset(info, tables, source))
                progress(0.75, "building_area_tables")
                generation, folder = self._build_generation(new_state)
                created.append(folder)
                new_state["generation"] = generation
                self._write_state(new_state)
            except BaseException:
                for path in created:
                    shutil.rmtree(path, ignore_errors=True)
                raise
            self._cleanup(state, new_state)
            progress(1.0, "done")
            return info

    def delete(self, dataset_id: str, progress: Progress = _no_progress) -> None:
        """Remove one dataset and rebuild the area tables (all or nothing)."""
        with self.lock():
            state = self.state()
            if dataset_id not in {d["id"] for d in state["datasets"]}:
                raise StoreError(f"ไม่พบชุดข้อมูล {dataset_id} / no dataset {dataset_id}")
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

    def _write_dataset(self, info: DatasetInfo, tables: dict[str, pd.DataFrame], source: bytes | None) -> Path:
        final = self.dataset_dir(info.id)
        staging = final.with_name(f".staging-{info.id}")
        staging.mkdir(parents=True)
        try:
            for name, frame in tables.items():
                if name not in DATASET_LAYERS:
                    raise StoreError(f"unknown layer {name}")
                frame.to_parquet(staging / f"{name}.parquet", index=False)
            if source is not None:
                (staging / "source").mkdir()
                (staging / "source" / Path(info.file_name).name).write_bytes(source)
            staging.rename(final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return final

    def _build_generation(self, state: dict[str, Any]) -> tuple[str, Path]:
        datasets = [DatasetInfo(**d) for d in state["datasets"]]
        leaves = {name: self._union_leaf(name, datasets) for name in LEAF_SCHEMAS}
        tables = build_area_tables(leaves)
        generation = f"gen-{datetime.now(THAI_TIME):%Y%m%d%H%M%S%f}-{uuid.uuid4().hex[:4]}"
        folder = self.root / "derived" / generation
        staging = folder.with_name(f".staging-{generation}")
        staging.mkdir(parents=True)
        try:
            for name, frame in tables.items():
                frame.to_parquet(staging / f"{name}.parquet", index=False)
            staging.rename(folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return generation, folder

    def _union_leaf(self, name: str, datasets: list[DatasetInfo]) -> pd.DataFrame:
        frames = []
        for info in datasets:
            path = self.dataset_dir(info.id) / f"{name}.parquet"
            if not path.exists():
                continue
            frame = pd.read_parquet(path)
            frame["dataset_id"] = info.id
            frame["catalog_id"] = info.catalog_id
            frame["imported_at"] = info.imported_at
            frames.append(frame)
        if not frames:
            return empty_leaf(name)
        combined = pd.concat(frames, ignore_index=True)
        return combined[[c for c in LEAF_SCHEMAS[name]]]

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


def _jsonable(meta: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(meta, ensure_ascii=False, default=str))


_DERIVED_EMPTY: dict[str, pd.DataFrame] = {}


def empty_derived(table: str) -> pd.DataFrame:
    """An empty area table with the right columns (a workspace with no data yet)."""
    if not _DERIVED_EMPTY:
        _DERIVED_EMPTY.update(build_area_tables({}))
    return _DERIVED_EMPTY[table].iloc[0:0].copy()
