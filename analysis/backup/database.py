"""The plans database in a backup: every row of the application's tables as JSON lines, read from
one consistent snapshot, and written back into an empty database of either kind.

Why rows through SQLAlchemy rather than ``pg_dump`` (issue 27): the same archive restores into
SQLite or PostgreSQL (an office moves from its one computer to a server, or back); it does not
depend on the PostgreSQL client's major version matching the server's (``pg_dump`` refuses a newer
server); the schema is rebuilt by the application's own Alembic migrations up to the revision the
archive names (no DDL in the archive to drift from them); and it is one format, so one restore
path to test. Consistency: SQLite is first copied with its online backup API (a snapshot taken in
one step while the server keeps writing); PostgreSQL is read in one REPEATABLE READ, READ ONLY
transaction, which sees every table as of one moment, as ``pg_dump`` does.

Sessions and failed sign-ins are not kept: after a restore everybody signs in again.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, Table, create_engine, func, insert, pool, select, text
from sqlalchemy import types as sqltypes
from sqlalchemy.engine import Connection, make_url

from analysis.db.engine import alembic_config

#: tables not carried by a backup: Alembic's own (the revision is in the manifest) and the
#: short-lived sign-in state
SKIPPED = ("alembic_version", "auth_sessions", "login_failures")
BATCH = 500


class UnsupportedDatabase(ValueError):
    def __init__(self, dialect: str):
        super().__init__(dialect)
        self.dialect = dialect


def _engine(url: str) -> Engine:
    engine = create_engine(url, poolclass=pool.NullPool)
    if engine.dialect.name not in ("sqlite", "postgresql"):
        raise UnsupportedDatabase(engine.dialect.name)
    return engine


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database)."""
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def revisions() -> list[str]:
    """The application's Alembic revisions, oldest first (the chain is linear)."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _tables(connection: Connection, every: bool = False) -> list[Table]:
    """The application's tables in foreign-key order (``every``: also those a backup skips)."""
    metadata = MetaData()
    metadata.reflect(connection)
    skipped = ("alembic_version",) if every else SKIPPED
    return [t for t in metadata.sorted_tables if t.name not in skipped]


# ---- values ---------------------------------------------------------------------------------
def encode(value: Any) -> Any:
    """A column value as JSON: times in UTC ISO form (SQLite keeps them naive, meaning UTC),
    dates ISO, bytes base64, exact decimals as text."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def decode(value: Any, kind: sqltypes.TypeEngine) -> Any:
    """The inverse of ``encode`` for a column of type ``kind`` of the target database."""
    if value is None:
        return None
    if isinstance(kind, sqltypes.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, sqltypes.Date):
        return date.fromisoformat(value)
    if isinstance(kind, sqltypes.LargeBinary):
        return base64.b64decode(value)
    if isinstance(kind, sqltypes.Numeric) and not isinstance(kind, sqltypes.Float):
        return Decimal(value)
    return value


def table_rows(connection: Connection, table: Table) -> Iterator[list[Any]]:
    """Every row of ``table`` (encoded, in primary-key order), streamed."""
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(select(table).order_by(*order))
    for row in result:
        yield [encode(v) for v in row]


# ---- backup ---------------------------------------------------------------------------------
def dump(url: str, folder: Path) -> dict[str, Any]:
    """Write every table of the plans database at ``url`` to ``folder/<table>.jsonl`` from one
    consistent snapshot; returns the manifest part: dialect, revision, columns and row counts."""
    folder.mkdir(parents=True, exist_ok=True)
    source = sqlite_file(url)
    if source is not None:
        snapshot = folder.parent / "plans-snapshot.sqlite"
        copy_sqlite(source, snapshot)
        try:
            return _dump(f"sqlite:///{snapshot}", folder, "sqlite")
        finally:
            snapshot.unlink(missing_ok=True)
    return _dump(url, folder, None)


def copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy while other connections keep writing."""
    reader, writer = sqlite3.connect(source), sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        reader.close()
        writer.close()


def _dump(url: str, folder: Path, dialect: str | None) -> dict[str, Any]:
    engine = _engine(url)
    try:
        options = {} if engine.dialect.name == "sqlite" else {"isolation_level": "REPEATABLE READ"}
        with engine.connect().execution_options(**options) as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SET TRANSACTION READ ONLY"))
            tables = {}
            for table in _tables(connection):
                count = 0
                with (folder / f"{table.name}.jsonl").open("w", encoding="utf-8") as out:
                    for row in table_rows(connection, table):
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
                        count += 1
                tables[table.name] = {"columns": [c.name for c in table.columns], "rows": count}
            revision = current_revision(connection)
            connection.rollback()
        return {"dialect": dialect or engine.dialect.name, "revision": revision, "tables": tables}
    finally:
        engine.dispose()


# ---- restore --------------------------------------------------------------------------------
def row_counts(url: str) -> dict[str, int]:
    """Rows per application table (an empty database: every count 0, or no tables yet)."""
    path = sqlite_file(url)
    if path is not None and not path.exists():
        return {}
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            return {t.name: connection.scalar(select(func.count()).select_from(t)) for t in _tables(connection)}
    finally:
        engine.dispose()


def move_schema(url: str, revision: str | None) -> None:
    """Bring the schema at ``url`` to ``revision`` (up or down; the tables are empty by then)."""
    from alembic import command

    engine = _engine(url)
    try:
        with engine.connect() as connection:
            now = current_revision(connection)
    finally:
        engine.dispose()
    order = revisions()
    config = alembic_config(url)
    if revision is None:
        command.downgrade(config, "base")
    elif now is None or order.index(now) < order.index(revision):
        command.upgrade(config, revision)
    elif order.index(now) > order.index(revision):
        command.downgrade(config, revision)


def load(url: str, folder: Path, manifest: dict[str, Any]) -> int:
    """Replace every row of the database at ``url`` (already at the archive's revision) by the
    archive's rows, in one transaction; returns the number of rows written."""
    engine = _engine(url)
    written = 0
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            for table in reversed(_tables(connection, every=True)):  # --replace: sessions end too
                connection.execute(table.delete())
            tables = {t.name: t for t in _tables(connection)}
            for name, table in tables.items():
                declared = manifest["tables"].get(name)
                if declared is None:
                    continue
                written += _insert(connection, table, declared["columns"], folder / f"{name}.jsonl")
            if engine.dialect.name == "postgresql":
                _reset_sequences(connection, tables.values())
    finally:
        engine.dispose()
    return written


def _insert(connection: Connection, table: Table, columns: list[str], path: Path) -> int:
    kinds = [table.columns[c].type for c in columns]
    statement, batch, count = insert(table), [], 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            values = json.loads(line)
            batch.append({c: decode(v, k) for c, v, k in zip(columns, values, kinds, strict=True)})
            if len(batch) >= BATCH:
                connection.execute(statement, batch)
                count, batch = count + len(batch), []
    if batch:
        connection.execute(statement, batch)
        count += len(batch)
    return count


def _reset_sequences(connection: Connection, tables) -> None:
    """PostgreSQL hands out the next id from a sequence: move each past the restored ids."""
    for table in tables:
        if "id" not in table.columns or not isinstance(table.columns["id"].type, sqltypes.Integer):
            continue
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:name, 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "
                f'FROM "{table.name}"'
            ),
            {"name": table.name},
        )
