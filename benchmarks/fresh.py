"""Measured steps in interpreters of their own, each with its own peak memory.

A step is `python -m <module> <args>` started by `run_fresh`; the module calls `quiet()` first and
`report(result)` last. The peak is the step's VmHWM (/proc/self/status), read by the step itself:
the high-water mark of the address space its exec created. Not ru_maxrss: Linux carries the
peak RSS of the address space a process leaves at exec into its rusage, and subprocess starts a
child with vfork (sharing the parent's address space until exec) — so a child's ru_maxrss is at
least its parent's peak. Steps started by the process that had generated the national file all
reported that process's 5.49 GB, whatever they used themselves.

`python -m benchmarks.fresh` is the smallest step (it only reports): the tests use it to show that
a step's peak is not its parent's.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the start of the one stderr line that carries a step's result
MARK = "@@"


def quiet() -> None:
    """No library warnings in a benchmark's output: Streamlit's bare-mode "missing ScriptRunContext"
    and "No runtime found" (hundreds of lines under AppTest), pandas' and pyarrow's FutureWarnings.
    Errors still show. Streamlit resets its own loggers' levels when it reads its config, so the
    logging module's global switch is used, not the loggers' levels."""
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)


def own_peak_mb() -> float:
    """This process's peak resident memory since its exec, in MB (VmHWM)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("/proc/self/status has no VmHWM: the peak memory of a step is measured on Linux only")


def report(result: dict) -> None:
    """A step's last word: its result and its own peak memory, on one marked stderr line."""
    print(MARK + json.dumps(result | {"peak_mb": own_peak_mb()}, ensure_ascii=False), file=sys.stderr, flush=True)


def run_fresh(module: str, *args: str, timeout: int = 3600) -> dict:
    """Run ``python -m module args`` in a new interpreter: its report plus the wall time seen from
    outside (start-up and imports included)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONWARNINGS="ignore")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - started
    lines = [line for line in done.stderr.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(
            f"{module} {' '.join(args)} failed (exit {done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
        )
    result = json.loads(lines[-1][len(MARK) :])
    result["outside_wall_s"] = round(wall, 3)
    return result


def machine() -> dict:
    """What a reader needs to weigh the figures: cores, load (other work on the machine) and versions."""
    import duckdb

    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cores": os.cpu_count(),
        "load_1min": round(os.getloadavg()[0], 1),
        "python": sys.version.split()[0],
        "duckdb": duckdb.__version__,
    }


if __name__ == "__main__":
    quiet()
    report({})
