"""The grain of every stored table: the columns that identify one of its rows. Declared once;
tests/test_grains.py checks every table of a workspace against it (no duplicate, no missing key)
and that no stored table is left undeclared."""

from __future__ import annotations

#: tables of one dataset (``datasets/<id>/<table>.parquet``)
DATASET_GRAINS: dict[str, tuple[str, ...]] = {
    "households": ("year", "village_code", "household_id"),  # one row per household
    "leaf_counts": ("year", "area_code", "indicator_id"),  # one row per leaf area × indicator
    "leaf_domain": ("year", "area_code", "domain"),  # one row per leaf area × domain
    "leaf_summary": ("year", "area_code"),  # one row per leaf area
    "nrd2c_levels": ("year", "village_code", "indicator_id"),  # one row per village × กชช.2ค indicator
    "villages": ("village_code",),  # one row per village named or located by the file
    "area_names": ("area_code",),  # one row per area the file names
}

#: area tables rolled up from every dataset (``derived/<generation>/<table>.parquet``)
DERIVED_GRAINS: dict[str, tuple[str, ...]] = {
    "area_indicator": ("area_code", "year", "indicator_id"),  # area × year × indicator, every level
    "area_domain": ("area_code", "year", "catalog_id", "domain"),  # area × year × data set × domain
    "area_summary": ("area_code", "year"),  # area × year
    "nrd2c_area_indicator": ("area_code", "year", "indicator_id"),  # area × year × กชช.2ค indicator
    "nrd2c_village": ("village_code", "year", "indicator_id"),  # village × year × กชช.2ค indicator
    "villages": ("village_code",),  # village (names and points of every dataset)
    "area_names": ("area_code",),  # area (names given by the files)
}
