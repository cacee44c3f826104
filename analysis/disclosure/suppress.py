"""Choosing what to hide: primary suppression, then the fewest (weighted) complementary cells.

:func:`protect` works on a built :class:`~analysis.disclosure.model.Model`:

1. every published count of 1..k-1 is hidden (primary suppression; zeros are shown);
2. while some count a reader can form (:meth:`Model.sensitive_expressions`) is
   provably within 1..k-1, one more published cell is hidden: among the cells
   whose constraint binds the reader's bound (the LP's dual values), the
   cheapest that opens the range, else the one that widens it most per unit of
   cost;
3. cleanup: each complementary cell, dearest first, is shown again when every
   sensitive count stays safe without it.

A cell's cost is its weight (set by the exhibit: a headline figure costs more
than a cell of a detailed table) plus a thousandth of its value, so small cells
go first among equals. Cells marked ``fixed`` (the steps of a published survival
curve) are never chosen; when only they could protect a count, the count is
returned as *unprotected* and the caller withholds the exhibit that publishes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from analysis.disclosure.model import Expression, Model
from analysis.disclosure.reader import Knowledge, Reader

__all__ = ["Solution", "protect"]

#: Candidate cells tried per exposed count before picking the best partial fix.
MAX_TRIALS = 12


@dataclass
class Solution:
    """What to hide, and what could not be protected."""

    hidden: set[int]
    primary: set[int]
    unprotected: list[tuple[Expression, list[int]]] = field(default_factory=list)
    solves: int = 0

    @property
    def secondary(self) -> set[int]:
        return self.hidden - self.primary


def _cost(model: Model, cell_id: int) -> float:
    cell = model.cells[cell_id]
    return cell.weight + 0.001 * cell.value


def protect(model: Model, *, forced: set[int] = frozenset(), cleanup: bool = True) -> Solution:
    """Hide the fewest (weighted) published cells so no count of 1..k-1 can be proven.

    Parameters
    ----------
    model : Model
        Built model; its ``k`` is the threshold.
    forced : set of int
        Cells to hide whatever their value.
    cleanup : bool
        Show again the complementary cells that turn out not to be needed.
    """
    k = model.k
    published = [c for c in model.cells if c.published]
    primary = {c.id for c in published if 1 <= c.value <= k - 1} | {f for f in forced if model.cells[f].value > 0}
    hidden = set(primary)
    expressions = model.sensitive_expressions()
    # hidden published cells first: they are what the evaluator reads as c
    expressions.sort(key=lambda e: (e.cell is None, e.value, e.label))
    reader = Reader(model, Knowledge.suppression(model, hidden))
    unprotected: list[tuple[Expression, list[int]]] = []
    given_up: set[int] = set()

    def openable(cell_id: int) -> bool:
        cell = model.cells[cell_id]
        return cell.published and cell.id not in hidden and cell.value > 0 and not cell.fixed

    start = 0
    while True:
        exposed = None
        for i in range(start, len(expressions)):
            if i in given_up:
                continue
            r = reader.range(expressions[i])
            if r.exposed:
                exposed = (i, expressions[i], r)
                break
        if exposed is None:
            break
        i, expr, r = exposed
        start = 0
        candidates = [c for c in r.binding if openable(c)]
        if not candidates:
            candidates = _neighbours(model, expr, openable)
        if not candidates:
            given_up.add(i)
            unprotected.append((expr, list(r.binding)))
            start = i + 1
            continue
        candidates.sort(key=lambda c: _cost(model, c))
        chosen, best_gain = None, -np.inf
        for cell_id in candidates[:MAX_TRIALS]:
            reader.hide({cell_id})
            tr = reader.range(expr)
            reader.show({cell_id})
            if not tr.exposed:
                chosen = cell_id
                break
            gain = (tr.high - r.high + r.low - tr.low) / _cost(model, cell_id)
            if gain > best_gain:
                chosen, best_gain = cell_id, gain
        assert chosen is not None
        hidden.add(chosen)
        reader.hide({chosen})

    if cleanup:
        for cell_id in sorted(hidden - primary, key=lambda c: -_cost(model, c)):
            reader.show({cell_id})
            if any(reader.range(e).exposed for j, e in enumerate(expressions) if j not in given_up):
                reader.hide({cell_id})
            else:
                hidden.discard(cell_id)
    return Solution(hidden=hidden, primary=primary, unprotected=unprotected, solves=reader.solves)


def _neighbours(model: Model, expr: Expression, openable) -> list[int]:
    """Shown cells sharing a variable with the expression (when no constraint is reported binding)."""
    support = set(expr.row.indices.tolist())
    out = []
    for cell in model.cells:
        if openable(cell.id) and support & set(model.cell_row(cell).indices.tolist()):
            out.append(cell.id)
    return out
