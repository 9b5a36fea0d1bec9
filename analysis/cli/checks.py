"""`cia check|progress|report|review|register|certify`: data checks before the certification forum,
collection progress, the village review sheet, the reports up the chain, the target register and
the certification status (journey 6)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

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
from analysis.cli.editions import edition_args, reader
from analysis.codes import VILLAGE_LENGTH
from analysis.i18n import translate

REPORTS = ("province", "district", "tambon", "progress")
REPORT_AREA_LENGTH = {"province": 2, "district": 4, "tambon": 6}
PROGRESS_BY = ("village", "volunteer", "tambon", "amphoe")


def _area_year(parser: argparse.ArgumentParser, area_help: str = "cli.help.area") -> None:
    workspace_arg(parser)
    parser.add_argument("--area", required=True, metavar="CODE", help=bi(area_help))
    parser.add_argument("--year", type=int, help=bi("cli.help.year_latest"))


def register(commands) -> None:
    check = add_command(commands, "check", "cli.help.check", run_check)
    _area_year(check)
    check.add_argument("--as-of", metavar="DATE", help=bi("cli.help.as_of"))
    check.add_argument("--format", choices=["csv", "xlsx"], default="csv", help=bi("cli.help.format"))
    check.add_argument("--out", metavar="FILE", help=bi("cli.help.out"))
    auth_arg(check)
    progress = add_command(commands, "progress", "cli.help.progress", run_progress)
    _area_year(progress)
    progress.add_argument("--by", choices=PROGRESS_BY, default="village", help=bi("cli.help.progress_by"))
    progress.add_argument("--as-of", metavar="DATE", help=bi("cli.help.as_of"))
    progress.add_argument("--format", choices=["csv", "xlsx"], default="csv", help=bi("cli.help.format"))
    progress.add_argument("--out", metavar="FILE", help=bi("cli.help.out"))
    auth_arg(progress)
    report = add_command(commands, "report", "cli.help.report_group")
    kinds = report.add_subparsers(dest="report_kind", required=True, metavar="KIND")
    for kind in REPORTS:
        parser = add_command(kinds, kind, f"cli.help.report_{kind}", run_report)
        _area_year(parser)
        parser.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx", help=bi("cli.help.out"))
        edition_args(parser)  # --as, --public (forced on a shared server without household-level access)
        parser.add_argument("--as-of", metavar="DATE", help=bi("cli.help.as_of"))
    review = add_command(commands, "review", "cli.help.review", run_review)
    _area_year(review, "cli.help.village")
    review.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx", help=bi("cli.help.out"))
    auth_arg(review)
    _register_commands(commands)


def _register_commands(commands) -> None:
    register_group = add_command(commands, "register", "cli.help.register")
    actions = register_group.add_subparsers(dest="register_command", required=True, metavar="ACTION")
    load = add_command(actions, "import", "cli.help.register_import", run_register_import)
    workspace_arg(load)
    load.add_argument("file", metavar="FILE")
    load.add_argument("--year", type=int, required=True, help=bi("cli.help.year"))
    load.add_argument("--deadline", required=True, metavar="DATE", help=bi("cli.help.deadline"))
    load.add_argument("--start", metavar="DATE", help=bi("cli.help.start"))
    load.add_argument("--area", metavar="CODE", help=bi("cli.help.area_optional"))
    load.add_argument("--user", help=bi("cli.help.user"))
    auth_arg(load)
    show = add_command(actions, "show", "cli.help.register_show", run_register_show)
    workspace_arg(show)
    show.add_argument("--year", type=int, required=True, help=bi("cli.help.year"))
    show.add_argument("--area", metavar="CODE", help=bi("cli.help.area_optional"))
    certify = add_command(commands, "certify", "cli.help.certify", run_certify)
    workspace_arg(certify)
    certify.add_argument("village", metavar="VILLAGE")
    certify.add_argument("--year", type=int, required=True, help=bi("cli.help.year"))
    certify.add_argument("--status", required=True, choices=["checked", "returned", "certified"])
    certify.add_argument("--note", default="", help=bi("cli.help.note"))
    certify.add_argument("--user", help=bi("cli.help.user"))
    auth_arg(certify)


def _date(text: str | None, lang: str) -> date | None:
    from analysis.thaidate import ThaiDateError, parse_thai_date

    if not text:
        return None
    try:
        return parse_thai_date(text)
    except ThaiDateError as error:
        raise CommandError(error.message(lang), code=2) from error


def _year(workspace, area: str, year: int | None, lang: str) -> int:
    from analysis.frames import years_with_data

    if year:
        return int(year)
    years = years_with_data(workspace, area)
    if not years:
        raise CommandError(translate("cli.no_area_data", lang, area=area))
    return years[-1]


def _table(frame, args: argparse.Namespace, sheet: str) -> None:
    from analysis.exports import to_csv_text, to_xlsx_bytes

    write_output(to_csv_text(frame) if args.format == "csv" else to_xlsx_bytes(frame, sheet), args.out)


def run_check(args: argparse.Namespace) -> int:
    from analysis.checks.findings import messages
    from analysis.checks.views import run_checks

    workspace = open_workspace(args)
    area = area_argument(args.area, args.lang)
    cli_actor(args, "check_data", area)
    year = _year(workspace, area, args.year, args.lang)
    result = run_checks(workspace, area, year, _date(args.as_of, args.lang))
    _table(messages(result.findings, args.lang), args, "checks")
    counts = result.findings["severity"].value_counts()
    print(
        translate(
            "checks.cli.summary",
            args.lang,
            area=area,
            year=year,
            errors=int(counts.get("error", 0)),
            warnings=int(counts.get("warning", 0)),
            villages=len(result.summary),
        ),
        file=sys.stderr,
    )
    for note in result.notes:
        print(translate(f"checks.note.{note}", args.lang), file=sys.stderr)
    return 0


def run_progress(args: argparse.Namespace) -> int:
    from analysis.checks.views import collection_progress

    workspace = open_workspace(args)
    area = area_argument(args.area, args.lang)
    if args.by == "volunteer":  # volunteer names are personal data
        cli_actor(args, "view_households", area)
    year = _year(workspace, area, args.year, args.lang)
    progress = collection_progress(workspace, area, year, _date(args.as_of, args.lang))
    if args.by == "village":
        frame = progress.villages
    elif args.by == "volunteer":
        frame = progress.volunteers
    else:
        frame = progress.areas.get(args.by)
        if frame is None:
            raise CommandError(translate("checks.cli.level_above", args.lang, level=args.by, area=area), code=2)
    _table(frame, args, f"progress_{args.by}")
    return 0


def run_report(args: argparse.Namespace) -> int:
    from analysis.checks.certify import certification_store_for
    from analysis.checks.gather import progress_report, quality_report
    from analysis.checks.progress_doc import progress_pdf, progress_xlsx
    from analysis.checks.reports import report_pdf, report_xlsx

    workspace = open_workspace(args)
    area = area_argument(args.area, args.lang)
    _, public = reader(args, area)
    year = _year(workspace, area, args.year, args.lang)
    store = certification_store_for(workspace.root)
    xlsx = args.out.lower().endswith(".xlsx")
    if args.report_kind == "progress":
        made = progress_report(workspace, store, area, year, args.lang, _date(args.as_of, args.lang))
        data = progress_xlsx(made, public) if xlsx else progress_pdf(made, public)
    else:
        if len(area) != REPORT_AREA_LENGTH[args.report_kind]:
            raise CommandError(translate(f"checks.cli.need_{args.report_kind}", args.lang, area=area), code=2)
        made = quality_report(workspace, store, area, year, args.lang)
        data = report_xlsx(made, public) if xlsx else report_pdf(made, public)
    write_output(data, args.out)
    print(translate("checks.cli.written", args.lang, path=args.out), file=sys.stderr)
    return 0


def run_review(args: argparse.Namespace) -> int:
    from analysis.checks.certify import certification_store_for
    from analysis.checks.gather import review_sheet
    from analysis.checks.review import review_pdf, review_xlsx

    workspace = open_workspace(args)
    village = area_argument(args.area, args.lang)
    if len(village) < VILLAGE_LENGTH:
        raise CommandError(translate("checks.cli.need_village", args.lang, area=village), code=2)
    cli_actor(args, "check_data", village)
    year = _year(workspace, village, args.year, args.lang)
    sheet = review_sheet(workspace, certification_store_for(workspace.root), village, year, args.lang)
    write_output(review_xlsx(sheet) if args.out.lower().endswith(".xlsx") else review_pdf(sheet), args.out)
    print(translate("checks.cli.written", args.lang, path=args.out), file=sys.stderr)
    return 0


def run_register_import(args: argparse.Namespace) -> int:
    from analysis.checks.register import RegisterError, read_register_file, save_register

    workspace = open_workspace(args)
    area = area_argument(args.area, args.lang) if args.area else None
    actor = cli_actor(args, "import_data", area)
    rows, report = read_register_file(args.file)
    deadline, start = _date(args.deadline, args.lang), _date(args.start, args.lang)
    try:
        if report.has_errors:
            raise RegisterError(report)
        saved = save_register(workspace, args.year, rows, deadline, start, actor, area, source=args.file)
    except RegisterError as error:
        for problem in error.report.problems:
            message = problem.message_th if args.lang == "th" else problem.message_en
            row = problem.row if problem.row is not None else "-"
            print(f"  [{problem.severity}] {translate('cli.row', args.lang)} {row}: {message}", file=sys.stderr)
        print(translate("checks.cli.register_refused", args.lang), file=sys.stderr)
        return 1
    villages = saved.villages()
    total = int(villages["households_expected"].sum())
    print(translate("checks.cli.register_saved", args.lang, year=args.year, villages=len(villages), households=total))
    return 0


def run_register_show(args: argparse.Namespace) -> int:
    from analysis.checks.register import read_register
    from analysis.exports import to_csv_text

    workspace = open_workspace(args)
    area = area_argument(args.area, args.lang) if args.area else None
    write_output(to_csv_text(read_register(workspace, args.year, area).rows), None)
    return 0


def run_certify(args: argparse.Namespace) -> int:
    from analysis.checks.certify import certification_store_for, status_label
    from analysis.checks.views import certify_village
    from analysis.db.errors import ConflictError
    from analysis.db.errors import RecordInvalid as RecordInvalid

    workspace = open_workspace(args)
    village = area_argument(args.village, args.lang)
    actor = cli_actor(args)  # the transition checks its own action on the village
    store = certification_store_for(workspace.root)
    current = store.record(village, args.year)
    try:
        saved = certify_village(workspace, store, village, args.year, args.status, current.version, actor, args.note)
    except ConflictError as error:
        raise CommandError(error.message_th if args.lang == "th" else error.message_en) from error
    except RecordInvalid as error:
        raise CommandError("; ".join(error.messages(args.lang))) from error
    label = status_label(saved.status, args.lang)
    print(translate("checks.cli.certified", args.lang, village=village, year=args.year, status=label))
    return 0
