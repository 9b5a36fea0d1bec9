"""Collection administration on the database base (SQLite and PostgreSQL): records saved, versioned
and audited; refusals of roles and areas on a shared server; a register replaced at once or not at
all; the migration 0010 going down and up from 0007."""

from datetime import date

import pytest
import sqlalchemy

from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.auth.roles import PermissionDenied
from analysis.collection.records import CorrectionDueRecord, LaoRecord, OrderRecord, VisitRecord, VolunteerRecord
from analysis.collection.store import CollectionStore
from analysis.db.engine import downgrade, migrate
from analysis.db.errors import ConflictError, RecordInvalid
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)

YEAR = 2567
PASSWORD = "a-long-password-1"
TABLES = {"collection_volunteers", "collection_orders", "checking_visits", "correction_dues", "lao_villages"}


def _order(**changes) -> OrderRecord:
    values = dict(area_code="9901", year=YEAR, order_no="123/2567", order_date=date(2023, 11, 20), level="amphoe")
    return OrderRecord(**{**values, "members": {"chair": 1, "member": 6, "secretary": 1}, **changes})


def test_records_are_saved_versioned_and_audited(db_url):
    store = CollectionStore(db_url)
    saved = store.save("orders", _order(), "สมชาย")
    assert (saved.id, saved.version, saved.updated_by, saved.members["member"]) == (1, 1, "สมชาย", 6)
    saved.members = {"chair": 1, "member": 7, "secretary": 1}
    again = store.save("orders", saved, "มาลี")
    assert again.version == 2
    with pytest.raises(ConflictError):  # saved from the version before
        store.save("orders", _order(id=1, version=1), "สมชาย")
    log = store.audit_log("collection_order")
    assert log["action"].tolist() == ["update", "create"]
    assert log.iloc[0]["changes"] == {"members": [{"chair": 1, "member": 6, "secretary": 1}, again.members]}
    store.save("visits", VisitRecord("99010101", YEAR, date(2024, 1, 20), 3), "สมชาย")
    store.save("volunteers", VolunteerRecord("99010101", YEAR, "collector", 4), "สมชาย")
    store.save("corrections", CorrectionDueRecord("99010101", YEAR, date(2024, 2, 1), date(2024, 2, 8)), "ก")
    store.save("lao", LaoRecord("99010101", "5990101", "อบต.หนองบัว"), "ก")
    assert store.frame("volunteers", "990101", YEAR)["volunteers"].tolist() == [4]
    assert store.frame("volunteers", "990102", YEAR).empty and store.frame("volunteers", "9901", 2566).empty
    assert store.frame("lao", "9901")["lao_name"].tolist() == ["อบต.หนองบัว"]


@pytest.mark.parametrize(
    ("kind", "record", "rule"),
    [
        ("orders", _order(level="tambon"), "collection_order_level"),
        ("orders", _order(members={"chair": 0}), "collection_members_invalid"),
        ("orders", _order(members={"president": 1}), "collection_position_unknown"),
        ("orders", _order(year=2024), "collection_year_invalid"),
        ("orders", _order(order_no=" "), "collection_order_no_missing"),
        ("lao", LaoRecord("99010101", "", "อบต.หนองบัว"), "collection_lao_missing"),
        ("volunteers", VolunteerRecord("99010101", YEAR, "collector", -1), "collection_count_invalid"),
        ("volunteers", VolunteerRecord("99010101", YEAR, "driver", 1), "collection_role_unknown"),
        ("visits", VisitRecord("990101", YEAR, date(2024, 1, 2)), "collection_village_invalid"),
        (
            "corrections",
            CorrectionDueRecord("99010101", YEAR, date(2024, 2, 8), date(2024, 2, 1)),
            "collection_due_before_return",
        ),
    ],
)
def test_invalid_records_are_refused_in_thai(tmp_path, kind, record, rule):
    store = CollectionStore(f"sqlite:///{tmp_path / 'plans.sqlite'}")
    with pytest.raises(RecordInvalid) as refused:
        store.save(kind, record, "สมชาย")
    assert [p[0] for p in refused.value.problems] == [rule]
    assert refused.value.messages("th")[0] and store.frame(kind).empty


def test_only_the_owning_office_edits_on_a_shared_server(db_url):
    store = CollectionStore(db_url)
    accounts = AccountStore(db_url)
    accounts.add(None, "admin", PASSWORD, "admin")
    admin = Authenticator(db_url).authenticate("admin", PASSWORD)
    accounts.add(admin, "officer", PASSWORD, "data_officer", ["990101"])
    accounts.add(admin, "planner", PASSWORD, "planner", ["990101"])
    officer = Authenticator(db_url).authenticate("officer", PASSWORD)
    planner = Authenticator(db_url).authenticate("planner", PASSWORD)
    visit = VisitRecord("99010101", YEAR, date(2024, 1, 20), 2)
    with pytest.raises(PermissionDenied) as role:
        store.save("visits", visit, planner)
    assert role.value.reason == "role"
    with pytest.raises(PermissionDenied) as area:
        store.save("visits", VisitRecord("99010201", YEAR, date(2024, 1, 20)), officer)
    assert area.value.reason == "area"
    with pytest.raises(PermissionDenied) as amphoe:  # the amphoe's order is the amphoe office's
        store.save("orders", _order(), officer)
    assert amphoe.value.reason == "area"
    with pytest.raises(PermissionDenied) as local:
        store.save("visits", visit, "สมชาย")
    assert local.value.reason == "login"
    saved = store.save("visits", visit, officer)
    with pytest.raises(PermissionDenied):  # moving it out of the grant is refused too
        store.save("visits", VisitRecord("99010201", YEAR, visit.visit_date, 2, id=saved.id, version=1), officer)
    with pytest.raises(PermissionDenied):
        store.replace("visits", [], "9901", YEAR, officer)  # removing the amphoe's visits
    assert len(store.frame("visits")) == 1
    entry = store.audit_log("checking_visit").iloc[0]
    assert (entry["actor"], entry["role"], entry["action"]) == ("officer", "data_officer", "create")


def test_a_register_is_replaced_at_once_or_not_at_all(db_url):
    store = CollectionStore(db_url)
    first = [VolunteerRecord("99010101", YEAR, "collector", 3), VolunteerRecord("99010102", YEAR, "collector", 2)]
    assert store.replace("volunteers", first, "990101", YEAR, "ก") == (2, 0, 0)
    assert store.replace("volunteers", first, "990101", YEAR, "ก") == (0, 0, 0)  # the same file again
    second = [VolunteerRecord("99010101", YEAR, "collector", 5), VolunteerRecord("99010103", YEAR, "recorder", 1)]
    assert store.replace("volunteers", second, "990101", YEAR, "ก") == (1, 1, 1)
    frame = store.frame("volunteers", "990101", YEAR)
    assert frame[["village_code", "role", "volunteers"]].values.tolist() == [
        ["99010101", "collector", 5],
        ["99010103", "recorder", 1],
    ]
    log = store.audit_log("volunteers")
    assert sorted(log["action"].tolist()) == ["delete", "import", "import", "import", "import"]
    bad = [VolunteerRecord("99010101", YEAR, "collector", 9), VolunteerRecord("99010201", YEAR, "collector", 1)]
    with pytest.raises(RecordInvalid) as outside:
        store.replace("volunteers", bad, "990101", YEAR, "ก")
    assert [p[0] for p in outside.value.problems] == ["collection_outside_area"]
    assert store.frame("volunteers", "990101", YEAR)["volunteers"].tolist() == [5, 1]  # nothing written


def test_migration_0010_goes_down_to_0007_and_up(db_url):
    migrate(db_url)
    engine = sqlalchemy.create_engine(db_url)
    assert TABLES <= set(sqlalchemy.inspect(engine).get_table_names())
    downgrade(db_url, "0007")
    assert not TABLES & set(sqlalchemy.inspect(engine).get_table_names())
    migrate(db_url)
    assert TABLES <= set(sqlalchemy.inspect(engine).get_table_names())
    engine.dispose()
