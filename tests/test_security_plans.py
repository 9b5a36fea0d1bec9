"""Every plan write per role (table-driven) through the real service on SQLite and PostgreSQL; the
audit log records the account and its role; the data-event hook; the projects workbook's version
rule and two racing imports."""

import io
import threading
from dataclasses import dataclass, replace

import openpyxl
import pytest

from analysis.auth.accounts import AccountStore
from analysis.auth.guard import check_write, record_data_event
from analysis.auth.login import Authenticator
from analysis.auth.roles import PermissionDenied, local_actor
from analysis.db.errors import ConflictError
from analysis.plans.exports import projects_workbook
from analysis.plans.imports import check_versions, read_projects_workbook
from analysis.plans.records import MatrixItemRecord, MatrixRecord, PinRecord
from analysis.plans.service import PlanStore, import_projects
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.test_plans_store import project

PASSWORD = "a-long-password-1"
# role → granted areas of the test accounts
ACCOUNTS = {"viewer": ["990101"], "planner": ["990101"], "data_officer": ["9901"], "admin": []}


@pytest.fixture
def shared(db_url):
    """A shared-server plans database: one project and one matrix in 990101 and one in 990102 (made
    by the local user before the first account), then an account per role."""
    store = PlanStore(db_url)
    store.create_project(project(area_code="990101", villages=[]), "สมชาย")
    store.create_project(project(area_code="990102", villages=[]), "สมชาย")
    store.save_matrix(matrix("990101"), "สมชาย")
    store.create_pin(pin("99010101"), "สมชาย")
    accounts = AccountStore(db_url)
    accounts.add(None, "admin", PASSWORD, "admin")
    admin = Authenticator(db_url).authenticate("admin", PASSWORD)
    for role, areas in ACCOUNTS.items():
        if role != "admin":
            accounts.add(admin, f"{role}1", PASSWORD, role, areas)
    return store


def actor_of(url: str, role: str):
    return Authenticator(url).authenticate("admin" if role == "admin" else f"{role}1", PASSWORD)


def matrix(area: str) -> MatrixRecord:
    return MatrixRecord(area, 2567, "เวที", items=[MatrixItemRecord("ปัญหา", 4, 3, 2, 4, indicator_id="29")])


def pin(village: str | None) -> PinRecord:
    return PinRecord(category="otop", name="กลุ่มทอผ้า", lat=15.45, lon=103.05, village_code=village)


@dataclass
class Write:
    name: str
    run: object  # (store, actor) -> None
    area: str


def _update_project(project_id, area=None):
    def run(store, actor):
        record = store.project(project_id)
        record.title = "แก้แล้ว"
        if area:
            record.area_code = area
        store.update_project(record, actor)

    return run


def _delete_project(project_id):
    return lambda store, actor: store.delete_project(project_id, store.project(project_id).version, actor)


def _revise_matrix(store, actor):
    record = store.matrix(1)
    record.title = "เวทีแก้ไข"
    store.save_matrix(record, actor)


def _update_pin(store, actor):
    record = store.pins()[0]
    record.name = "ย้ายชื่อ"
    store.update_pin(record, actor)


WRITES = [
    Write(
        "create project 990101", lambda s, a: s.create_project(project(area_code="990101", villages=[]), a), "990101"
    ),
    Write(
        "create project 990102", lambda s, a: s.create_project(project(area_code="990102", villages=[]), a), "990102"
    ),
    Write("update project 990101", _update_project(1), "990101"),
    Write("update project 990102", _update_project(2), "990102"),
    Write("move project 990101 → 990102", _update_project(1, "990102"), "990102"),
    Write("delete project 990101", _delete_project(1), "990101"),
    Write("delete project 990102", _delete_project(2), "990102"),
    Write("create matrix 990101", lambda s, a: s.save_matrix(matrix("990101"), a), "990101"),
    Write("create matrix 990102", lambda s, a: s.save_matrix(matrix("990102"), a), "990102"),
    Write("revise matrix 990101", _revise_matrix, "990101"),
    Write("create pin 99010101", lambda s, a: s.create_pin(pin("99010101"), a), "990101"),
    Write("create pin 99010201", lambda s, a: s.create_pin(pin("99010201"), a), "990102"),
    Write("create pin without a village", lambda s, a: s.create_pin(pin(None), a), None),
    Write("update pin 99010101", _update_pin, "990101"),
    Write("delete pin 99010101", lambda s, a: s.delete_pin(1, s.pins()[0].version, a), "990101"),
    Write("import pins 990101 + 990102", lambda s, a: s.import_pins([pin("99010101"), pin("99010201")], a), "990102"),
    Write("import projects 990101", lambda s, a: import_projects(s, [project(villages=[])], a), "990101"),
    Write(
        "import projects 990102",
        lambda s, a: import_projects(s, [project(area_code="990102", villages=[])], a),
        "990102",
    ),
]
# the role table for plan writes, by hand: who may write in which area
ALLOWED = {
    "viewer": set(),
    "planner": {"990101"},  # granted 990101 only
    "data_officer": set(),  # imports data, not plans
    "admin": {"990101", "990102", None},
}


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_each_plan_write_is_allowed_or_refused_as_the_role_table_says(shared, db_url, role):
    actor = actor_of(db_url, role)
    outcomes = {}
    for write in WRITES:
        before = shared.audit_log()
        try:
            write.run(shared, actor)
        except PermissionDenied:
            outcomes[write.name] = False
            assert shared.audit_log().equals(before), f"{write.name}: a refused write changed something"
        else:
            outcomes[write.name] = True
            assert shared.audit_log().iloc[0]["actor"] == actor.name
        if outcomes[write.name]:
            _reset(shared, db_url)
    expected = {w.name: w.area in ALLOWED[role] for w in WRITES}
    assert outcomes == expected


def _reset(store: PlanStore, url: str) -> None:
    """Put back what an allowed write removed, so the next write finds the same records."""
    admin = actor_of(url, "admin")
    ids = {p.id for p in store.projects()}
    for wanted in (1, 2):
        if wanted not in ids:
            store.create_project(project(area_code=f"99010{wanted}", villages=[]), admin)
    if not store.pins("99010101"):
        store.create_pin(pin("99010101"), admin)


def test_the_audit_log_records_the_account_and_its_role(shared, db_url):
    planner = actor_of(db_url, "planner")
    saved = shared.create_project(project(area_code="990101", villages=[]), planner)
    audit = shared.audit_log("project", saved.id).iloc[0]
    assert (audit["actor"], audit["role"], bool(audit["verified"])) == ("planner1", "planner", True)
    assert shared.project(saved.id).created_by == "planner1"
    local = shared.audit_log("project", 1).iloc[-1]  # made before the first account, by a typed name
    assert (local["actor"], local["role"], bool(local["verified"])) == ("สมชาย", "local", False)


def test_the_local_user_may_not_write_on_a_shared_server(shared):
    for name in ("สมชาย", local_actor("สมชาย"), None):
        with pytest.raises(PermissionDenied) as error:
            shared.create_project(project(villages=[]), name)
        assert error.value.reason == "login"
    assert len(shared.projects()) == 2


def test_an_account_disabled_after_sign_in_cannot_write(shared, db_url):
    planner = actor_of(db_url, "planner")
    AccountStore(db_url).set_active(actor_of(db_url, "admin"), "planner1", False)
    with pytest.raises(PermissionDenied) as error:
        shared.create_project(project(villages=[]), planner)
    assert error.value.reason == "inactive"


def test_data_events_are_audited_with_the_account(shared, db_url):
    officer = actor_of(db_url, "data_officer")
    current = check_write(db_url, officer, "import_data", "990101")
    record_data_event(db_url, current, "import", "bmn_2567_abc123", "bmn 2567: 1,234 households", {"rows": 1234})
    with pytest.raises(PermissionDenied):
        check_write(db_url, officer, "delete_data", "990101")  # deleting is the administrator's
    with pytest.raises(PermissionDenied):
        check_write(db_url, officer, "import_data", "3101")  # outside the granted amphoe
    admin = actor_of(db_url, "admin")
    record_data_event(db_url, check_write(db_url, admin, "delete_data", None), "delete", "bmn_2567_abc123")
    audit = shared.audit_log("dataset")
    assert audit["action"].tolist() == ["delete", "import"]
    assert audit["entity_key"].tolist() == ["bmn_2567_abc123"] * 2
    assert audit["actor"].tolist() == ["admin", "data_officer1"]
    assert audit["role"].tolist() == ["admin", "data_officer"]
    assert audit.iloc[1]["changes"] == {"rows": 1234} and audit.iloc[1]["summary"] == "bmn 2567: 1,234 households"
    with pytest.raises(ValueError, match="unknown data event"):
        record_data_event(db_url, admin, "explode", "x")


def workbook_with(store: PlanStore, title: str, version: object = "keep") -> bytes:
    """The projects workbook of project 1 with its title changed (and its version cell, if given)."""
    book = openpyxl.load_workbook(io.BytesIO(projects_workbook([store.project(1)])))
    sheet = book["โครงการ"]
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index("ชื่อโครงการ") + 1).value = title
    if version != "keep":
        sheet.cell(row=2, column=headers.index("ฉบับที่") + 1).value = version
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_blank_version_for_a_stored_project_is_refused(db_url):
    store = PlanStore(db_url)
    store.create_project(project(villages=[]), "สมชาย")
    records, report = read_projects_workbook(workbook_with(store, "ไม่มีฉบับ", version=None), "blank.xlsx")
    assert records[0].version is None and not report.has_errors
    check_versions(records, {1: 1}, report, "blank.xlsx")
    problem = next(p for p in report.problems if p.rule == "plan_version_missing")
    assert problem.message_th == ("โครงการ 1 มีอยู่ในระบบแล้ว แต่แถวนี้ไม่ระบุฉบับ (ฉบับในระบบ 1) — ส่งออกไฟล์ใหม่แล้วแก้ไขในไฟล์นั้น")
    assert problem.severity == "error" and problem.column == "โครงการ"
    with pytest.raises(ConflictError):  # the service refuses it too, whoever calls it
        import_projects(store, records, "สมชาย")
    assert store.project(1).title == "โครงการเพิ่มรายได้" and store.project(1).version == 1


def race(store: PlanStore, files: dict[str, bytes]) -> dict[str, object]:
    """Two imports started together: who → (created, updated) or "refused"."""
    records = {who: read_projects_workbook(data, "f.xlsx")[0] for who, data in files.items()}
    barrier, results = threading.Barrier(len(records)), {}

    def run(who):
        barrier.wait()
        try:
            results[who] = import_projects(store, records[who], who)
        except ConflictError:
            results[who] = "refused"

    threads = [threading.Thread(target=run, args=(who,)) for who in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


ROUNDS = 50


def test_two_racing_imports_of_a_versioned_workbook_lose_no_update(db_url):
    """Each round two people import a workbook exported at the same version: exactly one wins, the
    other is refused, and the stored project is the winner's."""
    store = PlanStore(db_url)
    store.create_project(project(villages=[]), "สมชาย")
    lost = 0
    for round_ in range(ROUNDS):
        results = race(store, {who: workbook_with(store, f"รอบ {round_} โดย {who}") for who in ("ก", "ข")})
        assert sorted(results.values(), key=str) == [(0, 1), "refused"], results
        winner = next(who for who, result in results.items() if result == (0, 1))
        lost += store.project(1).title != f"รอบ {round_} โดย {winner}"
        assert store.project(1).version == round_ + 2
    assert lost == 0
    assert (store.audit_log("project", 1)["action"] == "import").sum() == ROUNDS


def test_two_racing_imports_with_blank_versions_overwrite_nothing(db_url):
    """The issue's case (15 lost updates in 50 rounds): blank version cells. Both imports are now
    refused every round, so neither silently overwrites the other or anyone's save."""
    store = PlanStore(db_url)
    store.create_project(project(villages=[]), "สมชาย")
    for round_ in range(ROUNDS):
        files = {who: workbook_with(store, f"รอบ {round_} โดย {who}", version=None) for who in ("ก", "ข")}
        assert race(store, files) == {"ก": "refused", "ข": "refused"}
    stored = store.project(1)
    assert (stored.title, stored.version) == ("โครงการเพิ่มรายได้", 1)
    assert store.audit_log("project", 1)["action"].tolist() == ["create"]


def test_an_authorised_workbook_import_is_all_or_nothing(shared, db_url):
    planner = actor_of(db_url, "planner")
    ours, theirs = shared.project(1), shared.project(2)
    ours.title, theirs.title = "ของเรา", "ของตำบลอื่น"
    with pytest.raises(PermissionDenied):
        import_projects(shared, [ours, theirs], planner)  # the second row is another tambon's
    assert shared.project(1).title == "โครงการเพิ่มรายได้"  # the first row was not saved either
    assert import_projects(shared, [replace(ours)], planner) == (0, 1)
    assert shared.project(1).title == "ของเรา"
