"""`cia plans list|export-p02|export|import`: projects in the plans database."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from analysis.cli.common import (
    CommandError,
    add_command,
    area_argument,
    auth_arg,
    bi,
    cli_actor,
    open_workspace,
    workspace_arg,
    write_output,
)
from analysis.i18n import translate


def register(commands) -> None:
    plans = add_command(commands, "plans", "cli.help.plans")
    actions = plans.add_subparsers(dest="plans_command", required=True, metavar="ACTION")
    listing = add_command(actions, "list", "cli.help.plans_list", run_list)
    workspace_arg(listing)
    listing.add_argument("--area", metavar="CODE", help=bi("cli.help.area_optional"))
    listing.add_argument("--format", choices=["csv", "xlsx"], default="csv", help=bi("cli.help.format"))
    listing.add_argument("--out", metavar="FILE", help=bi("cli.help.out"))
    p02 = add_command(actions, "export-p02", "cli.help.p02", run_p02)
    workspace_arg(p02)
    p02.add_argument("--area", required=True, metavar="CODE", help=bi("cli.help.area"))
    p02.add_argument("--first-year", type=int, help=bi("cli.help.first_year"))
    p02.add_argument("--out", required=True, metavar="FILE.xlsx", help=bi("cli.help.out"))
    workbook = add_command(actions, "export", "cli.help.plans_export", run_export)
    workspace_arg(workbook)
    workbook.add_argument("--area", metavar="CODE", help=bi("cli.help.area_optional"))
    workbook.add_argument("--out", required=True, metavar="FILE.xlsx", help=bi("cli.help.out"))
    plan_import = add_command(actions, "import", "cli.help.plans_import", run_import)
    workspace_arg(plan_import)
    plan_import.add_argument("file", metavar="FILE.xlsx")
    plan_import.add_argument("--user", default=os.environ.get("USER", "cli"), help=bi("cli.help.user"))
    plan_import.add_argument("--dry-run", action="store_true", help=bi("cli.help.dry_run"))
    auth_arg(plan_import)


def _store_and_area(args: argparse.Namespace):
    from analysis.plans.service import store_for

    workspace = open_workspace(args)
    area = area_argument(args.area, args.lang) if getattr(args, "area", None) else None
    return workspace, store_for(workspace.root), area


def run_list(args: argparse.Namespace) -> int:
    from analysis.exports import to_csv_text, to_xlsx_bytes
    from analysis.plans.exports import projects_table

    _, store, area = _store_and_area(args)
    frame = projects_table(store.projects(area), args.lang)
    write_output(to_csv_text(frame) if args.format == "csv" else to_xlsx_bytes(frame, "projects"), args.out)
    return 0


def run_p02(args: argparse.Namespace) -> int:
    import sys

    from analysis.plans.exports import p02_xlsx

    workspace, store, area = _store_and_area(args)
    name = workspace.register().display_name(area, args.lang)
    projects = store.projects(area)
    demo = translate("app.demo_note", args.lang) if any(p.is_demo for p in projects) else None
    write_output(p02_xlsx(projects, name, args.first_year, demo), args.out)
    print(translate("cli.p02_done", args.lang, n=len(projects), path=args.out), file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from analysis.plans.exports import projects_workbook

    _, store, area = _store_and_area(args)
    write_output(projects_workbook(store.projects(area)), args.out)
    return 0


def run_import(args: argparse.Namespace) -> int:
    import pandas as pd

    from analysis.db.errors import ConflictError
    from analysis.plans.imports import check_same_problem, check_versions, read_projects_workbook
    from analysis.plans.service import import_projects

    _, store, _ = _store_and_area(args)
    actor = None if args.dry_run else cli_actor(args)  # each project's area is checked by the import
    data = Path(args.file).read_bytes()
    records, report = read_projects_workbook(data, Path(args.file).name)
    stored = store.projects()
    check_versions(records, {p.id: p.version for p in stored}, report, Path(args.file).name)
    check_same_problem(records, stored, report, Path(args.file).name)
    for _, problem in report.to_frame().iterrows():
        message = problem["message_th"] if args.lang == "th" else problem["message_en"]
        print(
            f"  [{problem['severity']}] {problem['column'] or ''} {translate('cli.row', args.lang)} "
            f"{problem['row'] if pd.notna(problem['row']) else '-'}: {message}"
        )
    if report.has_errors:
        print(translate("cli.not_imported", args.lang))
        return 1
    if args.dry_run:
        print(translate("cli.dry_run_ok", args.lang))
        return 0
    try:
        created, updated = import_projects(store, records, actor)
    except ConflictError as error:
        raise CommandError(error.message_th if args.lang == "th" else error.message_en) from error
    print(translate("oneplan.imported", args.lang, created=created, updated=updated))
    return 0
