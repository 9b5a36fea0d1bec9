"""`cia rank` and `cia mpi`: the ranked problems and the multidimensional poverty of one area."""

from __future__ import annotations

import argparse

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
from analysis.measures import rank_measure, rank_measures

#: the columns of `cia rank`; SHARE stands for the measure's share column (pct_fail, pct_level_1)
SHARE = "share"
RANK_COLUMNS = [
    "rank",
    "scope",
    "domain",
    "indicator_id",
    "title_th",
    "title_en",
    "value",
    SHARE,
    "n_fail",
    "applicable",
    "count_unit",
    "target",
    "gap_to_target",
    "n_to_fix",
    "drivers",
]


def register(commands) -> None:
    rank = add_command(commands, "rank", "cli.help.rank", run_rank)
    workspace_arg(rank)
    rank.add_argument("--area", required=True, metavar="CODE", help=bi("cli.help.area"))
    rank.add_argument("--year", type=int, help=bi("cli.help.year_latest"))
    # the declared list (analysis.measures), read when the parser is made, as the Rank page's choices
    rank.add_argument("--by", choices=rank_measures(), default="pct_fail", help=bi("cli.help.by"))
    rank.add_argument("--k", type=float, default=1 / 3, help=bi("cli.help.k"))
    rank.add_argument("--format", choices=["csv", "xlsx"], default="csv", help=bi("cli.help.format"))
    rank.add_argument("--out", metavar="FILE", help=bi("cli.help.out"))
    rank.add_argument("--catalog", metavar="ID", help=bi("village.help_source"))  # another village data set
    edition_args(rank)  # --as on a shared server; --public: small counts as "< 5"

    mpi = add_command(commands, "mpi", "cli.help.mpi", run_mpi)
    workspace_arg(mpi)
    mpi.add_argument("--area", required=True, metavar="CODE", help=bi("cli.help.area"))
    mpi.add_argument("--year", type=int, help=bi("cli.help.year_latest"))
    mpi.add_argument("--k", type=float, default=1 / 3, help=bi("cli.help.k"))
    mpi.add_argument("--format", choices=["csv", "text"], default="text", help=bi("cli.help.format"))
    mpi.add_argument("--by-village", action="store_true", help=bi("cli.help.by_village"))
    edition_args(mpi)


def area_and_year(args: argparse.Namespace, table: str = "area_summary"):
    """The workspace, the area and the year asked for (default: the latest with rows in ``table``)."""
    workspace = open_workspace(args)
    area = area_argument(args.area, args.lang)
    years = sorted(workspace.rows(table, area=area)["year"].unique())
    if not years:
        raise CommandError(translate("cli.no_area_data", args.lang, area=area))
    return workspace, area, int(args.year or years[-1])


def run_rank(args: argparse.Namespace) -> int:
    from analysis.exports import to_csv_text, to_xlsx_bytes
    from analysis.public import counts_rows
    from analysis.ranking import RankingUnavailable
    from analysis.views import rank_problems

    chosen = rank_measure(args.by)
    workspace, area, year = area_and_year(args, chosen.years_table)
    _, public = reader(args, area)
    try:
        ranking = rank_problems(workspace, area, year, args.by, args.k, args.lang, source=args.catalog)
    except RankingUnavailable as error:
        raise CommandError(str(error)) from error
    columns = [chosen.share_column if c == SHARE else c for c in RANK_COLUMNS]
    frame = ranking.problems.reindex(columns=columns)
    frame = frame.round({"value": 4, chosen.share_column: 2, "gap_to_target": 2})
    frame = counts_rows(frame, public, args.lang, value_is_count=chosen.is_count)
    frame.insert(1, "year", year)
    frame.insert(1, "area_code", area)
    if args.format == "csv":
        write_output(to_csv_text(frame), args.out)
    else:
        write_output(to_xlsx_bytes(frame, sheet=f"rank_{year}"), args.out)
    return 0


def run_mpi(args: argparse.Namespace) -> int:
    import pandas as pd

    from analysis.frames import area_mpi
    from analysis.mpi import decompose
    from analysis.public import mpi_rows

    workspace, area, year = area_and_year(args)
    _, public = reader(args, area)
    result = area_mpi(workspace, area, year, args.k)
    if result is None:
        raise CommandError(translate("rank.mpi_needs_households", args.lang))
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
    if public:  # small counts of households (n, q) as "< 5", the measures made from them blank
        contributions = [c for c in frame if c.startswith("contribution_")]
        frame = mpi_rows(frame, True, args.lang)
        if "MPI" in frame:
            frame[contributions] = frame[contributions].astype(object).where(frame["MPI"].notna(), None)
    if args.format == "csv":
        from analysis.exports import to_csv_text

        write_output(to_csv_text(frame), None)
    elif args.by_village:
        write_output(frame.to_string(index=False) + "\n", None)
    else:
        write_output(frame.T.to_string(header=False) + "\n", None)
    return 0
