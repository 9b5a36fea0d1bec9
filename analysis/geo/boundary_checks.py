"""Checks that keep a bad boundary file from replacing good boundaries: the coordinate system
(a file without one is taken as degrees only when its coordinates are degrees), coordinates out of
range or outside Thailand, empty and non-polygon shapes. Messages are Thai and English."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from pyproj.exceptions import CRSError

from analysis.i18n import translate

WGS84 = "EPSG:4326"
#: where Thai boundaries can lie (degrees), with a margin for islands and border areas
THAILAND = {"minx": 96.5, "maxx": 106.5, "miny": 4.5, "maxy": 21.5}
POLYGONS = ("Polygon", "MultiPolygon")


class BoundaryError(ValueError):
    """A boundary file that cannot be used; ``message(lang)`` gives the requested language and
    str() both ("Thai / English")."""

    def __init__(self, key: str, **values: object):
        self.key = key
        self.message_th = translate(f"boundary.{key}", "th", **values)
        self.message_en = translate(f"boundary.{key}", "en", **values)
        super().__init__(f"{self.message_th} / {self.message_en}")

    def message(self, lang: str = "th") -> str:
        return self.message_th if lang == "th" else self.message_en


def _bounds(frame: gpd.GeoDataFrame) -> dict[str, str]:
    minx, miny, maxx, maxy = frame.total_bounds
    return {"minx": f"{minx:,.4g}", "maxx": f"{maxx:,.4g}", "miny": f"{miny:,.4g}", "maxy": f"{maxy:,.4g}"}


def _in_degrees(frame: gpd.GeoDataFrame) -> bool:
    minx, miny, maxx, maxy = frame.total_bounds
    return (
        bool(np.isfinite([minx, miny, maxx, maxy]).all()) and -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    )


def empty_shapes(frame: gpd.GeoDataFrame) -> np.ndarray:
    """A mask of rows with no shape (null or empty geometry)."""
    geometry = frame.geometry
    return (geometry.isna() | geometry.is_empty).to_numpy()


def check_polygons(frame: gpd.GeoDataFrame) -> None:
    """Refuse points, lines or collections where areas are expected (rows numbered from 1)."""
    types = frame.geometry.geom_type
    wrong = ~types.isin(POLYGONS) & ~empty_shapes(frame)
    if wrong.any():
        rows = np.flatnonzero(wrong.to_numpy()) + 1
        shown = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
        raise BoundaryError("not_polygons", types=", ".join(sorted(set(types[wrong]))), rows=shown)
    _, owners = shapely.get_coordinates(frame.geometry.values, include_z=False, return_index=True)
    coordinates = shapely.get_coordinates(frame.geometry.values)
    broken = np.unique(owners[~np.isfinite(coordinates).all(axis=1)])
    if broken.size:  # NaN or infinite: GEOS would stop with its own words further on
        shown = ", ".join(str(r + 1) for r in broken[:10]) + (" …" if broken.size > 10 else "")
        raise BoundaryError("coordinates_not_finite", rows=shown)


def to_wgs84(frame: gpd.GeoDataFrame, crs: str | None = None) -> tuple[gpd.GeoDataFrame, str]:
    """Reprojected to WGS84 (non-empty shapes only). A file without a CRS is taken as WGS84 only
    when its coordinates are degrees; after reprojection every coordinate must be in degree
    ranges (a file in metres labelled as degrees is refused) and inside Thailand."""
    try:
        if crs:
            frame = frame.set_crs(crs, allow_override=True)
        if frame.crs is None:
            if not _in_degrees(frame):
                raise BoundaryError("no_crs")
            frame, source = frame.set_crs(WGS84), "EPSG:4326 (assumed)"
        else:
            source = frame.crs.to_string()
            frame = frame if frame.crs.to_epsg() == 4326 else frame.to_crs(WGS84)
    except CRSError as error:
        raise BoundaryError("bad_crs", crs=crs or "-", detail=str(error).splitlines()[0]) from error
    if not _in_degrees(frame):
        raise BoundaryError("out_of_range", **_bounds(frame))
    minx, miny, maxx, maxy = frame.total_bounds
    if minx < THAILAND["minx"] or maxx > THAILAND["maxx"] or miny < THAILAND["miny"] or maxy > THAILAND["maxy"]:
        raise BoundaryError("outside_thailand", **_bounds(frame))
    return frame, source
