"""Tests for analysis.disclosure.sequences: chronogram cells and typical paths.

Tiny long tables (2 time points, 3 states a/b/c) with the protected result worked
out by hand.  ``reader_pins`` is an independent attacker: every shown cell, every
stack height and every "panels add up to the overall" relation, solved by linear
programming for each hidden cell (hidden cells hold >= 1, a left-out panel's cells,
which are never drawn, and the cells of time points not drawn, >= 0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from analysis.disclosure.policy import DisclosurePolicy
from analysis.disclosure.sequences import TOTAL_STATE, protect_state_counts, typical_path

K3 = DisclosurePolicy()


def long_table(cells: dict[tuple[str, int], list[int]]) -> pd.DataFrame:
    rows = [(panel, time, state, v) for (panel, time), values in cells.items() for state, v in zip("abc", values,
                                                                                                   strict=True)]
    return pd.DataFrame(rows, columns=["panel", "time", "state", "people"])


def shown(out, panel, time) -> list:
    """[a, b, c, total] as published (None where hidden)."""
    d = out.data
    values = []
    for state in ["a", "b", "c", TOTAL_STATE]:
        row = d[(d["panel"] == panel) & (d["time"] == time) & (d["state"] == state)]
        assert len(row) == 1
        v = row["people"].iloc[0]
        values.append(None if pd.isna(v) else int(v))
    return values


def reader_pins(true: pd.DataFrame, out, overall: str, virtual: tuple[str, ...] = ()) -> dict:
    """{(panel, time, state): value} of hidden or left-out cells a reader can pin down.

    ``true`` holds every panel's true counts (virtual panels included); a cell is
    known to the reader when it is in ``out`` and not hidden.
    """
    t = true.copy()
    totals = t.groupby(["panel", "time"], as_index=False)["people"].sum().assign(state=TOTAL_STATE)
    t = pd.concat([t, totals], ignore_index=True)
    value = {(p, tm, s): float(v) for p, tm, s, v in t[["panel", "time", "state", "people"]].itertuples(index=False)}
    seen = {(p, tm, s): float(v) for p, tm, s, v in out.data[["panel", "time", "state", "people"]].itertuples(index=False)
            if not pd.isna(v)}
    unknown = [c for c in value if c not in seen]
    pos = {c: i for i, c in enumerate(unknown)}
    relations = []
    for (p, tm), g in t.groupby(["panel", "time"]):
        relations.append(([(p, tm, s) for s in g["state"] if s != TOTAL_STATE], (p, tm, TOTAL_STATE)))
    parts = [p for p in t["panel"].unique() if p != overall]
    for tm, s in {(tm, s) for _, tm, s in value}:
        relations.append(([(p, tm, s) for p in parts], (overall, tm, s)))
    rows, rhs = [], []
    for members, total in relations:
        row, b = np.zeros(len(unknown)), 0.0
        for cell, coef in [(m, 1.0) for m in members] + [(total, -1.0)]:
            if cell in pos:
                row[pos[cell]] += coef
            else:
                b -= coef * value[cell]
        if row.any():
            rows.append(row)
            rhs.append(b)
    # A hidden cell of a drawn time point holds >= 1 (zeros are shown); a left-out panel's
    # cells, and every cell of a time point that is not drawn, may be 0.
    undrawn = {(p, tm, s) for p, tm, s, drawn in out.data[["panel", "time", "state", "drawn"]].itertuples(index=False)
               if not drawn}
    lower = [0.0 if c[0] in virtual or c in undrawn else 1.0 for c in unknown]
    pins = {}
    for c in unknown:
        obj = np.zeros(len(unknown))
        obj[pos[c]] = 1
        lo = linprog(obj, A_eq=np.array(rows), b_eq=rhs, bounds=[(v, None) for v in lower], method="highs")
        hi = linprog(-obj, A_eq=np.array(rows), b_eq=rhs, bounds=[(v, None) for v in lower], method="highs")
        assert lo.status == 0
        if hi.status == 0 and -hi.fun - lo.fun < 0.5:
            pins[c] = lo.fun
    return pins


# Two clusters P1, P2 and the overall panel, k = 3 (min_at_risk 6):
#            t=0 (a, b, c | total)      t=12
#   P1       5  1  3 |  9               3  3  4 | 10
#   P2       4  4  6 | 14               5  5  5 | 15
#   all      9  5  9 | 23               8  8  9 | 25
CLUSTERS = long_table({("P1", 0): [5, 1, 3], ("P2", 0): [4, 4, 6], ("all", 0): [9, 5, 9],
                       ("P1", 12): [3, 3, 4], ("P2", 12): [5, 5, 5], ("all", 12): [8, 8, 9]})


def test_cell_of_one_is_hidden_and_clusters_cannot_be_subtracted_from_the_overall():
    # P1 b = 1 is primary.  P1's stack (9, shown) then has one hidden cell: complement a (5)
    # or c (3); each would leave its overall line (P1 x + P2 x = all x) with one hidden
    # cell, so the smaller, c.  all b = 5 minus P2 b would give P1 b back: P2 b (the only
    # open member) is hidden.  P2's stack then has b alone hidden: c (6) completes the
    # overall line for c (P1 c is hidden already), a (4) would not -> P2 c.
    # The rectangle P1/P2 x b/c: with t = P1 b, P1 c = 4 - t, P2 b = 5 - t, P2 c = 5 + t,
    # t in 1..3.  Nothing else is hidden; t=12 has no small cell.
    out = protect_state_counts(CLUSTERS, K3, overall="all")
    assert shown(out, "P1", 0) == [5, None, None, 9]
    assert shown(out, "P2", 0) == [4, None, None, 14]
    assert shown(out, "all", 0) == [9, 5, 9, 23]
    for panel, total in (("P1", 10), ("P2", 15), ("all", 25)):
        assert shown(out, panel, 12)[3] == total and None not in shown(out, panel, 12)
    assert out.data["drawn"].all()
    assert out.counts == ("people",) and out.hidden("people").sum() == 4
    # The grey remainder of each drawn stack (its total minus its shown cells) holds >= k.
    assert 9 - 5 == 4 >= 3 and 14 - 4 == 10 >= 3
    assert reader_pins(CLUSTERS, out, "all") == {}
    # Hiding P1 b with its stack's complement only (P1 c), a reader subtracts the clusters:
    # all b - P2 b = 5 - 4 = 1.
    naive = out.data.copy()
    naive["people"] = CLUSTERS.set_index(["panel", "time", "state"])["people"].reindex(
        pd.MultiIndex.from_frame(naive[["panel", "time", "state"]])).to_numpy()
    totals = naive["state"] == TOTAL_STATE
    naive.loc[totals, "people"] = out.data.loc[totals, "people"]
    naive["people"] = naive["people"].astype("Float64")
    naive.loc[(naive["panel"] == "P1") & (naive["time"] == 0) & naive["state"].isin(["b", "c"]), "people"] = pd.NA

    class View:
        data = naive.assign(drawn=True)

    assert reader_pins(CLUSTERS, View, "all")[("P1", 0, "b")] == 1.0


# The clusters and the people left out of the typology (never drawn), k = 3:
#            t=0                         t=12
#   P1       4  3  5 | 12                6  3  3 | 12
#   left     1  3  3 |  7 (virtual)      3  3  3 |  9 (virtual)
#   all      5  6  8 | 19                9  6  6 | 21
LEFT_OUT = long_table({("P1", 0): [4, 3, 5], ("left", 0): [1, 3, 3], ("all", 0): [5, 6, 8],
                       ("P1", 12): [6, 3, 3], ("left", 12): [3, 3, 3], ("all", 12): [9, 6, 6]})


def test_virtual_panel_is_protected_and_dropped():
    # The left-out a at t=0 is 1 person: never drawn, but all a - P1 a = 5 - 4 = 1.  So P1 a
    # is hidden (the only open member of that overall line); P1's stack then needs a second
    # hidden cell: b (3) and c (5) each leave their overall line safe (with the left-out
    # cell, which is unknown too) -> the smaller, b.  Reader: left a in 0..4.
    out = protect_state_counts(LEFT_OUT, K3, overall="all", virtual=("left",))
    assert "left" not in set(out.data["panel"])
    assert shown(out, "P1", 0) == [None, None, 5, 12]
    assert shown(out, "all", 0) == [5, 6, 8, 19]
    assert shown(out, "P1", 12) == [6, 3, 3, 12]
    pins = reader_pins(LEFT_OUT, out, "all", virtual=("left",))
    # The left-out c (8 - 5 = 3) and stack (19 - 12 = 7) are derivable, but they are not
    # small; none of the sensitive cells is pinned.
    assert ("left", 0, "a") not in pins and ("P1", 0, "a") not in pins and ("P1", 0, "b") not in pins
    assert set(pins) <= {("left", 0, "c"), ("left", 0, TOTAL_STATE), ("left", 12, "a"), ("left", 12, "b"),
                         ("left", 12, "c"), ("left", 12, TOTAL_STATE)}


def test_time_points_with_too_few_people_known_are_not_drawn():
    # One panel; at t=0 6 people are known (= min_at_risk): drawn, nothing small.  At t=12
    # only 4 are known (< 6): the whole time point is left out, stack height included.
    table = long_table({("all", 0): [3, 3, 0], ("all", 12): [2, 1, 1]})
    out = protect_state_counts(table, K3)
    assert shown(out, "all", 0) == [3, 3, 0, 6]
    assert shown(out, "all", 12) == [None, None, None, None]
    drawn = out.data.groupby("time")["drawn"].agg(["all", "any"])
    assert drawn.loc[0].tolist() == [True, True] and drawn.loc[12].tolist() == [False, False]
    # k=5 (HESA-like threshold 5, min_at_risk 10): t=0 with 6 known is not drawn either.
    out5 = protect_state_counts(table, DisclosurePolicy(k=5))
    assert not out5.data["drawn"].any() and out5.hidden("people").all()


def test_a_panel_with_nobody_known_does_not_hide_the_others():
    # At t=12 nobody in P2 has a known state (0 < min_at_risk: P2 is not drawn there).  The
    # overall panel minus P1 gives P2's zeros back, but a zero is about nobody: P1 (10
    # people) and the overall panel stay drawn and whole.
    # (P1 falls from 13 to 10 people known: by k, so t=12 may be drawn; see the next test.)
    table = long_table({("P1", 0): [5, 4, 4], ("P2", 0): [4, 4, 6], ("all", 0): [9, 8, 10],
                        ("P1", 12): [3, 3, 4], ("P2", 12): [0, 0, 0], ("all", 12): [3, 3, 4]})
    out = protect_state_counts(table, K3, overall="all")
    assert shown(out, "P1", 12) == [3, 3, 4, 10] and shown(out, "all", 12) == [3, 3, 4, 10]
    assert shown(out, "P2", 12) == [None, None, None, None]
    drawn = out.data.groupby(["panel", "time"])["drawn"].all()
    assert drawn.to_dict() == {("P1", 0): True, ("P1", 12): True, ("P2", 0): True, ("P2", 12): False,
                               ("all", 0): True, ("all", 12): True}


def test_a_fall_of_one_or_two_people_known_is_not_drawn():
    # People known: 20 at t=0, 18 at t=6 (two careers leave the record: the latest intake,
    # say), 18 at t=12, 15 at t=18, 14 at t=24.  Drawn: t=0 (20); t=6 falls by 2 -> not drawn;
    # t=12 also 2 below the last drawn (20) -> not drawn; t=18 falls by 5 -> drawn (15);
    # t=24 falls by 1 from 15 -> not drawn.  No drawn pair of heights differs by 1..k-1.
    table = long_table({("all", 0): [10, 6, 4], ("all", 6): [8, 6, 4], ("all", 12): [6, 6, 6],
                        ("all", 18): [5, 5, 5], ("all", 24): [4, 5, 5]})
    out = protect_state_counts(table, K3)
    drawn = out.data.groupby("time")["drawn"].all().to_dict()
    assert drawn == {0: True, 6: False, 12: False, 18: True, 24: False}
    assert shown(out, "all", 0)[3] == 20 and shown(out, "all", 18)[3] == 15
    assert shown(out, "all", 6) == [None, None, None, None]


def test_a_height_published_elsewhere_takes_back_a_point_one_or_two_above_it():
    # People known: 40 at t=60, 35 at t=66, 34 at t=72; a typology published 34 people known
    # through t=71 (the ninth attack: 35 - 34 = one career leaving between 66 and 72). Without it,
    # 60 and 66 are drawn and 72 is not. With it: 66 is 1 above 34, so it is taken back; 60 is 6
    # above, fine; 72 equals 34 -> drawn.
    table = long_table({("all", 60): [20, 10, 10], ("all", 66): [15, 10, 10], ("all", 72): [14, 10, 10]})
    plain = protect_state_counts(table, K3).data.groupby("time")["drawn"].all().to_dict()
    assert plain == {60: True, 66: True, 72: False}
    out = protect_state_counts(table, K3, fixed={"all": [(71, 34)]})
    assert out.data.groupby("time")["drawn"].all().to_dict() == {60: True, 66: False, 72: True}


def test_a_thin_panel_cannot_be_worked_out_from_the_others():
    # At t=12 P2 has 4 people known (< 6, not drawn) but 4 >= k; one of them is in b.
    # all - P1 would give every P2 cell back, so cells of P1 or of the overall panel are
    # hidden as well; the reader pins nothing that is hidden.
    table = long_table({("P1", 0): [5, 4, 3], ("P2", 0): [4, 4, 6], ("all", 0): [9, 8, 9],
                        ("P1", 12): [4, 3, 4], ("P2", 12): [3, 1, 0], ("all", 12): [7, 4, 4]})
    out = protect_state_counts(table, K3, overall="all")
    assert shown(out, "P2", 12) == [None, None, None, None]
    assert None in shown(out, "P1", 12) + shown(out, "all", 12)
    assert reader_pins(table, out, "all") == {}


# --------------------------------------------------------------------------- typical paths


def seqs(*careers: str) -> pd.DataFrame:
    """One row per person, one column per time point, one letter per state ('.' missing)."""
    return pd.DataFrame([[None if ch == "." else ch for ch in c] for c in careers])


def test_typical_path_with_k_followers_is_published():
    # Modal states: t0 A (4 of 5), t1 A (3 vs C 2), t2 B (4).  Path A A B, followed
    # exactly by the first three people: 3 >= k.
    group = seqs("AAB", "AAB", "AAB", "ACB", "DCC")
    assert typical_path(group, K3, every=1) == ([("A", 2), ("B", 1)], 3)


def test_typical_path_followed_by_one_or_two_is_withheld():
    # Without the third person: t1 is a tie A/C (2 each), the first in sorted order wins:
    # A A B, followed by 2 people -> withheld.
    assert typical_path(seqs("AAB", "AAB", "ACB", "DCC"), K3, every=1) is None
    # One follower: withheld.
    assert typical_path(seqs("AAB", "ACB", "DAB", "ACC"), K3, every=1) is None


def test_typical_path_followed_by_nobody_is_published():
    # t0 A (3 of 5), t1 A (3), t2 B (3): A A B, which nobody follows exactly; each modal state has 3 = k members.
    assert typical_path(seqs("AAC", "ABB", "BAB", "AAA", "CAB"), K3, every=1) == ([("A", 2), ("B", 1)], 0)


def test_typical_path_needs_k_members_in_the_modal_state_of_every_time_point():
    # t0 A (2 of 3): the most common state is held by 2 < k people, so no path is published
    assert typical_path(seqs("AAC", "ABB", "BAB"), K3, every=1) is None


def test_typical_path_samples_every_nth_point_and_missing_is_different():
    # every=2 samples t0, t2, t4.  Sampled: AAA, AAA, AAA, A.A (missing at t2 -> does not
    # follow), BBB.  Modal A A A: 3 followers.
    group = seqs("AXAYA", "AAAAA", "ABACA", "AA.AA", "BBBBB")
    assert typical_path(group, K3, every=2) == ([("A", 3)], 3)
    # k=5: 3 followers are too few.
    assert typical_path(group, DisclosurePolicy(k=5), every=2) is None
    # A sampled point where nobody's state is known ends the path there.
    assert typical_path(seqs("AA.", "AA.", "AA."), K3, every=1) == ([("A", 2)], 3)
    assert typical_path(seqs(), K3, every=1) is None


@pytest.mark.parametrize("seed", range(10))
def test_random_chronograms_leave_nothing_small_and_nothing_pinned(seed):
    rng = np.random.default_rng(seed)
    cells = {}
    for t in (0, 12):
        parts = [rng.poisson(rng.uniform(1, 5), size=3) for _ in range(2)]
        cells[("P1", t)], cells[("P2", t)] = list(parts[0]), list(parts[1])
        cells[("all", t)] = list(parts[0] + parts[1])
    table = long_table(cells)
    out = protect_state_counts(table, K3, overall="all")
    people = out.values("people")
    assert not ((people >= 1) & (people < 3)).any()
    d = out.data.assign(v=people)
    for (_, _), g in d[d["drawn"]].groupby(["panel", "time"]):
        total = g.loc[g["state"] == TOTAL_STATE, "v"].iloc[0]
        members = g.loc[g["state"] != TOTAL_STATE, "v"]
        assert not np.isnan(total)  # a drawn time point shows its stack height
        if members.isna().any():
            assert total - members.sum() >= 3  # the grey remainder holds k or more
            assert members.isna().sum() >= 2
    assert reader_pins(table, out, "all") == {}
