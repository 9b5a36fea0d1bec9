"""The practice tour (ฝึกใช้งาน, issue 26): the steps of each journey (data/guide/tour.toml) and each
trainee's progress through them.

Progress lives in the workspace's ``.practice`` folder, one small JSON file per trainee (the account
name, or the name typed in "this computer" mode), named by a hash of that name so no name is in a
file name. It is never part of the data: dot-folders are working files that backups, restores and
the area tables leave alone, and no dataset, plan or audit row is written. Each write replaces the
file atomically (written aside, then renamed).
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analysis.config import read_toml
from analysis.guide import content

PRACTICE_DIR = ".practice"


@dataclass(frozen=True)
class Step:
    id: str
    page: str
    text: str
    writes: bool


@cache
def _tour() -> dict[str, list[dict]]:
    return read_toml(content.GUIDE_DIR / "tour.toml")["tour"]


def journeys() -> list[str]:
    """The journeys with a tour, in the manual's chapter order."""
    declared = _tour()
    return [chapter.id for chapter in content.chapters("th") if chapter.id in declared]


def steps(journey: str, lang: str, real_data: bool = False) -> list[Step]:
    """The steps of ``journey``; on real data (not the demo) the steps that save are left out."""
    found = [Step(s["id"], s["page"], s[lang], bool(s.get("writes"))) for s in _tour()[journey]]
    return [s for s in found if not (real_data and s.writes)]


def current_step(all_steps: list[Step], done: set[str]) -> int:
    """The number (from 1) of the first step not done; len + 1 when every step is done."""
    return next((n for n, s in enumerate(all_steps, start=1) if s.id not in done), len(all_steps) + 1)


def tour_problems() -> list[str]:
    """Steps without a language or on a page that is not declared in the help, journeys that are
    not chapters, step ids given twice."""
    problems = []
    chapters = {c.id for c in content.chapters("th")}
    pages = set(content._pages())
    for journey, declared in _tour().items():
        if journey not in chapters:
            problems.append(f"tour {journey}: no such chapter")
        ids = [s.get("id") for s in declared]
        problems += [f"tour {journey}: step {i} twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
        for step in declared:
            problems += [f"tour {journey}/{step.get('id')}: no {lang}" for lang in ("th", "en") if not step.get(lang)]
            if step.get("page") not in pages:
                problems.append(f"tour {journey}/{step.get('id')}: unknown page {step.get('page')}")
    return problems


def trainee_digest(trainee: str) -> str:
    """A trainee's name as it appears in a file or folder name: a hash, never the name."""
    return hashlib.sha256(trainee.encode("utf-8")).hexdigest()[:24]


class PracticeProgress:
    """One trainee's ticked steps, per journey."""

    def __init__(self, workspace_root: Path, trainee: str):
        self.path = Path(workspace_root) / PRACTICE_DIR / f"{trainee_digest(trainee)}.json"

    def _read(self) -> dict[str, list[str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # none yet, or damaged: practice starts again (nothing real is lost)
            return {}
        return (
            {k: [str(i) for i in v] for k, v in data.items() if isinstance(v, list)} if isinstance(data, dict) else {}
        )

    def done(self, journey: str) -> set[str]:
        return set(self._read().get(journey, []))

    def mark(self, journey: str, step: str, done: bool) -> None:
        data = self._read()
        ticked = set(data.get(journey, []))
        ticked = ticked | {step} if done else ticked - {step}
        data[journey] = sorted(ticked)
        self._write(data)

    def reset(self, journey: str | None = None) -> None:
        """Start ``journey`` again (every journey when None)."""
        data = {} if journey is None else {k: v for k, v in self._read().items() if k != journey}
        self._write(data)

    def _write(self, data: dict[str, list[str]]) -> None:
        """Raises OSError when the folder cannot be written (the page says so, naming the file)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        aside = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex[:8]}")
        try:
            aside.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            os.replace(aside, self.path)
        finally:
            aside.unlink(missing_ok=True)
