"""The README's measure and table sections, made from the catalogs (data/measures.toml with the
names in data/i18n/*/measures.toml; data/tables.toml): `python -m analysis.docs` rewrites the parts
of README.md between the BEGIN and END markers and the `--by` choices of `cia rank` in the command
list (`--check`: only says whether it would). tests/test_measures.py fails when the README differs
from what this module makes of the catalogs, so a measure or table added to them shows in the README
with its next regeneration.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from analysis.grains import TableSpec, table_catalog
from analysis.measures import Measure, measure_catalog, rank_measures

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN = "<!-- BEGIN measures: made by `python -m analysis.docs` from data/measures.toml; do not edit -->"
END = "<!-- END measures -->"
TABLES_BEGIN = "<!-- BEGIN tables: made by `python -m analysis.docs` from data/tables.toml; do not edit -->"
TABLES_END = "<!-- END tables -->"
#: the `cia rank` line of the README's command list, its --by choices in group 2
RANK_LINE = re.compile(r"^(cia rank .*?\[--by )([a-z0-9_|]+)(\])", re.MULTILINE)
UNITS = {"pct": "%", "count": "count", "pp": "points", "index": "index", "class": "class"}


def _format(item: Measure) -> str:
    unit = UNITS.get(item.unit, item.unit)
    return unit if item.unit == "class" else f"{unit}, {item.digits} decimal{'s' if item.digits != 1 else ''}"


def _ranked_by(item: Measure) -> str:
    if not item.rank:
        return ""
    compute = item.compute if isinstance(item.compute, str) else getattr(item.compute, "__name__", "?")
    ties = f"ties: `{item.count_column}` of `{item.source_table}`"
    return f"yes — `{compute}`; {ties}" + ("; needs k" if item.needs_mpi else "")


def render(catalog: tuple[Measure, ...] | None = None) -> str:
    """The README's section between the markers (markers included)."""
    catalog = measure_catalog() if catalog is None else catalog
    lines = [
        BEGIN,
        "",
        "| measure | name | definition | grain | format | rank by |",
        "|---|---|---|---|---|---|",
    ]
    for item in catalog:
        name = f"{item.name('th')} / {item.name('en')}"
        lines.append(
            f"| `{item.id}` | {name} | {item.definition_text('en')} | {item.grain} | {_format(item)} | "
            f"{_ranked_by(item)} |"
        )
    ranked = ", ".join(f"`{m.id}`" for m in catalog if m.rank)
    lines += ["", f"Problems can be ranked by {ranked} (the Rank page's choices and `cia rank --by`).", "", END]
    return "\n".join(lines)


def render_tables(catalog: tuple[TableSpec, ...] | None = None) -> str:
    """The README's table of stored tables and their columns (markers included)."""
    catalog = table_catalog() if catalog is None else catalog
    places = {"dataset": "`datasets/<id>/`", "derived": "`derived/<generation>/`"}
    lines = [TABLES_BEGIN, "", "| table | stored in | grain (one row per) | what a row is |", "|---|---|---|---|"]
    for table in catalog:
        grain = ", ".join(f"`{c}`" for c in table.grain)
        lines.append(f"| `{table.name}` | {places[table.place]} | {grain} | {table.about} |")
    lines += ["", "Their columns:", ""]
    for table in catalog:
        columns = " · ".join(f"`{name}` {about}" for name, about in table.columns.items())
        lines.append(f"- `{table.name}` ({table.place}): {columns}")
    return "\n".join([*lines, "", TABLES_END])


def section(text: str, begin: str = BEGIN, end: str = END) -> str:
    """A generated section of a README text, markers included."""
    start, stop = text.index(begin), text.index(end)
    return text[start : stop + len(end)]


def rewritten(text: str) -> str:
    """The README text with the measure and table sections and `cia rank --by` choices made from
    the catalogs."""
    text = text.replace(section(text), render())
    text = text.replace(section(text, TABLES_BEGIN, TABLES_END), render_tables())
    return RANK_LINE.sub(lambda m: m.group(1) + "|".join(rank_measures()) + m.group(3), text)


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new = rewritten(text)
    if "--check" in argv:
        print("README.md: the measure and table sections are the catalogs'" if new == text else "README.md is stale")
        return int(new != text)
    README.write_text(new, encoding="utf-8")
    print("README.md: measure and table sections rewritten from data/measures.toml and data/tables.toml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
