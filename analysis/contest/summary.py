"""The summary document (เอกสารสรุปผลการดำเนินงาน 3 ส่วน) as an A4 PDF: a cover, a table of contents,
part 1 the tambon profile, part 2 the development approach, part 3 the appendix (จปฐ./กชช.2ค tables,
activity photos). Page numbers at the foot of every page but the cover."""

from __future__ import annotations

import pandas as pd

from analysis.areas import level_word
from analysis.contest.content import ContestStory
from analysis.contest.criteria import contest_settings
from analysis.contest.html import base_css, document, esc, figure, photos, table
from analysis.contest.mapimage import render_map_png
from analysis.contest.pdf import html_to_pdf
from analysis.contest.records import ProfileRecord
from analysis.contest.sections import (
    analysis_section,
    budget_section,
    management_section,
    matrix_section,
    people_tables,
    pins_section,
    profile_fields,
    project_section,
)
from analysis.contest.words import round_line
from analysis.formatting import fmt_number
from analysis.i18n import translate

SUMMARY_CSS = """
.cover { page: cover; text-align: center; padding-top: 55mm; page-break-after: always; }
.cover h1 { font-size: 28pt; } .cover .area { font-size: 24pt; margin: 8mm 0; }
.toc { page-break-after: always; } .toc a { color: inherit; text-decoration: none; }
.toc li { list-style: none; margin: 1.5mm 0; }
.toc a::after { content: leader('.') target-counter(attr(href), page); }
.toc li.sub { margin-left: 8mm; font-size: 13pt; }
section.part { page-break-before: always; }
"""


def _t(story: ContestStory, key: str, **values: object) -> str:
    return translate(f"contest.{key}", story.lang, **values)


def _cover(story: ContestStory) -> str:
    settings = contest_settings()
    name = settings["name_th"] if story.lang == "th" else settings["name_en"]
    demo = f"<p class='demo'>{esc(translate('app.demo_note', story.lang))}</p>" if story.is_demo else ""
    return (
        f"<div class='cover'><h1>{esc(_t(story, 'summary_title'))}</h1><p>{esc(name)}</p>"
        f"<p class='area'>{esc(story.area_name)}</p>"
        f"<p>{esc(round_line(story))}</p>{demo}</div>"
    )


def _sections(story: ContestStory, profile: ProfileRecord | None) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """(part id, part title, [(section id, title, html)]) in document order."""
    map_html = (
        figure(render_map_png(story.map), story.map.title)
        if story.map
        else f"<p class='muted'>{esc(_t(story, 'no_map'))}</p>"
    )
    profile_photos = photos(
        (p.photo, p.photo_mime, p.caption) for p in (profile.photos if profile else []) if p.section != "activity"
    )
    activity_photos = photos(
        (p.photo, p.photo_mime, p.caption) for p in (profile.photos if profile else []) if p.section == "activity"
    )
    return [
        (
            "part1",
            _t(story, "part1", level=level_word(story.level, story.area_code, story.lang)),
            [
                ("p1-general", _t(story, "s_general"), profile_fields(story, profile) + profile_photos),
                ("p1-people", _t(story, "s_people"), people_tables(story, profile)),
                ("p1-map", _t(story, "s_map"), map_html),
            ],
        ),
        (
            "part2",
            _t(story, "part2"),
            [
                ("p2-management", _t(story, "s_management"), management_section(story, profile)),
                ("p2-analysis", _t(story, "s_analysis"), analysis_section(story)),
                ("p2-matrix", _t(story, "s_matrix"), matrix_section(story)),
                ("p2-gis", _t(story, "s_gis"), pins_section(story)),
                ("p2-projects", _t(story, "s_projects"), project_section(story)),
                ("p2-budget", _t(story, "s_budget"), budget_section(story)),
            ],
        ),
        (
            "part3",
            _t(story, "part3"),
            [
                ("p3-bmn", _t(story, "s_bmn", year=story.year), _bmn_appendix(story)),
                (
                    "p3-nrd2c",
                    _t(story, "s_nrd2c", year=story.nrd2c.year if story.nrd2c else "–"),
                    _nrd2c_appendix(story),
                ),
                (
                    "p3-photos",
                    _t(story, "s_photos"),
                    activity_photos or f"<p class='muted'>{esc(_t(story, 'no_photos'))}</p>",
                ),
            ],
        ),
    ]


def _bmn_appendix(story: ContestStory) -> str:
    frame = story.bmn_table
    if frame.empty:
        return f"<p class='muted'>{esc(_t(story, 'no_data', year=story.year))}</p>"
    headers = [
        translate(f"col.{c}", story.lang)
        for c in ("indicator_id", "indicator", "domain", "applicable", "pass", "fail", "pct_fail")
    ] + [translate("report_words.unit", story.lang)]
    hidden = translate("contest.hidden_share", story.lang)
    rows = [
        (
            r["indicator_id"],
            r["title"],
            r["domain"],
            story.count(r["applicable"]),
            story.count(r["pass"]),
            story.count(r["fail"]),
            hidden
            if story.private and pd.isna(pd.to_numeric(r["pct_fail"], errors="coerce"))
            else fmt_number(r["pct_fail"]),
            translate(
                f"unit.{r['count_unit']}" if isinstance(r.get("count_unit"), str) else "unit.household", story.lang
            ),
        )
        for _, r in frame.iterrows()
    ]
    return table(headers, rows, numeric={3, 4, 5, 6}, widths=[6, 34, 13, 10, 9, 9, 9, 10])


def _nrd2c_appendix(story: ContestStory) -> str:
    frame = story.nrd2c_table
    if frame.empty:
        return f"<p class='muted'>{esc(_t(story, 'no_nrd2c'))}</p>"
    headers = [
        translate("col.indicator_id", story.lang),
        translate("col.indicator", story.lang),
        *[_t(story, f"level_{n}") for n in (1, 2, 3)],
        _t(story, "villages"),
    ]
    rows = [
        (r["indicator_id"], r["title"], r["level_1"], r["level_2"], r["level_3"], r["villages"])
        for _, r in frame.iterrows()
    ]
    return table(headers, rows, numeric={2, 3, 4, 5}, widths=[6, 46, 11, 11, 11, 15])


def summary_html(story: ContestStory, profile: ProfileRecord | None) -> str:
    parts = _sections(story, profile)
    toc = "".join(
        f"<li><a href='#{pid}'>{esc(title)}</a></li>"
        + "".join(f"<li class='sub'><a href='#{sid}'>{esc(stitle)}</a></li>" for sid, stitle, _ in sections)
        for pid, title, sections in parts
    )
    body = _cover(story) + f"<div class='toc'><h1>{esc(_t(story, 'toc'))}</h1><ul>{toc}</ul></div>"
    for pid, title, sections in parts:
        body += f"<section class='part'><h1 id='{pid}'>{esc(title)}</h1>"
        body += "".join(f"<h2 id='{sid}'>{esc(stitle)}</h2>{html}" for sid, stitle, html in sections) + "</section>"
    note = translate("app.demo_badge", story.lang) if story.is_demo else None
    return document(_t(story, "summary_title"), body, base_css(note=note) + SUMMARY_CSS)


def summary_pdf(story: ContestStory, profile: ProfileRecord | None) -> bytes:
    """The three-part summary document of the story as an A4 PDF."""
    return html_to_pdf(summary_html(story, profile))
