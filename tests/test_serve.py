"""`make serve` for real: nginx in front of two app processes, one PostgreSQL, one workspace — what
an office runs. Tabs are driven through the proxy by the load benchmark's protocol client, each
pinned to a process by the proxy's sticky cookie (b1, b2); the proxy's access log says which
process answered."""

from __future__ import annotations

import os
import re
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import websocket
from argon2 import PasswordHasher

import analysis.auth.passwords as passwords
from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.catalogs import load_catalog
from analysis.plans.service import PlanStore
from analysis.store import Workspace
from benchmarks.load.protocol import ProtocolError, Run, StreamlitClient
from scripts.serve import Deployment
from tests.browser import free_port
from tests.postgres import fresh_database

pytestmark = [pytest.mark.serve, pytest.mark.postgres, pytest.mark.slow]
PASSWORD = "a-long-password-1"
SAVED = "บันทึกตารางแล้ว"


@dataclass
class Served:
    deployment: Deployment
    workspace: Workspace
    database_url: str

    def tab(self, node: str, user: str) -> StreamlitClient:
        """A browser tab pinned to process ``node`` (b1, b2), signed in as ``user``."""
        client = StreamlitClient(self.deployment.url, timeout=180)
        client.cookie = f"cia_node={node}"
        client.open()
        signed = client.run(set={"login_username": user, "login_password": PASSWORD}, click="form:login_form")
        assert signed.ok and not client.has("login_username"), signed.errors
        assert "cia_session=" in client.cookie  # the page's one-time code traded for the session cookie
        return client

    def answered_by(self, node: str, path: str = "GET / ") -> set[str]:
        """The processes (ports) that answered requests of tabs carrying the sticky cookie ``node``."""
        log = (self.deployment.run_dir / "access.log").read_text()
        return {m for line in log.splitlines() if path in line and f"cookie={node}" in line for m in _ports(line)}


def _ports(line: str) -> list[str]:
    return re.findall(r"127\.0\.0\.1:(\d+)", line.split('"')[-1])[-1:]


@pytest.fixture(scope="module")
def served(postgres_url, demo_path, tmp_path_factory):
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # the stored hashes carry these parameters
    original = passwords.hasher
    passwords.hasher = lambda: cheap
    root = tmp_path_factory.mktemp("served") / "workspace"
    shutil.copytree(demo_path, root)
    url = fresh_database(postgres_url)
    store = AccountStore(url)
    store.add(None, "admin", PASSWORD, "admin")
    admin = Authenticator(url).authenticate("admin", PASSWORD)
    for name, role, area in (
        ("officer1", "data_officer", "9901"),
        ("officer2", "data_officer", "9901"),
        ("planner1", "planner", "990101"),
        ("planner2", "planner", "990101"),
        ("viewer1", "viewer", "9901"),
    ):
        store.add(admin, name, PASSWORD, role, [area])
    deployment = Deployment(2, free_port(), workspace=root, database_url=url, session_ttl=30)
    deployment.start(timeout=180)
    try:
        yield Served(deployment, Workspace(root), url)
    finally:
        deployment.stop()
        passwords.hasher = original


def households_csv(villages: list[str], per_village: int = 4) -> bytes:
    """A small จปฐ. household file (Thai headers, 1 pass / 0 fail) for the 2566–2570 catalog."""
    ids = [i for i in load_catalog("bmn_2566_2570").indicator_ids if i != "37"]
    lines = ["รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,รายได้," + ",".join(f"ข้อ {i}" for i in ids)]
    for village in villages:
        for house in range(1, per_village + 1):
            answers = ",".join("0" if (house + k) % 3 == 0 else "1" for k in range(len(ids)))
            lines.append(f"{village},{house:04d},3,90000,{answers}")
    return ("\n".join(lines) + "\n").encode()


def import_through(tab: StreamlitClient, name: str, data: bytes, year: int) -> Run:
    """The Data page: upload, the survey year, check, import (the page's own buttons)."""
    tab.run(page="data")
    tab.upload("import_file", name, data)
    tab.run()
    tab.run(set={"import_year": year})
    checked = tab.run(click="validate_button")
    assert checked.ok and tab.has("import_button"), checked.errors or checked.texts[-5:]
    return tab.run(click="import_button")


def pick(tab: StreamlitClient, code: str) -> Run:
    tab.run(set={"pick_search_text": code})
    label = next(o for o in tab.widget("pick_search").options if o.endswith(f"({code})"))
    return tab.run(set={"pick_search": label})


def test_new_visitors_are_spread_and_a_tab_sticks_to_its_process(served):
    nodes = set()
    for _ in range(4):
        visitor = StreamlitClient(served.deployment.url)
        visitor.load_page()
        nodes.add(re.search(r"cia_node=(b\d)", visitor.cookie).group(1))
    assert nodes == {"b1", "b2"}  # nobody chose: the proxy gave both processes visitors
    tab = served.tab("b2", "viewer1")
    pick(tab, "990101")
    tab.run(page="compare")
    tab.close()
    time.sleep(1)  # the websocket's line is logged when it closes
    second = str(served.deployment.ports[1])
    assert served.answered_by("b2", "GET / ") == {second}
    assert served.answered_by("b2", "GET /_stcore/stream") == {second}


def test_an_import_through_one_process_is_seen_by_the_other_without_a_restart(served):
    viewer = served.tab("b2", "viewer1")
    pick(viewer, "990101")
    assert viewer.widget("overview_year").options == ["2564", "2566", "2567"]  # read and cached by b2
    officer = served.tab("b1", "officer1")
    done = import_through(officer, "bmn_2568.csv", households_csv(["99010101", "99010102"]), 2568)
    assert done.ok and done.shows("นำเข้าสำเร็จ"), done.errors or done.texts
    assert viewer.run().ok  # the viewer's next run, in the other process
    assert viewer.widget("overview_year").options == ["2564", "2566", "2567", "2568"]
    officer.close()
    viewer.close()


def _score_and_save(tab: StreamlitClient, value: str = "3") -> Run:
    keys = [k for k in tab.keys("mx_") if k.rsplit(":", 1)[-1] in ("size", "severity", "feasibility", "concern")]
    form = keys[0].split(":", 1)[0]
    return tab.run(set={k: [value] for k in keys}, click=f"form:{form}:scores#2")


def test_a_plan_edit_in_one_process_is_seen_by_the_other_and_racing_edits_lose_nothing(served):
    first, second = served.tab("b1", "planner1"), served.tab("b2", "planner2")
    for tab in (first, second):
        pick(tab, "990101")
        tab.run(page="matrix")
    saved = _score_and_save(first, "2")
    assert saved.shows(SAVED), saved.errors or saved.texts[-5:]
    second.run(page="matrix")  # its next run, in the other process: the saved matrix is offered
    offered = second.widget("matrix_open").options
    assert len(offered) == 2 and offered[1].startswith("เวทีจัดลำดับปัญหา ตำบลหนองบัว")  # "new", and the one saved
    store = PlanStore(served.database_url)
    mine = max((m for m in store.matrices("990101")), key=lambda m: m.id)
    for tab in (first, second):  # both open the same saved matrix (version 1)
        tab.run(page="matrix")
        label = next(o for o in tab.widget("matrix_open").options if o.startswith(mine.title))
        tab.run(set={"matrix_open": label})
    results: dict[str, Run] = {}
    threads = [
        threading.Thread(target=lambda t=tab, n=name: results.__setitem__(n, _score_and_save(t, "4")))
        for name, tab in (("first", first), ("second", second))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes = sorted(r.shows(SAVED) for r in results.values())
    assert outcomes == [False, True]  # one saved; the other refused, never written over it
    refused = next(r for r in results.values() if not r.shows(SAVED))
    assert any("ไม่ได้บันทึกทับ" in e for e in refused.errors), refused.errors  # "saved first by someone else"
    stored = store.matrix(mine.id)
    assert stored.version == 2 and all(i.severity == 4 for i in stored.items)
    history = store.audit_log("matrix", mine.id)
    assert history["action"].tolist().count("update") == 1  # one update written, none lost or doubled
    first.close()
    second.close()


def test_two_imports_at_once_through_two_processes_wait_for_the_workspace_lock(served):
    before = {d.id for d in served.workspace.datasets()}
    one, two = served.tab("b1", "officer1"), served.tab("b2", "officer2")
    results: dict[str, Run] = {}
    with served.workspace.lock():  # a third process (this test) holds the lock: both imports must wait
        threads = [
            threading.Thread(
                target=lambda t=tab, v=villages, n=name: results.__setitem__(
                    n, import_through(t, f"bmn_2569_{n}.csv", households_csv(v, 3), 2569)
                )
            )
            for name, tab, villages in (("one", one, ["99010201"]), ("two", two, ["99010301"]))
        ]
        for thread in threads:
            thread.start()
        time.sleep(8)
        assert {d.id for d in served.workspace.datasets()} == before and not results  # nothing written yet
        reader = served.tab("b1", "viewer1")  # the processes still answer readers meanwhile
        assert pick(reader, "990103").ok
    for thread in threads:
        thread.join(timeout=240)
    assert all(r.ok and r.shows("นำเข้าสำเร็จ") for r in results.values()), {n: r.errors for n, r in results.items()}
    added = [d for d in served.workspace.datasets() if d.id not in before]
    assert sorted(d.year for d in added) == [2569, 2569] and len(added) == 2  # both kept: no lost update
    for tab in (one, two, reader):
        tab.close()


def test_a_killed_process_sends_its_users_to_the_other_still_signed_in_and_is_restarted(served):
    deployment = served.deployment
    viewer = served.tab("b1", "viewer1")
    pick(viewer, "990104")
    victim = deployment.backends[0]
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    with pytest.raises(ProtocolError):  # the tab's connection is gone with its process
        viewer.run(page="rank")
    # the browser reconnects its websocket by itself, carrying its cookies: the proxy sends it to the
    # other process, and the handshake's answer already moves the sticky cookie there
    stream = StreamlitClient(deployment.url).stream_url
    socket = websocket.create_connection(stream, subprotocols=["streamlit"], header=[f"Cookie: {viewer.cookie}"])
    assert "cia_node=b2" in socket.getheaders().get("set-cookie", "")
    socket.close()
    again = StreamlitClient(deployment.url, timeout=180)
    again.cookie = viewer.cookie
    reopened = again.open()
    assert reopened.ok and "cia_node=b2" in again.cookie  # the sticky cookie now names the process that answered
    assert str(deployment.ports[1]) in served.answered_by("b1", "GET / ")  # answered by the other process
    # still signed in: the session cookie the browser got at sign-in is read by the other process
    assert "cia_session=" in again.cookie and not again.has("login_username"), reopened.texts[:4]
    assert pick(again, "990104").ok
    assert again.run(page="rank").shows("จัดลำดับปัญหา")
    assert deployment.restart_dead() == [0]  # the supervisor's step: the process is started again
    deployment.wait_healthy(0, timeout=180)
    back = served.tab("b1", "viewer1")  # its users come back to it
    assert pick(back, "990101").ok
    for tab in (again, back):
        tab.close()
    assert Path(deployment.run_dir / "access.log").exists()


def test_the_load_benchmarks_official_walks_the_whole_journey(served):
    """`make bench-load`'s simulated official, request by request, against the real deployment."""
    import random

    from benchmarks.load.journey import Journey, Official

    villages = [f"990101{n:02d}" for n in range(1, 8)]
    areas = {"province": ["99"], "amphoe": ["9901"], "tambon": ["990101", "990102"], "village": villages}
    records: list[tuple] = []
    tab = StreamlitClient(served.deployment.url, timeout=180)
    official = Official("planner1", PASSWORD, "planner", "990101")
    journey = Journey(tab, official, areas, lambda *record: records.append(record), think=0, rng=random.Random(1))
    journey.sign_in()
    journey.round()
    tab.close()
    assert [r[3] for r in records] == [None] * len(records)  # no request failed or showed an error
    assert [r[0] for r in records if r[0] != "matrix: open saved"] == [
        "open", "sign in", "pick area: search", "pick area: choose", "overview", "compare", "rank", "map",
        "trend", "matrix", "matrix: score and save", "project", "oneplan",
    ]  # fmt: skip
    assert journey.area in ["990101", *villages]  # a planner works on its own tambon
