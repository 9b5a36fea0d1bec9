"""Every string is translated; every key used in code is declared (datasette-style)."""

import re
from pathlib import Path

from analysis.i18n import LANGUAGES, strings

ROOT = Path(__file__).resolve().parent.parent
KEY_CALL = re.compile(r"""\b(?:t|translate|bi)\(\s*f?["']([a-z_\-]+(?:\.[a-z0-9_\-{}]+)+)["']""")


def test_languages_declare_the_same_keys_and_no_empty_strings():
    th, en = strings("th"), strings("en")
    assert set(th) == set(en), f"only th: {set(th) - set(en)}; only en: {set(en) - set(th)}"
    for lang in LANGUAGES:
        assert all(v.strip() for v in strings(lang).values())


def test_thai_strings_are_thai():
    th = strings("th")
    thai = [k for k, v in th.items() if re.search(r"[\u0E00-\u0E7F]", v)]
    assert len(thai) / len(th) > 0.9


def test_every_key_used_in_code_is_declared():
    declared = set(strings("th"))
    missing = []
    for path in (
        list(ROOT.glob("analysis/**/*.py")) + list(ROOT.glob("dashboard/**/*.py")) + list(ROOT.glob("pages/*.py"))
    ):
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            if "{" in key:  # an f-string key: check its declared prefix exists
                prefix = key.split("{")[0]
                if not any(d.startswith(prefix) for d in declared):
                    missing.append((path.name, key))
            elif key not in declared:
                missing.append((path.name, key))
    assert not missing, missing
