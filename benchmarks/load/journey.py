"""What one official does in `make bench-load`, request by request, on a StreamlitClient.

Sign in; then rounds of: pick an area (the sidebar's search: type the code, choose it) and walk
overview → compare → rank → map → trend → matrix (score every problem and save) → project →
One Plan, thinking between requests. Planners and administrators score and save the matrix of
their own tambon (a viewer or data officer has no matrix or project page: their navigation does
not offer them). Areas are drawn at random from every level; a planner draws within its own
tambon (the tambon or one of its villages) so that its save is allowed.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.load.protocol import ProtocolError, Run, StreamlitClient

ANALYSIS_PAGES = ("overview", "compare", "rank", "map", "trend")
LEVELS = ("province", "amphoe", "tambon", "village")
LOGIN_HEADING = "เข้าสู่ระบบ"
SAVED = "บันทึกตารางแล้ว"
CONFLICT = "ไม่ได้บันทึกทับ"  # "saved first by someone else — nothing overwritten"
#: what each page shows when it ran to its end (a word of its title, in Thai)
TITLES = {
    "overview": "ภาพรวมพื้นที่",
    "compare": "เปรียบเทียบ",
    "rank": "จัดลำดับปัญหา",
    "map": "แผนที่",
    "trend": "แนวโน้ม",
    "matrix": "ตารางจัดลำดับความสำคัญ",
    "project": "โครงการ",
    "oneplan": "แผนพัฒนาพื้นที่",
}

Record = Callable[[str, float, int, Exception | None], None]


@dataclass
class Official:
    username: str
    password: str
    role: str
    area: str  # granted tambon, "*" for an administrator


class JourneyError(AssertionError):
    """A page that did not show what it should (counted as an error)."""


class Journey:
    def __init__(
        self,
        client: StreamlitClient,
        official: Official,
        areas: dict[str, list[str]],
        record: Record,
        think: float = 10.0,
        rng: random.Random | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client, self.official, self.areas, self.record = client, official, areas, record
        self.think, self.rng, self.sleep = think, rng or random.Random(), sleep
        self.area: str | None = None

    @property
    def plans(self) -> bool:
        return self.official.role in ("planner", "admin")

    # ---- one request, timed and checked -----------------------------------------------------------
    def request(
        self, name: str, action: Callable[[], Run], check: Callable[[Run], None] | None = None, allowed: str = ""
    ) -> Run:
        """One request, recorded under ``name``; an error it shows is a failure unless it says
        ``allowed`` (an expected refusal: recorded under its own name)."""
        try:
            run = action()
        except ProtocolError as error:
            self.record(name, 0.0, 0, error)
            raise
        failure: Exception | None = None
        if allowed and run.errors and all(allowed in e for e in run.errors):
            self.record(f"{name} (refused: {allowed})", run.seconds, run.bytes_received, None)
            return run
        if run.errors:
            failure = JourneyError("; ".join(run.errors)[:500])
        elif check is not None:
            try:
                check(run)
            except JourneyError as error:
                failure = error
        self.record(name, run.seconds, run.bytes_received, failure)
        if failure is not None:
            raise failure
        return run

    def pause(self) -> None:
        if self.think > 0:
            self.sleep(self.think * self.rng.uniform(0.5, 1.5))

    # ---- steps -----------------------------------------------------------------------------------
    def sign_in(self) -> None:
        self.request("open", lambda: self.client.open(), _shows(LOGIN_HEADING))
        self.pause()
        values = {"login_username": self.official.username, "login_password": self.official.password}
        self.request("sign in", lambda: self.client.run(set=values, click="form:login_form"), self._signed_in)

    def _signed_in(self, run: Run) -> None:
        if run.shows(LOGIN_HEADING) and self.client.has("login_username"):
            raise JourneyError(f"{self.official.username}: still on the sign-in form")

    def pick_area(self) -> str:
        code = self.draw_area()
        self.request("pick area: search", lambda: self.client.run(set={"pick_search_text": code}))
        self.pause()
        options = self.client.widget("pick_search").options
        label = next((o for o in options if o.endswith(f"({code})")), None)
        if label is None:
            raise JourneyError(f"search for {code} did not offer it: {options[:3]}")
        self.request("pick area: choose", lambda: self.client.run(set={"pick_search": label}))
        self.area = code
        return code

    def draw_area(self) -> str:
        if self.plans and self.official.area != "*":
            own = self.official.area
            villages = [v for v in self.areas["village"] if v.startswith(own)]
            return self.rng.choice([own, own, *villages])
        level = self.rng.choice(LEVELS)
        return self.rng.choice(self.areas[level])

    def page(self, name: str) -> Run:
        return self.request(name, lambda: self.client.run(page=name), _shows(TITLES[name]))

    def matrix(self) -> None:
        """Open the matrix page on the planner's area; reopen the saved matrix if there is one;
        score every problem on every criterion and save."""
        run = self.page("matrix")
        if self.client.has("matrix_open") and len(self.client.widget("matrix_open").options) > 1:
            self.pause()
            latest = self.client.widget("matrix_open").options[-1]
            run = self.request("matrix: open saved", lambda: self.client.run(set={"matrix_open": latest}))
        scores = [
            k for k in self.client.keys("mx_") if k.rsplit(":", 1)[-1] in ("size", "severity", "feasibility", "concern")
        ]
        if not scores:
            return  # no problem to score (an area without ranked problems)
        forms = {k.split(":", 1)[0] for k in scores}
        values = {}
        for key in scores:
            options = self.client.widget(key).options
            values[key] = [self.rng.choice(options)]
        self.pause()
        save = f"form:{next(iter(forms))}:scores#2"
        # an administrator may have saved the same matrix in between: refused, nothing overwritten
        self.request("matrix: score and save", lambda: self.client.run(set=values, click=save), _shows(SAVED), CONFLICT)
        del run

    def round(self) -> None:
        self.pick_area()
        for name in ANALYSIS_PAGES:
            self.pause()
            self.page(name)
        if self.plans:
            self.pause()
            self.matrix()
            self.pause()
            self.page("project")
        self.pause()
        self.page("oneplan")
        self.pause()


def _shows(text: str) -> Callable[[Run], None]:
    def check(run: Run) -> None:
        if not run.shows(text):
            raise JourneyError(f"the page does not show {text!r}: {[t[:60] for t in run.texts[:6]]}")

    return check
