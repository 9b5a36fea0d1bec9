"""The `cia` command: everything that does not need a browser.

Help is in Thai and English; messages follow --lang (default Thai).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from analysis.catalogs import catalogs
from analysis.codes import LEVELS
from analysis.exports import to_xlsx_bytes
from analysis.i18n import translate
from analysis.mapping import KINDS
from analysis.queries import area_indicator_view
from analysis.store import StoreError, Workspace

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


def bi(key: str, **values: object) -> str:
    """A help string in both languages."""
    return f"{translate(key, 'th', **values)} / {translate(key, 'en', **values)}"


def _workspace_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", "-w", metavar="DIR", help=bi("cli.help.workspace"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cia", description=bi("cli.description"))
    parser.add_argument("--lang", choices=["th", "en"], default="th", help=bi("cli.help.lang"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help=bi("cli.help.demo"), description=bi("cli.help.demo"))
    _workspace_arg(demo)
    demo.add_argument("--force", action="store_true", help=bi("cli.help.force"))

    imports = commands.add_parser("import", help=bi("cli.help.import"), description=bi("cli.help.import"))
    kinds = imports.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind in KINDS:
        sub = kinds.add_parser(kind, help=bi(f"cli.help.kind.{kind}"), description=bi(f"cli.help.kind.{kind}"))
        sub.add_argument("files", nargs="+", metavar="FILE", help=bi("cli.help.files"))
        _workspace_arg(sub)
        sub.add_argument("--year", type=int, help=bi("cli.help.year"))
        sub.add_argument("--catalog", choices=[c.id for c in catalogs()], help=bi("cli.help.catalog"))
        sub.add_argument("--map", action="append", default=[], metavar="COLUMN=HEADER", help=bi("cli.help.map"))
        if kind == "bmn":
            sub.add_argument("--coding", choices=["1/0", "1/2"], help=bi("cli.help.coding"))
        sub.add_argument("--replace", action="store_true", help=bi("cli.help.replace"))
        sub.add_argument("--dry-run", action="store_true", help=bi("cli.help.dry_run"))
        sub.add_argument("--report", metavar="FILE.csv", help=bi("cli.help.report"))

    areas = commands.add_parser("areas", help=bi("cli.help.areas"), description=bi("cli.help.areas"))
    _workspace_arg(areas)
    areas.add_argument("--level", choices=LEVELS, required=True, help=bi("cli.help.level"))
    areas.add_argument("--year", type=int, help=bi("cli.help.year_filter"))
    areas.add_argument("--format", choices=["csv", "xlsx"], default="csv", help=bi("cli.help.format"))
    areas.add_argument("--out", metavar="FILE", help=bi("cli.help.out"))

    rank = commands.add_parser("rank", help=bi("cli.help.rank"), description=bi("cli.help.rank"))
    _workspace_arg(rank)
    rank.add_argument("--area", required=True, metavar="CODE", help=bi("cli.help.area"))
    rank.add_argument("--year", type=int, help=bi("cli.help.year_latest"))
    rank.add_argument(
        "--by", choices=["pct_fail", "n_fail", "gap", "mpi", "nrd2c_level1"], default="pct_fail", help=bi("cli.help.by")
    )
    rank.add_argument("--k", type=float, default=1 / 3, help=bi("cli.help.k"))
    rank.add_argument("--format", choices=["csv", "xlsx"], default="csv", help=bi("cli.help.format"))
    rank.add_argument("--out", metavar="FILE", help=bi("cli.help.out"))

    mpi = commands.add_parser("mpi", help=bi("cli.help.mpi"), description=bi("cli.help.mpi"))
    _workspace_arg(mpi)
    mpi.add_argument("--area", required=True, metavar="CODE", help=bi("cli.help.area"))
    mpi.add_argument("--year", type=int, help=bi("cli.help.year_latest"))
    mpi.add_argument("--k", type=float, default=1 / 3, help=bi("cli.help.k"))
    mpi.add_argument("--format", choices=["csv", "text"], default="text", help=bi("cli.help.format"))
    mpi.add_argument("--by-village", action="store_true", help=bi("cli.help.by_village"))

    plans = commands.add_parser("plans", help=bi("cli.help.plans"), description=bi("cli.help.plans"))
    plan_commands = plans.add_subparsers(dest="plans_command", required=True, metavar="ACTION")
    plan_list = plan_commands.add_parser("list", help=bi("cli.help.plans_list"), description=bi("cli.help.plans_list"))
    _workspace_arg(plan_list)
    plan_list.add_argument("--area", metavar="CODE", help=bi("cli.help.area_optional"))
    plan_list.add_argument("--format", choices=["csv", "xlsx"], default="csv", help=bi("cli.help.format"))
    plan_list.add_argument("--out", metavar="FILE", help=bi("cli.help.out"))
    p02 = plan_commands.add_parser("export-p02", help=bi("cli.help.p02"), description=bi("cli.help.p02"))
    _workspace_arg(p02)
    p02.add_argument("--area", required=True, metavar="CODE", help=bi("cli.help.area"))
    p02.add_argument("--first-year", type=int, help=bi("cli.help.first_year"))
    p02.add_argument("--out", required=True, metavar="FILE.xlsx", help=bi("cli.help.out"))
    workbook = plan_commands.add_parser(
        "export", help=bi("cli.help.plans_export"), description=bi("cli.help.plans_export")
    )
    _workspace_arg(workbook)
    workbook.add_argument("--area", metavar="CODE", help=bi("cli.help.area_optional"))
    workbook.add_argument("--out", required=True, metavar="FILE.xlsx", help=bi("cli.help.out"))
    plan_import = plan_commands.add_parser(
        "import", help=bi("cli.help.plans_import"), description=bi("cli.help.plans_import")
    )
    _workspace_arg(plan_import)
    plan_import.add_argument("file", metavar="FILE.xlsx")
    plan_import.add_argument("--user", default=os.environ.get("USER", "cli"), help=bi("cli.help.user"))
    plan_import.add_argument("--dry-run", action="store_true", help=bi("cli.help.dry_run"))

    maps = commands.add_parser("map", help=bi("cli.help.map_group"), description=bi("cli.help.map_group"))
    map_commands = maps.add_subparsers(dest="map_command", required=True, metavar="ACTION")
    export = map_commands.add_parser("export", help=bi("cli.help.map_export"), description=bi("cli.help.map_export"))
    _workspace_arg(export)
    export.add_argument("--area", required=True, metavar="CODE", help=bi("cli.help.map_area"))
    export.add_argument("--layer", required=True, metavar="LAYER", help=bi("cli.help.map_layer"))
    export.add_argument("--level", choices=["village", "tambon", "amphoe"], help=bi("cli.help.map_level"))
    export.add_argument("--year", type=int, help=bi("cli.help.year_latest"))
    export.add_argument(
        "--scheme",
        choices=["quantiles", "equal_interval", "fixed"],
        default="quantiles",
        help=bi("cli.help.map_scheme"),
    )
    export.add_argument("--classes", type=int, default=5, help=bi("cli.help.map_classes"))
    export.add_argument("--breaks", help=bi("cli.help.map_breaks"))
    export.add_argument("--format", choices=["geojson", "kml", "html"], required=True, help=bi("cli.help.format"))
    export.add_argument("--out", required=True, metavar="FILE", help=bi("cli.help.out"))
    boundaries = map_commands.add_parser(
        "boundaries", help=bi("cli.help.map_boundaries"), description=bi("cli.help.map_boundaries")
    )
    _workspace_arg(boundaries)
    boundaries.add_argument("file", metavar="FILE")
    boundaries.add_argument(
        "--level", choices=["village", "tambon", "amphoe", "province"], help=bi("cli.help.map_level")
    )
    boundaries.add_argument("--code-column", help=bi("cli.help.code_column"))
    boundaries.add_argument("--crs", help=bi("cli.help.crs"))

    listing = commands.add_parser("datasets", help=bi("cli.help.datasets"), description=bi("cli.help.datasets"))
    _workspace_arg(listing)

    delete = commands.add_parser("delete", help=bi("cli.help.delete"), description=bi("cli.help.delete"))
    delete.add_argument("dataset_id", metavar="DATASET_ID")
    _workspace_arg(delete)

    rebuild = commands.add_parser("rebuild", help=bi("cli.help.rebuild"), description=bi("cli.help.rebuild"))
    _workspace_arg(rebuild)

    commands.add_parser("catalogs", help=bi("cli.help.catalogs"), description=bi("cli.help.catalogs"))
    return parser


def _progress(lang: str):
    def report(fraction: float, step: str) -> None:
        print(f"[{fraction * 100:3.0f}%] {translate(f'progress.{step}', lang)}", file=sys.stderr)

    return report


def _parse_map(pairs: list[str]) -> dict[str, str]:
    overrides = {}
    for pair in pairs:
        if "=" not in pair:
            raise SystemExit(
                translate("cli.bad_map", "th", value=pair) + " / " + translate("cli.bad_map", "en", value=pair)
            )
        key, header = pair.split("=", 1)
        overrides[key.strip()] = header.strip()
    return overrides


def _write(data: bytes | str, out: str | None) -> None:
    if out:
        Path(out).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)


def cmd_import(args: argparse.Namespace) -> int:
    from analysis.importers.pipeline import import_file

    workspace = Workspace.open(args.workspace)
    lang = args.lang
    overrides = _parse_map(args.map)
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
            progress=_progress(lang),
        )
        frame = prepared.report.to_frame()
        reports.append(frame)
        counts = prepared.report.counts()
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
        for _, problem in frame.head(50).iterrows():
            where = f"{problem['row']}" if pd.notna(problem["row"]) else "-"
            message = problem["message_th"] if lang == "th" else problem["message_en"]
            print(
                f"  [{problem['severity']}] {translate('cli.row', lang)} {where} "
                f"{problem['column'] or ''} {problem['value'] or ''}: {message}"
            )
        if len(frame) > 50:
            print("  " + translate("cli.more_problems", lang, count=len(frame) - 50))
        if info is not None:
            print(translate("cli.imported", lang, dataset=info.id, year=info.year, catalog=info.catalog_id))
        elif prepared.report.has_errors:
            print(translate("cli.not_imported", lang))
            status = 1
        elif args.dry_run:
            print(translate("cli.dry_run_ok", lang))
    if args.report:
        pd.concat(reports).to_csv(args.report, index=False, encoding="utf-8-sig")
    return status


def cmd_areas(args: argparse.Namespace) -> int:
    workspace = Workspace.open(args.workspace)
    frame = area_indicator_view(workspace, level=args.level, year=args.year, lang=args.lang)
    frame = frame[AREA_COLUMNS].round({"pct_pass": 2, "pct_fail": 2})
    if args.format == "csv":
        _write(frame.to_csv(index=False), args.out)
    else:
        _write(to_xlsx_bytes(frame, sheet=f"{args.level}"), args.out)
    return 0


def _area_and_year(args: argparse.Namespace, nrd2c: bool = False) -> tuple[Workspace, str, int]:
    from analysis.codes import normalise_code

    workspace = Workspace.open(args.workspace)
    area = normalise_code(args.area)
    table = "nrd2c_area_indicator" if nrd2c else "area_summary"
    years = sorted(workspace.read(table, "area_code = ?", [area])["year"].unique())
    if not years:
        raise StoreError(
            translate("cli.no_area_data", "th", area=area) + " / " + translate("cli.no_area_data", "en", area=area)
        )
    return workspace, area, int(args.year or years[-1])


RANK_COLUMNS = [
    "rank",
    "scope",
    "domain",
    "indicator_id",
    "title_th",
    "title_en",
    "value",
    "pct_fail",
    "n_fail",
    "applicable",
    "count_unit",
    "target",
    "gap_to_target",
    "n_to_fix",
    "drivers",
]


def cmd_rank(args: argparse.Namespace) -> int:
    from analysis.ranking import RankingUnavailable, rank_problems

    workspace, area, year = _area_and_year(args, nrd2c=args.by == "nrd2c_level1")
    try:
        ranking = rank_problems(workspace, area, year, args.by, args.k, args.lang)
    except RankingUnavailable as error:
        print(str(error), file=sys.stderr)
        return 1
    frame = ranking.problems.reindex(columns=RANK_COLUMNS)
    frame = frame.round({"value": 4, "pct_fail": 2, "gap_to_target": 2})
    frame.insert(1, "year", year)
    frame.insert(1, "area_code", area)
    if args.format == "csv":
        _write(frame.to_csv(index=False), args.out)
    else:
        _write(to_xlsx_bytes(frame, sheet=f"rank_{year}"), args.out)
    return 0


def cmd_mpi(args: argparse.Namespace) -> int:
    from analysis.catalogs import load_catalog
    from analysis.mpi import alkire_foster, decompose

    workspace, area, year = _area_and_year(args)
    results = workspace.household_results(area, year)
    if results.empty:
        print(translate("rank.mpi_needs_households", args.lang), file=sys.stderr)
        return 1
    catalog = load_catalog(str(results["catalog_id"].iloc[0]))
    result = alkire_foster(results, catalog.indicators[["indicator_id", "domain"]], args.k)
    if args.by_village:
        frame = decompose(result).round(6)
    else:
        row = {
            "area_code": area,
            "year": year,
            "k": round(args.k, 6),
            "n": result.n,
            "q": result.q,
            "H": round(result.H, 6),
            "A": round(result.A, 6),
            "MPI": round(result.MPI, 6),
        }
        for _, domain in result.domains.iterrows():
            row[f"contribution_{domain['domain']}"] = round(domain["contribution_pct"], 4)
        frame = pd.DataFrame([row])
    if args.format == "csv":
        _write(frame.to_csv(index=False), None)
    else:
        _write(
            frame.T.to_string(header=False) + "\n" if not args.by_village else frame.to_string(index=False) + "\n", None
        )
    return 0


def cmd_plans(args: argparse.Namespace) -> int:
    from analysis.codes import normalise_code
    from analysis.plans.exports import p02_xlsx, projects_table, projects_workbook
    from analysis.plans.imports import check_versions, read_projects_workbook
    from analysis.plans.service import ConflictError, import_projects, store_for

    workspace = Workspace.open(args.workspace)
    store = store_for(workspace.root)
    area = normalise_code(args.area) if getattr(args, "area", None) else None
    if args.plans_command == "list":
        frame = projects_table(store.projects(area), args.lang)
        _write(frame.to_csv(index=False) if args.format == "csv" else to_xlsx_bytes(frame, "projects"), args.out)
        return 0
    if args.plans_command == "export-p02":
        name = workspace.register().display_name(area, args.lang)
        projects = store.projects(area)
        demo = translate("app.demo_note", args.lang) if any(p.is_demo for p in projects) else None
        _write(p02_xlsx(projects, name, args.first_year, demo), args.out)
        print(translate("cli.p02_done", args.lang, n=len(projects), path=args.out), file=sys.stderr)
        return 0
    if args.plans_command == "export":
        _write(projects_workbook(store.projects(area)), args.out)
        return 0
    data = Path(args.file).read_bytes()
    records, report = read_projects_workbook(data, Path(args.file).name)
    check_versions(records, {p.id: p.version for p in store.projects()}, report, Path(args.file).name)
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
        created, updated = import_projects(store, records, args.user)
    except ConflictError as error:
        print(error.message_th if args.lang == "th" else error.message_en, file=sys.stderr)
        return 1
    print(translate("oneplan.imported", args.lang, created=created, updated=updated))
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from analysis.codes import normalise_code
    from analysis.geo.boundaries import BoundaryError, import_boundaries
    from analysis.geo.exports import geojson_bytes, layer_geojson, to_html, to_kml
    from analysis.geo.layers import LayerError, LayerSpec
    from analysis.geo.views import build_map, map_view
    from analysis.plans.pins import categories
    from analysis.plans.service import store_for
    from analysis.queries import level_below

    workspace = Workspace.open(args.workspace)
    if args.map_command == "boundaries":
        try:
            result = import_boundaries(
                workspace, args.file, level=args.level, code_column=args.code_column, crs=args.crs
            )
        except BoundaryError as error:
            print(str(error), file=sys.stderr)
            return 1
        print(
            translate(
                "mapui.uploaded",
                args.lang,
                level=translate(f"level.{result.level}", args.lang),
                areas=f"{result.areas:,}",
                column=result.code_column,
                crs=result.crs,
            )
        )
        print(
            f"{translate('mapui.without_geometry', args.lang)}: {len(result.without_geometry)} · "
            f"{translate('mapui.without_data', args.lang)}: {len(result.without_data)}"
        )
        return 0
    area = normalise_code(args.area) if args.area not in ("", "TH", "all") else ""
    try:
        spec = LayerSpec.parse(args.layer)
    except LayerError as error:
        print(str(error), file=sys.stderr)
        return 2
    level = args.level or (
        level_below({2: "province", 4: "amphoe", 6: "tambon"}.get(len(area), "tambon")) if area else "tambon"
    )
    table = "nrd2c_area_indicator" if spec.kind == "nrd2c" else "area_summary"
    years = sorted(workspace.read(table, "starts_with(area_code, ?)", [area])["year"].unique())
    if not years:
        print(translate("cli.no_area_data", args.lang, area=area or "TH"), file=sys.stderr)
        return 1
    breaks = [float(b) for b in args.breaks.split(",")] if args.breaks else None
    view = map_view(
        workspace, area, level, spec, int(args.year or years[-1]), args.scheme, args.classes, breaks, lang=args.lang
    )
    store = store_for(workspace.root)
    pins = store.pins(area, view.bounds)
    projects = {p.id: p.title for p in store.projects(area)}
    names = dict(zip(categories()["category_id"], categories()[f"name_{args.lang}"], strict=True))
    if args.format == "geojson":
        data = geojson_bytes(layer_geojson(view, args.lang))
    elif args.format == "kml":
        data = to_kml(view.title, layer_geojson(view, args.lang), pins, names)
    else:
        note = translate("app.demo_badge", args.lang) if workspace.is_demo() else None
        data = to_html(build_map(workspace, view, args.lang, pins=pins, points=True, note=note, projects=projects))
    _write(data, args.out)
    print(translate("cli.map_done", args.lang, n=len(view.values), path=args.out), file=sys.stderr)
    return 0


def cmd_datasets(args: argparse.Namespace) -> int:
    workspace = Workspace.open(args.workspace)
    rows = [
        {
            "dataset_id": d.id,
            "kind": d.kind,
            "year": d.year,
            "catalog_id": d.catalog_id,
            "file": d.file_name,
            "households": d.meta.get("households"),
            "villages": d.meta.get("villages"),
            "imported_at": d.imported_at,
            "demo": d.demo,
        }
        for d in workspace.datasets()
    ]
    columns = ["dataset_id", "kind", "year", "catalog_id", "file", "households", "villages", "imported_at", "demo"]
    _write(pd.DataFrame(rows, columns=columns).to_csv(index=False), None)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = args.lang
    try:
        if args.command == "demo":
            from analysis.demo import create_demo

            workspace = create_demo(Workspace.open(args.workspace).root, force=args.force, progress=_progress(lang))
            print(translate("cli.demo_done", lang, path=workspace.root))
            return 0
        if args.command == "import":
            return cmd_import(args)
        if args.command == "areas":
            return cmd_areas(args)
        if args.command == "rank":
            return cmd_rank(args)
        if args.command == "mpi":
            return cmd_mpi(args)
        if args.command == "plans":
            return cmd_plans(args)
        if args.command == "map":
            return cmd_map(args)
        if args.command == "datasets":
            return cmd_datasets(args)
        if args.command == "delete":
            Workspace.open(args.workspace).delete(args.dataset_id, progress=_progress(lang))
            print(translate("cli.deleted", lang, dataset=args.dataset_id))
            return 0
        if args.command == "rebuild":
            Workspace.open(args.workspace).rebuild()
            print(translate("cli.rebuilt", lang))
            return 0
        if args.command == "catalogs":
            for catalog in catalogs():
                name = catalog.name_th if lang == "th" else catalog.name_en
                print(f"{catalog.id}\t{catalog.first_year}–{catalog.last_year}\t{catalog.status}\t{name}")
            return 0
    except StoreError as error:
        print(str(error), file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
