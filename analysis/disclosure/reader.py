"""What a reader can prove: the smallest and largest value of a count, given what is published.

A :class:`Knowledge` says, for each cell of a :class:`~analysis.disclosure.model.Model`,
what a reader sees: an exact value, an interval (a HESA-rounded count ``v``
stands for ``v-2..v+2``), or the marker (at least one member: zeros are always
shown). Cells that are not published are unknown, except for an upper bound
the report's own rules state (a pooled code holds fewer than the pooling
threshold).

:class:`Reader` keeps one linear programme of those constraints in HiGHS
(through ``highspy``, the solver's own Python interface) and changes only the
objective and the bounds of the cells whose knowledge changes, so each bound
is a warm-started re-solve. Where an optimum is fractional the same model is
solved as an integer programme, so the range returned is the range of whole
numbers of people. Every integral solution found is kept as a *witness*: a
population consistent with everything published. An expression that some
witness puts at 0 or at k or more is safe without solving anything; a witness
stays valid when more is hidden and is dropped when a cell it contradicts is
shown again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from analysis.disclosure.model import POOL, Expression, Model, Range

__all__ = ["Knowledge", "Reader"]

_TOL = 1e-6


@dataclass
class Knowledge:
    """What a reader sees of each published cell.

    Attributes
    ----------
    exact : dict
        Cell id -> value shown exactly.
    interval : dict
        Cell id -> (low, high): a rounded value.
    hidden : set
        Cells shown as the marker (at least 1).
    """

    exact: dict[int, float] = field(default_factory=dict)
    interval: dict[int, tuple[float, float]] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)

    @classmethod
    def suppression(cls, model: Model, hidden: set[int]) -> Knowledge:
        """Published cells shown exactly except ``hidden`` (shown as the marker)."""
        exact = {c.id: float(c.value) for c in model.cells if c.published and c.id not in hidden}
        return cls(exact=exact, hidden={h for h in hidden if model.cells[h].published})


def _highs():
    # the solver prints its banner (from C++, on file descriptor 1) when first used: keep it off the terminal
    import sys

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            import highspy

            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("threads", 1)
    return highspy, h


class Reader:
    """The reader's linear (and integer) programme; :meth:`know` changes what is known, :meth:`range` solves."""

    def __init__(self, model: Model, knowledge: Knowledge | None = None, *, witnesses: bool = True):
        self.model = model
        self.hs, self.h = _highs()
        inf = self.hs.kHighsInf
        self.inf = inf
        n = model.n_vars
        self.h.addCols(n, np.zeros(n), np.zeros(n), np.full(n, inf), 0, np.zeros(0, dtype=np.int32),
                       np.zeros(0, dtype=np.int32), np.zeros(0))
        rows = [model.eq_structural, model.le_structural]
        lower = [np.zeros(model.eq_structural.shape[0]), np.full(model.le_structural.shape[0], -inf)]
        upper = [np.zeros(model.eq_structural.shape[0]), np.zeros(model.le_structural.shape[0])]
        self.first_cell_row = model.eq_structural.shape[0] + model.le_structural.shape[0]
        rows.append(sparse.vstack([model.cell_row(c) for c in model.cells]) if model.cells
                    else sparse.csr_matrix((0, n)))
        lower.append(np.full(len(model.cells), -inf))
        upper.append(np.full(len(model.cells), inf))
        matrix = sparse.vstack(rows).tocsr()
        matrix.sort_indices()
        self.matrix = matrix
        self.lower = np.concatenate(lower)
        self.upper = np.concatenate(upper)
        self.h.addRows(matrix.shape[0], self.lower, self.upper, matrix.nnz, matrix.indptr[:-1].astype(np.int32),
                       matrix.indices.astype(np.int32), matrix.data.astype(float))
        self._cost_cols = np.zeros(0, dtype=np.int32)
        # the true counts are a population consistent with everything (the protector knows them; an auditor not)
        self.witnesses = model.truth[:, None].copy() if witnesses else np.zeros((model.n_vars, 0))
        self.solves = 0
        self.bounds = {c.id: b for c in model.cells if (b := self._bound(c)) is not None}
        self.knowledge = Knowledge()
        self.know(knowledge or Knowledge.suppression(model, set()))

    def _bound(self, cell) -> int | None:
        if cell.bound is not None:
            return cell.bound
        if cell.family is not None and cell.code != POOL:
            fam = self.model.families[cell.family]
            if fam.closed and fam.bound is not None and cell.code in fam.pool:
                return fam.bound
        return None

    # -- knowledge ------------------------------------------------------------------------
    def _cell_bounds(self, cell_id: int, knowledge: Knowledge) -> tuple[float, float]:
        if cell_id in knowledge.exact:
            v = knowledge.exact[cell_id]
            return v, v
        if cell_id in knowledge.interval:
            return knowledge.interval[cell_id]
        high = float(self.bounds.get(cell_id, self.inf))
        floor = self.model.cells[cell_id].floor
        if cell_id in knowledge.hidden:
            return max(1.0, float(floor or 0)), high
        return (float(floor) if floor is not None and self.model.cells[cell_id].published else -self.inf), high

    def know(self, knowledge: Knowledge) -> None:
        """Make ``knowledge`` the reader's knowledge (only the rows that change are touched)."""
        changed = []
        for cell in self.model.cells:
            new = self._cell_bounds(cell.id, knowledge)
            row = self.first_cell_row + cell.id
            if (self.lower[row], self.upper[row]) != new:
                self.lower[row], self.upper[row] = new
                changed.append(row)
        if changed:
            idx = np.array(changed, dtype=np.int32)
            self.h.changeRowsBounds(len(idx), idx, self.lower[idx], self.upper[idx])
        self.knowledge = knowledge
        if self.witnesses.shape[1]:
            self.witnesses = self.witnesses[:, self._valid(self.witnesses)]

    def _set_rows(self, cell_ids: list[int], lower: list[float], upper: list[float]) -> None:
        rows = np.array([self.first_cell_row + c for c in cell_ids], dtype=np.int32)
        self.lower[rows] = lower
        self.upper[rows] = upper
        self.h.changeRowsBounds(len(rows), rows, self.lower[rows], self.upper[rows])

    def hide(self, cell_ids: set[int]) -> None:
        """Hide more published cells (shown as the marker: at least 1). Witnesses stay valid."""
        ids = sorted(cell_ids)
        if not ids:
            return
        for c in ids:
            self.knowledge.exact.pop(c, None)
            self.knowledge.hidden.add(c)
        self._set_rows(ids, [max(1.0, float(self.model.cells[c].floor or 0)) for c in ids],
                       [float(self.bounds.get(c, self.inf)) for c in ids])

    def show(self, cell_ids: set[int]) -> None:
        """Show cells again, exactly; witnesses that contradict them are dropped."""
        ids = sorted(cell_ids)
        if not ids:
            return
        values = [float(self.model.cells[c].value) for c in ids]
        for c, v in zip(ids, values, strict=True):
            self.knowledge.hidden.discard(c)
            self.knowledge.exact[c] = v
        self._set_rows(ids, values, values)
        if self.witnesses.shape[1]:
            rows = self.matrix[[self.first_cell_row + c for c in ids]]
            ok = np.all(np.abs(rows @ self.witnesses - np.array(values)[:, None]) <= _TOL, axis=0)
            self.witnesses = self.witnesses[:, ok]

    def _valid(self, w: np.ndarray) -> np.ndarray:
        values = self.matrix @ w
        return np.all((values >= self.lower[:, None] - _TOL) & (values <= self.upper[:, None] + _TOL), axis=0)

    # -- solving -----------------------------------------------------------------------------
    def _optimise(self, row: sparse.csr_matrix, maximise: bool) -> tuple[float, np.ndarray | None, np.ndarray]:
        """Optimum of ``row @ x`` (integral), the solution and the row duals."""
        hs, h = self.hs, self.h
        cols = row.indices.astype(np.int32)
        if self._cost_cols.size:
            h.changeColsCost(self._cost_cols.size, self._cost_cols, np.zeros(self._cost_cols.size))
        h.changeColsCost(cols.size, cols, row.data.astype(float))
        self._cost_cols = cols
        h.changeObjectiveSense(hs.ObjSense.kMaximize if maximise else hs.ObjSense.kMinimize)
        self.solves += 1
        h.run()
        status = h.getModelStatus()
        if status == hs.HighsModelStatus.kUnbounded:
            return (np.inf if maximise else -np.inf), None, np.zeros(self.matrix.shape[0])
        if status != hs.HighsModelStatus.kOptimal:
            raise RuntimeError(f"disclosure reader: the published relations are inconsistent ({status})")
        solution = h.getSolution()
        x = np.asarray(solution.col_value)
        duals = np.asarray(solution.row_dual)
        value = float(h.getInfo().objective_function_value)
        if np.all(np.abs(x - np.round(x)) <= _TOL):
            return value, x, duals
        if abs(value - round(value)) <= _TOL:
            # a fractional vertex with a whole-number optimum: the bound is the LP's (no witness kept)
            return round(value), None, duals
        n = self.model.n_vars
        every = np.arange(n, dtype=np.int32)
        h.changeColsIntegrality(n, every, np.array([hs.HighsVarType.kInteger] * n))
        self.solves += 1
        h.run()
        status = h.getModelStatus()
        out_x = np.asarray(h.getSolution().col_value) if status == hs.HighsModelStatus.kOptimal else None
        out_v = float(h.getInfo().objective_function_value) if out_x is not None else (
            np.floor(value + _TOL) if maximise else np.ceil(value - _TOL))
        h.changeColsIntegrality(n, every, np.array([hs.HighsVarType.kContinuous] * n))
        return out_v, out_x, duals

    def maximum(self, cell_id: int) -> float:
        """The largest value a reader can prove possible for a cell (``inf`` when nothing bounds it)."""
        value, x, _duals = self._optimise(self.model.cell_row(self.model.cells[cell_id]), True)
        if x is not None:
            self._keep(x)
        return float(value)

    def feasible(self) -> bool:
        """Whether some population is consistent with everything known (and keep one as a witness)."""
        hs, h = self.hs, self.h
        if self._cost_cols.size:
            h.changeColsCost(self._cost_cols.size, self._cost_cols, np.zeros(self._cost_cols.size))
            self._cost_cols = np.zeros(0, dtype=np.int32)
        h.run()
        if h.getModelStatus() != hs.HighsModelStatus.kOptimal:
            return False
        x = np.asarray(h.getSolution().col_value)
        if np.all(np.abs(x - np.round(x)) <= _TOL):
            self._keep(x)
        return True

    def seed(self, directions: int, *, rng: np.random.Generator | None = None) -> None:
        """Add witnesses by optimising random directions (so most counts are certified without a solve each)."""
        from scipy import sparse as sp

        rng = rng or np.random.default_rng(0)
        n = self.model.n_vars
        for _ in range(directions):
            cols = np.sort(rng.choice(n, size=max(1, n // 3), replace=False))
            row = sp.csr_matrix((rng.random(cols.size), (np.zeros(cols.size, dtype=int), cols)), shape=(1, n))
            for maximise in (True, False):
                _value, x, _duals = self._optimise(row, maximise)
                if x is not None and np.all(np.abs(x - np.round(x)) <= _TOL):
                    self._keep(x)

    def _keep(self, x: np.ndarray) -> None:
        self.witnesses = np.column_stack([self.witnesses, np.round(x)])

    def range(self, expression: Expression, *, k: int | None = None) -> Range:
        """The provable range of ``expression``; ``exposed`` when it lies within 1..k-1."""
        k = self.model.k if k is None else k
        row = expression.row
        if self.witnesses.shape[1]:
            values = np.asarray(row @ self.witnesses).ravel()
            if (values >= k - _TOL).any() or (values <= _TOL).any():
                return Range(float(values.min()), float(values.max()), exposed=False)
        high, x, duals_max = self._optimise(row, True)
        if x is not None:
            self._keep(x)
        if high >= k - _TOL:
            return Range(np.nan, high, exposed=False)
        low, x, duals_min = self._optimise(row, False)
        if x is not None:
            self._keep(x)
        if low <= _TOL:
            return Range(low, high, exposed=False)
        binding = set()
        for duals in (duals_max, duals_min):
            rows = np.flatnonzero(np.abs(duals[self.first_cell_row:]) > 1e-9)
            binding |= {int(r) for r in rows}
        return Range(low, high, exposed=True, binding=sorted(binding))
