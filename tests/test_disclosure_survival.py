"""Tests for analysis.disclosure.survival: the grouped life table that hides individuals.

The hand-worked fixture is 12 people followed on a 3-month grid (k=3, so the curve
stops where fewer than max(2k, 5) = 6 remain at risk).  The estimator in the tree is
the actuarial (Cutler-Ederer) product, S_j = S_{j-1} (1 - d_j / e_j) with the
exposure e_j = r_j - c_j / 2 (people withdrawn in the interval at risk for half of
it), Greenwood's sum G_j = sum d / (e (e - d)), and the log-log band
S ** exp(+-z sqrt(G) / |log S|).  The attacker at the end inverts the published steps
and band without looking at the count columns.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.disclosure.policy import DisclosurePolicy
from analysis.disclosure.protect import Protected
from analysis.disclosure.survival import (
    LIFE_TABLE_COLUMNS,
    exact_median,
    life_table,
    protect_survival,
    value_at,
)

K3 = DisclosurePolicy()
Z95 = 1.959963984540054


def durations(times, events) -> pd.DataFrame:
    return pd.DataFrame({"duration_months": np.asarray(times, dtype=float), "event": np.asarray(events, dtype=bool)})


# 12 people:            grid interval (0,3]  (3,6]  (6,9]  (9,12]
#   events at 1, 2, 2                      3
#   censored at 2                          1
#   events at 4, 5                                2
#   event at 7, censored at 8, 8                         1+2c
#   events at 10, 11, censored at 12                            2+1c
TWELVE = durations([1, 2, 2, 2, 4, 5, 7, 8, 8, 10, 11, 12], [1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 0])


def loglog(s: float, g: float) -> tuple[float, float]:
    theta = math.sqrt(g) / abs(math.log(s))
    return s ** math.exp(Z95 * theta), s ** math.exp(-Z95 * theta)


def test_hand_worked_life_table():
    # Grouping (k=3): interval (0,3] holds 3 events -> group 1 closes; its 1 censoring is
    # pending (1 < k, not withdrawn yet).  At risk after it: 12 - 3 = 9 >= 6, go on.
    # (3,6] has 2 events, (6,9] 1 more -> group 2 closes at 9 months; pending 1 + 2 = 3
    # >= k -> withdrawn; at risk 9 - 3 - 3 = 3 < 6: the curve stops, and the tail
    # ((9,12]: 2 events, 1 censoring) joins group 2.  Group 2 then has 5 events and 4
    # withdrawals (everyone left).  Published rows:
    #   (0, 3]:  at risk 12, events 3, censored 0
    #   (3, 12]: at risk  9, events 5, censored 4    (ends at the last event's interval, 12)
    # Step 1: e = 12, S = 1 - 3/12 = 0.75, G = 3 / (12 * 9) = 1/36.
    # Step 2: e = 9 - 4/2 = 7, S = 0.75 * (1 - 5/7) = 3/14, G = 1/36 + 5 / (7 * 2) = 194/504.
    # Band, step 1: sqrt(G)/|ln .75| = (1/6)/0.28768 = 0.5793 -> .75 ** exp(+-1.1355)
    #   = (0.4084, 0.9117); step 2: 0.6204/1.5404 = 0.4028 -> (0.0336, 0.4968).
    out = protect_survival(TWELVE, K3)
    assert out.meta == {"publishable": True, "n": 12}
    assert list(out.columns) == LIFE_TABLE_COLUMNS
    t = out.data
    assert t["start_months"].tolist() == [0, 3] and t["end_months"].tolist() == [3, 12]
    assert t["at_risk"].tolist() == [12, 9]
    assert t["events"].tolist() == [3, 5]
    assert t["censored"].tolist() == [0, 4]
    s1, g1 = 0.75, 1 / 36
    s2, g2 = 0.75 * (1 - 5 / 7), 1 / 36 + 5 / 14
    assert out.values("survival").tolist() == pytest.approx([s1, s2])
    assert out.values("cumulative").tolist() == pytest.approx([0.25, 1 - 3 / 14])
    lo1, hi1 = loglog(s1, g1)
    lo2, hi2 = loglog(s2, g2)
    assert (lo1, hi1, lo2, hi2) == pytest.approx((0.4084, 0.9117, 0.0336, 0.4968), abs=5e-5)
    assert out.values("ci_lower").tolist() == pytest.approx([lo1, lo2])
    assert out.values("ci_upper").tolist() == pytest.approx([hi1, hi2])
    assert not out.suppressed.to_numpy().any() and out.counts == ("at_risk", "events", "censored")


def test_events_at_zero_are_their_own_interval():
    # 3 people already in post at term end (0 months), then 3 events at 5 and 4 censored
    # at 20 of 10 people.  Row 1: (0, 0] 3 of 10; at risk 7 >= 6.  Row 2 takes the 3 events
    # in (3,6] and (the curve stopping: 7 - 3 = 4 < 6) the 4 censorings of the tail.
    times = [0, 0, 0, 5, 5, 5, 20, 20, 20, 20]
    out = protect_survival(durations(times, [1] * 6 + [0] * 4), K3)
    # Interval 0 is [0, 0]; the next group starts with grid interval (0, 3].
    assert out.data["start_months"].tolist() == [0, 0] and out.data["end_months"].tolist() == [0, 6]
    assert out.data["events"].tolist() == [3, 3] and out.data["censored"].tolist() == [0, 4]
    assert value_at(out, 0) == pytest.approx(0.7)  # S(0) already counts the events at 0


@pytest.mark.parametrize(
    ("times", "events", "why"),
    [
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 1] + [0] * 8, "2 events in all < k"),
        ([1, 2, 3, 4, 5], [1] * 5, "5 people < min_at_risk 6"),
        ([1, 1, 1, 2, 2, 2, 4, 4, 4, 5, 5, 5, 9], [1] * 12 + [0], "1 person censored in all"),
        ([], [], "nobody"),
    ],
)
def test_unpublishable_curves_are_empty(times, events, why):
    out = protect_survival(durations(times, events), K3)
    assert out.meta["publishable"] is False, why
    assert out.meta["n"] == len(times)
    assert len(out) == 0 and list(out.columns) == LIFE_TABLE_COLUMNS
    assert np.isnan(value_at(out, 3))
    assert exact_median(durations(times, events), life_table(durations(times, events), K3), 3)[3] == "withheld"


def test_the_tail_merges_when_its_last_group_is_short():
    # 20 people, k=3, min_at_risk 6.  Events: 3 in (0,3], 3 in (3,6], 2 in (6,9]; 12
    # censored at 30.  Groups close at 3 and 6 months (at risk 20 -> 17 -> 14); the rest
    # (2 events, then the censorings) has only 2 events < k, so it merges with the group
    # before: rows (0,3] 3 events, (3,9] 5 events + 12 censored.
    times = [1, 1, 1, 4, 4, 4, 7, 7] + [30] * 12
    out = protect_survival(durations(times, [1] * 8 + [0] * 12), K3)
    assert out.data["events"].tolist() == [3, 5]
    assert out.data["censored"].tolist() == [0, 12]
    assert out.data["end_months"].tolist() == [3, 9]


# --------------------------------------------------------------------------- reading the curve


def hand_table(publishable: bool = True) -> Protected:
    frame = pd.DataFrame({
        "start_months": [0.0, 3, 6, 9], "end_months": [3.0, 6, 9, 12],
        "at_risk": [20, 16, 12, 9], "events": [4, 4, 3, 3], "censored": [0, 0, 0, 6],
        "survival": [0.8, 0.6, 0.45, 0.3], "ci_lower": [0.6, 0.4, 0.28, 0.15],
        "ci_upper": [0.95, 0.78, 0.62, 0.48], "cumulative": [0.2, 0.4, 0.55, 0.7]})
    return Protected(data=frame, suppressed=pd.DataFrame(False, index=frame.index, columns=frame.columns),
                     policy=K3, counts=("at_risk", "events", "censored"),
                     meta={"publishable": publishable, "n": 20})


def test_value_at_reads_the_last_step_at_or_before():
    table = hand_table()
    assert value_at(table, 0) == 1.0 and value_at(table, 2.9) == 1.0  # before the first step
    assert value_at(table, 0, "cumulative") == 0.0 and value_at(table, 1, "ci_lower") == 1.0
    assert value_at(table, 3) == 0.8  # the step at 3 months counts at 3
    assert value_at(table, 7) == 0.6
    assert value_at(table, 5, "ci_lower") == 0.6 and value_at(table, 5, "ci_upper") == 0.95
    assert value_at(table, 9, "cumulative") == 0.55
    assert value_at(table, 12) == 0.3
    assert np.isnan(value_at(table, 12.5))  # past the end of the curve
    assert np.isnan(value_at(hand_table(publishable=False), 5))


def test_exact_median_is_given_only_where_it_splits_no_interval_into_a_small_count():
    # TWELVE at k=3 publishes two steps: (0,3] with 3 events and (3,12] with 5.  The exact
    # Kaplan-Meier curve reaches 0.5 at 7 months (S = 0.46875): 7 splits the events of
    # (3,12] into 3 at or before (4, 5, 7) and 2 after (10, 11), and 2 < k, so the median
    # is withheld.  The lower band reaches 0.5 at 2 months: (0,3] splits 3 and 0, safe.
    # The upper band reaches it at 11 months: (3,12] splits 5 and 0, safe.
    table = life_table(TWELVE, K3)
    assert table.table["end_months"].tolist() == [3.0, 12.0]
    assert table.table["events"].tolist() == [3, 5]
    assert exact_median(TWELVE, table, 3) == (None, 2.0, 11.0, "withheld")
    # At k=1 nothing is small and the median is given.
    one = life_table(TWELVE, DisclosurePolicy(k=1))
    median = exact_median(TWELVE, one, 1)
    assert median[0] == 7.0 and median[3] == ""


# --------------------------------------------------------------------------- properties and the attacker


def invert(table: Protected) -> list[tuple[float, float]]:
    """(exposure, events) of each step, read back from the survival and band columns only.

    q = 1 - S_j / S_{j-1} = d / e; from the band, theta = ln(ln lower / ln S) / z and
    G_j = (theta |ln S_j|)^2; G_j - G_{j-1} = d / (e (e - d)) = q / (e (1 - q)), so
    e = q / ((1 - q) dG) and d = q e.  Steps where S reaches 0 carry no band.
    """
    s = table.values("survival")
    lower = table.values("ci_lower")
    out, prev_s, prev_g = [], 1.0, 0.0
    for sj, lj in zip(s, lower, strict=True):
        q = 1 - sj / prev_s
        if sj <= 0 or q >= 1:
            break
        g = (math.log(math.log(lj) / math.log(sj)) / Z95 * abs(math.log(sj))) ** 2
        e = q / ((1 - q) * (g - prev_g))
        out.append((e, q * e))
        prev_s, prev_g = sj, g
    return out


def test_attacker_reads_back_the_hand_worked_counts():
    # Inverting the curve and band of the 12-person table gives exposures 12 and 7 and
    # events 3 and 5: the published counts, nothing finer.
    got = invert(protect_survival(TWELVE, K3))
    assert got == [pytest.approx((12, 3)), pytest.approx((7, 5))]


@pytest.mark.parametrize("seed", range(25))
def test_random_curves_publish_only_counts_of_k_or_more(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 60))
    k = int(rng.choice([3, 5]))
    policy = DisclosurePolicy(k=k)
    times = np.round(rng.exponential(rng.uniform(6, 30), size=n), 1)
    times[rng.random(n) < 0.1] = 0.0
    events = rng.random(n) < rng.uniform(0.3, 0.9)
    out = protect_survival(durations(times, events), policy)
    if not out.meta["publishable"]:
        assert len(out) == 0
        return
    t = out.data
    r = t["at_risk"].to_numpy(dtype=int)
    d = t["events"].to_numpy(dtype=int)
    c = t["censored"].to_numpy(dtype=int)
    assert (d >= k).all()  # every published interval holds k events
    assert ((c == 0) | (c >= k)).all()  # withdrawals in batches of k
    assert r[0] == n and (r >= policy.min_at_risk).all()
    assert (r[1:] == r[:-1] - d[:-1] - c[:-1]).all()
    assert d.sum() == events.sum() and c.sum() == (~events).sum()  # the tail is in the last row
    assert (np.diff(out.values("survival")) < 0).all()
    # The attacker, from the picture alone, recovers exactly the published counts.
    for j, (e, dj) in enumerate(invert(out)):
        assert dj == pytest.approx(d[j], abs=1e-6) and e == pytest.approx(r[j] - c[j] / 2, abs=1e-6)
        assert round(dj) >= k
        withdrawn = 2 * (r[j] - e)
        assert round(withdrawn) == 0 or round(withdrawn) >= k
