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
   the batch is complete (until then they count as at risk).
3. The curve stops where fewer than ``policy.min_at_risk`` people remain at
   risk: the rest is merged into the last published interval.
4. The estimate at each interval's end is the actuarial (Cutler-Ederer)
   life-table product over the grouped counts, ``S_j = S_{j-1} (1 - d_j /
   (r_j - c_j / 2))``, and the band is the log-log Greenwood interval from the
   same counts, so neither carries anything beyond the published table.

Every published count of the life table is a count of people in a
*life-table interval* (:attr:`LifeTable.labels`): ``e<j>`` for those whose event
falls in interval ``j``, ``w<j>`` for those withdrawn at its end. The report
registers these as an attribute of each person, with the rules that tie them
to the knowledge windows, so the whole-report model protects the curve
together with everything else (:mod:`analysis.report.exhibits.fostering`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.disclosure.policy import DisclosurePolicy, hesa_round
from analysis.disclosure.protect import Protected
from analysis.measures.survival import kaplan_meier, km_median, loglog_band

__all__ = ["LIFE_TABLE_COLUMNS", "LifeTable", "exact_median", "life_table", "protect_survival", "value_at"]

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
    """Grid intervals merged into published groups ``(first, last)``, or None when no safe curve exists."""
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


@dataclass
class LifeTable:
    """A grouped life table and, for each person, the interval they are counted in.

    Attributes
    ----------
    table : DataFrame
        :data:`LIFE_TABLE_COLUMNS`, one row per published interval (empty when
        no safe curve exists).
    labels : Series
        Per person (index of the durations): ``e<j>`` (event in interval j) or
        ``w<j>`` (withdrawn at the end of interval j).
    spans : dict
        Label -> (low, high): the durations (months) a label's people can have,
        ``low < duration <= high`` (``low = -1`` for interval 0, which starts at 0).
    publishable : bool
    n : int
        People in the curve.
    """

    table: pd.DataFrame
    labels: pd.Series
    spans: dict[str, tuple[float, float]]
    publishable: bool
    n: int

    @property
    def values(self) -> tuple[str, ...]:
        """Every label, in interval order (events, then the withdrawal, of each interval)."""
        out = []
        for j in range(len(self.table)):
            out += [f"e{j}", f"w{j}"]
        return tuple(out)

    def at_risk(self, j: int) -> list[str]:
        """Labels of the people at risk at the start of interval ``j``."""
        return [v for v in self.values if int(v[1:]) >= j]


def life_table(durations: pd.DataFrame, policy: DisclosurePolicy, *, interval_months: float = 3.0,
               confidence: float = 0.95) -> LifeTable:
    """Grouped Kaplan-Meier life table, safe to publish, with each person's interval (see the module docstring).

    Parameters
    ----------
    durations : DataFrame
        ``duration_months`` and ``event`` (bool), one row per person.
    policy : DisclosurePolicy
        Threshold k (5 under HESA rounding) and the at-risk floor.
    interval_months : float, default 3
        Width of the grid the event times are grouped to.
    confidence : float, default 0.95
        Level of the pointwise band.
    """
    k = policy.threshold
    n = len(durations)
    empty = pd.DataFrame({c: pd.Series(dtype="Float64") for c in LIFE_TABLE_COLUMNS})
    none = pd.Series(dtype=str, index=durations.index[:0])
    if n == 0:
        return LifeTable(empty, none, {}, False, 0)
    time = durations["duration_months"].to_numpy(dtype=float)
    event = durations["event"].to_numpy(dtype=bool)
    top = max(float(np.nanmax(time)), 0.0)
    edges = np.concatenate([[0.0], np.arange(interval_months, top + interval_months, interval_months)])
    which = np.where(time <= 0, 0, np.searchsorted(edges, time, side="left"))
    which = np.clip(which, 0, len(edges) - 1)
    d = np.bincount(which[event], minlength=len(edges))
    c = np.bincount(which[~event], minlength=len(edges))
    groups = _groups(d, c, k, policy.min_at_risk, n)
    if groups is None:
        return LifeTable(empty, none, {}, False, n)
    rows = []
    at_risk, surv, greenwood = n, 1.0, 0.0
    group_of = np.zeros(len(edges), dtype=np.int64)
    release_of = np.zeros(len(edges), dtype=np.int64)
    pending_from = 0
    layout = _layout(d, c, [list(g) for g in groups], k)
    spans: dict[str, tuple[float, float]] = {}
    for number, ((first, last), (ev, cen)) in enumerate(zip(groups, layout, strict=True)):
        group_of[first:last + 1] = number
        exposed = at_risk - cen / 2
        surv *= 1 - ev / exposed
        if exposed > ev:
            greenwood += ev / (exposed * (exposed - ev))
        start = 0.0 if first == 0 else float(edges[first - 1])
        events_at = np.flatnonzero(d[first:last + 1]) + first
        end = float(edges[events_at.max()]) if events_at.size else float(edges[last])
        rows.append((start, end, at_risk, ev, cen, surv, greenwood))
        at_risk -= ev + cen
        low = -1.0 if first == 0 else float(edges[first - 1])
        spans[f"e{number}"] = (low, float(edges[last]))
        if cen:
            release_of[pending_from:last + 1] = number
            spans[f"w{number}"] = (-1.0 if pending_from == 0 else float(edges[pending_from - 1]), float(edges[last]))
            pending_from = last + 1
        else:
            spans[f"w{number}"] = (float(edges[last]), float(edges[last]))
    frame = pd.DataFrame(rows, columns=["start_months", "end_months", "at_risk", "events", "censored", "survival",
                                        "greenwood"])
    s = frame["survival"].to_numpy(dtype=float)
    lower, upper = loglog_band(s, s * np.sqrt(frame["greenwood"].to_numpy(dtype=float)), confidence)
    frame = frame.drop(columns="greenwood").assign(ci_lower=lower, ci_upper=upper, cumulative=1 - s)
    for column in ("at_risk", "events", "censored"):
        frame[column] = frame[column].astype("Int64")
    for column in ("start_months", "end_months", "survival", "ci_lower", "ci_upper", "cumulative"):
        frame[column] = frame[column].astype("Float64")
    labels = np.where(event, np.char.add("e", group_of[which].astype(str)),
                      np.char.add("w", release_of[which].astype(str)))
    return LifeTable(frame[LIFE_TABLE_COLUMNS], pd.Series(labels, index=durations.index), spans, True, n)


def from_counts(at_risk: np.ndarray, events: np.ndarray, censored: np.ndarray, confidence: float = 0.95
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Actuarial estimate and log-log band from (published, possibly rounded) counts."""
    surv, greenwood = 1.0, 0.0
    s_out, g_out = [], []
    for r, d, c in zip(at_risk, events, censored, strict=True):
        exposed = r - c / 2
        if exposed > 0:
            surv *= max(0.0, 1 - d / exposed)
            if exposed > d:
                greenwood += d / (exposed * (exposed - d))
        s_out.append(surv)
        g_out.append(greenwood)
    s = np.array(s_out, dtype=float)
    lower, upper = loglog_band(s, s * np.sqrt(np.array(g_out)), confidence)
    return s, lower, upper


def protect_survival(durations: pd.DataFrame, policy: DisclosurePolicy, *, interval_months: float = 3.0,
                     confidence: float = 0.95) -> Protected:
    """The grouped life table on its own, as a protected table (HESA: counts rounded, curve from them).

    The report protects life tables with everything else (the counts are
    registered in the report's model); this function is the stand-alone form
    for an analyst's curve that is published on its own.
    """
    lt = life_table(durations, policy, interval_months=interval_months, confidence=confidence)
    frame = lt.table.copy()
    if policy.kind == "hesa" and len(frame):
        frame = rounded_life_table(frame)
    mask = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    return Protected(data=frame.reset_index(drop=True), suppressed=mask.reset_index(drop=True), policy=policy,
                     counts=("at_risk", "events", "censored"), meta={"publishable": lt.publishable, "n": lt.n})


def rounded_life_table(frame: pd.DataFrame) -> pd.DataFrame:
    """HESA: every count rounded to 5, the curve and band computed from the rounded counts."""
    out = frame.copy()
    for column in ("at_risk", "events", "censored"):
        out[column] = pd.array(hesa_round(out[column].to_numpy(dtype=float)), dtype="Float64").astype("Int64")
    s, lower, upper = from_counts(out["at_risk"].to_numpy(dtype=float), out["events"].to_numpy(dtype=float),
                                  out["censored"].to_numpy(dtype=float))
    out["survival"] = pd.array(s, dtype="Float64")
    out["ci_lower"] = pd.array(lower, dtype="Float64")
    out["ci_upper"] = pd.array(upper, dtype="Float64")
    out["cumulative"] = pd.array(1 - s, dtype="Float64")
    return out


def value_at(table: Protected, months: float, column: str = "survival") -> float:
    """The published curve's value at ``months`` (last step at or before it); NaN past its end or if unpublished."""
    if not table.meta.get("publishable", True) or not len(table):
        return float("nan")
    ends = table.values("end_months")
    if months > ends[-1] + 1e-9:
        return float("nan")
    upto = np.flatnonzero(ends <= months + 1e-9)
    if not upto.size:
        return {"survival": 1.0, "ci_lower": 1.0, "ci_upper": 1.0, "cumulative": 0.0}[column]
    return float(table.values(column)[upto[-1]])


def exact_median(durations: pd.DataFrame, lt: LifeTable, k: int) -> tuple[float | None, float | None,
                                                                              float | None, str]:
    """The median and its 95% interval from the exact Kaplan-Meier curve, each only when it is safe.

    A time read off the exact curve falls inside one published interval and
    tells a reader how that interval's events split around it; it is given
    only when the events of the interval before and after it are each 0 or at
    least ``k`` (otherwise None). Returns ``(median, lower, upper, reason)``,
    ``reason`` being ``""``, ``"not reached"`` or ``"withheld"``.
    """
    if not lt.publishable or not len(durations):
        return None, None, None, "withheld"
    curve = kaplan_meier(durations)
    times = durations["duration_months"].to_numpy(dtype=float)
    events = durations["event"].to_numpy(dtype=bool)
    ends = lt.table["end_months"].to_numpy(dtype=float)
    starts = lt.table["start_months"].to_numpy(dtype=float)
    last = float(ends[-1])

    def safe(t: float) -> bool:
        if t > last + 1e-9:
            return False
        j = int(np.searchsorted(ends, t - 1e-9))
        if j >= len(ends) or abs(t - ends[j]) <= 1e-9 or (j == 0 and t <= 0):
            return True  # on a published step: nothing new
        low = starts[j]
        before = int((events & (times > low) & (times <= t)).sum())
        after = int((events & (times > t) & (times <= ends[j])).sum())
        return all(n == 0 or n >= k for n in (before, after))

    out = []
    for column in ("survival", "ci_lower", "ci_upper"):
        t = km_median(curve, column)
        out.append(float(t) if t == t and safe(float(t)) else None)
    median = km_median(curve, "survival")
    reason = "" if out[0] is not None else ("not reached" if median != median else "withheld")
    return out[0], out[1], out[2], reason
