"""Personal data found by content in the columns an import keeps (household ids, the collector,
village and area names) — set-based SQL over whole columns, never a loop per value.

What is looked for, per kept column (``KEPT``):
    citizen id   13 digits (dashes, spaces, Thai digits, a trailing ".0" allowed), first digit 1–8,
                 passing the Thai checksum. Offices also build 13-digit household ids from the
                 village code and a running number, about one in ten of which passes the checksum by
                 chance: a column is read as citizen ids only when at least ``citizen_id_share`` of
                 its 13-digit values pass (real ids: all of them) — or a value is written in the id
                 card's own 1-2345-67890-12-3 grouping.
    phone        a Thai mobile or landline number (0812345678, 081-234-5678, +66…).
    titled name  นาย/นาง/นางสาว/ด.ช./… (or Mr/Mrs/Ms/Miss) then a name that starts as a name does
                 (a consonant or a leading vowel): "นางาม" and "นายูง" are places, not people.

A household id column of citizen ids is refused row by row with a Thai reason — or, when the
office chose so (``[privacy] citizen_id_keys = "hash"``), each id is replaced by a keyed hash of it
(the key lives in the workspace), so households can still be told apart and matched across
corrections without the id itself being stored.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from analysis.config import settings
from analysis.importers.checks import Check
from analysis.importers.session import ImportSession
from analysis.privacy import card_grouped_sql, citizen_id_sql, digits_sql, id_shaped_sql, phone_sql, titled_name_sql

#: kept column → what may not be in it (the collector column keeps volunteers' names on purpose:
#: README "Privacy"; their phones and ids are not kept)
KEPT: dict[str, tuple[str, ...]] = {
    "household_id": ("citizen_id", "phone", "name"),
    "collector": ("citizen_id", "phone"),
    "village_name": ("citizen_id", "phone", "name"),
    "area_name": ("citizen_id", "phone", "name"),
}
RULES = {"citizen_id": "personal_citizen_id", "phone": "personal_phone", "name": "personal_name"}
KEY_FILE = "keys/household_id.key"


def citizen_id_column(session: ImportSession, view: str, column: str) -> bool:
    """Whether ``column`` holds citizen ids: enough of its 13-digit values pass the checksum."""
    shaped, valid = session.con.execute(
        f"SELECT count(*) FILTER (WHERE {id_shaped_sql(column)}), count(*) FILTER (WHERE {citizen_id_sql(column)}) "
        f"FROM {view}"
    ).fetchall()[0]
    need = float(settings()["privacy"]["citizen_id_share"])
    return bool(valid) and valid >= need * shaped


def hashing_keys() -> bool:
    """The office chose to keep citizen-id household keys as keyed hashes rather than refuse them."""
    return settings()["privacy"]["citizen_id_keys"] == "hash"


def personal_checks(session: ImportSession, view: str, columns: tuple[str, ...]) -> list[Check]:
    """The checks of personal data in ``columns`` (kept text columns of ``view``): one error per row
    whose cell is a citizen id, a phone number or a titled name, as ``KEPT`` says for the column.
    A household id column of citizen ids that the office hashes is not refused (see ``hashed_key_sql``)."""
    checks = []
    masked = "'●●●●'"  # the report names the row and column, never the personal value again
    for column in columns:
        kinds = KEPT[column]
        if "citizen_id" in kinds:
            ids = citizen_id_column(session, view, column)
            if not (ids and column == "household_id" and hashing_keys()):
                when = card_grouped_sql(column) + (f" OR {citizen_id_sql(column)}" if ids else "")
                checks.append(Check(RULES["citizen_id"], when, field=column, value=masked))
        if "phone" in kinds:
            checks.append(Check(RULES["phone"], phone_sql(column), field=column, value=masked))
        if "name" in kinds:
            checks.append(Check(RULES["name"], titled_name_sql(column), field=column, value=masked))
    return checks


def household_key_sql(session: ImportSession, view: str, workspace_root: Path) -> str:
    """The household id as stored: the cell, or — a citizen-id column the office hashes — 'h' and 16
    hex digits of SHA-256 over the workspace's key and the id's digits."""
    if not (hashing_keys() and citizen_id_column(session, view, "household_id")):
        return "household_id"
    key = workspace_key(workspace_root)
    hashed = f"'h' || substr(sha256('{key}' || {digits_sql('household_id')}), 1, 16)"
    return f"CASE WHEN {id_shaped_sql('household_id')} THEN {hashed} ELSE household_id END"


def workspace_key(workspace_root: Path) -> str:
    """The workspace's secret for keyed hashes (made on first use, 32 random bytes as hex)."""
    path = Path(workspace_root) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="ascii")
        path.chmod(0o600)
    key = path.read_text(encoding="ascii").strip()
    return hashlib.sha256(key.encode("ascii")).hexdigest()  # hex only: safe inside a SQL literal
