"""`cia import bmn|bmn-agg|nrd2c FILE ...`: check and store office files."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.cli.common import CommandError, add_command, bi, open_workspace, progress_printer, workspace_arg
from analysis.i18n import translate

KINDS = ("bmn", "bmn-agg", "nrd2c")
SHOWN_PROBLEMS = 50


def register(commands) -> None:
    from analysis.catalogs import catalog_ids

    imports = add_command(commands, "import", "cli.help.import")
    kinds = imports.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind in KINDS:
        sub = add_command(kinds, kind, f"cli.help.kind.{kind}", run_import)
        sub.add_argument("files", nargs="+", metavar="FILE", help=bi("cli.help.files"))
        workspace_arg(sub)
        sub.add_argument("--year", type=int, help=bi("cli.help.year"))
        sub.add_argument("--catalog", choices=list(catalog_ids()), help=bi("cli.help.catalog"))
        sub.add_argument("--map", action="append", default=[], metavar="COLUMN=HEADER", help=bi("cli.help.map"))
        if kind == "bmn":
            sub.add_argument("--coding", choices=["1/0", "1/2"], help=bi("cli.help.coding"))
        sub.add_argument("--replace", action="store_true", help=bi("cli.help.replace"))
        sub.add_argument("--dry-run", action="store_true", help=bi("cli.help.dry_run"))
        sub.add_argument("--report", metavar="FILE.csv", help=bi("cli.help.report"))


def parse_map(pairs: list[str], lang: str) -> dict[str, str]:
    overrides = {}
    for pair in pairs:
        if "=" not in pair:
            raise CommandError(translate("cli.bad_map", lang, value=pair), code=2)
        key, header = pair.split("=", 1)
        overrides[key.strip()] = header.strip()
    return overrides


def print_report(file: str, report, lang: str) -> None:
    import pandas as pd

    frame = report.to_frame()
    counts = report.counts()
    print(
        translate(
            "cli.report_summary",
            lang,
            file=Path(file).name,
            errors=counts.get("error", 0),
            warnings=counts.get("warning", 0),
            info=counts.get("info", 0),
        )
    )
    for _, problem in frame.head(SHOWN_PROBLEMS).iterrows():
        where = f"{problem['row']}" if pd.notna(problem["row"]) else "-"
        message = problem["message_th"] if lang == "th" else problem["message_en"]
        print(
            f"  [{problem['severity']}] {translate('cli.row', lang)} {where} "
            f"{problem['column'] or ''} {problem['value'] or ''}: {message}"
        )
    if len(frame) > SHOWN_PROBLEMS:
        print("  " + translate("cli.more_problems", lang, count=len(frame) - SHOWN_PROBLEMS))


def run_import(args: argparse.Namespace) -> int:
    import pandas as pd

    from analysis.importers.pipeline import import_file

    workspace = open_workspace(args)
    lang = args.lang
    overrides = parse_map(args.map, lang)
    status = 0
    reports = []
    for file in args.files:
        prepared, info = import_file(
            workspace,
            args.kind,
            file,
            year=args.year,
            catalog_id=args.catalog,
            overrides=overrides,
            coding=getattr(args, "coding", None),
            replace=args.replace,
            dry_run=args.dry_run,
            progress=progress_printer(lang),
        )
        reports.append(prepared.report.to_frame())
        print_report(file, prepared.report, lang)
        if info is not None:
            print(translate("cli.imported", lang, dataset=info.id, year=info.year, catalog=info.catalog_id))
        elif prepared.report.has_errors:
            print(translate("cli.not_imported", lang))
            status = 1
        elif args.dry_run:
            print(translate("cli.dry_run_ok", lang))
    if args.report:
        from analysis.exports import to_csv_bytes

        Path(args.report).write_bytes(to_csv_bytes(pd.concat(reports)))  # values from the file, neutralised
    return status
