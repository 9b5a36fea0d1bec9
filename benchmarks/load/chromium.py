"""The protocol client's times checked against a real browser, under the same load.

While a ramp step's users walk their journeys, one official walks a fixed journey in Debian's
Chromium (Playwright) — sign in, pick areas with the sidebar's search, open the analysis pages
and One Plan from the top bar — and a second official walks the very same journey through the
protocol client (after an untimed walk that computes the areas' results, so that both find them
cached). Each request is timed from the click (or the message sent) to the server's
`script_finished` (read from the websocket's frames in the browser), and in the browser also
from its own message sent and until the page is idle on screen.
"""

from __future__ import annotations

import random
import statistics
import threading
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.load.journey import ANALYSIS_PAGES, Journey, Official
from benchmarks.load.protocol import StreamlitClient

PAGES = (*ANALYSIS_PAGES, "oneplan")
NAMES = {
    "overview": "ภาพรวมพื้นที่",
    "compare": "เปรียบเทียบพื้นที่",
    "rank": "จัดลำดับปัญหา",
    "map": "แผนที่",
    "trend": "แนวโน้มตามปีสำรวจ",
    "oneplan": "แผนพัฒนาพื้นที่ (One Plan)",
}
ROUNDS = 2


class BrowserCheck(threading.Thread):
    """Runs beside a step's load; ``result`` holds the comparison when it is done."""

    def __init__(self, url: str, plan: dict, delay: float, users: int) -> None:
        super().__init__(daemon=True)
        self.url, self.plan, self.delay, self.users = url, plan, delay, users
        self.result: dict | None = None
        self.think = min(plan["think"], 3.0)

    def areas(self) -> list[str]:
        rng = random.Random(2701)
        return [rng.choice(self.plan["areas"][level]) for level in ("amphoe", "tambon")][:ROUNDS]

    def run(self) -> None:
        time.sleep(self.delay)
        try:
            # the areas' results are computed once first (untimed): whichever walked first would
            # otherwise pay every first computation and the other find them cached
            self.protocol_journey()
            browser = self.browser_journey()
            protocol = self.protocol_journey()
        except Exception as error:  # reported, not fatal to the benchmark
            self.result = {"users": self.users, "error": repr(error)[:500], "rows": []}
            return
        rows = [(name, p, b, r, s) for (name, p), (_, b, r, s) in zip(protocol, browser, strict=False)]
        self.result = {
            "users": self.users,
            "rows": rows,
            "median_protocol": statistics.median(r[1] for r in rows),
            "median_browser": statistics.median(r[2] for r in rows),
            "median_rendered": statistics.median(r[3] for r in rows),
            "median_browser_from_send": statistics.median(r[4] for r in rows),
        }

    # ---- the protocol client -----------------------------------------------------------------------
    def protocol_journey(self) -> list[tuple[str, float]]:
        account = self.plan["check_accounts"][1]
        official = Official(account["username"], self.plan["password"], account["role"], account["area"])
        times: list[tuple[str, float]] = []
        tab = StreamlitClient(self.url, timeout=self.plan["timeout"])
        journey = Journey(tab, official, self.plan["areas"], lambda name, s, b, e: times.append((name, s)), 0)
        journey.sign_in()
        for code in self.areas():
            journey.draw_area = lambda code=code: code
            time.sleep(self.think)
            journey.pick_area()
            for name in PAGES:
                time.sleep(self.think)
                journey.page(name)
        tab.close()
        return [t for t in times if t[0] not in ("open", "sign in")]

    # ---- Chromium ----------------------------------------------------------------------------------
    def browser_journey(self) -> list[tuple[str, float, float, float]]:
        from playwright.sync_api import sync_playwright

        from tests.browser import CHROMIUM, CHROMIUM_ARGS, IDLE

        account = self.plan["check_accounts"][0]
        finished: list[float] = []
        sent: list[float] = []  # when the page sent each request to run the script

        def on_socket(socket) -> None:
            def on_sent(payload) -> None:
                if isinstance(payload, bytes | bytearray):
                    message = BackMsg()
                    message.ParseFromString(bytes(payload))
                    if message.WhichOneof("type") == "rerun_script":
                        sent.append(time.perf_counter())

            def on_frame(payload) -> None:
                if isinstance(payload, bytes | bytearray):
                    message = ForwardMsg()
                    message.ParseFromString(bytes(payload))
                    if message.WhichOneof("type") == "script_finished":
                        if message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                            finished.append(time.perf_counter())

            socket.on("framereceived", on_frame)
            socket.on("framesent", on_sent)

        times: list[tuple[str, float, float, float]] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="th-TH")
            page.on("websocket", on_socket)

            def timed(name: str, action) -> None:
                seen, asked = len(finished), len(sent)
                started = time.perf_counter()
                action()
                deadline = time.monotonic() + self.plan["timeout"]
                while len(finished) <= seen and time.monotonic() < deadline:
                    page.wait_for_timeout(20)
                end = finished[seen] if len(finished) > seen else float("nan")
                page.wait_for_function(IDLE, timeout=self.plan["timeout"] * 1000)
                request = sent[asked] if len(sent) > asked else started
                times.append((name, end - started, time.perf_counter() - started, end - request))

            page.goto(self.url, timeout=120000)
            page.get_by_label("ชื่อบัญชี").fill(account["username"], timeout=120000)
            page.get_by_label("รหัสผ่าน").fill(self.plan["password"])
            timed("sign in", lambda: page.get_by_role("button", name="เข้าสู่ระบบ").click())
            for code in self.areas():
                page.wait_for_timeout(self.think * 1000)
                search = page.get_by_label("ค้นหาพื้นที่")
                timed("pick area: search", lambda search=search, code=code: (search.fill(code), search.press("Enter")))
                box = page.get_by_test_id("stSelectbox").filter(has_text="พบ").first
                box.get_by_role("combobox").click()
                option = page.get_by_role("option").filter(has_text=f"({code})")
                timed("pick area: choose", lambda option=option: option.first.click())
                for name in PAGES:
                    page.wait_for_timeout(self.think * 1000)
                    link = _nav_link(page, NAMES[name])
                    timed(name, link.click)
            browser.close()
        return [t for t in times if t[0] != "sign in"]


def _nav_link(page, name: str):
    """The top bar's link to a page (its section's menu opened first, not timed)."""
    for section in page.get_by_test_id("stTopNavSection").all():
        section.click()
        page.wait_for_timeout(300)
        item = page.get_by_test_id("stTopNavDropdownLink").filter(has_text=name)
        if item.count() and item.first.is_visible():
            return item.first
        page.keyboard.press("Escape")
        page.wait_for_timeout(200)
    link = page.get_by_test_id("stTopNavLink").filter(has_text=name)
    if link.count():
        return link.first
    raise AssertionError(f"no page {name!r} in the navigation")
