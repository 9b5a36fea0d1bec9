"""Findings as pages, the CLI and the review sheet show them: each with its rule's severity and its
Thai and English message (data/validation_rules/checks.toml), errors first; and one summary row per
village. A household is named by its id only — never by a name."""

from __future__ import annotations

from string import Formatter

import numpy as np
import pandas as pd

from analysis.validation import SEVERITIES, rules

FINDING_COLUMNS = [
    "severity",
    "rule",
    "village_code",
    "indicator_id",
    "household_id",
    "value",
    "message_th",
    "message_en",
]
SUMMARY_COLUMNS = ["village_code", "errors", "warnings", "infos", "rules"]


def _as_text(values: pd.Series) -> np.ndarray:
    """Cells as message text (an object array): a blank cell is an empty string, never "nan"."""
    text = values.astype(object).to_numpy(dtype=object, copy=True)
    missing = pd.isna(text)
    text[missing] = ""
    return text.astype(str).astype(object)


def fill_template(template: str, fields: dict[str, np.ndarray], size: int) -> np.ndarray:
    """``template`` ("{value} of {detail} …") filled from whole columns (object arrays of ``size``):
    one concatenation per piece of the template, not one str.format per finding (a province has
    half a million)."""
    message = np.full(size, "", dtype=object)
    for literal, field, _spec, _conversion in Formatter().parse(template):
        if literal:
            message = message + literal
        if field is not None and field in fields:
            message = message + fields[field]
    return message


def finish(found: pd.DataFrame) -> pd.DataFrame:
    """Raw findings (analysis.checks.quality) → FINDING_COLUMNS, errors first, then by village.

    Messages are filled once per distinct (rule, value, detail) and taken back to every finding:
    half a million findings of one pair share one message."""
    if found.empty:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    declared = rules()
    frame = found.reset_index(drop=True)
    keys = pd.DataFrame(
        {
            "rule": frame["rule"].astype(object),
            "value": frame["value"].astype(object),
            **{
                f"detail_{lang}": frame[f"detail_{lang}"]
                .astype(object)
                .where(frame[f"detail_{lang}"].notna(), frame["detail"].astype(object))
                for lang in ("th", "en")
            },
        }
    )
    combo = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup().to_numpy()
    first = np.unique(combo, return_index=True)[1]
    distinct = keys.iloc[first].reset_index(drop=True)
    out = pd.DataFrame(
        {c: frame[c].astype(object) for c in ("rule", "village_code", "indicator_id", "household_id", "value")}
    )
    out["severity"] = distinct["rule"].map(lambda r: declared[r]["severity"]).to_numpy(dtype=object)[combo]
    value = _as_text(distinct["value"])
    for lang in ("th", "en"):
        detail = _as_text(distinct[f"detail_{lang}"])
        message = np.empty(len(distinct), dtype=object)
        for rule, rows in distinct.groupby("rule", sort=False).indices.items():
            message[rows] = fill_template(
                declared[rule][lang], {"value": value[rows], "detail": detail[rows]}, len(rows)
            )
        out[f"message_{lang}"] = message[combo]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    out["_order"] = out["severity"].map(order)
    out["_indicator"] = pd.to_numeric(out["indicator_id"], errors="coerce")
    out = out.sort_values(["_order", "village_code", "rule", "_indicator", "household_id"], kind="stable")
    return out[FINDING_COLUMNS].reset_index(drop=True)


def village_summary(findings: pd.DataFrame, villages: list[str] | None = None) -> pd.DataFrame:
    """One row per village: errors, warnings and notes found, and the rules that fired."""
    counts = pd.crosstab(findings["village_code"], findings["severity"]) if len(findings) else pd.DataFrame()
    for severity in SEVERITIES:
        if severity not in counts:
            counts[severity] = 0
    pairs = findings[["village_code", "rule"]].drop_duplicates().sort_values(["village_code", "rule"])
    fired = pairs.groupby("village_code")["rule"].agg(", ".join) if len(findings) else {}
    codes = sorted(set(villages or []) | set(counts.index))
    out = pd.DataFrame({"village_code": codes})
    for severity, column in zip(SEVERITIES, ("errors", "warnings", "infos"), strict=True):
        out[column] = out["village_code"].map(counts[severity]).fillna(0).astype("int64")
    out["rules"] = [fired.get(code, "") for code in out["village_code"]]
    return out[SUMMARY_COLUMNS]


def messages(findings: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """The findings with one message column in ``lang`` (for tables and CSV)."""
    frame = findings.drop(columns=["message_th", "message_en"]).assign(message=findings[f"message_{lang}"])
    return frame
