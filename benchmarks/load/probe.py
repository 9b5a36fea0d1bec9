"""What the server spends, read from /proc: CPU seconds and resident memory of the app processes
(and of PostgreSQL and nginx), and the plans database's open connections."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _stat(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # the fields after the command name


def cpu_seconds(pids: list[int], children: bool = False) -> float:
    """User + system CPU of ``pids`` (every thread); with ``children``, also of their children
    that have exited and been waited for (PostgreSQL's backends of closed connections)."""
    total = 0
    for pid in pids:
        try:
            fields = _stat(pid)
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if children:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime
    return total / TICKS


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total * PAGE / 2**20


def family(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents.setdefault(int(_stat(int(entry.name))[1]), []).append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError, ValueError):
                continue
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += parents.get(current, [])
    return found


def postmaster(url: str) -> int | None:
    """The PostgreSQL server's main process (parent of its checkpointer)."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            pid = connection.execute(
                sqlalchemy.text("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")
            ).scalar()
    finally:
        engine.dispose()
    return int(_stat(int(pid))[1]) if pid else None


class Sampler(threading.Thread):
    """Every ``every`` seconds: the app processes' memory and the database's client connections;
    keeps the highest of each."""

    def __init__(self, app_pids: list[int], database_url: str | None, every: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.app_pids, self.every = app_pids, every
        self.database_url = database_url
        self.peak_rss = 0.0
        self.peak_connections = 0
        self.last_connections = 0
        self._halt = threading.Event()

    def connections(self) -> int:
        if not self.database_url:
            return 0
        import sqlalchemy

        engine = getattr(self, "_engine", None) or sqlalchemy.create_engine(
            self.database_url, poolclass=sqlalchemy.pool.NullPool
        )
        self._engine = engine
        with engine.connect() as connection:
            return int(
                connection.execute(
                    sqlalchemy.text(
                        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                    )
                ).scalar()
            )

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak_rss = max(self.peak_rss, rss_mb(self.app_pids))
            try:
                self.last_connections = self.connections()
                self.peak_connections = max(self.peak_connections, self.last_connections)
            except Exception:  # the server is shutting down
                pass
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


def machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (every core, every process) since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / TICKS


@dataclass
class Reading:
    """CPU seconds and memory at one moment."""

    at: float
    app_cpu: float
    app_rss: float
    db_cpu: float
    proxy_cpu: float
    per_process_rss: list[float] = field(default_factory=list)
    machine_cpu: float = 0.0
    load_average: float = 0.0


def read(app_pids: list[int], db_pid: int | None, proxy_pid: int | None) -> Reading:
    db = family(db_pid) if db_pid else []
    proxy = family(proxy_pid) if proxy_pid else []
    return Reading(
        time.time(),
        cpu_seconds(app_pids),
        rss_mb(app_pids),
        cpu_seconds(db, children=True) if db else 0.0,
        cpu_seconds(proxy, children=True) if proxy else 0.0,
        [round(rss_mb([p]), 1) for p in app_pids],
        machine_busy(),
        float(Path("/proc/loadavg").read_text().split()[0]),
    )
