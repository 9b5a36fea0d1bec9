"""Area names over whole columns (a national page names 80,000 villages at once) agree with the
per-code rules (AreaRegister.name / display_name), which few codes still use."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.areas import FEW_NAMES, REGISTER_COLUMNS, AreaRegister


def _register() -> AreaRegister:
    rows = [
        ("99", "province", "สาธิต", "Demo", "", "demo"),
        ("9901", "amphoe", "ทดลอง", "", "99", "demo"),  # no English name: the Thai one is shown
        ("990101", "tambon", "", "", "9901", "demo"),  # known, no name at all
        ("31010105", "village", "บ้านโคก", "", "310101", "data"),
        ("31010107", "village", "หมู่ที่ 7 บ้านนา", "", "310101", "data"),  # a name already numbered
        ("3101010501", "community", "ชุมชนริมน้ำ", "", "31010105", "data"),
        ("400151", "tambon", "เทศบาลเมืองขอนแก่น", "", "4001", "data"),  # a municipal area named by a file
        ("31010108", "village", None, None, "310101", "data"),
        ("901151A002", "community", "หน้าวัด", "", "901151", "data"),  # a lettered community named by a file
    ]
    return AreaRegister.build(pd.DataFrame(rows, columns=REGISTER_COLUMNS))


REGISTER = _register()
PREFIXES = [
    "10",
    "1001",
    "100101",
    "31",
    "3101",
    "310101",
    "310151",
    "400151",
    "4001",
    "99",
    "9901",
    "990101",
    "9902",
    "990151",
]
code_piece = st.sampled_from(PREFIXES)


@st.composite
def codes(draw) -> str:
    base = draw(code_piece)
    if draw(st.booleans()):
        base = (base + draw(st.sampled_from(["0101", "01", "51", "52"])))[:6]
        base = base.ljust(6, "1")
        base += f"{draw(st.integers(1, 99)):02d}"
        if draw(st.booleans()):
            base += f"{draw(st.integers(1, 99)):02d}"
        elif draw(st.booleans()):  # a municipal community numbered with a letter
            base = base[:6] + draw(st.sampled_from(["A001", "A002", "B101", "Z9Z9"]))
    return base


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(codes(), min_size=1, max_size=15), st.sampled_from(["th", "en"]), st.booleans())
def test_names_over_columns_agree_with_the_per_code_rules(drawn, lang, above_tambon):
    unique = pd.Series(list(dict.fromkeys(drawn)), dtype=object)
    expected = {c: REGISTER.display_name(c, lang, above_tambon) for c in unique}
    assert REGISTER._display_column(unique, lang, above_tambon) == expected
    assert REGISTER.names(pd.Series(drawn), lang).tolist() == [REGISTER.name(c, lang) for c in drawn]


def test_many_codes_are_named_over_columns_with_the_same_result():
    villages = [f"3101{t:02d}{v:02d}" for t in range(1, 12) for v in range(1, 9)]
    assert len(villages) > FEW_NAMES
    column = REGISTER.display_names(villages, "th")
    assert column == {c: REGISTER.display_name(c, "th", above_tambon=True) for c in villages}
    assert column["31010105"] == "บ้านโคก (หมู่ 5) ต.ในเมือง"


def test_names_by_hand():
    names = REGISTER.display_names(
        ["99", "9901", "990101", "31010105", "31010107", "3101010501", "3101010602", "400151", "31010108", "310151"],
        "th",
    )
    assert names == {
        "99": "จังหวัดสาธิต",
        "9901": "อำเภอทดลอง",
        "990101": "ตำบล990101",
        "31010105": "บ้านโคก (หมู่ 5)",
        "31010107": "หมู่ที่ 7 บ้านนา",
        "3101010501": "ชุมชนริมน้ำ (หมู่ 5)",
        "3101010602": "หมู่ที่ 6 (02)",
        "400151": "เทศบาลเมืองขอนแก่น",
        "31010108": "หมู่ที่ 8",
        "310151": "เขตเทศบาล (310151)",
    }
    english = REGISTER.display_names(["99", "9901", "31010106", "31010105", "400151"], "en", above_tambon=True)
    assert english == {
        "99": "Demo Province",
        "9901": "Amphoe ทดลอง",
        "31010106": "Village 6 Tambon Nai Mueang",
        "31010105": "บ้านโคก (Village 5) Tambon Nai Mueang",
        "400151": "Tambon เทศบาลเมืองขอนแก่น",
    }
    assert REGISTER.display_name("31010105", "th", above_tambon=True) == "บ้านโคก (หมู่ 5) ต.ในเมือง"
    # communities a municipality numbers with a letter, shown as communities of that municipality
    assert REGISTER.display_names(["901151A001", "901151A002"], "th") == {
        "901151A001": "ชุมชน A001",
        "901151A002": "หน้าวัด (ชุมชน A002)",
    }
    wider = REGISTER.display_names(["901151A001", "901151A002", "31010105"], "th")  # two tambons: each says where
    assert wider == {
        "901151A001": "ชุมชน A001 เขตเทศบาล (901151)",
        "901151A002": "หน้าวัด (ชุมชน A002) เขตเทศบาล (901151)",
        "31010105": "บ้านโคก (หมู่ 5) ต.ในเมือง",
    }
    assert REGISTER.display_name("901151A001", "en") == "Community A001"
    assert REGISTER.display_names([]) == {}


def test_names_shared_in_one_list_get_their_amphoe_then_their_code():
    # two tambons named ในเมือง in one province: in a province-wide list their villages read the same
    register = _register()
    names = register.display_names(["30010101", "30150101", "300101", "301501", "3001"], "th")
    assert names == {
        "30010101": "หมู่ที่ 1 ต.ในเมือง อ.เมืองนครราชสีมา",
        "30150101": "หมู่ที่ 1 ต.ในเมือง อ.พิมาย",
        "300101": "ตำบลในเมือง อ.เมืองนครราชสีมา",
        "301501": "ตำบลในเมือง อ.พิมาย",
        "3001": "อำเภอเมืองนครราชสีมา",
    }
    english = register.display_names(["300101", "301501"], "en")
    assert english == {
        "300101": "Tambon Nai Mueang, Amphoe Mueang Nakhon Ratchasima",
        "301501": "Tambon Nai Mueang, Amphoe Phimai",
    }
    # same amphoe, same name (a file named two villages alike): the code tells them apart
    rows = [(c, "village", "หมู่ที่ 3 บ้านนา", "", "310102", "data") for c in ("31010201", "31010203")]
    alike = AreaRegister.build(pd.DataFrame(rows, columns=REGISTER_COLUMNS))
    assert alike.display_names(["31010201", "31010203"], "th") == {
        "31010201": "หมู่ที่ 3 บ้านนา (31010201)",
        "31010203": "หมู่ที่ 3 บ้านนา (31010203)",
    }
    many = [f"3001{t:02d}{v:02d}" for t in range(1, 12) for v in range(1, 9)] + ["30150101"]
    assert len(many) > FEW_NAMES  # the column path tells them apart the same way
    assert register.display_names(many, "th")["30150101"] == "หมู่ที่ 1 ต.ในเมือง อ.พิมาย"
    assert register.display_names(many, "th")["30010101"] == "หมู่ที่ 1 ต.ในเมือง อ.เมืองนครราชสีมา"


def test_bangkok_is_no_province_its_districts_are_khet_and_khwaeng():
    register = _register()
    codes = ["10", "1001", "100101", "31"]
    assert register.display_names(codes, "th") == {
        "10": "กรุงเทพมหานคร",
        "1001": "เขตพระนคร",
        "100101": "แขวงพระบรมมหาราชวัง",
        "31": "จังหวัดบุรีรัมย์",
    }
    assert register.display_names(codes, "en") == {
        "10": "Bangkok",
        "1001": "Khet Phra Nakhon",
        "100101": "Khwaeng Phra Borom Maha Ratchawang",
        "31": "Buri Ram Province",
    }
    # a village listed above its แขวง names it as Bangkok does (no "ต."), per code and over columns
    assert register.display_names(["10010101", "10010201"], "th") == {
        "10010101": "หมู่ที่ 1 แขวงพระบรมมหาราชวัง",
        "10010201": "หมู่ที่ 1 แขวงวังบูรพาภิรมย์",
    }
    assert (
        register.display_names(["10010101", "10010201"], "en")["10010101"]
        == "Village 1 Khwaeng Phra Borom Maha Ratchawang"
    )
    many = [f"1001{t:02d}{v:02d}" for t in range(1, 13) for v in range(1, 7)]
    assert len(many) > FEW_NAMES and register.display_names(many, "th")["10011206"] == "หมู่ที่ 6 แขวงวัดสามพระยา"
