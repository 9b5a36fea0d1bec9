"""A table download whose builder fails saves a file that says so in the user's language (a
deferred download runs outside the page: without this the browser saved nothing, without a word)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analysis.exports import to_csv_bytes, to_xlsx_bytes
from dashboard.widgets import _built


def _broken() -> pd.DataFrame:
    raise RuntimeError("the area tables are being rebuilt")


def test_a_built_table_is_saved_as_it_is() -> None:
    frame = pd.DataFrame({"ตำบล": ["หนองบัว"], "ร้อยละ": [12.5]})
    assert _built(lambda: frame, "rank.csv", "th") is frame
    assert _built(frame, "rank.csv", "th") is frame


@pytest.mark.parametrize(
    ("language", "column", "words"),
    [("th", "ข้อความ", "สร้างไฟล์ rank_990101.xlsx ไม่สำเร็จ"), ("en", "Message", "rank_990101.xlsx")],
)
def test_a_failed_table_saves_the_reason_in_the_users_language(language, column, words, caplog) -> None:
    frame = _built(_broken, "rank_990101.xlsx", language)
    assert list(frame.columns) == [column]
    assert len(frame) == 1
    assert words in frame.iloc[0, 0]
    assert "RuntimeError" not in frame.iloc[0, 0]  # no technical text for the user
    assert "the area tables are being rebuilt" in caplog.text  # the details reach the server log
    saved = pd.read_excel(io.BytesIO(to_xlsx_bytes(frame, "rank", None)), sheet_name=0, engine="openpyxl")
    assert words in saved.iloc[0, 0]
    csv_text = to_csv_bytes(frame).decode("utf-8-sig")
    assert words in csv_text
