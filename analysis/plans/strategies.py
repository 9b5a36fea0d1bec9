"""The declared strategy tree (data/strategies/*.toml): the 20-year national strategy → its master
plans → a group of provinces' strategies → a province's strategies. Projects link to items of it
(ProjectRecord.strategies); the One Plan counts projects and budget by item.

load_strategies   every item, checked (labels, levels, parents, unique ids), in file order
strategy_problems the reasons a project's links are refused (unknown item, another province's)
by_strategy       per item: projects linked to it or to an item below it, and their budget
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.codes import prefix_at
from analysis.config import DATA_DIR, read_toml
from analysis.i18n import translate
from analysis.plans.records import ProjectRecord

LEVELS = ("national", "master_plan", "province_group", "province")
#: the level an item's parent must be at
PARENT_LEVEL = {"master_plan": "national", "province_group": "master_plan", "province": "province_group"}
STATUSES = ("confirmed", "UNCONFIRMED")
NONE = ""  # the by-strategy row of projects that serve no item


class StrategyFileError(ValueError):
    """data/strategies/*.toml cannot be used; the message names the file, the item and the fix."""


@dataclass(frozen=True)
class StrategyItem:
    id: str
    level: str
    title_th: str
    title_en: str
    status: str
    parent: str | None = None
    provinces: tuple[str, ...] = field(default_factory=tuple)  # group: its provinces; province: its code
    file: str = ""

    def title(self, lang: str = "th") -> str:
        return self.title_th if lang == "th" else self.title_en


def _item(raw: dict, file: str) -> StrategyItem:
    provinces = raw.get("provinces") or ([raw["province"]] if raw.get("province") else [])
    return StrategyItem(
        id=str(raw.get("id", "")).strip(),
        level=str(raw.get("level", "")),
        title_th=str(raw.get("title_th", "")).strip(),
        title_en=str(raw.get("title_en", "")).strip(),
        status=str(raw.get("status", "")),
        parent=raw.get("parent"),
        provinces=tuple(str(p) for p in provinces),
        file=file,
    )


def read_strategies(folder: Path) -> list[StrategyItem]:
    """Every item of ``folder``/*.toml in file order, checked; StrategyFileError (Thai) otherwise."""
    items: list[StrategyItem] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            declared = read_toml(path).get("items", [])
        except (OSError, ValueError) as error:
            raise StrategyFileError(translate("strategy.err.file", "th", file=path.name, detail=error)) from error
        items += [_item(raw, path.name) for raw in declared]
    problems = tree_problems(items)
    if problems:
        raise StrategyFileError("; ".join(problems))
    return sorted(items, key=lambda i: LEVELS.index(i.level))


def tree_problems(items: list[StrategyItem]) -> list[str]:
    """What is wrong with a declared tree, in Thai, each naming the file and the item."""
    problems, by_id = [], {}
    for item in items:
        where = {"file": item.file, "id": item.id or "?"}
        if not item.id:
            problems.append(translate("strategy.err.no_id", "th", **where))
        elif item.id in by_id:
            problems.append(translate("strategy.err.twice", "th", other=by_id[item.id].file, **where))
        by_id.setdefault(item.id, item)
        if not item.title_th or not item.title_en:
            problems.append(translate("strategy.err.labels", "th", **where))
        if item.level not in LEVELS:
            problems.append(translate("strategy.err.level", "th", level=item.level, **where))
        if item.status not in STATUSES:
            problems.append(translate("strategy.err.status", "th", status=item.status, **where))
        if item.level in ("province_group", "province") and not item.provinces:
            problems.append(translate("strategy.err.provinces", "th", **where))
    for item in items:
        wanted = PARENT_LEVEL.get(item.level)
        parent = by_id.get(item.parent) if item.parent else None
        if wanted is None and item.parent:
            problems.append(translate("strategy.err.parent", "th", file=item.file, id=item.id, parent=item.parent))
        elif wanted and (parent is None or parent.level != wanted):
            problems.append(translate("strategy.err.parent", "th", file=item.file, id=item.id, parent=item.parent))
    return problems


@cache
def strategies() -> tuple[StrategyItem, ...]:
    """The declared tree of data/strategies (read once)."""
    return tuple(read_strategies(DATA_DIR / "strategies"))


def strategy_index() -> dict[str, StrategyItem]:
    return {item.id: item for item in strategies()}


def lineage(item_id: str, index: dict[str, StrategyItem] | None = None) -> list[str]:
    """``item_id`` and the items above it, itself first (pv99-1 → pg99-1 → mp16 → ns4)."""
    index = index if index is not None else strategy_index()
    chain, current = [], index.get(item_id)
    while current is not None and current.id not in chain:
        chain.append(current.id)
        current = index.get(current.parent) if current.parent else None
    return chain


def choices_for(area_code: str) -> list[StrategyItem]:
    """The items a project of ``area_code`` may link to: national and master plans, and the group
    and province strategies of its province."""
    province = prefix_at(area_code, "province") if area_code else ""
    return [i for i in strategies() if not i.provinces or province in i.provinces]


def strategy_problems(record: ProjectRecord) -> list[tuple[str, str, str]]:
    """(field, Thai, English) for each link the project may not have."""
    index, problems = strategy_index(), []
    province = prefix_at(record.area_code, "province") if record.area_code else ""
    links = record.strategies or []
    for position, item_id in enumerate(links):
        item = index.get(item_id)
        key = (
            "unknown" if item is None else "other_province" if item.provinces and province not in item.provinces else ""
        )
        if key:
            values = {"id": item_id, "province": province}
            problems.append(
                (
                    f"strategies.{position}",
                    translate(f"strategy.err.{key}", "th", **values),
                    translate(f"strategy.err.{key}", "en", **values),
                )
            )
    if len(set(links)) != len(links):
        problems.append(
            ("strategies", translate("strategy.err.link_twice", "th"), translate("strategy.err.link_twice", "en"))
        )
    return problems


BY_STRATEGY_COLUMNS = ["strategy_id", "level", "title", "status", "linked", "projects", "budget"]


def by_strategy(projects: list[ProjectRecord], lang: str = "th") -> pd.DataFrame:
    """One row per strategy item some project serves (directly or through an item below it), tree
    order, and a last row (strategy_id "") for the projects that serve none. ``linked``: projects
    linked to the item itself; ``projects``: distinct projects linked to it or an item below;
    ``budget``: their planned budget (a project linked to two items counts under each)."""
    index = strategy_index()
    under: dict[str, set[int]] = {}
    direct: dict[str, int] = {}
    budget_of = {id(p): p.total_budget for p in projects}
    for project in projects:
        for item_id in dict.fromkeys(project.strategies):
            direct[item_id] = direct.get(item_id, 0) + 1
            for above in lineage(item_id, index):
                under.setdefault(above, set()).add(id(project))
    rows = [
        {
            "strategy_id": item.id,
            "level": item.level,
            "title": item.title(lang),
            "status": item.status,
            "linked": direct.get(item.id, 0),
            "projects": len(under[item.id]),
            "budget": float(sum(budget_of[p] for p in under[item.id])),
        }
        for item in _tree_order(index)
        if item.id in under
    ]
    serving_none = [p for p in projects if not p.strategies]
    if serving_none:
        rows.append(
            {
                "strategy_id": NONE,
                "level": "",
                "title": translate("strategy.none", lang),
                "status": "",
                "linked": len(serving_none),
                "projects": len(serving_none),
                "budget": float(sum(p.total_budget for p in serving_none)),
            }
        )
    return pd.DataFrame(rows, columns=BY_STRATEGY_COLUMNS)


def _tree_order(index: dict[str, StrategyItem]) -> list[StrategyItem]:
    """Items depth first: each national strategy, then its master plans, each with its items below."""
    children: dict[str | None, list[StrategyItem]] = {}
    for item in strategies():
        children.setdefault(item.parent, []).append(item)
    ordered: list[StrategyItem] = []

    def visit(parent: str | None) -> None:
        for child in children.get(parent, []):
            ordered.append(child)
            visit(child.id)

    visit(None)
    return ordered


def link_titles(record: ProjectRecord, lang: str = "th") -> list[str]:
    """The titles of the items a project serves (an id no longer declared is shown as it is)."""
    index = strategy_index()
    return [index[i].title(lang) if i in index else i for i in record.strategies]
