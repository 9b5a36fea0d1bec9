"""`cia backup FILE` and `cia restore FILE [--replace]` (analysis/backup)."""

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
    plans_url,
    workspace_arg,
)
from analysis.i18n import translate


def register(commands) -> None:
    backup = add_command(commands, "backup", "backup.help.backup", run_backup)
    backup.add_argument("file", metavar="FILE", help=bi("backup.help.file"))
    workspace_arg(backup)
    auth_arg(backup)
    restore = add_command(commands, "restore", "backup.help.restore", run_restore)
    restore.add_argument("file", metavar="FILE", help=bi("backup.help.file"))
    restore.add_argument("--replace", action="store_true", help=bi("backup.help.replace"))
    workspace_arg(restore)
    auth_arg(restore)


def authorise(args: argparse.Namespace):
    """Who may back up or restore: a backup holds every account and plan, a restore replaces them,
    so on a shared server both need an administrator (``--as``, checked against the target's own
    accounts; "manage_accounts" is an administrator's alone); in "this computer" mode the local
    user. The one place this rule lives (the server's mode rules may change; adapt it here)."""
    return cli_actor(args, "manage_accounts")


def run_backup(args: argparse.Namespace) -> int:
    from analysis.backup import BackupError, take_backup

    actor = authorise(args)
    try:
        done = take_backup(open_workspace(args), plans_url(args), Path(args.file), actor)
    except BackupError as error:
        raise CommandError(error.message(args.lang)) from error
    print(
        translate(
            "backup.done",
            args.lang,
            path=done.path,
            mb=f"{done.size / 2**20:,.1f}",
            datasets=done.datasets,
            accounts=done.accounts,
            rows=f"{done.rows:,}",
        )
    )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from analysis.backup import BackupError, restore

    actor = authorise(args)
    try:
        done = restore(Path(args.file), open_workspace(args), plans_url(args), actor, replace=args.replace)
    except BackupError as error:
        raise CommandError(error.message(args.lang)) from error
    print(
        translate(
            "backup.restored",
            args.lang,
            path=done.path,
            at=done.created_at,
            datasets=done.datasets,
            accounts=done.accounts,
            rows=f"{done.rows:,}",
        )
    )
    return 0
