"""Accounts, roles per area and the one authorisation rule (see README "Two modes").

What callers use:
    authorize(actor, action, area_code)          the rule (pure; raises PermissionDenied)
    check_write(url, actor, action, area_code)   the server-side gate of every write (mode + account + rule)
    record_data_event(url, actor, action, dataset_id, summary, details)   dataset import/replace/delete → audit log
    shared_mode(url)                             "shared server" or "this computer"
    local_actor(name), system_actor(name), Actor, PermissionDenied
    AccountStore(url), Authenticator(url)        accounts; sign-in, lock-out and sessions
"""

from analysis.auth.guard import DATA_EVENTS, check_action, check_write, record_data_event, shared_mode
from analysis.auth.roles import (
    ALL_AREAS,
    Actor,
    PermissionDenied,
    actions,
    as_actor,
    authorize,
    covers,
    local_actor,
    page_actions,
    role_actions,
    role_label,
    roles,
    system_actor,
)

__all__ = [
    "ALL_AREAS",
    "DATA_EVENTS",
    "Actor",
    "PermissionDenied",
    "actions",
    "as_actor",
    "authorize",
    "check_action",
    "check_write",
    "covers",
    "local_actor",
    "page_actions",
    "record_data_event",
    "role_actions",
    "role_label",
    "roles",
    "shared_mode",
    "system_actor",
]
