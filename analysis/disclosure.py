"""Disclosure control: the one module every published table goes through.

The cohorts are small (about five advisors a year), so a published count of
1..k-1 people can point at a named person.  Every table, chart and CSV the
suite publishes passes through one of the ``protect_*`` functions below, is
rendered by :func:`display_table` and is written by :func:`write_csv`.  The
policy is a parameter (:class:`DisclosurePolicy`), never a constant.

Two policies
------------
``kind="suppress"`` (default, threshold ``k`` people, default 3)
    *Primary suppression*: a count of 1..k-1 people is suppressed.  A true
    zero is shown (ONS practice): "nobody" describes no person, and because
    zeros are always shown a reader learns nothing from a zero that the
    suppression of small counts would have hidden.
    *Secondary (complementary) suppression*: wherever counts add up to a total
    that is published or known (the sectors of one cohort add up to the cohort
    size; rows and columns of a cross-table add up to their margins), further
    cells are suppressed until no suppressed cell can be worked out by
    subtraction.  See "What is guaranteed" below.
    All suppressed cells are shown as the single neutral marker ``"c"``
    ("confidential", the ONS/GSS convention).  ``"<3"`` would be accurate for
    primary cells but a secondary cell can hold any number, and two different
    markers would tell the reader which cells are the small ones.

``kind="hesa"`` (HESA Services standard rounding methodology)
    Every count (headcount) is rounded to the nearest multiple of 5, numbers
    below 2.5 become 0 and halves go up (2.5 -> 5, 7.5 -> 10); totals are
    rounded on their own after being calculated, so rounded rows need not add
    up to the rounded total.  Percentages whose (unrounded) denominator is
    fewer than 22.5 people and averages based on 7 or fewer people are
    suppressed and shown as ``".."``.  ``k`` is not used by this policy.
    Source: HESA, "Rounding strategy" (https://www.hesa.ac.uk/support/data-intelligence).

What is guaranteed (``kind="suppress"``)
----------------------------------------
A reader is assumed to know every shown cell, every published total, every
total this table adds up to even when it is not printed here (for example the
cohort size published in another table), and the policy itself -- in
particular that zeros are shown, so each suppressed cell holds at least one
person.  Under those assumptions, after protection:

* no shown count is in 1..k-1;
* no suppressed cell can be determined exactly: for every suppressed cell the
  smallest and largest values consistent with all the published additive
  relations differ (checked by linear programming over the whole table, see
  :func:`_exact_cells`);
* in every line (group, row or column) whose total is shown, the suppressed
  cells together hold at least k people, so their combined count -- which a
  reader can always get by subtraction -- is not itself a small count.

Not covered: differencing between *different* tables (for example a table by
cohort and another by cohort and sex), tables whose counts do not add up
(people counted in several rows), and exact information carried by other
columns (for example a mean of a 0/1 variable).  Protect the final published
table, after any merging or concatenating, and keep the number of overlapping
tables small.

Output of ``protect_*``
-----------------------
A copy of the input with the same columns and index.  The protected columns
become nullable (``Int64`` for counts, ``Float64`` for rates and means) and
each suppressed cell is ``pd.NA``.  ``out.attrs["suppressed"]`` is a boolean
DataFrame of the same shape (True where a cell is suppressed) and
``out.attrs["policy"]`` the policy used.  Because the suppressed values
themselves are gone, a lost or stale mask can only change how a cell is
labelled, never reveal it.  pandas compares ``attrs`` when it concatenates two
frames that both carry them, and that comparison fails on a DataFrame value:
concatenate or merge the unprotected tables, then protect the result.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import tempfile
import warnings
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
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
    "DisclosureError",
    "DisclosurePolicy",
    "DisclosureWarning",
    "assert_no_small_counts",
    "declare_no_person_counts",
    "display_table",
    "hesa_round",
    "is_suppressed",
    "protect_counts",
    "protect_crosstab",
    "protect_means",
    "protect_rates",
    "safe_cell",
    "write_csv",
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

_MARGIN_NAMES = ("All", "Total")


class DisclosureError(ValueError):
    """A table would publish something the disclosure policy forbids."""


class DisclosureWarning(UserWarning):
    """Protection could not be completed inside the table: read the message."""


@dataclass(frozen=True)
class DisclosurePolicy:
    """How published statistics about people are protected.

    Attributes:
        kind: ``"suppress"`` (primary and secondary suppression of counts of
            1..k-1 people) or ``"hesa"`` (HESA standard rounding to multiples
            of 5 with suppression of percentages on fewer than 22.5 people and
            averages on 7 or fewer).
        k: threshold in people for ``kind="suppress"``: counts of 1..k-1 are
            suppressed, zeros and counts of k or more are shown.  ``k=1``
            suppresses nothing.  Not used by ``kind="hesa"``.
    """

    kind: Literal["suppress", "hesa"] = "suppress"
    k: int = 3

    def __post_init__(self) -> None:
        if self.kind not in ("suppress", "hesa"):
            raise ValueError(f"kind must be 'suppress' or 'hesa', not {self.kind!r}")
        if isinstance(self.k, bool) or not isinstance(self.k, (int, np.integer)) or self.k < 1:
            raise ValueError(f"k must be a whole number of people, at least 1, not {self.k!r}")
        object.__setattr__(self, "k", int(self.k))

    @property
    def marker(self) -> str:
        """Text shown in place of a suppressed cell: ``"c"`` or HESA's ``".."``."""
        return HESA_MARKER if self.kind == "hesa" else SUPPRESS_MARKER

    def describe(self) -> str:
        """One sentence for a table footnote."""
        if self.kind == "hesa":
            return (
                "Counts of people are rounded to the nearest multiple of 5 (below 2.5 to 0, "
                "halves up; totals rounded separately, so they may not add up); percentages "
                "based on fewer than 22.5 people and averages based on 7 or fewer are "
                f"suppressed ({HESA_MARKER})."
            )
        return (
            f"Counts of 1 to {self.k - 1} people, and further cells that would let them be "
            f"worked out from totals, are suppressed ({SUPPRESS_MARKER}); zeros are shown."
            if self.k > 1
            else "No cells are suppressed (k = 1)."
        )


#: The default policy: suppress counts of 1 or 2 people.
DEFAULT_POLICY = DisclosurePolicy()


# --------------------------------------------------------------------------- HESA rounding


def hesa_round(x: Any) -> Any:
    """Round counts of people to HESA's standard: the nearest multiple of 5.

    Any number below 2.5 becomes 0 and halves are always rounded up
    (2.5 -> 5, 7.5 -> 10, 12.5 -> 15).  Apply it to totals *after* calculating
    them from unrounded values, so rounded parts need not add up to the
    rounded total.  The rounding is exact for fractional inputs (FTE): it
    compares the remainder after division by 5 with 2.5 instead of adding 0.5.

    Args:
        x: a number, a Series or an array of non-negative counts (people);
            missing values stay missing.

    Returns:
        The same kind of object: an ``int`` (or ``pd.NA``) for a scalar, an
        ``Int64`` Series with the same index and name for a Series, a float
        array (NaN where missing) for anything else.

    Raises:
        ValueError: a value is negative or infinite.
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


# --------------------------------------------------------------------------- the suppression engine
#
# Every table is reduced to a flat array of cells and a list of additive
# relations ("lines"): the members of a line add up to its total cell.  Totals
# that are not printed in the table but are known to a reader are cells that
# are never publishable (so never suppressible) but still constrain.


@dataclass(frozen=True)
class _Line:
    members: np.ndarray  # cell indices that add up to ``total``
    total: int  # cell index of the total
    label: str


def _line_safe(line: _Line, values: np.ndarray, suppressed: np.ndarray, k: int) -> bool:
    """Whether this one relation leaves every suppressed cell undetermined.

    Total shown: the suppressed members' sum S is known by subtraction.  Each
    suppressed member is at least 1 (zeros are shown), so with m suppressed
    members each lies in [1, S - m + 1]: safe when m == 0, or m >= 2 and
    S > m (not pinned) and S >= k (the suppressed group is not itself small).
    Total suppressed: safe when at least one member is suppressed too
    (otherwise the total is the sum of the shown members).
    """
    unknown = line.members[suppressed[line.members]]
    if suppressed[line.total]:
        return unknown.size >= 1
    if unknown.size == 0:
        return True
    total_unknown = values[unknown].sum()
    return unknown.size >= 2 and total_unknown >= k and total_unknown > unknown.size


def _choose(
    candidates: Sequence[int],
    values: np.ndarray,
    suppressed: np.ndarray,
    lines: Sequence[_Line],
    lines_of_cell: Sequence[Sequence[int]],
    k: int,
    exclude_line: int | None,
) -> int:
    """Pick the complementary cell: fewest of its other lines left unsafe, then smallest, then first."""

    def cost(cell: int) -> tuple[int, float, int]:
        suppressed[cell] = True
        unsafe = sum(
            1
            for li in lines_of_cell[cell]
            if li != exclude_line and not _line_safe(lines[li], values, suppressed, k)
        )
        suppressed[cell] = False
        return unsafe, float(values[cell]), cell

    return min(candidates, key=cost)


def _exact_cells(values: np.ndarray, suppressed: np.ndarray, lines: Sequence[_Line]) -> list[int]:
    """Suppressed cells whose value a reader could determine exactly.

    The reader's problem: unknowns are the suppressed cells, each at least 1;
    every line is an equation.  For each unknown, the smallest and largest
    feasible values are found by linear programming (scipy HiGHS), one
    connected block of unknowns at a time; a cell is exact when they coincide.
    For the rows, columns and margins of one cross-table, and for groups of a
    tidy table with one count column, the constraint matrix is totally
    unimodular (each cell is in at most two relations, which can be signed
    as a bipartite incidence matrix), so these bounds are the integer bounds.
    With several count columns sharing one ``total_col`` they are outer
    bounds: integrality could in principle pin a cell the LP does not.
    """
    from scipy.optimize import linprog

    unknown = np.flatnonzero(suppressed)
    if unknown.size == 0:
        return []
    position = {int(c): i for i, c in enumerate(unknown)}
    parent = list(range(unknown.size))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    equations: list[tuple[dict[int, float], float]] = []
    for line in lines:
        coefficients: dict[int, float] = {}
        rhs = 0.0
        for cell, coef in [(int(m), 1.0) for m in line.members] + [(line.total, -1.0)]:
            if suppressed[cell]:
                coefficients[position[cell]] = coefficients.get(position[cell], 0.0) + coef
            else:
                rhs -= coef * values[cell]
        if coefficients:
            equations.append((coefficients, rhs))
            first, *rest = coefficients
            for other in rest:
                parent[find(other)] = find(first)

    blocks: dict[int, list[int]] = {}
    for i in range(unknown.size):
        blocks.setdefault(find(i), []).append(i)
    exact: list[int] = []
    for block in blocks.values():
        local = {v: j for j, v in enumerate(block)}
        rows = [eq for eq in equations if next(iter(eq[0])) in local]
        if not rows:
            continue  # unconstrained: no equation mentions these cells
        a_eq = np.zeros((len(rows), len(block)))
        b_eq = np.zeros(len(rows))
        for r, (coefficients, rhs) in enumerate(rows):
            for v, coef in coefficients.items():
                a_eq[r, local[v]] = coef
            b_eq[r] = rhs
        bounds = [(1.0, None)] * len(block)
        for j, v in enumerate(block):
            objective = np.zeros(len(block))
            objective[j] = 1.0
            low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            if low.status != 0 or high.status not in (0, 3):
                raise RuntimeError("disclosure audit: the published relations are inconsistent")
            if high.status == 0 and (-high.fun) - low.fun < 0.5:
                exact.append(int(unknown[v]))
    return sorted(exact)


def _protect_cells(
    values: np.ndarray,
    publishable: np.ndarray,
    lines: Sequence[_Line],
    labels: Sequence[str],
    k: int,
) -> tuple[np.ndarray, list[str]]:
    """Primary then secondary suppression over a set of additive relations.

    Returns the suppression flag of every cell and notes on anything that
    could not be protected inside the table (to be raised as a warning).
    """
    suppressed = publishable & _small(values, k)
    lines_of_cell: list[list[int]] = [[] for _ in range(values.size)]
    for li, line in enumerate(lines):
        for cell in line.members:
            lines_of_cell[int(cell)].append(li)
        lines_of_cell[line.total].append(li)

    def open_cells(cells: Iterable[int]) -> list[int]:
        return [
            int(c)
            for c in dict.fromkeys(int(c) for c in cells)
            if publishable[c] and not suppressed[c] and values[c] > 0
        ]

    def nearest_open(cell: int) -> list[int]:
        """Open cells sharing a line with ``cell``; if none, with the suppressed cells
        linked to it, ring by ring (a pin can come from relations further away)."""
        seen, frontier = {cell}, [cell]
        while frontier:
            found: list[int] = []
            ring: list[int] = []
            for c in frontier:
                for li in lines_of_cell[c]:
                    for m in [*map(int, lines[li].members), lines[li].total]:
                        if m in seen:
                            continue
                        seen.add(m)
                        if suppressed[m]:
                            ring.append(m)
                        elif open_cells([m]):
                            found.append(m)
            if found:
                return found
            frontier = ring
        return []

    given_up: set[int] = set()
    unfixable: set[int] = set()
    while True:
        # 1. Line rules, one complementary cell at a time, until every line is safe.
        while True:
            unsafe = next(
                (
                    li
                    for li, line in enumerate(lines)
                    if li not in given_up and not _line_safe(line, values, suppressed, k)
                ),
                None,
            )
            if unsafe is None:
                break
            line = lines[unsafe]
            candidates = open_cells(line.members)
            if candidates:
                cell = _choose(candidates, values, suppressed, lines, lines_of_cell, k, unsafe)
                suppressed[cell] = True
            elif publishable[line.total] and not suppressed[line.total] and values[line.total] > 0:
                suppressed[line.total] = True
            else:
                given_up.add(unsafe)
        # 2. Audit the whole table; a cell pinned by a combination of lines gets one more
        #    complementary cell as close to it as possible, then the line rules run again.
        pinned = [c for c in _exact_cells(values, suppressed, lines) if c not in unfixable]
        if not pinned:
            break
        candidates = nearest_open(pinned[0])
        if candidates:
            suppressed[_choose(candidates, values, suppressed, lines, lines_of_cell, k, None)] = True
        else:
            unfixable.add(pinned[0])

    # What is still exposed once nothing more can be done inside the table.
    notes: list[str] = []
    for li in sorted(given_up):
        line = lines[li]
        if not _line_safe(line, values, suppressed, k):
            notes.append(
                f"{line.label}: its suppressed cells could be worked out (or shown to hold "
                f"fewer than {k} people) from its total of {values[line.total]:g}, which is "
                "not in this table; do not publish that total"
            )
    if unfixable:
        noted = {int(m) for li in given_up for m in lines[li].members}
        for cell in _exact_cells(values, suppressed, lines):
            if cell not in noted:
                notes.append(f"{labels[cell]} can be worked out from totals outside this table")
    return suppressed, notes


# --------------------------------------------------------------------------- validation helpers


def _as_list(cols: str | Iterable[str] | None) -> list[str]:
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
    """Float array of a numeric column; NaN where missing."""
    if pd.api.types.is_bool_dtype(series.dtype) or not pd.api.types.is_numeric_dtype(series.dtype):
        raise TypeError(f"column {name!r} must be numeric, not {series.dtype}")
    return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def _counts(series: pd.Series, name: Hashable, *, whole: bool) -> np.ndarray:
    """Validated counts of people: non-missing, finite, non-negative (whole if asked)."""
    arr = _numeric(series, name)
    if np.isnan(arr).any():
        raise ValueError(
            f"column {name!r} has missing counts; protect raw counts (each column once, "
            "before any other protect_* call touches it)"
        )
    if np.isinf(arr).any() or (arr < 0).any():
        raise ValueError(f"column {name!r} must hold non-negative finite counts of people")
    if whole and (arr != np.round(arr)).any():
        raise ValueError(f"column {name!r} must hold whole numbers of people")
    return arr


def _to_int_array(arr: np.ndarray, suppressed: np.ndarray) -> pd.arrays.IntegerArray:
    out = pd.array(np.where(np.isnan(arr), 0, arr).astype("int64"), dtype="Int64")
    out[suppressed | np.isnan(arr)] = pd.NA
    return out


def _to_float_array(arr: np.ndarray, suppressed: np.ndarray) -> pd.arrays.FloatingArray:
    out = pd.array(arr, dtype="Float64")
    out[suppressed | np.isnan(arr)] = pd.NA
    return out


def _count_array(arr: np.ndarray, suppressed: np.ndarray) -> Any:
    """Int64 when every value is whole (the usual case), Float64 otherwise (FTE)."""
    finite = arr[~np.isnan(arr)]
    if (finite == np.round(finite)).all():
        return _to_int_array(arr, suppressed)
    return _to_float_array(arr, suppressed)


def _finish(
    df: pd.DataFrame,
    out: pd.DataFrame,
    new_mask: pd.DataFrame,
    policy: DisclosurePolicy,
    columns: Sequence[Hashable],
    notes: Sequence[str] = (),
) -> pd.DataFrame:
    """Attach mask, policy and protected columns; OR with an earlier protect_* mask."""
    old_policy = df.attrs.get("policy")
    if old_policy is not None and old_policy != policy:
        raise DisclosureError(
            f"table was protected under {old_policy}; cannot add protection under {policy}"
        )
    mask = new_mask
    if "suppressed" in df.attrs:
        mask = new_mask | _aligned_mask(df, df.attrs["suppressed"]).reindex(
            index=new_mask.index, columns=new_mask.columns, fill_value=False
        )
    done = tuple(df.attrs.get("protected_columns", ())) + tuple(columns)
    out.attrs = {"suppressed": mask.astype(bool), "policy": policy, "protected_columns": done}
    if notes:
        warnings.warn(
            "disclosure control incomplete: " + "; ".join(notes), DisclosureWarning, stacklevel=3
        )
    return out


def _small(x: np.ndarray, k: int) -> np.ndarray:
    """Counts of 1..k-1 people (zero is not small: it is shown)."""
    return (x >= 1) & (x < k)


def _empty_mask(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(False, index=df.index, columns=df.columns)


def _check_fresh(df: pd.DataFrame, cols: Iterable[Hashable]) -> None:
    """Refuse to protect a column twice (its suppressed cells are already gone)."""
    done = df.attrs.get("protected_columns", ())
    again = [c for c in cols if c in done]
    if again:
        raise DisclosureError(
            f"columns {again} already went through protect_*; protect them in one call "
            "from the raw counts"
        )


# --------------------------------------------------------------------------- tidy counts


def protect_counts(
    df: pd.DataFrame,
    *,
    count_cols: str | Sequence[str],
    group_cols: str | Sequence[str] | None = None,
    total_col: str | None = None,
    policy: DisclosurePolicy = DEFAULT_POLICY,
    totals_known: bool = True,
) -> pd.DataFrame:
    """Protect a tidy table of counts of people (one row per category).

    The rows that share ``group_cols`` (the whole table when None) form one
    group, e.g. the sectors of one intake cohort.  Within a group each count
    column adds up to the group's total: the value in ``total_col`` (the same
    on every row of the group, e.g. cohort size in people) when given, else
    the column's sum.  Do not put total rows in the table: pass ``total_col``
    or use :func:`protect_crosstab`.

    ``kind="suppress"``:
        1. Primary: counts of 1..k-1 people are suppressed; zeros are shown.
           A ``total_col`` value of 1..k-1 is suppressed on every row of its
           group.
        2. Secondary, per group and count column: while the suppressed cells
           could be worked out from the total (one suppressed cell; or
           suppressed cells together holding fewer than k people, or exactly
           one each), the smallest non-zero shown cell of the group is
           suppressed too (ties: the first row).  When no cell is left, the
           total is suppressed if it is in the table.
        3. The whole table is then audited exactly (see the module docstring)
           and more cells are suppressed if a combination of relations still
           pins a cell.
        If the remaining risk lies in a total that is not in the table (no
        ``total_col``), a :class:`DisclosureWarning` says which total must not
        be published anywhere.

    ``kind="hesa"``: every count and total is rounded with :func:`hesa_round`,
    independently; nothing is suppressed.

    Args:
        df: one row per category; other columns are copied unchanged (protect
            rates and means with :func:`protect_rates` / :func:`protect_means`).
        count_cols: columns of counts of people (non-negative whole numbers,
            no missing values).
        group_cols: columns whose values identify a group whose counts add up
            to one total; None for the whole table.
        total_col: column holding each group's published total (people); every
            count column must add up to it within each group.
        policy: the disclosure policy.
        totals_known: without ``total_col``, whether a reader may know each
            group's sum (published elsewhere, or derivable).  True is the safe
            assumption; pass False only when the counts do not add up to any
            published figure (e.g. a person can be counted in several rows):
            then only primary suppression applies.

    Returns:
        A copy with the count columns (and ``total_col``) as ``Int64``,
        suppressed cells ``pd.NA``, and ``attrs["suppressed"]`` /
        ``attrs["policy"]``.

    Raises:
        ValueError: counts missing, negative or fractional; a group's total
            differs between rows or from the sum of a count column.
    """
    counts = _as_list(count_cols)
    groups = _as_list(group_cols)
    if not counts:
        raise ValueError("count_cols is empty")
    if total_col is not None and total_col in counts:
        raise ValueError("total_col cannot also be a count column")
    protected = counts + ([total_col] if total_col is not None else [])
    _check_columns(df, protected + groups)
    _check_fresh(df, protected)
    out = df.copy()
    mask = _empty_mask(df)

    if policy.kind == "hesa":
        for col in protected:
            _counts(df[col], col, whole=False)
            out[col] = hesa_round(df[col])
        return _finish(df, out, mask, policy, protected)

    n = len(df)
    arrays = [_counts(df[c], c, whole=True) for c in counts]
    if groups:
        codes = df.groupby(groups, sort=False, dropna=False).ngroup().to_numpy()
    else:
        codes = np.zeros(n, dtype=int)
    n_groups = int(codes.max()) + 1 if n else 0
    rows_of = [np.flatnonzero(codes == g) for g in range(n_groups)]
    keys = [
        ", ".join(f"{g}={_label_text(v)}" for g, v in df[groups].iloc[rows[0]].items())
        if groups
        else "whole table"
        for rows in rows_of
    ]

    # Cells: count (col j, row i) -> j*n + i; then one total cell per (group, column)
    # when totals are hidden, or one shared total per group when total_col is given.
    n_count_cells = len(counts) * n
    values = np.concatenate(arrays) if n else np.zeros(0)
    publishable = np.ones(n_count_cells, dtype=bool)
    labels = [f"row {df.index[i]!r}, column {c!r}" for c in counts for i in range(n)]
    lines: list[_Line] = []
    extra_values: list[float] = []
    extra_publishable: list[bool] = []
    total_cell_of_group: dict[int, int] = {}

    def add_cell(value: float, is_publishable: bool, label: str) -> int:
        extra_values.append(value)
        extra_publishable.append(is_publishable)
        labels.append(label)
        return n_count_cells + len(extra_values) - 1

    totals = _counts(df[total_col], total_col, whole=True) if total_col is not None else None
    for g, rows in enumerate(rows_of):
        if totals is not None:
            group_totals = np.unique(totals[rows])
            if group_totals.size != 1:
                raise ValueError(f"group {keys[g]}: {total_col!r} differs between rows")
            total_cell_of_group[g] = add_cell(
                float(group_totals[0]), True, f"group {keys[g]} total {total_col!r}"
            )
        for j, col in enumerate(counts):
            group_sum = float(arrays[j][rows].sum())
            if totals is not None:
                if group_sum != extra_values[total_cell_of_group[g] - n_count_cells]:
                    raise ValueError(
                        f"group {keys[g]}: {col!r} adds up to {group_sum:g}, not to its "
                        f"{total_col!r}; add the missing category (e.g. 'unknown') as a row"
                    )
                total_cell = total_cell_of_group[g]
            elif totals_known:
                total_cell = add_cell(group_sum, False, f"group {keys[g]} sum of {col!r}")
            else:
                continue
            lines.append(_Line(j * n + rows, total_cell, f"group {keys[g]}, column {col!r}"))

    values = np.concatenate([values, np.array(extra_values, dtype=float)])
    publishable = np.concatenate([publishable, np.array(extra_publishable, dtype=bool)])
    suppressed, notes = _protect_cells(values, publishable, lines, labels, policy.k)

    for j, col in enumerate(counts):
        flags = suppressed[j * n : (j + 1) * n]
        out[col] = _to_int_array(arrays[j], flags)
        mask[col] = flags
    if total_col is not None and totals is not None:
        flags = np.zeros(n, dtype=bool)
        for g, cell in total_cell_of_group.items():
            flags[rows_of[g]] = suppressed[cell]
        out[total_col] = _to_int_array(totals, flags)
        mask[total_col] = flags
    return _finish(df, out, mask, policy, protected, notes)


# --------------------------------------------------------------------------- cross-tables


def protect_crosstab(
    table: pd.DataFrame,
    *,
    policy: DisclosurePolicy = DEFAULT_POLICY,
    margin_names: Sequence[str] = _MARGIN_NAMES,
    margins_known: bool = True,
) -> pd.DataFrame:
    """Protect a two-way table of counts of people, with or without margins.

    ``table`` is a wide table (e.g. from ``pd.crosstab``): the index holds the
    row categories, the columns the column categories, every cell a count of
    people.  A row and/or a column whose label is in ``margin_names``
    (``"All"`` as ``pd.crosstab(margins=True)`` writes it, or ``"Total"``)
    holds the margins and is checked against the sums.  Every row adds up to
    its row margin, every column to its column margin, and both margins to the
    grand total; margins that are absent are treated as known to a reader when
    ``margins_known`` (the safe default).

    ``kind="suppress"``: primary suppression of every cell and margin of
    1..k-1 people, then complementary suppression line by line (rows, columns,
    then the margins themselves), preferring the cell that leaves the fewest
    other lines exposed, then the smallest, then the first, repeated until
    every line is safe and the exact audit of the module docstring finds no
    cell that a combination of rows and columns pins down.

    ``kind="hesa"``: every cell and margin rounded independently with
    :func:`hesa_round`; nothing suppressed.

    Args:
        table: counts of people; non-negative whole numbers, no missing values.
        policy: the disclosure policy.
        margin_names: labels that mark a margin row or column.
        margins_known: whether margins absent from ``table`` are known to a
            reader; pass False only if no margin is published anywhere.

    Returns:
        A copy with every column ``Int64``, suppressed cells ``pd.NA`` and
        ``attrs["suppressed"]`` / ``attrs["policy"]``.

    Raises:
        ValueError: more than one margin row or column, bad counts, or margins
            that do not equal the sums.
    """
    if isinstance(table.columns, pd.MultiIndex) or isinstance(table.index, pd.MultiIndex):
        raise ValueError("protect_crosstab needs a flat index and flat columns")
    _check_fresh(table, table.columns)
    margin_rows = [i for i, label in enumerate(table.index) if label in margin_names]
    margin_cols = [j for j, label in enumerate(table.columns) if label in margin_names]
    if len(margin_rows) > 1 or len(margin_cols) > 1:
        raise ValueError("at most one margin row and one margin column")
    inner_rows = [i for i in range(table.shape[0]) if i not in margin_rows]
    inner_cols = [j for j in range(table.shape[1]) if j not in margin_cols]

    if table.shape[0] == 0 or table.shape[1] == 0:
        raise ValueError("protect_crosstab needs at least one row and one column")
    whole = policy.kind == "suppress"
    full = np.column_stack(
        [_counts(table.iloc[:, j], table.columns[j], whole=whole) for j in range(table.shape[1])]
    )
    inner = full[np.ix_(inner_rows, inner_cols)]
    row_sums, col_sums, grand = inner.sum(axis=1), inner.sum(axis=0), inner.sum()
    tol = 1e-9
    if margin_cols and not np.allclose(full[inner_rows, margin_cols[0]], row_sums, atol=tol):
        raise ValueError("the margin column does not equal the row sums")
    if margin_rows and not np.allclose(full[margin_rows[0], inner_cols], col_sums, atol=tol):
        raise ValueError("the margin row does not equal the column sums")
    if margin_rows and margin_cols and abs(full[margin_rows[0], margin_cols[0]] - grand) > tol:
        raise ValueError("the grand total does not equal the sum of the cells")

    out = table.copy()
    mask = _empty_mask(table)
    if policy.kind == "hesa":
        for j, col in enumerate(table.columns):
            out[col] = pd.array(hesa_round(full[:, j]), dtype="Float64").astype("Int64")
        return _finish(table, out, mask, policy, list(table.columns))

    n_r, n_c = len(inner_rows), len(inner_cols)
    # Cells: inner (r, c) -> r*n_c + c; row margins; column margins; grand total.
    row_margin = n_r * n_c + np.arange(n_r)
    col_margin = n_r * n_c + n_r + np.arange(n_c)
    grand_cell = n_r * n_c + n_r + n_c
    values = np.concatenate([inner.ravel(), row_sums, col_sums, [grand]])
    publishable = np.concatenate(
        [
            np.ones(n_r * n_c, dtype=bool),
            np.full(n_r, bool(margin_cols)),
            np.full(n_c, bool(margin_rows)),
            [bool(margin_rows) and bool(margin_cols)],
        ]
    )
    row_labels = [table.index[i] for i in inner_rows]
    col_labels = [table.columns[j] for j in inner_cols]
    labels = (
        [f"cell ({r!r}, {c!r})" for r in row_labels for c in col_labels]
        + [f"row margin {r!r}" for r in row_labels]
        + [f"column margin {c!r}" for c in col_labels]
        + ["grand total"]
    )
    lines = [
        _Line(r * n_c + np.arange(n_c), int(row_margin[r]), f"row {row_labels[r]!r}")
        for r in range(n_r)
    ] + [
        _Line(np.arange(n_r) * n_c + c, int(col_margin[c]), f"column {col_labels[c]!r}")
        for c in range(n_c)
    ]
    lines += [
        _Line(row_margin, grand_cell, "the margin column"),
        _Line(col_margin, grand_cell, "the margin row"),
    ]
    if not margins_known:
        lines = [line for line in lines if publishable[line.total]]
    suppressed, notes = _protect_cells(values, publishable, lines, labels, policy.k)

    flags = np.zeros(full.shape, dtype=bool)
    flags[np.ix_(inner_rows, inner_cols)] = suppressed[: n_r * n_c].reshape(n_r, n_c)
    if margin_cols:
        flags[inner_rows, margin_cols[0]] = suppressed[row_margin]
    if margin_rows:
        flags[margin_rows[0], inner_cols] = suppressed[col_margin]
    if margin_rows and margin_cols:
        flags[margin_rows[0], margin_cols[0]] = suppressed[grand_cell]
    for j, col in enumerate(table.columns):
        out[col] = _to_int_array(full[:, j], flags[:, j])
        mask[col] = flags[:, j]
    return _finish(table, out, mask, policy, list(table.columns), notes)


# --------------------------------------------------------------------------- rates and means


def protect_rates(
    df: pd.DataFrame,
    *,
    numerator: str,
    denominator: str,
    rate_cols: str | Sequence[str] = (),
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> pd.DataFrame:
    """Protect rates (shares, percentages, their confidence limits) row by row.

    Each row holds a numerator (people with the outcome), a denominator
    (people at risk, e.g. the cohort) and rate columns the caller computed
    from the *unrounded* counts (any unit: a 0-1 share or a percentage).

    ``kind="suppress"``:
        * denominator 1..k-1: numerator, denominator and rates suppressed;
        * else numerator 1..k-1, or denominator - numerator 1..k-1 (the people
          *without* the outcome would be a small group): numerator and rates
          suppressed, the denominator shown;
        * zeros are shown; with a zero denominator the rates stay missing
          (nothing to suppress).
    ``kind="hesa"``: numerator and denominator rounded with :func:`hesa_round`;
    rates suppressed when the unrounded denominator is fewer than 22.5 people.

    Rows are protected independently.  If the numerators of several rows are
    also published with their sum (an "all cohorts" row), protect those counts
    with :func:`protect_counts` or :func:`protect_crosstab` as well.

    Returns:
        A copy with numerator/denominator ``Int64`` (``Float64`` if fractional),
        rate columns ``Float64``, suppressed cells ``pd.NA``, and
        ``attrs["suppressed"]`` / ``attrs["policy"]``.

    Raises:
        ValueError: counts missing or negative, or a numerator above its
            denominator.
    """
    rates = _as_list(rate_cols)
    _check_columns(df, [numerator, denominator, *rates])
    _check_fresh(df, [numerator, denominator, *rates])
    whole = policy.kind == "suppress"
    num = _counts(df[numerator], numerator, whole=whole)
    den = _counts(df[denominator], denominator, whole=whole)
    if (num > den).any():
        raise ValueError(f"{numerator!r} exceeds {denominator!r} in some rows")
    rate_values = {c: _numeric(df[c], c) for c in rates}
    out = df.copy()
    mask = _empty_mask(df)

    no_rate = den == 0
    if policy.kind == "hesa":
        hide_rate = ~no_rate & (den < HESA_MIN_PERCENT_DENOMINATOR)
        out[numerator] = hesa_round(df[numerator])
        out[denominator] = hesa_round(df[denominator])
        hide_num = hide_den = np.zeros(len(df), dtype=bool)
    else:
        hide_den = _small(den, policy.k)
        hide_num = hide_den | _small(num, policy.k) | _small(den - num, policy.k)
        hide_rate = hide_num.copy()
        out[numerator] = _count_array(num, hide_num)
        out[denominator] = _count_array(den, hide_den)
    mask[numerator] = hide_num
    mask[denominator] = hide_den
    for c in rates:
        rate_values[c][no_rate] = np.nan
        out[c] = _to_float_array(rate_values[c], hide_rate)
        mask[c] = hide_rate
    return _finish(df, out, mask, policy, [numerator, denominator, *rates])


def protect_means(
    df: pd.DataFrame,
    *,
    mean_cols: str | Sequence[str],
    n_col: str,
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> pd.DataFrame:
    """Protect averages (means, medians, spreads) by the number of people behind them.

    ``n_col`` holds the number of people each row's averages are based on.

    ``kind="suppress"``: averages based on fewer than k people are suppressed
    and so is the count n itself when it is 1..k-1.
    ``kind="hesa"``: averages based on 7 or fewer people are suppressed; n is
    rounded with :func:`hesa_round`.
    With n = 0 there is no average: it is left missing and not marked.

    Note: k people is a floor, not a guarantee -- a mean of a 0/1 variable, or
    a mean shown together with a sum, can still reveal individual values.

    Returns:
        A copy with the averages ``Float64``, n ``Int64`` (``Float64`` if
        fractional), suppressed cells ``pd.NA``, ``attrs["suppressed"]`` and
        ``attrs["policy"]``.
    """
    means = _as_list(mean_cols)
    _check_columns(df, [n_col, *means])
    _check_fresh(df, [n_col, *means])
    n = _counts(df[n_col], n_col, whole=policy.kind == "suppress")
    out = df.copy()
    mask = _empty_mask(df)
    empty = n == 0
    if policy.kind == "hesa":
        hide_mean = ~empty & (n <= HESA_MAX_SUPPRESSED_MEAN_N)
        out[n_col] = hesa_round(df[n_col])
    else:
        hide_mean = ~empty & (n < policy.k)
        hide_n = _small(n, policy.k)
        out[n_col] = _count_array(n, hide_n)
        mask[n_col] = hide_n
    for c in means:
        values = _numeric(df[c], c)
        values[empty] = np.nan
        out[c] = _to_float_array(values, hide_mean)
        mask[c] = hide_mean
    return _finish(df, out, mask, policy, [n_col, *means])


def declare_no_person_counts(
    df: pd.DataFrame, *, policy: DisclosurePolicy = DEFAULT_POLICY
) -> pd.DataFrame:
    """Mark a table that holds no statistics about people as fit to export.

    For reference tables (sector names, operation lists) that must still go
    through :func:`display_table` / :func:`write_csv`.  The caller vouches that
    no column counts or describes people; nothing is suppressed.
    """
    if "suppressed" in df.attrs:
        raise DisclosureError("table already went through protect_*")
    out = df.copy()
    out.attrs = {"suppressed": _empty_mask(df), "policy": policy, "protected_columns": ()}
    return out


# --------------------------------------------------------------------------- reading the mask


def _aligned_mask(df: pd.DataFrame, mask: Any = None) -> pd.DataFrame:
    """The suppression mask of a protected table, aligned to its current rows and columns.

    Rows are matched by index label (so filtering and sorting keep working);
    columns added after protection are unmasked if non-numeric and refused if
    numeric (they never went through protect_*).
    """
    if mask is None:
        mask = df.attrs.get("suppressed")
    if not isinstance(mask, pd.DataFrame):
        raise DisclosureError(
            "table has not been through protect_* (no attrs['suppressed']); protect it, or "
            "use declare_no_person_counts for a table with no statistics about people"
        )
    if mask.index.equals(df.index) and mask.columns.equals(df.columns):
        return mask
    if not mask.index.is_unique or not df.index.isin(mask.index).all():
        raise DisclosureError(
            "the table's rows no longer match its protection mask; protect the final table"
        )
    added = [c for c in df.columns if c not in mask.columns]
    numeric_added = [c for c in added if pd.api.types.is_numeric_dtype(df[c].dtype)]
    if numeric_added:
        raise DisclosureError(
            f"numeric columns {numeric_added} were added after protection; protect them too"
        )
    return mask.reindex(index=df.index, columns=df.columns, fill_value=False).astype(bool)


def is_suppressed(df: pd.DataFrame, col: Hashable) -> pd.Series:
    """Boolean Series (aligned to ``df.index``): True where ``df[col]`` was suppressed.

    For charts: draw suppressed bars hatched or labelled with the policy's
    marker rather than as zero.  A missing value that is *not* suppressed
    (e.g. a rate with a zero denominator) is False here.
    """
    _check_columns(df, [col])
    return _aligned_mask(df)[col].rename(col)


# --------------------------------------------------------------------------- rendering


def _format_number(value: Any, decimals: int | None = None) -> str:
    """A number as text: no trailing ``.0``, no exponent, ``-0`` shown as ``0``."""
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    x = float(value)
    if not np.isfinite(x):
        return "inf" if x > 0 else "-inf" if x < 0 else ""
    if decimals is not None:
        text = np.format_float_positional(x, precision=decimals, unique=False, trim="-")
    else:
        text = np.format_float_positional(x, trim="-")
    return "0" if text in ("-0", "0", "-0.", "0.") else text


def _format_value(value: Any, decimals: int | None = None) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float | np.floating) and np.isnan(value):
        return ""
    if isinstance(value, int | float | np.integer | np.floating | bool | np.bool_):
        return _format_number(value, decimals)
    return str(value)


def display_table(
    df: pd.DataFrame,
    policy: DisclosurePolicy | None = None,
    *,
    decimals: int | None = None,
) -> pd.DataFrame:
    """Render a protected table as text for publication.

    Suppressed cells become the policy's marker (``"c"`` or ``".."``), even if
    a value was put back into them after protection; other missing values
    become ``""``; numbers lose trailing ``.0`` (``5.0`` -> ``"5"``) and never
    use exponents.

    Args:
        df: output of a ``protect_*`` function (or of
            :func:`declare_no_person_counts`), possibly filtered or sorted.
        policy: the policy the table must have been protected under; defaults
            to ``df.attrs["policy"]``.
        decimals: if given, floats are rounded to this many decimals first
            (trailing zeros still dropped).

    Returns:
        A DataFrame of ``str`` with the same index and columns.

    Raises:
        DisclosureError: the table was not protected, or under another policy.
    """
    policy = _check_policy(df, policy)
    mask = _aligned_mask(df)
    columns = {}
    for j in range(df.shape[1]):
        flags = mask.iloc[:, j].to_numpy()
        texts = [_format_value(v, decimals) for v in df.iloc[:, j].tolist()]
        columns[j] = [policy.marker if f else t for f, t in zip(flags, texts, strict=True)]
    out = pd.DataFrame(columns, index=df.index, dtype=object)
    out.columns = df.columns
    return out


def _check_policy(df: pd.DataFrame, policy: DisclosurePolicy | None) -> DisclosurePolicy:
    used = df.attrs.get("policy")
    if not isinstance(used, DisclosurePolicy):
        raise DisclosureError(
            "table has not been through protect_* (no attrs['policy']); protect it, or use "
            "declare_no_person_counts for a table with no statistics about people"
        )
    if policy is not None and policy != used:
        raise DisclosureError(f"table was protected under {used}, not {policy}")
    return used


# --------------------------------------------------------------------------- CSV export

#: First characters that make Excel, LibreOffice or Google Sheets read a cell as a
#: formula (OWASP "CSV Injection"; NUL from OWASP ASVS 1.2.10).
_FORMULA_TRIGGERS = frozenset("=+-@\t\r\0")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> str:
    """Text of one CSV cell, neutralised against formula injection.

    The value is rendered as :func:`display_table` would (numbers without
    ``.0``, missing -> ``""``).  If the text starts with ``=``, ``+``, ``-``,
    ``@``, a tab, a carriage return or NUL -- also after leading spaces, which
    some spreadsheets skip -- and is not as a whole a plain number (``-3.5``,
    ``+3``, ``-1e-3``), a single quote is put in front so that spreadsheets
    show it as text (``=SUM(A1)`` -> ``'=SUM(A1)``).
    """
    text = _format_value(value)
    core = text.lstrip(" ")
    if core[:1] in _FORMULA_TRIGGERS and not _NUMBER.fullmatch(core):
        return "'" + text
    return text


def _label_text(label: Any) -> str:
    if isinstance(label, tuple):
        return " ".join(_format_value(part) for part in label if _format_value(part))
    return _format_value(label)


def _file_mode(path: Path) -> int:
    """Permissions for the new file: those of the file it replaces, else 0o666 minus umask."""
    with contextlib.suppress(FileNotFoundError):
        return path.stat().st_mode & 0o7777
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_csv(
    df: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    policy: DisclosurePolicy,
    count_cols: Sequence[Hashable] = (),
    decimals: int | None = None,
) -> Path:
    """Write a protected table as a CSV file for publication, atomically.

    The table is rendered by :func:`display_table` (suppressed cells as the
    policy's marker), every header and cell passes through :func:`safe_cell`,
    and the file is UTF-8 with ``\\n`` line endings and no BOM.  A meaningful
    index (anything but the default 0..n-1 RangeIndex, e.g. the row labels of
    a cross-table) is written as the first column(s); the default index is
    not written.  The same table always gives the same bytes.

    The file is written to a temporary file in the same folder, flushed to
    disk and moved into place with ``os.replace``: a reader sees the old file
    or the new one, never half of one.

    Args:
        df: a protected table (see :func:`display_table`).
        path: destination file; its folder must exist.
        policy: the policy the table must have been protected under.
        count_cols: if given, :func:`assert_no_small_counts` runs on these
            columns first, as a last check.
        decimals: passed to :func:`display_table`.

    Returns:
        The destination path.

    Raises:
        DisclosureError: the table is not protected under ``policy``, or a
            shown count in ``count_cols`` is 1..k-1.
    """
    if count_cols:
        _check_policy(df, policy)
        # HESA-rounded counts are multiples of 5, so none may be 1..4.
        k = policy.k if policy.kind == "suppress" else HESA_BASE
        assert_no_small_counts(df, count_cols=count_cols, k=k)
    text = display_table(df, policy, decimals=decimals)
    if not (isinstance(df.index, pd.RangeIndex) and df.index.equals(pd.RangeIndex(len(df)))):
        names = [
            _label_text(name) if name is not None else f"level_{i}" if i else "index"
            for i, name in enumerate(df.index.names)
        ]
        index_cols = [
            [_label_text(v) for v in df.index.get_level_values(i)] for i in range(df.index.nlevels)
        ]
    else:
        names, index_cols = [], []
    header = names + [_label_text(c) for c in df.columns]
    body = text.to_numpy(dtype=object)

    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([safe_cell(h) for h in header])
            for i in range(body.shape[0]):
                row = [col[i] for col in index_cols] + list(body[i])
                writer.writerow([safe_cell(v) for v in row])
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, _file_mode(target))
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return target


# --------------------------------------------------------------------------- last check


def assert_no_small_counts(
    df: pd.DataFrame, *, count_cols: Sequence[Hashable] | Hashable, k: int
) -> None:
    """Raise if any *shown* count of people in ``count_cols`` is 1..k-1.

    Works on a protected table (suppressed cells are skipped even if a value
    was put back) and on a rendered one from :func:`display_table` (markers
    and other text are not numbers and are skipped).

    Raises:
        DisclosureError: naming every offending column, row label and value.
        KeyError: a column is missing.
    """
    if isinstance(count_cols, str) or not isinstance(count_cols, Iterable):
        cols = [count_cols]
    else:
        cols = list(count_cols)
    _check_columns(df, cols)
    mask = _aligned_mask(df) if "suppressed" in df.attrs else None
    problems: list[str] = []
    for col in cols:
        series = df[col]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            series = pd.to_numeric(series.astype("string").str.lstrip("'"), errors="coerce")
        values = pd.to_numeric(series, errors="coerce").astype("Float64")
        small = ((values >= 1) & (values < k)).fillna(False).to_numpy(dtype=bool)
        if mask is not None:
            small &= ~mask[col].to_numpy(dtype=bool)
        for i in np.flatnonzero(small):
            value = _format_number(values.iloc[i])
            problems.append(f"column {col!r}, row {df.index[i]!r}: {value}")
    if problems:
        raise DisclosureError(
            f"counts of 1 to {k - 1} people would be published: " + "; ".join(problems)
        )
