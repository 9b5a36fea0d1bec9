"""AppTest: the sign-in gate of a shared server, pages by role, the Users page, session expiry,
and "this computer" mode (no sign-in, refused on a network address)."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy
from streamlit import config
from streamlit.testing.v1 import AppTest

from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.plans.service import store_for
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.test_pages import APP, app

PASSWORD = "a-long-password-1"
USERS = "../pages/users.py"


@pytest.fixture
def shared(demo_workspace):
    accounts = AccountStore(store_for(demo_workspace.root).url)
    accounts.add(None, "admin", PASSWORD, "admin", display_name="ผู้ดูแล")
    admin = Authenticator(accounts.url).authenticate("admin", PASSWORD)
    accounts.add(admin, "planner1", PASSWORD, "planner", ["990101"])
    return demo_workspace


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label == "เข้าสู่ระบบ").click().run()
    assert not at.exception, at.exception
    return at


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def test_nothing_shows_before_signing_in(shared, monkeypatch):
    at = app(shared.root, monkeypatch)
    assert [t.value for t in at.title] == ["เข้าสู่ระบบ"]
    assert not at.metric and not at.dataframe  # no page ran
    sign_in(at, "planner1", "wrong-password")
    assert [e.value for e in at.error] == ["ชื่อบัญชีหรือรหัสผ่านไม่ถูกต้อง"]
    assert [t.value for t in at.title] == ["เข้าสู่ระบบ"]
    sign_in(at, "planner1", PASSWORD)
    assert at.title[0].value == "ภาพรวมพื้นที่: ตำบลหนองบัว"  # the planner's own tambon, not the amphoe
    assert "เข้าสู่ระบบเป็น planner1 (ผู้วางแผน)" in captions(at)
    assert "พื้นที่ที่ได้รับสิทธิ์: ตำบลหนองบัว (990101)" in captions(at)  # named, not a bare code
    assert not [i for i in at.sidebar.text_input if i.key == "user_name"]  # no typed name on a shared server


def test_a_planner_cannot_open_the_data_or_users_page(shared, monkeypatch):
    """The pages are not in a planner's navigation at all, so they cannot run (not just hidden links)."""
    at = sign_in(app(shared.root, monkeypatch), "planner1", PASSWORD)
    for page in ("../pages/data.py", USERS):
        with pytest.raises(ValueError, match="Could not find a navigation page") as error:
            at.switch_page(page)
        assert "project.py" in str(error.value)  # the planner's own pages are registered
    at.switch_page("../pages/project.py").run()
    assert not at.exception and at.title[0].value == "โครงการ (Logic Model)"


def test_an_administrator_adds_an_account_on_the_users_page(shared, monkeypatch):
    at = sign_in(app(shared.root, monkeypatch), "admin", PASSWORD)
    at.switch_page(USERS).run()
    assert at.title[0].value == "บัญชีผู้ใช้"
    table = next(d.value for d in at.dataframe if "ชื่อบัญชี" in d.value.columns)
    assert table["ชื่อบัญชี"].tolist() == ["admin", "planner1"]
    at.text_input(key="user_new_username").input("Viewer1")
    at.selectbox(key="user_new_role").select("viewer")
    at.text_input(key="user_new_areas").input("9901")
    at.text_input(key="user_new_password").input(PASSWORD)
    at.text_input(key="user_new_password_again").input("different-password")
    next(b for b in at.button if b.label == "เพิ่มบัญชี").click().run()
    assert [e.value for e in at.error] == ["รหัสผ่านทั้งสองช่องไม่ตรงกัน"]
    at.text_input(key="user_new_password_again").input(PASSWORD)
    next(b for b in at.button if b.label == "เพิ่มบัญชี").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["เพิ่มบัญชี viewer1 แล้ว"]
    record = AccountStore(store_for(shared.root).url).account("viewer1")
    assert (record.role, record.areas, record.created_by) == ("viewer", ("9901",), "admin")


def test_an_expired_session_asks_to_sign_in_again(shared, monkeypatch):
    at = sign_in(app(shared.root, monkeypatch), "planner1", PASSWORD)
    assert at.title[0].value.startswith("ภาพรวมพื้นที่")
    engine = sqlalchemy.create_engine(store_for(shared.root).url)
    with engine.begin() as connection:
        connection.execute(
            sqlalchemy.text("UPDATE auth_sessions SET expires_at = :t"), {"t": datetime.now(UTC) - timedelta(minutes=1)}
        )
    engine.dispose()
    at.run()
    assert [t.value for t in at.title] == ["เข้าสู่ระบบ"]
    assert [i.value for i in at.info] == ["หมดเวลาการเข้าสู่ระบบ — เข้าสู่ระบบอีกครั้ง"]


def test_signing_out(shared, monkeypatch):
    at = sign_in(app(shared.root, monkeypatch), "planner1", PASSWORD)
    at.sidebar.button(key="logout").click().run()
    assert [t.value for t in at.title] == ["เข้าสู่ระบบ"]
    engine = sqlalchemy.create_engine(store_for(shared.root).url)
    with engine.connect() as connection:
        assert connection.execute(sqlalchemy.text("SELECT count(*) FROM auth_sessions")).scalar_one() == 0
    engine.dispose()


def test_this_computer_mode_needs_no_sign_in_and_says_the_name_is_unverified(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    assert at.title[0].value.startswith("ภาพรวมพื้นที่")
    assert at.sidebar.text_input(key="user_name") is not None
    assert any("โดยไม่ได้ยืนยันตัวตน" in c for c in captions(at))
    at.switch_page(USERS).run()
    assert at.title[0].value == "บัญชีผู้ใช้" and at.info[0].value.startswith("โหมดเครื่องนี้")


def test_this_computer_mode_refuses_to_serve_a_network_address(demo_workspace, monkeypatch):
    monkeypatch.setenv("CIA_WORKSPACE", str(demo_workspace.root))
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = AppTest.from_file(APP, default_timeout=60).run()
    finally:
        config.set_option("server.address", before)
    assert not at.title and not at.metric
    assert at.error[0].value.startswith("เซิร์ฟเวอร์นี้เปิดให้เครือข่ายเข้าถึง (0.0.0.0) แต่ยังไม่มีบัญชีผู้ใช้")


def test_loopback_addresses():
    from dashboard.auth_ui import is_loopback

    assert [is_loopback(a) for a in ("127.0.0.1", "127.1.2.3", "::1", "localhost")] == [True] * 4
    assert [is_loopback(a) for a in ("0.0.0.0", "", None, "192.168.1.5", "::", "example.org")] == [False] * 6


def test_a_planner_outside_the_grant_is_warned_and_a_save_is_refused_in_thai(shared, monkeypatch):
    from analysis.views import rank_problems
    from tests.test_plan_pages import NEW_MATRIX

    at = sign_in(app(shared.root, monkeypatch), "planner1", PASSWORD)
    at.sidebar.selectbox(key="pick_tambon").select("990102").run()  # granted 990101 only
    at.switch_page("../pages/matrix.py").run()
    assert at.warning[0].value == (
        "บัญชี planner1 ไม่มีสิทธิ์ในพื้นที่ 990102 (พื้นที่ที่ได้รับสิทธิ์: 990101) — ดูได้ แต่บันทึกในพื้นที่นี้ไม่ได้: เลือกพื้นที่ที่ได้รับสิทธิ์ที่แถบด้านข้าง"
    )
    prefix = NEW_MATRIX.replace("990101", "990102")  # a new matrix of ตำบล 990102
    ids = rank_problems(shared, "990102", 2567, "pct_fail").scope("all").head(5)["indicator_id"]
    for indicator in ids:
        for criterion in ("severity", "feasibility", "concern"):
            at.segmented_control(key=f"{prefix}:{indicator}:{criterion}").set_value(2)
    next(b for b in at.button if b.label == "บันทึกลำดับที่ตกลง").click().run()
    assert not at.exception, at.exception  # a refused save in a callback replaced the page with a traceback
    assert "บัญชี planner1 ไม่มีสิทธิ์ในพื้นที่ 990102 (พื้นที่ที่ได้รับสิทธิ์: 990101)" in [e.value for e in at.error]
    assert store_for(shared.root).matrices("990102") == []
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    assert not at.warning  # its own tambon: no warning
