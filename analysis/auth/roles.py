"""The role table (data/roles.toml), who is acting (Actor) and the one authorisation rule.

``authorize(actor, action, area_code)`` is the only place that decides whether an action is
allowed; every write path calls it (through ``analysis.auth.guard.check_write`` where the actor
must first be checked against the database).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from analysis.config import DATA_DIR, read_toml
from analysis.i18n import translate

ALL_AREAS = "*"
#: actors that are not accounts
LOCAL, SYSTEM, ACCOUNT = "local", "system", "account"


@lru_cache(maxsize=1)
def role_table() -> dict[str, Any]:
    """data/roles.toml: actions (scoped or not, Thai/English description), roles and pages."""
    table = read_toml(DATA_DIR / "roles.toml")
    for role, spec in table["roles"].items():
        unknown = set(spec["actions"]) - set(table["actions"])
        if unknown:
            raise ValueError(f"data/roles.toml: role {role} names unknown actions {sorted(unknown)}")
    return table


def actions() -> list[str]:
    return list(role_table()["actions"])


def roles() -> list[str]:
    return list(role_table()["roles"])


def role_actions(role: str) -> frozenset[str]:
    spec = role_table()["roles"].get(role)
    return frozenset(spec["actions"]) if spec else frozenset()


def role_label(role: str, lang: str = "th") -> str:
    spec = role_table()["roles"].get(role)
    if spec:
        return spec[lang]
    return translate(f"auth.actor.{role}", lang) if role in (LOCAL, SYSTEM) else role


def page_actions(url_path: str) -> list[str]:
    """Actions any of which shows the page (view_aggregates when the page is not listed)."""
    return list(role_table()["pages"].get(url_path, ["view_aggregates"]))


def page_allowed(actor: Actor, url_path: str) -> bool:
    """A page is shown (and can run at all) when the role has one of its actions."""
    return any(actor.may(action) for action in page_actions(url_path))


@dataclass(frozen=True)
class Actor:
    """Who is acting: an account (verified by its password or identity provider), the local user
    of "this computer" mode (a typed, unverified name), or the program itself (the demo)."""

    name: str
    role: str
    areas: tuple[str, ...] = ()
    account_id: int | None = None
    display_name: str = ""
    kind: str = ACCOUNT

    @property
    def verified(self) -> bool:
        return self.kind == ACCOUNT

    @property
    def all_areas(self) -> bool:
        if self.kind != ACCOUNT:
            return True
        return ALL_AREAS in self.areas or bool(role_table()["roles"].get(self.role, {}).get("all_areas"))

    def may(self, action: str) -> bool:
        """Whether the role has ``action`` at all, in some area (what a page or button needs)."""
        return self.kind != ACCOUNT or action in role_actions(self.role)

    def can(self, action: str, area_code: str | None = None) -> bool:
        try:
            authorize(self, action, area_code)
        except PermissionDenied:
            return False
        return True

    def label(self, lang: str = "th") -> str:
        """How the actor is shown: "somchai (ผู้วางแผน)" or "สมชาย (ไม่ยืนยันตัวตน)"."""
        if self.kind == LOCAL:
            return f"{self.name} ({translate('auth.unverified', lang)})"
        return f"{self.display_name or self.name} ({role_label(self.role, lang)})"


def local_actor(name: str | None = None) -> Actor:
    """The one user of "this computer" mode: may do everything; the name is typed, not verified."""
    return Actor(name=(name or "").strip() or translate("auth.unnamed", "th"), role=LOCAL, kind=LOCAL)


def system_actor(name: str) -> Actor:
    """The program itself (writing the demo workspace); never produced by a sign-in."""
    return Actor(name=name, role=SYSTEM, kind=SYSTEM)


def as_actor(value: Actor | str | None) -> Actor:
    """An Actor; a plain name (older callers, tests) is the local, unverified actor."""
    return value if isinstance(value, Actor) else local_actor(value)


class PermissionDenied(PermissionError):
    """A refused action; the message is in Thai and English."""

    def __init__(self, reason: str, **values: object):
        self.reason = reason
        self.message_th = translate(f"auth.denied.{reason}", "th", **values)
        self.message_en = translate(f"auth.denied.{reason}", "en", **values)
        super().__init__(f"{self.message_th} / {self.message_en}")

    def message(self, lang: str = "th") -> str:
        return self.message_th if lang == "th" else self.message_en


def home_area(actor: Actor) -> str | None:
    """Where an account starts after signing in: its narrowest granted area (the longest code, the
    first of equals); None for every area, or for the local and system actors."""
    if actor.kind != ACCOUNT or actor.all_areas or not actor.areas:
        return None
    return max(actor.areas, key=len)


def covers(grants: tuple[str, ...] | list[str], area_code: str | None) -> bool:
    """Whether granted prefixes cover ``area_code`` (None = the whole workspace: needs "*")."""
    if ALL_AREAS in grants:
        return True
    if area_code is None or area_code == "":
        return False
    return any(grant and str(area_code).startswith(grant) for grant in grants)


def _action_name(action: str, lang: str) -> str:
    return role_table()["actions"][action][lang]


def authorize(actor: Actor, action: str, area_code: str | None = None) -> None:
    """Allow ``action`` on ``area_code`` for ``actor`` or raise PermissionDenied (Thai/English).

    The role must list the action; for scoped actions the account's granted prefixes must cover
    the area (None means the whole workspace). Local and system actors may do everything: whether
    a local actor is acceptable at all (no accounts exist) is checked by ``check_write``.
    """
    table = role_table()["actions"]
    if action not in table:
        raise ValueError(f"unknown action {action!r}; declared: {sorted(table)}")
    if actor.kind in (LOCAL, SYSTEM):
        return
    if action not in role_actions(actor.role):
        raise PermissionDenied(
            "role",
            user=actor.name,
            role=role_label(actor.role, "th"),
            role_en=role_label(actor.role, "en"),
            action=_action_name(action, "th"),
            action_en=_action_name(action, "en"),
        )
    if table[action]["scoped"] and not actor.all_areas and not covers(actor.areas, area_code):
        raise PermissionDenied(
            "area",
            user=actor.name,
            area=area_code or translate("auth.whole_workspace", "th"),
            area_en=area_code or translate("auth.whole_workspace", "en"),
            areas=", ".join(actor.areas) or "-",
        )


def outside_grants(grants: tuple[str, ...] | list[str], codes: Iterable[str]) -> list[str]:
    """The distinct ``codes`` no granted prefix covers, sorted — set-based (one vectorised test per
    grant, not one per code), for writes touching a whole province's villages."""
    import pandas as pd

    values = pd.Series(pd.unique(pd.Series(list(codes), dtype=object).dropna().astype(str)), dtype=object)
    if ALL_AREAS in grants or values.empty:
        return []
    covered = pd.Series(False, index=values.index)
    for grant in (g for g in grants if g):
        covered |= values.str.startswith(grant)
    return sorted(values[~covered].tolist())


def authorize_codes(actor: Actor, action: str, codes: Iterable[str]) -> None:
    """Allow ``action`` on every area in ``codes`` (all it creates, changes or removes) or raise
    PermissionDenied naming the first areas outside the actor's grants. No codes: the role only."""
    _authorize_role(actor, action)
    if actor.kind != ACCOUNT or actor.all_areas or not role_table()["actions"][action]["scoped"]:
        return
    outside = outside_grants(actor.areas, codes)
    if outside:
        shown = ", ".join(outside[:5]) + (f" (+{len(outside) - 5:,})" if len(outside) > 5 else "")
        raise PermissionDenied("area", user=actor.name, area=shown, area_en=shown, areas=", ".join(actor.areas) or "-")


def _authorize_role(actor: Actor, action: str) -> None:
    """The role part of ``authorize`` alone (raises for an action the role does not have)."""
    if actor.kind == ACCOUNT and action not in role_actions(actor.role):
        authorize(actor, action, ALL_AREAS)


def role_table_markdown(lang: str = "en") -> str:
    """The role table as Markdown (README): one row per action, ✓ where a role may do it."""
    table = role_table()
    header = ["action", *[role_label(r, lang) for r in roles()]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for action, spec in table["actions"].items():
        scope = " (granted areas)" if spec["scoped"] else ""
        cells = ["✓" if action in role_actions(r) else "" for r in roles()]
        lines.append(f"| `{action}`: {spec[lang]}{scope} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
