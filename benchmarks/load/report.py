"""The figures of one ramp step, and the table `make bench-load` prints."""

from __future__ import annotations

import numpy as np

from benchmarks.load.probe import Reading

SIGN_IN = ("open", "sign in")


def _percentiles(seconds: list[float]) -> dict:
    if not seconds:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "max": None}
    values = np.asarray(seconds)
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {
        "n": len(values),
        "p50": round(p50, 3),
        "p95": round(p95, 3),
        "p99": round(p99, 3),
        "max": round(values.max(), 3),
    }


def step_summary(
    users: int,
    out: dict,
    before: Reading,
    idle: Reading,
    after: Reading,
    sampler,
    connections_idle: int,
    swarm_cpu: float,
    browser: dict | None,
) -> dict:
    samples = out["samples"]
    pages = [s[2] for s in samples if s[1] not in SIGN_IN and s[4] is None]
    sign_in = [s[2] for s in samples if s[1] == "sign in" and s[4] is None]
    errors = [s for s in samples if s[4] is not None]
    requests = len(samples)
    by_page: dict[str, list[float]] = {}
    for s in samples:
        if s[4] is None:
            by_page.setdefault(s[1], []).append(s[2])
    cpu = idle.app_cpu - before.app_cpu
    active = max(out["idle_at"] - out["started"], 1e-9)
    return {
        "users": users,
        "requests": requests,
        "pages": _percentiles(pages),
        "sign_in": _percentiles(sign_in),
        "by_page": {name: _percentiles(values) for name, values in sorted(by_page.items())},
        "errors": len(errors) + out["gone"],
        "error_examples": sorted({f"{s[1]}: {s[4]}" for s in errors})[:8],
        "users_lost": out["gone"],
        "active_s": round(active, 1),
        "throughput_rps": round(requests / active, 2),
        "app_cpu_s": round(cpu, 2),
        "app_cpu_per_view_s": round(cpu / requests, 4) if requests else None,
        "app_cores_used": round(cpu / active, 2),
        "db_cpu_per_view_s": round((idle.db_cpu - before.db_cpu) / requests, 4) if requests else None,
        "proxy_cpu_per_view_s": round((idle.proxy_cpu - before.proxy_cpu) / requests, 4) if requests else None,
        "load_generator_cpu_s": round(swarm_cpu, 1),
        # the machine is shared: what everything else (other programs, the load generator, the
        # database, the proxy) took from the cores during the step, and the load average
        "other_cores_used": round(
            (idle.machine_cpu - before.machine_cpu - cpu - (idle.db_cpu - before.db_cpu)) / active, 2
        ),
        "load_average": [before.load_average, idle.load_average],
        "rss_before_mb": round(before.app_rss, 1),
        "rss_peak_mb": round(sampler.peak_rss, 1),
        "rss_idle_mb": round(idle.app_rss, 1),
        "rss_after_leave_mb": round(after.app_rss, 1),
        "rss_per_process_idle_mb": idle.per_process_rss,
        "mb_per_idle_session": round((idle.app_rss - after.app_rss) / users, 2),
        "mb_per_session_over_before": round((idle.app_rss - before.app_rss) / users, 2),
        "db_connections_peak": sampler.peak_connections,
        "db_connections_idle": connections_idle,
        "locust": out["locust"],
        "chromium": browser,
    }


def _s(value) -> str:
    return "–" if value is None else f"{value:.2f}"


HEADER = (
    "| processes | users | page views | p50 s | p95 s | p99 s | sign-in p95 s | errors | CPU s/view | cores used "
    "| RSS idle MB | MB/idle session | RSS after leave MB | DB conns peak/idle | other load (cores) |"
)


def row(processes: int, step: dict) -> str:
    pages = step["pages"]
    return (
        f"| {processes} | {step['users']} | {step['requests']} | {_s(pages['p50'])} | {_s(pages['p95'])} | "
        f"{_s(pages['p99'])} | {_s(step['sign_in']['p95'])} | {step['errors']} | {step['app_cpu_per_view_s']:.3f} | "
        f"{step['app_cores_used']:.2f} | {step['rss_idle_mb']:.0f} | {step['mb_per_idle_session']:.1f} | "
        f"{step['rss_after_leave_mb']:.0f} | {step['db_connections_peak']}/{step['db_connections_idle']} | "
        f"{step['other_cores_used']:.2f} |"
    )


def print_step(processes: int, step: dict) -> None:
    print(row(processes, step), flush=True)
    if step.get("error_examples"):
        print("   errors:", "; ".join(step["error_examples"][:3]), flush=True)
    if step.get("chromium"):
        print_browser(step["chromium"])


def print_idle(processes: int, idle: dict) -> None:
    print(
        f"   idle sessions ({processes} process{'es' if processes > 1 else ''}): {idle['sessions']} tabs signed in on a "
        f"page already computed: {idle['rss_before_mb']:.0f} → {idle['rss_idle_mb']:.0f} MB "
        f"({idle['mb_per_idle_session']:.1f} MB each); after they closed: {idle['rss_after_mb']:.0f} MB "
        f"({idle['mb_returned']:.0f} MB back)",
        flush=True,
    )


def print_browser(check: dict) -> None:
    if check.get("error"):
        print(f"   Chromium check failed: {check['error']}", flush=True)
        return
    print(f"   Chromium beside the protocol client, {check['users']} users (seconds to the script's end):")
    print("     request                      protocol  Chromium: from click / from its message sent / until idle")
    for name, protocol, browser, rendered, from_send in check["rows"]:
        print(f"     {name:28s} {_s(protocol):>8}  {_s(browser):>8} / {_s(from_send):>6} / {_s(rendered):>6}")
    print(
        f"     median: protocol {_s(check['median_protocol'])}  Chromium {_s(check['median_browser'])}"
        f" / {_s(check['median_browser_from_send'])} / {_s(check['median_rendered'])}",
        flush=True,
    )


def held(steps: list[dict], p95_limit: float) -> int:
    """The largest step whose pages' p95 stayed within ``p95_limit`` with no error."""
    ok = [
        s["users"]
        for s in steps
        if s["pages"]["p95"] is not None and s["pages"]["p95"] <= p95_limit and not s["errors"]
    ]
    return max(ok, default=0)


def print_table(result: dict) -> None:
    print(f"\nworkspace: {result['workspace']}")
    print(HEADER)
    print("|---" * (HEADER.count("|") - 1) + "|")
    for run in result["runs"]:
        for step in run["steps"]:
            print(row(run["processes"], step))
    for run in result["runs"]:
        if run.get("idle_sessions"):
            print_idle(run["processes"], run["idle_sessions"])
    for limit, row_ in capacity(result).items():
        held_by = ", ".join(f"{k} process{'es' if int(k) > 1 else ''}: {n}" for k, n in row_.items())
        print(f"sessions held at p95 ≤ {limit} s without errors — {held_by}")


def capacity(result: dict, limits: tuple[float, ...] = (1.0, 2.0, 3.0, 5.0)) -> dict[str, dict[str, int]]:
    """For each p95 limit, the largest step each number of processes held (no errors, p95 within)."""
    return {
        f"{limit:g}": {str(run["processes"]): held(run["steps"], limit) for run in result["runs"]} for limit in limits
    }


def render_readme(report: dict, before: dict | None = None) -> list[str]:
    """The README's lines for a `make bench-load` run (benchmarks.readme puts them in place, after
    the machine's description)."""
    from benchmarks import goals

    space = report["workspace"]
    lines = [
        f"Workspace: {space['households']:,} households × 2 survey years ({space['areas']['village']:,} "
        f"villages{', real amphoe and tambon boundaries' if space.get('boundaries') else ''}); PostgreSQL plans; "
        f"think time {report['settings']['think']:g} s ± 50%, {report['settings']['rounds']} journeys per official, "
        "all signing in at once; nginx in front. *Other load* is what the rest of the machine used meanwhile.",
        "",
        "| processes | officials | page views | p50 | p95 | p99 | sign-in p95 | errors | CPU per view | "
        "other load | memory idle | per idle session | DB connections |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in report["runs"]:
        for step in run["steps"]:
            pages = step["pages"]
            lines.append(
                f"| {run['processes']} | {step['users']} | {step['requests']:,} | {pages['p50']:.2f} s | "
                f"{pages['p95']:.2f} s | {pages['p99']:.2f} s | {step['sign_in']['p95']:.1f} s | {step['errors']} | "
                f"{step['app_cpu_per_view_s']:.3f} s | {step['other_cores_used']:.2f} cores | "
                f"{step['rss_idle_mb']:,.0f} MB | {step['mb_per_session_over_before']:.1f} MB | "
                f"{step['db_connections_peak']} |"
            )
    held = capacity(report)[f"{goals.LOAD_P95_S:g}"]
    counts = ", ".join(f"{k} process{'es' if int(k) > 1 else ''} {n}" for k, n in held.items())
    lines += ["", f"- Officials held at p95 ≤ {goals.LOAD_P95_S:g} s without errors (goal {goals.LOAD_SESSIONS}, and "
              f"2 processes ≥ {goals.LOAD_SCALE:g}× one): {counts}."]  # fmt: skip
    for run in report["runs"]:
        processes = f"{run['processes']} process{'es' if run['processes'] > 1 else ''}"
        if run.get("idle_sessions"):
            idle = run["idle_sessions"]
            lines.append(
                f"- Idle sessions, {processes}: {idle['sessions']} tabs signed in on a page already computed took "
                f"{idle['mb_per_idle_session']:.1f} MB each (goal ≤ {goals.LOAD_MB_PER_SESSION:g}); "
                f"{idle['mb_returned']:.0f} MB came back after they closed."
            )
        for step in run["steps"]:
            check = step.get("chromium") or {}
            if check.get("rows"):
                lines.append(
                    f"- Chromium beside the protocol client, {processes}, {check['users']} officials (median of the "
                    f"journey's requests to the script's end): protocol {check['median_protocol']:.2f} s, Chromium "
                    f"{check['median_browser']:.2f} s from the click "
                    f"({check.get('median_browser_from_send', float('nan')):.2f} s from its own message), "
                    f"{check['median_rendered']:.2f} s until the page is idle."
                )
    if before:
        first = before["runs"][0]
        cells = "; ".join(
            f"{s['users']}: p95 {s['pages']['p95']:.1f} s, {s['app_cpu_per_view_s']:.2f} s CPU per view"
            for s in first["steps"]
        )
        lines.append(
            f"- Before issue 27's changes (`bench-results/load-before.json`, 1 process, same benchmark): {cells}."
        )
    return lines
