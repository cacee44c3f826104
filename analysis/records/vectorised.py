"""Vectorised operations on text columns, done in pyarrow.

Record columns are pandas ``string`` columns stored in Arrow. For them pandas
runs membership tests and lookups by value as Python loops or generic hash
joins; these helpers hand the work to pyarrow's kernels instead, with the same
results (checked against the pandas spelling in ``tests/test_vectorised.py``).
Any other column falls back to plain pandas.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TypeVar

import numpy as np
import pandas as pd

__all__ = ["isin", "lookup", "parse_iso_dates", "side_by_side"]

T = TypeVar("T")
R = TypeVar("R")


def side_by_side(work: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[work(item) for item in items]``, one thread per core.

    For work done in pyarrow's kernels, which release the GIL (trimming or
    parsing the columns of a table); results in the order of ``items``.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(work, items))


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


def lookup(keys: pd.Series, table: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """``keys.map(table)``: the value of ``table`` at each key (missing where the key is absent).

    Parameters
    ----------
    keys : Series
        A text column of keys.
    table : Series or DataFrame
        Values indexed by unique text keys. For a DataFrame, every column is
        looked up (the keys are hashed once) and a DataFrame aligned with
        ``keys`` is returned.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = table if isinstance(table, pd.DataFrame) else {table.name: table}
    data = _arrow(keys)
    if data is None or not table.index.is_unique:
        found = {name: keys.map(column) for name, column in columns.items()}
    else:
        keys_index = _arrow(pd.Series(table.index)) if isinstance(table.index.dtype, pd.StringDtype) else None
        if keys_index is not None:  # an Arrow index: no Python loop over its keys
            keys_index = keys_index.combine_chunks() if isinstance(keys_index, pa.ChunkedArray) else keys_index
            index = pc.cast(keys_index, data.type)
        else:
            index = pa.array([str(k) for k in table.index], data.type)
        position = pc.fill_null(pc.index_in(data, value_set=index), -1).to_numpy(zero_copy_only=False)
        hit = position >= 0
        rows = np.where(hit, position, 0)
        found = {}
        for name, column in columns.items():
            picked = column.iloc[rows] if len(column) else column.reindex([None] * len(keys))
            out = pd.Series(picked.to_numpy(), index=keys.index, dtype=column.dtype, name=column.name)
            found[name] = out.where(hit) if not hit.all() else out
    if isinstance(table, pd.DataFrame):
        return pd.DataFrame(found, index=keys.index)
    return next(iter(found.values()))


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
    shaped_ok = pc.fill_null(pc.match_substring_regex(data, r"^\d{4}-\d{2}(-\d{2})?$"), False)
    month = pc.fill_null(pc.and_(shaped_ok, pc.equal(pc.binary_length(data), 7)), False)
    shaped = pc.if_else(shaped_ok, data, pa.scalar(None, data.type))
    if pc.any(month).as_py():
        first_of_month = pc.binary_join_element_wise(data, pa.scalar("01", data.type), pa.scalar("-", data.type))
        shaped = pc.if_else(month, first_of_month, shaped)
    parsed = pc.strptime(shaped, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls a day past the end of its month over (2011-06-31 -> 2011-07-01): the
    # day must read back as written. Year 0 is not a date either.
    same_day = pc.equal(pc.day(parsed), pc.cast(pc.utf8_slice_codeunits(shaped, 8, 10), pa.int64()))
    ok = pc.fill_null(pc.and_(same_day, pc.greater_equal(pc.year(parsed), 1)), False)
    dates = pc.if_else(ok, parsed, pa.scalar(None, parsed.type)).to_numpy(zero_copy_only=False)
    out = pd.Series(dates.astype("datetime64[s]"), index=text.index, dtype="datetime64[s]")
    flag = pd.Series(ok.to_numpy(zero_copy_only=False) & month.to_numpy(zero_copy_only=False), index=text.index,
                     dtype=bool)
    return out, flag
