"""The disclosure policy: who counts as too few, how cells are marked, and HESA rounding.

Two policies
------------
``kind="suppress"`` (default, threshold ``k`` people, default 3)
    A count of 1..k-1 people is suppressed (primary suppression); further
    cells are suppressed wherever totals would let a reader work it out
    (secondary suppression, :mod:`analysis.disclosure.engine`). A true zero is
    shown (ONS practice): "nobody" describes no person, and because zeros are
    always shown a reader learns nothing from a zero that the suppression of
    small counts would have hidden. Every suppressed cell is marked with the
    one neutral marker ``"c"`` ("confidential", the ONS/GSS convention): two
    markers would tell the reader which cells are the small ones.

``kind="hesa"`` (HESA Services standard rounding methodology)
    Every count of people is rounded to the nearest multiple of 5 (below 2.5
    to 0, halves up); totals are rounded on their own after being calculated.
    Percentages are computed from the rounded counts and shown as whole
    percentages; they are suppressed (``".."``) when the unrounded denominator
    is fewer than 22.5 people; averages based on 7 or fewer people are
    suppressed. The cells the suppression policy at the same ``k`` hides
    are hidden too, so that reports of the same records under the two
    policies cannot be read against each other. Source: HESA, "Rounding
    strategy" (https://www.hesa.ac.uk/support/data-intelligence), summarised
    in ``/work/shared/reference/disclosure_control.md``.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = [
    "DEFAULT_POLICY",
    "HESA_BASE",
    "HESA_MARKER",
    "HESA_MAX_SUPPRESSED_MEAN_N",
    "HESA_MIN_PERCENT_DENOMINATOR",
    "SUPPRESS_MARKER",
    "DisclosurePolicy",
    "DisclosureWarning",
    "hesa_round",
]

#: HESA rounds every count to a multiple of this base (people).
HESA_BASE = 5
#: HESA suppresses a percentage whose denominator is *fewer than* this many people.
HESA_MIN_PERCENT_DENOMINATOR = 22.5
#: HESA suppresses an average based on this many people *or fewer*.
HESA_MAX_SUPPRESSED_MEAN_N = 7
#: Marker for every suppressed cell under ``kind="suppress"`` ("confidential").
SUPPRESS_MARKER = "c"
#: Marker for every suppressed cell under ``kind="hesa"`` (HESA's published convention).
HESA_MARKER = ".."


class DisclosureWarning(UserWarning):
    """Protection could not be completed inside a table: read the message."""


@dataclass(frozen=True)
class DisclosurePolicy:
    """How published statistics about people are protected.

    Parameters
    ----------
    kind : {"suppress", "hesa"}
        ``"suppress"``: primary and secondary suppression of counts of 1..k-1
        people. ``"hesa"``: HESA standard rounding to multiples of 5, with
        suppression of percentages on fewer than 22.5 people and averages on
        7 or fewer.
    k : int
        Threshold in people for ``kind="suppress"``: counts of 1..k-1 are
        suppressed, zeros and counts of k or more are shown. ``k=1``
        suppresses nothing. Not used by ``kind="hesa"``.
    """

    kind: Literal["suppress", "hesa"] = "suppress"
    k: int = 3

    def __post_init__(self) -> None:
        if self.kind not in ("suppress", "hesa"):
            raise ValueError(f"kind must be 'suppress' or 'hesa', not {self.kind!r}")
        if isinstance(self.k, bool) or not isinstance(self.k, int | np.integer) or self.k < 1:
            raise ValueError(f"k must be a whole number of people, at least 1, not {self.k!r}")
        object.__setattr__(self, "k", int(self.k))

    @property
    def marker(self) -> str:
        """Text shown in place of a suppressed cell: ``"c"`` or HESA's ``".."``."""
        return HESA_MARKER if self.kind == "hesa" else SUPPRESS_MARKER

    @property
    def threshold(self) -> int:
        """Smallest count of people that may be shown exactly, k, under either policy.

        Under HESA rounding the report hides what the suppression policy at the
        same k hides and rounds the rest, so that the two reports of the same
        records, read together, give away nothing either of them hides.
        """
        return self.k

    @property
    def min_at_risk(self) -> int:
        """A survival curve stops where fewer than this many people remain at risk (2k, at least 5)."""
        return max(2 * self.threshold, 5)


#: The default policy: suppress counts of 1 or 2 people.
DEFAULT_POLICY = DisclosurePolicy()


def hesa_round(x: Any) -> Any:
    """Round counts of people to HESA's standard: the nearest multiple of 5.

    Any number below 2.5 becomes 0 and halves are always rounded up
    (2.5 -> 5, 7.5 -> 10, 12.5 -> 15). Apply it to totals *after* calculating
    them from unrounded values, so rounded parts need not add up to the
    rounded total. The rounding is exact for fractional inputs (FTE): it
    compares the remainder after division by 5 with 2.5 instead of adding 0.5.

    Parameters
    ----------
    x : number, Series or array-like
        Non-negative counts (people); missing values stay missing.

    Returns
    -------
    int, Series or ndarray
        An ``int`` (or ``pd.NA``) for a scalar, an ``Int64`` Series with the
        same index and name for a Series, a float array (NaN where missing)
        for anything else.

    Raises
    ------
    ValueError
        A value is negative or infinite.

    Examples
    --------
    >>> [hesa_round(v) for v in (2, 2.5, 7.5, 12)]
    [0, 5, 10, 10]
    """
    if isinstance(x, pd.Series):
        arr = pd.to_numeric(x).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        rounded = _hesa_round_array(arr, name=x.name)
        return pd.Series(rounded, index=x.index, name=x.name).astype("Float64").astype("Int64")
    if np.ndim(x) == 0:
        if x is None or x is pd.NA or (isinstance(x, float | np.floating) and np.isnan(x)):
            return pd.NA
        return int(_hesa_round_array(np.array([float(x)]), name=None)[0])
    return _hesa_round_array(np.asarray(x, dtype=float), name=None)


def _hesa_round_array(arr: np.ndarray, *, name: Hashable | None) -> np.ndarray:
    finite = ~np.isnan(arr)
    if np.isinf(arr).any() or (arr[finite] < 0).any():
        where = f" in column {name!r}" if name is not None else ""
        raise ValueError(f"HESA rounding needs non-negative finite counts{where}")
    quotient, remainder = np.divmod(arr, HESA_BASE)
    return (quotient + (remainder >= HESA_BASE / 2)) * HESA_BASE
