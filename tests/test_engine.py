"""Tests for analysis.disclosure.engine: cells, additive lines, primary/secondary suppression, the LP check.

Every fixture is a handful of cells whose answer is worked out by hand in the comments.
The attacker at the top is written independently of the engine: it is given the true
values, which cells a reader does not see and which cells add up to which totals, and
finds the smallest and largest value of every unseen cell by linear programming (and,
for the random tables, by integer programming too). Suppressed cells hold at least one
person (zeros are always shown); derived (virtual) cells hold at least zero.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from analysis.disclosure import engine
from analysis.disclosure.engine import (
    CANDIDATE,
    KNOWN,
    VIRTUAL,
    Line,
    exact_cells,
    protect_cells,
    small,
)

C, V, K = CANDIDATE, VIRTUAL, KNOWN
Rel = tuple[Sequence[int], int]  # (member cells, total cell)


# --------------------------------------------------------------------------- the attacker


def reader_bounds(values, unknown, lower, relations: Sequence[Rel], *, integer: bool = False):
    """{cell: (smallest, largest)} for every unknown cell, given every relation.

    ``lower[c]`` is what the reader knows of cell c from below (1 for a suppressed
    count, 0 for a derived one). The largest value is inf when unbounded.
    """
    values = np.asarray(values, dtype=float)
    cells = [int(c) for c in np.flatnonzero(unknown)]
    pos = {c: i for i, c in enumerate(cells)}
    rows, rhs = [], []
    for members, total in relations:
        row, b = np.zeros(len(cells)), 0.0
        for cell, coef in [(m, 1.0) for m in members] + [(total, -1.0)]:
            if cell in pos:
                row[pos[cell]] += coef
            else:
                b -= coef * values[cell]
        if row.any():
            rows.append(row)
            rhs.append(b)
    lo_bounds = np.array([float(lower[c]) for c in cells])
    out = {}
    for c in cells:
        obj = np.zeros(len(cells))
        obj[pos[c]] = 1.0
        ends = []
        for sign in (1.0, -1.0):
            if integer:
                cons = [LinearConstraint(np.array(rows), rhs, rhs)] if rows else []
                res = milp(sign * obj, constraints=cons, integrality=np.ones(len(cells)),
                           bounds=Bounds(lo_bounds, np.full(len(cells), 1e6)))
                assert res.status == 0
                ends.append(sign * res.fun if res.fun is not None else np.inf)
            else:
                kw = {"A_eq": np.array(rows), "b_eq": np.array(rhs)} if rows else {}
                res = linprog(sign * obj, bounds=[(b, None) for b in lo_bounds], method="highs", **kw)
                assert res.status in (0, 3)  # solved or unbounded, never infeasible
                ends.append(sign * res.fun if res.status == 0 else np.inf)
        hi = ends[1] if ends[1] < 1e5 else np.inf
        out[c] = (ends[0], hi)
    return out


def recovered(values, unknown, lower, relations, guarded, *, integer=False) -> dict[int, float]:
    """Guarded cells the reader pins down exactly: {cell: value}."""
    found = {}
    for c, (lo, hi) in reader_bounds(values, unknown, lower, relations, integer=integer).items():
        if guarded[c] and hi - lo < 0.5:
            found[c] = lo
    return found


def lines_of(relations: Sequence[Rel]) -> list[Line]:
    return [Line(np.asarray(m, dtype=int), int(t), f"line {i}") for i, (m, t) in enumerate(relations)]


def run(values, kinds, relations, k=3, **kw):
    values = np.asarray(values, dtype=float)
    return protect_cells(values, np.asarray(kinds), lines_of(relations), [f"cell {i}" for i in range(len(values))],
                         k, **kw)


def crosstab_cells(inner) -> tuple[np.ndarray, list[Rel], tuple[int, int]]:
    """Inner table plus margins as one flat array (row-major, margins last) and its lines."""
    inner = np.asarray(inner, dtype=float)
    nr, nc = inner.shape
    full = np.zeros((nr + 1, nc + 1))
    full[:nr, :nc] = inner
    full[:nr, nc] = inner.sum(axis=1)
    full[nr, :nc] = inner.sum(axis=0)
    full[nr, nc] = inner.sum()
    width = nc + 1
    rel: list[Rel] = [([i * width + j for j in range(nc)], i * width + nc) for i in range(nr + 1)]
    rel += [([i * width + j for i in range(nr)], nr * width + j) for j in range(nc + 1)]
    return full.ravel(), rel, (nr + 1, nc + 1)


def check_line_rules(values, hidden, kinds, relations, k):
    """In every line with a visible total, the unseen members hold >= k together, and a
    line never has exactly one unseen cell that is suppressed or a small derived cell."""
    unknown = hidden | (kinds == V)
    guarded = hidden | ((kinds == V) & small(values, k))
    for members, total in relations:
        unk = [m for m in members if unknown[m]]
        if unknown[total] or not any(guarded[m] for m in unk):
            continue
        assert len(unk) >= 2, f"line {members}->{total}: one unseen member"
        assert values[unk].sum() >= k, f"line {members}->{total}: unseen members hold fewer than {k}"


# --------------------------------------------------------------------------- primary suppression


def test_small_is_one_to_k_minus_one_and_zero_is_not_small():
    assert small(np.array([0, 1, 2, 3, 7.0]), 3).tolist() == [False, True, True, False, False]
    assert small(np.array([0, 1, 4, 5.0]), 5).tolist() == [False, True, True, False]
    assert not small(np.array([0, 1, 2.0]), 1).any()  # k=1 suppresses nothing


def test_primary_suppression_without_relations():
    # No lines: only primary suppression.  k=3: 1 and 2 hidden, 0, 3 and 7 shown.
    hidden, notes = run([0, 1, 2, 3, 7], [C] * 5, [])
    assert hidden.tolist() == [False, True, True, False, False] and notes == []
    # k=1: nothing is small.
    hidden, _ = run([0, 1, 2, 3, 7], [C] * 5, [], k=1)
    assert not hidden.any()
    # A small KNOWN or VIRTUAL cell is never "suppressed" (it is not published).
    hidden, _ = run([1, 2], [K, V], [])
    assert not hidden.any()


# --------------------------------------------------------------------------- line rules


def test_single_hidden_member_gets_a_complement():
    # a=2, b=5, c=4, d=0 -> total 11 (known).  a is primary; alone it is 11-5-4-0.
    # Complement: an open member (b or c; d=0 is shown, never chosen); neither is in any
    # other line, so the smaller, c=4.  a + c = 6 >= 3, and a ranges over 1..5.
    values = [2, 5, 4, 0, 11]
    rel = [([0, 1, 2, 3], 4)]
    hidden, notes = run(values, [C, C, C, C, K], rel)
    assert hidden.tolist() == [True, False, True, False, False] and notes == []
    b = reader_bounds(values, hidden, np.ones(5), rel)
    assert b[0] == pytest.approx((1, 5)) and b[2] == pytest.approx((1, 5))
    # The attack works on primary suppression alone:
    primary = np.array([True, False, False, False, False])
    assert recovered(values, primary, np.ones(5), rel, primary) == {0: 2.0}


def test_hidden_members_must_hold_k_together():
    # a=3, b=1, c=1 -> 5.  b, c primary; b + c = 5 - 3 = 2 < k, and with each >= 1 that
    # makes b = c = 1.  So a is suppressed too: a + b + c = 5, each anywhere in 1..3.
    values = [3, 1, 1, 5]
    rel = [([0, 1, 2], 3)]
    hidden, notes = run(values, [C, C, C, K], rel)
    assert hidden.tolist() == [True, True, True, False] and notes == []
    assert reader_bounds(values, hidden, np.ones(4), rel)[1] == pytest.approx((1, 3))


def test_hidden_members_must_not_sit_at_their_lower_bound():
    # k=2: a=b=c=1, d=5 -> 8.  a, b, c primary; together 3 >= k, but three suppressed cells
    # of at least 1 adding to 3 are all exactly 1.  So d is suppressed as well.
    values = [1, 1, 1, 5, 8]
    rel = [([0, 1, 2, 3], 4)]
    hidden, notes = run(values, [C, C, C, C, K], rel, k=2)
    assert hidden.tolist() == [True, True, True, True, False] and notes == []
    assert recovered(values, hidden, np.ones(5), rel, hidden) == {}


def test_small_published_total_is_suppressed_and_its_members_stay_open():
    # a=1, b=1 -> total 2 published in the table: the total is small too.  All three are
    # hidden; a + b = T with everything unknown pins nothing (T can be anything >= 2).
    values = [1, 1, 2]
    rel = [([0, 1], 2)]
    hidden, notes = run(values, [C, C, C], rel)
    assert hidden.tolist() == [True, True, True] and notes == []
    assert recovered(values, hidden, np.ones(3), rel, hidden) == {}


def test_hidden_total_with_all_members_shown_is_not_left():
    # A suppressed total whose members are all shown is their sum: a member goes with it.
    # a=4, b=5 -> T=9 forced (suppressed whatever its value): the smaller member, a, goes.
    values = [4, 5, 9]
    hidden, notes = run(values, [C, C, C], [([0, 1], 2)], forced=np.array([False, False, True]))
    assert hidden.tolist() == [True, False, True] and notes == []


# --------------------------------------------------------------------------- virtual and known cells


@pytest.mark.parametrize(
    ("num", "den", "num_hidden"),
    [
        (9, 10, True),  # complement 1: 10 - 9 = 1 person without the outcome -> numerator hidden
        (8, 10, True),  # complement 2
        (7, 10, False),  # complement 3 = k
        (1, 10, True),  # numerator itself small (primary)
        (10, 10, False),  # complement 0: "everybody" describes nobody without the outcome
        (0, 10, False),  # numerator 0 shown
    ],
)
def test_virtual_complement_of_a_rate(num, den, num_hidden):
    # Cells: numerator (published), complement (virtual, never shown), denominator (published).
    values = [num, den - num, den]
    rel = [([0, 1], 2)]
    hidden, notes = run(values, [C, V, C], rel)
    assert hidden.tolist() == [num_hidden, False, False] and notes == []
    unknown = hidden | np.array([False, True, False])
    guarded = hidden | np.array([False, small(np.array([den - num]), 3)[0], False])
    assert recovered(values, unknown, np.array([1, 0, 1]), rel, guarded) == {}


def test_virtual_small_complement_with_every_member_zero_hides_the_total():
    # a virtual cell of 2 whose only partner is 0 (shown) and total 2 (published):
    # nothing else to hide but the total.
    values = [0, 2, 2]
    hidden, notes = run(values, [C, V, C], [([0, 1], 2)])
    assert hidden.tolist() == [False, False, True] and notes == []


def test_known_total_is_never_suppressed_and_a_note_says_so():
    # a=1, b=1: total 2 known to the reader (published elsewhere) -> a and b hidden, but
    # together they are 2 < k and each is exactly 1.  Nothing left to hide in this line.
    hidden, notes = run([1, 1, 2], [C, C, K], [([0, 1], 2)])
    assert hidden.tolist() == [True, True, False]
    assert len(notes) == 1 and "do not publish that total" in notes[0]
    # The same total published in this table (a candidate) is simply suppressed.
    hidden, notes = run([1, 1, 2], [C, C, C], [([0, 1], 2)])
    assert hidden.tolist() == [True, True, True] and notes == []
    # A small KNOWN total is not itself primary-suppressed (not in the published set).
    hidden, _ = run([3, 0, 3], [C, C, K], [([0, 1], 2)], k=5)
    assert hidden.tolist() == [True, False, False]


def test_fixed_cells_are_never_complements():
    # a=2, b=5 -> 7.  b fixed: the total is the only complement left.
    hidden, notes = run([2, 5, 7], [C, C, C], [([0, 1], 2)], fixed=np.array([False, True, False]))
    assert hidden.tolist() == [True, False, True] and notes == []
    # Known total: nothing can be done; a note.
    hidden, notes = run([2, 5, 7], [C, C, K], [([0, 1], 2)], fixed=np.array([False, True, False]))
    assert hidden.tolist() == [True, False, False] and len(notes) == 1
    # A small fixed cell stays shown and is reported.
    hidden, notes = run([2, 5, 7], [C, C, K], [([0, 1], 2)], fixed=np.array([True, False, False]))
    assert not hidden.any()
    assert notes == ["cell 0 holds fewer than 3 people and cannot be suppressed"]


def test_forced_cells_are_protected_with_a_lower_bound_of_zero():
    # a=4 forced (e.g. a time point not drawn), b=5, total 9 known.  Alone a = 9 - 5 -> b is
    # hidden too.  A forced cell may hold 0, so the reader's lower bound for it is 0: a in
    # 0..8 (b >= 1), and the engine must not treat it as >= 1.
    values = [4, 5, 9]
    rel = [([0, 1], 2)]
    hidden, notes = run(values, [C, C, K], rel, forced=np.array([True, False, False]))
    assert hidden.tolist() == [True, True, False] and notes == []
    assert reader_bounds(values, hidden, np.array([0, 1, 1]), rel)[0] == pytest.approx((0, 8))


def test_forced_zero_needs_no_protection():
    # a=0 forced, b=5, total 5 known.  Working a out gives 0, "nobody": zeros are shown
    # anyway, so b is not hidden to protect it, and no note is raised.
    hidden, notes = run([0, 5, 5], [C, C, K], [([0, 1], 2)], forced=np.array([True, False, False]))
    assert hidden.tolist() == [True, False, False] and notes == []
    # The same for a forced total of zero people whose members are all shown zeros.
    hidden, notes = run([0, 0, 0], [C, C, C], [([0, 1], 2)], forced=np.array([False, False, True]))
    assert hidden.tolist() == [False, False, True] and notes == []


# --------------------------------------------------------------------------- the exact (LP) check


def test_exact_cells_finds_what_no_single_line_shows():
    # x + y = 5, y + z = 5, x + z = 4 (all totals shown): each line has two unknowns holding
    # >= 4 people, yet together x = 2, y = 3, z = 2.
    values = np.array([2, 3, 2, 5, 5, 4.0])
    unknown = np.array([True, True, True, False, False, False])
    rel = [([0, 1], 3), ([1, 2], 4), ([0, 2], 5)]
    assert exact_cells(values, unknown, lines_of(rel), lower=np.ones(6)) == [0, 1, 2]
    assert exact_cells(values, unknown, lines_of(rel), lower=np.ones(6), check=np.array([0, 1, 0, 0, 0, 0], bool)) == [1]
    # Drop one relation: one degree of freedom, nothing exact.
    assert exact_cells(values, unknown, lines_of(rel[:2]), lower=np.ones(6)) == []
    # Lower bounds matter: x + y = 2 with x, y >= 1 pins both; with x >= 0 neither.
    v2 = np.array([1, 1, 2.0])
    unk2 = np.array([True, True, False])
    assert exact_cells(v2, unk2, lines_of([([0, 1], 2)]), lower=np.ones(3)) == [0, 1]
    assert exact_cells(v2, unk2, lines_of([([0, 1], 2)]), lower=np.array([0, 0, 1.0])) == []


def test_exact_cells_refuses_inconsistent_relations():
    # x + 5 = 3 has no solution with x >= 1.
    with pytest.raises(RuntimeError, match="inconsistent"):
        exact_cells(np.array([1, 5, 3.0]), np.array([True, False, False]), lines_of([([0, 1], 2)]),
                    lower=np.ones(3))


# A table with margins (k=3) where the line rules alone leave cells pinned:
#        s0  s1  s2 | All
# r0      1   0   1 |   2
# r1      2   0   1 |   3
# r2      2   1   0 |   3
# All     5   1   2 |   8
PINNED = [[1, 0, 1], [2, 0, 1], [2, 1, 0]]


def test_lp_finds_pins_in_a_table_with_margins(monkeypatch):
    values, rel, shape = crosstab_cells(PINNED)
    kinds = np.full(values.size, C)
    # Line rules only (the exact check switched off).  They stop at: every 1 and 2 hidden,
    # margins r0, r1, s1, s2 hidden; r2's margin (3), s0's margin (5) and 8 shown.
    with monkeypatch.context() as m:
        m.setattr(engine, "exact_cells", lambda *a, **kw: [])
        lines_only, _ = run(values, kinds, rel)
    assert lines_only.reshape(shape).astype(int).tolist() == [
        [1, 0, 1, 1], [1, 0, 1, 1], [1, 1, 0, 0], [0, 1, 1, 0]]
    # Every line has >= 2 unknowns holding >= 3, but together: column s1 is 0 + 0 + x21,
    # so M1 = x21 >= 1; column s2 is x02 + x12 + 0 >= 2, so M2 >= 2; the margin row says
    # 5 + M1 + M2 = 8, so M1 = 1, M2 = 2, x02 = x12 = 1, x21 = 1, and row r2 gives x20 = 2.
    # (x00 + x10 = 3 is still open.)  Cells: x02=2, x12=6, x20=8, x21=9, M1=13, M2=14.
    pins = recovered(values, lines_only, np.ones(values.size), rel, lines_only)
    assert pins == {2: 1.0, 6: 1.0, 8: 2.0, 9: 1.0, 13: 1.0, 14: 2.0}
    # With the exact check the engine keeps going: every non-zero cell and margin but the
    # grand total is hidden, and nothing can be pinned.
    hidden, notes = run(values, kinds, rel)
    assert hidden.reshape(shape).astype(int).tolist() == [
        [1, 0, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]]
    assert notes == []
    assert recovered(values, hidden, np.ones(values.size), rel, hidden) == {}
    assert recovered(values, hidden, np.ones(values.size), rel, hidden, integer=True) == {}


def test_note_when_a_pinned_cell_has_nothing_left_to_suppress():
    # The triangle again, every total known (not publishable here) and k=3: x=2 and z=2
    # primary; line x+y has one unknown -> y suppressed.  Lines are then safe but x, y, z
    # are pinned, and no open cell is left: a note for each.
    values = [2, 3, 2, 5, 5, 4]
    rel = [([0, 1], 3), ([1, 2], 4), ([0, 2], 5)]
    hidden, notes = run(values, [C, C, C, K, K, K], rel)
    assert hidden.tolist() == [True, True, True, False, False, False]
    assert notes == [f"cell {c} can be worked out from totals that cannot be suppressed" for c in (0, 1, 2)]


# --------------------------------------------------------------------------- property: random small tables


def _random_table(seed: int):
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(2, 6)), int(rng.integers(2, 5)))
    inner = rng.poisson(rng.uniform(0.5, 4), size=shape)
    k = int(rng.choice([3, 5]))
    return inner, k


@pytest.mark.parametrize("seed", range(30))
def test_random_crosstabs_attacker_recovers_nothing(seed):
    inner, k = _random_table(seed)
    values, rel, _ = crosstab_cells(inner)
    kinds = np.full(values.size, C)
    hidden, notes = run(values, kinds, rel, k=k)
    assert notes == []  # every margin is in the table: protection is always possible
    assert not (small(values, k) & ~hidden).any()  # no small count shown
    assert not (hidden & (values == 0)).any()  # zeros are never hidden
    check_line_rules(values, hidden, kinds, rel, k)
    assert recovered(values, hidden, np.ones(values.size), rel, hidden) == {}
    assert recovered(values, hidden, np.ones(values.size), rel, hidden, integer=True) == {}


def test_random_crosstabs_primary_suppression_alone_is_attackable():
    # The same tables with only the small counts hidden: the attacker recovers cells in
    # most of them (so the test above would fail without secondary suppression).
    attacked = with_primary = 0
    for seed in range(30):
        inner, k = _random_table(seed)
        values, rel, _ = crosstab_cells(inner)
        primary = small(values, k)
        if primary.any():
            with_primary += 1
            attacked += bool(recovered(values, primary, np.ones(values.size), rel, primary))
    assert with_primary >= 25
    assert attacked >= 0.8 * with_primary


@pytest.mark.parametrize("seed", range(20))
def test_random_rates_with_a_partitioned_total(seed):
    # Rows of (numerator, complement, denominator): numerator and denominator published,
    # complement virtual; the denominators split a total known to the reader.
    rng = np.random.default_rng(1000 + seed)
    n = int(rng.integers(2, 6))
    k = 3
    den = rng.integers(0, 12, size=n)
    num = np.array([rng.integers(0, d + 1) for d in den])
    values = np.concatenate([num, den - num, den, [den.sum()]]).astype(float)
    kinds = np.array([C] * n + [V] * n + [C] * n + [K])
    rel: list[Rel] = [([i, n + i], 2 * n + i) for i in range(n)]
    rel.append((list(range(2 * n, 3 * n)), 3 * n))
    hidden, notes = run(values, kinds, rel, k=k)
    unknown = hidden | (kinds == V)
    guarded = hidden | ((kinds == V) & small(values, k))
    lower = np.where(kinds == V, 0.0, 1.0)
    if notes:  # only when the known total itself is what gives a cell away
        assert all("do not publish that total" in note for note in notes)
        return
    assert not (small(values, k) & (kinds == C) & ~hidden).any()
    check_line_rules(values, hidden, kinds, rel, k)
    assert recovered(values, unknown, lower, rel, guarded) == {}
    assert recovered(values, unknown, lower, rel, guarded, integer=True) == {}
