"""`make bench-load` (`python -m benchmarks.load [--national] [--processes 1,2]`).

The dashboard under a training room's load, without a browser: nginx and K app processes
(scripts/serve.py) on the load workspace (benchmarks.load.workspace) and a PostgreSQL plans
database (tests/postgres.py); for each ramp step N, N officials open their tabs at once, sign
in and walk the journey twice with think time (benchmarks.load.swarm, Locust users speaking
Streamlit's websocket protocol), then stay idle, then leave. Per step it prints p50/p95/p99
seconds from a request to its script's end, errors, server CPU per page view, the app
processes' memory (total, per idle session, after the users left), and the database's
connections. At two steps the same journey in Chromium is timed beside the protocol client.
Writes bench-results/load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.load import probe, report
from benchmarks.load import workspace as load_workspace

ROOT = Path(__file__).resolve().parents[2]


def _relative(path: Path) -> str:
    """The path as the project names it (results are committed: no machine's own folders in them)."""
    resolved = Path(path).resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else resolved.name


RESULTS = ROOT / "bench-results"
STEPS = (10, 25, 50, 100)
NATIONAL_STEPS = (10, 25, 50, 100, 200)


def _free_port() -> int:
    from tests.browser import free_port

    return free_port()


def warm_up(url: str, plan: dict) -> float:
    """One journey without think time through a fresh process (imports, first reads): not counted."""
    import random

    from benchmarks.load.journey import Journey, Official
    from benchmarks.load.protocol import StreamlitClient

    started = time.perf_counter()
    for account in plan["accounts"][:2]:
        official = Official(account["username"], plan["password"], account["role"], account["area"])
        tab = StreamlitClient(url, timeout=plan["timeout"])
        journey = Journey(tab, official, plan["areas"], lambda *a: None, 0, random.Random(0))
        journey.sign_in()
        journey.round()
        tab.close()
    return time.perf_counter() - started


def run_step(deployment, users: int, plan: dict, db_url: str, db_pid: int | None, chromium: bool) -> dict:
    """N users at once: their journeys, then idle, then gone; what the server spent."""
    folder = Path(tempfile.mkdtemp(prefix=f"cia-load-{users}-"))
    leave = folder / "leave"
    step_plan = dict(plan, users=users, leave_file=str(leave))
    (folder / "plan.json").write_text(json.dumps(step_plan, ensure_ascii=False), encoding="utf-8")
    pids = deployment.pids()
    proxy = deployment.nginx.pid if deployment.nginx else None
    before = probe.read(pids, db_pid, proxy)
    sampler = probe.Sampler(pids, db_url)
    sampler.start()
    swarm = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.load.swarm", str(folder / "plan.json"), str(folder / "out.json")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=open(folder / "swarm.log", "wb"),
        text=True,
    )
    browser = None
    if chromium:
        from benchmarks.load.chromium import BrowserCheck

        browser = BrowserCheck(deployment.url, plan, delay=plan["think"] * 2, users=users)
        browser.start()
    swarm_cpu_start = probe.cpu_seconds([swarm.pid])
    line = ""
    while not line.startswith("@@idle"):
        line = swarm.stdout.readline()
        if not line and swarm.poll() is not None:
            raise RuntimeError((folder / "swarm.log").read_text(errors="replace")[-4000:])
    swarm_cpu = probe.cpu_seconds([swarm.pid]) - swarm_cpu_start
    if browser is not None:
        browser.join()
    time.sleep(5)  # the last runs' garbage collected; every session idle
    idle = probe.read(pids, db_pid, proxy)
    connections_idle = sampler.last_connections
    leave.touch()
    swarm.wait(timeout=120)
    sampler.stop()
    out = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    # the server keeps a closed tab's session this long, then frees it; each process hands freed
    # memory back every 15 s (dashboard/process.py)
    time.sleep(plan["session_ttl"] + 40)
    after = probe.read(pids, db_pid, proxy)
    return report.step_summary(
        users, out, before, idle, after, sampler, connections_idle, swarm_cpu, browser.result if browser else None
    )


def idle_probe(deployment, plan: dict, count: int) -> dict:
    """``count`` tabs signed in and left on a page already computed: the memory an idle session
    holds, and how much comes back once they have closed (after the session TTL)."""
    from concurrent.futures import ThreadPoolExecutor

    from benchmarks.load.protocol import StreamlitClient

    def open_tab(account: dict) -> StreamlitClient:
        tab = StreamlitClient(deployment.url, timeout=plan["timeout"])
        tab.open(query="area=" + plan["areas"]["province"][0])
        values = {"login_username": account["username"], "login_password": plan["password"]}
        tab.run(set=values, click="form:login_form")
        return tab

    pids = deployment.pids()
    before = probe.rss_mb(pids)
    with ThreadPoolExecutor(16) as pool:
        tabs = list(pool.map(open_tab, plan["accounts"][:count]))
    time.sleep(20)
    idle = probe.rss_mb(pids)
    for tab in tabs:
        tab.close()
    time.sleep(plan["session_ttl"] + 40)
    after = probe.rss_mb(pids)
    return {
        "sessions": count,
        "rss_before_mb": round(before, 1),
        "rss_idle_mb": round(idle, 1),
        "rss_after_mb": round(after, 1),
        "mb_per_idle_session": round((idle - before) / count, 2),
        "mb_returned": round(idle - after, 1),
    }


def run_deployment(processes: int, steps: tuple[int, ...], plan: dict, server_url: str, ws: Path) -> dict:
    from scripts.serve import Deployment
    from tests.postgres import fresh_database

    db_url = fresh_database(server_url)
    everyone = [load_workspace.LoadAccount(**a) for a in plan["accounts"] + plan["check_accounts"]]
    load_workspace.create_accounts(db_url, everyone)
    deployment = Deployment(processes, _free_port(), workspace=ws, database_url=db_url, session_ttl=plan["session_ttl"])
    deployment.start()
    try:
        plan = dict(plan, host=deployment.url)
        warm = warm_up(deployment.url, plan)
        db_pid = probe.postmaster(db_url)
        results = []
        print(report.HEADER, flush=True)
        for users in steps:
            chromium = users in plan["chromium_at"]
            results.append(run_step(deployment, users, plan, db_url, db_pid, chromium))
            report.print_step(processes, results[-1])
        idle = idle_probe(deployment, plan, max(steps))
        report.print_idle(processes, idle)
        return {"processes": processes, "warm_up_s": round(warm, 2), "steps": results, "idle_sessions": idle}
    finally:
        deployment.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national", action="store_true", help="the 12.9 M household year; adds the 200 step")
    parser.add_argument("--processes", default="1,2", help="app processes to compare, e.g. 1,2")
    parser.add_argument("--steps", help="users per step (default 10,25,50,100; 200 with --national)")
    parser.add_argument("--think", type=float, default=10.0, help="seconds between requests (±50%%)")
    parser.add_argument("--rounds", type=int, default=2, help="journeys per user")
    parser.add_argument("--chromium-at", default="10,50", help="steps where Chromium walks the journey too")
    parser.add_argument("--session-ttl", type=int, default=20, help="seconds a closed tab's session is kept")
    parser.add_argument("--out", type=Path, help="default bench-results/load.json (load-national.json)")
    args = parser.parse_args(argv)
    steps = tuple(int(s) for s in args.steps.split(",")) if args.steps else (NATIONAL_STEPS if args.national else STEPS)
    out = args.out or RESULTS / ("load-national.json" if args.national else "load.json")
    from benchmarks.fresh import machine

    measured_on = machine()
    ws = load_workspace.workspace(args.national)
    areas = load_workspace.areas_by_level(ws)
    accounts = load_workspace.accounts(max(steps) + 2, areas["tambon"])
    check = [load_workspace.LoadAccount(a.username, "viewer", a.area) for a in accounts[-2:]]
    plan = {
        "accounts": [a.__dict__ for a in accounts[:-2]],
        "check_accounts": [a.__dict__ for a in check],
        "password": load_workspace.PASSWORD,
        "areas": areas,
        "think": args.think,
        "rounds": args.rounds,
        "timeout": 120,
        "step_timeout": 1800,
        "seed": 27,
        "arrival": 2.0,
        "session_ttl": args.session_ttl,
        "chromium_at": [int(s) for s in args.chromium_at.split(",") if s],
    }
    from tests.postgres import postgres_server, wait_until_ready

    # stopped from outside (a timeout, a service manager): still stop the servers it started
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    runs = []
    with postgres_server() as server_url:
        wait_until_ready(server_url)
        for processes in (int(p) for p in args.processes.split(",")):
            runs.append(run_deployment(processes, steps, plan, server_url, ws))
    measured_on["load_1min_end"] = round(os.getloadavg()[0], 1)
    result = {
        "machine": measured_on,
        "workspace": {
            "path": _relative(ws),
            **load_workspace.describe(ws),
            "areas": {k: len(v) for k, v in areas.items()},
        },
        "settings": {k: plan[k] for k in ("think", "rounds", "session_ttl", "chromium_at")},
        "cores": os.cpu_count(),
        "runs": runs,
    }
    result["capacity"] = report.capacity(result)
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    report.print_table(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
