"""The `cia` command: everything that does not need a browser.

One module per command group; each has ``register(commands)``, which adds its sub-commands with
``set_defaults(func=...)``. Help is in Thai and English; messages follow --lang (default Thai).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from analysis.cli.common import CommandError, bi

#: the command groups, in the order `cia --help` lists them
COMMAND_MODULES = ("demo", "imports", "areas", "rank", "plans", "maps", "contest", "datasets", "users", "checks")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cia", description=bi("cli.description"))
    parser.add_argument("--lang", choices=["th", "en"], default="th", help=bi("cli.help.lang"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"analysis.cli.{name}").register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from analysis.auth.roles import PermissionDenied
    from analysis.store import StoreError

    try:
        return int(args.func(args))
    except CommandError as error:
        print(str(error), file=sys.stderr)
        return error.code
    except PermissionDenied as error:  # a write refused by the server-side check (exit code 3)
        print(error.message(args.lang), file=sys.stderr)
        return 3
    except StoreError as error:
        print(error.message(args.lang), file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
