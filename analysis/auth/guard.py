"""The server-side gate of every write, the mode of a workspace, and the audit log writer.

``check_write(url, actor, action, area_code)`` is what write paths call: it refuses the local
actor once the workspace is a shared server, reloads an account from the database (so a disabled
account or a changed role takes effect at once), then applies ``authorize``.
"""

from __future__ import annotations

import json
import os
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.auth.models import Account
from analysis.auth.roles import ACCOUNT, LOCAL, Actor, PermissionDenied, as_actor, authorize
from analysis.config import settings
from analysis.db.audit import now, write_audit
from analysis.db.engine import session_scope, workspaces_of

MODE_ENV = "CIA_MODE"


def shared_by_setting() -> bool:
    """CIA_MODE=shared, or ``[security] shared_mode = true`` in data/settings.toml."""
    if os.environ.get(MODE_ENV, "").strip().lower() == "shared":
        return True
    return bool(settings().get("security", {}).get("shared_mode", False))


#: written into a workspace once it is a shared server: from then on it stays one, whatever
#: database CIA_DATABASE_URL points at (an empty one has no accounts, so every write is refused)
SHARED_MARKER = "shared-server.json"


def marked_shared(url: str) -> bool:
    """Whether a workspace using the database ``url`` has been a shared server."""
    return any((root / SHARED_MARKER).exists() for root in workspaces_of(url))


def mark_shared(url: str) -> None:
    """Write the shared-server marker into every workspace using the database ``url``."""
    for root in workspaces_of(url):
        marker = root / SHARED_MARKER
        if root.is_dir() and not marker.exists():
            note = {"since": now().isoformat(timespec="seconds"), "why": "accounts exist: a shared server"}
            try:
                marker.write_text(json.dumps(note), encoding="utf-8")
            except OSError:  # a read-only workspace: the accounts still say shared
                pass


def _shared(session: Session, url: str) -> bool:
    if shared_by_setting() or marked_shared(url):
        return True
    if session.scalar(select(func.count(Account.id))):
        mark_shared(url)
        return True
    return False


def shared_mode(url: str) -> bool:
    """A shared server: an account exists, the workspace has been one (its marker file), or the
    setting / CIA_MODE says so. Otherwise "this computer" mode: one local user, no sign-in."""
    if shared_by_setting() or marked_shared(url):
        return True
    with session_scope(url) as session:
        return _shared(session, url)


def account_actor(account: Account) -> Actor:
    return Actor(
        name=account.username,
        role=account.role,
        areas=tuple(account.areas or ()),
        account_id=account.id,
        display_name=account.display_name,
        kind=ACCOUNT,
    )


def resolve(session: Session, actor: Actor | str | None, url: str = "") -> Actor:
    """The actor as the database knows it now; PermissionDenied for a local actor on a shared
    server or for a missing or disabled account."""
    actor = as_actor(actor)
    if actor.kind == LOCAL:
        if _shared(session, url):
            raise PermissionDenied("login")
        return actor
    if actor.kind != ACCOUNT:
        return actor
    account = session.get(Account, actor.account_id) if actor.account_id is not None else None
    if account is None or account.username != actor.name or not account.active:
        raise PermissionDenied("inactive", user=actor.name)
    return account_actor(account)


def check_write(
    url: str, actor: Actor | str | None, action: str, area_code: str | None = None, session: Session | None = None
) -> Actor:
    """Allow ``action`` on ``area_code`` for ``actor`` against the database at ``url``, or raise
    PermissionDenied. Returns the current actor (use it for the audit log). Pass ``session`` to
    check inside a transaction that is already open."""
    if session is not None:
        current = resolve(session, actor, url)
    else:
        with session_scope(url) as own:
            current = resolve(own, actor, url)
    authorize(current, action, area_code)
    return current


#: audit event → the action it needs; "aborted" closes an event whose write failed after its audit row
DATA_EVENTS = {
    "import": "import_data",
    "replace": "import_data",
    "delete": "delete_data",
    "aborted": "import_data",
    "reset": "delete_data",
}


def record_data_event(
    url: str,
    actor: Actor | str | None,
    action: str,
    dataset_id: str,
    summary: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Write a workspace data event (``action`` "import", "replace" or "delete" of dataset
    ``dataset_id``) to the audit log of the plans database at ``url``, with the actor's account
    and role. Call it right after the workspace commit; authorise before the write with
    ``check_write(url, actor, DATA_EVENTS[action], area_code)``."""
    if action not in DATA_EVENTS:
        raise ValueError(f"unknown data event {action!r}; expected one of {sorted(DATA_EVENTS)}")
    with session_scope(url) as session:
        current = as_actor(actor)
        write_audit(session, current, action, "dataset", 0, summary or dataset_id, details or {}, entity_key=dataset_id)


def check_action(url: str, actor: Actor | str | None, action: str) -> Actor:
    """Allow ``action`` somewhere for ``actor`` — the early check before long work (reading a
    national file) whose areas are only known at the end; the write checks its areas again."""
    with session_scope(url) as session:
        current = resolve(session, actor, url)
    first_grant = None if current.kind != ACCOUNT or not current.areas else current.areas[0]
    authorize(current, action, None if first_grant == "*" else first_grant)
    return current
