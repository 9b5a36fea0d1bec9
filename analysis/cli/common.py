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
