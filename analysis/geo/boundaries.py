"""Boundaries keyed by area codes: read GeoJSON, TopoJSON, zipped Shapefile or GeoPackage, find the
code column, normalise codes with the one normaliser ("TH100101" = "100101"), reproject to WGS84,
merge parts of the same area, and keep a simplified copy for display.

Stored per level in the workspace (geo/boundaries/):
    <level>.parquet          one row per area: area_code, name_th, geometry (WGS84)
    <level>_display.parquet  the same, simplified and rounded for drawing
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from analysis.auth.guard import check_write
from analysis.auth.roles import Actor
from analysis.codes import LENGTH_LEVEL, CodeError, normalise_code
from analysis.db.audit import write_audit
from analysis.db.engine import session_scope
from analysis.geo.boundary_checks import WGS84, BoundaryError, check_polygons, empty_shapes, to_wgs84
from analysis.plans.service import store_for
from analysis.safezip import ZipRefused, extract_zip
from analysis.store import Workspace

DISPLAY_TOLERANCE = {"province": 0.005, "amphoe": 0.003, "tambon": 0.0015, "village": 0.0005}
DISPLAY_GRID = 1e-5
#: a coarser copy for views of a whole region or country (thousands of units on screen)
OVERVIEW_TOLERANCE = 0.004  # degrees, about 400 m
OVERVIEW_GRID = 0.001  # about 100 m
KNOWN_CODE_COLUMNS = (
    "area_code",
    "code",
    "adm3_pcode",
    "adm2_pcode",
    "adm1_pcode",
    "tam_code",
    "amp_code",
    "pro_code",
    "village_code",
    "vill_code",
    "tambon_idn",
    "amphoe_idn",
    "prov_code",
    "pcode",
    "รหัส",
)
KNOWN_NAME_COLUMNS = (
    "name_th",
    "adm3_th",
    "adm2_th",
    "adm1_th",
    "tam_th",
    "amp_th",
    "pro_th",
    "tam_nam_t",
    "amp_nam_t",
    "prov_nam_t",
    "ชื่อ",
    "name",
)
FORMATS = (".geojson", ".json", ".topojson", ".zip", ".gpkg", ".shp")
PARENT_LEVEL = {"village": "tambon", "tambon": "amphoe", "amphoe": "province"}


@dataclass
class BoundaryImport:
    level: str
    code_column: str
    crs: str
    features: int
    areas: int
    bad_codes: list[tuple[int, str]] = field(default_factory=list)
    repaired: int = 0
    without_data: list[str] = field(default_factory=list)
    without_geometry: list[str] = field(default_factory=list)
    #: areas whose every shape in the file is empty: not imported (stored ones are kept)
    empty_codes: list[str] = field(default_factory=list)
    dry_run: bool = False
    #: the file's areas given the data's code (analysis.geo.crosswalk), names on both sides
    recoded: list = field(default_factory=list)
    #: the file's own names of its areas without data (shown beside their codes)
    file_names: dict[str, str] = field(default_factory=dict)


def boundary_dir(workspace: Workspace) -> Path:
    return workspace.root / "geo" / "boundaries"


def read_boundary_file(source: bytes | str | Path, name: str | None = None) -> gpd.GeoDataFrame:
    """Read a boundary file (GeoJSON, TopoJSON, zipped Shapefile, GeoPackage) from a path or bytes.
    A zip is extracted through the ZIP safety checks (no path tricks, no expansion bombs)."""
    if isinstance(source, (str, Path)):
        name = name or Path(source).name
        data = Path(source).read_bytes()
    else:
        data = source
    name = (name or "upload").lower()
    if not name.endswith(FORMATS):
        raise BoundaryError("unsupported", name=name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        if name.endswith(".zip"):
            try:
                files = extract_zip(data, Path(folder) / "zip")
            except ZipRefused as error:
                raise BoundaryError("zip_refused", detail_th=error.message_th, detail_en=error.message_en) from error
            shapefiles = sorted(f for f in files if f.suffix.lower() == ".shp")
            if not shapefiles:
                raise BoundaryError("no_shapefile")
            path = shapefiles[0]
        else:
            path.write_bytes(data)
        try:
            frame = gpd.read_file(path)
        except Exception as error:  # pyogrio raises many error types for damaged files: none is shown
            raise BoundaryError("damaged") from error
    if frame.empty:
        raise BoundaryError("empty")
    return frame


DATE_LIKE = re.compile(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}")


def _code_share(values: pd.Series) -> tuple[float, int]:
    """(share of values that are area codes, most common code length); dates are never codes."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return 0.0, 0
    lengths = []
    for value in values.dropna().astype(str).head(2000):
        if DATE_LIKE.match(value):
            continue
        try:
            code = normalise_code(value)
        except CodeError:
            continue
        if code:
            lengths.append(len(code))
    total = max(1, int(values.dropna().head(2000).shape[0]))
    if not lengths:
        return 0.0, 0
    return len(lengths) / total, Counter(lengths).most_common(1)[0][0]


def detect_code_column(frame: pd.DataFrame) -> str:
    """The column holding area codes: most values are codes; deepest level first; known names first."""
    candidates = []
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        share, length = _code_share(frame[column])
        if share >= 0.9:
            known = str(column).lower() in KNOWN_CODE_COLUMNS
            candidates.append((length, known, share, column))
    if not candidates:
        raise BoundaryError("no_code_column")
    return max(candidates, key=lambda c: (c[0], c[1], c[2]))[3]


def _name_column(frame: pd.DataFrame, level: str, fallback: bool = True) -> str | None:
    """The column naming the areas of ``level`` (with ``fallback``, any known name column)."""
    lower = {str(c).lower(): c for c in frame.columns}
    preferred = {"tambon": ("adm3_th", "tam_th"), "amphoe": ("adm2_th", "amp_th"), "province": ("adm1_th", "pro_th")}
    for key in (*preferred.get(level, ()), *(KNOWN_NAME_COLUMNS if fallback else ())):
        if key in lower:
            return lower[key]
    return None


def _codes(values: pd.Series) -> tuple[list[str | None], list[tuple[int, str]]]:
    """Normalised codes (None when unusable) and the unusable ones as (row from 1, value)."""
    codes, bad = [], []
    for row, value in enumerate(values, start=1):
        try:
            codes.append(normalise_code(value))
        except CodeError:
            codes.append(None)
            bad.append((row, str(value)))
    return codes, bad


def prepare_boundaries(
    frame: gpd.GeoDataFrame, level: str | None = None, code_column: str | None = None, crs: str | None = None
) -> tuple[gpd.GeoDataFrame, BoundaryImport]:
    """Check, normalise codes, reproject, repair and merge: one row per area_code at one level.
    Areas whose shapes are all empty are left out and reported (``empty_codes``)."""
    column = code_column or detect_code_column(frame)
    if column not in frame.columns:
        raise BoundaryError("no_column", column=column)
    check_polygons(frame)
    codes, bad = _codes(frame[column])
    frame = frame.assign(area_code=codes)
    empty = empty_shapes(frame)
    if empty.all():
        raise BoundaryError("all_empty")
    shaped = set(frame.loc[~empty, "area_code"].dropna())
    empty_codes = sorted(set(frame.loc[empty, "area_code"].dropna()) - shaped)
    frame, source_crs = to_wgs84(frame[~empty], crs)
    frame = frame.dropna(subset=["area_code"])
    if frame.empty:
        raise BoundaryError("no_areas")
    lengths = Counter(frame["area_code"].str.len())
    level = level or LENGTH_LEVEL[lengths.most_common(1)[0][0]]
    wanted = {v: k for k, v in LENGTH_LEVEL.items()}[level]
    bad += [(0, c) for c in frame.loc[frame["area_code"].str.len() != wanted, "area_code"]]
    frame = frame[frame["area_code"].str.len() == wanted]
    if frame.empty:
        raise BoundaryError("no_areas")
    invalid = ~frame.geometry.is_valid
    repaired = int(invalid.sum())
    if repaired:
        frame.loc[invalid, frame.geometry.name] = shapely.make_valid(frame.loc[invalid].geometry.values)
    names, parents = _name_column(frame, level), _name_column(frame, PARENT_LEVEL.get(level, ""), fallback=False)
    frame = frame.assign(name_th=frame[names].astype(str) if names else "")
    frame = frame.assign(parent_name=frame[parents].astype(str) if parents else "")
    merged = frame.dissolve(by="area_code", aggfunc={"name_th": "first", "parent_name": "first"}).reset_index()
    merged = merged[["area_code", "name_th", "parent_name", merged.geometry.name]]
    if merged.geometry.name != "geometry":
        merged = merged.rename_geometry("geometry")
    result = BoundaryImport(
        level=level,
        code_column=str(column),
        crs=source_crs,
        features=int(len(frame)),
        areas=int(len(merged)),
        bad_codes=bad,
        repaired=repaired,
        empty_codes=[c for c in empty_codes if len(c) == wanted],
    )
    return merged.set_crs(WGS84, allow_override=True), result


def display_copy(frame: gpd.GeoDataFrame, level: str, overview: bool = False) -> gpd.GeoDataFrame:
    """Simplified and rounded geometries for drawing (the stored ones keep full detail)."""
    tolerance = max(DISPLAY_TOLERANCE[level], OVERVIEW_TOLERANCE) if overview else DISPLAY_TOLERANCE[level]
    simplified = shapely.simplify(frame.geometry.values, tolerance, preserve_topology=True)
    rounded = shapely.set_precision(simplified, OVERVIEW_GRID if overview else DISPLAY_GRID)
    return frame.assign(geometry=gpd.GeoSeries(rounded, crs=WGS84, index=frame.index))


def data_codes(workspace: Workspace, level: str) -> set[str]:
    """The codes at ``level`` that have data."""
    with_data = set(workspace.read("area_summary", "level = ?", [level])["area_code"])
    return with_data | set(workspace.read("nrd2c_area_indicator", "level = ?", [level])["area_code"])


def coverage(workspace: Workspace, level: str, codes: set[str]) -> tuple[list[str], list[str]]:
    """(codes with geometry but no data, codes with data but no geometry) at ``level``."""
    with_data = data_codes(workspace, level)
    return sorted(codes - with_data), sorted(with_data - codes)


def _area_of(codes: pd.Series) -> str | None:
    """The longest code prefix shared by every area of a file (None: the whole country)."""
    prefix = os.path.commonprefix(sorted(set(codes))[:1] + sorted(set(codes))[-1:])
    return prefix or None


def import_boundaries(
    workspace: Workspace,
    source: bytes | str | Path,
    name: str | None = None,
    level: str | None = None,
    code_column: str | None = None,
    crs: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    actor: Actor | str | None = None,
    crosswalk: str | Path | None = None,
) -> BoundaryImport:
    """Read, check, prepare and store a level's boundaries. Areas already stored keep their geometry
    unless the new file has them too (or ``replace`` drops the level's previous boundaries). A
    refused file (BoundaryError) changes nothing; ``dry_run`` reports without writing. Writing
    needs import_data on the file's areas (``actor``; None is the local user)."""
    from analysis.geo.crosswalk import reconcile

    frame, result = prepare_boundaries(read_boundary_file(source, name), level, code_column, crs)
    frame, result.recoded = reconcile(workspace, frame, result.level, data_codes(workspace, result.level), crosswalk)
    frame = frame.drop(columns="parent_name")
    if dry_run:
        result.dry_run = True
        _merge(workspace, frame, result, replace)
        return result
    url = store_for(workspace.root).url
    current = check_write(url, actor, "import_data", _area_of(frame["area_code"]))  # before anything is written
    with workspace.lock():  # one writer at a time: a second upload merges with the first's areas
        _store_level(workspace, _merge(workspace, frame, result, replace), result)
    _audit(url, current, result)
    return result


def _merge(workspace: Workspace, frame: gpd.GeoDataFrame, result: BoundaryImport, replace: bool) -> gpd.GeoDataFrame:
    """The file's areas over the stored ones of the level (all replaced with ``replace``); coverage."""
    existing = load_boundaries(workspace, result.level, display=False)
    if not replace and len(existing):
        kept = existing[~existing["area_code"].isin(set(frame["area_code"]))]
        frame = gpd.GeoDataFrame(pd.concat([kept, frame], ignore_index=True), crs=WGS84).sort_values("area_code")
    result.without_data, result.without_geometry = coverage(workspace, result.level, set(frame["area_code"]))
    lonely = frame[frame["area_code"].isin(result.without_data)]
    result.file_names = dict(zip(lonely["area_code"], lonely["name_th"], strict=True))
    return frame


def _store_level(workspace: Workspace, frame: gpd.GeoDataFrame, result: BoundaryImport) -> None:
    """Write the three copies aside, then swap them in."""
    folder = boundary_dir(workspace)
    folder.mkdir(parents=True, exist_ok=True)
    copies = (
        ("", frame),
        ("_display", display_copy(frame, result.level)),
        ("_overview", display_copy(frame, result.level, overview=True)),
    )
    staged = []
    for suffix, data in copies:
        tmp = folder / f".{result.level}{suffix}.parquet.tmp"
        data.to_parquet(tmp, index=False)
        staged.append((tmp, folder / f"{result.level}{suffix}.parquet"))
    for tmp, target in staged:
        tmp.replace(target)


def _audit(url: str, current: Actor, result: BoundaryImport) -> None:
    summary = f"{result.level}: {result.areas} ({result.crs})"
    changes = {"areas": result.areas, "crs": result.crs, "empty": result.empty_codes[:50]}
    with session_scope(url) as session:
        write_audit(session, current, "import", "boundaries", 0, summary, changes, entity_key=result.level)


def load_boundaries(
    workspace: Workspace, level: str, within: str = "", display: bool = True, overview: bool = False
) -> gpd.GeoDataFrame:
    """A level's stored boundaries under ``within`` (all when ""); empty when none are stored.
    ``display`` gives the simplified copy, ``overview`` the coarse one for thousands of units."""
    suffix = "_overview" if overview else ("_display" if display else "")
    path = boundary_dir(workspace) / f"{level}{suffix}.parquet"
    try:
        stat = path.stat()
    except FileNotFoundError:
        return gpd.GeoDataFrame({"area_code": [], "name_th": []}, geometry=[], crs=WGS84)
    # read once per version of the file for the whole process (every map view read it again: its
    # polygons and its coordinate system cost more than the rest of a map view); callers get copies
    key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    kept = _READ.get(str(path))
    if kept is None or kept[0] != key:
        kept = _READ[str(path)] = (key, gpd.read_parquet(path))
    frame = kept[1]
    return frame[frame["area_code"].str.startswith(within)].reset_index(drop=True) if within else frame.copy()


_READ: dict[str, tuple[tuple, gpd.GeoDataFrame]] = {}  # load_boundaries' files, by path


def stored_levels(workspace: Workspace) -> list[str]:
    folder = boundary_dir(workspace)
    return [level for level in ("province", "amphoe", "tambon", "village") if (folder / f"{level}.parquet").exists()]


def rebuild_display_copies(workspace: Workspace) -> None:
    """Recreate the display and overview copies of every stored level (after an upgrade)."""
    for level in stored_levels(workspace):
        frame = load_boundaries(workspace, level, display=False)
        display_copy(frame, level).to_parquet(boundary_dir(workspace) / f"{level}_display.parquet", index=False)
        display_copy(frame, level, overview=True).to_parquet(
            boundary_dir(workspace) / f"{level}_overview.parquet", index=False
        )
