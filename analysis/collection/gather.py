"""Gather the evidence book of an area and year from the workspace and its database: the collection
administration, collection progress, area names and the activity photos of the contest profiles
(the area's own and its tambons')."""

from __future__ import annotations

from datetime import date

from analysis.checks.certify import certification_store_for
from analysis.checks.views import collection_progress
from analysis.codes import TAMBON_LENGTH
from analysis.collection.book import EvidenceBook
from analysis.collection.records import section
from analysis.collection.store import collection_store_for
from analysis.collection.views import collection_admin
from analysis.contest.service import contest_store_for
from analysis.store import Workspace


def book_photos(workspace: Workspace, area: str, tambons: list[str]) -> list[tuple[bytes, str | None, str]]:
    """(photo, mime, caption) of the profiles of ``area`` and ``tambons``, up to the declared limit."""
    store, found = contest_store_for(workspace.root), []
    limit = int(section("evidence_book")["max_photos"])
    for code in dict.fromkeys([area, *tambons]):  # a few profiles (one per tambon), not households
        profile = store.profile(code)
        found += [(p.photo, p.photo_mime, p.caption) for p in (profile.photos if profile else [])]
        if len(found) >= limit:
            break
    return found[:limit]


def gather_book(workspace: Workspace, area: str, year: int, as_of: date, lang: str = "th") -> EvidenceBook:
    admin = collection_admin(
        workspace, collection_store_for(workspace.root), certification_store_for(workspace.root), area, year, as_of
    )
    progress = collection_progress(workspace, area, year, as_of)
    tambons = sorted({code[:TAMBON_LENGTH] for code in admin.needs["village_code"]})
    return EvidenceBook(
        admin,
        progress,
        workspace.register(),
        lang,
        workspace.is_demo(),
        book_photos(workspace, area, tambons),
        as_of,
    )
