"""Synthetic boundaries: a blob-shaped amphoe cut into tambons and villages by Voronoi cells."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, Polygon


def amphoe_shape(rng: np.random.Generator, centre: tuple[float, float], radius: float) -> Polygon:
    """An irregular closed outline around ``centre`` (a few harmonics on a circle)."""
    angles = np.linspace(0, 2 * np.pi, 120, endpoint=False)
    wobble = np.ones_like(angles)
    for k in (2, 3, 5):
        wobble += rng.uniform(0.03, 0.09) * np.sin(k * angles + rng.uniform(0, 2 * np.pi))
    xs = centre[0] + radius * 1.15 * wobble * np.cos(angles)
    ys = centre[1] + radius * wobble * np.sin(angles)
    return Polygon(zip(xs, ys, strict=True))


def _cells(seeds: list[Point], within: Polygon) -> list[Polygon]:
    """Voronoi cells of ``seeds`` clipped to ``within``, in the order of the seeds."""
    regions = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=within.buffer(1))
    cells = []
    for seed in seeds:
        cell = next(r for r in regions.geoms if r.contains(seed))
        cells.append(cell.intersection(within))
    return cells


def _points_inside(rng: np.random.Generator, shape: Polygon, count: int, spacing: float) -> list[Point]:
    """``count`` random points inside ``shape``, kept at least ``spacing`` apart where possible."""
    minx, miny, maxx, maxy = shape.bounds
    points: list[Point] = []
    attempts = 0
    while len(points) < count:
        attempts += 1
        candidate = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if not shape.buffer(-spacing / 3).contains(candidate):
            continue
        limit = spacing if attempts < 5000 else spacing / 3
        if all(candidate.distance(p) >= limit for p in points):
            points.append(candidate)
    return points


def build_boundaries(
    rng: np.random.Generator, centre: tuple[float, float], radius: float, tambons: tuple, village_codes: list[str]
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame, dict[str, tuple[float, float]]]:
    """(amphoe, tambons, villages) polygons in WGS84 and each village's point (lon, lat)."""
    outline = amphoe_shape(rng, centre, radius)
    tambon_seeds = _points_inside(rng, outline, len(tambons), radius * 0.6)
    tambon_cells = _cells(tambon_seeds, outline)
    village_rows, points = [], {}
    for (tambon_code, *_), cell in zip(tambons, tambon_cells, strict=True):
        codes = [c for c in village_codes if c.startswith(tambon_code)]
        seeds = _points_inside(rng, cell, len(codes), radius * 0.12)
        for code, seed, village_cell in zip(codes, seeds, _cells(seeds, cell), strict=True):
            village_rows.append({"area_code": code, "geometry": village_cell})
            points[code] = (round(seed.x, 5), round(seed.y, 5))
    tambon_frame = gpd.GeoDataFrame(
        {"area_code": [t[0] for t in tambons], "name_th": [t[1] for t in tambons], "name_en": [t[2] for t in tambons]},
        geometry=tambon_cells,
        crs="EPSG:4326",
    )
    village_frame = gpd.GeoDataFrame(village_rows, geometry="geometry", crs="EPSG:4326")
    amphoe_frame = gpd.GeoDataFrame({"area_code": ["9901"]}, geometry=[outline], crs="EPSG:4326")
    return amphoe_frame, tambon_frame, village_frame, points
