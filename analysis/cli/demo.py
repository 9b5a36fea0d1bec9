"""`cia demo`: write the demo workspace."""

from __future__ import annotations

import argparse

from analysis.cli.common import add_command, bi, progress_printer, workspace_arg
from analysis.i18n import translate


def register(commands) -> None:
    demo = add_command(commands, "demo", "cli.help.demo", run_demo)
    workspace_arg(demo)
    demo.add_argument("--force", action="store_true", help=bi("cli.help.force"))


def run_demo(args: argparse.Namespace) -> int:
    from analysis.config import workspace_path
    from analysis.demo import create_demo

    workspace = create_demo(workspace_path(args.workspace), force=args.force, progress=progress_printer(args.lang))
    print(translate("cli.demo_done", args.lang, path=workspace.root))
    return 0
