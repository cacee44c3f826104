"""Publishing sequences: chronogram cells, cluster panels and typical paths without exposing individuals.

A chronogram is a table of counts: people in each state at each time point.
Drawn exactly, a band of one or two people is a count below k, and an overall
chronogram minus the published cluster panels gives the careers of a hidden
cluster. :func:`protect_state_counts` protects every panel of a figure at
once, with these relations:

* within a panel and time point, the states add up to the number of people
  whose state is known then (the height of the stack);
* when an ``overall`` panel is published with panels that partition it (the
  clusters), each overall cell is the sum of the panel cells, and each
  overall stack the sum of the panel stacks.

Time points where a panel has fewer than ``policy.min_at_risk`` people known,
or where the number known has fallen by 1..k-1 since the last drawn time point
(one or two careers leaving the record), are not drawn (their cells are
suppressed from the start), and a time point whose stack height had to be
suppressed is not drawn either. Hidden cells of
a drawn time point are pooled into one grey band, which by the line rules
holds at least k people.

:func:`typical_path` describes a group by the state most of its members are
in at each time point, and publishes it only when at least k members follow
exactly that path or none does: it is never one person's career.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.disclosure.engine import CANDIDATE, VIRTUAL, Line, protect_cells
from analysis.disclosure.policy import DisclosurePolicy
from analysis.disclosure.protect import Protected

__all__ = ["protect_state_counts", "typical_path"]

TOTAL_STATE = "__total__"


def _uneven_drops(frame: pd.DataFrame, values: np.ndarray, candidates: np.ndarray, k: int,
                  fixed: dict[object, list[tuple[float, float]]] | None = None) -> np.ndarray:
    """Stack heights not to draw: those that fall by 1..k-1 people since the last one drawn.

    The number of people whose state is known falls as careers leave the
    record (the reference date, the last confirmation). Two drawn heights
    that differ by one or two people tell a reader that one or two careers
    end there (the latest intake, say), so, as for a survival curve's
    censoring, only time points where the height is unchanged or has fallen
    by at least ``k`` since the last drawn one are drawn. ``fixed`` holds, per
    panel, heights published elsewhere at a time between the points (the
    people a typology follows through its months): they always count as
    drawn, and drawn points just before one are taken back until the fall to
    it is 0 or at least ``k``.
    """
    out = np.zeros(len(frame), dtype=bool)
    rows = np.flatnonzero(candidates)
    events = [(frame.at[row, "panel"], float(frame.at[row, "time"]), 1, row, values[row]) for row in rows]
    events += [(panel, float(time), 0, -1, float(height)) for panel, points in (fixed or {}).items()
                for time, height in points]
    drawn: dict[object, list[tuple[int, float]]] = {}
    for panel, _time, is_point, row, height in sorted(events, key=lambda e: (str(e[0]), e[1], e[2])):
        stack = drawn.setdefault(panel, [])
        if is_point:
            if stack and 0 < stack[-1][1] - height < k:  # stacks from the term start only fall
                out[row] = True
                continue
            stack.append((row, height))
            continue
        while stack and 0 < stack[-1][1] - height < k:
            taken_back, _ = stack.pop()
            if taken_back >= 0:
                out[taken_back] = True
        stack.append((-1, height))
    return out


def protect_state_counts(
    counts: pd.DataFrame,
    policy: DisclosurePolicy,
    *,
    overall: str | None = None,
    virtual: tuple[str, ...] = (),
    fixed: dict[object, list[tuple[float, float]]] | None = None,
) -> Protected:
    """Protect per-panel state counts for chronograms (see the module docstring).

    Parameters
    ----------
    counts : DataFrame
        Long table with ``panel``, ``time``, ``state`` and ``people`` (every
        state listed at every time point of every panel, zeros included).
    policy : DisclosurePolicy
        The threshold (k, or 5 under HESA rounding) and the floor of people
        known for a time point to be drawn.
    overall : str, optional
        The panel that all other panels partition (e.g. ``"all"``); None when
        the panels are unrelated.
    virtual : tuple of str
        Panels that complete the partition but are never drawn (e.g. the
        people left out of a typology): a reader can still subtract, so they
        take part in the checks as derived cells and are dropped from the result.
    fixed : dict, optional
        Panel -> ``[(time, people), ...]``: numbers of people known up to a
        time, published elsewhere (a typology's size); the drop rule treats
        them as drawn heights.

    Returns
    -------
    Protected
        The input rows plus one row per panel and time point with ``state``
        equal to ``"__total__"`` (the stack height), ``people`` protected.
        ``data["drawn"]`` is True for the time points that may be drawn.
    """
    k = policy.threshold
    frame = counts[["panel", "time", "state", "people"]].copy()
    totals = frame.groupby(["panel", "time"], sort=False, as_index=False)["people"].sum()
    totals["state"] = TOTAL_STATE
    frame = pd.concat([frame, totals[["panel", "time", "state", "people"]]], ignore_index=True)
    values = frame["people"].to_numpy(dtype=float)
    index = {key: i for i, key in enumerate(zip(frame["panel"], frame["time"], frame["state"], strict=True))}
    lines: list[Line] = []
    for (panel, time), group in frame.groupby(["panel", "time"], sort=False):
        members = [index[(panel, time, s)] for s in group["state"] if s != TOTAL_STATE]
        lines.append(Line(np.array(members), index[(panel, time, TOTAL_STATE)], f"{panel} at {time}"))
    if overall is not None:
        parts = [p for p in frame["panel"].unique() if p != overall]
        for (time, state), _ in frame[frame["panel"] == overall].groupby(["time", "state"], sort=False):
            members = [index[(p, time, state)] for p in parts if (p, time, state) in index]
            if members:
                lines.append(Line(np.array(members), index[(overall, time, state)], f"{state} at {time}"))
    is_total = (frame["state"] == TOTAL_STATE).to_numpy()
    is_virtual = frame["panel"].isin(list(virtual)).to_numpy()
    forced = is_total & (values < policy.min_at_risk) & ~is_virtual
    forced |= _uneven_drops(frame, values, is_total & ~forced, k, fixed)
    kinds = np.where(is_virtual, VIRTUAL, CANDIDATE)
    labels = [f"{p}, {t}, {s}" for p, t, s in index]
    while True:
        hidden, _notes = protect_cells(values, kinds, lines, labels, k, forced=forced)
        # A height hidden to protect others is not drawn either: the points left must still fall by
        # 0 or at least k from one to the next.
        again = _uneven_drops(frame, values, is_total & ~hidden, k, fixed) & ~forced
        if not again.any():
            break
        forced |= again
    # A time point whose stack height is hidden is not drawn at all.
    drawn_key = pd.Series(~hidden[is_total], index=pd.MultiIndex.from_frame(frame.loc[is_total, ["panel", "time"]]))
    drawn = drawn_key.reindex(pd.MultiIndex.from_frame(frame[["panel", "time"]])).to_numpy(dtype=bool)
    hidden = hidden | ~drawn
    data = frame.assign(people=pd.array(np.where(hidden, 0, values).astype("int64"), dtype="Int64"), drawn=drawn)
    data.loc[hidden, "people"] = pd.NA
    keep = ~is_virtual
    data = data.loc[keep].reset_index(drop=True)
    mask = pd.DataFrame(False, index=data.index, columns=data.columns)
    mask["people"] = hidden[keep]
    return Protected(data=data, suppressed=mask, policy=policy, counts=("people",))


def typical_path(
    seqs: pd.DataFrame,
    policy: DisclosurePolicy,
    *,
    every: int = 12,
) -> tuple[list[tuple[str, int]], int] | None:
    """The modal path of a group of sequences, as spells ``[(state, time points), ...]``, if publishable.

    At each ``every``-th time point the most common known state (ties: the
    first in sorted order) is taken, and it must be held by at least k
    members; consecutive equal states form spells.
    Members "follow" the path when their own state at every sampled time
    point (missing counts as different) equals it. The path is returned with
    that number of followers only when it is 0 or at least k (never one or
    two people's exact careers); otherwise None.
    """
    picked = seqs.iloc[:, ::every]
    if picked.shape[1] == 0 or len(picked) == 0:
        return None
    modal = []
    for column in picked.columns:
        known = picked[column].dropna().astype(str)
        if known.empty:
            break
        counts = known.value_counts()
        if counts.max() < policy.threshold:
            return None  # the most common state of the time point is itself held by too few
        best = counts[counts == counts.max()].index
        modal.append(sorted(best)[0])
    if not modal:
        return None
    sample = picked.iloc[:, : len(modal)].astype(object)
    follows = int(sample.apply(lambda row: list(row) == modal, axis=1).sum())
    if 0 < follows < policy.threshold:
        return None
    spells: list[tuple[str, int]] = []
    for state in modal:
        if spells and spells[-1][0] == state:
            spells[-1] = (state, spells[-1][1] + 1)
        else:
            spells.append((state, 1))
    return spells, follows
