"""Signing in: password check with lock-out after repeated failures, sessions that expire (only a
hash of the token is stored), sign-in through an identity provider (OIDC e-mail).

A session has two secrets: the token the signing-in page keeps on the server (Streamlit's session
state) and, once the browser has traded the page's one-time code for it, the value of the browser's
HttpOnly cookie (analysis.auth.cookies). Either one resumes the session; sign-out ends both."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from analysis.auth.accounts import normalise_username
from analysis.auth.guard import account_actor
from analysis.auth.models import Account, AuthSession, LoginFailure
from analysis.auth.passwords import hash_password, needs_rehash, new_token, security_settings, token_hash
from analysis.auth.passwords import verify_password as _verify
from analysis.auth.roles import Actor
from analysis.db.audit import write_audit
from analysis.db.engine import session_scope
from analysis.i18n import translate

#: how often a session's last use is written (not on every page rerun)
TOUCH_EVERY = timedelta(minutes=1)


def aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class LoginRefused(PermissionError):
    """A refused sign-in: wrong name or password (never says which), or locked for a while."""

    def __init__(self, reason: str, until: datetime | None = None, now: datetime | None = None):
        self.reason, self.until = reason, until
        left = 0 if until is None else (until - (now or datetime.now(UTC))).total_seconds()
        minutes = max(1, -int(-left // 60))  # whole minutes, rounded up
        self.message_th = translate(f"auth.login.{reason}", "th", minutes=minutes)
        self.message_en = translate(f"auth.login.{reason}", "en", minutes=minutes)
        super().__init__(f"{self.message_th} / {self.message_en}")

    def message(self, lang: str = "th") -> str:
        return self.message_th if lang == "th" else self.message_en


@dataclass(frozen=True)
class Lockout:
    max_failures: int
    window: timedelta
    duration: timedelta

    @classmethod
    def from_settings(cls) -> Lockout:
        values = security_settings()
        return cls(
            int(values["max_failures"]),
            timedelta(minutes=float(values["window_minutes"])),
            timedelta(minutes=float(values["lockout_minutes"])),
        )

    def locked_until(self, failures: list[datetime], now: datetime) -> datetime | None:
        """The end of the lock-out: ``max_failures`` failures within ``window`` lock the name for
        ``duration`` after the last of them. None when not locked now."""
        times = sorted(aware(t) for t in failures)
        until = None
        for i in range(self.max_failures - 1, len(times)):
            if times[i] - times[i - self.max_failures + 1] <= self.window and times[i] + self.duration > now:
                until = times[i] + self.duration
        return until


class Authenticator:
    """Sign-in and sessions on the plans database at ``url``. ``clock`` is replaceable in tests."""

    def __init__(self, url: str, clock: Callable[[], datetime] | None = None):
        self.url = url
        self.clock = clock or (lambda: datetime.now(UTC))
        self.lockout = Lockout.from_settings()

    def _failures(self, session: Session, name: str, now: datetime) -> list[datetime]:
        since = now - self.lockout.window - self.lockout.duration
        query = select(LoginFailure.at).where(LoginFailure.username == name, LoginFailure.at > since)
        return list(session.scalars(query))

    def authenticate(self, username: str, password: str) -> Actor:
        """The account's actor, or LoginRefused. While a name is locked, its password is not even
        checked and further attempts are not counted."""
        name, now = normalise_username(username)[:100], self.clock()
        with session_scope(self.url) as session:
            until = self.lockout.locked_until(self._failures(session, name, now), now)
            if until is not None:
                raise LoginRefused("locked", until, now)
            row = session.scalar(select(Account).where(Account.username == name))
            ok = _verify(row.password_hash if row is not None else None, password)
            if ok and row is not None and row.active:
                session.execute(delete(LoginFailure).where(LoginFailure.username == name))
                if needs_rehash(row.password_hash):
                    row.password_hash = hash_password(password)
                return account_actor(row)
            session.add(LoginFailure(username=name, at=now))
            session.flush()
            until = self.lockout.locked_until([*self._failures(session, name, now)], now)
            if until is not None and row is not None:
                attempt = Actor(name=name, role="anonymous", kind="anonymous")  # nobody is verified here
                write_audit(session, attempt, "locked", "account", row.id, name, {"until": until.isoformat()})
        raise LoginRefused("locked" if until is not None else "bad_credentials", until, now)

    def start_session(self, actor: Actor) -> str:
        """A new session token for a signed-in account (give it to the client; only its hash is stored)."""
        token, now = new_token(), self.clock()
        hours = float(security_settings()["session_hours"])
        with session_scope(self.url) as session:
            session.add(
                AuthSession(
                    token_hash=token_hash(token),
                    account_id=actor.account_id,
                    created_at=now,
                    last_seen=now,
                    expires_at=now + timedelta(hours=hours),
                )
            )
        return token

    def sign_in(self, username: str, password: str) -> tuple[str, Actor]:
        actor = self.authenticate(username, password)
        return self.start_session(actor), actor

    def resume(self, token: str | None) -> Actor | None:
        """The actor of a live session, or None when the token (the page's token or the browser's
        cookie) is unknown, expired, idle for too long or its account is disabled (the expired
        session is removed)."""
        if not token:
            return None
        now = self.clock()
        with session_scope(self.url) as session:
            row = session.scalar(select(AuthSession).where(_either_secret(token)))
            account = self.live_account(session, row, now)
            if account is None:
                return None
            if now - aware(row.last_seen) >= TOUCH_EVERY:
                row.last_seen = now
            return account_actor(account)

    def live_account(self, session: Session, row: AuthSession | None, now: datetime) -> Account | None:
        """The account of session ``row`` while the session lives; an ended session is removed."""
        if row is None:
            return None
        idle = timedelta(minutes=float(security_settings()["idle_minutes"]))
        account = session.get(Account, row.account_id)
        if aware(row.expires_at) <= now or aware(row.last_seen) + idle <= now or not account.active:
            session.delete(row)
            return None
        return account

    def end_session(self, token: str | None) -> None:
        """Sign-out: the session is gone for every tab, whichever of its two secrets they hold."""
        if token:
            with session_scope(self.url) as session:
                session.execute(delete(AuthSession).where(_either_secret(token)))

    def session_for_email(self, email: str | None) -> tuple[str, Actor] | None:
        """After an identity provider's sign-in (Streamlit's st.login): a session for the active
        account registered with that e-mail, or None when no account has it."""
        key = (email or "").strip().lower()
        if not key:
            return None
        with session_scope(self.url) as session:
            row = session.scalar(select(Account).where(Account.email == key, Account.active))
            actor = account_actor(row) if row is not None else None
        return (self.start_session(actor), actor) if actor is not None else None


def _either_secret(token: str):
    """The session whose page token or browser cookie is ``token`` (compared as SHA-256 hashes)."""
    digest = token_hash(token)
    return or_(AuthSession.token_hash == digest, AuthSession.cookie_hash == digest)
