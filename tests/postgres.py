"""Start a throw-away PostgreSQL server from Debian's `postgresql` package for the tests."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from tests.browser import free_port


def binaries() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL server binaries are missing: run `make test` (it installs postgresql)")
    return os.path.dirname(found[-1])


def _run_as(user: str | None, args: list[str]) -> None:
    command = ["runuser", "-u", user, "--", *args] if user else args
    subprocess.run(command, check=True, capture_output=True, text=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield the URL of a running server (superuser `cia`, trust auth on 127.0.0.1)."""
    bin_dir = binaries()
    user = None
    folder = tempfile.mkdtemp(prefix="cia-pg-")
    if os.geteuid() == 0:  # initdb refuses to run as root
        user = "postgres"
        info = pwd.getpwnam(user)
        os.chown(folder, info.pw_uid, info.pw_gid)
    data = os.path.join(folder, "data")
    port = free_port()
    try:
        _run_as(user, [f"{bin_dir}/initdb", "-D", data, "-U", "cia", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"])
        _run_as(
            user,
            [
                f"{bin_dir}/pg_ctl",
                "-D",
                data,
                "-l",
                os.path.join(folder, "log"),
                "-w",
                "-t",
                "60",
                "start",
                "-o",
                f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off",
            ],
        )
        yield f"postgresql+psycopg2://cia@127.0.0.1:{port}/postgres"
    finally:
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            _run_as(user, [f"{bin_dir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """A new empty database on the server; returns its URL."""
    import sqlalchemy

    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = sqlalchemy.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def wait_until_ready(url: str, timeout: float = 30) -> None:
    import sqlalchemy

    deadline = time.monotonic() + timeout
    while True:
        try:
            engine = sqlalchemy.create_engine(url)
            with engine.connect():
                engine.dispose()
                return
        except sqlalchemy.exc.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
