"""`cia demo`: write the demo workspace."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.cli.common import add_command, auth_arg, bi, progress_printer, workspace_arg
from analysis.i18n import translate


def register(commands) -> None:
    demo = add_command(commands, "demo", "cli.help.demo", run_demo)
    workspace_arg(demo)
    demo.add_argument("--force", action="store_true", help=bi("cli.help.force"))
    auth_arg(demo)


def run_demo(args: argparse.Namespace) -> int:
    from analysis.config import workspace_path
    from analysis.demo import create_demo

    root = workspace_path(args.workspace)
    actor = administrator_for_reset(args, root) if args.force else None
    workspace = create_demo(root, force=args.force, progress=progress_printer(args.lang), actor=actor)
    print(translate("cli.demo_done", args.lang, path=workspace.root))
    return 0


def administrator_for_reset(args: argparse.Namespace, root):
    """On a shared server, starting over needs an administrator (``--as``); otherwise nobody."""
    from analysis.auth.guard import SHARED_MARKER, shared_mode
    from analysis.cli.common import plans_url, signed_in

    url = plans_url(args)
    has_database = not url.startswith("sqlite:///") or Path(url.removeprefix("sqlite:///")).exists()
    if not (root / SHARED_MARKER).exists() and not (has_database and shared_mode(url)):
        return None
    return signed_in(args, url)[0]
