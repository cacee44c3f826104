"""Tests for analysis.disclosure.ledger: one set of cells for the whole report, keyed by population.

Each fixture is a few populations with hand-worked answers.  ``reader_pins`` is an
independent attacker: from everything the report shows (shown cells' values, every
registered relation) it finds, by linear programming, the hidden and derived cells
whose value is fixed (suppressed cells hold at least 1, derived ones at least 0).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

from analysis.disclosure.engine import CANDIDATE, VIRTUAL
from analysis.disclosure.ledger import Ledger, key


def reader_pins(ledger: Ledger) -> dict:
    """{key: value} of every hidden or derived cell a reader can pin down exactly."""
    hidden = ledger.hidden(list(ledger.values))
    unknown = [c for c, h in zip(ledger.values, hidden, strict=True) if h or ledger.kinds[c] == VIRTUAL]
    pos = {c: i for i, c in enumerate(unknown)}
    rows, rhs = [], []
    for members, total, _ in ledger.lines:
        row, b = np.zeros(len(unknown)), 0.0
        for cell, coef in [(m, 1.0) for m in members] + [(total, -1.0)]:
            if cell in pos:
                row[pos[cell]] += coef
            else:
                b -= coef * ledger.values[cell]
        if row.any():
            rows.append(row)
            rhs.append(b)
    lower = [0.0 if ledger.kinds[c] == VIRTUAL else 1.0 for c in unknown]
    pins = {}
    for c in unknown:
        obj = np.zeros(len(unknown))
        obj[pos[c]] = 1
        kw = {"A_eq": np.array(rows), "b_eq": np.array(rhs)} if rows else {}
        lo = linprog(obj, bounds=[(v, None) for v in lower], method="highs", **kw)
        hi = linprog(-obj, bounds=[(v, None) for v in lower], method="highs", **kw)
        assert lo.status == 0
        if hi.status == 0 and -hi.fun - lo.fun < 0.5:
            pins[c] = lo.fun
    return pins


def sensitive_pins(ledger: Ledger) -> dict:
    """Pinned cells a reader must not learn: suppressed ones, and derived counts of 1..k-1."""
    return {c: v for c, v in reader_pins(ledger).items()
            if ledger.kinds[c] == CANDIDATE or 1 <= ledger.values[c] < ledger.k}


# --------------------------------------------------------------------------- keys


def test_key_sorts_dimensions_and_drops_none():
    a = key("in_field", window=24, cohort="FY2005-09")
    b = key("in_field", cohort="FY2005-09", window=24, sector=None)
    assert a == b == ("in_field", (("cohort", "FY2005-09"), ("window", 24)))
    assert key("alumni") == ("alumni", ())
    assert key("in_field", window=24) != key("in_field", window=36)


# --------------------------------------------------------------------------- registration


def test_inconsistent_registration_raises():
    ledger = Ledger(k=3)
    ledger.add(key("alumni"), 13)
    ledger.add(key("alumni"), 13.0)  # the same value again is fine
    with pytest.raises(ValueError, match="registered as 13 and as 14"):
        ledger.add(key("alumni"), 14)
    with pytest.raises(ValueError, match="add up to 12"):
        ledger.partition([key("cohort", c="A"), key("cohort", c="B")], key("alumni"), [6, 6])
    with pytest.raises(KeyError, match="register the members first"):
        ledger.partition([key("sector", s="un")], key("alumni"))


def test_published_wins_over_derived():
    ledger = Ledger(k=3)
    ledger.add(key("serving"), 4, published=False)
    assert ledger.kinds[key("serving")] == VIRTUAL
    ledger.add(key("serving"), 4)
    assert ledger.kinds[key("serving")] == CANDIDATE
    ledger.add(key("serving"), 4, published=False)  # a later derived use does not unpublish it
    assert ledger.kinds[key("serving")] == CANDIDATE


def test_duplicate_relations_are_registered_once():
    ledger = Ledger(k=3)
    parts = [key("cohort", c="A"), key("cohort", c="B")]
    ledger.partition(parts, key("alumni"), [6, 7])
    ledger.partition(parts, key("alumni"), [6, 7])  # a second table showing the same split
    ledger.rate(key("in_field", c="A"), key("cohort", c="A"), 4, 6)
    ledger.rate(key("in_field", c="A"), key("cohort", c="A"), 4, 6)
    assert len(ledger.lines) == 2
    assert len(ledger.values) == 5  # A, B, alumni, in_field A, its complement


# --------------------------------------------------------------------------- linked protection


def test_same_key_in_two_tables_is_one_cell():
    # Table 1 splits 13 alumni by sector: ngo 2, un 5, gov 6.  Table 2 (a headline list)
    # shows "alumni in NGOs" again under the same key.  One cell: suppressed in both.
    # ngo=2 is primary; the line {2, 5, 6} -> 13 (published) needs a complement: un=5 and
    # gov=6 are in no other line -> the smaller, un.
    ledger = Ledger(k=3)
    sectors = [key("sector", s="ngo"), key("sector", s="un"), key("sector", s="gov")]
    ledger.add(key("alumni"), 13)
    ledger.partition(sectors, key("alumni"), [2, 5, 6])
    headline = [key("sector", s="ngo"), key("alumni")]
    ledger.add(headline[0], 2)
    assert len(ledger.values) == 4
    assert ledger.hidden(sectors).tolist() == [True, True, False]
    assert ledger.hidden(headline).tolist() == [True, False]
    assert ledger.solve() == {sectors[0], sectors[1]}
    assert sensitive_pins(ledger) == {}


def test_partition_of_a_published_total_forces_a_second_suppression():
    # Cohorts A=2, B=5, C=6 split the 13 alumni.  With 13 published (the headline), A alone
    # would be 13 - 5 - 6 = 2: B (the smaller open cell) is suppressed with it.
    cohorts = [key("alumni", cohort=c) for c in "ABC"]
    published = Ledger(k=3)
    published.add(key("alumni"), 13)
    published.partition(cohorts, key("alumni"), [2, 5, 6])
    assert published.hidden(cohorts).tolist() == [True, True, False]
    assert published.is_shown(key("alumni"))
    assert sensitive_pins(published) == {}
    # If 13 is published nowhere, the total is only a derived cell: A alone is safe.
    unpublished = Ledger(k=3)
    unpublished.partition(cohorts, key("alumni"), [2, 5, 6])
    assert unpublished.kinds[key("alumni")] == VIRTUAL
    assert unpublished.hidden(cohorts).tolist() == [True, False, False]
    assert not unpublished.is_shown(key("alumni"))
    assert sensitive_pins(unpublished) == {}
    # ... and the attacker does pin A when 13 is published and only A is hidden:
    naive = Ledger(k=3)
    naive.add(key("alumni"), 13)
    naive.partition(cohorts, key("alumni"), [2, 5, 6])
    naive._hidden = {cohorts[0]}
    assert sensitive_pins(naive) == {cohorts[0]: 2.0}


@pytest.mark.parametrize(("num", "den", "num_hidden"), [(9, 10, True), (1, 10, True), (5, 10, False), (10, 10, False)])
def test_rate_complement(num, den, num_hidden):
    # num of den; the people without the outcome (den - num) are a derived cell.
    # 9/10: the complement 1 is small -> the numerator is hidden (10 stays shown).
    # 1/10: the numerator is small.  5/10 and 10/10 (complement 0): nothing hidden.
    ledger = Ledger(k=3)
    n, d = key("in_field", cohort="A"), key("known", cohort="A")
    ledger.rate(n, d, num, den)
    derived = [c for c in ledger.values if ledger.kinds[c] == VIRTUAL]
    assert len(derived) == 1 and ledger.values[derived[0]] == den - num
    assert ledger.hidden([n, d]).tolist() == [num_hidden, False]
    assert sensitive_pins(ledger) == {}


def test_same_numerator_over_two_denominators_of_one_measure():
    # 5 ever in the field of 20 alumni, and of the 15 alumni whose window has closed:
    # two different complements (15 and 10), not one cell registered twice.
    ledger = Ledger(k=3)
    num = key("ever_in_field")
    ledger.rate(num, key("alumni"), 5, 20)
    ledger.rate(num, key("alumni", closed=True), 5, 15)
    derived = sorted(ledger.values[c] for c in ledger.values if ledger.kinds[c] == VIRTUAL)
    assert derived == [10, 15]
    assert not ledger.solve()


def test_serving_example():
    # 20 appointed (published), 18 alumni (published), 2 still serving (never shown, but
    # 20 - 18).  serving = 2 is small: the line alumni + serving = appointed must not be
    # left with serving as its only unknown.  The only open member is alumni -> hidden.
    ledger = Ledger(k=3)
    alumni, serving, appointed = key("alumni"), key("serving"), key("appointed")
    ledger.add(alumni, 18)
    ledger.add(appointed, 20)
    ledger.add(serving, 2, published=False)
    ledger.partition([alumni, serving], appointed)
    assert ledger.solve() == {alumni}
    assert ledger.is_shown(appointed) and not ledger.is_shown(alumni) and not ledger.is_shown(serving)
    assert sensitive_pins(ledger) == {}


def test_serving_example_with_alumni_split_by_cohort():
    # As above, and a table splits the 18 alumni by cohort: A=10, B=8 (both shown at first).
    # alumni hidden (as above) would be 10 + 8 again, so the cohort line needs a hidden
    # member too: the smaller, B.  Reader: alumni = 10 + B, serving = 10 - B, B in 1..10,
    # serving in 0..9: nothing pinned.
    ledger = Ledger(k=3)
    alumni, serving, appointed = key("alumni"), key("serving"), key("appointed")
    cohorts = [key("alumni", cohort="A"), key("alumni", cohort="B")]
    ledger.add(appointed, 20)
    ledger.partition(cohorts, alumni, [10, 8])
    ledger.add(alumni, 18)
    ledger.add(serving, 2, published=False)
    ledger.partition([alumni, serving], appointed)
    assert ledger.solve() == {alumni, cohorts[1]}
    assert sensitive_pins(ledger) == {}
    # Hiding alumni alone would let a reader add the cohorts back up and subtract.
    ledger._hidden = {alumni}
    assert sensitive_pins(ledger) == {alumni: 18.0, serving: 2.0}


def test_hidden_is_recomputed_after_a_new_registration():
    ledger = Ledger(k=3)
    ledger.add(key("a"), 5)
    assert not ledger.hidden([key("a")]).any()
    ledger.add(key("b"), 1)
    assert ledger.hidden([key("a"), key("b")]).tolist() == [False, True]
    assert not ledger.is_shown(key("unregistered"))
