"""`cia areas`: one row per area × year × indicator at a level, as CSV or XLSX."""

from __future__ import annotations

import argparse

from analysis.cli.common import CommandError, add_command, bi, open_workspace, workspace_arg, write_output
from analysis.cli.editions import edition_args, reader
from analysis.codes import LEVELS
from analysis.i18n import translate

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
    from analysis.cli import names

    areas = add_command(commands, "areas", "cli.help.areas", run_areas)
    workspace_arg(areas)
    areas.add_argument("--level", choices=LEVELS, help=bi("cli.help.level"))  # needed unless `names`
    names.register(areas)
    areas.add_argument("--year", type=int, help=bi("cli.help.year_filter"))
    areas.add_argument("--format", choices=["csv", "xlsx"], default="csv", help=bi("cli.help.format"))
    areas.add_argument("--out", metavar="FILE", help=bi("cli.help.out"))
    areas.add_argument("--catalog", metavar="ID", help=bi("village.help_source"))  # "*": every data set
    edition_args(areas)  # --as on a shared server; --public: small counts as "< 5"


def run_areas(args: argparse.Namespace) -> int:
    from analysis.exports import to_csv_text, to_xlsx_bytes
    from analysis.public import counts_rows
    from analysis.views import area_indicator_view

    if args.level is None:
        raise CommandError(translate("published.level_needed", args.lang), code=2)
    _, public = reader(args, None)
    workspace = open_workspace(args)
    frame = area_indicator_view(workspace, level=args.level, year=args.year, lang=args.lang, catalog=args.catalog)
    frame = counts_rows(frame[AREA_COLUMNS].round({"pct_pass": 2, "pct_fail": 2}), public, args.lang)
    if args.format == "csv":
        write_output(to_csv_text(frame), args.out)
    else:
        write_output(to_xlsx_bytes(frame, sheet=f"{args.level}"), args.out)
    return 0
