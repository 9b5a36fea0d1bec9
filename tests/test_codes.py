import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.codes import (
    CodeError,
    is_municipal_tambon,
    level_of,
    normalise_code,
    parent_code,
    village_code_from_parts,
)

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("31010105", "31010105"),
        ("TH310101", "310101"),
        ("th3101", "3101"),
        (31010105, "31010105"),
        (31010105.0, "31010105"),
        ("31010105.0", "31010105"),
        ("๓๑๐๑๐๑๐๕", "31010105"),
        ("31-01-01-05", "31010105"),
        (" 31 01 01 ", "310101"),
        ("3101010502", "3101010502"),  # 10-digit village id: kept whole (a community of หมู่ 5)
        ("901151A001", "901151A001"),  # a municipal community numbered with a letter: kept as given
        ("TH-901151-a001", "901151A001"),
        ("10", "10"),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_normalise_code_accepts_real_world_forms(raw, expected):
    assert normalise_code(raw) == expected


@pytest.mark.parametrize("raw", ["310", "3101010", "31A101", "123456789", True, 31.5, "ก๓๑", "901151A01", "90115AA001"])
def test_normalise_code_rejects_malformed(raw):
    with pytest.raises(CodeError):
        normalise_code(raw)


def test_normalise_code_checks_level():
    assert normalise_code("310101", level="tambon") == "310101"
    with pytest.raises(CodeError, match="amphoe code, not a tambon"):
        normalise_code("3101", level="tambon")


def test_leading_zeros_of_parts_are_kept():
    assert village_code_from_parts("310101", "5") == "31010105"
    assert village_code_from_parts("TH310101", "๐๕") == "31010105"
    assert village_code_from_parts(310101, 12.0) == "31010112"
    assert village_code_from_parts("310101", "หมู่ที่ 3") == "31010103"
    with pytest.raises(CodeError):
        village_code_from_parts("310101", "0")


def test_levels_and_parents():
    assert level_of("31") == "province"
    assert level_of("31010105") == "village"
    assert parent_code("31010105", "amphoe") == "3101"
    with pytest.raises(CodeError):
        parent_code("3101", "tambon")


def test_a_lettered_community_belongs_to_its_tambon_and_to_no_village():
    from analysis.codes import is_lettered, parent_of, village_of

    assert level_of("901151A001") == "community"
    assert is_lettered("901151A001") and not is_lettered("9011510101")
    assert parent_of("901151A001") == "901151" and parent_of("9011510101") == "90115101"
    assert village_of("901151A001") is None and village_of("9011510101") == "90115101"
    assert parent_code("901151A001", "tambon") == "901151"
    with pytest.raises(CodeError):
        parent_code("901151A001", "village")


def test_a_bad_code_says_why_in_thai_and_in_english():
    with pytest.raises(CodeError) as raised:
        normalise_code("9011-51A00X1")
    words = raised.value.words()
    assert words["th"].startswith("'9011-51A00X1' มีอักขระที่ไม่ใช่ตัวเลข — รหัสพื้นที่เป็นตัวเลข 2, 4, 6, 8 หรือ 10 หลัก")
    assert words["en"].startswith("'9011-51A00X1' has characters other than digits")
    with pytest.raises(CodeError) as raised:
        normalise_code("3101", level="tambon")
    assert raised.value.words() == {
        "th": "'3101' เป็นรหัสอำเภอ ไม่ใช่รหัสตำบล",
        "en": "'3101' is an amphoe code, not a tambon code",
    }


def test_municipal_pseudo_tambons():
    assert is_municipal_tambon("310151")
    assert is_municipal_tambon("31015102")
    assert not is_municipal_tambon("310150")
    assert not is_municipal_tambon("3101")


codes = st.from_regex(r"\A[1-9][0-9](?:[0-9]{2}){0,3}\Z")


@given(codes, st.booleans(), st.booleans(), st.booleans())
def test_any_spelling_of_a_code_normalises_to_it(code, prefix, thai, separated):
    text = code
    if separated:
        text = "-".join(text[i : i + 2] for i in range(0, len(text), 2))
    if thai:
        text = text.translate(THAI)
    if prefix:
        text = "TH" + text
    assert normalise_code(text) == code
    assert normalise_code(int(code)) == code
