"""`cia users add|list|disable|enable|passwd|grant`: accounts of a shared server.

The first account (an administrator) turns shared-server mode on; it needs no ``--as``. From then
on every change needs ``--as ADMIN`` (password from CIA_PASSWORD or a prompt). New passwords come
from CIA_NEW_PASSWORD or are typed twice at a prompt.
"""

from __future__ import annotations

import argparse
import sys

from analysis.cli.common import (
    NEW_PASSWORD_ENV,
    CommandError,
    add_command,
    auth_arg,
    bi,
    cli_actor,
    plans_url,
    read_password,
    signed_in,
    workspace_arg,
    write_output,
)
from analysis.i18n import translate


def register(commands) -> None:
    from analysis.auth.roles import roles

    users = add_command(commands, "users", "cli.help.users")
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = add_command(actions, "add", "cli.help.users_add", run_add)
    add.add_argument("username", metavar="USER", help=bi("cli.help.username"))
    add.add_argument("--role", required=True, choices=roles(), help=bi("cli.help.role"))
    add.add_argument("--area", action="append", default=[], metavar="CODE", help=bi("cli.help.user_area"))
    add.add_argument("--name", default="", help=bi("cli.help.display_name"))
    add.add_argument("--email", help=bi("cli.help.email"))
    listing = add_command(actions, "list", "cli.help.users_list", run_list)
    for name, key, func in (
        ("disable", "cli.help.users_disable", run_disable),
        ("enable", "cli.help.users_enable", run_enable),
        ("passwd", "cli.help.users_passwd", run_passwd),
    ):
        command = add_command(actions, name, key, func)
        command.add_argument("username", metavar="USER", help=bi("cli.help.username"))
        workspace_arg(command)
        auth_arg(command)
    grant = add_command(actions, "grant", "cli.help.users_grant", run_grant)
    grant.add_argument("username", metavar="USER", help=bi("cli.help.username"))
    grant.add_argument("--role", choices=roles(), help=bi("cli.help.role"))
    grant.add_argument("--area", action="append", metavar="CODE", help=bi("cli.help.user_area"))
    grant.add_argument("--name", help=bi("cli.help.display_name"))
    grant.add_argument("--email", help=bi("cli.help.email"))
    for command in (add, listing, grant):
        workspace_arg(command)
        auth_arg(command)


def _store(args: argparse.Namespace):
    from analysis.auth.accounts import AccountStore

    return AccountStore(plans_url(args))


def _new_password(args: argparse.Namespace, user: str) -> str:
    import os

    lang = args.lang
    password = read_password(NEW_PASSWORD_ENV, translate("cli.auth.prompt_new", lang, user=user), lang)
    if os.environ.get(NEW_PASSWORD_ENV) is None:  # typed: ask twice
        again = read_password(NEW_PASSWORD_ENV, translate("cli.auth.prompt_again", lang), lang)
        if again != password:
            raise CommandError(translate("auth.err.password_mismatch", lang))
    return password


def _run(args: argparse.Namespace, change) -> int:
    """Run an account change; refusals end the command with the message in the user's language."""
    from analysis.auth.accounts import AccountError
    from analysis.auth.roles import PermissionDenied

    try:
        change()
    except (AccountError, PermissionDenied) as error:
        raise CommandError(error.message(args.lang), code=3 if isinstance(error, PermissionDenied) else 1) from error
    return 0


def run_add(args: argparse.Namespace) -> int:
    store = _store(args)
    first = store.count() == 0
    actor = None if first else cli_actor(args, "manage_accounts")
    password = _new_password(args, args.username)
    areas = args.area
    _run(args, lambda: store.add(actor, args.username, password, args.role, areas, args.name, args.email))
    from analysis.auth.roles import role_label

    role = role_label(args.role, args.lang)
    print(translate("cli.auth.added", args.lang, user=args.username.strip().lower(), role=role))
    if first:
        print(translate("cli.auth.shared_now", args.lang))
    return 0


def run_list(args: argparse.Namespace) -> int:
    import csv
    import io

    store = _store(args)
    if store.count():
        cli_actor(args, "manage_accounts")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["username", "display_name", "role", "areas", "active", "email", "created_at", "created_by"])
    for a in store.accounts():
        row = [a.username, a.display_name, a.role, " ".join(a.areas), a.active, a.email or ""]
        writer.writerow([*row, a.created_at.isoformat(timespec="seconds"), a.created_by])
    write_output(buffer.getvalue(), None)
    return 0


def _set_active(args: argparse.Namespace, active: bool) -> int:
    store = _store(args)
    actor = cli_actor(args, "manage_accounts")
    _run(args, lambda: store.set_active(actor, args.username, active))
    print(translate("cli.auth.changed", args.lang, user=args.username))
    return 0


def run_disable(args: argparse.Namespace) -> int:
    return _set_active(args, False)


def run_enable(args: argparse.Namespace) -> int:
    return _set_active(args, True)


def run_passwd(args: argparse.Namespace) -> int:
    """An administrator resets any account's password; an account changes its own (``--as`` itself,
    its current password verified)."""
    store = _store(args)
    own = (args.as_user or "").strip().lower() == args.username.strip().lower()
    if own:
        actor, current = signed_in(args, plans_url(args))
    else:
        actor, current = cli_actor(args, "manage_accounts"), None
    new = _new_password(args, args.username)
    _run(args, lambda: store.set_password(actor, args.username, new, current))
    print(translate("cli.auth.changed", args.lang, user=args.username))
    return 0


def run_grant(args: argparse.Namespace) -> int:
    store = _store(args)
    actor = cli_actor(args, "manage_accounts")
    _run(args, lambda: store.grant(actor, args.username, args.role, args.area, args.name, args.email))
    print(translate("cli.auth.changed", args.lang, user=args.username), file=sys.stdout)
    return 0
