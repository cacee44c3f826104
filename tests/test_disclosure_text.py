"""Tests for analysis.disclosure.text: orders, titles and ranges read only from what is shown."""

from __future__ import annotations

import pandas as pd

from analysis.disclosure.policy import DisclosurePolicy
from analysis.disclosure.protect import protect_counts, protect_means
from analysis.disclosure.text import display_order, leader, shown_range, shown_value

K3 = DisclosurePolicy()


def sectors(people, labels=None, **kw):
    labels = labels or [f"s{i}" for i in range(len(people))]
    df = pd.DataFrame({"label": labels, "people": people})
    return protect_counts(df, count_cols="people", **kw)


# --------------------------------------------------------------------------- display_order


def test_display_order_hidden_rows_last_alphabetically_pooled_rows_at_the_end():
    # k=3, no total: ngo=1 and academia=2 are hidden.  Shown descending (ties by label:
    # gov and "red cross" both 7 -> gov first), then the hidden rows alphabetically
    # (academia before ngo, whatever their true values 2 > 1), then the pooled rows in the
    # order given ("unknown" before "other"), whatever their value (other=12 is the largest).
    out = sectors([9, 1, 7, 2, 12, 7, 3], ["un", "ngo", "gov", "academia", "other", "red cross", "unknown"],
                  totals_known=False)
    ordered = display_order(out, value="people", label="label", last=["unknown", "other"])
    assert ordered.labels("label") == ["un", "gov", "red cross", "academia", "ngo", "unknown", "other"]
    assert ordered.hidden("people").tolist() == [False, False, False, True, True, False, False]
    # The order of hidden rows never depends on their values: swap them, same order.
    swapped = sectors([9, 2, 7, 1, 12, 7, 3], ["un", "ngo", "gov", "academia", "other", "red cross", "unknown"],
                      totals_known=False)
    assert display_order(swapped, value="people", label="label",
                         last=["unknown", "other"]).labels("label") == ordered.labels("label")


def test_display_order_matches_last_on_a_key_column():
    df = pd.DataFrame({"code": ["OTHER", "un", "ngo"], "label": ["Other", "UN", "NGO"], "people": [20, 5, 8]})
    out = protect_counts(df, count_cols="people", totals_known=False)
    ordered = display_order(out, value="people", label="label", last=["OTHER"], key="code")
    assert ordered.labels("code") == ["ngo", "un", "OTHER"]


# --------------------------------------------------------------------------- leader


def test_leader_without_a_total():
    # No total: a hidden cell is a small count (<= k-1 = 2).  un=9 is above it -> un.
    out = sectors([9, 1, 7], ["un", "ngo", "gov"], totals_known=False)
    assert leader(out, value="people") == 0
    # Two shown rows tie at the top: no leader.
    assert leader(sectors([7, 1, 7], totals_known=False), value="people") is None
    # Nothing shown: no leader.
    assert leader(sectors([1, 2], totals_known=False), value="people") is None


def test_leader_when_hidden_cells_may_be_large():
    # hidden_small=False: a hidden cell may be a secondary suppression of any size (its total
    # withheld), so the 9 shown cannot be called the largest.  Same table as above, where the
    # small-count bound 2 names row 0.
    out = sectors([9, 1, 7], ["un", "ngo", "gov"], totals_known=False)
    assert leader(out, value="people", hidden_small=False) is None
    # With nothing hidden the largest is named whatever hidden_small says.
    assert leader(sectors([9, 4, 7], ["un", "ngo", "gov"], totals_known=False), value="people",
                  hidden_small=False) == 0


def test_leader_with_a_known_total():
    # 13 people: a=6, b=2, c=5, d=0.  b primary, c secondary (the smaller open cell):
    # shown 6, c, c, 0.  A reader knows b + c = 13 - 6 = 7, so one of them could be 6 and tie
    # the 6 shown: no leader.  (Without passing the total, the small-count bound 2 would
    # wrongly name a.)
    df = pd.DataFrame({"g": 1, "label": list("abcd"), "people": [6, 2, 5, 0], "size": 13})
    out = protect_counts(df, count_cols="people", group_cols="g", total_col="size")
    assert out.hidden("people").tolist() == [False, True, True, False]
    assert leader(out, value="people", total=13) is None
    # 15 people: a=9, b=2, c=4, d=0 -> hidden b + c = 6, one of them at most 5 < 9: a leads.
    df = pd.DataFrame({"g": 1, "label": list("abcd"), "people": [9, 2, 4, 0], "size": 15})
    out = protect_counts(df, count_cols="people", group_cols="g", total_col="size")
    assert out.hidden("people").tolist() == [False, True, True, False]
    assert leader(out, value="people", total=15) == 0
    # The bound is total - shown - (hidden - 1), one person at least in each other hidden
    # cell.  10, c, c with a total of 13: 13 - 10 - 1 = 2 < 10 -> the first row.  Had the
    # total been 21, one hidden cell could hold 21 - 10 - 1 = 10, tying: no leader.
    two_hidden = sectors([10, 2, 1], totals_known=False)
    assert two_hidden.hidden("people").tolist() == [False, True, True]
    assert leader(two_hidden, value="people", total=13) == 0
    assert leader(two_hidden, value="people", total=20) == 0  # bound 9
    assert leader(two_hidden, value="people", total=21) is None


def test_leader_ignores_pooled_rows():
    # "other" pools categories of fewer than k people each: it is neither a candidate nor a
    # competitor.  Without exclude it would lead with 12.
    out = sectors([9, 12, 7], ["un", "other", "gov"], totals_known=False)
    assert leader(out, value="people") == 1
    assert leader(out, value="people", exclude=[1]) == 0
    # A hidden pooled row does not count as a hidden category either: with the total 19
    # known, the only hidden category (1) could be at most 19 - 9 - 7 - 0 = 3 (the hidden
    # pooled row assumed empty); nothing else is hidden.
    pooled = sectors([9, 1, 7, 2], ["un", "ngo", "gov", "other"], totals_known=False)
    assert leader(pooled, value="people", total=19, exclude=[3]) == 0


def test_leader_of_an_average_is_withheld_while_one_is_hidden():
    # Activities per advisor-year: the mean of 2 advisors (3.0) is hidden and is in truth
    # the largest; "highest for c" (2.5) would be false, and would tell the reader the
    # hidden mean is below 2.5.  A hidden mean is not a small count: no leader.
    df = pd.DataFrame({"label": ["a", "b", "c"], "rate": [0.5, 3.0, 2.5], "n": [10, 2, 10]})
    out = protect_means(df, mean_cols="rate", n_col="n")
    assert out.hidden("rate").tolist() == [False, True, False]
    assert leader(out, value="rate") is None
    # With nothing hidden the largest shown average is named.
    df["n"] = [10, 4, 10]
    assert leader(protect_means(df, mean_cols="rate", n_col="n"), value="rate") == 1


# --------------------------------------------------------------------------- shown_range, shown_value


def test_shown_range_and_value_ignore_hidden_cells():
    # 1 and 2 are hidden (their values, the true extremes, are not used); 0 is shown.
    out = sectors([5, 1, 9, 2, 0], ["a", "b", "c", "d", "e"], totals_known=False)
    assert shown_range(out, value="people") == (0.0, 9.0)
    assert shown_range(sectors([1, 2], totals_known=False), value="people") is None
    assert shown_value(out, value="people", where="label", equals="c") == 9.0
    assert shown_value(out, value="people", where="label", equals="b") is None  # hidden
    assert shown_value(out, value="people", where="label", equals="zz") is None  # absent
