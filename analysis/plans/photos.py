"""Dated photos with captions of a project's work: each upload re-encoded without EXIF (no GPS
position, camera or date) within the [results] limits of data/settings.toml, and stored as its own
versioned record — authorised on the project's plan area (only the office that owns the plan adds
or removes one) and written to the audit log (by size, not content)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from analysis.auth.guard import check_write
from analysis.config import settings
from analysis.db.engine import session_scope
from analysis.db.errors import NotFoundError, RecordInvalid
from analysis.db.records import jsonable, record_from
from analysis.db.store import Entity, VersionedStore
from analysis.geo.kmz_files import clean_photo
from analysis.i18n import translate
from analysis.plans.models import Project
from analysis.plans.results_models import ProjectPhoto

EDIT = "edit_plans"  # the plans' own action: a photo is part of the project's record


@dataclass
class PhotoRecord:
    project_id: int
    area_code: str
    taken_on: date
    caption: str
    photo: bytes
    width: int
    height: int
    photo_mime: str = "image/jpeg"
    is_demo: bool = False
    id: int | None = None
    version: int | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None

    @property
    def data_url(self) -> str:
        return f"data:{self.photo_mime};base64,{base64.b64encode(self.photo).decode('ascii')}"


FIELDS = ("project_id", "area_code", "taken_on", "caption", "photo", "photo_mime", "width", "height", "is_demo")


def photo_limits() -> dict[str, int]:
    """The [results] limits: photo_max_px, photo_max_kb, upload_max_mb, photos_per_project."""
    declared = settings()["results"]
    return {k: int(declared[k]) for k in ("photo_max_px", "photo_max_kb", "upload_max_mb", "photos_per_project")}


def _apply(row: ProjectPhoto, record: PhotoRecord) -> None:
    for name in FIELDS:
        setattr(row, name, getattr(record, name))


def _snapshot(record: PhotoRecord) -> dict[str, Any]:
    data = {name: getattr(record, name) for name in FIELDS if name != "photo"}
    return jsonable({**data, "photo_bytes": len(record.photo)})


PHOTO = Entity(
    "project_photo",
    ProjectPhoto,
    "area_code",
    lambda row: record_from(PhotoRecord, row),
    _apply,
    _snapshot,
    lambda r: r.caption,
)


def _refused(key: str, **values: object) -> RecordInvalid:
    return RecordInvalid(
        [("photo", translate(f"strategy.err.{key}", "th", **values), translate(f"strategy.err.{key}", "en", **values))]
    )


class ProjectPhotos(VersionedStore):
    """The photos of projects in the database at ``url``."""

    def __init__(self, url: str):
        super().__init__(url, check_write, EDIT)

    def add(
        self, project_id: int, data: bytes, name: str, taken_on: date, caption: str, actor: Any, is_demo: bool = False
    ) -> PhotoRecord:
        """Store ``data`` (an upload named ``name``) cleaned, in the project's plan area; refused in
        Thai (RecordInvalid) when it is too large, not a picture, without a caption or date, or the
        project has its photos already; PermissionDenied outside the actor's areas."""
        limits = photo_limits()
        if len(data) > limits["upload_max_mb"] * 1024 * 1024:
            raise _refused("photo_too_large", file=name, mb=limits["upload_max_mb"])
        if not caption.strip() or taken_on is None:
            raise _refused("photo_caption", file=name)
        cleaned = clean_photo(data, limits["photo_max_px"], limits["photo_max_kb"])
        if cleaned is None:
            raise _refused("photo_unreadable", file=name)
        photo, width, height = cleaned
        with session_scope(self.url) as session:
            project = session.get(Project, project_id)
            if project is None:
                raise NotFoundError(project_id)
            current = self.allow(session, actor, project.area_code)
            count = session.scalar(select(func.count()).where(ProjectPhoto.project_id == project_id)) or 0
            if count >= limits["photos_per_project"]:
                raise _refused("photo_count", file=name, n=limits["photos_per_project"])
            record = PhotoRecord(
                project_id, project.area_code, taken_on, caption.strip()[:500], photo, width, height, is_demo=is_demo
            )
            return self.insert(session, PHOTO, record, current)

    def of_project(self, project_id: int) -> list[PhotoRecord]:
        """The project's photos, oldest taken first."""
        with session_scope(self.url) as session:
            query = select(ProjectPhoto).where(ProjectPhoto.project_id == project_id)
            rows = session.scalars(query.order_by(ProjectPhoto.taken_on, ProjectPhoto.id)).all()
            return [PHOTO.to_record(row) for row in rows]

    def remove(self, photo_id: int, version: int, actor: Any) -> None:
        self.delete(PHOTO, photo_id, version, actor)
