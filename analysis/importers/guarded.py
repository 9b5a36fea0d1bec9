"""The guard of every dataset write (import, replace, delete): run by the workspace under its lock,
once it knows everything the write touches.

It authorises the actor on every area the write creates, changes or removes (not only on the
areas of the new file); refuses a replace that removes areas absent from the new file unless the
user named them; and writes the audit row *before* the workspace changes, so no committed change
is ever missing from the log. A write that fails after its audit row adds an "aborted" row; a
process killed in between leaves a row ``cia doctor`` finds and closes the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.auth import record_data_event
from analysis.auth.guard import DATA_EVENTS
from analysis.auth.roles import authorize_codes
from analysis.i18n import translate
from analysis.removal import WritePlan, covers_removal
from analysis.store import Workspace
from analysis.store_errors import StoreError

ABORTED = "aborted"


class RemovalNotConfirmed(StoreError):
    """A replace that would remove areas the user did not name; nothing was changed."""

    def __init__(self, plan: WritePlan, file: str, names: dict[str, str]):
        self.plan = plan
        removal = plan.removal
        words = {
            lang: translate(
                "safety.removal.refused",
                lang,
                file=file,
                areas=removal.describe(lang, names),
                villages=f"{len(removal.leaves):,}",
                households=f"{removal.households:,}",
                codes=",".join(removal.codes()),
            )
            for lang in ("th", "en")
        }
        super().__init__(f"{words['th']} / {words['en']}")


def area_names(workspace: Workspace, codes: list[str]) -> dict[str, str]:
    """Thai names of areas for a message; codes alone when the register cannot be read."""
    try:
        register = workspace.register()
        return {code: register.display_name(code) for code in codes}
    except Exception:  # a message must not fail on a name: the codes still say which areas
        return {}


@contextmanager
def guarded(
    workspace: Workspace,
    url: str,
    actor,
    action: str,
    summary: str,
    confirmed: list[str] | None,
    file: str,
    changed: list[str] | None = None,
) -> Iterator[Callable[[WritePlan], None]]:
    """A guard for ``workspace.commit``/``delete`` as ``actor``; the audit ``action`` is "import",
    "replace" or "delete"; ``changed``: the areas an addition sends (the rest of its dataset is
    carried over unchanged). Any failure after the audit row was written is recorded as aborted."""
    audited: list[str] = []

    def guard(plan: WritePlan) -> None:
        authorize_codes(actor, DATA_EVENTS[action], plan.touched(changed))
        removal = plan.removal
        if action != "delete" and not removal.empty:
            # removing areas is deleting their data: on a shared server, an administrator's act
            authorize_codes(actor, "delete_data", removal.leaves["area_code"])
            if not covers_removal(confirmed or [], removal.leaves["area_code"]):
                raise RemovalNotConfirmed(plan, Path(file).name, area_names(workspace, removal.codes()))
        details = removal.summary() if not removal.empty else {}
        said = summary + (
            f" (แทน/replaces {', '.join(removal.datasets)})" if plan.replaced and action != "delete" else ""
        )
        record_data_event(
            url, actor, "replace" if plan.replaced and action != "delete" else action, plan.dataset_id, said, details
        )
        audited.append(plan.dataset_id)

    try:
        yield guard
    except BaseException:
        for dataset_id in audited:
            record_data_event(url, actor, ABORTED, dataset_id, f"{action} {summary}", {"aborted": action})
        raise
