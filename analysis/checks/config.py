"""The declared settings of the data checks (data/checks.toml) and the rules' texts
(data/validation_rules/checks.toml)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from analysis.config import DATA_DIR, read_toml
from analysis.validation import rules


@lru_cache(maxsize=1)
def check_settings() -> dict[str, Any]:
    """data/checks.toml as read (thresholds, pairs, statuses, transitions, register headers)."""
    return read_toml(DATA_DIR / "checks.toml")


def section(name: str) -> dict[str, Any]:
    return dict(check_settings()[name])


def consistency_pairs(catalog_id: str) -> list[dict[str, str]]:
    """The declared pairs of a catalog: when / requires / th / en."""
    return [dict(p) for p in check_settings().get("consistency", []) if p["catalog"] == catalog_id]


def statuses() -> list[str]:
    """Certification statuses in their order (the first is "not checked")."""
    return list(check_settings()["certification"]["statuses"])


def status_colours() -> dict[str, str]:
    return dict(check_settings()["certification"]["colours"])


def transitions() -> dict[tuple[str, str], str]:
    """(from, to) → the action of data/roles.toml it needs."""
    return {(t["from"], t["to"]): t["action"] for t in check_settings()["certification"]["transitions"]}


def next_statuses(current: str) -> list[str]:
    """The statuses a village may move to from ``current`` (in status order)."""
    allowed = {to for (start, to) in transitions() if start == current}
    return [s for s in statuses() if s in allowed]


def check_rules() -> dict[str, dict[str, Any]]:
    """The declared data checks (rules named check_*): severity, messages and explanation."""
    return {rule: spec for rule, spec in rules().items() if rule.startswith("check_")}


def explanation(rule: str, lang: str = "th") -> str:
    return str(rules()[rule].get(f"explain_{lang}", ""))
