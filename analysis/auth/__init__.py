"""Accounts, roles per area and the one authorisation rule (see README "Two modes").

What callers use:
    authorize(actor, action, area_code)          the rule (pure; raises PermissionDenied)
    check_write(url, actor, action, area_code)   the server-side gate of every write (mode + account + rule)
    record_data_event(url, actor, action, dataset_id, summary, details)   dataset import/replace/delete → audit log
    shared_mode(url)                             "shared server" or "this computer"
    local_actor(name), system_actor(name), Actor, PermissionDenied
    AccountStore(url), Authenticator(url)        accounts; sign-in, lock-out and sessions
"""

import importlib
from typing import Any

#: name → module; loaded on first use, so `from analysis.auth.roles import …` (the role table, light)
#: does not load the database layer (SQLAlchemy, Alembic) — `cia` commands start faster
_EXPORTS = {
    **dict.fromkeys(
        ("DATA_EVENTS", "check_action", "check_write", "record_data_event", "shared_mode"), "analysis.auth.guard"
    ),
    **dict.fromkeys(
        (
            "ALL_AREAS",
            "Actor",
            "PermissionDenied",
            "actions",
            "as_actor",
            "authorize",
            "covers",
            "local_actor",
            "page_actions",
            "role_actions",
            "role_label",
            "roles",
            "system_actor",
        ),
        "analysis.auth.roles",
    ),
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'analysis.auth' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
