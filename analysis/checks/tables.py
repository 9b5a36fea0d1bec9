"""The tables of the Data-check page and the CLI's XLSX: machine frames → labelled columns (pure).

Volunteer names are personal data: ``pseudonymise`` replaces them with "อาสาสมัคร 1, 2, …" for
anyone who may not see households; aggregates never carry them.
"""

from __future__ import annotations

import pandas as pd

from analysis.checks.certify import status_label
from analysis.checks.config import check_rules
from analysis.i18n import translate
from analysis.thaidate import fmt_date_th


def _c(key: str, lang: str, **values: object) -> str:
    return translate(f"checks.col.{key}", lang, **values)


def _days(values: pd.Series, lang: str) -> pd.Series:
    return values.map(lambda d: "" if d is None or pd.isna(d) else fmt_date_th(pd.Timestamp(d).date(), lang))


def pseudonymise(collectors: pd.Series, lang: str = "th") -> pd.Series:
    """Each distinct volunteer → "อาสาสมัคร n" (numbered in sorted order of the real names)."""
    names = sorted(collectors.dropna().unique())
    labels = {name: translate("checks.misc.volunteer_n", lang, n=i) for i, name in enumerate(names, start=1)}
    return collectors.map(labels)


def with_status(villages: pd.DataFrame, statuses: pd.DataFrame) -> pd.DataFrame:
    """Village rows with their certification status ("not_checked" when they have no record)."""
    columns = [c for c in ("village_code", "status", "updated_by", "updated_at") if c in statuses]
    merged = villages.drop(columns=[c for c in columns[1:] if c in villages]).merge(
        statuses[columns], on="village_code", how="left"
    )
    return merged.assign(status=merged["status"].fillna("not_checked"))


def village_table(
    villages: pd.DataFrame, names: dict[str, str], lang: str = "th", statuses: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per village: register, collected, % complete, plan, deadline, progress and (with
    ``statuses``) its certification status."""
    out = pd.DataFrame(
        {
            _c("village", lang): villages["village_code"].map(lambda c: f"{names.get(c, c)} ({c})"),
            _c("households_expected", lang): pd.to_numeric(villages["households_expected"], errors="coerce"),
            _c("with_house_no", lang): pd.to_numeric(villages["with_house_no"], errors="coerce"),
            _c("without_house_no", lang): pd.to_numeric(villages["without_house_no"], errors="coerce"),
            _c("households_collected", lang): villages["households_collected"],
            _c("pct_complete", lang): villages["pct_complete"].round(1),
            _c("expected_pct", lang): villages["expected_pct"].round(1),
            _c("deadline", lang): _days(villages["deadline"], lang),
            _c("days_left", lang): villages["days_left"],
            _c("progress_status", lang): villages["status"].map(
                lambda s: translate(f"checks.progress_status.{s}", lang)
            ),
            _c("last_collected", lang): _days(villages["last_collected"], lang),
        }
    )
    if statuses is not None:
        certified = with_status(villages[["village_code"]], statuses)["status"]
        out[_c("status", lang)] = certified.map(lambda s: status_label(s, lang)).to_numpy()
    return out


def volunteer_table(volunteers: pd.DataFrame, lang: str = "th", show_names: bool = False) -> pd.DataFrame:
    collectors = volunteers["collector"] if show_names else pseudonymise(volunteers["collector"], lang)
    return pd.DataFrame(
        {
            _c("collector", lang): collectors,
            _c("villages", lang): volunteers["villages"],
            _c("households_collected", lang): volunteers["households_collected"],
            _c("households_expected", lang): volunteers["households_expected"],
            _c("pct_complete", lang): volunteers["pct_complete"].round(1),
            _c("first_collected", lang): _days(volunteers["first_collected"], lang),
            _c("last_collected", lang): _days(volunteers["last_collected"], lang),
            _c("active_days", lang): volunteers["active_days"],
            _c("per_day", lang): volunteers["per_day"].round(1),
        }
    )


def area_table(areas: pd.DataFrame, names: dict[str, str], lang: str = "th") -> pd.DataFrame:
    """Tambons or amphoe: villages, done, late, households, % complete (no names of volunteers)."""
    return pd.DataFrame(
        {
            _c("area", lang): areas["area_code"].map(lambda c: names.get(c, c)),
            _c("villages", lang): areas["villages"],
            _c("villages_done", lang): areas["villages_done"],
            _c("villages_late", lang): areas["villages_late"],
            _c("households_expected", lang): areas["households_expected"],
            _c("households_collected", lang): areas["households_collected"],
            _c("pct_complete", lang): areas["pct_complete"].round(1),
        }
    )


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def rule_name(rule: str, lang: str = "th") -> str:
    """A check's name for people (the start of its message), never its id."""
    spec = check_rules().get(rule)
    return spec[lang].split(":")[0].format(value="…", detail="…").strip() if spec else rule


def findings_table(findings: pd.DataFrame, names: dict[str, str], lang: str = "th") -> pd.DataFrame:
    """The findings, errors first, then warnings and notes, each by village."""
    order = findings["severity"].map(SEVERITY_ORDER).fillna(3)
    findings = findings.assign(_order=order).sort_values(["_order", "village_code"], kind="stable")
    return pd.DataFrame(
        {
            _c("severity", lang): findings["severity"].map(
                {s: translate(f"checks.severity.{s}", lang) for s in findings["severity"].unique()}
            ),
            _c("village", lang): findings["village_code"].map(names).fillna(findings["village_code"]),
            _c("indicator", lang): findings["indicator_id"].fillna(""),
            _c("household", lang): findings["household_id"].fillna(""),
            _c("message", lang): findings[f"message_{lang}"],
            _c("rule", lang): findings["rule"].map(lambda r: rule_name(r, lang)),
        }
    ).reset_index(drop=True)


def summary_table(summary: pd.DataFrame, statuses: pd.DataFrame, names: dict[str, str], lang: str = "th"):
    """Per village: errors, warnings, notes, its certification status and who changed it last —
    the villages with errors first (then warnings, then notes), so a handful of problems never
    hides among a district's clean villages."""
    merged = with_status(summary, statuses)
    merged = merged.sort_values(["errors", "warnings", "infos"], ascending=False, kind="stable").reset_index(drop=True)
    by = merged["updated_by"] if "updated_by" in merged else pd.Series("", index=merged.index)
    return pd.DataFrame(
        {
            _c("village", lang): merged["village_code"].map(lambda c: f"{names.get(c, c)} ({c})"),
            _c("errors", lang): merged["errors"],
            _c("warnings", lang): merged["warnings"],
            _c("infos", lang): merged["infos"],
            _c("status", lang): merged["status"].map(lambda s: status_label(s, lang)),
            _c("updated_by", lang): by.fillna(""),
        }
    )
