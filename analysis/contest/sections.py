"""Sections of the contest documents that the summary and the infographic share: the profile, the
analysis, the plans, the places. Pure functions of a ContestStory and a profile → HTML."""

from __future__ import annotations

from analysis.contest.charts import budget_chart, domains_chart, top_problems_chart
from analysis.contest.content import ContestStory
from analysis.contest.html import bars, children_table, esc, paragraphs, photos, table
from analysis.contest.records import ProfileRecord, villages_without_member
from analysis.formatting import fmt_int, fmt_number, fmt_pct
from analysis.i18n import translate
from analysis.thaidate import fmt_date_th


def _t(story: ContestStory, key: str, **values: object) -> str:
    return translate(f"contest.{key}", story.lang, **values)


def profile_fields(story: ContestStory, profile: ProfileRecord | None) -> str:
    """Part 1's text sections, in the seed's order; population from the data where the profile is empty."""
    record = profile or ProfileRecord(story.area_code)
    households = record.households if record.households is not None else story.facts.households
    people = record.people if record.people is not None else story.facts.people
    population = _t(
        story, "population_line", households=story.count(households), people=story.count(people), year=story.year
    )
    area = _t(story, "area_line", km2=fmt_number(record.area_km2)) if record.area_km2 is not None else ""
    parts = [
        ("history", paragraphs(record.history)),
        ("location", paragraphs(record.location) + (f"<p>{esc(area)}</p>" if area else "")),
        ("population", f"<p>{esc(population)}</p>" + paragraphs(record.population_note)),
        ("community_groups", paragraphs(record.community_groups)),
        ("products", paragraphs(record.products)),
        ("tourism", paragraphs(record.tourism)),
        ("culture", paragraphs(record.culture)),
    ]
    if record.other.strip():
        parts.append(("other", paragraphs(record.other)))
    return "".join(f"<h3>{esc(_t(story, f'profile_{key}'))}</h3>{html}" for key, html in parts)


def people_tables(story: ContestStory, profile: ProfileRecord | None) -> str:
    """Leaders and the working group (public roles entered on purpose), with the village check."""
    if profile is None or not profile.members:
        return f"<p class='muted'>{esc(_t(story, 'no_members'))}</p>"
    village_names = {c.area_code: c.name for c in story.children} if story.child_level == "village" else {}
    headers = [_t(story, "member_name"), _t(story, "member_role"), _t(story, "member_village")]
    html = ""
    for group in ("leader", "working_group"):
        members = profile.group(group)
        if members:
            rows = [(m.name, m.role, village_names.get(m.village_code or "", m.village_code or "–")) for m in members]
            html += f"<h3>{esc(_t(story, f'group_{group}'))}</h3>" + table(headers, rows, widths=[34, 33, 33])
    html += order_line(story, profile)
    if village_names:
        missing = villages_without_member(profile, list(village_names))
        key = "coverage_missing" if missing else "coverage_ok"
        names = ", ".join(village_names[c] for c in missing)
        html += f"<p><b>{esc(_t(story, key, n=len(village_names), names=names))}</b></p>"
    return html


def order_line(story: ContestStory, profile: ProfileRecord) -> str:
    """The appointment order's number and its date as a Thai official writes it ("15 ม.ค. 2568")."""
    if not profile.appointment_order_no:
        return ""
    day = fmt_date_th(profile.appointment_order_date, story.lang)
    return f"<p>{esc(_t(story, 'order_line', number=profile.appointment_order_no, date=day))}</p>"


def management_section(story: ContestStory, profile: ProfileRecord | None) -> str:
    """Criterion 1 in short: the working group, the villages it represents, the appointment order."""
    if profile is None or not profile.members:
        return f"<p class='muted'>{esc(_t(story, 'no_members'))}</p>"
    group = profile.group("working_group")
    villages = [c.area_code for c in story.children] if story.child_level == "village" else []
    covered = len(villages) - len(villages_without_member(profile, villages))
    line = _t(story, "management_line", n=len(group), covered=covered, villages=len(villages))
    html = f"<p>{esc(line)}</p>"
    html += order_line(story, profile)
    return html


def analysis_section(story: ContestStory) -> str:
    """Data facts, the five domains ranked with their summary lines, top problems, areas compared."""
    facts = story.facts
    line = _t(
        story,
        "facts_line",
        catalog=facts.catalog_name,
        year=facts.year,
        households=story.count(facts.households),
        people=story.count(facts.people),
        villages=facts.villages_with_data,
        known=facts.villages_known,
        indicators=facts.indicators,
    )
    html = f"<p>{esc(line)}</p>"
    if facts.sources:
        html += f"<p class='muted'>{esc(_t(story, 'sources', sources='; '.join(facts.sources)))}</p>"
    html += bars(domains_chart(story), story.lang)
    html += "".join(f"<p>{d.rank}. {esc(d.summary)}</p>" for d in story.domains)
    html += bars(top_problems_chart(story), story.lang)
    if story.children:
        html += f"<h3>{esc(_t(story, 'children_heading'))}</h3>" + children_table(story)
    if story.mpi:
        mpi = story.mpi
        line = _t(
            story, "mpi_line", h=fmt_pct(100 * mpi["H"]), a=fmt_pct(100 * mpi["A"]), mpi=fmt_number(mpi["MPI"], 3)
        )
        html += f"<p>{esc(line)}</p>"
    if story.nrd2c:
        classes = ", ".join(f"{name} {n}" for name, n in story.nrd2c.classes)
        html += f"<h3>{esc(_t(story, 'nrd2c_heading', year=story.nrd2c.year))}</h3><p>{esc(_t(story, 'nrd2c_classes', classes=classes))}</p>"
        html += table(
            [_t(story, "rank"), _t(story, "problem"), _t(story, "numbers")],
            [(p.rank, p.problem or p.title, p.text) for p in story.nrd2c.top],
            widths=[10, 50, 40],
        )
    return html


def matrix_section(story: ContestStory) -> str:
    matrix = story.matrix
    if matrix is None:
        return f"<p class='muted'>{esc(_t(story, 'no_matrix'))}</p>"
    headers = [
        _t(story, "rank"),
        _t(story, "problem"),
        *[translate(f"matrix.col.{c}", story.lang) for c in ("size", "severity", "feasibility", "concern")],
        _t(story, "total"),
    ]
    rows = [
        (r.rank, r.title, r.size, r.severity, r.feasibility, r.concern, fmt_number(r.total, 0)) for r in matrix.rows
    ]
    meeting = _t(
        story,
        "matrix_meeting",
        title=matrix.title,
        date=matrix.meeting_date or "–",
        participants=matrix.participants or "–",
    )
    anchors = " · ".join(
        f"{translate(f'matrix.col.{c}', story.lang)}: "
        + translate(
            "matrix_anchor.line",
            story.lang,
            low=1,
            high=4,
            low_text=translate(f"matrix_anchor.{c}_low", story.lang),
            high_text=translate(f"matrix_anchor.{c}_high", story.lang),
        )
        for c in ("size", "severity", "feasibility", "concern")
    )
    return (
        f"<p>{esc(meeting)}</p>"
        + table(headers, rows, numeric={0, 2, 3, 4, 5, 6}, widths=[8, 32, 12, 12, 12, 12, 12])
        + f"<p class='muted'>{esc(anchors)}</p>"
    )


def project_section(story: ContestStory) -> str:
    if not story.projects:
        return f"<p class='muted'>{esc(_t(story, 'no_projects'))}</p>"
    html = ""
    for project in story.projects:
        rows = [
            (_t(story, "pm_level"), f"{project.level_name} · {project.area_name} · {project.status_name}"),
            (translate("plans.col.problem", story.lang), project.problem),
            (translate("plans.col.causes", story.lang), project.causes),
            (translate("plans.col.objective", story.lang), project.objective),
            (translate("plans.col.activities", story.lang), project.activities),
            (translate("plans.col.outputs", story.lang), project.outputs),
            (translate("plans.col.outcomes", story.lang), project.outcomes),
            (translate("plans.col.impact", story.lang), project.impact),
            (_t(story, "pm_kpis"), "; ".join(project.kpis) or "–"),
            (_t(story, "pm_budget"), f"{fmt_int(project.total_budget)} {_t(story, 'baht')}"),
            (translate("plans.col.responsible_agency", story.lang), project.agency),
        ]
        rows += [
            (translate(key, story.lang), "; ".join(lines))
            for key, lines in (
                ("plans.col.strategy_title", project.strategies),
                ("strategy.kit_results", project.results),
                ("strategy.kit_partners", project.partners),
            )
            if lines
        ]
        html += f"<h3>{esc(project.title)}</h3>" + table(
            [_t(story, "pm_item"), _t(story, "pm_detail")], rows, widths=[24, 76]
        )
    return html


def budget_section(story: ContestStory) -> str:
    chart = budget_chart(story)
    if chart is None:
        return f"<p class='muted'>{esc(_t(story, 'no_budget'))}</p>"
    rows = [(s.name, *[fmt_int(v) for v in s.values], fmt_int(sum(s.values))) for s in chart.series]
    totals = [sum(s.values[i] for s in chart.series) for i in range(len(chart.categories))]
    rows.append((_t(story, "total"), *[fmt_int(v) for v in totals], fmt_int(sum(totals))))
    headers = [f"{_t(story, 'source')} ({_t(story, 'baht')})", *chart.categories, _t(story, "total")]
    html = bars(chart, story.lang) + table(headers, rows, numeric=set(range(1, len(headers))))
    covering = [
        _t(story, "covering_line", title=p.title, level=p.level_name, area=p.area_name, amount=fmt_int(p.total_budget))
        for p in story.covering
    ]
    if covering:
        html += f"<h3>{esc(_t(story, 'covering_heading'))}</h3>" + "".join(f"<p>{esc(c)}</p>" for c in covering)
    return html


def pins_section(story: ContestStory, with_photos: bool = True) -> str:
    if not story.pins:
        return f"<p class='muted'>{esc(_t(story, 'no_pins'))}</p>"
    rows = [(p.name, p.category, p.village_name or "–", p.details) for p in story.pins]
    headers = [_t(story, "pin_name"), _t(story, "pin_category"), _t(story, "member_village"), _t(story, "pin_details")]
    html = table(headers, rows, widths=[28, 18, 22, 32])
    if with_photos:
        html += photos((p.photo, p.photo_mime, p.name) for p in story.pins if p.photo)
    return html
