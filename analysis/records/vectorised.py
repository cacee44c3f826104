"""Vectorised operations on text columns, done in pyarrow.

Record columns are pandas ``string`` columns stored in Arrow. For them pandas
runs membership tests and lookups by value as Python loops or generic hash
joins; these helpers hand the work to pyarrow's kernels instead, with the same
results (checked against the pandas spelling in ``tests/test_vectorised.py``).
Any other column falls back to plain pandas.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["isin", "lookup", "parse_iso_dates"]


def _arrow(values: pd.Series):
    """The Arrow array behind a pyarrow-backed string Series, or None."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        return values.array.__arrow_array__()
    return None


def _strings(values: Iterable[object]) -> list[str]:
    values = values.tolist() if hasattr(values, "tolist") else values
    return [v for v in values if isinstance(v, str)]


def isin(values: pd.Series, allowed: Iterable[object]) -> pd.Series:
    """``values.isin(allowed)``; missing values are False.

    Parameters
    ----------
    values : Series
        A text column.
    allowed : iterable
        The accepted values (non-text entries are ignored).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    data = _arrow(values)
    if data is None:
        return values.isin(_strings(allowed))
    found = pc.fill_null(pc.is_in(data, value_set=pa.array(_strings(allowed), data.type)), False)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


def lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    """``keys.map(table)``: the value of ``table`` at each key (missing where the key is absent).

    Parameters
    ----------
    keys : Series
        A text column of keys.
    table : Series
        Values indexed by unique text keys.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    data = _arrow(keys)
    if data is None or not table.index.is_unique:
        return keys.map(table)
    keys_index = _arrow(pd.Series(table.index)) if isinstance(table.index.dtype, pd.StringDtype) else None
    if keys_index is not None:  # an Arrow index: no Python loop over its keys
        keys_index = keys_index.combine_chunks() if isinstance(keys_index, pa.ChunkedArray) else keys_index
        index = pc.cast(keys_index, data.type)
    else:
        index = pa.array([str(k) for k in table.index], data.type)
    position = pc.fill_null(pc.index_in(data, value_set=index), -1).to_numpy(zero_copy_only=False)
    found = position >= 0
    picked = table.iloc[np.where(found, position, 0)] if len(table) else table.reindex([None] * len(keys))
    out = pd.Series(picked.to_numpy(), index=keys.index, dtype=table.dtype, name=table.name)
    return out.where(found) if not found.all() else out


def parse_iso_dates(text: pd.Series) -> tuple[pd.Series, pd.Series] | None:
    """ISO dates of a pyarrow-backed text column: (datetime64[s] dates, month-only flags).

    ``YYYY-MM-DD`` is a day; ``YYYY-MM`` is the first of its month, flagged.
    Anything else, and dates that do not exist (2011-06-31), are NaT. Returns
    None for other columns (the caller parses them with pandas).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    data = _arrow(text)
    if data is None:
        return None
    day = pc.fill_null(pc.match_substring_regex(data, r"^\d{4}-\d{2}-\d{2}$"), False)
    month = pc.fill_null(pc.match_substring_regex(data, r"^\d{4}-\d{2}$"), False)
    shaped = pc.or_(day, month)
    # Year, month and day as numbers (the pattern guarantees digits where they are read).
    safe = pc.if_else(shaped, data, pa.scalar("1970-01-01", data.type))

    def number(start: int, stop: int) -> np.ndarray:
        part = pc.utf8_slice_codeunits(safe, start, stop)
        return pc.cast(part, pa.int64()).to_numpy(zero_copy_only=False)

    is_day = day.to_numpy(zero_copy_only=False)
    is_month = month.to_numpy(zero_copy_only=False)
    years, months = number(0, 4), number(5, 7)
    days = np.where(is_day, pc.cast(pc.if_else(day, pc.utf8_slice_codeunits(safe, 8, 10),
                                              pa.scalar("01", data.type)), pa.int64()).to_numpy(zero_copy_only=False), 1)
    ok = (is_day | is_month) & (months >= 1) & (months <= 12) & (years >= 1)
    first_of_month = (np.where(ok, years, 1970) - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (
        np.where(ok, months, 1) - 1).astype("timedelta64[M]")
    month_days = ((first_of_month + np.timedelta64(1, "M")).astype("datetime64[D]")
                  - first_of_month.astype("datetime64[D]")).astype(int)
    ok &= (days >= 1) & (days <= month_days)
    values = first_of_month.astype("datetime64[D]") + (days - 1).astype("timedelta64[D]")
    dates = np.where(ok, values.astype("datetime64[s]"), np.datetime64("NaT", "s"))
    out = pd.Series(dates, index=text.index, dtype="datetime64[s]")
    flag = pd.Series(ok & is_month, index=text.index, dtype=bool)
    return out, flag
