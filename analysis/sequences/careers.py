"""Monthly career state sequences built from the records (one row per advisor).

Month ``m`` after the anchor is the calendar month ``m`` months after the
anchor's month; its state is the person's status on the **15th** of that month
under the same rule as :func:`analysis.measures.status.status_on` (serving ->
``advisor``; after ``history_confirmed_on`` -> unknown, stored as missing;
otherwise the sector of the covering placement with the highest
:func:`analysis.measures.status.placement_priority`, else ``no_post``). Months whose
15th falls after the reference date are missing, so sequences of recent
cohorts are shorter (trailing NaN).

The statistics in :mod:`analysis.sequences.statistics` take the returned wide table.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from analysis.measures.status import ADVISOR, NO_POST, classify_placements
from analysis.records.validation import Records

MID_MONTH = 15


def _month_index(dates: pd.Series) -> np.ndarray:
    return (dates.dt.year * 12 + dates.dt.month - 1).to_numpy(dtype="float64")


def _first_month_covering(start: pd.Series) -> np.ndarray:
    """Month index of the first month whose 15th is on or after ``start``."""
    return _month_index(start) + (start.dt.day > MID_MONTH).to_numpy(dtype=float)


def _last_month_covered(end: pd.Series) -> np.ndarray:
    """Month index of the last month whose 15th is on or before ``end``."""
    return _month_index(end) - (end.dt.day < MID_MONTH).to_numpy(dtype=float)


def build_sequences(
    records: Records,
    *,
    reference_date: str | dt.date | pd.Timestamp,
    anchor: str = "term_start",
    horizon_months: int | None = None,
    coarsen: bool = False,
) -> pd.DataFrame:
    """Wide monthly state table: rows = ``advisor_id``, columns = months 0, 1, ... after the anchor.

    ``anchor``: ``"term_start"`` (default) or ``"term_end"`` (alumni only). The
    table runs to the reference date, or for ``horizon_months`` columns.
    States: sector codes, ``advisor``, ``no_post``; missing = unknown or not yet
    observed. Columns are categorical (every possible state is a category, in
    the order no_post, advisor, sectors). ``coarsen=True`` maps sectors to ``sectors.csv``'s ``coarse_group``
    (UN peace operation / other UN / other international / Japanese government / other).
    """
    if anchor not in ("term_start", "term_end"):
        raise ValueError("anchor must be 'term_start' or 'term_end'")
    ref = pd.Timestamp(reference_date)
    a = records.advisors
    a = a[a[anchor].notna() & (a[anchor] <= ref)].sort_values("advisor_id").reset_index(drop=True)
    n = len(a)
    anchor_month = _month_index(a[anchor])
    ref_month = _month_index(pd.Series([ref]))[0] - (ref.day < MID_MONTH)
    width = int(horizon_months) if horizon_months is not None else int(max(ref_month - anchor_month.min() + 1, 1)) if n else 0
    months = np.arange(width, dtype=float)

    # Codes: 0 = missing, 1 = no_post, 2 = advisor, 3.. = sectors (by priority of placements).
    known_until = np.minimum(_last_month_covered(a["history_confirmed_on"]), ref_month) - anchor_month
    serving_from = _first_month_covering(a["term_start"]) - anchor_month
    term_end = a["term_end"].fillna(ref)
    serving_to = _last_month_covered(term_end) - anchor_month
    grid = np.broadcast_to(months, (n, width))
    state = np.where(grid <= known_until[:, None], 1, 0).astype(np.int32)
    serving = (grid >= serving_from[:, None]) & (grid <= serving_to[:, None]) & (grid <= (ref_month - anchor_month)[:, None])

    p = classify_placements(records)
    p = p[p["advisor_id"].isin(a["advisor_id"])]
    sectors = list(records.reference.sectors.index)
    if len(p):
        row = pd.Index(a["advisor_id"]).get_indexer(p["advisor_id"])
        lo = np.maximum(_first_month_covering(p["start"]) - anchor_month[row], 0)
        hi = np.minimum(_last_month_covered(p["end_effective"]) - anchor_month[row], width - 1)
        length = np.maximum(hi - lo + 1, 0).astype(np.int64)
        rows = np.repeat(row, length)
        offsets = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
        cols = (np.repeat(lo, length) + offsets).astype(np.int64)
        priority = np.repeat(p["priority"].to_numpy() + 1, length)
        best = np.zeros((n, width), dtype=np.int64)
        np.maximum.at(best, (rows, cols), priority)
        # priority (+1) -> sector code of that placement; 0 stays "no placement"
        sector_of_priority = np.zeros(int(p["priority"].max()) + 2, dtype=np.int64)
        sector_of_priority[p["priority"].to_numpy() + 1] = p["sector"].map({s: i + 3 for i, s in enumerate(sectors)}).to_numpy(dtype=np.int64)
        painted = sector_of_priority[best]
        state = np.where((painted > 0) & (state == 1), painted, state)
    state = np.where(serving, 2, state)
    if coarsen:
        groups = records.reference.sectors["coarse_group"]
        coarse = list(dict.fromkeys(groups.loc[sectors]))
        labels_out = [NO_POST, ADVISOR, *coarse]
        lookup = np.array([-1, 0, 1, *[2 + coarse.index(groups[s]) for s in sectors]], dtype=np.int16)
    else:
        labels_out = [NO_POST, ADVISOR, *sectors]
        lookup = np.arange(-1, len(labels_out), dtype=np.int16)
    codes = lookup[state]  # -1 = missing
    # Categorical columns: 1 byte a cell instead of an object pointer, and the
    # statistics in analysis.sequences.statistics read the codes without re-hashing strings.
    dtype = pd.CategoricalDtype(labels_out)
    columns = {m: pd.Categorical.from_codes(codes[:, m], dtype=dtype) for m in range(width)}
    return pd.DataFrame(columns, index=pd.Index(a["advisor_id"], name="advisor_id"),
                        columns=pd.RangeIndex(width, name="month"))
