"""Map classes with mapclassify: quantiles, equal intervals or fixed breaks, coloured from light
(few failing) to dark (many failing)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

from analysis.formatting import fmt_number

SCHEMES = ("quantiles", "equal_interval", "fixed")
NO_DATA_COLOUR = "#d9d9d9"
# ColorBrewer "Reds" for 2–7 classes (more failing = darker)
REDS = {
    2: ["#fcbba1", "#cb181d"],
    3: ["#fee0d2", "#fc9272", "#de2d26"],
    4: ["#fee5d9", "#fcae91", "#fb6a4a", "#cb181d"],
    5: ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"],
    6: ["#fee5d9", "#fcbba1", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15"],
    7: ["#fee5d9", "#fcbba1", "#fc9272", "#fb6a4a", "#ef3b2c", "#cb181d", "#99000d"],
}
#: กชช.2ค levels: 1 severe, 2 moderate, 3 little or no problem
LEVEL_COLOURS = {1: "#d62828", 2: "#f4a261", 3: "#2a9d8f"}


@dataclass
class Classes:
    bins: list[float]  # upper bound of each class
    colours: list[str]
    labels: list[str]
    index: pd.Series  # class of each value (-1 = no data)
    counts: list[int]

    def colour_of(self, position: int) -> str:
        return NO_DATA_COLOUR if position < 0 else self.colours[position]


def classify(
    values: pd.Series,
    scheme: str = "quantiles",
    k: int = 5,
    breaks: list[float] | None = None,
    suffix: str = "%",
    digits: int = 1,
) -> Classes:
    """Classes for ``values`` (NaN = no data). ``breaks`` are the upper bounds for "fixed"."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; expected one of {SCHEMES}")
    present = values.dropna().astype(float)
    index = pd.Series(-1, index=values.index, dtype="int64")
    if present.empty:
        return Classes([], [], [], index, [])
    if scheme == "fixed":
        bins = sorted(float(b) for b in (breaks or []))
        if not bins or bins[-1] < present.max():
            bins.append(float(present.max()))
        classifier = mapclassify.UserDefined(present.to_numpy(), bins)
    else:
        k = max(1, min(k, present.nunique(), 7))
        if k == 1:
            classifier = mapclassify.UserDefined(present.to_numpy(), [float(present.max())])
        elif scheme == "quantiles":
            with warnings.catch_warnings():  # ties: mapclassify lowers k itself and says so
                warnings.simplefilter("ignore", UserWarning)
                classifier = mapclassify.Quantiles(present.to_numpy(), k=k)
        else:
            classifier = mapclassify.EqualInterval(present.to_numpy(), k=k)
    bins = [float(b) for b in classifier.bins]
    index.loc[present.index] = np.asarray(classifier.yb, dtype="int64")
    n = len(bins)
    colours = REDS[max(2, n)][-n:] if n <= 7 else REDS[7]
    lows = [float(present.min()), *bins[:-1]]
    labels = [
        f"{fmt_number(low, digits)}–{fmt_number(high, digits)}{suffix}" for low, high in zip(lows, bins, strict=True)
    ]
    counts = [int((index == i).sum()) for i in range(n)]
    return Classes(bins, colours, labels, index, counts)


def level_classes(values: pd.Series, names: dict[int, str]) -> Classes:
    """Fixed classes for กชช.2ค levels 1, 2, 3 (village maps)."""
    index = values.map(lambda v: int(v) - 1 if pd.notna(v) else -1).astype("int64")
    levels = [1, 2, 3]
    return Classes(
        [1.0, 2.0, 3.0],
        [LEVEL_COLOURS[v] for v in levels],
        [names[v] for v in levels],
        index,
        [int((index == v - 1).sum()) for v in levels],
    )
