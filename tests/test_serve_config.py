"""`make serve`'s configuration and refusals (no server started), and HTTPS at the proxy (one)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.auth.accounts import AccountStore
from analysis.i18n import translate
from scripts.serve import Deployment, main, nginx_conf, refusal
from tests.browser import free_port
from tests.postgres import fresh_database

PASSWORD = "a-long-password-1"


def test_the_proxy_sticks_by_its_own_cookie_and_fails_over_to_the_other_processes(tmp_path):
    conf = nginx_conf(tmp_path, [9101, 9102], "0.0.0.0", 8501, None, 200, "")
    assert "listen 0.0.0.0:8501;" in conf and "ssl" not in conf
    # a pinned process first, the others as backups; a new visitor to the least busy one
    assert (
        "upstream cia_b1 {\n    server 127.0.0.1:9101 max_fails=1 fail_timeout=5s;\n    server 127.0.0.1:9102 backup;"
        in conf
    )
    assert "upstream cia_all {\n    least_conn;" in conf and "proxy_pass http://$cia_upstream;" in conf
    assert 'cia_node=$cia_used; Path=/; HttpOnly; SameSite=Strict"' in conf  # no Secure over plain HTTP
    assert "proxy_set_header Upgrade $http_upgrade;" in conf and "proxy_set_header Host $http_host;" in conf
    assert "client_max_body_size 201m;" in conf  # the app's own upload limit (200 MB) gets through
    secure = nginx_conf(tmp_path, [9101], "0.0.0.0", 443, (Path("/c.pem"), Path("/k.pem")), 200, "")
    assert "listen 0.0.0.0:443 ssl;" in secure and "ssl_certificate /c.pem;" in secure
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in secure and "Strict-Transport-Security" in secure
    assert 'SameSite=Strict; Secure"' in secure


def test_refusals_name_what_to_do_in_thai(tmp_path, demo_path, monkeypatch):
    monkeypatch.delenv("CIA_MODE", raising=False)
    assert refusal("127.0.0.1", tmp_path / "none", None, 1) == "serve.no_workspace"
    workspace = tmp_path / "ws"
    shutil.copytree(demo_path, workspace)
    assert refusal("127.0.0.1", workspace, None, 1) is None  # this computer, one process: the SQLite file
    assert refusal("127.0.0.1", workspace, f"sqlite:///{workspace / 'plans.sqlite'}", 2) == "serve.need_postgres"
    assert refusal("0.0.0.0", workspace, None, 1) == "serve.no_accounts"  # the office network, nobody to sign in
    AccountStore(f"sqlite:///{workspace / 'plans.sqlite'}").add(None, "admin", PASSWORD, "admin")
    assert refusal("0.0.0.0", workspace, None, 1) is None
    assert "cia users add" in translate("serve.no_accounts", "th", address="0.0.0.0")


def test_make_serve_refuses_the_network_without_accounts(tmp_path, demo_path, monkeypatch, capsys):
    workspace = tmp_path / "ws"
    shutil.copytree(demo_path, workspace)
    monkeypatch.delenv("CIA_DATABASE_URL", raising=False)
    assert main(["--address", "0.0.0.0", "--processes", "1", "--workspace", str(workspace)]) == 2
    said = capsys.readouterr().out
    assert translate("serve.no_accounts", "th", address="0.0.0.0") in said
    assert not (workspace / ".serve").exists()  # nothing started, nothing written


@pytest.mark.serve
@pytest.mark.postgres
def test_https_at_the_proxy_marks_both_cookies_secure(tmp_path, demo_path, postgres_url):
    from argon2 import PasswordHasher

    import analysis.auth.passwords as passwords
    from benchmarks.load.protocol import StreamlitClient

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    workspace = tmp_path / "ws"
    shutil.copytree(demo_path, workspace)
    url = fresh_database(postgres_url)
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    original, passwords.hasher = passwords.hasher, lambda: cheap
    try:
        AccountStore(url).add(None, "admin", PASSWORD, "admin")
    finally:
        passwords.hasher = original
    deployment = Deployment(1, free_port(), "127.0.0.1", workspace, url, (cert, key)).start(timeout=180)
    try:
        assert deployment.url.startswith("https://")
        tab = StreamlitClient(deployment.url, timeout=180, verify=False)
        tab.open()
        signed = tab.run(set={"login_username": "admin", "login_password": PASSWORD}, click="form:login_form")
        assert signed.ok and not tab.has("login_username")
        tab.close()
        log = (deployment.run_dir / "access.log").read_text()
        assert "POST /_cia/session" in log  # the session cookie was handed over through the proxy
    finally:
        deployment.stop()
    assert "cia_session=" in tab.cookie and "cia_node=b1" in tab.cookie
    assert tab.secure_cookies >= {"cia_node", "cia_session"}  # both sent with Secure: HTTPS only
