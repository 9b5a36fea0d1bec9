"""Projects for the same problem: a second project linked to the same indicator for the same area
(or an area containing it, or inside it) is usually a copy made by mistake, and it counts twice in
the One Plan, the deck and the infographic. The project form names the earlier ones and asks for
a confirmation before saving such a project."""

from __future__ import annotations

from analysis.plans.records import ProjectRecord


def _overlap(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def same_problem(record: ProjectRecord, projects: list[ProjectRecord]) -> list[ProjectRecord]:
    """The other stored projects for ``record``'s problem (same catalog and indicator, overlapping
    areas); none when the record names no indicator."""
    if not record.indicator_id:
        return []
    return [
        p
        for p in projects
        if p.id != record.id
        and p.indicator_id == record.indicator_id
        and (p.catalog_id or "") == (record.catalog_id or "")
        and _overlap(p.area_code, record.area_code)
    ]
