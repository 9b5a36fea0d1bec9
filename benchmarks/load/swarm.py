"""One ramp step of `make bench-load`: N officials at once, as Locust users (gevent).

    python -m benchmarks.load.swarm PLAN.json OUT.json

PLAN.json (written by benchmarks.load.__main__): the proxy's URL, the accounts (one per user),
the areas to draw from, think time, rounds, the step's size and a file whose appearance tells
the users to leave. Each user opens its tab, signs in and walks ``rounds`` journeys; then it
stays connected, idle (its session still open in the server), until told to leave. The swarm
prints "@@idle" when every user is idle, and writes OUT.json when they have left: every request
(name, seconds, bytes, error) and Locust's own statistics.
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402 - after gevent's patching, as Locust requires
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import User, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.exception import StopUser  # noqa: E402

from benchmarks.load.journey import Journey, JourneyError, Official  # noqa: E402
from benchmarks.load.protocol import ProtocolError, StreamlitClient  # noqa: E402

PLAN: dict = {}
SAMPLES: list[tuple] = []
STATE = {"next": 0, "idle": 0, "gone": 0}


class Tab(User):
    """One official's browser tab."""

    wait_time = constant(0)  # the journey thinks between its own requests

    def on_start(self) -> None:
        account = PLAN["accounts"][STATE["next"] % len(PLAN["accounts"])]
        STATE["next"] += 1
        self.official = Official(account["username"], PLAN["password"], account["role"], account["area"])
        self.rng = random.Random(f"{PLAN['seed']}-{account['username']}")
        self.rounds = 0
        self.idle = False
        self._connect()

    def _connect(self) -> None:
        self.tab = StreamlitClient(PLAN["host"], timeout=PLAN["timeout"])
        self.journey = Journey(
            self.tab, self.official, PLAN["areas"], self.record, PLAN["think"], self.rng, gevent.sleep
        )
        try:
            gevent.sleep(self.rng.uniform(0, PLAN.get("arrival", 0)))
            self.journey.sign_in()
        except (ProtocolError, JourneyError, OSError):
            self._leave()

    def record(self, name: str, seconds: float, size: int, error: Exception | None) -> None:
        events.request.fire(
            request_type="st",
            name=name,
            response_time=seconds * 1000,
            response_length=size,
            exception=error,
            context={"user": self.official.username},
        )
        SAMPLES.append((round(time.time(), 3), name, round(seconds, 4), size, str(error)[:300] if error else None))

    @task
    def walk(self) -> None:
        if self.rounds >= PLAN["rounds"]:
            if not self.idle:
                self.idle = True
                STATE["idle"] += 1
            gevent.sleep(1)
            return
        try:
            self.journey.round()
        except JourneyError:
            self.journey.pause()  # recorded; the next round starts from a new area
        except (ProtocolError, OSError):  # the connection is gone: a browser reconnects and signs in again
            self.tab.close()
            self._connect()
        self.rounds += 1

    def _leave(self) -> None:
        STATE["gone"] += 1
        self.idle = True
        raise StopUser()

    def on_stop(self) -> None:
        self.tab.close()


def main(plan_path: str, out_path: str) -> int:
    PLAN.update(json.loads(Path(plan_path).read_text(encoding="utf-8")))
    users = int(PLAN["users"])
    env = Environment(user_classes=[Tab], host=PLAN["host"], events=events)
    runner = env.create_local_runner()
    started = time.time()
    runner.start(users, spawn_rate=users)  # every tab opens at once
    deadline = time.monotonic() + PLAN["step_timeout"]
    while STATE["idle"] + STATE["gone"] < users and time.monotonic() < deadline:
        gevent.sleep(0.5)
    idle_at = time.time()
    print(f"@@idle {STATE['idle']} {STATE['gone']}", flush=True)
    leave = Path(PLAN["leave_file"])
    while not leave.exists():
        gevent.sleep(0.2)
    runner.quit()
    left_at = time.time()
    stats = {
        name: {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "median_ms": entry.median_response_time,
            "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
            "max_ms": entry.max_response_time,
        }
        for (name, _), entry in env.stats.entries.items()
    }
    errors = {str(key): error.occurrences for key, error in env.stats.errors.items()}
    report = {
        "users": users,
        "idle": STATE["idle"],
        "gone": STATE["gone"],
        "started": started,
        "idle_at": idle_at,
        "left_at": left_at,
        "samples": SAMPLES,
        "locust": stats,
        "locust_errors": errors,
    }
    Path(out_path).write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
