"""`cia map export` (GeoJSON, KML, KMZ with icons and photos, standalone HTML) and `cia map boundaries` (upload boundaries)."""

from __future__ import annotations

import argparse

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
from analysis.i18n import translate


def register(commands) -> None:
    maps = add_command(commands, "map", "cli.help.map_group")
    actions = maps.add_subparsers(dest="map_command", required=True, metavar="ACTION")
    export = add_command(actions, "export", "cli.help.map_export", run_export)
    workspace_arg(export)
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
    export.add_argument(
        "--format", choices=["geojson", "kml", "kmz", "html"], required=True, help=bi("cli.help.format")
    )
    export.add_argument("--out", required=True, metavar="FILE", help=bi("cli.help.out"))
    edition_args(export)  # --as, --public: the map files' counts as a public edition shows them
    boundaries = add_command(actions, "boundaries", "cli.help.map_boundaries", run_boundaries)
    workspace_arg(boundaries)
    boundaries.add_argument("file", metavar="FILE")
    boundaries.add_argument(
        "--level", choices=["village", "tambon", "amphoe", "province"], help=bi("cli.help.map_level")
    )
    boundaries.add_argument("--code-column", help=bi("cli.help.code_column"))
    boundaries.add_argument("--crs", help=bi("cli.help.crs"))
    boundaries.add_argument("--dry-run", action="store_true", help=bi("cli.help.boundaries_dry_run"))
    boundaries.add_argument("--crosswalk", metavar="FILE.csv", help=bi("boundary.crosswalk_upload"))
    auth_arg(boundaries)


def run_boundaries(args: argparse.Namespace) -> int:
    """Check a boundary file and store it (``--dry-run``: report only). Messages follow --lang."""
    from analysis.geo.boundaries import BoundaryError, import_boundaries

    lang = args.lang
    actor = None if args.dry_run else cli_actor(args)  # import_data on the file's areas is checked on write
    try:
        result = import_boundaries(
            open_workspace(args),
            args.file,
            level=args.level,
            code_column=args.code_column,
            crs=args.crs,
            dry_run=args.dry_run,
            actor=actor,
            crosswalk=args.crosswalk,
        )
    except BoundaryError as error:
        raise CommandError(error.message(lang)) from error
    print(
        translate(
            "mapui.uploaded",
            lang,
            level=translate(f"level.{result.level}", lang),
            areas=f"{result.areas:,}",
            column=result.code_column,
            crs=result.crs,
        )
    )
    print(
        f"{translate('mapui.without_geometry', lang)}: {len(result.without_geometry)} · "
        f"{translate('mapui.without_data', lang)}: {len(result.without_data)}"
    )
    from analysis.geo.crosswalk import report_lines

    for _, line in report_lines(open_workspace(args), result, lang):
        print(line)
    if result.bad_codes:
        print(translate("boundary.bad_codes", lang, n=len(result.bad_codes)))
    if result.empty_codes:
        codes = ", ".join(result.empty_codes[:20]) + (" …" if len(result.empty_codes) > 20 else "")
        print(translate("boundary.empty_shapes", lang, n=len(result.empty_codes), codes=codes))
    if result.dry_run:
        print(translate("boundary.dry_run", lang))
    return 0


def _level_for(area: str, given: str | None) -> str:
    from analysis.queries import level_below

    if given:
        return given
    if not area:
        return "tambon"
    return level_below({2: "province", 4: "amphoe", 6: "tambon"}.get(len(area), "tambon")) or "village"


def run_export(args: argparse.Namespace) -> int:
    import sys

    from analysis.geo.exports import geojson_bytes, layer_geojson, to_html, to_kml
    from analysis.geo.layers import LayerError, LayerSpec
    from analysis.geo.views import build_map, map_view
    from analysis.plans.pins import categories
    from analysis.plans.service import store_for

    workspace = open_workspace(args)
    lang = args.lang
    area = area_argument(args.area, lang, allow_country=True)
    _, public = reader(args, area)
    try:
        spec = LayerSpec.parse(args.layer)
    except LayerError as error:
        raise CommandError(str(error), code=2) from error
    level = _level_for(area, args.level)
    table = "nrd2c_area_indicator" if spec.kind == "nrd2c" else "area_summary"
    years = sorted(set(workspace.rows(table, area=area)["year"]) | set(workspace.rows(table, under=area)["year"]))
    if not years:
        raise CommandError(translate("cli.no_area_data", lang, area=area or "TH"))
    breaks = [float(b) for b in args.breaks.split(",")] if args.breaks else None
    year = int(args.year or years[-1])
    view = map_view(workspace, area, level, spec, year, args.scheme, args.classes, breaks, lang=lang, private=public)
    store = store_for(workspace.root)
    pins = store.pins(area, view.bounds)
    projects = {p.id: p.title for p in store.projects(area)}
    names = dict(zip(categories()["category_id"], categories()[f"name_{lang}"], strict=True))
    if args.format == "geojson":
        data = geojson_bytes(layer_geojson(view, lang))
    elif args.format == "kml":
        data = to_kml(view.title, layer_geojson(view, lang), pins, names)
    elif args.format == "kmz":
        data = _kmz(workspace, view, pins, projects, lang)
    else:
        note = translate("app.demo_badge", lang) if workspace.is_demo() else None
        data = to_html(build_map(workspace, view, lang, pins=pins, points=True, note=note, projects=projects))
    write_output(data, args.out)
    print(translate("cli.map_done", lang, n=len(view.values), path=args.out), file=sys.stderr)
    return 0


def _kmz(workspace, view, pins: list, projects: dict[int, str], lang: str) -> bytes:
    """The KMZ's bytes; the places whose photo could not go in are named on standard error."""
    import sys

    from analysis.geo.exports import layer_geojson
    from analysis.geo.kmz import to_kmz
    from analysis.geo.kmz_files import limits

    villages = workspace.register().display_names([p.village_code for p in pins if p.village_code], lang)
    kmz = to_kmz(view.title, layer_geojson(view, lang), pins, lang, villages, projects)
    if kmz.unreadable:
        print(
            translate("kmz.unreadable", lang, n=len(kmz.unreadable), names=", ".join(kmz.unreadable)), file=sys.stderr
        )
    if kmz.left_out:
        mb = limits()["photos_max_total_mb"]
        names = ", ".join(kmz.left_out)
        print(translate("kmz.left_out", lang, n=len(kmz.left_out), mb=mb, names=names), file=sys.stderr)
    return kmz.data
