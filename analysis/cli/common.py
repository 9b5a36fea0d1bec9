"""What every `cia` command shares: bilingual help, the workspace option, output, progress and the
one way an area argument is read. Heavy libraries are imported inside the commands, so `cia --help`
and light commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.i18n import translate


class CommandError(RuntimeError):
    """A refused command: the message (already in the user's language) is printed, exit code 1."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def bi(key: str, **values: object) -> str:
    """A help string in both languages."""
    return f"{translate(key, 'th', **values)} / {translate(key, 'en', **values)}"


def workspace_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", "-w", metavar="DIR", help=bi("cli.help.workspace"))


def add_command(commands, name: str, help_key: str, func=None) -> argparse.ArgumentParser:
    """A sub-command with bilingual help whose handler is ``func(args) -> exit code`` (a group of
    sub-commands has none)."""
    parser = commands.add_parser(name, help=bi(help_key), description=bi(help_key))
    if func is not None:
        parser.set_defaults(func=func)
    return parser


def progress_printer(lang: str):
    def report(fraction: float, step: str) -> None:
        print(f"[{fraction * 100:3.0f}%] {translate(f'progress.{step}', lang)}", file=sys.stderr)

    return report


def write_output(data: bytes | str, out: str | None) -> None:
    """Write to ``out`` or, without it, to standard output."""
    if out:
        Path(out).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)


def open_workspace(args: argparse.Namespace):
    from analysis.store import Workspace

    return Workspace.open(args.workspace)


def area_argument(value: str, lang: str, allow_country: bool = False) -> str:
    """The normalised code of an --area argument; a Thai/English message instead of a traceback."""
    from analysis.codes import CodeError, normalise_code

    if allow_country and value.strip().upper() in ("", "TH", "ALL"):
        return ""
    try:
        code = normalise_code(value)
    except CodeError:
        code = None
    if not code:
        raise CommandError(translate("cli.bad_area", lang, value=value), code=2)
    return code


PASSWORD_ENV = "CIA_PASSWORD"
NEW_PASSWORD_ENV = "CIA_NEW_PASSWORD"


def auth_arg(parser: argparse.ArgumentParser) -> None:
    """``--as USER`` on a command that writes (needed once the workspace is a shared server)."""
    parser.add_argument("--as", dest="as_user", metavar="USER", help=bi("cli.help.as_user"))


def read_password(env: str, prompt: str, lang: str) -> str:
    """A password from the environment variable ``env``, else typed at a terminal (not echoed)."""
    import getpass
    import os

    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise CommandError(translate("cli.auth.no_password", lang), code=2)
    return getpass.getpass(prompt)


def plans_url(args: argparse.Namespace) -> str:
    """The plans database (accounts live there) of the command's workspace."""
    from analysis.config import workspace_path
    from analysis.db.engine import database_url

    return database_url(workspace_path(getattr(args, "workspace", None)))


def signed_in(args: argparse.Namespace, url: str):
    """(actor, password) of the account named by ``--as`` (password from CIA_PASSWORD or a prompt;
    lock-out applies); a refusal ends the command."""
    from analysis.auth.login import Authenticator, LoginRefused

    lang, user = args.lang, getattr(args, "as_user", None)
    if not user:
        raise CommandError(translate("cli.auth.need_as", lang), code=2)
    password = read_password(PASSWORD_ENV, translate("cli.auth.prompt", lang, user=user), lang)
    try:
        return Authenticator(url).authenticate(user, password), password
    except LoginRefused as error:
        raise CommandError(error.message(lang), code=3) from error


def cli_actor(args: argparse.Namespace, action: str | None = None, area: str | None = None):
    """Who runs a command that writes. "This computer" mode: the local user (``--user`` or $USER,
    unverified). Shared server: the account named by ``--as`` with its password (CIA_PASSWORD or
    a prompt; lock-out applies), checked for ``action`` on ``area`` when given (the write itself
    checks again). Refusals end the command with a Thai/English message (exit code 3)."""
    import os

    from analysis.auth.guard import check_action, check_write, shared_mode
    from analysis.auth.roles import PermissionDenied, local_actor

    url = plans_url(args)
    if not shared_mode(url):
        return local_actor(getattr(args, "user", None) or os.environ.get("USER") or "cli")
    actor, _ = signed_in(args, url)
    if action is None:
        return actor
    try:
        # without an area, whether the account may do this anywhere: the write checks its areas
        return check_write(url, actor, action, area) if area is not None else check_action(url, actor, action)
    except PermissionDenied as error:
        raise CommandError(error.message(args.lang), code=3) from error
