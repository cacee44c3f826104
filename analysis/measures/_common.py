"""Helpers shared by the measures: dates, months, group sums and rates.

One month unit everywhere: windows ("term end + 24 months") and survival
durations both count calendar months, so the Kaplan-Meier curve read at 24
months and the in-field rate at 24 months refer to the same date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

DateLike = str | dt.date | pd.Timestamp


def ts(date: DateLike) -> pd.Timestamp:
    """The reference date (or any date) as a ``Timestamp``."""
    return pd.Timestamp(date)


def keys(by: str | Sequence[str] | None) -> list[str]:
    """Grouping columns as a list (``None`` -> no grouping)."""
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """``numerator / denominator`` as ``Float64``; missing where the denominator is 0."""
    return (numerator / denominator.where(denominator > 0)).astype("Float64")


def group_sum(frame: pd.DataFrame, by: list[str], columns: list[str]) -> pd.DataFrame:
    """Column sums per group (one row of totals when ``by`` is empty)."""
    if not by:
        return frame[columns].sum().to_frame().T.astype("int64")
    return frame.groupby(by, observed=True, sort=True)[columns].sum().reset_index()


def add_months(dates: pd.Series, months: int | np.ndarray | pd.Series) -> pd.Series:
    """``dates`` plus whole calendar months, day clipped to the month's end (Jan 31 + 1 = Feb 28/29).

    Same result as ``dates + pd.DateOffset(months=m)``, vectorised, with ``months``
    a scalar or one number per date. Missing dates stay missing.
    """
    values = dates.to_numpy(dtype="datetime64[D]")
    month = values.astype("datetime64[M]")
    day = (values - month.astype("datetime64[D]")).astype(np.int64)
    steps = np.asarray(months, dtype=np.int64)
    target = month + steps.astype("timedelta64[M]")
    last_day = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    out = target.astype("datetime64[D]") + np.minimum(day, last_day - 1).astype("timedelta64[D]")
    result = pd.Series(out.astype("datetime64[s]"), index=dates.index, name=dates.name)
    return result.where(dates.notna())


def months_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Calendar months from ``start`` to ``end`` (float), consistent with :func:`add_months`.

    Whole months ``m`` are the largest with ``start + m months <= end``; the rest
    is the fraction of the following month elapsed (days / days in that month).
    ``months_between(d, add_months(d, 24)) == 24`` for every date ``d``.
    Negative spans are returned as negative numbers of the same rule.
    """
    s = start.to_numpy(dtype="datetime64[D]")
    e = end.to_numpy(dtype="datetime64[D]")
    whole = (e.astype("datetime64[M]") - s.astype("datetime64[M]")).astype(np.int64)
    start_series = pd.Series(s.astype("datetime64[s]"), index=start.index)
    anchor = add_months(start_series, whole).to_numpy(dtype="datetime64[D]")
    over = anchor > e
    whole = whole - over.astype(np.int64)
    anchor = add_months(start_series, whole).to_numpy(dtype="datetime64[D]")
    following = add_months(start_series, whole + 1).to_numpy(dtype="datetime64[D]")
    fraction = (e - anchor).astype(np.int64) / (following - anchor).astype(np.int64)
    out = pd.Series(whole + fraction, index=start.index, dtype="float64")
    return out.where(start.notna().to_numpy() & end.notna().to_numpy())
