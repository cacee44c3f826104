"""Tests for the disclosure layer's tables: policy, protect_*, the Protected wrapper, display and export.

Hand-made tables, expected answers worked out in the comments.  The attacker helpers
below are written independently of the library: they take the true values, which cells
are hidden and which cells add up to which totals, and try to recover hidden cells (by
peeling lines with one unknown, and by linear programming with every hidden cell at
least 1, since zeros are always shown).
"""

from __future__ import annotations

import dataclasses
import os
import stat
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from analysis.disclosure import engine, export
from analysis.disclosure.export import (
    assert_no_small_counts,
    csv_text,
    display_table,
    safe_cell,
    write_csv,
    write_text_atomic,
)
from analysis.disclosure.policy import DisclosurePolicy, DisclosureWarning, hesa_round
from analysis.disclosure.protect import (
    Protected,
    declare_no_person_counts,
    mask_thin_lines,
    protect_counts,
    protect_crosstab,
    protect_means,
    protect_rates,
)
from analysis.errors import DisclosureError

Line = tuple[Sequence[int], int]  # (member cells, total cell) in a flat array of cells

K3 = DisclosurePolicy()
K5 = DisclosurePolicy(k=5)
HESA = DisclosurePolicy(kind="hesa")


# --------------------------------------------------------------------------- attackers


def peel(raw: np.ndarray, hidden: np.ndarray, lines: Sequence[Line]) -> dict[int, float]:
    """Recover hidden cells by subtraction: any line with one unknown gives it away.

    Repeats until nothing changes (a recovered cell can open another line).
    Returns {cell: recovered value}.
    """
    known = {i: float(raw[i]) for i in range(raw.size) if not hidden[i]}
    recovered: dict[int, float] = {}
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            cells = [*members, total]
            unknown = [c for c in cells if c not in known]
            if len(unknown) != 1:
                continue
            c = unknown[0]
            if c == total:
                value = sum(known[m] for m in members)
            else:
                value = known[total] - sum(known[m] for m in members if m != c)
            known[c] = recovered[c] = value
            changed = True
    return recovered


def bounds(raw: np.ndarray, hidden: np.ndarray, lines: Sequence[Line]) -> dict[int, tuple]:
    """Smallest and largest value of each hidden cell given every line, hidden >= 1."""
    unknown = list(np.flatnonzero(hidden))
    pos = {c: i for i, c in enumerate(unknown)}
    a_eq, b_eq = [], []
    for members, total in lines:
        row, rhs = np.zeros(len(unknown)), 0.0
        for c, coef in [(m, 1.0) for m in members] + [(total, -1.0)]:
            if hidden[c]:
                row[pos[c]] += coef
            else:
                rhs -= coef * raw[c]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    out = {}
    for c in unknown:
        obj = np.zeros(len(unknown))
        obj[pos[c]] = 1
        kw = {"A_eq": np.array(a_eq), "b_eq": np.array(b_eq)} if a_eq else {}
        lo = linprog(obj, bounds=[(1, None)] * len(unknown), method="highs", **kw)
        hi = linprog(-obj, bounds=[(1, None)] * len(unknown), method="highs", **kw)
        assert lo.status == 0
        out[c] = (lo.fun, -hi.fun if hi.status == 0 else np.inf)
    return out


def assert_unrecoverable(raw: np.ndarray, hidden: np.ndarray, lines: Sequence[Line], k: int):
    """The attack fails: no line has exactly one unknown, peeling finds nothing,
    every hidden cell has a range of possible values, and the hidden cells of every
    line with a shown total hold at least k people together."""
    for members, total in lines:
        n_unknown = sum(bool(hidden[c]) for c in [*members, total])
        assert n_unknown != 1, f"line {members}->{total} has exactly one unknown"
        if not hidden[total] and n_unknown:
            assert raw[[m for m in members if hidden[m]]].sum() >= k
    assert peel(raw, hidden, lines) == {}
    for cell, (lo, hi) in bounds(raw, hidden, lines).items():
        assert hi - lo >= 1, f"cell {cell} pinned to {lo}"


def crosstab_system(table: pd.DataFrame) -> tuple[np.ndarray, list[Line]]:
    """Flatten a table whose last row and last column are margins into cells and lines."""
    n_r, n_c = table.shape
    raw = table.to_numpy(dtype=float).ravel()
    lines: list[Line] = [([i * n_c + j for j in range(n_c - 1)], i * n_c + n_c - 1) for i in range(n_r)]
    lines += [([i * n_c + j for i in range(n_r - 1)], (n_r - 1) * n_c + j) for j in range(n_c)]
    return raw, lines


def tidy_system(
    df: pd.DataFrame, count: str, group: str, total: str, mask: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, list[Line]]:
    """Cells: every row's count, then one total per group; lines: group members -> total."""
    n = len(df)
    raw, hidden, lines = list(df[count].astype(float)), list(mask[count]), []
    for _, rows in df.groupby(group, sort=False).indices.items():
        raw.append(float(df[total].iloc[rows[0]]))
        hidden.append(bool(mask[total].iloc[rows[0]]))
        lines.append((list(rows), n + len(lines)))
    return np.array(raw), np.array(hidden), lines


def with_margins(inner: pd.DataFrame) -> pd.DataFrame:
    t = inner.copy()
    t.loc["All"] = t.sum()
    t["All"] = t.sum(axis=1)
    return t


# --------------------------------------------------------------------------- policy


def test_policy_defaults_markers_and_validation():
    assert (K3.kind, K3.k, K3.marker) == ("suppress", 3, "c")
    assert HESA.marker == ".."
    with pytest.raises(ValueError):
        DisclosurePolicy(k=0)
    with pytest.raises(ValueError):
        DisclosurePolicy(kind="round")  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        K3.k = 5  # type: ignore[misc]
    assert DisclosurePolicy(k=5) == K5


# --------------------------------------------------------------------------- tidy counts


def test_primary_suppression_keeps_zeros():
    # k=3: 1 and 2 are small and suppressed; 0 is shown (a true zero names nobody);
    # 3 and 7 are shown.  totals_known=False: no additive relation, so primary only.
    df = pd.DataFrame({"sector": list("abcde"), "n": [0, 1, 2, 3, 7]})
    out = protect_counts(df, count_cols="n", policy=K3, totals_known=False)
    assert out.data["n"].dtype == "Int64"
    assert out.data["n"].tolist() == [0, pd.NA, pd.NA, 3, 7]
    assert out.suppressed["n"].tolist() == [False, True, True, False, False]
    assert not out.suppressed["sector"].any()
    assert out.policy == K3 and out.counts == ("n",)
    assert display_table(out)["n"].tolist() == ["0", "c", "c", "3", "7"]


def test_secondary_suppression_when_one_cell_is_suppressed():
    # Cohort 2019, 11 people: a=2, b=5, c=4, d=0; total 11 published.
    # Primary: a=2.  Alone it is recoverable: 11 - 5 - 4 - 0 = 2.
    # Secondary: the smallest non-zero shown cell, c=4.  Now a + c = 11 - 5 - 0 = 6 with
    # a, c >= 1: a is anywhere in 1..5.  The zero stays shown.
    df = pd.DataFrame({"cohort": 2019, "sector": list("abcd"), "n": [2, 5, 4, 0], "size": 11})
    out = protect_counts(df, count_cols="n", group_cols="cohort", total_col="size", policy=K3)
    assert display_table(out)["n"].tolist() == ["c", "5", "c", "0"]
    assert out.data["size"].tolist() == [11] * 4

    raw, hidden, lines = tidy_system(df, "n", "cohort", "size", out.suppressed)
    # The attack on primary suppression alone succeeds ...
    naive = hidden.copy()
    naive[2] = False
    assert peel(raw, naive, lines) == {0: 2.0}
    # ... and fails on the protected table.
    assert_unrecoverable(raw, hidden, lines, k=3)
    assert bounds(raw, hidden, lines)[0] == pytest.approx((1, 5))


def test_suppressed_cells_together_must_not_be_a_small_count():
    # 5 people: a=3, b=1, c=1.  Primary b, c; but b + c = 5 - 3 = 2 < k, and with two
    # suppressed cells of at least 1 each that means b = c = 1.  So a=3 is suppressed
    # too: a + b + c = 5, each anywhere in 1..3.
    df = pd.DataFrame({"cohort": 2020, "sector": list("abc"), "n": [3, 1, 1], "size": 5})
    out = protect_counts(df, count_cols="n", group_cols="cohort", total_col="size", policy=K3)
    assert display_table(out)["n"].tolist() == ["c", "c", "c"]
    assert display_table(out)["size"].tolist() == ["5", "5", "5"]
    raw, hidden, lines = tidy_system(df, "n", "cohort", "size", out.suppressed)
    assert_unrecoverable(raw, hidden, lines, k=3)


def test_group_total_below_k_is_suppressed():
    # Cohort 2021 has 2 people, both in sector a: the total 2 is itself small, so it is
    # suppressed on every row of the group; a=2 is primary; the zeros stay shown.
    # Cohort 2022 (a=4, b=1, c=0; 5 people): b primary, a secondary, total 5 shown.
    df = pd.DataFrame(
        {
            "cohort": [2021] * 3 + [2022] * 3,
            "sector": list("abc") * 2,
            "n": [2, 0, 0, 4, 1, 0],
            "size": [2] * 3 + [5] * 3,
        }
    )
    out = protect_counts(df, count_cols="n", group_cols="cohort", total_col="size", policy=K3)
    shown = display_table(out)
    assert shown["n"].tolist() == ["c", "0", "0", "c", "c", "0"]
    assert shown["size"].tolist() == ["c", "c", "c", "5", "5", "5"]
    assert out.data["size"].dtype == "Int64"
    raw, hidden, lines = tidy_system(df, "n", "cohort", "size", out.suppressed)
    assert_unrecoverable(raw, hidden, lines, k=3)


def test_all_ones_group_suppresses_its_total():
    # 3 people, one in each sector: every cell is primary (1 < 3); with the total 3
    # shown, three suppressed cells of at least 1 adding to 3 are all 1.  No cell is
    # left to suppress, so the total goes.
    df = pd.DataFrame({"cohort": 2023, "sector": list("abc"), "n": [1, 1, 1], "size": 3})
    out = protect_counts(df, count_cols="n", group_cols="cohort", total_col="size", policy=K3)
    assert display_table(out)[["n", "size"]].to_numpy().tolist() == [["c", "c"]] * 3


def test_total_outside_the_table_warns():
    # No total_col: the group's sum (2) is assumed known from elsewhere.  Both cells are
    # suppressed but the sum 2 < k still gives them away, and the total is not in this
    # table to suppress: the caller is told not to publish it.
    df = pd.DataFrame({"sector": list("ab"), "n": [1, 1]})
    with pytest.warns(DisclosureWarning, match="do not publish that total"):
        out = protect_counts(df, count_cols="n", policy=K3)
    assert out.data["n"].isna().all()


def test_protect_counts_validates_its_input():
    df = pd.DataFrame({"g": [1, 1], "n": [2, 3], "size": [5, 6]})
    with pytest.raises(ValueError, match="differs between rows"):
        protect_counts(df, count_cols="n", group_cols="g", total_col="size")
    df = pd.DataFrame({"g": [1, 1], "n": [2, 3], "size": [7, 7]})
    with pytest.raises(ValueError, match="adds up to 5"):
        protect_counts(df, count_cols="n", group_cols="g", total_col="size")
    with pytest.raises(ValueError, match="whole numbers"):
        protect_counts(pd.DataFrame({"n": [1.5]}), count_cols="n")
    with pytest.raises(ValueError, match="missing"):
        protect_counts(pd.DataFrame({"n": [1, None]}), count_cols="n")


def test_k_is_a_parameter():
    # Cohort of 11: a=4, b=3, c=4, d=0.
    # k=3: nothing is below 3, nothing suppressed.
    # k=5: a, b, c are all 1..4 -> primary; they hold 11 >= 5 together, 3 cells: safe.
    df = pd.DataFrame({"cohort": 1, "sector": list("abcd"), "n": [4, 3, 4, 0], "size": 11})
    out3 = protect_counts(df, count_cols="n", group_cols="cohort", total_col="size", policy=K3)
    out5 = protect_counts(df, count_cols="n", group_cols="cohort", total_col="size", policy=K5)
    assert display_table(out3)["n"].tolist() == ["4", "3", "4", "0"]
    assert display_table(out5)["n"].tolist() == ["c", "c", "c", "0"]
    assert_no_small_counts(out5, count_cols=["n", "size"], k=5)
    with pytest.raises(DisclosureError):
        assert_no_small_counts(out3, count_cols="n", k=5)


# --------------------------------------------------------------------------- cross-tables

CROSS = with_margins(
    pd.DataFrame(
        {"UN": [4, 5, 3], "NGO": [1, 6, 5], "Gov": [3, 4, 6]},
        index=pd.Index([2019, 2020, 2021], name="cohort"),
    )
)
#         UN  NGO  Gov  All
# 2019     4    1    3    8
# 2020     5    6    4   15
# 2021     3    5    6   14
# All     12   12   13   37


def test_crosstab_single_suppression_is_recoverable_both_ways():
    # Suppress only the 1: the row gives 8 - 4 - 3 = 1 and the column 12 - 6 - 5 = 1.
    raw, lines = crosstab_system(CROSS)
    hidden = np.zeros(raw.size, dtype=bool)
    hidden[0 * 4 + 1] = True
    rows_alone = [ln for ln in lines if ln[1] == 3]  # row 2019 only
    cols_alone = [ln for ln in lines if ln[1] == 13]  # column NGO only
    assert peel(raw, hidden, rows_alone) == {1: 1.0}
    assert peel(raw, hidden, cols_alone) == {1: 1.0}
    assert engine.exact_cells(  # the engine's exact check sees it too
        raw, hidden, [engine.Line(np.array(m), t, "") for m, t in lines], lower=np.ones(raw.size)
    ) == [1]


def test_crosstab_with_margins_k3():
    # Worked through the algorithm (k=3):
    # primary (2019, NGO)=1.  Row 2019 has one unknown: candidates UN=4 and Gov=3 each
    # leave their column with one unknown; tie -> smaller -> (2019, Gov)=3.
    # Column NGO has one unknown: (2020, NGO)=6 and (2021, NGO)=5 each expose a row;
    # tie -> smaller -> (2021, NGO)=5.  Column Gov has one unknown (3): (2021, Gov)=6
    # completes row 2021 (5 + 6), (2020, Gov)=4 would expose row 2020 -> (2021, Gov).
    # Result: the rectangle 2019/2021 x NGO/Gov.  With t = (2019, NGO):
    # (2019, Gov) = 4 - t, (2021, NGO) = 6 - t, (2021, Gov) = 5 + t, all >= 1: t in 1..3.
    out = protect_crosstab(CROSS, policy=K3)
    expected = [
        ["4", "c", "c", "8"],
        ["5", "6", "4", "15"],
        ["3", "c", "c", "14"],
        ["12", "12", "13", "37"],
    ]
    assert display_table(out).to_numpy().tolist() == expected
    assert list(out.index) == list(CROSS.index) and list(out.columns) == list(CROSS.columns)
    assert (out.data.dtypes == "Int64").all()
    raw, lines = crosstab_system(CROSS)
    hidden = out.suppressed.to_numpy().ravel()
    assert_unrecoverable(raw, hidden, lines, k=3)
    assert bounds(raw, hidden, lines)[1] == pytest.approx((1, 3))


def test_crosstab_with_margins_k5():
    # k=5: primary (2019, UN)=4, (2019, NGO)=1, (2019, Gov)=3, (2020, Gov)=4, (2021, UN)=3.
    # Row 2019 holds three suppressed cells summing to 8: safe.  Row 2020 has one unknown:
    # (2020, UN)=5 and (2020, NGO)=6 both leave their column safe -> smaller, (2020, UN).
    # Row 2021 has one unknown: (2021, NGO)=5 and (2021, Gov)=6 both safe -> (2021, NGO).
    # Columns: UN {4, 5, 3} = 12, NGO {1, 5} = 6, Gov {3, 4} = 7: all safe.
    # Reader: 7 unknowns, 5 independent equations; none pinned.
    out = protect_crosstab(CROSS, policy=K5)
    expected = [
        ["c", "c", "c", "8"],
        ["c", "6", "c", "15"],
        ["c", "c", "6", "14"],
        ["12", "12", "13", "37"],
    ]
    assert display_table(out).to_numpy().tolist() == expected
    raw, lines = crosstab_system(CROSS)
    assert_unrecoverable(raw, out.suppressed.to_numpy().ravel(), lines, k=5)
    assert_no_small_counts(out, count_cols=list(out.columns), k=5)


def test_crosstab_small_margin():
    #        A   B  All
    # x      1   1    2   <- row margin 2 < 3: suppressed with both cells
    # y      4   5    9
    # z      3   4    7
    # All    8  10   18
    # Column A has one unknown (1): (z, A)=3 and (y, A)=4 each expose a row; smaller ->
    # (z, A).  Column B: (z, B)=4 completes row z -> (z, B).  The margin column
    # {2, 9, 7} -> 18 now has one unknown (2): the margin 7 keeps row z safe (its cells
    # are hidden too), the margin 9 would expose row y -> margin z suppressed.
    inner = pd.DataFrame({"A": [1, 4, 3], "B": [1, 5, 4]}, index=list("xyz"))
    table = with_margins(inner)
    out = protect_crosstab(table, policy=K3)
    expected = [["c", "c", "c"], ["4", "5", "9"], ["c", "c", "c"], ["8", "10", "18"]]
    assert display_table(out).to_numpy().tolist() == expected
    raw, lines = crosstab_system(table)
    assert_unrecoverable(raw, out.suppressed.to_numpy().ravel(), lines, k=3)


def test_crosstab_pinned_by_a_combination_of_lines(monkeypatch):
    #        s0  s1  s2  All
    # 0       1   0   1    2
    # 1       2   0   1    3
    # 2       2   1   0    3
    # All     5   1   2    8
    # k=3.  The line rules alone stop at: every 1 and 2 suppressed, margins 2, 3 (row 1),
    # 1 (s1) and 2 (s2) suppressed, row margin 3 (row 2) and column margin 5 (s0) shown.
    # Each line on its own leaves its cells open, but together: column s1 has one
    # non-zero cell, so (2, s1) = M1; column s2 has two suppressed cells, so M2 >= 2;
    # the margin row says 5 + M1 + M2 = 8, so M1 = 1 and M2 = 2 exactly.
    # The exact audit catches this and keeps suppressing until nothing is pinned:
    # here every non-zero cell and margin except the grand total.
    inner = pd.DataFrame([[1, 0, 1], [2, 0, 1], [2, 1, 0]], columns=["s0", "s1", "s2"])
    table = with_margins(inner)
    raw, lines = crosstab_system(table)

    with monkeypatch.context() as m:
        m.setattr(engine, "exact_cells", lambda *args, **kwargs: [])  # line rules only
        lines_only = protect_crosstab(table, policy=K3)
    hidden = lines_only.suppressed.to_numpy().ravel()
    pinned = {c for c, (lo, hi) in bounds(raw, hidden, lines).items() if hi - lo < 1}
    assert {2 * 4 + 1, 3 * 4 + 1, 3 * 4 + 2} <= pinned  # (2, s1), M1, M2

    out = protect_crosstab(table, policy=K3)
    expected = [["c", "0", "c", "c"], ["c", "0", "c", "c"], ["c", "c", "0", "c"], ["c", "c", "c", "8"]]
    assert display_table(out).to_numpy().tolist() == expected
    assert_unrecoverable(raw, out.suppressed.to_numpy().ravel(), lines, k=3)


def test_several_count_columns_share_one_total():
    # Cohort of 5: first post a=3, b=2, c=0; current post a=5, b=0, c=0.
    # first: b=2 primary, a=3 secondary (smallest non-zero shown); current: nothing small.
    # Cohort of 2: the total is small -> suppressed; every non-zero count is 1 or 2.
    df = pd.DataFrame(
        {
            "cohort": [1, 1, 1, 2, 2, 2],
            "sector": list("abc") * 2,
            "first": [3, 2, 0, 2, 0, 0],
            "current": [5, 0, 0, 1, 1, 0],
            "size": [5, 5, 5, 2, 2, 2],
        }
    )
    out = protect_counts(
        df, count_cols=["first", "current"], group_cols="cohort", total_col="size", policy=K3
    )
    shown = display_table(out)
    assert shown["first"].tolist() == ["c", "c", "0", "c", "0", "0"]
    assert shown["current"].tolist() == ["5", "0", "0", "c", "c", "0"]
    assert shown["size"].tolist() == ["5", "5", "5", "c", "c", "c"]
    for col in ["first", "current"]:
        raw, hidden, lines = tidy_system(df, col, "cohort", "size", out.suppressed)
        assert_unrecoverable(raw, hidden, lines, k=3)


def test_crosstab_without_margins_known_or_not():
    #     A  B         margins not in the table.
    # x   1  5   (6)
    # y   4  6   (10)
    #    (5)(11) (16)
    # Known to the reader (default): (x, A) = 1 alone in its row would be 6 - 5, so the
    # chain row x -> column B -> ... ends with all four cells hidden: t = (x, A) in 1..4
    # ((x, B) = 6 - t, (y, A) = 5 - t, (y, B) = 5 + t).
    inner = pd.DataFrame({"A": [1, 4], "B": [5, 6]}, index=["x", "y"])
    known = protect_crosstab(inner, policy=K3)
    assert display_table(known).to_numpy().tolist() == [["c", "c"], ["c", "c"]]
    # Not known (margins_known=False: the margins are derived, never published): with
    # (x, A) hidden, row x's sum is unknown too, so nothing gives it away.
    unknown = protect_crosstab(inner, policy=K3, margins_known=False)
    assert display_table(unknown).to_numpy().tolist() == [["c", "5"], ["4", "6"]]


def test_crosstab_checks_margins_and_accepts_pandas_crosstab():
    bad = CROSS.copy()
    bad.loc["All", "UN"] = 13
    with pytest.raises(ValueError, match="margin row"):
        protect_crosstab(bad)
    people = pd.DataFrame({"cohort": [1, 1, 1, 1, 2, 2, 2], "sector": list("aabbabb")})
    table = pd.crosstab(people["cohort"], people["sector"], margins=True)
    out = protect_crosstab(table, policy=K3)
    assert out.suppressed.to_numpy().any()
    raw, lines = crosstab_system(table)
    assert_unrecoverable(raw, out.suppressed.to_numpy().ravel(), lines, k=3)


@pytest.mark.parametrize("seed", range(40))
def test_random_crosstabs_are_never_recoverable(seed):
    # Property check on small random tables like the real ones (a few people per cell).
    rng = np.random.default_rng(seed)
    shape = (rng.integers(2, 6), rng.integers(2, 5))
    inner = pd.DataFrame(rng.poisson(rng.uniform(0.5, 4), size=shape))
    inner.columns = [f"s{j}" for j in range(shape[1])]
    table = with_margins(inner)
    k = int(rng.choice([3, 5]))
    with warnings.catch_warnings():
        warnings.simplefilter("error", DisclosureWarning)  # margins are in the table
        out = protect_crosstab(table, policy=DisclosurePolicy(k=k))
    assert_no_small_counts(out, count_cols=list(out.columns), k=k)
    raw, lines = crosstab_system(table)
    assert_unrecoverable(raw, out.suppressed.to_numpy().ravel(), lines, k=k)


# --------------------------------------------------------------------------- rates and means

RATES = pd.DataFrame(
    {
        "cohort": list("ABCDEFG"),
        "in_field": [0, 1, 9, 5, 0, 10, 0],
        "advisors": [2, 10, 10, 10, 10, 10, 0],
    }
)
RATES["share"] = RATES["in_field"] / RATES["advisors"]


def test_rates_suppress_policy():
    # k=3, per row:
    # A 0/2   denominator 2 < 3        -> numerator, denominator and share suppressed
    # B 1/10  numerator 1 small        -> numerator and share suppressed, 10 shown
    # C 9/10  complement 10 - 9 = 1    -> numerator and share suppressed, 10 shown
    # D 5/10  complement 5             -> shown
    # E 0/10  zero, complement 10      -> shown
    # F 10/10 complement 0             -> shown
    # G 0/0   no one, no rate          -> counts shown, share missing but not suppressed
    out = protect_rates(
        RATES, numerator="in_field", denominator="advisors", rate_cols="share", policy=K3
    )
    shown = display_table(out)
    assert shown["in_field"].tolist() == ["c", "c", "c", "5", "0", "10", "0"]
    assert shown["advisors"].tolist() == ["c", "10", "10", "10", "10", "10", "0"]
    assert shown["share"].tolist() == ["c", "c", "c", "0.5", "0", "1", ""]
    assert out.data["share"].dtype == "Float64" and out.data["in_field"].dtype == "Int64"
    assert out.hidden("share").tolist() == [True] * 3 + [False] * 4


def test_rates_k5_suppresses_more():
    # k=5: D 5/10 has complement 5 -> still shown; a row 3/10 (shown at k=3) is hidden.
    df = pd.DataFrame({"num": [5, 3], "den": [10, 10]})
    df["rate"] = df["num"] / df["den"]
    out3 = protect_rates(df, numerator="num", denominator="den", rate_cols=["rate"], policy=K3)
    out5 = protect_rates(df, numerator="num", denominator="den", rate_cols=["rate"], policy=K5)
    assert display_table(out3)["rate"].tolist() == ["0.5", "0.3"]
    assert display_table(out5)["rate"].tolist() == ["0.5", "c"]


def test_rates_hesa_percentage_threshold_22_vs_23():
    # HESA: counts rounded (11 -> 10, 22 -> 20, 23 -> 25, 22.5 -> 25).  The rate is
    # recomputed from the ROUNDED counts as a whole percentage: 10/25 = 0.4 (not the
    # unrounded 11/23 = 0.478), and suppressed when the UNROUNDED denominator is below
    # 22.5 (22: yes; 22.5 and 23: no).  The counts themselves are never suppressed.
    df = pd.DataFrame({"num": [11, 11, 11.0], "den": [22, 23, 22.5]})
    df["rate"] = df["num"] / df["den"]
    out = protect_rates(df, numerator="num", denominator="den", rate_cols="rate", policy=HESA)
    assert out.data["num"].tolist() == [10, 10, 10]
    assert out.data["den"].tolist() == [20, 25, 25]
    assert out.hidden("rate").tolist() == [True, False, False]
    assert not out.hidden("num").any() and not out.hidden("den").any()
    assert out.values("rate")[1:].tolist() == [0.4, 0.4]
    assert display_table(out, HESA)["rate"].tolist() == ["..", "0.4", "0.4"]


def test_rates_hesa_do_not_give_the_numerator_back():
    # 28 of 30: the unrounded share 0.933 (to 3 decimals) times the published 30 gives
    # 28 back, undoing the rounding of the numerator.  Recomputed from the rounded counts
    # 30/30 it is 1.0.  29/31 -> 30/30 -> 1.0 too; 17/31 -> 15/30 -> 0.5; 19/31 -> 20/30
    # -> 0.666.. -> 0.67 (whole percentages).  Row 5: 0 people -> no rate, not marked.
    # The second rate column (an interval limit) cannot be recomputed from rounded
    # counts: it is suppressed wherever there is a rate.
    df = pd.DataFrame({"num": [28, 29, 17, 19, 0], "den": [30, 31, 31, 31, 0]})
    with np.errstate(divide="ignore", invalid="ignore"):
        df["rate"] = (df["num"] / df["den"]).round(3)
    df["lower"] = df["rate"] - 0.1
    assert round(df["rate"].iloc[0] * 30) == 28  # the leak this prevents
    out = protect_rates(df, numerator="num", denominator="den", rate_cols=["rate", "lower"], policy=HESA)
    assert out.data["num"].tolist() == [30, 30, 15, 20, 0]
    assert out.data["den"].tolist() == [30, 30, 30, 30, 0]
    rates = out.values("rate")
    assert rates[:4].tolist() == [1.0, 1.0, 0.5, 0.67] and np.isnan(rates[4])
    assert out.hidden("rate").tolist() == [False] * 5
    assert out.hidden("lower").tolist() == [True, True, True, True, False]
    assert display_table(out)["lower"].tolist() == ["..", "..", "..", "..", ""]
    assert out.counts == ("num", "den")


def test_means_hesa_7_vs_8():
    # HESA suppresses averages based on 7 or fewer people: n=7 hidden, n=8 shown;
    # n itself is rounded (7 -> 5, 8 -> 10).
    df = pd.DataFrame({"n": [7, 8], "mean_months": [14.25, 20.5]})
    out = protect_means(df, mean_cols="mean_months", n_col="n", policy=HESA)
    assert out.data["n"].tolist() == [5, 10]
    assert display_table(out)["mean_months"].tolist() == ["..", "20.5"]


def test_means_suppress_policy():
    # k=3: n=2 -> mean and n suppressed; n=3 -> shown; n=0 -> no mean, nothing to hide.
    df = pd.DataFrame({"n": [2, 3, 0], "mean_months": [10.0, 12.0, np.nan]})
    out = protect_means(df, mean_cols=["mean_months"], n_col="n", policy=K3)
    shown = display_table(out)
    assert shown["n"].tolist() == ["c", "3", "0"]
    assert shown["mean_months"].tolist() == ["c", "12", ""]


def test_protections_chain_on_other_columns_but_not_twice():
    df = RATES.assign(n_months=[2, 10, 10, 10, 10, 10, 0], mean_months=[5.0] * 7)
    once = protect_rates(df, numerator="in_field", denominator="advisors", rate_cols="share")
    twice = protect_means(once, mean_cols="mean_months", n_col="n_months")
    assert twice.suppressed["share"].tolist() == once.suppressed["share"].tolist()
    assert twice.suppressed["mean_months"].iloc[0]
    with pytest.raises(DisclosureError, match="already"):
        protect_counts(twice, count_cols="in_field")
    with pytest.raises(DisclosureError, match="protected under"):
        protect_means(once, mean_cols="mean_months", n_col="n_months", policy=K5)


# --------------------------------------------------------------------------- HESA rounding


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        (1, 0),
        (2, 0),  # below 2.5 -> 0
        (2.5, 5),  # halves up
        (3, 5),
        (7, 5),
        (7.5, 10),  # halves up
        (12, 10),
        (12.5, 15),
        (22, 20),
        (23, 25),
        (2.4999999999999996, 0),  # the largest double below 2.5 is still below 2.5
    ],
)
def test_hesa_round_table(value, expected):
    assert hesa_round(value) == expected


def test_hesa_round_vectorised_and_missing():
    s = pd.Series([0, 1, 2, 2.5, 3, 7, 7.5, 12, 22, 23, None], index=list("abcdefghijk"), name="n")
    out = hesa_round(s)
    assert out.dtype == "Int64" and out.name == "n" and list(out.index) == list(s.index)
    assert out.tolist() == [0, 0, 0, 5, 5, 5, 10, 10, 20, 25, pd.NA]
    assert hesa_round(None) is pd.NA
    with pytest.raises(ValueError):
        hesa_round(pd.Series([-1]))


def test_hesa_counts_round_totals_independently():
    # Cells 1, 1, 1 -> 0, 0, 0 but the total 3 -> 5: rows need not add up.
    df = pd.DataFrame({"g": 1, "n": [1, 1, 1], "size": 3})
    out = protect_counts(df, count_cols="n", group_cols="g", total_col="size", policy=HESA)
    assert out.data["n"].tolist() == [0, 0, 0] and out.data["size"].tolist() == [5, 5, 5]
    assert not out.suppressed.to_numpy().any()
    table = protect_crosstab(CROSS, policy=HESA)
    assert table.data.loc[2019].tolist() == [5, 0, 5, 10]  # 4, 1, 3 -> 5, 0, 5; total 8 -> 10
    assert table.data.loc["All", "All"] == 35  # 37 -> 35
    assert_no_small_counts(table, count_cols=list(table.columns), k=5)


# --------------------------------------------------------------------------- display, masks


def test_display_table_formats_and_markers():
    df = pd.DataFrame({"label": ["x", None], "n": [5, 1], "share": [0.25, 2.0]})
    df["n"] = df["n"].astype(float)  # 5.0 must print as "5"
    out = declare_no_person_counts(pd.DataFrame({"v": [5.0, -0.0, 1e-7, np.nan]}))
    assert display_table(out)["v"].tolist() == ["5", "0", "0.0000001", ""]
    protected = protect_means(df, mean_cols="share", n_col="n", policy=K3)
    assert display_table(protected).to_numpy().tolist() == [["x", "5", "0.25"], ["", "c", "c"]]


def test_display_requires_protection_and_matching_policy():
    raw = pd.DataFrame({"n": [1, 2]})
    with pytest.raises(DisclosureError, match="only a Protected table"):
        display_table(raw, K3)
    out = protect_counts(pd.DataFrame({"n": [1, 5]}), count_cols="n", totals_known=False)
    with pytest.raises(DisclosureError, match="protected under"):
        display_table(out, K5)
    with pytest.raises(DisclosureError, match="numbers may be added only by protect_"):
        out.with_labels(extra=[1, 2])


def test_mask_follows_filtering_and_sorting():
    df = pd.DataFrame({"sector": list("abc"), "n": [1, 5, 7]})
    out = protect_counts(df, count_cols="n", totals_known=False)
    sorted_ = out.take([2, 1, 0])
    assert sorted_.hidden("n").tolist() == [False, False, True]
    assert display_table(sorted_)["n"].tolist() == ["7", "5", "c"]
    assert out.select([True, False, True]).labels("sector") == ["a", "c"]
    # A value put back into a suppressed cell is still shown as the marker.
    refilled = dataclasses.replace(out, data=out.data.fillna({"n": 0}))
    assert display_table(refilled)["n"].tolist() == ["c", "5", "7"]
    assert_no_small_counts(refilled, count_cols="n", k=3)


def test_assert_no_small_counts_names_column_row_and_value():
    df = pd.DataFrame({"n": [0, 5, 2], "m": [3, 4, 9]}, index=["x", "y", "z"])
    with pytest.raises(DisclosureError) as err:
        assert_no_small_counts(df, count_cols=["n", "m"], k=5)
    message = str(err.value)
    assert "column 'n', row 'z': 2" in message
    assert "column 'm', row 'x': 3" in message and "column 'm', row 'y': 4" in message
    assert isinstance(err.value, ValueError)
    assert_no_small_counts(df, count_cols=["n", "m"], k=2)  # nothing is 1
    # Works on rendered text too: markers are skipped, numbers checked.
    assert_no_small_counts(pd.DataFrame({"n": ["c", "0", "5"]}), count_cols="n", k=3)
    with pytest.raises(DisclosureError):
        assert_no_small_counts(pd.DataFrame({"n": ["c", "2"]}), count_cols="n", k=3)


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@x", "'@x"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("  =1+1", "'  =1+1"),  # leading spaces are skipped by some spreadsheets
        ("-", "'-"),
        # whole-cell numbers are data, not formulas: kept as numbers
        ("-2", "-2"),
        ("-3.5", "-3.5"),
        ("-0.5", "-0.5"),
        ("+3", "+3"),
        (-3.5, "-3.5"),
        (-2, "-2"),
        (5.0, "5"),
        ("plain text", "plain text"),
        ("c", "c"),
        ("..", ".."),
        (None, ""),
        (pd.NA, ""),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_write_csv_neutralises_injection_and_is_deterministic(tmp_path):
    df = declare_no_person_counts(
        pd.DataFrame(
            {
                "label": ["=SUM(A1)", "+1+1", "-2", "@x", "\tcmd", "Ω ok"],
                "change": [-3.5, 0.0, 1.0, -2.0, 2.5, 10.0],
            }
        )
    )
    target = tmp_path / "table.csv"
    write_csv(df, target, policy=K3)
    data = target.read_bytes()
    assert b"\r\n" not in data and data.endswith(b"\n")
    assert data.decode("utf-8").split("\n") == [
        "label,change",
        "'=SUM(A1),-3.5",
        "'+1+1,0",
        "-2,1",
        "'@x,-2",
        "'\tcmd,2.5",
        "Ω ok,10",
        "",
    ]
    write_csv(df, target, policy=K3)
    assert target.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]


def test_write_csv_protected_crosstab_keeps_row_labels(tmp_path):
    out = protect_crosstab(CROSS, policy=K3)
    target = write_csv(out, tmp_path / "cross.csv", policy=K3, count_cols=list(out.columns))
    assert target.read_text(encoding="utf-8").splitlines() == [
        "cohort,UN,NGO,Gov,All",
        "2019,4,c,c,8",
        "2020,5,6,4,15",
        "2021,3,c,c,14",
        "All,12,12,13,37",
    ]


def test_write_csv_refuses_unprotected_or_mismatched_tables(tmp_path):
    with pytest.raises(DisclosureError):
        write_csv(pd.DataFrame({"n": [1]}), tmp_path / "x.csv", policy=K3)
    out = protect_counts(pd.DataFrame({"n": [1, 5]}), count_cols="n", totals_known=False)
    with pytest.raises(DisclosureError):
        write_csv(out, tmp_path / "x.csv", policy=K5)
    # A count column slipped in without protection: the last check stops it.
    leaked = dataclasses.replace(out, data=out.data.assign(m=pd.Series([2, 3], dtype="Int64")),
                                 suppressed=out.suppressed.assign(m=False))
    with pytest.raises(DisclosureError, match="column 'm'"):
        write_csv(leaked, tmp_path / "x.csv", policy=K3, count_cols=["n", "m"])
    assert not list(tmp_path.iterdir())


def test_write_csv_is_atomic_when_writing_fails_midway(tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    target.write_text("old,content\n1,2\n", encoding="utf-8")
    df = declare_no_person_counts(pd.DataFrame({"a": range(100), "b": range(100)}))

    calls = {"n": 0}
    real = export.safe_cell

    def failing(value):
        calls["n"] += 1
        if calls["n"] > 50:  # header and ~25 rows already written to the temp file
            raise OSError("disk full")
        return real(value)

    monkeypatch.setattr(export, "safe_cell", failing)
    with pytest.raises(OSError, match="disk full"):
        write_csv(df, target, policy=K3)
    assert calls["n"] > 50
    assert target.read_text(encoding="utf-8") == "old,content\n1,2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]  # no temp file left

    monkeypatch.setattr(export, "safe_cell", real)

    def no_replace(src, dst):
        raise OSError("replace failed")

    monkeypatch.setattr(os, "replace", no_replace)
    with pytest.raises(OSError, match="replace failed"):
        write_csv(df, target, policy=K3)
    assert target.read_text(encoding="utf-8") == "old,content\n1,2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]


def test_write_text_atomic_keeps_the_old_file_and_its_mode(tmp_path, monkeypatch):
    target = tmp_path / "note.txt"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o640)
    write_text_atomic(target, "new\r\nline\n")
    assert target.read_bytes() == b"new\r\nline\n"  # written as given, no newline translation
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # an existing file's mode is kept

    def no_fsync(fd):
        raise OSError("fsync failed")

    monkeypatch.setattr(os, "fsync", no_fsync)
    with pytest.raises(OSError, match="fsync failed"):
        write_text_atomic(target, "half")
    assert target.read_bytes() == b"new\r\nline\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.txt"]


def test_csv_text_writes_a_meaningful_index_and_markers():
    df = pd.DataFrame({"n": [1, 5, 7]}, index=pd.Index(["=x", "b", "c"], name="sector"))
    out = protect_counts(df, count_cols="n", totals_known=False)
    # The index is written as the first column (and neutralised like any cell).
    assert csv_text(out).splitlines() == ["sector,n", "'=x,c", "b,5", "c,7"]


# --------------------------------------------------------------------------- the Protected wrapper


def _small_table() -> Protected:
    df = pd.DataFrame({"sector": ["ngo", "un", "gov"], "n": [1, 5, 7], "share": [0.5, 0.25, 0.125]})
    return protect_counts(df, count_cols="n", totals_known=False)


def test_protected_refuses_a_mask_that_does_not_match():
    out = _small_table()
    with pytest.raises(DisclosureError, match="does not match"):
        Protected(data=out.data, suppressed=out.suppressed.iloc[:2], policy=K3)
    with pytest.raises(DisclosureError, match="does not match"):
        Protected(data=out.data, suppressed=out.suppressed[["n", "sector", "share"]], policy=K3)
    with pytest.raises(DisclosureError, match="does not match"):
        Protected(data=out.data, suppressed=out.suppressed.drop(columns="share"), policy=K3)


def test_protected_values_and_hidden():
    out = _small_table()
    assert len(out) == 3 and list(out.columns) == ["sector", "n", "share"]
    assert out.hidden("n").tolist() == [True, False, False]
    values = out.values("n")
    assert np.isnan(values[0]) and values[1:].tolist() == [5.0, 7.0]
    # Even if the value were put back, values() reports a hidden cell as missing.
    refilled = dataclasses.replace(out, data=out.data.assign(n=pd.array([1, 5, 7], dtype="Int64")))
    assert np.isnan(refilled.values("n")[0])
    assert out.labels("sector") == ["ngo", "un", "gov"]
    with pytest.raises(TypeError, match="not numeric"):
        out.values("sector")
    with pytest.raises(KeyError):
        out.hidden("nope")
    assert out.any_shown
    assert not protect_counts(pd.DataFrame({"n": [1, 0]}), count_cols="n", totals_known=False).any_shown


def test_protected_take_select_and_emptied_keep_the_mask_aligned():
    out = _small_table()
    taken = out.take([2, 0])
    assert taken.labels("sector") == ["gov", "ngo"]
    assert taken.hidden("n").tolist() == [False, True]
    assert display_table(taken)["n"].tolist() == ["7", "c"]
    assert list(taken.index) == [0, 1] and taken.policy == out.policy and taken.counts == out.counts
    chosen = out.select(np.array([True, False, True]))
    assert chosen.labels("sector") == ["ngo", "gov"] and chosen.hidden("n").tolist() == [True, False]
    empty = out.emptied()
    assert len(empty) == 0 and list(empty.columns) == list(out.columns) and not empty.any_shown
    assert display_table(empty).shape == (0, 3)
    assert out.named("01-sectors").name == "01-sectors" and out.name == ""


def test_with_labels_adds_text_only():
    out = _small_table()
    labelled = out.with_labels(label=["NGO", "UN", None], flag=[True, False, True])
    assert labelled.labels("label") == ["NGO", "UN", pd.NA]
    assert not labelled.suppressed[["label", "flag"]].to_numpy().any()
    assert labelled.hidden("n").tolist() == out.hidden("n").tolist()
    for numbers in ([1, 2, 3], [1.5, None, None], [np.int64(2), "x", "y"]):
        with pytest.raises(DisclosureError, match="numbers may be added only"):
            out.with_labels(extra=numbers)
    with pytest.raises(ValueError):
        out.with_labels(label=["too", "short"])


def test_with_labels_cannot_overwrite_a_protected_column():
    # Replacing a protected count by text of the raw values would unmask it.
    out = _small_table()
    with pytest.raises(DisclosureError, match="protect"):
        out.with_labels(n=["1", "5", "7"])
    rates = protect_rates(RATES, numerator="in_field", denominator="advisors", rate_cols="share")
    with pytest.raises(DisclosureError, match="protect"):
        rates.with_labels(share=["0", "0.1", "0.9", "0.5", "0", "1", ""])
    # A label column may be replaced.
    assert out.with_labels(sector=["a", "b", "c"]).labels("sector") == ["a", "b", "c"]


def test_with_meta_merges_and_does_not_touch_the_original():
    out = _small_table().with_meta(title="Sectors", n=13)
    again = out.with_meta(n=14, notes="x")
    assert out.meta == {"title": "Sectors", "n": 13}
    assert again.meta == {"title": "Sectors", "n": 14, "notes": "x"}
    assert again.data is out.data


def test_charts_and_export_refuse_plain_dataframes(tmp_path):
    from analysis.plots import charts

    raw = pd.DataFrame({"sector": ["a", "b"], "n": [1, 5]})
    with pytest.raises(TypeError, match="Protected"):
        charts.count_bars(raw, x="sector", y="n")
    with pytest.raises(DisclosureError, match="only a Protected table"):
        write_csv(raw, tmp_path / "x.csv")
    with pytest.raises(DisclosureError, match="only a Protected table"):
        csv_text(raw)
    with pytest.raises(DisclosureError, match="already"):
        declare_no_person_counts(_small_table())  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())


def test_protect_counts_on_several_groups_keeps_totals_linked():
    # Two count columns share one total per group.  Group 1 (size 9): first = 4, 5, 0 shown;
    # current = 7, 2, 0: 2 primary, 7 secondary (the only other non-zero member).
    df = pd.DataFrame({"g": [1, 1, 1], "s": list("abc"), "first": [4, 5, 0], "current": [7, 2, 0], "size": 9})
    out = protect_counts(df, count_cols=["first", "current"], group_cols="g", total_col="size")
    assert display_table(out)[["first", "current", "size"]].to_numpy().tolist() == [
        ["4", "c", "9"], ["5", "c", "9"], ["0", "0", "9"]]
    assert out.counts == ("first", "current", "size")


def test_a_line_with_a_small_total_is_masked_whole():
    # The fourth attack on moves between states: row "OI" holds 1 + 1 moves and zeros; with the
    # zeros shown and its total known to be below 3 (its change rate is suppressed), each c is 1.
    moves = pd.DataFrame({"A": [0, 4, 1], "B": [5, 0, 1], "C": [3, 6, 0]}, index=["A", "B", "OI"])
    with pytest.warns(DisclosureWarning, match="row 'OI'"):  # the table alone cannot protect that row
        plain = protect_crosstab(moves, policy=DisclosurePolicy(k=3))
    table = mask_thin_lines(plain, moves)
    assert table.suppressed.loc["OI"].all()  # 0 included: every cell is now anything from 0 to 2
    # column sums 5, 6 and 9 and the other rows' totals 8 and 10 are at least 3: nothing else masked
    # beyond what protect_crosstab itself hid
    assert table.suppressed.drop(index="OI").equals(plain.suppressed.drop(index="OI"))


def test_a_column_with_a_small_total_is_masked_whole_and_hesa_is_left_alone():
    moves = pd.DataFrame({"A": [0, 4, 6], "B": [2, 0, 0], "C": [3, 6, 0]}, index=["A", "B", "C"])
    with pytest.warns(DisclosureWarning, match="column 'B'"):
        table = mask_thin_lines(protect_crosstab(moves, policy=DisclosurePolicy(k=3)), moves)
    assert table.suppressed["B"].all()
    hesa = protect_crosstab(moves, policy=DisclosurePolicy(kind="hesa"))
    assert mask_thin_lines(hesa, moves) is hesa
