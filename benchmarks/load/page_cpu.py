"""Server CPU per page view, page by page: where `make bench-load`'s CPU goes.

    python -m benchmarks.load.page_cpu [--journeys 12] [--national] [--profile FILE] [--out FILE]

One app process (behind `make serve`'s nginx, with a PostgreSQL plans database, on the load
workspace of benchmarks.load.workspace) and ONE official at a time walking the load journey
without think time: sign-in, area picker (search, choose), overview → compare → rank → map →
trend → matrix → project → One Plan. Requests never overlap, so the app process's CPU (user +
system, every thread, from /proc) between the end of one request and the end of the next is that
request's own. Wall-clock time is left out on purpose: on a shared machine it measures the
neighbours; CPU seconds do not.

The first journey runs on a fresh process (cold caches: what the first officials of a training
day cost); the others, each by its own account over areas drawn at random as in the load run,
are "warm". With --profile, py-spy samples the process during the warm journeys and writes its
collapsed stacks (the FILE can be summed per function with `--top`).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.load import probe
from benchmarks.load import workspace as load_workspace
from benchmarks.load.journey import Journey, Official
from benchmarks.load.protocol import StreamlitClient

ROOT = Path(__file__).resolve().parents[2]


class Meter:
    """Records each request with the app process's CPU spent since the previous one ended."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.last = probe.cpu_seconds([pid])
        self.rows: list[tuple[str, float, float, int]] = []  # name, cpu s, wall s, bytes
        self.phase = "cold"

    def reset(self) -> None:
        self.last = probe.cpu_seconds([self.pid])

    def record(self, name: str, seconds: float, size: int, error: Exception | None) -> None:
        now = probe.cpu_seconds([self.pid])
        if error is not None:
            raise error
        self.rows.append((f"{self.phase}:{name}", now - self.last, seconds, size))
        self.last = now


def walk(url: str, account: dict, plan: dict, meter: Meter, seed: int) -> None:
    official = Official(account["username"], plan["password"], account["role"], account["area"])
    tab = StreamlitClient(url, timeout=120)
    journey = Journey(tab, official, plan["areas"], meter.record, 0, random.Random(seed))
    meter.reset()
    journey.sign_in()
    journey.round()
    tab.close()
    time.sleep(0.5)  # the session's end (its thread, its garbage) is not the next request's


def summary(rows: list[tuple[str, float, float, int]]) -> dict:
    by_name: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for name, cpu, wall, size in rows:
        by_name[name].append((cpu, wall, size))
    out = {}
    for name, values in sorted(by_name.items()):
        cpus = [v[0] for v in values]
        out[name] = {
            "n": len(values),
            "cpu_mean_s": round(statistics.fmean(cpus), 4),
            "cpu_median_s": round(statistics.median(cpus), 4),
            "cpu_max_s": round(max(cpus), 4),
            "kb_mean": round(statistics.fmean(v[2] for v in values) / 1024, 1),
        }
    for phase in ("cold", "warm"):
        cpus = [r[1] for r in rows if r[0].startswith(phase + ":")]
        if cpus:
            out[f"{phase}:ALL"] = {"n": len(cpus), "cpu_mean_s": round(statistics.fmean(cpus), 4)}
    return out


def top(collapsed: Path, count: int = 40) -> list[tuple[str, float]]:
    """py-spy's collapsed stacks summed per function (inclusive share of the samples)."""
    inclusive: Counter = Counter()
    total = 0
    for line in collapsed.read_text(errors="replace").splitlines():
        stack, _, samples = line.rpartition(" ")
        if not samples.isdigit():
            continue
        n = int(samples)
        total += n
        for frame in set(stack.split(";")):
            inclusive[frame] += n
    return [(frame, round(100 * n / max(total, 1), 1)) for frame, n in inclusive.most_common(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=12, help="warm journeys, one account each")
    parser.add_argument("--profile", type=Path, help="py-spy's collapsed stacks of the warm journeys")
    parser.add_argument("--top", type=Path, help="only sum an existing collapsed-stacks file per function")
    parser.add_argument("--out", type=Path, help="the per-page figures as JSON")
    parser.add_argument("--seed", type=int, default=27)
    parser.add_argument("--same", action="store_true", help="every warm journey repeats the cold one (all cached)")
    parser.add_argument("--national", action="store_true", help="on the 12.9 M-household workspace")
    args = parser.parse_args(argv)
    if args.top:
        for frame, share in top(args.top, 60):
            print(f"{share:5.1f}%  {frame}")
        return 0
    from scripts.serve import Deployment
    from tests.browser import free_port
    from tests.postgres import fresh_database, postgres_server, wait_until_ready

    ws = load_workspace.workspace(args.national)
    areas = load_workspace.areas_by_level(ws)
    accounts = [a.__dict__ for a in load_workspace.accounts(args.journeys + 1, areas["tambon"])]
    plan = {"password": load_workspace.PASSWORD, "areas": areas}
    with postgres_server() as server_url:
        wait_until_ready(server_url)
        db_url = fresh_database(server_url)
        load_workspace.create_accounts(db_url, [load_workspace.LoadAccount(**a) for a in accounts])
        deployment = Deployment(1, free_port(), workspace=ws, database_url=db_url)
        deployment.start()
        spy = None
        try:
            pid = deployment.pids()[0]
            meter = Meter(pid)
            walk(deployment.url, accounts[0], plan, meter, args.seed)
            meter.phase = "warm"
            if args.profile:
                spy = subprocess.Popen(
                    [
                        str(Path(sys.executable).parent / "py-spy"),
                        "record",
                        "-p",
                        str(pid),
                        "-o",
                        str(args.profile),
                        "-f",
                        "raw",
                        "-F",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                time.sleep(1)
            for n, account in enumerate(accounts[1:], 1):
                same = args.same
                walk(deployment.url, accounts[0] if same else account, plan, meter, args.seed + (0 if same else n))
        finally:
            if spy is not None:
                spy.send_signal(2)
                spy.wait(timeout=60)
            deployment.stop()
    result = summary(meter.rows)
    for name, figures in result.items():
        print(f"{name:40s} n={figures['n']:3d} cpu mean {figures['cpu_mean_s']:.3f} s", end="")
        print(
            f"  median {figures['cpu_median_s']:.3f}  max {figures['cpu_max_s']:.3f}" if "cpu_max_s" in figures else ""
        )
    if args.out:
        args.out.write_text(json.dumps({"pages": result, "rows": meter.rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
