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
import copy
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analysis.areas import REGISTER_COLUMNS, AreaRegister, register_for
from analysis.codes import LENGTH_LEVEL, parent_of
from analysis.config import workspace_path
from analysis.datasets import DATASET_FILE, THAI_TIME, DatasetInfo, family_of, jsonable, safe_name
from analysis.generations import build_generation, empty_derived
from analysis.layer_files import first_shared_code, layer_codes, reader
from analysis.removal import WritePlan, plan_write
from analysis.store_errors import StoreError, WorkspaceDamaged, read_only

STATE_VERSION = 2
DATASET_LAYERS = ("households", "leaf_counts", "leaf_summary", "leaf_domain", "nrd2c_levels", "villages", "area_names")
#: the column each derived table keys its areas by
CODE_COLUMN = {"nrd2c_village": "village_code", "villages": "village_code"}

Progress = Callable[[float, str], None]
#: state.json per path: (path, inode, size, mtime) → the checked manifest (Workspace._manifest)
_MANIFESTS: dict[str, tuple[tuple, dict[str, Any]]] = {}


def no_progress(fraction: float, step: str) -> None:
    return None


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
        return copy.deepcopy(self._manifest())

    def _manifest(self) -> dict[str, Any]:
        """state.json, read and checked once per version of the file (a commit replaces it by a
        rename: a new inode). Pages ask for the generation many times per view. Read-only."""
        try:
            stat = self.state_path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return {"version": STATE_VERSION, "generation": None, "datasets": []}
        key = (str(self.state_path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if _MANIFESTS.get(key[0], (None,))[0] == key:
            return _MANIFESTS[key[0]][1]
        state = self._read_manifest()
        _MANIFESTS[key[0]] = (key, state)
        return state

    def _read_manifest(self) -> dict[str, Any]:
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
        return self._manifest()["generation"]

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
        from analysis.held_tables import table_rows  # held in memory when small enough, else DuckDB

        where = {"level": level, "year": year, "indicator_id": indicator, "domain": domain}
        return table_rows(self, table, CODE_COLUMN.get(table, "area_code"), area, under, where, catalog)

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
                "level": villages["village_code"].str.len().map(LENGTH_LEVEL),
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
        for info in candidates:
            folder = self.dataset_dir(info.id)
            if not folder.is_dir():
                raise WorkspaceDamaged("dataset_missing", ids=info.id)
            old = layer_codes({t: folder / f"{t}.parquet" for t in ("leaf_counts", "nrd2c_levels")})
            shared = first_shared_code(codes, old)
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
        progress: Progress = no_progress,
        guard: Callable[[WritePlan], None] | None = None,
    ) -> DatasetInfo:
        """Store a prepared dataset (its layer files) and rebuild the area tables, all or nothing.
        ``guard`` sees the whole write under the lock — the areas written and every area removed
        by the datasets it replaces — and may refuse it (raise) before anything changes."""
        unknown = set(layers) - set(DATASET_LAYERS)
        if unknown:
            raise StoreError(f"unknown layers {sorted(unknown)}")
        with self.lock():
            overlaps = self.overlapping(kind, year, layer_codes(layers), catalog_id)
            if overlaps and not replace:
                info, code = overlaps[0]
                raise StoreError(
                    f"มีข้อมูลของพื้นที่ {code} ปี {year} อยู่แล้วในชุดข้อมูล {info.id} / "
                    f"data for area {code} year {year} already exists in dataset {info.id}"
                )
            now = datetime.now(THAI_TIME)
            dataset_id = f"{year}-{kind}-{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
            if guard is not None:
                written = layer_codes(layers)
                guard(plan_write(self, dataset_id, written, [o[0] for o in overlaps]))
            info = DatasetInfo(
                dataset_id,
                kind,
                catalog_id,
                int(year),
                file_name,
                now.isoformat(timespec="seconds"),
                demo,
                jsonable(meta),
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
        self, dataset_id: str, progress: Progress = no_progress, guard: Callable[[WritePlan], None] | None = None
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
            self.publish(state, dict(state))

    def publish(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Build the area tables of ``new``'s datasets and make ``new`` the manifest (its
        generation set), then remove what ``old`` had and ``new`` has not. The caller holds the lock."""
        new["generation"], _ = self._build_generation(new)
        self._write_state(new)
        self._cleanup(old, new)

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
        return build_generation(self.root, datasets, self.dataset_dir)

    def missing_datasets(self, datasets: list[DatasetInfo] | None = None) -> list[str]:
        """Datasets the manifest lists whose folder is gone (their year would silently vanish)."""
        return [
            d.id for d in (datasets if datasets is not None else self.datasets()) if not self.dataset_dir(d.id).is_dir()
        ]

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
