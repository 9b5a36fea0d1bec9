"""Helpers for browser tests: start the real app, launch Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(workspace_root: Path, timeout: float = 60) -> Iterator[str]:
    """Start `streamlit run dashboard/serve.py` (the app with its session-cookie routes) on a free
    port; yield its URL; stop it afterwards."""
    port = free_port()
    env = dict(os.environ, CIA_WORKSPACE=str(workspace_root))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard" / "serve.py"),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                    raise RuntimeError(f"the app did not start:\n{output}") from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def pick(page, label: str, option: str) -> None:
    """Choose ``option`` in the Streamlit selectbox labelled ``label``."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()


#: the app's own run state (on a phone-sized page the status widget is never drawn, even mid-run)
IDLE = """() => !document.querySelector('[data-testid="stStatusWidget"]')
    && document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state') !== 'running'"""


def wait_until_idle(page, settle_ms: int = 700) -> None:
    """Wait until the app has no script run in progress, then settle."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(IDLE, timeout=60000)
    page.wait_for_timeout(settle_ms)


def nav_items(page) -> list[str]:
    """The page names the top navigation bar offers (each section's menu opened in turn)."""
    names: list[str] = []
    for section in page.get_by_test_id("stTopNavSection").all():
        section.click()
        page.wait_for_timeout(300)
        links = [link for link in page.get_by_test_id("stTopNavDropdownLink").all() if link.is_visible()]
        names += [link.inner_text().strip().splitlines()[-1] for link in links]  # after the icon's name
        page.keyboard.press("Escape")
        page.wait_for_timeout(200)
    return names


def open_page(page, name: str) -> None:
    """Open a page by its name from the top navigation bar (its section's menu first)."""
    for section in page.get_by_test_id("stTopNavSection").all():
        section.click()
        page.wait_for_timeout(300)
        item = page.get_by_test_id("stTopNavDropdownLink").filter(has_text=name)
        if item.count() and item.first.is_visible():
            item.first.click()
            return
        page.keyboard.press("Escape")
        page.wait_for_timeout(200)
    raise AssertionError(f"no page {name!r} in the navigation")


FOLIUM_FRAME = "iframe[title='streamlit_folium.st_folium']"


def settled_map(page, timeout: float = 60) -> str:
    """The selector of the one folium map on the page once re-runs are over.

    A re-run can mount the new map frame (first with width -1) before the old one is removed, so
    the count is checked again after the app is idle until a single measured frame stays.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        wait_until_idle(page, settle_ms=500)
        frames = page.locator(FOLIUM_FRAME)
        if frames.count() == 1 and frames.first.get_attribute("width") != "-1":
            page.wait_for_timeout(500)
            if frames.count() == 1:
                return FOLIUM_FRAME
        page.wait_for_timeout(500)
    raise AssertionError(f"no single settled map frame after {timeout} s ({page.locator(FOLIUM_FRAME).count()} found)")
