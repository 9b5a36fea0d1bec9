"""Password hashing with Argon2id (argon2-cffi, parameters declared in data/settings.toml
[security.argon2]) and the password rule; session tokens are random and only their SHA-256 hash
is stored."""

from __future__ import annotations

import hashlib
import secrets
import threading
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from analysis.config import settings

#: Argon2 takes memory and CPU per password on purpose. A training room signing in at once would
#: take it for every sign-in together and stall the pages: a few at a time per process, the others
#: waiting their turn (a fraction of a second each).
HASHING_AT_ONCE = threading.BoundedSemaphore(2)


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    """Argon2id with the declared parameters; hashes made with other ones still verify and are
    re-made with these at the next sign-in (``needs_rehash``)."""
    declared = settings()["security"]["argon2"]
    return PasswordHasher(
        time_cost=int(declared["time_cost"]),
        memory_cost=int(declared["memory_kib"]),
        parallelism=int(declared["parallelism"]),
    )


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when an account name does not exist, so both cases take the same time."""
    return hasher().hash(secrets.token_hex(16))


def security_settings() -> dict:
    return dict(settings()["security"])


def hash_password(password: str) -> str:
    with HASHING_AT_ONCE:
        return hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; an account without a hash (OIDC only) never matches."""
    dummy = None if stored_hash else _dummy_hash()  # (built outside the turn it would otherwise wait for)
    try:
        with HASHING_AT_ONCE:
            return hasher().verify(stored_hash or dummy, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return hasher().check_needs_rehash(stored_hash)


def password_problem(password: str) -> tuple[str, dict] | None:
    """(i18n key, values) of why a new password is refused, or None."""
    minimum = int(security_settings()["min_password_length"])
    if len(password) < minimum:
        return "auth.err.password_short", {"n": minimum}
    if password.strip() != password or not password.strip():
        return "auth.err.password_spaces", {}
    return None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
