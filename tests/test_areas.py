import pandas as pd

from analysis.areas import REGISTER_COLUMNS, AreaRegister, national_areas


def test_national_register_covers_thailand():
    frame = national_areas()
    counts = frame["level"].value_counts().to_dict()
    assert counts["province"] == 77
    assert counts["amphoe"] == 928
    assert counts["tambon"] > 7000
    assert frame["area_code"].is_unique
    row = frame.set_index("area_code").loc["310101"]
    assert (row["name_th"], row["name_en"], row["parent_code"]) == ("ในเมือง", "Nai Mueang", "3101")


def test_unknown_part_finds_the_first_missing_level():
    register = AreaRegister.build()
    assert register.unknown_part("31010105") is None  # villages accepted under a known tambon
    assert register.unknown_part("31014905") == "310149"
    assert register.unknown_part("3199") == "3199"
    assert register.unknown_part("98") == "98"
    assert register.unknown_part("31015102") is None  # municipal pseudo-tambon under a known amphoe


def test_workspace_areas_extend_the_register_and_names_read_well():
    custom = pd.DataFrame(
        [("99", "province", "สาธิต", "Demo", "", "demo"), ("9901", "amphoe", "ทดลอง", "Thodlong", "99", "demo")],
        columns=REGISTER_COLUMNS,
    )
    villages = pd.DataFrame([("31010105", "village", "บ้านโคก", "", "310101", "data")], columns=REGISTER_COLUMNS)
    register = AreaRegister.build(custom, villages)
    assert register.unknown_part("990101") == "990101"
    assert register.unknown_part("9901") is None
    assert register.display_name("99") == "จังหวัดสาธิต"
    assert register.display_name("9901", "en") == "Amphoe Thodlong"
    assert register.display_name("310101") == "ตำบลในเมือง"
    assert register.display_name("31010105") == "บ้านโคก (หมู่ 5)"
    assert register.display_name("31010106") == "หมู่ที่ 6"
    assert register.display_name("310151") == "เขตเทศบาล (310151)"
    assert register.children("9901").empty
    assert register.children("99")["area_code"].tolist() == ["9901"]
