"""Plans storage on SQLite and on a real PostgreSQL server (db_url runs each test on both)."""

from datetime import date

import pytest
import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from analysis.db.engine import downgrade, engine_for, migrate
from analysis.db.errors import ConflictError
from analysis.db.errors import RecordInvalid as RecordInvalid
from analysis.db.models import Base
from analysis.plans.models import Project
from analysis.plans.records import KPI, Budget, MatrixItemRecord, MatrixRecord, ProjectRecord, VillageCover
from analysis.plans.service import PlanStore


def project(**changes) -> ProjectRecord:
    record = ProjectRecord(
        area_code="990101",
        plan_level="tambon",
        title="โครงการเพิ่มรายได้",
        status="proposed",
        domain="income",
        catalog_id="bmn_2566_2570",
        indicator_id="29",
        survey_year=2567,
        baseline_pct_fail=30.0,
        baseline_fail=385,
        baseline_applicable=1283,
        problem="รายได้ต่ำ",
        causes="ขาดตลาด",
        objective="เพิ่มรายได้",
        target_group="385 ครัวเรือน",
        inputs="งบ คน",
        activities="อบรม",
        outputs="120 ครัวเรือน",
        outcomes="รายได้เพิ่ม",
        impact="ผ่านเกณฑ์",
        responsible_agency="พช.อำเภอ",
        start_date=date(2025, 10, 1),
        end_date=date(2026, 9, 30),
        villages=[VillageCover("99010101", 65), VillageCover("99010107", 99)],
        kpis=[KPI("ร้อยละผ่านเกณฑ์รายได้", "bmn_2566_2570", "29", "%", 70.0, 2567, 85.0, 2568)],
        budgets=[Budget(2569, "cdd", 150000.0), Budget(2569, "lao", 80000.5), Budget(2570, "pao", 200000.0)],
    )
    for key, value in changes.items():
        setattr(record, key, value)
    return record


def test_migrations_create_the_models_schema_and_go_down_and_up(db_url):
    migrate(db_url)
    engine = sqlalchemy.create_engine(db_url)
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        tables = set(sqlalchemy.inspect(connection).get_table_names())
    assert diffs == [], "models and migrations disagree"
    assert {
        "projects",
        "project_kpis",
        "project_budgets",
        "project_villages",
        "priority_matrices",
        "matrix_items",
        "audit_log",
    } <= tables
    downgrade(db_url, "base")
    with engine.connect() as connection:
        assert set(sqlalchemy.inspect(connection).get_table_names()) <= {"alembic_version"}
    migrate(db_url)
    with engine.connect() as connection:
        assert "projects" in sqlalchemy.inspect(connection).get_table_names()
    engine.dispose()


def test_project_round_trip_through_the_database(db_url):
    store = PlanStore(db_url)
    saved = store.create_project(project(), "สมชาย")
    assert (saved.id, saved.version, saved.created_by) == (1, 1, "สมชาย")
    loaded = store.project(saved.id)
    assert loaded.content() == project().content()
    assert loaded.total_budget == pytest.approx(430000.5)
    assert [p.id for p in store.projects("9901")] == [1] and store.projects("31") == []


def test_update_bumps_the_version_and_audits_the_change(db_url):
    store = PlanStore(db_url)
    saved = store.create_project(project(), "สมชาย")
    saved.title, saved.status = "โครงการเพิ่มรายได้ครัวเรือน", "approved"
    saved.budgets.append(Budget(2571, "ngo", 50000.0))
    updated = store.update_project(saved, "สมหญิง")
    assert (updated.version, updated.updated_by) == (2, "สมหญิง")
    audit = store.audit_log("project", saved.id)
    assert audit["action"].tolist() == ["update", "create"]
    assert audit["actor"].tolist() == ["สมหญิง", "สมชาย"]
    changes = audit.iloc[0]["changes"]
    assert changes["title"] == ["โครงการเพิ่มรายได้", "โครงการเพิ่มรายได้ครัวเรือน"]
    assert changes["status"] == ["proposed", "approved"]
    assert len(changes["budgets"][1]) == 4 and "causes" not in changes
    assert audit.iloc[1]["changes"]["title"] == "โครงการเพิ่มรายได้"


def test_an_edit_conflict_is_refused_and_nothing_is_overwritten(db_url):
    store = PlanStore(db_url)
    saved = store.create_project(project(), "สมชาย")
    first, second = store.project(saved.id), store.project(saved.id)  # two people open version 1
    first.title = "แก้โดยคนแรก"
    store.update_project(first, "คนแรก")
    second.title, second.causes = "แก้โดยคนที่สอง", "สาเหตุใหม่"
    with pytest.raises(ConflictError) as error:
        store.update_project(second, "คนที่สอง")
    assert error.value.message_th.startswith("มีผู้อื่นบันทึกรายการที่ 1 ไปก่อนแล้ว (ฉบับที่ 2)")
    stored = store.project(saved.id)
    assert (stored.title, stored.causes, stored.version) == ("แก้โดยคนแรก", "ขาดตลาด", 2)
    assert store.audit_log("project", saved.id)["actor"].tolist() == ["คนแรก", "สมชาย"]
    with pytest.raises(ConflictError):
        store.delete_project(saved.id, 1, "คนที่สอง")
    assert store.project(saved.id).title == "แก้โดยคนแรก"


def test_the_database_itself_refuses_a_stale_update(db_url):
    """Two sessions race past the service's version check: the UPDATE ... WHERE version = n still refuses."""
    from sqlalchemy.orm import sessionmaker
    from sqlalchemy.orm.exc import StaleDataError

    store = PlanStore(db_url)
    saved = store.create_project(project(), "สมชาย")
    make = sessionmaker(engine_for(db_url))
    a, b = make(), make()
    row_a, row_b = a.get(Project, saved.id), b.get(Project, saved.id)
    row_a.title = "A"
    a.commit()
    row_b.title = "B"
    with pytest.raises(StaleDataError):
        b.commit()
    b.rollback()
    a.close()
    b.close()
    assert store.project(saved.id).title == "A"


def test_a_failed_write_is_rolled_back(db_url, monkeypatch):
    store = PlanStore(db_url)
    monkeypatch.setattr(PlanStore, "audit", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("audit down")))
    with pytest.raises(RuntimeError, match="audit down"):
        store.create_project(project(), "สมชาย")
    monkeypatch.undo()
    assert store.projects() == [] and store.audit_log().empty


def test_invalid_projects_are_refused_in_thai(db_url):
    store = PlanStore(db_url)
    bad = project(
        title=" ", villages=[VillageCover("31010101", 1)], budgets=[Budget(2569, "lao", -5.0), Budget(2569, "lao", 1.0)]
    )
    with pytest.raises(RecordInvalid) as error:
        store.create_project(bad, "สมชาย")
    messages = error.value.messages("th")
    assert "ต้องมีชื่อ" in messages
    assert "หมู่บ้าน 31010101 ไม่อยู่ในพื้นที่ 990101" in messages
    assert "งบประมาณต้องเป็นตัวเลขไม่ติดลบ: -5.0" in messages
    assert "งบประมาณปี 2569 แหล่ง อปท. ซ้ำ" in messages  # the source by its Thai name, not its id
    assert store.projects() == []


def test_matrix_is_saved_reopened_revised_and_conflicts_refused(db_url):
    store = PlanStore(db_url)
    items = [
        MatrixItemRecord("ก", 4, 3, 2, 4, indicator_id="21", data_rank=1),
        MatrixItemRecord("ข", 3, 4, 4, 3, indicator_id="29", data_rank=2),
    ]
    matrix = MatrixRecord(
        area_code="990101",
        survey_year=2567,
        title="เวทีตำบล",
        meeting_date=date(2025, 3, 15),
        participants="ก, ข, ค",
        items=items,
    )
    saved = store.save_matrix(matrix, "พัฒนากร")
    assert [(i.title, i.total, i.agreed_rank) for i in saved.items] == [("ข", 14.0, 1), ("ก", 13.0, 2)]
    reopened = store.matrix(saved.id)
    assert (reopened.participants, reopened.meeting_date, reopened.version) == ("ก, ข, ค", date(2025, 3, 15), 1)
    reopened.method = "product"  # 4·3·2·4 = 96 vs 3·4·4·3 = 144
    revised = store.save_matrix(reopened, "พัฒนากร")
    assert [(i.title, i.total) for i in revised.items] == [("ข", 144.0), ("ก", 96.0)] and revised.version == 2
    stale = store.matrix(saved.id)
    stale.version = 1
    with pytest.raises(ConflictError):
        store.save_matrix(stale, "อีกคน")
    assert store.audit_log("matrix")["action"].tolist() == ["update", "create"]
