"""The area register: every province, amphoe and tambon of Thailand (from the geothai package),
plus areas a workspace declares (the demo's synthetic amphoe, municipal areas) and the villages
found in imported data.

Grain of the register: one row per area (area_code).
"""

from __future__ import annotations

from functools import lru_cache

import geothai
import pandas as pd

from analysis.codes import LEVEL_LENGTH, LEVELS, is_municipal_tambon, level_of, parent_code

REGISTER_COLUMNS = ["area_code", "level", "name_th", "name_en", "parent_code", "source"]
LEVEL_PREFIX_TH = {"province": "จังหวัด", "amphoe": "อำเภอ", "tambon": "ตำบล", "village": "หมู่ที่ "}
LEVEL_PREFIX_EN = {"province": "", "amphoe": "Amphoe ", "tambon": "Tambon ", "village": "Village "}


@lru_cache(maxsize=1)
def national_areas() -> pd.DataFrame:
    """Provinces, amphoe and tambons of Thailand from geothai. One row per area."""
    rows = []
    for province in geothai.provinces():
        rows.append((province.code, "province", province.name_th, province.name_en, None))
        for district in geothai.districts(province.code):
            rows.append((district.code, "amphoe", district.name_th, district.name_en, province.code))
            for sub in geothai.subdistricts(district.code):
                rows.append((sub.code, "tambon", sub.name_th, sub.name_en, district.code))
    frame = pd.DataFrame(rows, columns=REGISTER_COLUMNS[:-1])
    frame["source"] = "geothai"
    return frame


class AreaRegister:
    """Look-ups over the register: is a code known, its names, its children."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame.drop_duplicates("area_code", keep="last").set_index("area_code")

    @classmethod
    def build(cls, *extra: pd.DataFrame | None) -> AreaRegister:
        """National areas overlaid by ``extra`` tables (later ones win on the same code)."""
        parts = [national_areas()] + [e[REGISTER_COLUMNS] for e in extra if e is not None]
        return cls(pd.concat(parts, ignore_index=True))

    def __contains__(self, code: str) -> bool:
        return code in self.frame.index

    def unknown_part(self, code: str) -> str | None:
        """The first ancestor-or-self of ``code`` missing from the register, or None.

        Villages are accepted under any known tambon (their names come from data files), and
        municipal pseudo-tambons (suffix 51+) under any known amphoe.
        """
        for level in LEVELS:
            if len(code) < LEVEL_LENGTH[level]:
                break
            part = parent_code(code, level)
            if level == "village" or part in self.frame.index:
                continue
            if level == "tambon" and is_municipal_tambon(part) and part[:4] in self.frame.index:
                continue
            return part
        return None

    def name(self, code: str, lang: str = "th") -> str:
        if code in self.frame.index:
            value = self.frame.at[code, f"name_{lang}"]
            if isinstance(value, str) and value:
                return value
        level = level_of(code)
        if level == "village":
            return f"หมู่ที่ {int(code[6:])}" if lang == "th" else f"Village {int(code[6:])}"
        if level == "tambon" and is_municipal_tambon(code):
            return f"เขตเทศบาล ({code})" if lang == "th" else f"Municipal area ({code})"
        return code

    def display_name(self, code: str, lang: str = "th") -> str:
        """Name with its level word: "ตำบลหนองบัว", "หมู่ที่ 3 บ้านโคก", "Tambon Nong Bua"."""
        level = level_of(code)
        name = self.name(code, lang)
        if level == "village":
            number = int(code[6:])
            if lang == "th":
                return name if name.startswith("หมู่") else f"หมู่ที่ {number} {name}"
            return name if name.startswith("Village") else f"Village {number} {name}"
        if lang == "th":
            if name.startswith(("เขต", "แขวง", "จังหวัด", "อำเภอ", "ตำบล")):
                return name
            return f"{LEVEL_PREFIX_TH[level]}{name}"
        return f"{name} Province" if level == "province" else f"{LEVEL_PREFIX_EN[level]}{name}"

    def display_names(self, codes, lang: str = "th") -> dict[str, str]:
        """display_name for many codes at once (fast for thousands of map units)."""
        codes = list(dict.fromkeys(codes))
        known = self.frame.reindex(codes)
        names = {}
        for code, level, name in zip(codes, known["level"], known[f"name_{lang}"], strict=True):
            if isinstance(level, str) and level != "village" and isinstance(name, str) and name:
                if lang == "th":
                    names[code] = (
                        name
                        if name.startswith(("เขต", "แขวง", "จังหวัด", "อำเภอ", "ตำบล"))
                        else f"{LEVEL_PREFIX_TH[level]}{name}"
                    )
                else:
                    names[code] = f"{name} Province" if level == "province" else f"{LEVEL_PREFIX_EN[level]}{name}"
            else:
                names[code] = self.display_name(code, lang)
        return names

    def children(self, code: str | None, level: str | None = None) -> pd.DataFrame:
        """Areas directly below ``code`` (provinces when ``code`` is None)."""
        if code is None:
            frame = self.frame[self.frame["level"] == "province"]
        else:
            frame = self.frame[self.frame["parent_code"] == code]
        if level is not None:
            frame = frame[frame["level"] == level]
        return frame.reset_index().sort_values("area_code")
