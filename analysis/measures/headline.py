"""The headline measures: the numbers an evaluator quotes, each with its denominator and knowledge rate.

Language-neutral and unprotected: ``measure`` is a code; the report layer
adds the translated label, definition and comparator text, and the
publication layer (:mod:`analysis.disclosure`) protects the counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.config import DEFAULT_WINDOWS_MONTHS, PUBLISHED_2013_DATE
from analysis.measures._common import DateLike, ts
from analysis.measures.outcomes import (
    currently_in_field,
    ever_in_field,
    knowledge_and_in_field_rates,
)
from analysis.records.validation import Records

__all__ = ["HEADLINE_COLUMNS", "headline_table"]

#: Columns of :func:`headline_table`.
HEADLINE_COLUMNS = [
    "measure", "window_months", "reference_date", "numerator", "denominator", "rate",
    "knowledge_numerator", "knowledge_denominator", "knowledge_rate", "comparable_to",
]


def _row(measure: str, ref: str, num: int, den: int, k_num: int, k_den: int,
         comparable_to: str = "", window: int | None = None) -> dict:
    return {
        "measure": measure, "window_months": window, "reference_date": ref,
        "numerator": int(num), "denominator": int(den), "rate": num / den if den else np.nan,
        "knowledge_numerator": int(k_num), "knowledge_denominator": int(k_den),
        "knowledge_rate": k_num / k_den if k_den else np.nan, "comparable_to": comparable_to,
    }


def headline_table(
    records: Records, *, reference_date: DateLike, windows: Sequence[int] = DEFAULT_WINDOWS_MONTHS
) -> pd.DataFrame:
    """One row per headline measure (codes in ``measure``), unprotected.

    Rows: ``in_field_<T>`` for each window (in the field at term end + T /
    alumni with known status then; knowledge: known / alumni whose window has
    closed), ``ever_in_field`` (alumni with an in-field post after the term /
    alumni; knowledge: confirmed in the last 12 months / alumni),
    ``ever_in_field_2013`` (the same as of 2013-05-31, the published figure's
    date), ``currently_in_field`` (in the field on the latest confirmation /
    alumni confirmed in the last 12 months; knowledge: confirmed / alumni),
    ``knowledge_rate_<first window>`` and ``alumni`` (alumni / advisors
    appointed). ``comparable_to`` names the comparator key of
    ``comparators.csv`` (empty when none). Rates are shares (0-1).
    """
    ref = ts(reference_date)
    ref_text = ref.date().isoformat()
    rows = []
    windowed = knowledge_and_in_field_rates(records, reference_date=ref, windows=windows)
    for r in windowed.itertuples():
        rows.append(_row(f"in_field_{r.window_months}", ref_text, r.in_field, r.known, r.known, r.eligible,
                         f"in_field_{r.window_months}", window=r.window_months))
    ever = ever_in_field(records, reference_date=ref).iloc[0]
    rows.append(_row("ever_in_field", ref_text, ever["ever_in_field"], ever["alumni"],
                     ever["confirmed_last_12_months"], ever["alumni"]))
    then = ever_in_field(records, reference_date=PUBLISHED_2013_DATE).iloc[0]
    rows.append(_row("ever_in_field_2013", PUBLISHED_2013_DATE, then["ever_in_field"], then["alumni"],
                     then["confirmed_last_12_months"], then["alumni"], "ever_in_field_2013"))
    now = currently_in_field(records, reference_date=ref).iloc[0]
    rows.append(_row("currently_in_field", ref_text, now["in_field"], now["confirmed"], now["confirmed"],
                     now["alumni"], "currently_in_field"))
    first = windowed.iloc[0]
    rows.append(_row(f"knowledge_rate_{int(first['window_months'])}", ref_text, first["known"], first["eligible"],
                     first["known"], first["eligible"], "knowledge_rate", window=int(first["window_months"])))
    appointed = int((records.advisors["term_start"] <= ref).sum())
    rows.append(_row("alumni", ref_text, ever["alumni"], appointed, ever["alumni"], appointed))
    table = pd.DataFrame(rows, columns=HEADLINE_COLUMNS)
    table["window_months"] = table["window_months"].astype("Int64")
    return table
