"""What a server process keeps once for all its sessions (issue 27): the area register shared by
every Workspace object of a workspace, rebuilt when the data changes."""

from analysis.store import Workspace


def test_the_register_is_built_once_per_workspace_and_generation(demo_workspace):
    first = Workspace(demo_workspace.root).register()
    assert Workspace(demo_workspace.root).register() is first  # another session's Workspace, same data
    names = first.display_names(["99010105"], "th")
    assert names == {"99010105": "บ้านสร้างแก้ว (หมู่ 5)"}
    custom = demo_workspace.root / "areas" / "custom_areas.csv"
    custom.write_text(
        custom.read_text(encoding="utf-8").replace("9901,amphoe,สาธิต", "9901,amphoe,ทดลอง"), encoding="utf-8"
    )
    renamed = Workspace(demo_workspace.root).register()
    assert renamed is not first and renamed.display_name("9901", "th") == "อำเภอทดลอง (สมมติ)"
    demo_workspace.rebuild()  # a new generation of area tables (what an import writes)
    assert Workspace(demo_workspace.root).register() is not renamed


def test_area_search_among_the_areas_with_data(demo_workspace):
    register = Workspace(demo_workspace.root).register()
    codes = frozenset({"9901", "990101", "99010101", "99010102"})
    assert register.search("9901", 10, codes) == ["9901", "990101", "99010101", "99010102"]
    assert register.search("หนองบัว", 10, codes) == ["990101", "99010101"]  # the tambon and its village 1
    assert register.search("9901", 10, codes) == ["9901", "990101", "99010101", "99010102"]  # the kept rows
    assert register.search("9901", 10, frozenset({"990102"})) == ["990102"]  # another set: its own rows
    assert register.search("หนองบัว", 2) == ["39", "3605"]  # no set: the whole register (จ.หนองบัวลำภู, อ.หนองบัวแดง)


def test_pages_leave_the_results_shared_by_all_sessions_as_they_were(demo_workspace, monkeypatch):
    """The analysis results are kept once per process and handed to every session without a copy:
    a page that wrote into one would change what every other session sees. Every analysis page is
    drawn (in "this computer" mode every count is shown, so the frames reach the pages unchanged),
    then the shared results must still equal freshly computed ones."""
    import pandas as pd
    from streamlit.testing.v1 import AppTest

    from analysis import views
    from analysis.mpi import DEFAULT_K
    from dashboard import data_access
    from tests.test_pages import APP

    monkeypatch.setenv("CIA_WORKSPACE", str(demo_workspace.root))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["area"] = "990101"
    at.run()
    for page in ("overview", "compare", "rank", "trend", "map", "oneplan"):
        at.switch_page(f"../pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
    ws = Workspace(demo_workspace.root)
    pairs = [
        (data_access.overview("990101", 2567), views.area_overview(ws, "990101", 2567)),
        (data_access.ranking("990101", 2567, "pct_fail", DEFAULT_K, "th", False),
         views.rank_problems(ws, "990101", 2567, "pct_fail", DEFAULT_K, "th", False)),
        (data_access.comparison("990101", 2567, 2566, "village"), views.compare_children(ws, "990101", 2567, 2566, "village")),
        (data_access.trend("990101"), views.trend(ws, "990101")),
    ]  # fmt: skip
    for shared, fresh in pairs:
        for name, value in vars(fresh).items():
            if isinstance(value, pd.DataFrame):
                pd.testing.assert_frame_equal(getattr(shared, name), value, obj=f"{type(fresh).__name__}.{name}")


def test_sign_ins_at_once_hash_two_passwords_at_a_time(monkeypatch):
    """A room signing in together: Argon2's 64 MiB per password, two at a time per process."""
    import threading
    import time

    import analysis.auth.passwords as passwords

    running, most = [0], [0]
    lock = threading.Lock()

    class Slow:
        def verify(self, stored, password):
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.05)
            with lock:
                running[0] -= 1
            return password == "right"

    monkeypatch.setattr(passwords, "hasher", lambda: Slow())
    results = []
    threads = [
        threading.Thread(target=lambda p=p: results.append(passwords.verify_password("$argon2id$stored", p)))
        for p in ["right", "wrong"] * 5
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 2 and sorted(results) == [False] * 5 + [True] * 5
