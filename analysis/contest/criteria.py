"""The contest criteria and their items, declared in data/contest/criteria.toml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from analysis.config import DATA_DIR, read_toml

CRITERIA_FILE = DATA_DIR / "contest" / "criteria.toml"
AUTOMATIC_CHECKS = (
    "data_year",
    "villages",
    "comparison",
    "ranking",
    "matrix",
    "projects_match",
    "village_plan",
    "tambon_plan",
    "pins",
    "pin_photos",
    "oneplan_results",
    "partner_budget",
    "profile",
    "working_group",
    "appointment",
    "deck",
    "summary",
)


@dataclass(frozen=True)
class Item:
    id: str
    criterion: str
    title_th: str
    title_en: str
    evidence_th: str
    evidence_en: str
    checks: tuple[str, ...]
    needs: str | None
    status: str

    def title(self, lang: str) -> str:
        return self.title_th if lang == "th" else self.title_en

    def evidence(self, lang: str) -> str:
        return self.evidence_th if lang == "th" else self.evidence_en


@cache
def _declared() -> dict[str, Any]:
    declared = read_toml(CRITERIA_FILE)
    for item in declared["items"]:
        unknown = [c for c in item["checks"] if c != "manual" and c not in AUTOMATIC_CHECKS]
        if unknown:
            raise ValueError(f"criteria.toml item {item['id']}: unknown checks {unknown}")
    return declared


def contest_settings() -> dict[str, Any]:
    """name, fiscal_year, data_year, min_pins, source."""
    return dict(_declared()["contest"])


def criteria() -> list[dict[str, str]]:
    return list(_declared()["criteria"])


def items() -> list[Item]:
    return [
        Item(
            id=str(i["id"]),
            criterion=str(i["criterion"]),
            title_th=i["title_th"],
            title_en=i["title_en"],
            evidence_th=i["evidence_th"],
            evidence_en=i["evidence_en"],
            checks=tuple(i["checks"]),
            needs=i.get("needs"),
            status=i["status"],
        )
        for i in _declared()["items"]
    ]


def item_ids() -> set[str]:
    return {i.id for i in items()}
