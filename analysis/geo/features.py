"""GeoJSON of a map view: features with escaped names, numbers and colours. Without folium, so a
view (and the contest kit's map, drawn from the same features) is built without loading it."""

from __future__ import annotations

import html
import json

import geopandas as gpd
import pandas as pd
import shapely

from analysis.config import PROJECT_ROOT
from analysis.geo.classify import Classes
from analysis.i18n import translate

#: Leaflet is served by the app itself (dashboard/static), so maps work without internet access
LEAFLET_URL = "/app/static/vendor/leaflet/"
LEAFLET_DIR = PROJECT_ROOT / "dashboard" / "static" / "vendor" / "leaflet"


def escape(value: object) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and value != value) else str(value))


def feature_collection(
    shapes: gpd.GeoDataFrame, values: pd.DataFrame, classes: Classes, names: dict[str, str], lang: str = "th"
) -> dict:
    """GeoJSON features: area code, escaped name and numbers, class and fill colour."""
    merged = shapes[["area_code", "geometry"]].merge(values, on="area_code", how="left")
    position = classes.index.reindex(values.index) if len(values) else pd.Series(dtype="int64")
    class_of = dict(zip(values["area_code"], position, strict=True)) if len(values) else {}
    no_data = translate("map.no_data", lang)
    properties = pd.DataFrame(
        {
            "area_code": merged["area_code"],
            "name": [escape(names.get(c, c)) for c in merged["area_code"]],
            "value": merged["value"].astype("float64").round(3),
            "value_text": [escape(v) if isinstance(v, str) else no_data for v in merged["value_text"]],
            "detail": [escape(v) if isinstance(v, str) else "" for v in merged["detail"]],
        }
    )
    properties["fill"] = [classes.colour_of(int(class_of.get(c, -1))) for c in merged["area_code"]]
    # geometries written by shapely in C and parsed in one go (geopandas' per-feature path is slow)
    geometries = json.loads("[" + ",".join(shapely.to_geojson(merged.geometry.values)) + "]")
    records = properties.astype(object).where(properties.notna(), None).to_dict("records")
    features = [{"type": "Feature", "properties": p, "geometry": g} for p, g in zip(records, geometries, strict=True)]
    return {"type": "FeatureCollection", "features": features}
