"""`cia trend --area CODE`: an area's survey years side by side, across indicator catalogs through
the declared pairs (data/catalogs/cycle_mappings.csv), the indicators with no match said so."""

from __future__ import annotations

import argparse
import sys

from analysis.cli.common import (
    CommandError,
    add_command,
    area_argument,
    bi,
    open_workspace,
    workspace_arg,
    write_output,
)
from analysis.i18n import translate


def register(commands) -> None:
    trend = add_command(commands, "trend", "published.help_trend", run_trend)
    workspace_arg(trend)
    trend.add_argument("--area", required=True, metavar="CODE", help=bi("cli.help.area"))
    trend.add_argument("--format", choices=["csv", "xlsx"], default="csv", help=bi("cli.help.format"))
    trend.add_argument("--out", metavar="FILE", help=bi("cli.help.out"))


def run_trend(args: argparse.Namespace) -> int:
    from analysis.exports import to_csv_text, to_xlsx_bytes
    from analysis.views import trend
    from analysis.years import side_by_side, unmatched_words

    area = area_argument(args.area, args.lang)
    found = trend(open_workspace(args), area)
    if found is None:
        raise CommandError(translate("published.no_years", args.lang, area=area))
    table = side_by_side(found, args.lang)
    for line in unmatched_words(found, args.lang):
        print(line, file=sys.stderr)
    if args.format == "csv":
        write_output(to_csv_text(table), args.out)
    else:
        write_output(to_xlsx_bytes(table, sheet="trend"), args.out)
    return 0
