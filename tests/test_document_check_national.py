"""The document check on a national-shaped workspace (tests/national_committee.py: real codes and
names in Bangkok, Phra Nakhon Si Ayutthaya and Ubon Ratchathani), in Thai and in English: every
document type for a province, an amphoe and a tambon — the contest kit, the quality-of-life and
progress reports, the map files — and a village's review sheet. Real names are long (เขตป้อมปราบ-
ศัตรูพ่าย, พระนครศรีอยุธยา, นิคมสร้างตนเองลำโดมน้อย), Bangkok's areas are เขต and แขวง, and an
amphoe of 21 tambons fills its tables with rows."""

from __future__ import annotations

import re

import pytest

from analysis.areas import national_areas
from analysis.store import Workspace
from tests import document_check as check
from tests.committee_documents import kit_documents, map_files, progress_documents, report_documents, review_documents
from tests.national_committee import AYUTTHAYA_TAMBON, BANGKOK_TAMBON, LONGEST_TAMBON, YEARS, build

YEAR = YEARS[-1]
#: the areas every document type is made for: Ayutthaya at three levels, Bangkok's เขต and แขวง
#: (its province's report), and the tambon with the longest name
KIT_AREAS = ("14", AYUTTHAYA_TAMBON[:4], AYUTTHAYA_TAMBON, BANGKOK_TAMBON[:4], BANGKOK_TAMBON, LONGEST_TAMBON)
REPORT_AREAS = (*KIT_AREAS, "10")


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Workspace:
    root = tmp_path_factory.mktemp("national_committee")
    return build(root / "ws", root)


@pytest.fixture(scope="module", params=["th", "en"])
def documents(request, national, tmp_path_factory):
    lang = request.param
    made = []
    for area in KIT_AREAS:
        made += kit_documents(national, area, lang, f"_{area}")
        made += map_files(national, area, YEAR, lang, f"_{area}")
        made += progress_documents(national, area, YEAR, lang, f"_{area}")
    for area in REPORT_AREAS:
        made += report_documents(national, area, YEAR, lang, f"report_{area}")
    made += review_documents(national, f"{BANGKOK_TAMBON}01", YEAR, lang, "_bangkok")
    made += review_documents(national, f"{AYUTTHAYA_TAMBON}02", YEAR, lang, "_ayutthaya")
    tmp = tmp_path_factory.mktemp(f"national_{lang}")
    rendered = check.render_decks({d.name: d.data for d in made if d.kind == "pptx"}, tmp)
    return lang, made, tmp, rendered


def test_every_document_type_is_made_for_each_level(documents):
    _, made, _, rendered = documents
    kinds = {(d.name.split("_")[0], d.kind) for d in made}
    assert kinds == {
        ("deck", "pptx"),
        ("summary", "pdf"),
        ("infographic", "pdf"),
        ("checklist", "pdf"),
        ("presentation", "html"),
        ("map", "html"),
        ("map", "kml"),
        ("report", "pdf"),
        ("report", "xlsx"),
        ("review", "pdf"),
        ("review", "xlsx"),
    }
    # 6 areas × (5 kit + 2 map + 2 progress) + 7 areas × 2 reports + 2 villages × 2 review sheets
    assert len(made) == 6 * 9 + 7 * 2 + 2 * 2
    assert all(path.stat().st_size > 10_000 for path in rendered.values()) and len(rendered) == 6


@pytest.mark.parametrize("kind", check.KINDS)
def test_the_national_documents_pass_the_document_check(documents, kind):
    lang, made, tmp, rendered = documents
    problems = [p for d in made if d.kind == kind for p in check.document_problems(d, lang, tmp, rendered.get(d.name))]
    assert not problems, "\n".join(problems[:60])


def _read(document, tmp, rendered) -> list[str]:
    # pdftotext spells sara am as nikhahit + sara aa
    return [t.replace("\u0e4d\u0e32", "\u0e33") for _, t in check.document_texts(document, tmp, rendered)]


def test_bangkok_documents_say_khet_and_khwaeng(documents):
    """Bangkok's areas are เขต and แขวง: no "ต.พระบรมมหาราชวัง", "ตำบลเสาชิงช้า", no "% ตำบล" or
    "รายตำบล" header over its แขวง — in every document of Bangkok, its เขต and its แขวง."""
    lang, made, tmp, rendered = documents
    areas = national_areas()
    bangkok = areas[areas["area_code"].str.startswith("1001") & areas["level"].isin(["amphoe", "tambon"])]
    if lang == "th":
        names = bangkok["name_th"].str.removeprefix("เขต")
        wrong = rf"(?:ตำบล|ต\.|อำเภอ|อ\.) ?(?:{'|'.join(map(re.escape, names))})|^(?:% |ราย)?(?:ตำบล|อำเภอ)$|รายตำบล$"
        right = "แขวงพระบรมมหาราชวัง"
    else:
        names = bangkok["name_en"]
        wrong = rf"(?:Tambon|Amphoe) (?:{'|'.join(map(re.escape, names))})|^% (?:tambon|amphoe)$|^Tambon$"
        right = "Khwaeng Phra Borom Maha Ratchawang"
    found, seen = [], False
    for document in made:
        if re.search(r"_(10|1001|100101|bangkok)$", document.name):
            for text in _read(document, tmp, rendered.get(document.name)):
                seen = seen or right in text
                if re.search(wrong, text, re.IGNORECASE if lang == "en" else 0):
                    found.append(f"{document.name}.{document.kind}: {text[:100]}")
    assert seen and not found, "\n".join(found[:30])


def test_an_amphoe_of_21_tambons_slants_their_names_in_its_deck(documents, national):
    """The amphoe's area chart: 21 tambons side by side, their names whole and slanted at 45° in
    12-pt type (upright, LibreOffice broke them a syllable a line under columns too narrow)."""
    import io

    from pptx import Presentation
    from pptx.oxml.ns import qn

    lang, made, _, _ = documents
    codes = sorted(c for c in national_areas()["area_code"] if len(c) == 6 and c.startswith(AYUTTHAYA_TAMBON[:4]))
    names = national.register().display_names(codes, lang)
    deck = next(d for d in made if d.name == f"deck_{AYUTTHAYA_TAMBON[:4]}")
    charts = [s.chart for slide in Presentation(io.BytesIO(deck.data)).slides for s in slide.shapes if s.has_chart]
    areas = next(c for c in charts if len(c.plots[0].categories) > 5)
    assert sorted(areas.plots[0].categories) == sorted(names.values()) and len(names) == 21
    text = areas.category_axis._element.find(qn("c:txPr"))
    assert text.find(qn("a:bodyPr")).get("rot") == "-2700000"
    assert areas.category_axis.tick_labels.font.size.pt == 12
    small = next(c for c in charts if len(c.plots[0].categories) == 5)  # the five domains stay upright
    assert small.category_axis._element.find(qn("c:txPr")) is None or small.category_axis.tick_labels.font.size is None


def test_a_kit_maps_villages_drawn_as_points_when_there_are_no_boundaries(national):
    """Village points without boundaries (a national workspace's usual case): the kit's map has
    the two villages as points (it failed with a TypeError on a point's coordinates)."""
    from analysis.contest.mapimage import render_map_png
    from analysis.contest.round import area_round
    from analysis.contest.service import contest_store_for
    from analysis.contest.story import build_story

    store = contest_store_for(national.root)
    story = build_story(national, BANGKOK_TAMBON, area_round(national, store, BANGKOK_TAMBON), store, "th")
    villages = national.rows("villages", under=BANGKOK_TAMBON).set_index("village_code")
    assert [f.area_code for f in story.map.features] == [f"{BANGKOK_TAMBON}01", f"{BANGKOK_TAMBON}02"]
    for feature in story.map.features:
        assert feature.rings == [[(villages.loc[feature.area_code, "lon"], villages.loc[feature.area_code, "lat"])]]
    assert render_map_png(story.map).startswith(b"\x89PNG")
