"""`make serve`: the dashboard for a whole office — nginx in front of K Streamlit processes.

    .venv/bin/python scripts/serve.py [--processes K] [--port 8501] [--address 0.0.0.0]
        [--tls-cert FILE --tls-key FILE] [--workspace DIR] [--session-ttl SECONDS]

Streamlit keeps each browser tab as a live session inside one Python process, and one process
runs scripts on about one core. So a server runs several processes (one per core by default),
all reading one workspace and one plans database (CIA_DATABASE_URL: PostgreSQL), behind nginx:

* sticky sessions by a cookie nginx sets itself (`cia_node`, HttpOnly, SameSite=Strict, Secure
  under HTTPS): a tab's websocket and its uploads and downloads reach the process holding its
  session. A new visitor goes to the process with the fewest open connections.
* a process that stops is restarted; meanwhile its users are sent to the next process (their
  tabs reconnect by themselves).
* one cookie secret for every process (kept beside the run files), so the cookies one process
  signs are valid in the others.
* HTTPS at the proxy when a certificate is given; the processes listen on 127.0.0.1 only.

Runs in the foreground until Ctrl-C or SIGTERM (a service manager's stop), then stops them all.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.config import read_toml  # noqa: E402 - after the project root is importable
from analysis.i18n import translate  # noqa: E402

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
COOKIE = "cia_node"
HEALTH = "/_stcore/health"


def _backend_blocks(ports: list[int]) -> str:
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports)
    blocks = [f"  upstream cia_all {{\n    least_conn;\n{servers}\n  }}"]
    for n, port in enumerate(ports, 1):
        others = "\n".join(f"    server 127.0.0.1:{p} backup;" for p in ports if p != port)
        blocks.append(
            f"  upstream cia_b{n} {{\n    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n{others}\n  }}"
        )
    pinned = "\n".join(f"    b{n} cia_b{n};" for n in range(1, len(ports) + 1))
    blocks.append(f"  map $cookie_{COOKIE} $cia_upstream {{\n    default cia_all;\n{pinned}\n  }}")
    # the process that answered (the last one tried, after a failover) is the one to stick to
    used = "\n".join(f"    ~127\\.0\\.0\\.1:{p}$ b{n};" for n, p in enumerate(ports, 1))
    blocks.append(f'  map $upstream_addr $cia_used {{\n    default "";\n{used}\n  }}')
    return "\n".join(blocks)


def nginx_conf(
    run_dir: Path, ports: list[int], address: str, port: int, tls: tuple[Path, Path] | None, upload_mb: int, user: str
) -> str:
    """The proxy's whole configuration (its temporary files and logs in ``run_dir``)."""
    secure = "; Secure" if tls else ""
    listen = f"listen {address}:{port}{' ssl' if tls else ''};"
    tls_lines = (
        f"    ssl_certificate {tls[0]};\n    ssl_certificate_key {tls[1]};\n    ssl_protocols TLSv1.2 TLSv1.3;\n"
        '    add_header Strict-Transport-Security "max-age=31536000" always;\n'
        if tls
        else ""
    )
    temp = "\n".join(
        f"  {name}_temp_path {run_dir / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# written by scripts/serve.py on every start: edit the script, not this file
{user}worker_processes 1;
pid {run_dir / "nginx.pid"};
error_log {run_dir / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
  # which process answered each request (and the tab's sticky cookie): to follow a user across a failover
  log_format cia '$remote_addr [$time_local] "$request" $status $upstream_addr cookie=$cookie_{COOKIE}';
  access_log {run_dir / "access.log"} cia;
{temp}
  client_max_body_size {upload_mb + 1}m;
  map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
{_backend_blocks(ports)}
  map $cia_used $cia_cookie {{ "" ""; default "{COOKIE}=$cia_used; Path=/; HttpOnly; SameSite=Strict{secure}"; }}
  server {{
    {listen}
{tls_lines}    add_header Set-Cookie $cia_cookie always;
    location / {{
      proxy_pass http://$cia_upstream;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_connect_timeout 3s;
      proxy_read_timeout 1d;
      proxy_send_timeout 1d;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_request_buffering off;
    }}
  }}
}}
"""


@dataclass
class Deployment:
    """nginx and K app processes; ``start``, ``supervise`` (restart what stops), ``stop``."""

    processes: int = 2
    port: int = 8501
    address: str = "127.0.0.1"
    workspace: Path = ROOT / "workspace"
    database_url: str | None = None
    tls: tuple[Path, Path] | None = None
    session_ttl: int | None = None
    run_dir: Path | None = None
    first_backend_port: int | None = None
    backends: list[subprocess.Popen | None] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.address in ("0.0.0.0", "::", "") else self.address
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}"

    def backend_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports[index]}"

    # ---- start ------------------------------------------------------------------------------------
    def start(self, timeout: float = 120) -> Deployment:
        self._temporary = self.run_dir is None  # a test's or benchmark's run files: removed at stop
        self.run_dir = Path(self.run_dir or tempfile.mkdtemp(prefix=f"cia-serve-{self.port}-"))
        self.run_dir.mkdir(parents=True, exist_ok=True)
        first = self.first_backend_port or self.port + 100
        self.ports = [first + n for n in range(self.processes)]
        self.backends = [self._backend(port) for port in self.ports]
        try:
            for index in range(self.processes):
                self.wait_healthy(index, timeout)
            self._start_nginx()
            _wait_http(self.url + HEALTH, timeout, self.tls is not None)
        except BaseException:
            self.stop()
            raise
        return self

    def _secret(self) -> str:
        """One cookie secret for every process, kept (mode 600) in the workspace's run files."""
        path = self.workspace / ".serve" / "cookie_secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()

    def _backend(self, port: int) -> subprocess.Popen:
        env = dict(os.environ, CIA_WORKSPACE=str(self.workspace), STREAMLIT_SERVER_COOKIE_SECRET=self._secret())
        # every session runs in its own thread: glibc would give threads up to 8 arenas per core, each
        # keeping freed memory; two keep a process's memory close to what it uses
        env.setdefault("MALLOC_ARENA_MAX", "2")
        if self.database_url:
            env["CIA_DATABASE_URL"] = self.database_url
        if not _loopback(self.address):
            env["CIA_MODE"] = (
                "shared"  # the processes listen on 127.0.0.1, the office reaches them: never "this computer"
            )
        command = [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "serve.py"),
            "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        ]  # fmt: skip
        if self.session_ttl is not None:
            command += ["--server.disconnectedSessionTTL", str(self.session_ttl)]
        output = open(self.run_dir / f"app-{port}.log", "ab")
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)

    def _start_nginx(self) -> None:
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / name).mkdir(exist_ok=True)
        user = ""
        if os.geteuid() == 0:  # nginx's workers drop root: they need their temporary folders
            user = "user www-data;\n"
            self.run_dir.chmod(0o755)  # (mkdtemp's folder is the owner's only)
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
                shutil.chown(self.run_dir / name, "www-data")
        upload_mb = int(read_toml(ROOT / ".streamlit" / "config.toml")["server"]["maxUploadSize"])
        conf = self.run_dir / "nginx.conf"
        conf.write_text(nginx_conf(self.run_dir, self.ports, self.address, self.port, self.tls, upload_mb, user))
        command = [NGINX, "-p", str(self.run_dir), "-c", str(conf), "-g", "daemon off;"]
        self.nginx = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=open(self.run_dir / "nginx.out", "ab"))

    def wait_healthy(self, index: int, timeout: float = 120) -> None:
        process = self.backends[index]
        deadline = time.monotonic() + timeout
        while not _healthy(self.backend_url(index)):
            if process is None or process.poll() is not None or time.monotonic() > deadline:
                log = (self.run_dir / f"app-{self.ports[index]}.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(translate("serve.no_start", "en", port=self.ports[index]) + "\n" + log)
            time.sleep(0.3)

    # ---- run --------------------------------------------------------------------------------------
    def restart_dead(self) -> list[int]:
        """Start again every app process that has stopped; the indexes restarted."""
        restarted = []
        for index, process in enumerate(self.backends):
            if process is None or process.poll() is not None:
                self.backends[index] = self._backend(self.ports[index])
                restarted.append(index)
        return restarted

    def supervise(self, every: float = 1.0) -> None:
        """Until stopped: restart app processes that stop (their users were sent to the others)."""
        while self.nginx is not None and self.nginx.poll() is None:
            for index in self.restart_dead():
                _say("serve.restarted", port=self.ports[index])
            time.sleep(every)

    def pids(self) -> list[int]:
        return [p.pid for p in self.backends if p is not None and p.poll() is None]

    def stop(self) -> None:
        for process in [self.nginx, *self.backends]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [self.nginx, *self.backends]:
            if process is not None:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if getattr(self, "_temporary", False) and self.run_dir is not None:
            shutil.rmtree(self.run_dir, ignore_errors=True)


def _loopback(address: str) -> bool:
    return address in ("127.0.0.1", "localhost", "::1")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + HEALTH, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _wait_http(url: str, timeout: float, tls: bool) -> None:
    import ssl

    context = ssl._create_unverified_context() if tls else None  # the office's own certificate
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.3)


def _say(key: str, **values) -> None:
    print(f"{translate(key, 'th', **values)} / {translate(key, 'en', **values)}", flush=True)


def refusal(address: str, workspace: Path, database_url: str | None, processes: int) -> str | None:
    """Why this deployment must not start (Thai and English), or None."""
    if not Path(NGINX).exists():
        return "serve.no_nginx"
    if not (workspace / "state.json").exists():
        return "serve.no_workspace"
    if processes > 1 and not (database_url or "").startswith("postgresql"):
        return "serve.need_postgres"
    if not _loopback(address):
        from analysis.auth.accounts import AccountStore
        from analysis.db.engine import database_url as default_url

        if AccountStore(database_url or default_url(workspace)).count() == 0:
            return "serve.no_accounts"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8501)))
    parser.add_argument("--address", default=os.environ.get("CIA_ADDRESS", "127.0.0.1"))
    parser.add_argument("--workspace", type=Path, default=Path(os.environ.get("CIA_WORKSPACE", ROOT / "workspace")))
    parser.add_argument("--tls-cert", type=Path)
    parser.add_argument("--tls-key", type=Path)
    parser.add_argument("--session-ttl", type=int, help="seconds a closed tab's session is kept for its return")
    args = parser.parse_args(argv)
    database_url = os.environ.get("CIA_DATABASE_URL")
    workspace = args.workspace.resolve()
    problem = refusal(args.address, workspace, database_url, args.processes)
    if problem:
        print(f"{translate(problem, 'th', address=args.address)}\n{translate(problem, 'en', address=args.address)}")
        return 2
    tls = (args.tls_cert.resolve(), args.tls_key.resolve()) if args.tls_cert and args.tls_key else None
    run_dir = workspace / ".serve" / "run"  # the proxy's configuration and every process's log, kept
    deployment = Deployment(
        args.processes, args.port, args.address, workspace, database_url, tls, args.session_ttl, run_dir
    )
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    deployment.start()
    _say("serve.ready", url=deployment.url, processes=args.processes)
    try:
        deployment.supervise()
    except KeyboardInterrupt:
        pass
    finally:
        deployment.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
