"""Titles, captions and orders from protected values only.

A title is published too: "highest for FY2015-19" names a ranking, and rows
sorted by their true counts rank the suppressed ones. These helpers read only
what a :class:`~analysis.disclosure.protect.Protected` table shows:

* :func:`display_order` sorts shown rows by their shown value, then puts
  suppressed rows (alphabetically) and pooled rows last, so the order carries
  nothing the cells do not;
* :func:`leader` names the largest row only when no hidden cell could be as
  large, given what a reader can work out from a known total;
* :func:`shown_range` gives the smallest and largest shown rates.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from analysis.disclosure.protect import Protected

__all__ = ["display_order", "leader", "shown_range", "shown_value"]


def display_order(
    table: Protected,
    *,
    value: Hashable,
    label: Hashable,
    last: Sequence[Hashable] = (),
    key: Hashable | None = None,
) -> Protected:
    """Rows in reading order: shown values descending (ties by label), then hidden rows, then ``last``.

    Parameters
    ----------
    table : Protected
        The protected table.
    value : column
        The protected column the order is by.
    label : column
        Display label: ties and hidden rows are ordered by it (alphabetically).
    last : sequence
        Values of ``key`` (default ``label``) that go at the very end in this
        order, whatever their value (pooled "other" rows, "unknown").
    key : column, optional
        Column matched against ``last``.

    Returns
    -------
    Protected
    """
    values = table.values(value)
    hidden = table.hidden(value)
    labels = [str(v) for v in table.labels(label)]
    keys = table.labels(key if key is not None else label)
    last_rank = {k: i for i, k in enumerate(last)}

    def sort_key(i: int) -> tuple:
        if keys[i] in last_rank:
            return (2, last_rank[keys[i]], labels[i])
        if hidden[i] or not np.isfinite(values[i]):
            return (1, 0, labels[i])
        return (0, -values[i], labels[i])

    return table.take(sorted(range(len(table)), key=sort_key))


def leader(table: Protected, *, value: Hashable, total: float | None = None,
           exclude: Sequence[int] = (), hidden_small: bool = True) -> int | None:
    """Position of the row that certainly holds the largest value, or None.

    The largest shown value must be strictly above every other shown value
    and above anything a hidden cell could hold: without a known total a
    hidden cell is a small count (below the threshold k); with a ``total``
    known to a reader, hidden cells together hold ``total - shown`` and one
    of them at most that minus one for each other hidden cell.

    Parameters
    ----------
    table : Protected
        The table.
    value : column
        Protected count column. For any other column (averages, rates) a
        hidden cell could hold any value, so no row is named while one is hidden.
    total : float, optional
        Total of the column known to a reader (None: the rows overlap or the
        total is not published).
    hidden_small : bool, default True
        Without a ``total``: whether every hidden cell is known to be a small
        count (primary suppression only, as in tables whose rows overlap). Pass
        False for tables with secondary suppression, rates or averages, where a
        hidden value can be anything: then any hidden cell means no leader.
    exclude : sequence of int
        Row positions that are not categories (pooled "other" rows): neither
        candidates nor competitors, since each category pooled in them holds
        fewer than k people.

    When the table's metadata carries ``at_most`` (for the column, each row's
    largest value a reader of the whole report can prove possible, set by the
    report's build), a hidden row competes with exactly that bound instead.
    """
    values = table.values(value)
    hidden = table.hidden(value)
    excluded = set(exclude)
    candidates = [i for i in range(len(table)) if i not in excluded and not hidden[i] and np.isfinite(values[i])]
    if not candidates:
        return None
    best = max(candidates, key=lambda i: values[i])
    if any(values[i] >= values[best] for i in candidates if i != best):
        return None
    n_hidden = int(sum(1 for i in range(len(table)) if hidden[i] and i not in excluded))
    at_most = (table.meta.get("at_most") or {}).get(value)
    if n_hidden and at_most is not None and len(at_most) == len(table):
        # the reader's own bound on each hidden cell, from everything the report publishes
        bounds = [at_most[i] for i in range(len(table)) if hidden[i] and i not in excluded]
        if all(b is not None for b in bounds):
            return best if max(bounds) < values[best] else None
    if n_hidden:
        if value not in table.counts:
            return None  # a hidden average or rate is not a small count: it could be anything
        if total is None:
            if not hidden_small:
                return None  # a secondary suppression can hide any count: no row is certainly the largest
            bound = table.policy.threshold - 1
        else:
            shown_sum = float(np.nansum(np.where(hidden, 0, values)))
            bound = total - shown_sum - (n_hidden - 1)
        if bound >= values[best]:
            return None
    return best


def shown_range(table: Protected, *, value: Hashable) -> tuple[float, float] | None:
    """Smallest and largest *shown* values of a column (None when nothing is shown)."""
    values = table.values(value)
    finite = values[np.isfinite(values)]
    if not finite.size:
        return None
    return float(finite.min()), float(finite.max())


def shown_value(table: Protected, *, value: Hashable, where: Hashable, equals: object) -> float | None:
    """The shown value of ``value`` in the row where ``where == equals`` (None if hidden or absent)."""
    keys = table.labels(where)
    if equals not in keys:
        return None
    number = table.values(value)[keys.index(equals)]
    return float(number) if np.isfinite(number) else None
