"""`cia datasets`, `cia delete`, `cia rebuild`, `cia catalogs`: the workspace's contents."""

from __future__ import annotations

import argparse

from analysis.cli.common import (
    add_command,
    auth_arg,
    bi,
    cli_actor,
    open_workspace,
    progress_printer,
    workspace_arg,
    write_output,
)
from analysis.i18n import translate

DATASET_COLUMNS = ["dataset_id", "kind", "year", "catalog_id", "file", "households", "villages", "imported_at", "demo"]
DATASET_COLUMNS += ["set_aside"]  # rows set aside on request (import the valid rows): 0 when none


def register(commands) -> None:
    workspace_arg(add_command(commands, "datasets", "cli.help.datasets", run_datasets))
    delete = add_command(commands, "delete", "cli.help.delete", run_delete)
    delete.add_argument("dataset_id", metavar="DATASET_ID")
    workspace_arg(delete)
    auth_arg(delete)
    rebuild = add_command(commands, "rebuild", "cli.help.rebuild", run_rebuild)
    workspace_arg(rebuild)
    auth_arg(rebuild)
    add_command(commands, "catalogs", "cli.help.catalogs", run_catalogs)
    doctor = add_command(commands, "doctor", "cli.help.doctor", run_doctor)
    workspace_arg(doctor)
    doctor.add_argument("--repair", action="store_true", help=bi("cli.help.repair"))
    auth_arg(doctor)


def run_datasets(args: argparse.Namespace) -> int:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DATASET_COLUMNS)
    for d in open_workspace(args).datasets():
        row = [d.id, d.kind, d.year, d.catalog_id, d.file_name, d.meta.get("households"), d.meta.get("villages")]
        writer.writerow([*("" if v is None else v for v in row), d.imported_at, d.demo, d.meta.get("set_aside", 0)])
    write_output(buffer.getvalue(), None)
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from analysis.importers.committing import delete_dataset

    actor = cli_actor(args, "delete_data")
    delete_dataset(open_workspace(args), args.dataset_id, actor, progress=progress_printer(args.lang))
    print(translate("cli.deleted", args.lang, dataset=args.dataset_id))
    return 0


def run_rebuild(args: argparse.Namespace) -> int:
    cli_actor(args, "import_data")  # rebuilding the area tables rewrites every area: a data officer's task
    open_workspace(args).rebuild()
    print(translate("cli.rebuilt", args.lang))
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    """Report what is wrong with the workspace; with --repair, repair it. Exit 1 when something
    is wrong and was not repaired."""
    from analysis.doctor import diagnose, repair

    workspace = open_workspace(args)
    if args.repair:
        cli_actor(args, "import_data")  # rewrites the area tables: a data officer's task
        findings = repair(workspace)
        for finding in findings:
            print(f"  ✓ {finding.message(args.lang)}")
        left = [f for f in diagnose(workspace) if not f.repairable]
        for finding in left:
            print(f"  • {finding.message(args.lang)}")
        done = "doctor.repaired" if findings else ("doctor.not_repaired" if left else "doctor.healthy")
        print(translate(done, args.lang, n=len(findings)))
        return 1 if left else 0
    findings = diagnose(workspace)
    for finding in findings:
        print(f"  • {finding.message(args.lang)}")
    print(translate("doctor.found" if findings else "doctor.healthy", args.lang, n=len(findings)))
    return 1 if findings else 0


def run_catalogs(args: argparse.Namespace) -> int:
    from analysis.catalogs import catalogs

    for catalog in catalogs():
        name = catalog.name_th if args.lang == "th" else catalog.name_en
        print(f"{catalog.id}\t{catalog.first_year}–{catalog.last_year}\t{catalog.status}\t{name}")
    return 0
