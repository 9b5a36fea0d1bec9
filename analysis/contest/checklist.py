"""Readiness checklist (ความพร้อมการประกวด): the contest's items with a status computed from the
workspace or ticked by hand, what is still missing in Thai, and a one-page PDF.

gather_evidence is the one place that reads the workspace and the database; check_items is a pure
function of what it gathered."""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.codes import VILLAGE_LENGTH
from analysis.contest.content import ContestStory
from analysis.contest.criteria import Item, contest_settings, criteria, items
from analysis.contest.records import EvidenceRecord, ProfileRecord, villages_without_member
from analysis.contest.round import ContestRound
from analysis.formatting import fmt_datetime_th, fmt_int
from analysis.frames import years_with_data
from analysis.i18n import translate
from analysis.plans.service import PlanStore
from analysis.thaidate import fmt_date_th

PARTNER_SOURCES = ("pao", "province", "amphoe", "cdd", "other_agency", "ngo", "private")
STATUSES = ("done", "partial", "missing")


@dataclass
class ProjectFact:
    plan_level: str
    area_code: str
    indicator_id: str | None
    status: str
    partner_budget: float
    has_results: bool = False  # an output's actual value or money spent recorded
    partners: int = 0  # named partner organisations


@dataclass
class Evidence:
    """What the checklist needs to know about one area, gathered once. ``year`` is the contest
    round's จปฐ. year and ``nrd2c_year`` its กชช.2ค year (analysis.contest.round)."""

    area_code: str
    year: int
    data_years: dict[str, set[int]]  # "bmn"/"nrd2c" → survey years with data for the area
    villages_known: list[str]
    villages_analysed: list[str]
    children_compared: int = 0
    domains_ranked: int = 0
    top_indicators: set[str] = field(default_factory=set)
    matrix_dates: list[str] = field(default_factory=list)
    projects: list[ProjectFact] = field(default_factory=list)
    pins: int = 0
    pins_with_photo: int = 0
    profile: ProfileRecord | None = None
    records: list[EvidenceRecord] = field(default_factory=list)
    nrd2c_year: int | None = None  # None: the round's จปฐ. year is the one asked for


@dataclass
class CheckResult:
    check: str
    passed: bool
    message: str


@dataclass
class ItemStatus:
    item: Item
    status: str
    results: list[CheckResult]

    @property
    def missing(self) -> list[str]:
        return [r.message for r in self.results if not r.passed]


def gather_evidence(workspace, store, area_code: str, year, story: ContestStory | None, lang: str = "th") -> Evidence:
    """Everything the checks look at, from the workspace (area tables), the plans database (matrices,
    projects, pins, profile, evidence) and the story when the area has data that year. ``year``:
    the contest round (analysis.contest.round.ContestRound) or its จปฐ. year. ``store``: the contest
    store (or the plan store) of the database; matrices, projects and pins are its plans'."""
    plans = PlanStore(store.url)
    nrd2c_year = year.nrd2c_year if isinstance(year, ContestRound) else None
    year = year.bmn_year if isinstance(year, ContestRound) else int(year)

    data_years = {
        "bmn": set(years_with_data(workspace, area_code)),
        "nrd2c": set(years_with_data(workspace, area_code, "nrd2c_area_indicator")),
    }
    villages = workspace.rows("area_summary", under=area_code, level="village")
    nrd2c = workspace.rows("nrd2c_village", under=area_code)
    known = (
        sorted(set(villages["area_code"]) | set(nrd2c["village_code"]))
        if len(area_code) < VILLAGE_LENGTH
        else [area_code]
    )
    analysed = (
        sorted(set(villages[villages["year"] == int(year)]["area_code"])) if len(area_code) < VILLAGE_LENGTH else []
    )
    if len(area_code) == VILLAGE_LENGTH and int(year) in data_years["bmn"]:
        analysed = [area_code]
    projects = [
        ProjectFact(
            p.plan_level,
            p.area_code,
            p.indicator_id,
            p.status,
            float(sum(b.amount for b in [*p.budgets, *p.spending] if b.source in PARTNER_SOURCES)),
            p.has_results,
            len(p.partners),
        )
        for p in plans.projects(area_code)
    ]
    pins = plans.pins(area_code)
    return Evidence(
        area_code=area_code,
        year=int(year),
        data_years=data_years,
        villages_known=known,
        villages_analysed=analysed,
        children_compared=len(story.children) if story else 0,
        domains_ranked=len(story.domains) if story else 0,
        top_indicators={p.indicator_id for p in story.top_problems} if story else set(),
        matrix_dates=[  # as people write a date: "15 มี.ค. 2568", never ISO
            fmt_date_th(m.meeting_date or m.updated_at.date(), lang)
            for m in plans.matrices(area_code)
            if m.area_code == area_code
        ],
        projects=projects,
        pins=len(pins),
        pins_with_photo=sum(1 for p in pins if p.photo and p.details.strip()),
        profile=store.profile(area_code) if hasattr(store, "profile") else None,
        records=store.evidence(area_code) if hasattr(store, "evidence") else [],
        nrd2c_year=nrd2c_year,
    )


def _result(check: str, passed: bool, lang: str, **values: object) -> CheckResult:
    key = f"checklist.{check}_{'ok' if passed else 'missing'}"
    return CheckResult(check, passed, translate(key, lang, **values))


def _data_checks(evidence: Evidence, check: str, lang: str) -> CheckResult:
    if check == "data_year":  # the round's years: จปฐ. and กชช.2ค (the same year unless chosen otherwise)
        wanted = {"bmn": evidence.year, "nrd2c": evidence.nrd2c_year or evidence.year}
        named = {
            k: translate("contest.source_year", lang, source=translate(f"contest.source_{k}", lang), year=y)
            for k, y in wanted.items()
        }
        absent = [named[k] for k, y in wanted.items() if y not in evidence.data_years[k]]
        joiner = translate("checklist.and", lang)
        return _result(check, not absent, lang, have=joiner.join(named.values()), missing=joiner.join(absent))
    if check == "villages":
        known, done = len(evidence.villages_known), len(evidence.villages_analysed)
        return _result(check, known > 0 and done >= known, lang, n=done, known=known, year=evidence.year)
    if check == "comparison":
        return _result(check, evidence.children_compared >= 2, lang, n=evidence.children_compared)
    if check == "ranking":
        return _result(check, evidence.domains_ranked >= 5, lang, n=evidence.domains_ranked)
    return _result(check, bool(evidence.matrix_dates), lang, date=", ".join(evidence.matrix_dates))


def _plan_checks(evidence: Evidence, check: str, lang: str) -> CheckResult:
    projects = evidence.projects
    if check == "projects_match":
        n = sum(1 for p in projects if p.indicator_id and p.indicator_id in evidence.top_indicators)
        return _result(check, n > 0, lang, n=n)
    if check in ("village_plan", "tambon_plan"):
        n = sum(1 for p in projects if p.plan_level == check.removesuffix("_plan"))
        return _result(check, n > 0, lang, n=n)
    if check == "oneplan_results":  # under way or done, with what was actually done recorded
        n = sum(1 for p in projects if p.status in ("in_progress", "done") and p.has_results)
        return _result(check, n > 0, lang, n=n)
    total, partners = sum(p.partner_budget for p in projects), sum(p.partners for p in projects)
    return _result(check, total > 0 or partners > 0, lang, amount=fmt_int(total), partners=partners)


def _profile_checks(evidence: Evidence, check: str, lang: str) -> CheckResult:
    profile = evidence.profile
    if check == "profile":
        missing = profile.missing_fields() if profile else ["all"]
        names = ", ".join(
            translate(f"contest.profile_{m}", lang) if m != "area_km2" else translate("profile.area_km2", lang)
            for m in missing
            if m != "all"
        )
        return _result(check, not missing, lang, fields=names or translate("checklist.no_profile", lang))
    if check == "working_group":
        without = villages_without_member(profile, evidence.villages_known)
        codes = ", ".join(code[-2:].lstrip("0") for code in without)
        return _result(
            check, bool(evidence.villages_known) and not without, lang, n=len(evidence.villages_known), missing=codes
        )
    ok = bool(profile and profile.appointment_order_no.strip() and profile.appointment_order_date)
    return _result(check, ok, lang, number=profile.appointment_order_no if profile else "")


def _check(evidence: Evidence, item: Item, check: str, lang: str) -> CheckResult:
    if check in ("data_year", "villages", "comparison", "ranking", "matrix"):
        return _data_checks(evidence, check, lang)
    if check in ("projects_match", "village_plan", "tambon_plan", "oneplan_results", "partner_budget"):
        return _plan_checks(evidence, check, lang)
    if check in ("profile", "working_group", "appointment"):
        return _profile_checks(evidence, check, lang)
    if check == "pins":
        needed = int(contest_settings()["min_pins"])
        return _result(check, evidence.pins >= needed, lang, n=evidence.pins, needed=needed)
    if check == "pin_photos":
        return _result(check, evidence.pins_with_photo > 0, lang, n=evidence.pins_with_photo, pins=evidence.pins)
    if check in ("deck", "summary"):
        made = [r for r in evidence.records if r.kind == "generated" and r.item_id == check]
        return _result(check, bool(made), lang, when=made_when(made[-1], lang) if made else "")
    return _manual(evidence, item, lang)


def made_when(record: EvidenceRecord, lang: str) -> str:
    """When a document was made, as people write it ("7 ธ.ค. 2569 18:36", Bangkok time)."""
    from datetime import datetime

    for value in (record.note, record.updated_at):
        try:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        except (TypeError, ValueError):
            continue
        return fmt_datetime_th(moment, lang)
    return ""


def _manual(evidence: Evidence, item: Item, lang: str) -> CheckResult:
    """A hand tick counts when it is done and carries what the item needs (a file or a link)."""
    ticks = [r for r in evidence.records if r.kind == "manual" and r.item_id == item.id and r.done]
    if item.needs == "file":
        ticks = [r for r in ticks if r.file]
    elif item.needs == "link":
        ticks = [r for r in ticks if r.link]
    needs = translate(f"checklist.needs_{item.needs or 'tick'}", lang)
    return _result("manual", bool(ticks), lang, needs=needs, evidence=item.evidence(lang))


def check_items(evidence: Evidence, lang: str = "th") -> list[ItemStatus]:
    """Every contest item with its status: done (all checks pass), partial (some) or missing (none)."""
    statuses = []
    for item in items():
        results = [_check(evidence, item, check, lang) for check in item.checks]
        passed = sum(r.passed for r in results)
        status = "done" if passed == len(results) else "partial" if passed else "missing"
        statuses.append(ItemStatus(item, status, results))
    return statuses


def criterion_titles(lang: str) -> dict[str, str]:
    return {c["id"]: c[f"title_{lang}"] for c in criteria()}
