"""Protecting tables of counts, rates and averages about people, and the ``Protected`` wrapper.

Every published table passes through one of the ``protect_*`` functions and
comes out as a :class:`Protected`: the values with each suppressed cell
missing, the boolean mask of what was suppressed, the policy, and which
columns count people. Charts, the HTML report and the CSV export accept only
a :class:`Protected` (the type is the carrier of "this table is safe to
show"; a plain DataFrame is refused), so nothing about people reaches a
reader unprotected. Because the suppressed values themselves are gone, a
stale mask can only change how a cell is labelled, never reveal it.

The rules (primary and secondary suppression, the exact check) are those of
:mod:`analysis.disclosure.engine`; the policies are in
:mod:`analysis.disclosure.policy`. A table protected on its own assumes its
group totals are known to a reader (``totals_known=True``): tables that are
published together are protected together by :mod:`analysis.disclosure.ledger`.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from analysis.disclosure.engine import CANDIDATE, KNOWN, VIRTUAL, Line, protect_cells, small
from analysis.disclosure.policy import (
    DEFAULT_POLICY,
    HESA_MAX_SUPPRESSED_MEAN_N,
    HESA_MIN_PERCENT_DENOMINATOR,
    DisclosurePolicy,
    DisclosureWarning,
    hesa_round,
)
from analysis.errors import DisclosureError

__all__ = [
    "Protected",
    "declare_no_person_counts",
    "protect_counts",
    "mask_thin_lines",
    "protect_crosstab",
    "protect_means",
    "protect_rates",
]

_MARGIN_NAMES = ("All", "Total")


# --------------------------------------------------------------------------- the wrapper


@dataclass(frozen=True, eq=False)
class Protected:
    """A table that has been through disclosure control, ready to be shown.

    Attributes
    ----------
    data : DataFrame
        The values; every suppressed cell is missing (``pd.NA``). Counts are
        ``Int64``, rates and averages ``Float64``.
    suppressed : DataFrame of bool
        Same index and columns as ``data``: True where a cell was suppressed.
    policy : DisclosurePolicy
        The policy the table was protected under.
    counts : tuple
        Columns holding counts of people (what the audit checks).
    name : str
        The exhibit name when the table is published by the report (``""`` otherwise).
    meta : dict
        Text about the table for the reader (title, n, notes), all derived from
        protected values by the publication layer.
    """

    data: pd.DataFrame
    suppressed: pd.DataFrame
    policy: DisclosurePolicy
    counts: tuple[Hashable, ...] = ()
    name: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not (self.suppressed.index.equals(self.data.index) and self.suppressed.columns.equals(self.data.columns)):
            raise DisclosureError("the suppression mask does not match the table")

    # -- reading ---------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.data)

    @property
    def columns(self) -> pd.Index:
        return self.data.columns

    @property
    def index(self) -> pd.Index:
        return self.data.index

    @property
    def marker(self) -> str:
        """Text shown for a suppressed cell (``"c"``, or ``".."`` under HESA rounding)."""
        return self.policy.marker

    def hidden(self, column: Hashable) -> np.ndarray:
        """True where ``column`` was suppressed, as a boolean array in row order."""
        _check_columns(self.data, [column])
        return self.suppressed[column].to_numpy(dtype=bool)

    def values(self, column: Hashable) -> np.ndarray:
        """``column`` as floats, NaN where suppressed or missing."""
        _check_columns(self.data, [column])
        series = self.data[column]
        if not pd.api.types.is_numeric_dtype(series.dtype):
            raise TypeError(f"column {column!r} is not numeric")
        out = series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        out[self.hidden(column)] = np.nan
        return out

    def labels(self, column: Hashable) -> list[Any]:
        """A non-numeric column (categories, labels) as a list."""
        return self.data[column].tolist()

    @property
    def any_shown(self) -> bool:
        """True when at least one count of people is shown and not zero (something to draw)."""
        return any((np.nan_to_num(self.values(c)) > 0).any() for c in self.counts if c in self.data)

    # -- deriving ----------------------------------------------------------------
    def take(self, rows: Sequence[int] | np.ndarray) -> Protected:
        """The rows at positions ``rows`` (in that order), mask kept aligned."""
        rows = np.asarray(rows, dtype=int)
        meta = dict(self.meta)
        # per-row metadata (whom each count counts, each statistic's precision) travels with its row
        if "cell_ids" in meta:
            meta["cell_ids"] = {c: [ids[i] for i in rows] for c, ids in meta["cell_ids"].items()}
        if isinstance(meta.get("at_most"), dict):
            meta["at_most"] = {c: [v[i] for i in rows] for c, v in meta["at_most"].items()}
        if isinstance(meta.get("precision"), dict):
            meta["precision"] = {c: [v[i] for i in rows] if isinstance(v, list) else v
                                 for c, v in meta["precision"].items()}
        return replace(self, data=self.data.iloc[rows].reset_index(drop=True),
                       suppressed=self.suppressed.iloc[rows].reset_index(drop=True), meta=meta)

    def select(self, mask: Sequence[bool] | np.ndarray) -> Protected:
        """The rows where ``mask`` is True."""
        return self.take(np.flatnonzero(np.asarray(mask, dtype=bool)))

    def with_labels(self, **columns: Sequence[Any]) -> Protected:
        """Add or replace non-numeric columns (display labels, codes); never numbers.

        A column of counts of people, or one with suppressed cells, cannot be
        replaced: text put in its place would be shown without its mask.
        """
        data = self.data.copy()
        mask = self.suppressed.copy()
        for name, values in columns.items():
            if name in self.counts or (name in mask.columns and mask[name].any()):
                raise DisclosureError(f"column {name!r} went through protect_*; labels may not replace it")
            series = pd.Series(list(values), index=data.index, dtype=object)
            if any(isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)
                   for v in series if v is not None and not pd.isna(v)):
                raise DisclosureError(f"column {name!r}: numbers may be added only by protect_*")
            data[name] = series.astype("string")
            mask[name] = False
        return replace(self, data=data, suppressed=mask)

    def with_meta(self, **meta: Any) -> Protected:
        """A copy with reader-facing text added to :attr:`meta` (title, n, notes, ...)."""
        return replace(self, meta={**self.meta, **meta})

    def without(self, *columns: Hashable) -> Protected:
        """The same table without ``columns``: used to protect the rest, but not published.

        A column that would let a reader combine tables (a rate's denominator
        published next to a mean over the same people, say) can be left out
        after protection; the remaining cells keep their suppression.
        """
        keep = [c for c in self.data.columns if c not in columns]
        return replace(self, data=self.data[keep], suppressed=self.suppressed[keep],
                       counts=tuple(c for c in self.counts if c not in columns))

    def pivot(self, index: Hashable, columns: Hashable, values: Hashable) -> Protected:
        """A long table of counts as a wide one (``index`` rows, ``columns`` columns), masks carried along.

        Pairs the long table does not list are empty (not zero): the wide
        table says nothing the long one does not.
        """
        data = self.data.pivot(index=index, columns=columns, values=values)
        hidden = pd.DataFrame(self.suppressed[values].to_numpy(), index=self.data.index).assign(
            _r=self.data[index].to_numpy(), _c=self.data[columns].to_numpy()).pivot(index="_r", columns="_c", values=0)
        order_r = list(dict.fromkeys(self.data[index]))
        order_c = list(dict.fromkeys(self.data[columns]))
        data = data.reindex(index=order_r, columns=order_c)
        hidden = hidden.reindex(index=order_r, columns=order_c).fillna(False).astype(bool)
        hidden.index, hidden.columns = data.index, data.columns
        data = data.astype("Float64").round().astype("Int64") if values in self.counts else data
        return replace(self, data=data, suppressed=hidden, counts=tuple(data.columns))

    def emptied(self) -> Protected:
        """The same table with no rows: nothing in it may be shown."""
        return replace(self, data=self.data.iloc[:0], suppressed=self.suppressed.iloc[:0])

    def named(self, name: str) -> Protected:
        """A copy carrying the exhibit name (used for its file names)."""
        return replace(self, name=name)


# --------------------------------------------------------------------------- checks and conversions


def _as_list(cols: str | Iterable[Hashable] | None) -> list[Hashable]:
    if cols is None:
        return []
    if isinstance(cols, str):
        return [cols]
    return list(cols)


def _check_columns(df: pd.DataFrame, cols: Iterable[Hashable]) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise KeyError(f"columns not in the table: {missing}")


def _numeric(series: pd.Series, name: Hashable) -> np.ndarray:
    if pd.api.types.is_bool_dtype(series.dtype) or not pd.api.types.is_numeric_dtype(series.dtype):
        raise TypeError(f"column {name!r} must be numeric, not {series.dtype}")
    return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def _counts(series: pd.Series, name: Hashable, *, whole: bool) -> np.ndarray:
    """Validated counts of people: non-missing, finite, non-negative (whole if asked)."""
    arr = _numeric(series, name)
    if np.isnan(arr).any():
        raise ValueError(f"column {name!r} has missing counts; protect raw counts, each column once")
    if np.isinf(arr).any() or (arr < 0).any():
        raise ValueError(f"column {name!r} must hold non-negative finite counts of people")
    if whole and (arr != np.round(arr)).any():
        raise ValueError(f"column {name!r} must hold whole numbers of people")
    return arr


def _int_array(arr: np.ndarray, hidden: np.ndarray) -> Any:
    """``Int64`` when every value is whole (the usual case), ``Float64`` otherwise (FTE)."""
    finite = arr[~np.isnan(arr)]
    if (finite == np.round(finite)).all():
        out = pd.array(np.where(np.isnan(arr), 0, arr).astype("int64"), dtype="Int64")
    else:
        out = pd.array(arr, dtype="Float64")
    out[hidden | np.isnan(arr)] = pd.NA
    return out


def _float_array(arr: np.ndarray, hidden: np.ndarray) -> pd.arrays.FloatingArray:
    out = pd.array(arr, dtype="Float64")
    out[hidden | np.isnan(arr)] = pd.NA
    return out


def _start(df: pd.DataFrame | Protected, policy: DisclosurePolicy, columns: Sequence[Hashable]
           ) -> tuple[pd.DataFrame, pd.DataFrame, tuple[Hashable, ...]]:
    """Raw frame, mask so far and count columns so far; refuse protecting a column twice."""
    if isinstance(df, Protected):
        if df.policy != policy:
            raise DisclosureError(f"table was protected under {df.policy}; cannot add protection under {policy}")
        again = [c for c in columns if c in df.counts]
        if again:
            raise DisclosureError(f"columns {again} already went through protect_*; protect them in one call")
        return df.data.copy(), df.suppressed.copy(), df.counts
    if not isinstance(df, pd.DataFrame):
        raise TypeError("protect_* takes a DataFrame (or a Protected table to protect further columns)")
    return df.copy(), pd.DataFrame(False, index=df.index, columns=df.columns), ()


def _finish(data: pd.DataFrame, mask: pd.DataFrame, policy: DisclosurePolicy, counts: Iterable[Hashable],
            notes: Sequence[str] = ()) -> Protected:
    if notes:
        warnings.warn("disclosure control incomplete: " + "; ".join(notes), DisclosureWarning, stacklevel=3)
    return Protected(data=data, suppressed=mask.astype(bool), policy=policy,
                     counts=tuple(dict.fromkeys(counts)))


# --------------------------------------------------------------------------- tidy counts


def protect_counts(
    df: pd.DataFrame,
    *,
    count_cols: str | Sequence[str],
    group_cols: str | Sequence[str] | None = None,
    total_col: str | None = None,
    policy: DisclosurePolicy = DEFAULT_POLICY,
    totals_known: bool = True,
) -> Protected:
    """Protect a tidy table of counts of people (one row per category).

    The rows that share ``group_cols`` (the whole table when None) form one
    group, e.g. the sectors of one intake cohort. Within a group each count
    column adds up to the group's total: the value in ``total_col`` (the same
    on every row of the group) when given, else the column's sum, which a
    reader is assumed to know (``totals_known``).

    ``kind="suppress"``: counts of 1..k-1 people are suppressed (zeros shown),
    a ``total_col`` of 1..k-1 is suppressed on every row of its group, and
    complementary cells are suppressed until no suppressed cell can be worked
    out (:mod:`analysis.disclosure.engine`). ``kind="hesa"``: every count and
    total is rounded with :func:`~analysis.disclosure.policy.hesa_round`,
    independently; nothing is suppressed.

    Parameters
    ----------
    df : DataFrame
        One row per category; other columns are copied unchanged.
    count_cols : str or sequence of str
        Columns of counts of people (non-negative whole numbers, no missing values).
    group_cols : str or sequence of str, optional
        Columns identifying groups whose counts add up to one total.
    total_col : str, optional
        Column holding each group's published total (people).
    policy : DisclosurePolicy
        The disclosure policy.
    totals_known : bool, default True
        Without ``total_col``, whether a reader may know each group's sum.
        Pass False only when the counts add up to nothing published (a person
        can be counted in several rows).

    Returns
    -------
    Protected

    Raises
    ------
    ValueError
        Counts missing, negative or fractional; a group's total differs between
        rows or from the sum of a count column.
    """
    counts = _as_list(count_cols)
    groups = _as_list(group_cols)
    if not counts:
        raise ValueError("count_cols is empty")
    if total_col is not None and total_col in counts:
        raise ValueError("total_col cannot also be a count column")
    protected_cols = counts + ([total_col] if total_col is not None else [])
    raw = df.data if isinstance(df, Protected) else df
    _check_columns(raw, protected_cols + groups)
    data, mask, done = _start(df, policy, protected_cols)

    if policy.kind == "hesa":
        for col in protected_cols:
            _counts(raw[col], col, whole=False)
            data[col] = hesa_round(raw[col])
        return _finish(data, mask, policy, [*done, *protected_cols])

    n = len(raw)
    arrays = [_counts(raw[c], c, whole=True) for c in counts]
    codes = (raw.groupby(groups, sort=False, dropna=False).ngroup().to_numpy() if groups
             else np.zeros(n, dtype=int))
    n_groups = int(codes.max()) + 1 if n else 0
    rows_of = [np.flatnonzero(codes == g) for g in range(n_groups)]
    keys = [", ".join(f"{g}={v}" for g, v in raw[groups].iloc[rows[0]].items()) if groups else "whole table"
            for rows in rows_of]

    values = list(np.concatenate(arrays)) if n else []
    kinds = [CANDIDATE] * len(values)
    labels = [f"row {raw.index[i]!r}, column {c!r}" for c in counts for i in range(n)]
    lines: list[Line] = []
    total_cell: dict[int, int] = {}

    def add(value: float, kind: int, label: str) -> int:
        values.append(value)
        kinds.append(kind)
        labels.append(label)
        return len(values) - 1

    totals = _counts(raw[total_col], total_col, whole=True) if total_col is not None else None
    for g, rows in enumerate(rows_of):
        if totals is not None:
            group_totals = np.unique(totals[rows])
            if group_totals.size != 1:
                raise ValueError(f"group {keys[g]}: {total_col!r} differs between rows")
            total_cell[g] = add(float(group_totals[0]), CANDIDATE, f"group {keys[g]} total {total_col!r}")
        for j, col in enumerate(counts):
            group_sum = float(arrays[j][rows].sum())
            if totals is not None:
                if group_sum != values[total_cell[g]]:
                    raise ValueError(f"group {keys[g]}: {col!r} adds up to {group_sum:g}, not to its "
                                     f"{total_col!r}; add the missing category (e.g. 'unknown') as a row")
                cell = total_cell[g]
            elif totals_known:
                cell = add(group_sum, KNOWN, f"group {keys[g]} sum of {col!r}")
            else:
                continue
            lines.append(Line(j * n + rows, cell, f"group {keys[g]}, column {col!r}"))

    hidden, notes = protect_cells(np.array(values, dtype=float), np.array(kinds), lines, labels, policy.k)
    for j, col in enumerate(counts):
        flags = hidden[j * n:(j + 1) * n]
        data[col] = _int_array(arrays[j], flags)
        mask[col] = flags
    if totals is not None:
        flags = np.zeros(n, dtype=bool)
        for g, cell in total_cell.items():
            flags[rows_of[g]] = hidden[cell]
        data[total_col] = _int_array(totals, flags)
        mask[total_col] = flags
    return _finish(data, mask, policy, [*done, *protected_cols], notes)


# --------------------------------------------------------------------------- cross-tables


def mask_thin_lines(table: Protected, counts: pd.DataFrame) -> Protected:
    """``table`` (``counts`` protected) with every row and column of 1..k-1 in all masked whole, zeros included.

    Where a line's total is small and known to be small (a table elsewhere
    suppresses it, which says "fewer than k"), the zeros shown beside its
    suppressed cells tell how many cells share that total: two **c** and a
    total below 3 make each **c** a 1. Masking the whole line leaves every
    cell anywhere from 0 to the total. Under HESA rounding nothing changes.
    """
    if table.policy.kind != "suppress":
        return table
    values = counts.loc[table.data.index, table.data.columns]
    low, high = 1, table.policy.threshold - 1
    mask = table.suppressed.copy()
    mask.loc[values.sum(axis=1).between(low, high).to_numpy(), :] = True
    mask.loc[:, values.sum(axis=0).between(low, high).to_numpy()] = True
    return replace(table, suppressed=mask)


def protect_crosstab(
    table: pd.DataFrame,
    *,
    policy: DisclosurePolicy = DEFAULT_POLICY,
    margin_names: Sequence[str] = _MARGIN_NAMES,
    margins_known: bool = True,
) -> Protected:
    """Protect a two-way table of counts of people, with or without margins.

    ``table`` is wide (e.g. from ``pd.crosstab``): index = row categories,
    columns = column categories, every cell a count of people. A row and/or
    a column labelled with one of ``margin_names`` (``"All"``, ``"Total"``)
    holds the margins and is checked against the sums. Margins that are
    absent are treated as known to a reader when ``margins_known``.

    ``kind="suppress"``: primary suppression of every cell and margin of
    1..k-1 people, then complementary suppression until every row and column
    is safe and the exact check finds no pinned cell. ``kind="hesa"``: every
    cell and margin rounded independently with
    :func:`~analysis.disclosure.policy.hesa_round`.

    Returns
    -------
    Protected
        Every column ``Int64``; all columns are counts.

    Raises
    ------
    ValueError
        More than one margin row or column, bad counts, or margins that do not
        equal the sums.
    """
    if isinstance(table.columns, pd.MultiIndex) or isinstance(table.index, pd.MultiIndex):
        raise ValueError("protect_crosstab needs a flat index and flat columns")
    if table.shape[0] == 0 or table.shape[1] == 0:
        raise ValueError("protect_crosstab needs at least one row and one column")
    margin_rows = [i for i, label in enumerate(table.index) if label in margin_names]
    margin_cols = [j for j, label in enumerate(table.columns) if label in margin_names]
    if len(margin_rows) > 1 or len(margin_cols) > 1:
        raise ValueError("at most one margin row and one margin column")
    inner_rows = [i for i in range(table.shape[0]) if i not in margin_rows]
    inner_cols = [j for j in range(table.shape[1]) if j not in margin_cols]
    whole = policy.kind == "suppress"
    full = np.column_stack([_counts(table.iloc[:, j], table.columns[j], whole=whole) for j in range(table.shape[1])])
    inner = full[np.ix_(inner_rows, inner_cols)]
    row_sums, col_sums, grand = inner.sum(axis=1), inner.sum(axis=0), inner.sum()
    tol = 1e-9
    if margin_cols and not np.allclose(full[inner_rows, margin_cols[0]], row_sums, atol=tol):
        raise ValueError("the margin column does not equal the row sums")
    if margin_rows and not np.allclose(full[margin_rows[0], inner_cols], col_sums, atol=tol):
        raise ValueError("the margin row does not equal the column sums")
    if margin_rows and margin_cols and abs(full[margin_rows[0], margin_cols[0]] - grand) > tol:
        raise ValueError("the grand total does not equal the sum of the cells")

    data = table.copy()
    mask = pd.DataFrame(False, index=table.index, columns=table.columns)
    if policy.kind == "hesa":
        for j, col in enumerate(table.columns):
            data[col] = pd.array(hesa_round(full[:, j]), dtype="Float64").astype("Int64")
        return _finish(data, mask, policy, list(table.columns))

    n_r, n_c = len(inner_rows), len(inner_cols)
    row_margin = n_r * n_c + np.arange(n_r)
    col_margin = n_r * n_c + n_r + np.arange(n_c)
    grand_cell = n_r * n_c + n_r + n_c
    values = np.concatenate([inner.ravel(), row_sums, col_sums, [grand]])
    margin_kind = CANDIDATE if margin_cols else (KNOWN if margins_known else VIRTUAL)
    col_margin_kind = CANDIDATE if margin_rows else (KNOWN if margins_known else VIRTUAL)
    grand_kind = (CANDIDATE if margin_rows and margin_cols
                  else KNOWN if margins_known else VIRTUAL)
    kinds = np.concatenate([np.full(n_r * n_c, CANDIDATE), np.full(n_r, margin_kind),
                            np.full(n_c, col_margin_kind), [grand_kind]])
    row_labels = [table.index[i] for i in inner_rows]
    col_labels = [table.columns[j] for j in inner_cols]
    labels = ([f"cell ({r!r}, {c!r})" for r in row_labels for c in col_labels]
              + [f"row margin {r!r}" for r in row_labels] + [f"column margin {c!r}" for c in col_labels]
              + ["grand total"])
    lines = ([Line(r * n_c + np.arange(n_c), int(row_margin[r]), f"row {row_labels[r]!r}") for r in range(n_r)]
             + [Line(np.arange(n_r) * n_c + c, int(col_margin[c]), f"column {col_labels[c]!r}") for c in range(n_c)]
             + [Line(row_margin, grand_cell, "the margin column"), Line(col_margin, grand_cell, "the margin row")])
    hidden, notes = protect_cells(values, kinds, lines, labels, policy.k)
    flags = np.zeros(full.shape, dtype=bool)
    flags[np.ix_(inner_rows, inner_cols)] = hidden[: n_r * n_c].reshape(n_r, n_c)
    if margin_cols:
        flags[inner_rows, margin_cols[0]] = hidden[row_margin]
    if margin_rows:
        flags[margin_rows[0], inner_cols] = hidden[col_margin]
    if margin_rows and margin_cols:
        flags[margin_rows[0], margin_cols[0]] = hidden[grand_cell]
    for j, col in enumerate(table.columns):
        data[col] = _int_array(full[:, j], flags[:, j])
        mask[col] = flags[:, j]
    return _finish(data, mask, policy, list(table.columns), notes)


# --------------------------------------------------------------------------- rates and means


def protect_rates(
    df: pd.DataFrame | Protected,
    *,
    numerator: str,
    denominator: str,
    rate_cols: str | Sequence[str] = (),
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> Protected:
    """Protect rates (shares, their confidence limits) row by row.

    Each row holds a numerator (people with the outcome), a denominator
    (people at risk) and rate columns computed from them.

    ``kind="suppress"``: a denominator of 1..k-1 is suppressed with its
    numerator and rates; a numerator of 1..k-1, or a complement
    (denominator - numerator, the people *without* the outcome) of 1..k-1,
    suppresses the numerator and the rates (the denominator stays shown).
    Zeros are shown; with a zero denominator the rates stay missing.

    ``kind="hesa"``: numerator and denominator are rounded with
    :func:`~analysis.disclosure.policy.hesa_round`, and every rate column is
    recomputed from the *rounded* counts as a share rounded to whole
    percentages (0.01 steps), so the rate never carries more than the rounded
    counts; rates are suppressed when the unrounded denominator is fewer than
    22.5 people. Rate columns other than numerator/denominator shares (such
    as interval limits) are suppressed under HESA rounding.

    Rows are protected independently; tables whose rows add up to published
    totals are protected together by :mod:`analysis.disclosure.ledger`.

    Returns
    -------
    Protected

    Raises
    ------
    ValueError
        Counts missing or negative, or a numerator above its denominator.
    """
    rates = _as_list(rate_cols)
    raw = df.data if isinstance(df, Protected) else df
    _check_columns(raw, [numerator, denominator, *rates])
    data, mask, done = _start(df, policy, [numerator, denominator, *rates])
    whole = policy.kind == "suppress"
    num = _counts(raw[numerator], numerator, whole=whole)
    den = _counts(raw[denominator], denominator, whole=whole)
    if (num > den).any():
        raise ValueError(f"{numerator!r} exceeds {denominator!r} in some rows")
    no_rate = den == 0
    if policy.kind == "hesa":
        hide_rate = ~no_rate & (den < HESA_MIN_PERCENT_DENOMINATOR)
        rounded_num = hesa_round(num)
        rounded_den = hesa_round(den)
        data[numerator] = pd.array(rounded_num, dtype="Float64").astype("Int64")
        data[denominator] = pd.array(rounded_den, dtype="Float64").astype("Int64")
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.round(np.where(rounded_den > 0, rounded_num / rounded_den, np.nan), 2)
        for i, c in enumerate(rates):
            values = share if i == 0 else np.full(len(raw), np.nan)
            hidden = hide_rate | (np.ones(len(raw), dtype=bool) if i else np.zeros(len(raw), dtype=bool))
            data[c] = _float_array(np.where(no_rate, np.nan, values), hidden & ~no_rate)
            mask[c] = hidden & ~no_rate
        return _finish(data, mask, policy, [*done, numerator, denominator])
    hide_den = small(den, policy.k)
    hide_num = hide_den | small(num, policy.k) | small(den - num, policy.k)
    data[numerator] = _int_array(num, hide_num)
    data[denominator] = _int_array(den, hide_den)
    mask[numerator] = hide_num
    mask[denominator] = hide_den
    for c in rates:
        values = _numeric(raw[c], c)
        values[no_rate] = np.nan
        data[c] = _float_array(values, hide_num)
        mask[c] = hide_num & ~no_rate
    return _finish(data, mask, policy, [*done, numerator, denominator])


def protect_means(
    df: pd.DataFrame | Protected,
    *,
    mean_cols: str | Sequence[str],
    n_col: str,
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> Protected:
    """Protect averages (means, rates per advisor-year) by the number of people behind them.

    ``kind="suppress"``: averages based on fewer than k people are suppressed
    and so is the count n itself when it is 1..k-1. ``kind="hesa"``: averages
    based on 7 or fewer people are suppressed and n is rounded. With n = 0
    there is no average: it is left missing and not marked. k people is a
    floor, not a guarantee: a mean of a 0/1 variable can still reveal values.

    Returns
    -------
    Protected
    """
    means = _as_list(mean_cols)
    raw = df.data if isinstance(df, Protected) else df
    _check_columns(raw, [n_col, *means])
    data, mask, done = _start(df, policy, [n_col, *means])
    n = _counts(raw[n_col], n_col, whole=policy.kind == "suppress")
    empty = n == 0
    if policy.kind == "hesa":
        hide_mean = ~empty & (n <= HESA_MAX_SUPPRESSED_MEAN_N)
        data[n_col] = hesa_round(raw[n_col])
    else:
        hide_mean = ~empty & (n < policy.k)
        hide_n = small(n, policy.k)
        data[n_col] = _int_array(n, hide_n)
        mask[n_col] = hide_n
    for c in means:
        values = _numeric(raw[c], c)
        values[empty] = np.nan
        data[c] = _float_array(values, hide_mean)
        mask[c] = hide_mean
    return _finish(data, mask, policy, [*done, n_col])


def declare_no_person_counts(df: pd.DataFrame, *, policy: DisclosurePolicy = DEFAULT_POLICY) -> Protected:
    """Mark a table that holds no statistics about people as fit to show (nothing suppressed).

    For reference tables (sector names, operation lists) and counts of
    records that describe no person. The caller vouches for it.
    """
    if isinstance(df, Protected):
        raise DisclosureError("table already went through protect_*")
    return Protected(data=df.copy(), suppressed=pd.DataFrame(False, index=df.index, columns=df.columns),
                     policy=policy, counts=())
