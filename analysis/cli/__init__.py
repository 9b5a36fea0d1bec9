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
COMMAND_MODULES = (
    "demo",
    "imports",
    "areas",
    "rank",
    "years",
    "plans",
    "maps",
    "contest",
    "datasets",
    "users",
    "checks",
    "backup",
)


_ARGPARSE_OWN = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]


def speak_thai_to_argparse(argv: list[str]) -> None:
    """argparse writes its own refusals (a wrong choice, a missing argument) in English: unless
    --lang en is given, they are said in Thai (data/cli_messages.toml, argparse's gettext ids)."""
    from analysis.config import DATA_DIR, read_toml

    argparse._, argparse.ngettext = _ARGPARSE_OWN  # type: ignore[attr-defined]
    if "en" in [b for a, b in zip(argv, argv[1:], strict=False) if a == "--lang"] or "--lang=en" in argv:
        return
    thai = {m["en"]: m["th"] for m in read_toml(DATA_DIR / "cli_messages.toml")["message"]}
    argparse._ = lambda text: thai.get(text, text)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: thai.get(one if n == 1 else many, one if n == 1 else many)  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cia", description=bi("cli.description"))
    parser.add_argument("--lang", choices=["th", "en"], default="th", help=bi("cli.help.lang"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"analysis.cli.{name}").register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    import warnings

    warnings.filterwarnings("ignore")  # library warnings are not for an official at a terminal
    speak_thai_to_argparse(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    from analysis.auth.roles import PermissionDenied
    from analysis.store_errors import StoreError

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
