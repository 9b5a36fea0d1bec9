from analysis.catalogs import load_catalog
from analysis.mapping import (
    apply_overrides,
    mapping_for,
    normalise_header,
    parse_indicator_header,
    recall_mapping,
    remember_mapping,
    suggest_mapping,
)

BMN64 = load_catalog("bmn_2560_2564")


def test_header_normalisation():
    assert normalise_header(" จำนวนสมาชิก (คน) ") == "จำนวนสมาชิกคน"
    assert normalise_header("ตัวชี้วัดที่ ๕") == "ตัวชี้วัดที่5"
    assert normalise_header("Village_Code") == "villagecode"


def test_indicator_headers():
    assert parse_indicator_header("ตัวชี้วัดที่ 5") == (5, "")
    assert parse_indicator_header("ข้อ ๑๒") == (12, "")
    assert parse_indicator_header("ind05") == (5, "")
    assert parse_indicator_header("5") == (5, "")
    assert parse_indicator_header("ตัวชี้วัดที่ 3 เด็กแรกเกิดถึง 12 ปี") == (3, "เด็กแรกเกิดถึง12ปี")
    assert parse_indicator_header("ind5_pass") == (5, "pass")
    assert parse_indicator_header("2564") is None
    assert parse_indicator_header("รายได้") is None


def test_thai_household_headers_are_matched():
    headers = ["ชื่อหัวหน้าครัวเรือน", "รหัสหมู่บ้าน", "รหัสบ้าน", "จำนวนสมาชิก", "รายได้", "ข้อ 1", "ข้อ 22", "หมายเหตุ"]
    mapping = suggest_mapping(headers, "bmn", BMN64)
    assert mapping.fields == {
        "village_code": "รหัสหมู่บ้าน",
        "household_id": "รหัสบ้าน",
        "members": "จำนวนสมาชิก",
        "income": "รายได้",
    }
    assert mapping.indicators == {"1": "ข้อ 1", "22": "ข้อ 22"}
    assert mapping.personal == ["ชื่อหัวหน้าครัวเรือน"]


def test_english_headers_and_code_parts():
    headers = ["prov_code", "amp_code", "tam_code", "moo", "hh_id", "members", "ind01"]
    mapping = suggest_mapping(headers, "bmn", BMN64)
    assert mapping.fields == {
        "province_code": "prov_code",
        "amphoe_code": "amp_code",
        "tambon_code": "tam_code",
        "village_no": "moo",
        "household_id": "hh_id",
        "members": "members",
    }
    assert mapping.indicators == {"1": "ind01"}


def test_wide_aggregate_headers_become_counts():
    headers = ["รหัสตำบล", "ตัวชี้วัดที่ 1 สำรวจ", "ตัวชี้วัดที่ 1 ผ่าน", "ตัวชี้วัดที่ 1 ไม่ผ่าน", "ind2_pass", "ind2_fail"]
    mapping = suggest_mapping(headers, "bmn-agg", BMN64)
    assert mapping.counts == {
        "1": {"applicable": "ตัวชี้วัดที่ 1 สำรวจ", "pass": "ตัวชี้วัดที่ 1 ผ่าน", "fail": "ตัวชี้วัดที่ 1 ไม่ผ่าน"},
        "2": {"pass": "ind2_pass", "fail": "ind2_fail"},
    }


def test_overrides_map_and_unmap():
    mapping = suggest_mapping(["รหัสบ้าน", "เลขครัว", "ข้อ 1"], "bmn", BMN64)
    apply_overrides(mapping, {"household_id": "เลขครัว", "ind:1": "", "ind:2": "รหัสบ้าน"}, BMN64)
    assert mapping.fields["household_id"] == "เลขครัว"
    assert mapping.indicators == {"2": "รหัสบ้าน"}


def test_mapping_is_remembered_per_file_shape(tmp_path):
    headers = ["เลขครัว", "คนในบ้าน", "หมู่บ้านรหัส", "ข้อ 1"]
    mapping = suggest_mapping(headers, "bmn", BMN64)
    assert "household_id" not in mapping.fields
    apply_overrides(mapping, {"household_id": "เลขครัว", "members": "คนในบ้าน", "village_code": "หมู่บ้านรหัส"}, BMN64)
    remember_mapping(tmp_path, headers, mapping)
    same_shape = list(reversed(headers))
    recalled, remembered = mapping_for(tmp_path, "bmn", same_shape, BMN64)
    assert remembered and recalled.fields["household_id"] == "เลขครัว"
    assert recall_mapping(tmp_path, "bmn", headers + ["อื่น"]) is None
    assert recall_mapping(tmp_path, "nrd2c", headers) is None


def test_a_data_row_of_status_words_does_not_outscore_the_header():
    from analysis.mapping import header_score

    header = ["รหัสหมู่บ้าน", "รหัสบ้าน", "จำนวนสมาชิก", *[f"ข้อ {n}" for n in range(1, 31)]]
    words = ["31010101", "1", "3", *["ผ่าน"] * 30]  # "ผ่าน" is also a header (aggregates' pass column)
    assert header_score(words) == 2
    assert header_score(header) == 2 * 3 + 30
