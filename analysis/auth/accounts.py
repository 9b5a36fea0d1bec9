"""Account management: add, list, disable, reset passwords, grant roles and areas. Every change is
authorised (manage_accounts) and written to the audit log in the same transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from analysis.auth.guard import check_write, mark_shared
from analysis.auth.models import Account, AuthSession
from analysis.auth.passwords import hash_password, password_problem, verify_password
from analysis.auth.roles import ALL_AREAS, Actor, PermissionDenied, as_actor, role_actions, roles
from analysis.codes import CodeError, normalise_code
from analysis.db.audit import write_audit
from analysis.db.engine import session_scope
from analysis.db.records import record_from
from analysis.i18n import translate

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,99}$")


class AccountError(ValueError):
    """A refused account change; the message is in Thai and English."""

    def __init__(self, key: str, **values: object):
        self.key = key
        self.message_th = translate(key, "th", **values)
        self.message_en = translate(key, "en", **values)
        super().__init__(f"{self.message_th} / {self.message_en}")

    def message(self, lang: str = "th") -> str:
        return self.message_th if lang == "th" else self.message_en


@dataclass(frozen=True)
class AccountRecord:
    id: int
    username: str
    display_name: str
    email: str | None
    role: str
    areas: tuple[str, ...]
    active: bool
    created_at: datetime
    created_by: str


def _record(row: Account) -> AccountRecord:
    return record_from(AccountRecord, row, areas=tuple(row.areas or ()))


def normalise_username(username: str) -> str:
    return str(username or "").strip().lower()


def normalise_areas(areas: list[str] | tuple[str, ...] | str | None) -> list[str]:
    """Granted area prefixes from a list or "3101, 310102" text: "*" (all) or area codes."""
    if isinstance(areas, str):
        areas = [a for a in re.split(r"[\s,;]+", areas) if a]
    result: list[str] = []
    for value in areas or []:
        text = str(value).strip()
        if text in (ALL_AREAS, "all", "ทั้งหมด"):
            code = ALL_AREAS
        else:
            try:
                code = normalise_code(text)
            except CodeError:
                code = None
            if not code:
                raise AccountError("auth.err.bad_area", value=text)
        if code not in result:
            result.append(code)
    return result


def _check_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise AccountError(problem[0], **problem[1])


class AccountStore:
    """Accounts in the plans database at ``url``."""

    def __init__(self, url: str):
        self.url = url

    def count(self) -> int:
        with session_scope(self.url) as session:
            return int(session.scalar(select(func.count(Account.id))) or 0)

    def accounts(self) -> list[AccountRecord]:
        with session_scope(self.url) as session:
            return [_record(r) for r in session.scalars(select(Account).order_by(Account.username))]

    def account(self, username: str) -> AccountRecord:
        with session_scope(self.url) as session:
            return _record(self._row(session, username))

    @staticmethod
    def _row(session: Session, username: str) -> Account:
        row = session.scalar(select(Account).where(Account.username == normalise_username(username)))
        if row is None:
            raise AccountError("auth.err.no_account", user=username)
        return row

    def _authorised(self, session: Session, actor: Actor | str | None) -> Actor:
        """manage_accounts, except that the very first account (an administrator) may be created
        by anyone who can run the command on the server: it is what turns the shared mode on."""
        if not session.scalar(select(func.count(Account.id))):
            return as_actor(actor)
        return check_write(self.url, actor, "manage_accounts", session=session)

    def add(
        self,
        actor: Actor | str | None,
        username: str,
        password: str | None,
        role: str,
        areas: list[str] | str | None = None,
        display_name: str = "",
        email: str | None = None,
    ) -> AccountRecord:
        """A new active account. The first account must be an administrator."""
        name = normalise_username(username)
        if not USERNAME.match(name):
            raise AccountError("auth.err.bad_username", user=username)
        if role not in roles():
            raise AccountError("auth.err.bad_role", role=role, roles=", ".join(roles()))
        if password is None and not email:
            raise AccountError("auth.err.password_or_email")
        if password is not None:
            _check_password(password)
        granted = normalise_areas(areas)
        with session_scope(self.url) as session:
            current = self._authorised(session, actor)
            first = not session.scalar(select(func.count(Account.id)))
            if first and "manage_accounts" not in role_actions(role):
                raise AccountError("auth.err.first_admin")
            if session.scalar(select(Account.id).where(Account.username == name)) is not None:
                raise AccountError("auth.err.username_taken", user=name)
            now = datetime.now(UTC)
            row = Account(
                username=name,
                display_name=display_name.strip(),
                email=(email or "").strip().lower() or None,
                password_hash=hash_password(password) if password is not None else None,
                role=role,
                areas=granted,
                active=True,
                created_at=now,
                created_by=current.name,
                updated_at=now,
                password_changed_at=now if password is not None else None,
            )
            session.add(row)
            session.flush()
            changes = {"role": role, "areas": granted, "display_name": row.display_name, "email": row.email}
            write_audit(session, current, "create", "account", row.id, name, changes)
            record = _record(row)
        mark_shared(self.url)  # from the first account on, the workspace stays a shared server
        return record

    def _last_admin(self, session: Session, row: Account) -> bool:
        """Whether ``row`` is the only active account that can manage accounts."""
        admins = [r for r in roles() if "manage_accounts" in role_actions(r)]
        others = session.scalar(
            select(func.count(Account.id)).where(Account.active, Account.role.in_(admins), Account.id != row.id)
        )
        return row.role in admins and row.active and not others

    def set_active(self, actor: Actor | str | None, username: str, active: bool) -> AccountRecord:
        """Disable (its sessions end at once) or enable an account."""
        with session_scope(self.url) as session:
            current = check_write(self.url, actor, "manage_accounts", session=session)
            row = self._row(session, username)
            if not active and self._last_admin(session, row):
                raise AccountError("auth.err.last_admin")
            before = row.active
            row.active, row.updated_at = active, datetime.now(UTC)
            if not active:
                session.execute(delete(AuthSession).where(AuthSession.account_id == row.id))
            action = "enable" if active else "disable"
            write_audit(session, current, action, "account", row.id, row.username, {"active": [before, active]})
            return _record(row)

    def set_password(
        self, actor: Actor | str | None, username: str, new_password: str, current_password: str | None = None
    ) -> None:
        """An administrator resets any password; an account changes its own with its current one.
        Every session of the account ends."""
        _check_password(new_password)
        with session_scope(self.url) as session:
            row = self._row(session, username)
            me = as_actor(actor)
            if me.account_id == row.id and current_password is not None:
                if not verify_password(row.password_hash, current_password):
                    raise AccountError("auth.err.wrong_password")
                current = check_write(self.url, me, "view_aggregates", session=session)
            else:
                current = check_write(self.url, me, "manage_accounts", session=session)
            now = datetime.now(UTC)
            row.password_hash, row.password_changed_at, row.updated_at = hash_password(new_password), now, now
            session.execute(delete(AuthSession).where(AuthSession.account_id == row.id))
            write_audit(session, current, "password", "account", row.id, row.username, {})

    def grant(
        self,
        actor: Actor | str | None,
        username: str,
        role: str | None = None,
        areas: list[str] | str | None = None,
        display_name: str | None = None,
        email: str | None = None,
    ) -> AccountRecord:
        """Change an account's role, granted areas (replaced when given), name or e-mail."""
        if role is not None and role not in roles():
            raise AccountError("auth.err.bad_role", role=role, roles=", ".join(roles()))
        granted = normalise_areas(areas) if areas is not None else None
        with session_scope(self.url) as session:
            current = check_write(self.url, actor, "manage_accounts", session=session)
            row = self._row(session, username)
            if role is not None and "manage_accounts" not in role_actions(role) and self._last_admin(session, row):
                raise AccountError("auth.err.last_admin")
            before = {"role": row.role, "areas": list(row.areas or []), "display_name": row.display_name}
            before["email"] = row.email
            if role is not None:
                row.role = role
            if granted is not None:
                row.areas = granted
            if display_name is not None:
                row.display_name = display_name.strip()
            if email is not None:
                row.email = email.strip().lower() or None
            row.updated_at = datetime.now(UTC)
            after = {"role": row.role, "areas": list(row.areas), "display_name": row.display_name, "email": row.email}
            changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
            write_audit(session, current, "grant", "account", row.id, row.username, changes)
            return _record(row)


__all__ = ["AccountError", "AccountRecord", "AccountStore", "PermissionDenied", "normalise_areas"]
