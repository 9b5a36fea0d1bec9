"""`cia contest deck|summary|infographic|checklist`: the contest kit of one area, for its contest
round (the one chosen for the area, or ``--fiscal-year`` / ``--year``); ``--public`` (forced on a
shared server for accounts without household-level access) hides small counts."""

from __future__ import annotations

import argparse
import os
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
from analysis.cli.editions import edition_args, reader
from analysis.i18n import translate

ACTIONS = {
    "deck": "cli.help.contest_deck",
    "summary": "cli.help.contest_summary",
    "infographic": "cli.help.contest_infographic",
    "checklist": "cli.help.contest_checklist",
}


def register(commands) -> None:
    contest = add_command(commands, "contest", "cli.help.contest")
    actions = contest.add_subparsers(dest="contest_command", required=True, metavar="ACTION")
    for action, help_key in ACTIONS.items():
        parser = add_command(actions, action, help_key, run_contest)
        workspace_arg(parser)
        parser.add_argument("--area", required=True, metavar="CODE", help=bi("cli.help.area"))
        parser.add_argument("--year", type=int, help=bi("cli.help.contest_year"))
        parser.add_argument("--fiscal-year", type=int, metavar="YYYY", help=bi("cli.help.contest_fiscal_year"))
        parser.add_argument("--out", required=True, metavar="FILE", help=bi("cli.help.out"))
        parser.add_argument("--user", default=os.environ.get("USER", "cli"), help=bi("cli.help.user"))
        edition_args(parser)
        if action == "infographic":
            parser.add_argument("--format", choices=["pdf", "png"], default="pdf", help=bi("cli.help.contest_format"))


def run_contest(args: argparse.Namespace) -> int:
    from analysis.contest.kit import make
    from analysis.contest.round import cli_round
    from analysis.contest.service import contest_store_for
    from analysis.contest.words import round_text

    workspace = open_workspace(args)
    area = area_argument(args.area, args.lang)
    actor, public = reader(args, area)
    store = contest_store_for(workspace.root)
    chosen = cli_round(workspace, store, area, args.year, args.fiscal_year)
    if chosen is None:
        raise CommandError(translate("cli.no_area_data", args.lang, area=area))
    kind = "infographic_png" if getattr(args, "format", "pdf") == "png" else args.contest_command
    try:
        data = make(workspace, store, area, chosen, kind, args.lang, actor, public)
    except LookupError as error:
        raise CommandError(str(error)) from error
    write_output(data, args.out)
    words = round_text(chosen.fiscal_year, chosen.bmn_year, chosen.nrd2c_year, args.lang)
    print(translate("cli.contest_made", args.lang, path=args.out, area=area, round=words), file=sys.stderr)
    if public:
        print(translate("cli.public_made", args.lang), file=sys.stderr)
    return 0
