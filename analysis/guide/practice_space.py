"""One practice workspace per account (ฝึกใช้งาน on a shared server, issue 26).

A trainee who turns practice on works in their own copy of the demo: a workspace folder under the
real workspace's ``.practice`` folder, named by a hash of the account (no name in a path), copied
from a template built once from the demo. Its plans database is the SQLite file inside it, whatever
CIA_DATABASE_URL says (analysis.db.engine.PRACTICE_MARKER), so a practice save — matrix, project,
pin, certification — never reaches the real data or the real plans database, PostgreSQL or SQLite.

The account is copied into its practice database (same id, name and role, no password, granted the
demo province) so that every practice write is checked like a real one. A trainer (manage_accounts,
checked against the real database) puts one account's or every account's copy back to the template;
the reset is written to the real audit log. Backups leave dot-folders, and so ``.practice``, out.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from analysis.auth.models import Account
from analysis.auth.roles import ACCOUNT, Actor
from analysis.config import settings
from analysis.db.audit import now, write_audit
from analysis.db.engine import PRACTICE_MARKER, database_url, session_scope
from analysis.guide.practice import PRACTICE_DIR, trainee_digest
from analysis.store import Workspace
from analysis.store_errors import StoreError, said

TEMPLATE = "template"
PREFIX = "ws-"
MEGABYTE = 1024 * 1024
#: what a practice copy of an account may act on: the demo's fictional province
DEMO_AREA = "99"


class PracticeFull(StoreError):
    """No room for another practice workspace ([practice] in data/settings.toml)."""


def practice_folder(real_root: Path) -> Path:
    return Path(real_root) / PRACTICE_DIR


def practice_root(real_root: Path, trainee: str) -> Path:
    """Where ``trainee``'s practice workspace lives (it may not exist yet)."""
    return practice_folder(real_root) / f"{PREFIX}{trainee_digest(trainee)}"


def practising_flag(real_root: Path, trainee: str) -> Path:
    """Present while ``trainee`` has practice on: it stays on after a reload or on another day
    until they turn it off (a reload that silently went back to real data would be a trap)."""
    return practice_folder(real_root) / f"{trainee_digest(trainee)}.practising"


def set_practising(real_root: Path, trainee: str, on: bool) -> None:
    flag = practising_flag(real_root, trainee)
    if on:
        flag.parent.mkdir(parents=True, exist_ok=True)
        flag.touch()
    else:
        flag.unlink(missing_ok=True)


def is_practice(root: Path) -> bool:
    return (Path(root) / PRACTICE_MARKER).exists()


def practice_workspaces(real_root: Path) -> list[Path]:
    folder = practice_folder(real_root)
    return sorted(p for p in folder.glob(f"{PREFIX}*") if is_practice(p)) if folder.is_dir() else []


def usage(real_root: Path) -> tuple[int, float]:
    """How many practice workspaces exist and their megabytes together (template included)."""
    folder = practice_folder(real_root)
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else 0
    return len(practice_workspaces(real_root)), size / MEGABYTE


def limits() -> tuple[int, int]:
    declared = settings().get("practice", {})
    return int(declared.get("max_workspaces", 150)), int(declared.get("max_megabytes", 1000))


def check_room(real_root: Path) -> None:
    """PracticeFull (Thai and English, naming data/settings.toml) when another one would pass a cap."""
    count, megabytes = usage(real_root)
    most, most_mb = limits()
    if count >= most or megabytes >= most_mb:
        raise PracticeFull(said("practice.full", n=count, most=most, mb=round(megabytes), most_mb=most_mb))


def _mark(root: Path) -> None:
    note = {"what": "a practice copy of the demo (ฝึกใช้งาน); its plans database is the SQLite file here"}
    (root / PRACTICE_MARKER).write_text(json.dumps(note, ensure_ascii=False), encoding="utf-8")


def ensure_template(real_root: Path, build: Callable[[Path], object] | None = None) -> Path:
    """The template every practice workspace is copied from: the demo, built once (``build``, by
    default analysis.demo.create_demo, 15–30 s) into a folder aside and then renamed in, under a
    lock so two trainees starting at once build it once."""
    template = practice_folder(real_root) / TEMPLATE
    if is_practice(template) and Workspace(template).exists():
        return template
    template.parent.mkdir(parents=True, exist_ok=True)
    with (template.parent / ".template.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if is_practice(template) and Workspace(template).exists():
            return template
        if build is None:
            from analysis.demo import create_demo

            build = create_demo
        building = template.parent / f".build-{uuid.uuid4().hex[:8]}"
        building.mkdir()
        try:
            _mark(building)  # before the demo writes its plans: into this folder's SQLite file
            build(building)
            shutil.rmtree(template, ignore_errors=True)
            os.rename(building, template)
        finally:
            shutil.rmtree(building, ignore_errors=True)
    return template


def _copy_in(template: Path, target: Path) -> None:
    """``target`` becomes a fresh copy of ``template``: copied aside, then swapped in."""
    aside = target.parent / f".copy-{uuid.uuid4().hex[:8]}"
    old = target.parent / f".old-{uuid.uuid4().hex[:8]}"
    try:
        shutil.copytree(template, aside, ignore=shutil.ignore_patterns("*.lock", ".lock"))
        if target.exists():
            os.rename(target, old)
        os.rename(aside, target)
    finally:
        shutil.rmtree(aside, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def practice_actor(actor: Actor) -> Actor:
    """The account as its practice copy knows it: the same role, on the demo's province."""
    return replace(actor, areas=(DEMO_AREA,)) if actor.kind == ACCOUNT else actor


def _sync_account(root: Path, accounts: list[Actor]) -> None:
    """The accounts in the practice database, as the real one knows them now (no password)."""
    with session_scope(database_url(root)) as session:
        for actor in accounts:
            row = session.get(Account, actor.account_id)
            if row is None:
                stamp = now()
                row = Account(id=actor.account_id, created_at=stamp, created_by="practice", updated_at=stamp)
                session.add(row)
            row.username, row.display_name, row.role = actor.name, actor.display_name, actor.role
            row.areas, row.active, row.password_hash, row.updated_at = [DEMO_AREA], True, None, now()


def _accounts_in(root: Path) -> list[Actor]:
    with session_scope(database_url(root)) as session:
        rows = session.query(Account).all()
        return [Actor(r.username, r.role, (), r.id, r.display_name, ACCOUNT) for r in rows]


def open_practice(real_root: Path, trainee: str, actor: Actor) -> Workspace:
    """``trainee``'s practice workspace, made from the template on first use (PracticeFull past
    the caps; StoreError when the demo cannot be built); the account copied in, practice on."""
    root = practice_root(real_root, trainee)
    if not is_practice(root):
        check_room(real_root)
        _copy_in(ensure_template(real_root), root)
    if actor.kind == ACCOUNT and actor.account_id is not None:
        _sync_account(root, [actor])
    set_practising(real_root, trainee, True)
    return Workspace(root)


def reset_practice(real_root: Path, actor: Actor, trainee: str | None = None, label: str = "") -> int:
    """Put ``trainee``'s practice workspace (every one when None) back to the template; the number
    put back. Authorised as manage_accounts against the real plans database, and written to its
    audit log as a "practice_reset" (``label``: the account's name, never a hash to guess from)."""
    from analysis.auth.guard import check_write

    url = database_url(real_root)
    current = check_write(url, actor, "manage_accounts")
    if trainee is None:
        targets = practice_workspaces(real_root)
    else:
        targets = [root for root in [practice_root(real_root, trainee)] if is_practice(root)]
    template = ensure_template(real_root) if targets else None
    for root in targets:
        kept = _accounts_in(root)  # a trainee still in practice goes on saving as themself
        _copy_in(template, root)
        _sync_account(root, kept)
    with session_scope(url) as session:
        whom = label or ("*" if trainee is None else "")
        summary = f"practice reset: {whom} ({len(targets)})"
        write_audit(session, current, "practice_reset", "practice", 0, summary, {"reset": len(targets)}, whom)
    return len(targets)
