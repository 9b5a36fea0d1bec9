import pandas as pd
import pytest

from analysis.catalogs import (
    UNITS,
    catalog_for_year,
    catalogs,
    class_rule,
    domain_ids,
    domains,
    income_line_for,
    load_catalog,
)


def test_five_domains_in_order_with_both_names():
    frame = domains()
    assert frame["domain_id"].tolist() == ["health", "living", "education", "income", "access"]
    assert frame["name_th"].str.len().min() > 0 and frame["name_en"].str.len().min() > 0


@pytest.mark.parametrize("catalog", catalogs(), ids=lambda c: c.id)
def test_every_indicator_is_labelled_and_mapped(catalog):
    frame = catalog.indicators
    assert frame["indicator_id"].is_unique
    for column in ("title_th", "title_en", "domain"):
        blank = frame[frame[column].str.strip() == ""]
        assert blank.empty, f"{catalog.id}: indicators without {column}: {blank['indicator_id'].tolist()}"
    assert set(frame["domain"]) <= set(domain_ids())
    if catalog.kind == "bmn":
        assert set(frame["unit"]) <= set(UNITS), f"{catalog.id}: unit must be person or household"
    # Thai titles really are Thai
    assert frame["title_th"].str.contains(r"[\u0E00-\u0E7F]").all()


def test_bmn_2560_2564_has_the_31_confirmed_indicators_and_domain_mapping():
    catalog = load_catalog("bmn_2560_2564")
    frame = catalog.indicators.set_index("indicator_id")
    assert list(frame.index) == [str(i) for i in range(1, 32)]
    expected = {i: "health" for i in range(1, 8)}
    expected |= {i: "living" for i in range(8, 15)}
    expected |= {i: "education" for i in range(15, 20)}
    expected |= {i: "income" for i in range(20, 24)}
    expected |= {27: "access", 28: "access", 29: "access"}
    expected |= {24: "living", 25: "living", 26: "living", 30: "living", 31: "living"}
    assert {int(i): d for i, d in frame["domain"].items()} == expected
    assert frame.loc["22", "unit"] == "household" and frame.loc["1", "unit"] == "person"
    assert catalog.income_indicator == "22"


def test_bmn_2566_2570_has_38_titles_unconfirmed_and_37_is_a_marked_placeholder():
    catalog = load_catalog("bmn_2566_2570")
    frame = catalog.indicators.set_index("indicator_id")
    assert len(frame) == 38
    assert catalog.status == "unconfirmed"
    assert frame.loc["37", "status"] == "placeholder"
    assert (frame.drop(index="37")["status"] == "unconfirmed").all()
    counts = frame["domain"].value_counts().to_dict()
    assert counts == {"health": 12, "living": 9, "education": 5, "income": 4, "access": 8}
    assert catalog.income_indicator == "29"


def test_nrd2c_catalog_is_marked_demo_with_levels_and_topics():
    catalog = load_catalog("nrd2c_2566_2570")
    assert catalog.status == "demo"
    frame = catalog.indicators
    assert (frame["status"] == "demo").all()
    assert (frame[["level_1_th", "level_2_th", "level_3_th"]] != "").all().all()
    topics = dict(zip(frame["topic_id"], frame["domain"], strict=False))
    assert topics["health"] == "health" and topics["education"] == "education"
    assert topics["economy"] == "income" and topics["labour"] == "income"
    assert topics["infrastructure"] == "access" and topics["participation"] == "access"
    assert topics["environment"] == "living" and topics["drugs"] == "living"


def test_class_rule_is_data_with_three_classes_ending_in_a_catch_all():
    rule = class_rule("nrd2c_2566_2570")
    assert [c["class_id"] for c in rule] == [1, 3, 2]
    assert set(rule[-1]) == {"class_id", "name_th", "name_en"}


def test_catalog_for_year_and_income_lines_are_settings():
    assert catalog_for_year("bmn", 2564).id == "bmn_2560_2564"
    assert catalog_for_year("bmn", 2567).id == "bmn_2566_2570"
    assert catalog_for_year("bmn", 2565) is None
    assert catalog_for_year("nrd2c", 2566).id == "nrd2c_2566_2570"
    assert income_line_for(load_catalog("bmn_2560_2564")) == {
        "value": 38000,
        "status": "confirmed",
        "note_th": "เกณฑ์ จปฐ. ปี 2560–2564",
        "note_en": "BMN 2560–2564 criterion",
    }
    assert income_line_for(load_catalog("bmn_2566_2570"))["status"] == "unconfirmed"


def test_default_targets_are_numbers():
    for catalog in catalogs("bmn"):
        assert pd.api.types.is_float_dtype(catalog.indicators["default_target"])
        assert catalog.indicators["default_target"].between(0, 100).all()
