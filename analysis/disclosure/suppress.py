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

Most counts are shown safe without solving anything: each population the
reader's programme has produced (a *witness*) that puts a count at 0 or at k or
more proves it cannot be pinned within 1..k-1; :class:`_Checker` keeps every
count's certificate and solves only for the counts no witness covers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from analysis.disclosure.model import Expression, Model
from analysis.disclosure.reader import Knowledge, Range, Reader

__all__ = ["Solution", "protect"]

#: Candidate cells tried per exposed count before picking the best partial fix.
MAX_TRIALS = 12
_TOL = 1e-6


@dataclass
class Solution:
    """What to hide, and what could not be protected."""

    hidden: set[int]
    primary: set[int]
    unprotected: list[tuple[Expression, list[int]]] = field(default_factory=list)
    solves: int = 0
    #: for each complementary cell, the count it was first hidden to protect (its label)
    reasons: dict[int, str] = field(default_factory=dict)

    @property
    def secondary(self) -> set[int]:
        return self.hidden - self.primary


class _Checker:
    """Which sensitive counts are certified safe under the reader's current knowledge."""

    def __init__(self, reader: Reader, expressions: list[Expression], k: int):
        self.reader = reader
        self.expressions = expressions
        self.k = k
        self.matrix = (sparse.vstack([e.row for e in expressions]).tocsr() if expressions
                       else sparse.csr_matrix((0, reader.model.n_vars)))
        self.safe = np.zeros(len(expressions), dtype=bool)
        self.seen = 0
        self.refresh(full=True)

    def _absorb(self) -> None:
        w = self.reader.witnesses
        if w.shape[1] > self.seen:
            values = self.matrix @ w[:, self.seen:]
            self.safe |= ((values >= self.k - _TOL) | (values <= _TOL)).any(axis=1)
        self.seen = w.shape[1]

    def refresh(self, *, full: bool = False) -> None:
        """Recompute the certificates (after cells were shown again, which can invalidate witnesses)."""
        if full:
            self.safe[:] = False
            self.seen = 0
        self._absorb()

    def exposed(self, skip: set[int], start: int = 0) -> tuple[int, Range] | None:
        """The first count a reader can pin within 1..k-1, solving only for uncertified ones."""
        for i in np.flatnonzero(~self.safe):
            if i < start or i in skip:
                continue
            r = self.reader.range(self.expressions[i])
            self._absorb()
            if r.exposed:
                return int(i), r
            self.safe[i] = True
        return None

    def all_safe(self, skip: set[int]) -> bool:
        return self.exposed(skip) is None


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
    checker = _Checker(reader, expressions, k)
    unprotected: list[tuple[Expression, list[int]]] = []
    given_up: set[int] = set()
    reasons: dict[int, str] = {}

    def openable(cell_id: int) -> bool:
        cell = model.cells[cell_id]
        return cell.published and cell.id not in hidden and cell.value > 0 and not cell.fixed

    while True:
        found = checker.exposed(given_up)
        if found is None:
            break
        i, r = found
        expr = expressions[i]
        candidates = [c for c in r.binding if openable(c)] or _neighbours(model, expr, openable)
        if not candidates:
            given_up.add(i)
            unprotected.append((expr, list(r.binding)))
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
        reasons.setdefault(chosen, expr.label)
        hidden.add(chosen)
        reader.hide({chosen})
        checker.refresh()

    if cleanup:
        for cell_id in sorted(hidden - primary, key=lambda c: -_cost(model, c)):
            reader.show({cell_id})
            checker.refresh(full=True)
            if checker.all_safe(given_up):
                hidden.discard(cell_id)
            else:
                reader.hide({cell_id})
                checker.refresh(full=True)
    return Solution(hidden=hidden, primary=primary, unprotected=unprotected, solves=reader.solves,
                    reasons={c: why for c, why in reasons.items() if c in hidden})


def _neighbours(model: Model, expr: Expression, openable) -> list[int]:
    """Shown cells sharing a variable with the expression (when no constraint is reported binding)."""
    support = set(expr.row.indices.tolist())
    out = []
    for cell in model.cells:
        if openable(cell.id) and support & set(model.cell_row(cell).indices.tolist()):
            out.append(cell.id)
    return out
