"""The declared rules of the offices' registers (data/offices/*.toml), read once."""

from __future__ import annotations

from functools import cache
from typing import Any

from analysis.config import DATA_DIR, read_toml

FOLDER = DATA_DIR / "offices"


@cache
def register_rules() -> dict[str, Any]:
    """The contest register's numbers (per_amphoe, per_province, earlier_since, year range)."""
    return read_toml(FOLDER / "register_rules.toml")


@cache
def role_model() -> dict[str, Any]:
    """The role-model score sheet: criteria (id, number, weight, th, en), scale and total."""
    return read_toml(FOLDER / "role_model.toml")


@cache
def monthly_kinds() -> dict[str, Any]:
    """The monthly reports: kind → office level, due day, month offset, th, en; remind_days."""
    return read_toml(FOLDER / "monthly_reports.toml")


def criterion_ids() -> list[str]:
    return [c["id"] for c in role_model()["criteria"]]


def label(entry: dict[str, Any], lang: str) -> str:
    return str(entry["th" if lang == "th" else "en"])
