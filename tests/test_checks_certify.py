"""The certification state machine on SQLite and PostgreSQL: the declared order with no skipping,
a change from an old version refused with nothing written, the audit log, roles and areas, and the
migration 0005 going down and up."""

import pytest
import sqlalchemy

from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.auth.roles import PermissionDenied
from analysis.checks.certify import CertificationStore, TransitionError
from analysis.checks.config import next_statuses
from analysis.db.engine import downgrade, migrate
from analysis.db.errors import ConflictError
from analysis.validation import rules
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)

VILLAGE, YEAR = "99010101", 2567
PASSWORD = "a-long-password-1"


def test_the_declared_order():
    assert next_statuses("not_checked") == ["checked"]
    assert next_statuses("checked") == ["returned", "certified"]
    assert next_statuses("returned") == ["checked"]
    assert next_statuses("certified") == ["returned"]


def test_a_village_goes_through_every_step_and_each_is_audited(db_url):
    store = CertificationStore(db_url)
    assert store.record(VILLAGE, YEAR).status == "not_checked" and store.record(VILLAGE, YEAR).version is None
    checked = store.transition(VILLAGE, YEAR, "checked", None, "สมชาย", "ตรวจแล้ว", {"households": 3})
    assert (checked.status, checked.version, checked.updated_by) == ("checked", 1, "สมชาย")
    returned = store.transition(VILLAGE, YEAR, "returned", 1, "สมชาย", "แก้ข้อ 4 สามครัวเรือน")
    again = store.transition(VILLAGE, YEAR, "checked", 2, "มาลี", "แก้แล้ว")
    certified = store.transition(VILLAGE, YEAR, "certified", 3, "มาลี", "เวทีรับรอง 12 ก.พ.")
    assert (returned.version, again.version, certified.version) == (2, 3, 4)
    stored = store.record(VILLAGE, YEAR)
    assert (stored.status, stored.note, stored.updated_by) == ("certified", "เวทีรับรอง 12 ก.พ.", "มาลี")
    history = store.history(VILLAGE, YEAR)
    assert history["changes"].map(lambda c: c["status"]).tolist() == [
        ["checked", "certified"],
        ["returned", "checked"],
        ["checked", "returned"],
        ["not_checked", "checked"],
    ]
    assert history["actor"].tolist() == ["มาลี", "มาลี", "สมชาย", "สมชาย"]
    assert history["changes"].iloc[2]["note"] == "แก้ข้อ 4 สามครัวเรือน"
    assert (history["role"] == "local").all() and not history["verified"].any()
    statuses = store.statuses("990101", YEAR)
    assert statuses[["village_code", "status", "version"]].values.tolist() == [[VILLAGE, "certified", 4]]
    assert store.statuses("990102", YEAR).empty and store.statuses("990101", 2566).empty


@pytest.mark.parametrize(
    "steps, target",
    [
        ([], "certified"),  # not checked → certified: skips checking
        ([], "returned"),
        (["checked", "returned"], "certified"),  # returned → certified: must be checked again
        (["checked"], "checked"),
        (["checked", "certified"], "checked"),
        ([], "approved"),  # not a status at all
    ],
)
def test_skipping_a_step_is_refused_and_nothing_is_written(db_url, steps, target):
    store = CertificationStore(db_url)
    version = None
    for step in steps:
        version = store.transition(VILLAGE, YEAR, step, version, "สมชาย").version
    before = store.record(VILLAGE, YEAR)
    with pytest.raises(TransitionError) as error:
        store.transition(VILLAGE, YEAR, target, version, "สมชาย")
    # the message of certify_transition_invalid, its fixed end after the two statuses
    assert error.value.messages("th")[0].endswith(rules()["certify_transition_invalid"]["th"].rsplit("}", 1)[1])
    after = store.record(VILLAGE, YEAR)
    assert (after.status, after.version) == (before.status, before.version)
    assert len(store.history(VILLAGE, YEAR)) == len(steps)


def test_a_change_from_an_old_version_is_refused(db_url):
    store = CertificationStore(db_url)
    store.transition(VILLAGE, YEAR, "checked", None, "สมชาย")
    # two officers opened version 1; the first returns the village, the second's certification is refused
    store.transition(VILLAGE, YEAR, "returned", 1, "สมชาย", "แก้ไข")
    with pytest.raises(ConflictError) as error:
        store.transition(VILLAGE, YEAR, "certified", 1, "มาลี")
    assert error.value.current_version == 2
    assert store.record(VILLAGE, YEAR).status == "returned"
    # a second "first step" from someone who saw the village not checked
    with pytest.raises(ConflictError):
        store.transition(VILLAGE, YEAR, "checked", None, "มาลี")
    assert len(store.history(VILLAGE, YEAR)) == 2


def test_roles_and_areas_on_a_shared_server(db_url):
    store = CertificationStore(db_url)
    accounts = AccountStore(db_url)
    accounts.add(None, "admin", PASSWORD, "admin")
    admin = Authenticator(db_url).authenticate("admin", PASSWORD)
    accounts.add(admin, "officer", PASSWORD, "data_officer", ["990101"])
    accounts.add(admin, "planner", PASSWORD, "planner", ["990101"])
    officer = Authenticator(db_url).authenticate("officer", PASSWORD)
    planner = Authenticator(db_url).authenticate("planner", PASSWORD)
    with pytest.raises(PermissionDenied) as refused:
        store.transition(VILLAGE, YEAR, "checked", None, planner)
    assert refused.value.reason == "role"
    with pytest.raises(PermissionDenied) as outside:
        store.transition("99010201", YEAR, "checked", None, officer)
    assert outside.value.reason == "area"
    with pytest.raises(PermissionDenied) as local:
        store.transition(VILLAGE, YEAR, "checked", None, "สมชาย")  # no local user on a shared server
    assert local.value.reason == "login"
    saved = store.transition(VILLAGE, YEAR, "checked", None, officer, "ตรวจ")
    saved = store.transition(VILLAGE, YEAR, "certified", saved.version, officer)
    entry = store.history(VILLAGE, YEAR).iloc[0]
    assert (entry["actor"], entry["role"], bool(entry["verified"])) == ("officer", "data_officer", True)
    assert store.statuses(None, YEAR)["status"].tolist() == ["certified"]


def test_migration_0005_adds_and_removes_the_certification_table(db_url):
    migrate(db_url)
    engine = sqlalchemy.create_engine(db_url)
    with engine.connect() as connection:
        assert "village_certifications" in sqlalchemy.inspect(connection).get_table_names()
    downgrade(db_url, "0004")
    with engine.connect() as connection:
        tables = set(sqlalchemy.inspect(connection).get_table_names())
    assert "village_certifications" not in tables and "contest_evidence" in tables
    migrate(db_url)
    with engine.connect() as connection:
        assert "village_certifications" in sqlalchemy.inspect(connection).get_table_names()
    engine.dispose()
