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
    half a million findings of one pair share one message. Grouping and ordering run on integer
    codes of the columns, not on their texts."""
    if found.empty:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    declared = rules()
    frame = found.reset_index(drop=True)
    rule, rules_found = _sorted_codes(frame["rule"])
    value, _ = _sorted_codes(frame["value"], sort=False)
    detail, _ = _sorted_codes(frame["detail"], sort=False)
    keys = {"rule": rule, "value": value}
    for lang in ("th", "en"):
        own, names = _sorted_codes(frame[f"detail_{lang}"], sort=False)
        keys[lang] = np.where(frame[f"detail_{lang}"].notna().to_numpy(), own, len(names) + detail)
    combo = pd.DataFrame(keys).groupby(list(keys), sort=False).ngroup().to_numpy()
    first = np.unique(combo, return_index=True)[1]
    distinct = frame.iloc[first].reset_index(drop=True)
    out = pd.DataFrame(
        {c: frame[c].astype(object) for c in ("rule", "village_code", "indicator_id", "household_id", "value")}
    )
    severity = np.array([declared[r]["severity"] for r in rules_found], dtype=object)  # one per rule
    out["severity"] = severity[rule]
    value_text = _as_text(distinct["value"])
    for lang in ("th", "en"):
        detail_text = _as_text(
            distinct[f"detail_{lang}"]
            .astype(object)
            .where(distinct[f"detail_{lang}"].notna(), distinct["detail"].astype(object))
        )
        message = np.empty(len(distinct), dtype=object)
        for found_rule, rows in distinct.groupby(distinct["rule"].astype(object), sort=False).indices.items():
            message[rows] = fill_template(
                declared[found_rule][lang], {"value": value_text[rows], "detail": detail_text[rows]}, len(rows)
            )
        out[f"message_{lang}"] = message[combo]
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    order = np.lexsort(
        (
            _sorted_codes(frame["household_id"])[0],
            _indicator_numbers(frame["indicator_id"]),
            rule,
            _sorted_codes(frame["village_code"])[0],
            np.array([rank[s] for s in severity])[rule],
        )
    )  # stable, the last key first: severity, village, rule, indicator, household
    return out.iloc[order][FINDING_COLUMNS].reset_index(drop=True)


def _sorted_codes(values: pd.Series, sort: bool = True) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a column's distinct values (in their order when ``sort``; a missing value
    after every other one) and those values. Text columns are factorised by Arrow, categories
    by their codes: the findings' texts are never compared one by one."""
    codes, uniques = values.factorize()
    uniques = pd.Index(uniques)
    if sort and len(uniques):
        order = uniques.argsort()
        rank = np.empty(len(uniques), dtype=np.int64)
        rank[order] = np.arange(len(uniques))
        uniques = uniques[order]
        codes = np.where(codes < 0, -1, rank[np.maximum(codes, 0)])
    return np.where(codes < 0, len(uniques), codes), uniques


def _indicator_numbers(values: pd.Series) -> np.ndarray:
    """Indicator ids as numbers for ordering ("2" before "10"); no number sorts last."""
    codes, uniques = values.factorize()
    numbers = pd.to_numeric(pd.Series(np.asarray(uniques, dtype=object)), errors="coerce").to_numpy(dtype=float)
    numbers = np.append(numbers, np.nan)[np.where(codes < 0, len(numbers), codes)]
    return np.where(np.isnan(numbers), np.inf, numbers)


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
