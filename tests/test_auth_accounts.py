"""Accounts, sign-in throttling and session expiry on SQLite and PostgreSQL (db_url runs both)."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy

from analysis.auth.accounts import AccountError, AccountStore
from analysis.auth.guard import check_write, shared_mode
from analysis.auth.login import Authenticator, LoginRefused
from analysis.auth.roles import PermissionDenied, local_actor
from analysis.plans.service import PlanStore
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)

ADMIN_PW, PLANNER_PW = "admin-password-1", "planner-password-1"


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def accounts(db_url):
    store = AccountStore(db_url)
    store.add(None, "Admin", ADMIN_PW, "admin", display_name="ผู้ดูแล")
    return store


def admin_of(url):
    return Authenticator(url).authenticate("admin", ADMIN_PW)


def test_the_first_account_turns_shared_mode_on_and_must_be_an_administrator(db_url):
    store = AccountStore(db_url)
    assert not shared_mode(db_url)
    with pytest.raises(AccountError) as error:
        store.add(None, "planner1", PLANNER_PW, "planner")
    assert error.value.message_th == "บัญชีแรกต้องเป็นผู้ดูแลระบบ (--role admin)"
    assert store.count() == 0 and not shared_mode(db_url)
    record = store.add(local_actor("สมชาย"), "Admin", ADMIN_PW, "admin")
    assert (record.username, record.role, record.created_by) == ("admin", "admin", "สมชาย")
    assert shared_mode(db_url)
    # a second account needs an administrator: the local user is refused now
    with pytest.raises(PermissionDenied) as refused:
        store.add(local_actor("สมชาย"), "planner1", PLANNER_PW, "planner")
    assert refused.value.message_th == "เซิร์ฟเวอร์นี้ใช้บัญชีผู้ใช้: ต้องเข้าสู่ระบบก่อนบันทึกหรือแก้ไขข้อมูล"


def test_passwords_are_stored_as_argon2id_hashes(accounts, db_url):
    engine = sqlalchemy.create_engine(db_url)
    with engine.connect() as connection:
        stored = connection.execute(sqlalchemy.text("SELECT password_hash FROM accounts")).scalar_one()
    engine.dispose()
    assert stored.startswith("$argon2id$") and ADMIN_PW not in stored


@pytest.mark.parametrize(
    "username, password, role, areas, message",
    [
        ("a", PLANNER_PW, "planner", ["990101"], "ชื่อบัญชี 'a' ใช้ไม่ได้ (ตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข . _ @ - ยาว 2–100 ตัว)"),
        ("ผู้ใช้", PLANNER_PW, "planner", [], "ชื่อบัญชี 'ผู้ใช้' ใช้ไม่ได้ (ตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข . _ @ - ยาว 2–100 ตัว)"),
        ("p1", "short", "planner", [], "รหัสผ่านต้องยาวอย่างน้อย 10 ตัวอักษร"),
        ("p1", PLANNER_PW, "boss", [], "ไม่รู้จักบทบาท 'boss' (ใช้: viewer, planner, data_officer, admin)"),
        ("p1", PLANNER_PW, "planner", ["31x"], "รหัสพื้นที่ '31x' ไม่ถูกต้อง (ใช้รหัสจังหวัด อำเภอ ตำบล หมู่บ้าน หรือ * สำหรับทุกพื้นที่)"),
        ("admin", PLANNER_PW, "planner", [], "มีบัญชี 'admin' อยู่แล้ว"),
    ],
)
def test_bad_accounts_are_refused_in_thai(accounts, db_url, username, password, role, areas, message):
    with pytest.raises(AccountError) as error:
        accounts.add(admin_of(db_url), username, password, role, areas)
    assert error.value.message_th == message and error.value.message_en
    assert [a.username for a in accounts.accounts()] == ["admin"]


def test_only_administrators_manage_accounts_and_every_change_is_audited(accounts, db_url):
    admin = admin_of(db_url)
    accounts.add(admin, "planner1", PLANNER_PW, "planner", "990101, TH9901-02")
    assert accounts.account("planner1").areas == ("990101", "990102")
    planner = Authenticator(db_url).authenticate("planner1", PLANNER_PW)
    for change in (
        lambda: accounts.add(planner, "p2", PLANNER_PW, "planner"),
        lambda: accounts.grant(planner, "planner1", areas=["*"]),
        lambda: accounts.set_active(planner, "admin", False),
        lambda: accounts.set_password(planner, "admin", "new-password-123"),
    ):
        with pytest.raises(PermissionDenied) as error:
            change()
        assert error.value.reason == "role"
    assert accounts.account("planner1").areas == ("990101", "990102")
    accounts.grant(admin, "planner1", role="data_officer", areas=["9901"])
    assert (accounts.account("planner1").role, accounts.account("planner1").areas) == ("data_officer", ("9901",))
    audit = PlanStore(db_url).audit_log("account")
    assert audit["action"].tolist() == ["grant", "create", "create"]
    assert audit["actor"].tolist()[:2] == ["admin", "admin"] and audit["role"].tolist()[:2] == ["admin", "admin"]
    assert audit.iloc[0]["changes"] == {"role": ["planner", "data_officer"], "areas": [["990101", "990102"], ["9901"]]}


def test_a_disabled_account_is_refused_at_once_and_the_last_administrator_stays(accounts, db_url):
    admin = admin_of(db_url)
    accounts.add(admin, "planner1", PLANNER_PW, "planner", ["990101"])
    authenticator = Authenticator(db_url)
    token, planner = authenticator.sign_in("planner1", PLANNER_PW)
    check_write(db_url, planner, "edit_plans", "990101")
    accounts.set_active(admin, "planner1", False)
    assert authenticator.resume(token) is None  # its sessions ended
    with pytest.raises(PermissionDenied) as error:
        check_write(db_url, planner, "edit_plans", "990101")  # an actor kept from before is reloaded
    assert error.value.message_th == "บัญชี planner1 ถูกระงับหรือไม่มีอยู่แล้ว"
    with pytest.raises(LoginRefused):
        authenticator.authenticate("planner1", PLANNER_PW)
    for change in (
        lambda: accounts.set_active(admin, "admin", False),
        lambda: accounts.grant(admin, "admin", "viewer"),
    ):
        with pytest.raises(AccountError) as refused:
            change()
        assert refused.value.message_th == "ระงับหรือเปลี่ยนบทบาทของผู้ดูแลระบบคนสุดท้ายไม่ได้"
    accounts.set_active(admin, "planner1", True)
    assert authenticator.authenticate("planner1", PLANNER_PW).name == "planner1"


def test_changing_ones_own_password_needs_the_current_one(accounts, db_url):
    accounts.add(admin_of(db_url), "planner1", PLANNER_PW, "planner", ["990101"])
    authenticator = Authenticator(db_url)
    token, planner = authenticator.sign_in("planner1", PLANNER_PW)
    with pytest.raises(AccountError) as error:
        accounts.set_password(planner, "planner1", "another-password", current_password="wrong-password")
    assert error.value.message_th == "รหัสผ่านปัจจุบันไม่ถูกต้อง"
    accounts.set_password(planner, "planner1", "another-password", current_password=PLANNER_PW)
    assert authenticator.resume(token) is None
    assert authenticator.authenticate("planner1", "another-password").name == "planner1"
    with pytest.raises(LoginRefused):
        authenticator.authenticate("planner1", PLANNER_PW)


def test_lockout_after_five_failures_within_fifteen_minutes(accounts, db_url):
    clock = Clock()
    authenticator = Authenticator(db_url, clock)
    for _ in range(4):
        with pytest.raises(LoginRefused) as error:
            authenticator.authenticate("admin", "wrong-password")
        assert error.value.reason == "bad_credentials"
        clock.advance(minutes=1)
    with pytest.raises(LoginRefused) as error:  # the fifth failure, 4 minutes after the first
        authenticator.authenticate("admin", "wrong-password")
    assert error.value.reason == "locked"
    assert error.value.until == clock.now + timedelta(minutes=15)
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(LoginRefused) as error:  # the right password is not even checked while locked
        authenticator.authenticate("admin", ADMIN_PW)
    assert error.value.reason == "locked"
    assert error.value.message_th == "เข้าสู่ระบบผิดหลายครั้ง บัญชีนี้ถูกล็อกชั่วคราว ลองใหม่ในอีก 1 นาที"
    clock.advance(seconds=1)
    assert authenticator.authenticate("admin", ADMIN_PW).name == "admin"
    # a success clears the count: four more failures do not lock
    for _ in range(4):
        with pytest.raises(LoginRefused) as error:
            authenticator.authenticate("admin", "wrong-password")
        assert error.value.reason == "bad_credentials"
    assert PlanStore(db_url).audit_log("account")["action"].tolist()[0] == "locked"


def test_failures_spread_wider_than_the_window_do_not_lock(accounts, db_url):
    clock = Clock()
    authenticator = Authenticator(db_url, clock)
    for _ in range(6):  # one every 4 minutes: any five span 16 minutes > 15
        with pytest.raises(LoginRefused) as error:
            authenticator.authenticate("admin", "wrong-password")
        assert error.value.reason == "bad_credentials"
        clock.advance(minutes=4)
    assert authenticator.authenticate("admin", ADMIN_PW).name == "admin"


def test_unknown_names_are_throttled_alike_and_not_revealed(accounts, db_url):
    clock = Clock()
    authenticator = Authenticator(db_url, clock)
    reasons = []
    for _ in range(6):
        with pytest.raises(LoginRefused) as error:
            authenticator.authenticate("nobody", "whatever-password")
        reasons.append(error.value.reason)
    assert reasons == ["bad_credentials"] * 4 + ["locked"] * 2
    assert error.value.message_en.startswith("Too many failed sign-ins")
    assert authenticator.authenticate("admin", ADMIN_PW).name == "admin"  # other names are not locked


def test_sessions_store_only_a_hash_and_expire_when_idle_or_old(accounts, db_url):
    clock = Clock()
    authenticator = Authenticator(db_url, clock)
    token, _ = authenticator.sign_in("admin", ADMIN_PW)
    engine = sqlalchemy.create_engine(db_url)
    with engine.connect() as connection:
        stored = connection.execute(sqlalchemy.text("SELECT token_hash FROM auth_sessions")).scalars().all()
    engine.dispose()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    clock.advance(minutes=59)
    assert authenticator.resume(token).name == "admin"  # used within the hour: still live
    clock.advance(minutes=59, seconds=59)
    assert authenticator.resume(token).name == "admin"
    clock.advance(minutes=60)
    assert authenticator.resume(token) is None  # 60 minutes unused
    assert authenticator.resume(token) is None  # and removed
    token, _ = authenticator.sign_in("admin", ADMIN_PW)
    for _ in range(9):  # used every 55 minutes, but 8 hours is the most a session lives
        clock.advance(minutes=55)
        alive = authenticator.resume(token)
    assert clock.now - datetime(2026, 11, 22, 9, 0, tzinfo=UTC) > timedelta(hours=8)
    assert alive is None
    token, _ = authenticator.sign_in("admin", ADMIN_PW)
    authenticator.end_session(token)
    assert authenticator.resume(token) is None and authenticator.resume("forged-token") is None


def test_identity_provider_e_mail_maps_to_an_active_account(accounts, db_url):
    admin = admin_of(db_url)
    accounts.add(admin, "officer1", None, "data_officer", ["9901"], email="Officer@District.go.th")
    authenticator = Authenticator(db_url)
    token, actor = authenticator.session_for_email("officer@district.go.th")
    assert (actor.name, actor.role, actor.areas) == ("officer1", "data_officer", ("9901",))
    assert authenticator.resume(token).name == "officer1"
    assert authenticator.session_for_email("stranger@example.org") is None
    with pytest.raises(LoginRefused):  # an OIDC-only account has no password to guess
        authenticator.authenticate("officer1", "")
    accounts.set_active(admin, "officer1", False)
    assert authenticator.session_for_email("officer@district.go.th") is None
