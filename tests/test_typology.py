import pandas as pd

from analysis.typology import describe, village_typology


def domain_rows(profiles):
    rows = []
    for code, values in profiles.items():
        for domain, value in zip(["health", "living", "education", "income", "access"], values, strict=True):
            rows.append((code, domain, value))
    return pd.DataFrame(rows, columns=["area_code", "domain", "pct_fail"])


PROFILES = {
    "v1": [10, 10, 10, 40, 10],
    "v2": [11, 9, 10, 42, 11],
    "v3": [9, 11, 9, 39, 10],  # income stands out
    "v4": [10, 10, 10, 10, 10],
    "v5": [9, 10, 11, 11, 9],
    "v6": [11, 9, 9, 10, 11],  # few problems
}


def test_clear_groups_are_found_and_described():
    typology = village_typology(domain_rows(PROFILES))
    assert typology.k == 2
    groups = typology.villages.set_index("area_code")["group"]
    assert groups[["v1", "v2", "v3"]].nunique() == 1 and groups[["v4", "v5", "v6"]].nunique() == 1
    assert groups["v1"] == 1  # group 1 = more problems
    described = typology.groups.set_index("group")
    assert described.loc[1, "description"] == "กลุ่มที่ปัญหาด้านรายได้ / เศรษฐกิจเด่น"
    assert described.loc[1, "standout"] == "income"
    assert described.loc[2, "description"] == "กลุ่มที่มีปัญหาน้อยกว่ากลุ่มอื่น"
    assert described.loc[1, "villages"] == 3


def test_k_can_be_set_and_results_are_deterministic():
    first = village_typology(domain_rows(PROFILES), k=3)
    again = village_typology(domain_rows(PROFILES), k=3)
    assert first.k == 3
    pd.testing.assert_frame_equal(first.villages, again.villages)
    assert set(first.silhouettes) == {2, 3, 4, 5}


def test_too_few_villages():
    assert village_typology(domain_rows({"v1": [1, 2, 3, 4, 5], "v2": [2, 3, 4, 5, 6]})) is None


def test_descriptions():
    assert (
        describe(pd.Series({"health": 1.2, "income": 0.9, "living": -0.1}))
        == "กลุ่มที่ปัญหาด้านสุขภาพและด้านรายได้ / เศรษฐกิจเด่น"
    )
    assert describe(pd.Series({"health": 0.1, "income": -0.3})) == "กลุ่มที่มีปัญหาปานกลางใกล้เคียงกันทุกด้าน"
    assert describe(pd.Series({"health": -0.4, "income": -0.3})) == "กลุ่มที่มีปัญหาน้อยกว่ากลุ่มอื่น"
    assert describe(pd.Series({"health": 1.0}), "en") == "Group where Health problems stand out"


def test_groups_that_read_alike_say_where_they_lean_then_their_rank():
    from analysis.typology import _told_apart

    middle = "กลุ่มที่มีปัญหาปานกลางใกล้เคียงกันทุกด้าน"
    groups = pd.DataFrame(
        {
            "group": [1, 2, 3, 4],
            "standout": ["health", "living", "income", "income"],
            "description": [middle, middle, "กลุ่มที่มีปัญหาน้อยกว่ากลุ่มอื่น", "กลุ่มที่มีปัญหาน้อยกว่ากลุ่มอื่น"],
        }
    )
    told = _told_apart(groups.copy(), "th")["description"].tolist()
    assert told == [
        f"{middle} ค่อนไปทางด้านสุขภาพ",
        f"{middle} ค่อนไปทางด้านความเป็นอยู่",
        "กลุ่มที่มีปัญหาน้อยกว่ากลุ่มอื่น ค่อนไปทางด้านรายได้ / เศรษฐกิจ (ปัญหารวมมากเป็นอันดับ 3 จาก 4 กลุ่ม)",
        "กลุ่มที่มีปัญหาน้อยกว่ากลุ่มอื่น ค่อนไปทางด้านรายได้ / เศรษฐกิจ (ปัญหารวมมากเป็นอันดับ 4 จาก 4 กลุ่ม)",
    ]
    assert len(set(told)) == 4
    unique = groups.iloc[[0, 2]].reset_index(drop=True)
    assert _told_apart(unique.copy(), "th")["description"].tolist() == [middle, "กลุ่มที่มีปัญหาน้อยกว่ากลุ่มอื่น"]
