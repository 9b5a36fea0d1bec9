"""The contest story as slides: one list that both the PowerPoint deck and the presentation mode
step through, so they tell the same story in the same order — from the title and the working group
(criterion 1) through the data, the problems, the plan and the places, to a closing slide."""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.areas import level_word
from analysis.contest.charts import ChartSpec, budget_chart, children_chart, domains_chart, top_problems_chart
from analysis.contest.content import ContestStory
from analysis.contest.criteria import contest_settings
from analysis.contest.records import ProfileRecord, villages_without_member
from analysis.contest.words import round_line
from analysis.formatting import fmt_int, fmt_number, fmt_pct
from analysis.i18n import translate
from analysis.thaidate import fmt_date_th

MAX_CELL = 400  # characters of a table cell on a slide (only a very long text is shortened)
TEAM_ROWS = 10  # working-group members listed on their slide (the summary lists all)


@dataclass
class SlideTable:
    headers: list[str]
    rows: list[list[str]]
    widths: list[int]  # relative column widths


@dataclass
class Slide:
    key: str
    title: str
    subtitle: str = ""
    bullets: list[str] = field(default_factory=list)
    chart: ChartSpec | None = None
    table: SlideTable | None = None
    image: bytes | None = None  # a PNG (the map)
    photos: list[tuple[bytes, str]] = field(default_factory=list)  # (JPEG/PNG, caption)
    notes: str = ""


def cut(text: str, limit: int = MAX_CELL) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _t(story: ContestStory, key: str, **values: object) -> str:
    return translate(f"contest.{key}", story.lang, **values)


def _title_slide(story: ContestStory) -> Slide:
    settings = contest_settings()
    name = settings["name_th"] if story.lang == "th" else settings["name_en"]
    demo = translate("app.demo_note", story.lang) if story.is_demo else ""
    return Slide("title", story.area_name, round_line(story), [name, demo] if demo else [name])


def _profile_slide(story: ContestStory, profile: ProfileRecord | None) -> Slide:
    record = profile or ProfileRecord(story.area_code)
    people = record.people if record.people is not None else story.facts.people
    households = record.households if record.households is not None else story.facts.households
    bullets = [
        _t(story, "population_line", people=story.count(people), households=story.count(households), year=story.year)
    ]
    if record.area_km2 is not None:
        bullets.append(_t(story, "area_line", km2=fmt_number(record.area_km2)))
    for name in ("location", "community_groups", "products", "tourism"):
        if getattr(record, name).strip():
            bullets.append(f"{_t(story, f'profile_{name}')}: {' '.join(getattr(record, name).split())}")
    photos = [(p.photo, p.caption) for p in record.photos if p.section != "activity"][:2]
    return Slide(
        "profile",
        _t(story, "slide_profile", level=level_word(story.level, story.area_code, story.lang)),
        bullets=bullets,
        photos=photos,
    )


def _team_slide(story: ContestStory, profile: ProfileRecord | None) -> Slide | None:
    """Criterion 1: the working group, the villages it represents and the appointment order."""
    if profile is None or not profile.members:
        return None
    group = profile.group("working_group") or profile.members
    names = {c.area_code: c.name for c in story.children} if story.child_level == "village" else {}
    rows = [[m.name, m.role, names.get(m.village_code or "", m.village_code or "–")] for m in group[:TEAM_ROWS]]
    headers = [_t(story, "member_name"), _t(story, "member_role"), _t(story, "member_village")]
    covered = len(names) - len(villages_without_member(profile, list(names)))
    subtitle = _t(story, "team_count", n=len(group), covered=covered, villages=len(names))
    if profile.appointment_order_no:
        day = fmt_date_th(profile.appointment_order_date, story.lang)
        order = _t(story, "order_line", number=profile.appointment_order_no, date=day)
    else:
        order = _t(story, "no_order")
    subtitle = f"{subtitle} · {order}"
    if len(group) > TEAM_ROWS:
        rows.append([_t(story, "team_more", n=len(group) - TEAM_ROWS), "", ""])
    table = SlideTable(headers, rows, [40, 35, 25])
    return Slide("team", _t(story, "slide_team"), subtitle, table=table)


def _facts_slide(story: ContestStory) -> Slide:
    facts = story.facts
    bullets = [
        facts.catalog_name,
        _t(story, "fact_households", n=story.count(facts.households)),
        _t(story, "fact_people", n=story.count(facts.people)),
        _t(story, "fact_villages", n=facts.villages_with_data, known=facts.villages_known),
        _t(story, "fact_indicators", n=facts.indicators),
    ]
    if story.mpi:
        bullets.append(_t(story, "fact_mpi", h=fmt_pct(100 * story.mpi["H"]), a=fmt_pct(100 * story.mpi["A"])))
    bullets += facts.sources
    return Slide("facts", _t(story, "slide_facts", year=story.year), round_line(story), bullets=bullets)


def share_text(value: float | None, lang: str) -> str:
    """A share as a slide shows it; a share a public edition hides says so."""
    return fmt_pct(value) if value is not None else translate("contest.hidden_share", lang)


def _problems_slide(story: ContestStory) -> Slide:
    rows = []
    for domain in story.domains:
        problems = story.problems.get(domain.domain, [])
        text = "\n".join(f"{p.rank}) {p.problem} {share_text(p.pct_fail, story.lang)}" for p in problems)
        rows.append([f"{domain.rank}. {domain.name}", text or "–"])
    table = SlideTable([_t(story, "domain"), _t(story, "top_problems")], rows, [24, 76])
    notes = "\n".join(d.summary for d in story.domains)
    return Slide("problems", _t(story, "slide_problems"), table=table, notes=notes)


def _matrix_slide(story: ContestStory) -> Slide | None:
    if story.matrix is None:
        return None
    criteria = [translate(f"matrix.col.{c}", story.lang) for c in ("size", "severity", "feasibility", "concern")]
    rows = [
        [
            str(r.rank),
            cut(r.title, 120),
            str(r.size),
            str(r.severity),
            str(r.feasibility),
            str(r.concern),
            fmt_number(r.total, 0),
        ]
        for r in story.matrix.rows[:8]
    ]
    headers = [_t(story, "rank"), _t(story, "problem"), *criteria, _t(story, "total")]
    table = SlideTable(headers, rows, [8, 36, 11, 11, 11, 12, 11])
    meeting = _t(
        story,
        "matrix_meeting",
        title=story.matrix.title,
        date=story.matrix.meeting_date or "–",
        participants=story.matrix.participants or "–",
    )
    return Slide("matrix", _t(story, "slide_matrix"), meeting, table=table)


def _project_slides(story: ContestStory) -> list[Slide]:
    slides = []
    for number, project in enumerate(story.projects, start=1):
        fields = [
            (_t(story, "pm_level"), f"{project.level_name} · {project.area_name} · {project.status_name}"),
            (translate("plans.col.problem", story.lang), project.problem),
            (translate("plans.col.objective", story.lang), project.objective),
            (translate("plans.col.activities", story.lang), project.activities),
            (translate("plans.col.outputs", story.lang), project.outputs),
            (translate("plans.col.outcomes", story.lang), project.outcomes),
            (_t(story, "pm_kpis"), "; ".join(project.kpis) or "–"),
            (_t(story, "pm_budget"), f"{fmt_int(project.total_budget)} {_t(story, 'baht')} · {project.agency}"),
        ]
        if project.results:  # done against the plan, once there is something to show
            fields.append((translate("strategy.kit_results", story.lang), "; ".join(project.results)))
        table = SlideTable([_t(story, "pm_item"), _t(story, "pm_detail")], [[k, cut(v)] for k, v in fields], [22, 78])
        title = _t(story, "slide_project", n=number, total=len(story.projects))
        slides.append(Slide(f"project_{project.id}", title, project.title, table=table))
    return slides


def _budget_slide(story: ContestStory) -> Slide | None:
    budget = budget_chart(story)
    if budget is None:
        return None
    total = sum(b.amount for b in story.budget)
    subtitle = _t(story, "plan_total", n=len(story.projects), amount=fmt_int(total))
    notes = "\n".join(_covering_lines(story))
    return Slide("budget", _t(story, "slide_budget"), subtitle, chart=budget, notes=notes)


def _covering_lines(story: ContestStory) -> list[str]:
    lines = [
        _t(story, "covering_line", title=p.title, level=p.level_name, area=p.area_name, amount=fmt_int(p.total_budget))
        for p in story.covering
    ]
    return [_t(story, "covering_heading"), *lines] if lines else []


def _pins_slide(story: ContestStory) -> Slide | None:
    if not story.pins:
        return None
    shown = [p for p in story.pins if p.photo][:4] or story.pins[:4]
    photos = [(p.photo, f"{p.name} ({p.category})") for p in shown if p.photo]
    bullets = [f"{p.name} · {p.category} · {cut(p.details, 120)}" for p in story.pins[:6]]
    return Slide("pins", _t(story, "slide_pins", n=len(story.pins)), bullets=[] if photos else bullets, photos=photos)


def _closing_slide(story: ContestStory) -> Slide:
    settings = contest_settings()
    name = settings["name_th"] if story.lang == "th" else settings["name_en"]
    lines = [name, _t(story, "closing_contact", area=story.area_name)]
    if story.is_demo:
        lines.append(translate("app.demo_note", story.lang))
    return Slide(
        "closing",
        _t(story, "closing_title"),
        _t(story, "closing_line", area=story.area_name, round=round_line(story)),
        lines,
    )


def story_slides(story: ContestStory, profile: ProfileRecord | None, map_png: bytes | None = None) -> list[Slide]:
    """The deck's slides in order; ``map_png`` is the rendered map (mapimage.render_map_png)."""
    summary = "\n".join(d.summary for d in story.domains)
    children = children_chart(story)
    slides = [
        _title_slide(story),
        _profile_slide(story, profile),
        _team_slide(story, profile),
        _facts_slide(story),
        Slide("domains", _t(story, "slide_domains"), chart=domains_chart(story), notes=summary),
        _problems_slide(story),
        Slide("top", _t(story, "slide_top"), chart=top_problems_chart(story), notes=summary),
        Slide("children", _t(story, "slide_children"), chart=children) if children else None,
        Slide("map", story.map.title, image=map_png) if story.map and map_png else None,
        _matrix_slide(story),
        *_project_slides(story),
        _budget_slide(story),
        _pins_slide(story),
        _closing_slide(story),
    ]
    return [s for s in slides if s is not None]
