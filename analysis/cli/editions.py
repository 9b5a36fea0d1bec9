"""Who reads protected data from a `cia` command that writes a file meant for sharing (the contest
kit, map files, reports), and whether the file is a public edition.

"This computer": the local user; counts are true unless ``--public`` asks for the public edition.
Shared server: ``--as ACCOUNT`` with its password is required (exit 3 without it, or when the
account may not see the area), and the file is a public edition — small counts of households or
persons shown as "< 5" (analysis.privacy) — unless the account has household-level access to the
area (``view_households``) and did not ask for ``--public``.
"""

from __future__ import annotations

import argparse

from analysis.cli.common import CommandError, auth_arg, bi, plans_url, signed_in


def edition_args(parser: argparse.ArgumentParser) -> None:
    """``--as ACCOUNT`` and ``--public`` on a command that writes a file from protected data."""
    auth_arg(parser)
    parser.add_argument("--public", action="store_true", help=bi("cli.help.public_edition"))


def reader(args: argparse.Namespace, area: str | None):
    """(actor, public) for a command that reads ``area``'s data into a file."""
    import os

    from analysis.auth.guard import check_write, shared_mode
    from analysis.auth.roles import PermissionDenied, local_actor
    from analysis.privacy import privacy_applies

    url = plans_url(args)
    asked = bool(getattr(args, "public", False))
    if not shared_mode(url):
        return local_actor(getattr(args, "user", None) or os.environ.get("USER") or "cli"), asked
    actor, _ = signed_in(args, url)
    try:
        current = check_write(url, actor, "view_aggregates", area or None)
    except PermissionDenied as error:
        raise CommandError(error.message(args.lang), code=3) from error
    return current, asked or privacy_applies(current, area or None)
