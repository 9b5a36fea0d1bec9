"""`cia areas names FILE`: load a list of area names (code → name), with a report of its damaged
rows; `--dry-run` checks only, `--replace` lets it replace names of an earlier list,
`--versions` lists the lists loaded."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.cli.common import CommandError, add_command, auth_arg, bi, cli_actor, open_workspace, workspace_arg
from analysis.i18n import translate


def register(areas: argparse.ArgumentParser) -> None:
    actions = areas.add_subparsers(dest="areas_action", metavar="names")
    names = add_command(actions, "names", "published.help_names", run_names)
    names.add_argument("file", nargs="?", metavar="FILE", help=bi("cli.help.files"))
    workspace_arg(names)
    names.add_argument("--dry-run", action="store_true", help=bi("cli.help.dry_run"))
    names.add_argument("--replace", action="store_true", help=bi("published.help_names_replace"))
    names.add_argument("--versions", action="store_true", help=bi("published.help_names_versions"))
    names.add_argument("--report", metavar="FILE.csv", help=bi("cli.help.report"))
    auth_arg(names)


def run_names(args: argparse.Namespace) -> int:
    from analysis.area_names import history, read_names, save_names
    from analysis.cli.imports import print_report

    workspace = open_workspace(args)
    lang = args.lang
    if args.versions:
        for entry in history(workspace):
            print(translate("published.names_version", lang, **entry))
        return 0
    if not args.file:
        raise CommandError(translate("published.names_file_needed", lang), code=2)
    actor = None if args.dry_run else cli_actor(args, "import_data")
    check = read_names(workspace, Path(args.file), replace=args.replace)
    print_report(check.file, check.report, lang)
    print(translate("published.names_checked", lang, rows=f"{check.rows:,}", names=f"{len(check.names):,}"))
    if args.report:
        from analysis.exports import to_csv_bytes

        Path(args.report).write_bytes(to_csv_bytes(check.report.full_frame()))
    if not check.ok or (len(check.changed) and not args.replace):
        print(translate("published.names_not_saved", lang))
        return 1
    if args.dry_run:
        print(translate("cli.dry_run_ok", lang))
        return 0
    entry = save_names(workspace, check, replace=args.replace, actor=actor)
    print(translate("published.names_saved", lang, **entry))
    return 0
