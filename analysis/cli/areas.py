"""`cia areas`: one row per area × year × indicator at a level, as CSV or XLSX."""

from __future__ import annotations

import argparse

from analysis.cli.common import add_command, bi, open_workspace, workspace_arg, write_output
from analysis.cli.editions import edition_args, reader

LEVELS = ("province", "amphoe", "tambon", "village")
AREA_COLUMNS = [
    "area_code",
    "area_name",
    "level",
    "year",
    "catalog_id",
    "indicator_id",
    "title_th",
    "domain",
    "count_unit",
    "applicable",
    "pass",
    "fail",
    "pct_pass",
    "pct_fail",
]


def register(commands) -> None:
    areas = add_command(commands, "areas", "cli.help.areas", run_areas)
    workspace_arg(areas)
    areas.add_argument("--level", choices=LEVELS, required=True, help=bi("cli.help.level"))
    areas.add_argument("--year", type=int, help=bi("cli.help.year_filter"))
    areas.add_argument("--format", choices=["csv", "xlsx"], default="csv", help=bi("cli.help.format"))
    areas.add_argument("--out", metavar="FILE", help=bi("cli.help.out"))
    edition_args(areas)  # --as on a shared server; --public: small counts as "< 5"


def run_areas(args: argparse.Namespace) -> int:
    from analysis.exports import to_csv_text, to_xlsx_bytes
    from analysis.public import counts_rows
    from analysis.views import area_indicator_view

    _, public = reader(args, None)
    frame = area_indicator_view(open_workspace(args), level=args.level, year=args.year, lang=args.lang)
    frame = counts_rows(frame[AREA_COLUMNS].round({"pct_pass": 2, "pct_fail": 2}), public, args.lang)
    if args.format == "csv":
        write_output(to_csv_text(frame), args.out)
    else:
        write_output(to_xlsx_bytes(frame, sheet=f"{args.level}"), args.out)
    return 0
