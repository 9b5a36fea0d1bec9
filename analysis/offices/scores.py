"""The role-model amphoe score sheet (seed 002): four criteria weighted equally (declared in
data/offices/role_model.toml), a total out of ``total_points`` and a ranking in which equal totals
share a rank (1, 2, 2, 4)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.codes import AMPHOE_LENGTH
from analysis.i18n import translate
from analysis.offices.records import RoleModelSheet
from analysis.offices.settings import criterion_ids, role_model

Problem = tuple[str, str, str]


def total(sheet: RoleModelSheet) -> float:
    """Σ weight × score / scale_max × total_points over the declared criteria (a missing score is 0)."""
    model = role_model()
    points = sum(
        float(c["weight"]) * float(sheet.scores.get(c["id"]) or 0) / float(model["scale_max"])
        for c in model["criteria"]
    )
    return round(points * float(model["total_points"]), int(model["digits"]))


def sheet_problems(sheet: RoleModelSheet) -> list[Problem]:
    """(rule, Thai, English) for every score outside the scale, unknown criterion or wrong area."""
    model = role_model()
    low, high = model["scale_min"], model["scale_max"]
    problems = []
    if len(str(sheet.amphoe_code)) != AMPHOE_LENGTH or not str(sheet.amphoe_code).startswith(str(sheet.area_code)):
        values = {"code": sheet.amphoe_code, "province": sheet.area_code}
        problems.append(("amphoe", *(translate("offices.score_amphoe", lang, **values) for lang in ("th", "en"))))
    for key, value in sheet.scores.items():
        if key not in criterion_ids():
            problems.append(("criterion", *(translate("offices.score_unknown", lang, id=key) for lang in ("th", "en"))))
        elif value is not None and not low <= float(value) <= high:
            values = {"value": value, "low": low, "high": high, "criterion": _number(key)}
            problems.append(("scale", *(translate("offices.score_scale", lang, **values) for lang in ("th", "en"))))
    return problems


def _number(criterion: str) -> str:
    return next(c["number"] for c in role_model()["criteria"] if c["id"] == criterion)


def score_table(sheets: list[RoleModelSheet], names: Callable[[str, str], str], lang: str) -> pd.DataFrame:
    """One row per amphoe: the score of each criterion, the total and the rank (equal totals share
    the better rank), best first; ties broken by amphoe code for a stable order."""
    ids = criterion_ids()
    rows = [
        {
            "amphoe_code": s.amphoe_code,
            "amphoe": names(s.amphoe_code, lang),
            **{i: s.scores.get(i) for i in ids},
            "total": total(s),
        }
        for s in sheets
    ]
    frame = pd.DataFrame(rows, columns=["amphoe_code", "amphoe", *ids, "total"])
    if frame.empty:
        return frame.assign(rank=pd.Series(dtype="int64"))
    frame["rank"] = frame["total"].rank(method="min", ascending=False).astype("int64")
    return frame.sort_values(["rank", "amphoe_code"]).reset_index(drop=True)


def chosen(table: pd.DataFrame) -> list[str]:
    """The amphoe codes ranked first (more than one: a tie the province must settle)."""
    if table.empty:
        return []
    return table.loc[table["rank"] == 1, "amphoe_code"].tolist()
