"""Projects for the same problem: a second project linked to the same indicator for the same area
(or an area containing it, or inside it) is usually a copy made by mistake, and it counts twice in
the One Plan, the deck and the infographic. The project form names the earlier ones and asks for
a confirmation before saving such a project."""

from __future__ import annotations

from analysis.plans.records import ProjectRecord


def _overlap(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def is_same_problem(a: ProjectRecord, b: ProjectRecord) -> bool:
    """Both name the same indicator of the same catalog for overlapping areas."""
    return (
        bool(a.indicator_id)
        and a.indicator_id == b.indicator_id
        and (a.catalog_id or "") == (b.catalog_id or "")
        and _overlap(a.area_code, b.area_code)
    )


def same_problem(record: ProjectRecord, projects: list[ProjectRecord]) -> list[ProjectRecord]:
    """The other stored projects for ``record``'s problem (same catalog and indicator, overlapping
    areas); none when the record names no indicator."""
    return [p for p in projects if p.id != record.id and is_same_problem(record, p)]


def new_projects_for_known_problems(
    records: list[ProjectRecord], stored: list[ProjectRecord]
) -> list[tuple[ProjectRecord, list[ProjectRecord]]]:
    """Each new project of an imported workbook (no stored id) whose problem a stored project or an
    earlier row of the workbook already answers, with those projects — what the project form asks
    to confirm, asked of a workbook too."""
    stored_ids = {p.id for p in stored}
    updated = {r.id for r in records if r.id in stored_ids}
    known = [p for p in stored if p.id not in updated] + [r for r in records if r.id in updated]
    found = []
    for record in records:
        if record.id in updated:  # a stored project edited in the workbook, not a new one
            continue
        earlier = [p for p in known if is_same_problem(record, p)]
        if earlier:
            found.append((record, earlier))
        known.append(record)
    return found
