"""The area register: every province, amphoe and tambon of Thailand (from the geothai package),
plus areas a workspace declares (the demo's synthetic amphoe, municipal areas) and the villages
found in imported data.

Grain of the register: one row per area (area_code).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, lru_cache

import geothai
import numpy as np
import pandas as pd

from analysis.codes import (
    AMPHOE_LENGTH,
    LENGTH_LEVEL,
    LETTERED_PATTERN,
    MUNICIPAL_MIN_SUFFIX,
    PROVINCE_LENGTH,
    TAMBON_LENGTH,
    VILLAGE_LENGTH,
    is_lettered,
    is_municipal_tambon,
    level_of,
    parent_of,
    prefix_at,
)

REGISTER_COLUMNS = ["area_code", "level", "name_th", "name_en", "parent_code", "source"]
LEVEL_PREFIX_TH = {"province": "จังหวัด", "amphoe": "อำเภอ", "tambon": "ตำบล", "village": "หมู่ที่ "}
LEVEL_PREFIX_EN = {"province": "", "amphoe": "Amphoe ", "tambon": "Tambon ", "village": "Village "}
#: Bangkok is no จังหวัด: its districts are เขต and its subdistricts แขวง
BANGKOK = "10"
BANGKOK_PREFIX_TH = {"province": "", "amphoe": "เขต", "tambon": "แขวง", "village": "หมู่ที่ "}
BANGKOK_PREFIX_EN = {"province": "", "amphoe": "Khet ", "tambon": "Khwaeng ", "village": "Village "}
#: up to this many codes are named one by one (whole-column steps cost ~5 ms however few the codes)
FEW_NAMES = 64
#: the short tambon word shown after a village listed above tambon level ("หมู่ที่ 3 บ้านโคก ต.หนองบัว")
TAMBON_SHORT = {"th": "ต.", "en": "Tambon "}
#: the short amphoe word added to names that would otherwise read the same ("ต.ในเมือง อ.พิมาย")
AMPHOE_SHORT = {"th": "อ.", "en": "Amphoe "}
#: Bangkok's words for them (แขวง and เขต have no short form)
BANGKOK_TAMBON_SHORT = {"th": "แขวง", "en": "Khwaeng "}
BANGKOK_AMPHOE_SHORT = {"th": "เขต", "en": "Khet "}
THAI_AREA_WORDS = ("เขต", "แขวง", "จังหวัด", "อำเภอ", "ตำบล", "เทศบาล")
#: a municipality needs no "ต." before its name ("หมู่ที่ 1 เขตเทศบาล (901151)")
MUNICIPAL_WORDS = ("เขตเทศบาล", "เทศบาล", "Municipal", "Municipality")
#: a named village reads "บ้านโนนสูง (หมู่ 3)"; an unnamed one "หมู่ที่ 3"
VILLAGE_SHORT = {"th": "หมู่", "en": "Village"}
VILLAGE_WORD = {"th": "หมู่ที่", "en": "Village"}
#: a lettered municipal community reads "ชุมชน A001" (named: "หน้าวัด (ชุมชน A001)")
COMMUNITY_WORD = {"th": "ชุมชน", "en": "Community"}


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


#: workspace root → (its data's key, register): the last register built for each workspace
_BUILT: dict[str, tuple[tuple, AreaRegister]] = {}


def register_for(root: str, key: tuple, build: Callable[[], AreaRegister]) -> AreaRegister:
    """The register of the workspace at ``root`` for its data ``key`` (generation, custom-area file),
    built once for the whole process: a server's sessions and cached views each open their own
    Workspace, and a national register takes a second to build. Read-only."""
    kept = _BUILT.get(root)
    if kept is None or kept[0] != key:
        kept = _BUILT[root] = (key, build())
    return kept[1]


class AreaRegister:
    """Look-ups over the register: is a code known, its names, its children."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame.drop_duplicates("area_code", keep="last").set_index("area_code")

    @classmethod
    def build(cls, *extra: pd.DataFrame | None, names: pd.DataFrame | None = None) -> AreaRegister:
        """National areas overlaid by ``extra`` tables (later ones win on the same code), then the
        names data files give to areas the register does not name (municipal areas)."""
        parts = [national_areas()] + [e[REGISTER_COLUMNS] for e in extra if e is not None]
        frame = pd.concat(parts, ignore_index=True)
        if names is not None and len(names):
            frame = _with_data_names(frame, names)
        return cls(frame)

    @cached_property
    def _lookup(self) -> tuple[pd.Index, dict[str, np.ndarray]]:
        """The codes as a plain object index (its hash table is built once, on first use; an Arrow
        string index rebuilds it per look-up) and the stored names as object arrays."""
        codes = pd.Index(self.frame.index.to_numpy(dtype=object), dtype=object)
        return codes, {lang: self.frame[f"name_{lang}"].to_numpy(dtype=object) for lang in ("th", "en")}

    def __contains__(self, code: str) -> bool:
        return code in self.frame.index

    def unknown_parts(self, codes: pd.Series) -> pd.Series:
        """For each code, its first ancestor-or-self missing from the register (None when known).

        Villages and communities are accepted under any known tambon (their names come from data
        files), and municipal pseudo-tambons (suffix 51+) under any known amphoe.
        """
        known = self.frame.index
        missing = pd.Series(None, index=codes.index, dtype=object)
        for length in (PROVINCE_LENGTH, AMPHOE_LENGTH, TAMBON_LENGTH):
            part = codes.str[:length]
            ok = part.isin(known) | (codes.str.len() < length)
            if length == TAMBON_LENGTH:
                municipal = pd.to_numeric(part.str[4:6], errors="coerce") >= MUNICIPAL_MIN_SUFFIX
                ok |= municipal & part.str[:AMPHOE_LENGTH].isin(known)
            missing = missing.where(missing.notna() | ok, part)
        return missing

    def unknown_part(self, code: str) -> str | None:
        """The first ancestor-or-self of ``code`` missing from the register, or None."""
        found = self.unknown_parts(pd.Series([code]))[0]
        return found if isinstance(found, str) else None

    def name(self, code: str, lang: str = "th") -> str:
        if code in self.frame.index:
            for column in (f"name_{lang}", "name_th"):  # a known area without an English name keeps its Thai one
                value = self.frame.at[code, column]
                if isinstance(value, str) and value:
                    return value
        level = level_of(code)
        if level == "village":
            return f"{VILLAGE_WORD[lang]} {int(code[6:8])}"
        if level == "community" and is_lettered(code):
            return f"{COMMUNITY_WORD[lang]} {code[6:]}"
        if level == "community":
            return self.name(prefix_at(code, "village"), lang) + f" ({code[VILLAGE_LENGTH:]})"
        if level == "tambon" and is_municipal_tambon(code):
            return f"เขตเทศบาล ({code})" if lang == "th" else f"Municipal area ({code})"
        return code

    def names(self, codes: pd.Series, lang: str = "th") -> pd.Series:
        """``name`` of each code of a column (same index), in whole-column steps."""
        levels = _levels(codes)
        codes_index, stored_names = self._lookup
        position = codes_index.get_indexer(codes.to_numpy(dtype=object))
        known = pd.Series(position >= 0, index=codes.index)
        values = stored_names[lang][np.maximum(position, 0)] if len(codes_index) else None
        stored = _stored(values, codes.index).where(known)
        if lang == "en":  # a known area without an English name keeps its Thai one
            thai = stored_names["th"][np.maximum(position, 0)] if len(codes_index) else None
            stored = stored.where(stored.notna(), _stored(thai, codes.index).where(known))
        number = pd.to_numeric(codes.str[6:8], errors="coerce").astype("Int64").astype(str)
        village = codes.where(levels != "village", VILLAGE_WORD[lang] + " " + number)
        municipal = (levels == "tambon") & (pd.to_numeric(codes.str[4:6], errors="coerce") >= MUNICIPAL_MIN_SUFFIX)
        word = "เขตเทศบาล" if lang == "th" else "Municipal area"
        made = village.where(~municipal, word + " (" + codes + ")")
        lettered = _lettered(codes)
        community = (levels == "community") & ~lettered
        if community.any():
            parents = self.names(codes[community].str[:VILLAGE_LENGTH], lang)
            made = made.where(~community, parents + " (" + codes.str[8:] + ")")
        made = made.where(~lettered, COMMUNITY_WORD[lang] + " " + codes.str[6:])
        return stored.where(stored.notna(), made).astype(object)

    def display_name(self, code: str, lang: str = "th", above_tambon: bool = False) -> str:
        """Name with its level word: "ตำบลหนองบัว", "บ้านโนนสูง (หมู่ 3)" (unnamed: "หมู่ที่ 3"),
        "ชุมชน A001", "Tambon Nong Bua". With ``above_tambon`` (a list wider than one tambon) a
        village also names its tambon, a lettered community its municipality."""
        level = level_of(code)
        name = self.name(code, lang)
        if level in ("village", "community") and is_lettered(code):
            default = f"{COMMUNITY_WORD[lang]} {code[6:]}"
            shown = name if name == default else f"{name} ({default})"
            if above_tambon:
                shown = f"{shown}{' ' if lang == 'th' else ', '}{self.name(prefix_at(code, 'tambon'), lang)}"
            return shown
        if level in ("village", "community"):
            number = int(code[6:8])
            shown = name if name.startswith(VILLAGE_SHORT[lang]) else f"{name} ({VILLAGE_SHORT[lang]} {number})"
            if above_tambon:
                tambon = self.name(prefix_at(code, "tambon"), lang)
                tambon = tambon.removeprefix("ตำบล").removeprefix("แขวง") if lang == "th" else tambon
                short = (BANGKOK_TAMBON_SHORT if code.startswith(BANGKOK) else TAMBON_SHORT)[lang]
                short = "" if tambon.startswith(MUNICIPAL_WORDS) else short
                shown = f"{shown} {short}{tambon}"
            return shown
        bangkok = code.startswith(BANGKOK)
        if lang == "th":
            prefix = (BANGKOK_PREFIX_TH if bangkok else LEVEL_PREFIX_TH)[level]
            return name if name.startswith(THAI_AREA_WORDS) else f"{prefix}{name}"
        if bangkok:
            return f"{BANGKOK_PREFIX_EN[level]}{name}"
        return f"{name} Province" if level == "province" else f"{LEVEL_PREFIX_EN[level]}{name}"

    def display_names(self, codes, lang: str = "th", above_tambon: bool | None = None) -> dict[str, str]:
        """display_name for many codes at once (over whole columns beyond a few codes). Villages name
        their tambon when the codes span more than one tambon (unless ``above_tambon`` says otherwise);
        names still shared in the list get their amphoe, then their code."""
        unique = list(dict.fromkeys(codes))
        if above_tambon is None:
            above_tambon = len({prefix_at(c, "tambon") for c in unique if len(c) >= VILLAGE_LENGTH}) > 1
        if len(unique) <= FEW_NAMES:
            shown = {code: self.display_name(code, lang, above_tambon) for code in unique}
        else:
            shown = self._display_column(pd.Series(unique, dtype=object), lang, above_tambon)
        return self._told_apart(shown, lang)

    def _told_apart(self, shown: dict[str, str], lang: str) -> dict[str, str]:
        """Names shared by several codes in one list (two tambons named ในเมือง in one province,
        so two "หมู่ที่ 1 ต.ในเมือง") get their amphoe, then their code if still shared: a chart
        would otherwise merge them and a reader could not tell them apart."""
        labels = pd.Series(shown, dtype=object)
        shared = labels.duplicated(keep=False)
        if not shared.any():
            return shown
        codes = pd.Series(labels.index[shared], index=labels.index[shared], dtype=object)
        amphoe_codes = codes.str[:AMPHOE_LENGTH].where(codes.str.len() > AMPHOE_LENGTH)
        # the amphoe only where it differs within the shared name; else straight to the code
        helps = amphoe_codes.groupby(labels[shared]).transform("nunique") > 1
        below_amphoe = codes[helps & amphoe_codes.notna()]
        amphoe = self.names(below_amphoe.str[:AMPHOE_LENGTH], lang)
        amphoe = amphoe.str.removeprefix("อำเภอ").str.removeprefix("เขต") if lang == "th" else amphoe
        separator = " " if lang == "th" else ", "
        short = pd.Series(AMPHOE_SHORT[lang], index=below_amphoe.index, dtype=object)
        short = short.where(~below_amphoe.str.startswith(BANGKOK), BANGKOK_AMPHOE_SHORT[lang])
        labels.loc[below_amphoe.index] = labels.loc[below_amphoe.index] + separator + short + amphoe
        still = labels.duplicated(keep=False)
        labels.loc[still] = labels.loc[still] + " (" + labels.index[still] + ")"
        return labels.to_dict()

    def _display_column(self, unique: pd.Series, lang: str, above_tambon: bool) -> dict[str, str]:
        """display_name over a column of distinct codes (the same rules, in whole-column steps)."""
        levels = _levels(unique)
        name = self.names(unique, lang)
        in_village = levels.isin(["village", "community"])
        lettered = _lettered(unique)
        number = pd.to_numeric(unique.str[6:8], errors="coerce").astype("Int64").astype(str)
        short = VILLAGE_SHORT[lang]
        village = name.where(name.str.startswith(short), name + " (" + short + " " + number + ")")
        default = COMMUNITY_WORD[lang] + " " + unique.str[6:]
        village = village.where(~lettered, name.where(name == default, name + " (" + default + ")"))
        if above_tambon and in_village.any():
            codes = unique[in_village]
            municipality = self.names(codes.str[:TAMBON_LENGTH], lang)
            tambon = municipality.str.removeprefix("ตำบล").str.removeprefix("แขวง") if lang == "th" else municipality
            short = pd.Series(TAMBON_SHORT[lang], index=codes.index, dtype=object)
            short = short.where(~codes.str.startswith(BANGKOK), BANGKOK_TAMBON_SHORT[lang])
            short = short.where(~tambon.str.startswith(MUNICIPAL_WORDS), "")
            in_tambon = village + " " + short + tambon
            in_municipality = village + (" " if lang == "th" else ", ") + municipality
            village = village.where(~in_village, in_tambon.where(~lettered, in_municipality))
        bangkok = unique.str.startswith(BANGKOK)
        if lang == "th":
            prefix = levels.map(LEVEL_PREFIX_TH).where(~bangkok, levels.map(BANGKOK_PREFIX_TH)).fillna("")
            area = name.where(name.str.startswith(THAI_AREA_WORDS), prefix + name)
        else:
            prefix = levels.map(LEVEL_PREFIX_EN).where(~bangkok, levels.map(BANGKOK_PREFIX_EN)).fillna("")
            area = (prefix + name).where((levels != "province") | bangkok, name + " Province")
        shown = village.where(in_village, area)
        return dict(zip(unique, shown, strict=True))

    def search(self, text: str, limit: int = 20, codes: set[str] | None = None) -> list[str]:
        """Codes of areas whose Thai or English name (or code) contains ``text``, provinces first,
        limited to ``codes`` when given (the areas with data)."""
        needle = text.strip().lower()
        if not needle:
            return []
        frame = self.frame if codes is None else self._among(codes)
        hits = (
            frame["name_th"].fillna("").str.lower().str.contains(needle, regex=False)
            | frame["name_en"].fillna("").str.lower().str.contains(needle, regex=False)
            | frame.index.str.startswith(needle)
        )
        found = frame.index[hits]
        return sorted(found, key=lambda c: (len(c), c))[:limit]

    def _among(self, codes: set[str] | frozenset[str]) -> pd.DataFrame:
        """The register's rows of ``codes``, kept for the next search with the same set (the areas
        with data: one set per data generation). Matched on the plain object index: an Arrow
        string index's isin converts every code to a scalar, a second per search nationally."""
        key = (hash(codes), len(codes)) if isinstance(codes, frozenset) else None
        kept = self.__dict__.get("_among_kept")
        if key is not None and kept is not None and kept[0] == key:
            return kept[1]
        frame = self.frame[self._lookup[0].isin(list(codes))]
        if key is not None:
            self.__dict__["_among_kept"] = (key, frame)
        return frame

    def children(self, code: str | None, level: str | None = None) -> pd.DataFrame:
        """Areas directly below ``code`` (provinces when ``code`` is None)."""
        if code is None:
            frame = self.frame[self.frame["level"] == "province"]
        else:
            frame = self.frame[self.frame["parent_code"] == code]
        if level is not None:
            frame = frame[frame["level"] == level]
        return frame.reset_index().sort_values("area_code")


def _levels(codes: pd.Series) -> pd.Series:
    """level_of over a column (CodeError for a code of no level's length)."""
    levels = codes.str.len().map(LENGTH_LEVEL)
    if levels.isna().any():
        level_of(str(codes[levels.isna()].iloc[0]))  # raises, naming the code
    return levels


def _lettered(codes: pd.Series) -> pd.Series:
    """is_lettered over a column."""
    return codes.str.fullmatch(LETTERED_PATTERN).fillna(False).astype(bool)


def _stored(values, index: pd.Index) -> pd.Series:
    """Register names as given: a name that is not a non-empty text counts as none (NaN)."""
    stored = pd.Series(values, index=index, dtype=object)
    return stored.where(stored.notna() & stored.ne(""))


def _with_data_names(frame: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """Areas named by data files: fill names the register lacks; add areas it does not know."""
    names = names.dropna(subset=["name_th"])
    names = names[names["name_th"] != ""].set_index("area_code")["name_th"]
    frame = frame.drop_duplicates("area_code", keep="last").set_index("area_code")
    missing_name = frame.index.isin(names.index) & (frame["name_th"].fillna("") == "")
    frame.loc[missing_name, "name_th"] = names.reindex(frame.index[missing_name]).to_numpy()
    new = names[~names.index.isin(frame.index) & names.index.str.len().isin(list(LENGTH_LEVEL))]
    added = pd.DataFrame(
        {
            "level": new.index.str.len().map(LENGTH_LEVEL),
            "name_th": new.to_numpy(),
            "name_en": "",
            "parent_code": pd.Series(new.index, index=new.index).map(parent_of),
            "source": "data",
        },
        index=new.index,
    )
    return pd.concat([frame, added]).reset_index(names="area_code")


def level_word(level: str, area_code: str, lang: str) -> str:
    """The word for areas of ``level`` under (or at) ``area_code``: ตำบล, อำเภอ — in Bangkok แขวง,
    เขต ("% แขวง", "รายเขต")."""
    from analysis.i18n import translate

    if area_code.startswith(BANGKOK) and level in ("amphoe", "tambon"):
        return (BANGKOK_PREFIX_TH if lang == "th" else BANGKOK_PREFIX_EN)[level].strip()
    return translate(f"level.{level}", lang)
