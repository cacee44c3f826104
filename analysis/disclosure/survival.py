"""Survival curves that hide individuals: a grouped Kaplan-Meier life table with k events per step.

A Kaplan-Meier curve drawn at every event time publishes the whole event
table: each step's height is ``events / at risk``, and its Greenwood band
gives the at-risk count, so one event per step (and the people censored
between steps) can be read back from the picture. What is published instead:

1. Durations are grouped into intervals of ``interval_months`` (an event at
   exactly 0, a post already held when the term ended, is its own interval).
2. Consecutive intervals are merged until each published interval holds at
   least k events. People whose follow-up ends (censored) are withdrawn from
   the risk set in batches of at least k, at the end of the interval in which
   the batch is complete (until then they count as at risk, which slightly
   flattens the steps); so every count a reader can recover (events,
   withdrawals, people at risk and their differences) is 0 or at least k.
3. The curve stops where fewer than ``policy.min_at_risk`` people remain at
   risk: everything after that point is merged into the last published
   interval (so the events and censorings of the tail add up with the rest
   to the published totals, and no total elsewhere can be differenced
   against the curve to count the tail).
4. The estimate at each interval's end is the actuarial (Cutler-Ederer)
   life-table product over the grouped counts, ``S_j = S_{j-1} (1 - d_j /
   (r_j - c_j / 2))`` with the people withdrawn in the interval counted at risk
   for half of it, and the band is the log-log Greenwood interval computed
   from those same counts, so neither carries anything beyond the published
   table.

When this is impossible (fewer than k events in all, or 1..k-1 people
censored in all) nothing is published and the table says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.disclosure.policy import DisclosurePolicy
from analysis.disclosure.protect import Protected
from analysis.measures.survival import loglog_band

__all__ = ["LIFE_TABLE_COLUMNS", "median_with_interval", "protect_survival", "value_at"]

#: Columns of a protected life table.
LIFE_TABLE_COLUMNS = ["start_months", "end_months", "at_risk", "events", "censored", "survival", "ci_lower",
                      "ci_upper", "cumulative"]


def _layout(d: np.ndarray, c: np.ndarray, bounds: list[list[int]], k: int) -> list[tuple[int, int]]:
    """Events and released censorings of each group: censorings are withdrawn once at least k are pending."""
    rows, pending = [], 0
    for number, (first, last) in enumerate(bounds):
        pending += int(c[first:last + 1].sum())
        release = pending if pending >= k or number == len(bounds) - 1 else 0
        pending -= release
        rows.append((int(d[first:last + 1].sum()), release))
    return rows


def _groups(d: np.ndarray, c: np.ndarray, k: int, min_at_risk: int, n: int) -> list[tuple[int, int]] | None:
    """Grid intervals merged into published groups ``(first, last)``, or None when no safe curve exists.

    Each group closes as soon as it holds k events; the curve stops (the rest
    joins the last group) once fewer than ``min_at_risk`` remain at risk; if
    the last group ends up with fewer than k events, or 1..k-1 censorings to
    withdraw, it merges with the one before.
    """
    if n < min_at_risk:
        return None
    bounds: list[list[int]] = []
    i, at_risk, pending = 0, n, 0
    while i < len(d) and not (bounds and at_risk < min_at_risk):
        ev, j = 0, i
        while j < len(d):
            ev += int(d[j])
            if ev >= k:
                break
            j += 1
        if j == len(d):
            break
        bounds.append([i, j])
        pending += int(c[i:j + 1].sum())
        release = pending if pending >= k else 0
        pending -= release
        at_risk -= ev + release
        i = j + 1
    if not bounds:
        bounds = [[0, len(d) - 1]]
    bounds[-1][1] = len(d) - 1  # the tail joins the last group
    while bounds:
        rows = _layout(d, c, bounds, k)
        if all(ev >= k and (cen == 0 or cen >= k) for ev, cen in rows):
            return [(a, b) for a, b in bounds]
        if len(bounds) == 1:
            return None
        last = bounds.pop()[1]
        bounds[-1][1] = last
    return None


def protect_survival(
    durations: pd.DataFrame,
    policy: DisclosurePolicy,
    *,
    interval_months: float = 3.0,
    confidence: float = 0.95,
) -> Protected:
    """Grouped Kaplan-Meier life table, safe to publish (see the module docstring).

    Parameters
    ----------
    durations : DataFrame
        ``duration_months`` (calendar months from the origin) and ``event``
        (bool), one row per person (from
        :func:`analysis.measures.survival.time_to_first_in_field` or
        :func:`~analysis.measures.survival.retention_in_field`).
    policy : DisclosurePolicy
        Threshold k (5 under HESA rounding) and the at-risk floor.
    interval_months : float, default 3
        Width of the grid the event times are grouped to.
    confidence : float, default 0.95
        Level of the pointwise band.

    Returns
    -------
    Protected
        One row per published interval (:data:`LIFE_TABLE_COLUMNS`): the
        interval ``(start_months, end_months]``, people ``at_risk`` at its
        start, ``events`` and ``censored`` in it, and the estimate and band at
        its end. ``meta["publishable"]`` is False (and the table empty) when
        no safe curve exists; ``meta["n"]`` is the number of people.
    """
    k = policy.threshold
    n = len(durations)
    time = durations["duration_months"].to_numpy(dtype=float)
    event = durations["event"].to_numpy(dtype=bool)
    empty = pd.DataFrame({c: pd.Series(dtype="Float64") for c in LIFE_TABLE_COLUMNS})
    if n == 0:
        return _wrap(empty, policy, publishable=False, n=0)
    top = max(float(np.nanmax(time)), 0.0)
    edges = np.concatenate([[0.0], np.arange(interval_months, top + interval_months, interval_months)])
    # interval 0 holds times == 0; interval j >= 1 holds (edges[j-1], edges[j]]
    which = np.where(time <= 0, 0, np.searchsorted(edges, time, side="left"))
    which = np.clip(which, 0, len(edges) - 1)
    d = np.bincount(which[event], minlength=len(edges))
    c = np.bincount(which[~event], minlength=len(edges))
    groups = _groups(d, c, k, policy.min_at_risk, n)
    if groups is None:
        return _wrap(empty, policy, publishable=False, n=n)
    rows = []
    at_risk = n
    surv = 1.0
    greenwood = 0.0
    for (first, last), (ev, cen) in zip(groups, _layout(d, c, [list(g) for g in groups], k), strict=True):
        exposed = at_risk - cen / 2  # actuarial: the withdrawn count as at risk for half the interval
        surv *= 1 - ev / exposed
        if exposed > ev:
            greenwood += ev / (exposed * (exposed - ev))
        start = 0.0 if first == 0 else float(edges[first - 1])
        events_at = np.flatnonzero(d[first:last + 1]) + first
        end = float(edges[events_at.max()]) if events_at.size else float(edges[last])
        rows.append((start, end, at_risk, ev, cen, surv, greenwood))
        at_risk -= ev + cen
    frame = pd.DataFrame(rows, columns=["start_months", "end_months", "at_risk", "events", "censored", "survival",
                                        "greenwood"])
    s = frame["survival"].to_numpy(dtype=float)
    lower, upper = loglog_band(s, s * np.sqrt(frame["greenwood"].to_numpy(dtype=float)), confidence)
    frame = frame.drop(columns="greenwood").assign(ci_lower=lower, ci_upper=upper, cumulative=1 - s)
    for column in ("at_risk", "events", "censored"):
        frame[column] = frame[column].astype("Int64")
    for column in ("start_months", "end_months", "survival", "ci_lower", "ci_upper", "cumulative"):
        frame[column] = frame[column].astype("Float64")
    return _wrap(frame[LIFE_TABLE_COLUMNS], policy, publishable=True, n=n)


def _wrap(frame: pd.DataFrame, policy: DisclosurePolicy, *, publishable: bool, n: int) -> Protected:
    mask = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    return Protected(data=frame.reset_index(drop=True), suppressed=mask.reset_index(drop=True), policy=policy,
                     counts=("at_risk", "events", "censored"), meta={"publishable": publishable, "n": n})


def value_at(table: Protected, months: float, column: str = "survival") -> float:
    """The published curve's value at ``months`` (last step at or before it); NaN past its end or if unpublished."""
    if not table.meta.get("publishable") or not len(table):
        return float("nan")
    ends = table.values("end_months")
    if months > ends[-1] + 1e-9:
        return float("nan")
    upto = np.flatnonzero(ends <= months + 1e-9)
    if not upto.size:
        return {"survival": 1.0, "ci_lower": 1.0, "ci_upper": 1.0, "cumulative": 0.0}[column]
    return float(table.values(column)[upto[-1]])


def median_with_interval(table: Protected) -> tuple[float, float, float]:
    """Median time and its confidence interval read off the published curve and band (NaN where not reached).

    The median is the first interval end where the estimate is 0.5 or below;
    the interval runs from where the lower band reaches 0.5 to where the
    upper band does (the band read off at 0.5, as Brookmeyer-Crowley).
    """
    if not table.meta.get("publishable") or not len(table):
        return (float("nan"),) * 3
    ends = table.values("end_months")

    def first_below(column: str) -> float:
        hit = np.flatnonzero(table.values(column) <= 0.5 + 1e-12)
        return float(ends[hit[0]]) if hit.size else float("nan")

    return first_below("survival"), first_below("ci_lower"), first_below("ci_upper")
