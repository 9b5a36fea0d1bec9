"""Engines, sessions and migrations of the database (plans, accounts, certification, contest)."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from analysis.store_errors import StoreError, said

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DATABASE_ENV = "CIA_DATABASE_URL"
#: written into a practice workspace (analysis/guide/practice_space.py): its plans database is always
#: the SQLite file inside it, whatever CIA_DATABASE_URL says, so practice never reaches the real one
PRACTICE_MARKER = "practice-workspace.json"


#: database URL → the workspaces it was asked for (the server mode is a workspace's as well as its database's)
_BOUND: dict[str, set[Path]] = {}


def database_url(workspace_root: Path) -> str:
    """CIA_DATABASE_URL when set, else a SQLite file in the workspace; always that file for a
    practice workspace."""
    root = Path(workspace_root).resolve()
    own = f"sqlite:///{root / 'plans.sqlite'}"
    url = own if (root / PRACTICE_MARKER).exists() else os.environ.get(DATABASE_ENV) or own
    _BOUND.setdefault(url, set()).add(root)
    return url


def workspaces_of(url: str) -> set[Path]:
    """The workspaces whose plans database is ``url`` in this process."""
    return set(_BOUND.get(url, ()))


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (creates the SQLite file on first use). Several server
    processes starting at once take turns: on SQLite through a lock file beside the database, on
    PostgreSQL through an advisory lock taken in migrations/env.py; each reads the schema's
    revision only once it has the lock, so the later ones find nothing left to do."""
    if url.startswith("sqlite:///"):
        database = Path(url.removeprefix("sqlite:///"))
        database.parent.mkdir(parents=True, exist_ok=True)
        with (database.parent / f".{database.name}.migrating").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            command.upgrade(alembic_config(url), revision)
        return
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


#: alembic's context is process-global: two sessions' first requests must not migrate at once
_MIGRATING = threading.Lock()


def engine_for(url: str) -> Engine:
    """One migrated engine per URL for the life of the process (safe from any thread)."""
    with _MIGRATING:
        # a room of trainees' practice databases must not push the real one out of its cache
        return _practice_engine_for(url) if _is_practice(url) else _engine_for(url)


def plans_damaged(url: str) -> StoreError:
    """The Thai/English refusal for a plans database that cannot be read (no traceback, no URL
    with its password: the file's name, or the server's database name)."""
    name = Path(make_url(url).database or "").name or "?"
    return StoreError(said("store.plans_damaged", "store.plans_restore", name=name))


def _is_practice(url: str) -> bool:
    return url.startswith("sqlite:///") and (Path(url.removeprefix("sqlite:///")).parent / PRACTICE_MARKER).exists()


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    return _migrated_engine(url, practice=False)


@lru_cache(maxsize=256)
def _practice_engine_for(url: str) -> Engine:
    return _migrated_engine(url, practice=True)


def _migrated_engine(url: str, practice: bool) -> Engine:
    try:
        migrate(url)
    except DBAPIError as error:  # a garbage file, a server that refuses: said, not a traceback
        raise plans_damaged(url) from error
    if practice:  # a trainer's reset replaces the file: no pooled connection may keep the old one
        engine = create_engine(url, future=True, poolclass=NullPool)
    else:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session whose work is committed together, or rolled back entirely on any error."""
    session = sessionmaker(engine_for(url), expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


#: what starting a workspace over keeps in its database: who may act, and what was done
KEPT_ON_RESET = frozenset({"accounts", "auth_sessions", "login_failures", "audit_log", "alembic_version"})


def clear_records(url: str, keep: frozenset[str] = KEPT_ON_RESET) -> list[str]:
    """Delete every row of every table but ``keep`` (children before parents), in one transaction;
    the tables emptied. Reflected, so tables added by later migrations are cleared too."""
    engine = engine_for(url)
    metadata = MetaData()
    metadata.reflect(engine)
    emptied = []
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            if table.name not in keep:
                connection.execute(table.delete())
                emptied.append(table.name)
    return emptied
