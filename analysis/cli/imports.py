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
from analysis.datasets import IMPORT_KINDS
from analysis.i18n import translate
from analysis.importers.facts import UNIT_SPELLINGS
from analysis.validation import SEVERITY_TH

SHOWN_PROBLEMS = 50


def register(commands) -> None:
    from analysis.config import catalog_ids

    imports = add_command(commands, "import", "cli.help.import")
    kinds = imports.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind in IMPORT_KINDS:
        sub = add_command(kinds, kind, f"cli.help.kind.{kind}", run_import)
        sub.add_argument("files", nargs="+", metavar="FILE", help=bi("cli.help.files"))
        workspace_arg(sub)
        sub.add_argument("--year", type=int, help=bi("cli.help.year"))
        if kind == "village-data":  # the data set's declared catalog: its id or its catalog.toml
            sub.add_argument("--catalog", required=True, metavar="FILE.toml|ID", help=bi("village.help_catalog"))
        else:
            sub.add_argument("--catalog", choices=list(catalog_ids()), help=bi("cli.help.catalog"))
        sub.add_argument("--map", action="append", default=[], metavar="COLUMN=HEADER", help=bi("cli.help.map"))
        if kind == "bmn":
            sub.add_argument("--coding", choices=["1/0", "1/2"], help=bi("cli.help.coding"))
            sub.add_argument("--add", action="store_true", help=bi("cli.help.add"))
        if kind == "bmn-agg":
            # either spelling: the README and `--help` name "persons|households"
            sub.add_argument(
                "--unit", choices=list(UNIT_SPELLINGS), metavar="persons|households", help=bi("cli.help.unit")
            )
            sub.add_argument("--keep-valid", action="store_true", help=bi("published.help_keep_valid"))
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


def print_report(name: str, report, lang: str, files: list[str] | None = None) -> None:
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
    print_problem_files(report, lang, files)


def print_problem_files(report, lang: str, files: list[str] | None) -> None:
    """Every file of a multi-file import with a problem, named once with its counts (a folder of
    77 files: all to correct are listed in one pass, whatever the list above shows)."""
    found = report.by_file()
    found = found[found["file"].isin(files)] if files else found.iloc[0:0]
    if len(files or []) < 2 or found.empty:
        return
    print(translate("published.problem_files", lang, n=len(found)))
    for row in found.itertuples(index=False):
        counts = {"errors": f"{row.error:,}", "warnings": f"{row.warning:,}", "info": f"{row.info:,}"}
        print("  " + translate("published.problem_file", lang, file=row.file, **counts))


def run_import(args: argparse.Namespace) -> int:
    from analysis.importers.pipeline import import_files

    workspace = open_workspace(args)
    lang = args.lang
    if args.kind == "village-data":
        from analysis.village_catalog import CatalogError, resolve_catalog

        try:
            args.catalog = resolve_catalog(args.catalog)
        except CatalogError as error:
            raise CommandError(error.message(lang), code=2) from error
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
        keep_valid=getattr(args, "keep_valid", False),
        remove=[c.strip() for c in (args.remove_areas or "").split(",") if c.strip()],
    )
    try:
        files = [f["name"] for f in prepared.meta.get("files", [])]
        print_report(prepared.file or Path(args.files[0]).name, prepared.report, lang, files)
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
