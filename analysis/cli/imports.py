"""`cia import bmn|bmn-agg|nrd2c FILE ...`: check and store office files."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.cli.common import (
    CommandError,
    add_command,
    auth_arg,
    bi,
    cli_actor,
    open_workspace,
    progress_printer,
    workspace_arg,
)
from analysis.i18n import translate
from analysis.validation import SEVERITY_TH

KINDS = ("bmn", "bmn-agg", "nrd2c")
SHOWN_PROBLEMS = 50


def register(commands) -> None:
    from analysis.config import catalog_ids

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
            sub.add_argument("--add", action="store_true", help=bi("cli.help.add"))
        if kind == "bmn-agg":
            sub.add_argument("--unit", choices=["person", "household"], help=bi("cli.help.unit"))
        sub.add_argument("--replace", action="store_true", help=bi("cli.help.replace"))
        sub.add_argument("--remove-areas", metavar="CODE,CODE", help=bi("cli.help.remove_areas"))
        sub.add_argument("--dry-run", action="store_true", help=bi("cli.help.dry_run"))
        sub.add_argument("--report", metavar="FILE.csv", help=bi("cli.help.report"))
        auth_arg(sub)


def parse_map(pairs: list[str], lang: str) -> dict[str, str]:
    overrides = {}
    for pair in pairs:
        if "=" not in pair:
            raise CommandError(translate("cli.bad_map", lang, value=pair), code=2)
        key, header = pair.split("=", 1)
        overrides[key.strip()] = header.strip()
    return overrides


def print_report(name: str, report, lang: str) -> None:
    counts = report.counts()
    print(
        translate(
            "cli.report_summary",
            lang,
            file=name,
            errors=f"{counts.get('error', 0):,}",
            warnings=f"{counts.get('warning', 0):,}",
            info=f"{counts.get('info', 0):,}",
        )
    )
    level = (lambda s: SEVERITY_TH.get(s, s)) if lang == "th" else str  # a Thai report says ข้อผิดพลาด, not error
    if report.truncated:
        for _, rule in report.by_rule(lang).iterrows():
            print(f"  {rule['count']:>10,}  [{level(rule['severity'])}] {rule['rule']}: {rule['message']}")
    import pandas as pd

    shown = report.to_frame().head(SHOWN_PROBLEMS)
    for problem in shown.itertuples(index=False):
        where = "-" if pd.isna(problem.row) else str(problem.row)
        message = problem.message_th if lang == "th" else problem.message_en
        column, value = ("" if pd.isna(v) else v for v in (problem.column, problem.value))
        row = translate("cli.row", lang)
        print(f"  [{level(problem.severity)}] {problem.file} {row} {where} {column} {value}: {message}")
    total = sum(report.totals.values())
    if total > len(shown):
        print("  " + translate("cli.more_problems", lang, count=f"{total - len(shown):,}"))


def run_import(args: argparse.Namespace) -> int:
    from analysis.importers.pipeline import import_files

    workspace = open_workspace(args)
    lang = args.lang
    actor = None if args.dry_run else cli_actor(args, "import_data")  # its areas are checked on commit
    prepared, info = import_files(
        workspace,
        args.kind,
        args.files,
        year=args.year,
        catalog_id=args.catalog,
        overrides=parse_map(args.map, lang),
        coding=getattr(args, "coding", None),
        unit=getattr(args, "unit", None),
        replace=args.replace,
        dry_run=args.dry_run,
        progress=progress_printer(lang),
        actor=actor,
        append=getattr(args, "add", False),
        remove=[c.strip() for c in (args.remove_areas or "").split(",") if c.strip()],
    )
    try:
        print_report(prepared.file or Path(args.files[0]).name, prepared.report, lang)
        if args.report:
            from analysis.exports import to_csv_bytes

            # values come from the user's file: neutralised against formula injection
            Path(args.report).write_bytes(to_csv_bytes(prepared.report.full_frame()))
    finally:
        prepared.report.discard()  # the full list waited in the workspace's scratch
    if info is not None:
        print(translate("cli.imported", lang, dataset=info.id, year=info.year, catalog=info.catalog_id))
        return 0
    if prepared.report.has_errors:
        print(translate("cli.not_imported", lang))
        return 1
    if args.dry_run:
        print(translate("cli.dry_run_ok", lang))
    return 0
