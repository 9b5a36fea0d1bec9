"""A code crosswalk for boundaries: a boundary file whose codes differ from the data's (a provincial
set coding amphoe เวียงเก่า 4026 where DOPA and the survey use 4029) is matched to the data.

1. A declared crosswalk (old code → new code: data/geo/code_crosswalk.csv, plus a file the user
   gives) recodes the file's areas that carry those codes.
2. Areas still without data are matched by name within their parent to data areas without a
   shape: the same parent (the crosswalk's, or the register's area of the file's parent name
   within its own parent: the Khon Kaen file numbers the tambons of its 4026 otherwise than
   DOPA numbers those of 4029, so a parent's entry never recodes its children by prefix)
   and the same name once "อำเภอ", "ต." and spaces are set aside (a name the file cut short
   matches when it is the only one it begins). Only one-to-one matches are taken.

Whatever is recoded is reported with the names on both sides; so are the areas left unmatched.
Over whole columns (pandas merges), never area by area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from analysis.config import DATA_DIR
from analysis.i18n import translate
from analysis.store import Workspace

DECLARED = DATA_DIR / "geo" / "code_crosswalk.csv"
OLD_HEADERS = ("old_code", "from_code", "old", "from", "รหัสเดิม", "รหัสในไฟล์")
NEW_HEADERS = ("new_code", "to_code", "new", "to", "รหัสใหม่", "รหัสในข้อมูล")
_WORDS = re.compile(r"^(กิ่งอำเภอ|อำเภอ|อ\.|ตำบล|ต\.|เขต|แขวง|จังหวัด|จ\.|หมู่บ้าน|บ้าน)\s*|\s+")
MIN_PREFIX = 3  # a cut-short name must keep this many characters to be matched by its beginning


@dataclass
class Recoded:
    """One area of the file given the data's code: how, and the names on both sides."""

    old: str
    new: str
    file_name: str
    data_name: str
    how: str  # "crosswalk" or "name"


def plain_name(names: pd.Series) -> pd.Series:
    """Names compared without their level word, "บ้าน" and spaces ("อำเภอเวียงเก่า" = "เวียงเก่า")."""
    return names.fillna("").astype(str).str.replace(_WORDS, "", regex=True).str.strip()


def read_crosswalk(path: str | Path) -> dict[str, str]:
    """old code → new code from a CSV or XLSX (headers old_code,new_code or รหัสเดิม,รหัสใหม่)."""
    from analysis.geo.boundary_checks import BoundaryError
    from analysis.readers import ReadError
    from analysis.small_tables import read_table

    try:
        table = read_table(Path(path), Path(path).name)
    except ReadError as error:
        raise BoundaryError("crosswalk_unreadable", detail=error.words()["th"]) from error
    lower = {h.strip().lower(): h for h in table.headers}
    old = next((lower[h] for h in OLD_HEADERS if h in lower), None)
    new = next((lower[h] for h in NEW_HEADERS if h in lower), None)
    if old is None or new is None:
        raise BoundaryError("crosswalk_columns", columns=", ".join(table.headers))
    from analysis.area_names import normalised_codes

    before, after = normalised_codes(table.frame[old]), normalised_codes(table.frame[new])
    bad = before["code"].isna() | after["code"].isna()
    if bad.any():
        first = bad[bad].index[0]
        raise BoundaryError("crosswalk_code", value=f"{table.frame.at[first, old]} → {table.frame.at[first, new]}")
    return dict(zip(before["code"], after["code"], strict=True))


def declared(extra: str | Path | None = None) -> dict[str, str]:
    """The project's declared crosswalk, then the user's (which wins on the same code)."""
    pairs = read_crosswalk(DECLARED) if DECLARED.exists() else {}
    return pairs | (read_crosswalk(extra) if extra else {})


def reconcile(
    workspace: Workspace, frame: gpd.GeoDataFrame, level: str, with_data: set[str], extra: str | Path | None = None
) -> tuple[gpd.GeoDataFrame, list[Recoded]]:
    """The file's areas recoded to the data's codes where they differ (crosswalk, then names);
    ``frame`` has area_code, name_th, parent_name and geometry."""
    register = workspace.register()
    recoded: list[Recoded] = []
    codes = frame["area_code"].astype(str)
    pairs = declared(extra)
    walked = codes.map(pairs)
    if walked.notna().any():
        moved = frame[walked.notna()]
        recoded += _listed(moved["area_code"], walked[walked.notna()], moved["name_th"], register, "crosswalk")
        codes = walked.fillna(codes)
    frame = frame.assign(area_code=codes)
    by_name = _name_matches(frame, with_data, register, pairs)
    if len(by_name):
        file_names = frame.set_index("area_code").loc[by_name.index, "name_th"]
        recoded += _listed(by_name.index.to_series(), by_name, file_names, register, "name")
        frame = frame.assign(area_code=frame["area_code"].map(by_name).fillna(frame["area_code"]))
    if frame["area_code"].duplicated().any():  # two of the file's areas are one of the data's
        frame = frame.dissolve(by="area_code", aggfunc={"name_th": "first", "parent_name": "first"}).reset_index()
    return frame.sort_values("area_code").reset_index(drop=True), recoded


def _listed(old: pd.Series, new: pd.Series, file_names: pd.Series, register, how: str) -> list[Recoded]:
    data_names = register.names(pd.Series(new.to_numpy(), dtype=object))
    rows = zip(old.tolist(), new.tolist(), file_names.fillna("").astype(str).tolist(), data_names.tolist(), strict=True)
    return [Recoded(o, n, f, d, how) for o, n, f, d in rows if o != n]


def _name_matches(frame: gpd.GeoDataFrame, with_data: set[str], register, pairs: dict[str, str]) -> pd.Series:
    """file code → data code for the areas matched by name within their parent (one to one)."""
    in_file = set(frame["area_code"])
    lonely = frame[~frame["area_code"].isin(with_data)]
    wanting = pd.Series(sorted(with_data - in_file), dtype=object)
    if lonely.empty or wanting.empty:
        return pd.Series(dtype=object)
    ours = pd.DataFrame(
        {
            "file_code": lonely["area_code"].to_numpy(),
            "parent": _parents(lonely, register, pairs),
            "name": plain_name(lonely["name_th"]).to_numpy(),
        }
    )
    theirs = pd.DataFrame(
        {"data_code": wanting, "parent": wanting.str[:-2], "name": plain_name(register.names(wanting)).to_numpy()}
    )
    exact = ours.merge(theirs, on=["parent", "name"])
    exact = exact[exact["name"] != ""]
    rest = ours[~ours["file_code"].isin(exact["file_code"])].merge(theirs, on="parent", suffixes=("", "_data"))
    lengths = rest["name"].str.len()
    cut = pd.Series(False, index=rest.index)
    for length in lengths[lengths >= MIN_PREFIX].unique():  # one step per name length, not per area
        cut |= (lengths == length) & (rest["name_data"].str[:length] == rest["name"])
    pairs = pd.concat([exact[["file_code", "data_code"]], rest.loc[cut, ["file_code", "data_code"]]])
    one_to_one = ~pairs["file_code"].duplicated(keep=False) & ~pairs["data_code"].duplicated(keep=False)
    pairs = pairs[one_to_one]
    return pd.Series(pairs["data_code"].to_numpy(), index=pairs["file_code"].to_numpy(), dtype=object)


def _parents(lonely: gpd.GeoDataFrame, register, pairs: dict[str, str]) -> pd.Series:
    """Each area's parent as the data knows it: its own code's parent (through the crosswalk)
    when the register has it, else the register's area of the file's parent name within the
    grandparent."""
    parent = lonely["area_code"].str[:-2]
    parent = parent.map(pairs).fillna(parent)
    known = parent.isin(register.frame.index) | (parent == "")
    if known.all() or "parent_name" not in lonely:
        return parent.to_numpy()
    grand = parent.str[:-2]
    candidates = register.frame[register.frame.index.str.len() == len(parent.iloc[0])].reset_index()
    candidates = candidates.assign(grand=candidates["area_code"].str[:-2], name=plain_name(candidates["name_th"]))
    wanted = pd.DataFrame({"grand": grand, "name": plain_name(lonely["parent_name"]), "i": range(len(lonely))})
    found = wanted[~known.to_numpy()].merge(candidates, on=["grand", "name"])
    found = found[~found["i"].duplicated(keep=False)].set_index("i")["area_code"]
    result = parent.to_numpy(dtype=object).copy()
    result[found.index.to_numpy()] = found.to_numpy()
    return result


def report_lines(workspace, result, lang: str, limit: int = 50) -> list[tuple[str, str]]:
    """(kind, text): the areas recoded and the ones left unmatched, each with its names (the
    file's, the data's); kind "warning" for areas with data but no boundary."""
    lines = []
    if result.recoded:
        lines.append(("info", translate("boundary.recoded", lang, n=len(result.recoded))))
        for r in result.recoded[:limit]:
            how = translate(f"boundary.how_{r.how}", lang)
            lines.append(("info", "  " + translate("boundary.recoded_row", lang, **{**r.__dict__, "how": how})))
    if result.without_data:
        named = [f"{c} {result.file_names.get(c, '')}".strip() for c in result.without_data[:limit]]
        lines.append(("info", translate("boundary.without_data_named", lang, areas="; ".join(named))))
    if result.without_geometry:
        names = workspace.register().display_names(result.without_geometry[:limit], lang)
        named = [f"{c} {names[c]}" for c in result.without_geometry[:limit]]
        lines.append(("warning", translate("boundary.without_geometry_named", lang, areas="; ".join(named))))
    return lines
