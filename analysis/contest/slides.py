"""The contest story as slides: one list that both the PowerPoint deck and the presentation mode
step through, so they tell the same story in the same order."""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.contest.charts import ChartSpec, budget_chart, children_chart, domains_chart, top_problems_chart
from analysis.contest.content import ContestStory
from analysis.contest.criteria import contest_settings
from analysis.contest.records import ProfileRecord
from analysis.formatting import fmt_int, fmt_number, fmt_pct
from analysis.i18n import translate

MAX_CELL = 170  # characters of a table cell on a slide (longer text is cut with "…")


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
    subtitle = _t(story, "cover_year", fiscal=settings["fiscal_year"], year=story.year)
    return Slide("title", story.area_name, subtitle, [name, demo] if demo else [name])


def _profile_slide(story: ContestStory, profile: ProfileRecord | None) -> Slide:
    record = profile or ProfileRecord(story.area_code)
    people = record.people if record.people is not None else story.facts.people
    households = record.households if record.households is not None else story.facts.households
    bullets = [_t(story, "population_line", people=fmt_int(people), households=fmt_int(households), year=story.year)]
    if record.area_km2 is not None:
        bullets.append(_t(story, "area_line", km2=fmt_number(record.area_km2)))
    for name in ("location", "community_groups", "products", "tourism"):
        if getattr(record, name).strip():
            bullets.append(f"{_t(story, f'profile_{name}')}: {cut(getattr(record, name), 110)}")
    photos = [(p.photo, p.caption) for p in record.photos if p.section != "activity"][:2]
    return Slide("profile", _t(story, "slide_profile"), bullets=bullets, photos=photos)


def _facts_slide(story: ContestStory) -> Slide:
    facts = story.facts
    bullets = [
        facts.catalog_name,
        _t(story, "fact_households", n=fmt_int(facts.households)),
        _t(story, "fact_people", n=fmt_int(facts.people)),
        _t(story, "fact_villages", n=facts.villages_with_data, known=facts.villages_known),
        _t(story, "fact_indicators", n=facts.indicators),
    ]
    if story.mpi:
        bullets.append(_t(story, "fact_mpi", h=fmt_pct(100 * story.mpi["H"]), mpi=f"{story.mpi['MPI']:.3f}"))
    bullets += [cut(s, 90) for s in facts.sources]
    return Slide("facts", _t(story, "slide_facts", year=story.year), bullets=bullets)


def _problems_slide(story: ContestStory) -> Slide:
    rows = []
    for domain in story.domains:
        problems = story.problems.get(domain.domain, [])
        text = "\n".join(f"{p.rank}) {cut(p.title, 75)} {fmt_pct(p.pct_fail)}" for p in problems)
        rows.append([f"{domain.rank}. {domain.name}", text])
    table = SlideTable([_t(story, "domain"), _t(story, "top_problems")], rows, [22, 78])
    notes = "\n".join(d.summary for d in story.domains)
    return Slide("problems", _t(story, "slide_problems"), table=table, notes=notes)


def _matrix_slide(story: ContestStory) -> Slide | None:
    if story.matrix is None:
        return None
    criteria = [translate(f"matrix.col.{c}", story.lang) for c in ("size", "severity", "feasibility", "concern")]
    rows = [
        [
            str(r.rank),
            cut(r.title, 70),
            str(r.size),
            str(r.severity),
            str(r.feasibility),
            str(r.concern),
            fmt_number(r.total, 0),
        ]
        for r in story.matrix.rows[:8]
    ]
    table = SlideTable(
        [_t(story, "rank"), _t(story, "problem"), *criteria, _t(story, "total")], rows, [7, 33, 12, 12, 12, 12, 12]
    )
    return Slide("matrix", _t(story, "slide_matrix"), cut(story.matrix.title, 90), table=table)


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
        table = SlideTable([_t(story, "pm_item"), _t(story, "pm_detail")], [[k, cut(v)] for k, v in fields], [22, 78])
        title = _t(story, "slide_project", n=number, total=len(story.projects))
        slides.append(Slide(f"project_{project.id}", title, cut(project.title, 90), table=table))
    return slides


def _pins_slide(story: ContestStory) -> Slide | None:
    if not story.pins:
        return None
    shown = [p for p in story.pins if p.photo][:4] or story.pins[:4]
    photos = [(p.photo, f"{p.name} ({p.category})") for p in shown if p.photo]
    bullets = [f"{p.name} · {p.category} · {cut(p.details, 80)}" for p in story.pins[:6]]
    return Slide("pins", _t(story, "slide_pins", n=len(story.pins)), bullets=[] if photos else bullets, photos=photos)


def story_slides(story: ContestStory, profile: ProfileRecord | None, map_png: bytes | None = None) -> list[Slide]:
    """The deck's slides in order; ``map_png`` is the rendered map (mapimage.render_map_png)."""
    summary = "\n".join(d.summary for d in story.domains)
    children = children_chart(story)
    budget = budget_chart(story)
    slides = [
        _title_slide(story),
        _profile_slide(story, profile),
        _facts_slide(story),
        Slide("domains", _t(story, "slide_domains"), chart=domains_chart(story), notes=summary),
        _problems_slide(story),
        Slide("top", _t(story, "slide_top"), chart=top_problems_chart(story), notes=summary),
        Slide("children", _t(story, "slide_children"), chart=children) if children else None,
        Slide("map", story.map.title, image=map_png) if story.map and map_png else None,
        _matrix_slide(story),
        *_project_slides(story),
        Slide("budget", _t(story, "slide_budget"), chart=budget) if budget else None,
        _pins_slide(story),
    ]
    return [s for s in slides if s is not None]
