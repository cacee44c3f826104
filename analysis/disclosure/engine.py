"""The suppression engine: primary and secondary suppression over additive relations, checked exactly.

Every set of published counts is reduced to a flat array of *cells* and a
list of additive relations (*lines*): the members of a line add up to its
total cell. A cell is one of three kinds:

``CANDIDATE``
    published unless suppressed (a table cell, a bar, a denominator);
``VIRTUAL``
    never published, but derivable when the cells around it are shown (the
    people *without* an outcome, ``denominator - numerator``; the people in a
    suppressed cluster). A reader knows it is at least 0;
``KNOWN``
    not in the published set but known to the reader (a total published
    elsewhere, when a table is protected on its own).

A count of 1..k-1 people in a candidate or virtual cell is *sensitive*.
Sensitive candidates are suppressed (primary suppression; zeros are shown, so
a reader knows every suppressed cell holds at least one person). Then, one
complementary cell at a time (secondary suppression), until

* in every line whose total is known, the unknown members together hold at
  least k people and none of them is pinned to its lower bound, and a single
  unknown member is never a suppressed cell or a sensitive virtual cell;
* no suppressed cell and no sensitive virtual cell can be determined exactly
  from all the lines together: for each, the smallest and largest values
  consistent with every published relation differ (linear programming with
  scipy's HiGHS over each connected block of unknowns, suppressed cells >= 1,
  virtual cells >= 0).

For the rows, columns and margins of one cross-table, and for the groups of a
tidy table with one count column, the constraint matrix is totally
unimodular, so the LP bounds are the integer bounds; with overlapping
relations they are outer bounds (integrality could pin a cell the LP does
not), which is why the built report is audited again from its files
(:mod:`analysis.audit`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["CANDIDATE", "KNOWN", "VIRTUAL", "Line", "exact_cells", "protect_cells", "small"]

CANDIDATE, VIRTUAL, KNOWN = 0, 1, 2


@dataclass(frozen=True)
class Line:
    """One additive relation: ``sum(values[members]) == values[total]``."""

    members: np.ndarray
    total: int
    label: str


def small(values: np.ndarray, k: int) -> np.ndarray:
    """Counts of 1..k-1 people (zero is not small: it is shown)."""
    return (values >= 1) & (values < k)


class _State:
    """Cells, their kinds, what is suppressed, and the lines each cell is in."""

    def __init__(self, values: np.ndarray, kinds: np.ndarray, lines: Sequence[Line], k: int,
                 fixed: np.ndarray, forced: np.ndarray):
        self.values = np.asarray(values, dtype=float)
        self.kinds = np.asarray(kinds, dtype=np.int8)
        self.lines = list(lines)
        self.k = k
        self.fixed = fixed
        self.forced = forced
        self.sensitive = small(self.values, k) & (self.kinds != KNOWN)
        self.suppressed = (self.kinds == CANDIDATE) & ((self.sensitive & ~fixed) | forced)
        self.lines_of_cell: list[list[int]] = [[] for _ in range(self.values.size)]
        for li, line in enumerate(self.lines):
            for cell in line.members:
                self.lines_of_cell[int(cell)].append(li)
            self.lines_of_cell[line.total].append(li)

    def unknown(self) -> np.ndarray:
        return (self.kinds == VIRTUAL) | self.suppressed

    def guarded(self) -> np.ndarray:
        """Unknown cells a reader must not determine exactly.

        A forced cell holding zero is not one of them: zeros are shown, and working
        one out tells a reader about nobody.
        """
        return (self.suppressed & ~(self.forced & (self.values == 0))) | ((self.kinds == VIRTUAL) & self.sensitive)

    def lower(self) -> np.ndarray:
        """What a reader may assume of each unknown: at least one person in a suppressed count.

        Zeros are shown, so a reader takes every suppressed cell to hold at least
        one person. A forced cell (a numerator hidden because its denominator is)
        may in truth be zero; the reader's assumption is then wrong and tells
        about nobody, so it gets 0. A forced cell holding people gets 1 like any
        other: a reader assuming so is right, and must still not pin it.
        Derived (virtual) cells may be zero.
        """
        return np.where((self.kinds == VIRTUAL) | (self.forced & (self.values == 0)), 0.0, 1.0)

    def line_safe(self, line: Line) -> bool:
        unknown = self.unknown()
        guarded = self.guarded()
        members = np.asarray(line.members, dtype=int)
        unk = members[unknown[members]]
        if unknown[line.total]:
            # The total is the sum of the members: determined only when all are shown.
            return unk.size > 0 or not guarded[line.total]
        if unk.size == 0 or not guarded[unk].any():
            return True
        if unk.size == 1:
            return False
        total_unknown = float(self.values[unk].sum())
        return total_unknown >= self.k and total_unknown > float(self.lower()[unk].sum())

    def open_cells(self, cells: Iterable[int]) -> list[int]:
        return [
            int(c) for c in dict.fromkeys(int(c) for c in cells)
            if self.kinds[c] == CANDIDATE and not self.suppressed[c] and not self.fixed[c] and self.values[c] > 0
        ]

    def choose(self, candidates: Sequence[int], exclude_line: int | None) -> int:
        """The complementary cell: fewest of its other lines left unsafe, then smallest, then first."""

        def cost(cell: int) -> tuple[int, float, int]:
            self.suppressed[cell] = True
            unsafe = sum(1 for li in self.lines_of_cell[cell]
                         if li != exclude_line and not self.line_safe(self.lines[li]))
            self.suppressed[cell] = False
            return unsafe, float(self.values[cell]), cell

        return min(candidates, key=cost)

    def nearest_open(self, cell: int) -> list[int]:
        """Open cells sharing a line with ``cell``; if none, ring by ring through unknown cells."""
        seen, frontier = {cell}, [cell]
        unknown = self.unknown()
        while frontier:
            found: list[int] = []
            ring: list[int] = []
            for c in frontier:
                for li in self.lines_of_cell[c]:
                    for m in [*map(int, self.lines[li].members), self.lines[li].total]:
                        if m in seen:
                            continue
                        seen.add(m)
                        if unknown[m]:
                            ring.append(m)
                        elif self.open_cells([m]):
                            found.append(m)
            if found:
                return found
            frontier = ring
        return []


def exact_cells(
    values: np.ndarray, unknown: np.ndarray, lines: Sequence[Line], *, lower: np.ndarray,
    check: np.ndarray | None = None,
) -> list[int]:
    """Unknown cells whose value a reader could determine exactly from the lines.

    Parameters
    ----------
    values : ndarray
        True value of every cell (the reader knows the values of the cells
        that are not ``unknown``).
    unknown : ndarray of bool
        Cells the reader does not see.
    lines : sequence of Line
        The published additive relations.
    lower : ndarray
        Lower bound of each unknown cell as the reader knows it (1 for a
        suppressed count, since zeros are shown; 0 for a derived quantity).
    check : ndarray of bool, optional
        Which unknown cells to test (default: all of them).

    Returns
    -------
    list of int
        Cells whose smallest and largest feasible values (linear programming,
        one connected block of unknowns at a time) differ by less than 0.5.
    """
    from scipy.optimize import linprog

    unknown_cells = np.flatnonzero(unknown)
    if unknown_cells.size == 0:
        return []
    check = unknown if check is None else check
    position = {int(c): i for i, c in enumerate(unknown_cells)}
    parent = list(range(unknown_cells.size))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    equations: list[tuple[dict[int, float], float]] = []
    for line in lines:
        coefficients: dict[int, float] = {}
        rhs = 0.0
        for cell, coef in [(int(m), 1.0) for m in line.members] + [(int(line.total), -1.0)]:
            if unknown[cell]:
                coefficients[position[cell]] = coefficients.get(position[cell], 0.0) + coef
            else:
                rhs -= coef * values[cell]
        coefficients = {v: c for v, c in coefficients.items() if c != 0}
        if coefficients:
            equations.append((coefficients, rhs))
            first, *rest = coefficients
            for other in rest:
                parent[find(other)] = find(first)

    blocks: dict[int, list[int]] = {}
    for i in range(unknown_cells.size):
        blocks.setdefault(find(i), []).append(i)
    exact: list[int] = []
    for block in blocks.values():
        if not any(check[unknown_cells[v]] for v in block):
            continue
        local = {v: j for j, v in enumerate(block)}
        rows = [eq for eq in equations if next(iter(eq[0])) in local]
        if not rows:
            continue  # unconstrained: no equation mentions these cells
        a_eq = np.zeros((len(rows), len(block)))
        b_eq = np.zeros(len(rows))
        for r, (coefficients, rhs) in enumerate(rows):
            for v, coef in coefficients.items():
                a_eq[r, local[v]] = coef
            b_eq[r] = rhs
        bounds = [(float(lower[unknown_cells[v]]), None) for v in block]
        for j, v in enumerate(block):
            if not check[unknown_cells[v]]:
                continue
            objective = np.zeros(len(block))
            objective[j] = 1.0
            low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            if low.status != 0:
                raise RuntimeError("disclosure engine: the published relations are inconsistent")
            high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            if high.status == 0 and (-high.fun) - low.fun < 0.5:
                exact.append(int(unknown_cells[v]))
    return sorted(exact)


def protect_cells(
    values: np.ndarray,
    kinds: np.ndarray,
    lines: Sequence[Line],
    labels: Sequence[str],
    k: int,
    *,
    fixed: np.ndarray | None = None,
    forced: np.ndarray | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Primary then secondary suppression; returns (suppressed flag of every cell, notes).

    Parameters
    ----------
    values : ndarray
        Counts of people, one per cell.
    kinds : ndarray of int
        :data:`CANDIDATE`, :data:`VIRTUAL` or :data:`KNOWN` for each cell.
    lines : sequence of Line
        Additive relations between cells.
    labels : sequence of str
        A name for each cell, used in the notes.
    k : int
        Threshold: counts of 1..k-1 are sensitive.
    fixed : ndarray of bool, optional
        Candidates that must stay shown (never chosen as complementary cells,
        e.g. the steps of a published survival curve). A sensitive fixed cell
        is reported in the notes.
    forced : ndarray of bool, optional
        Candidates suppressed from the start whatever their value (e.g. a
        time point with too few people to draw).

    Returns
    -------
    suppressed : ndarray of bool
        True for every candidate to suppress.
    notes : list of str
        What could not be protected (empty when everything is safe).
    """
    values = np.asarray(values, dtype=float)
    fixed = np.zeros(values.size, dtype=bool) if fixed is None else np.asarray(fixed, dtype=bool)
    forced = np.zeros(values.size, dtype=bool) if forced is None else np.asarray(forced, dtype=bool)
    state = _State(values, kinds, lines, k, fixed, forced)
    notes = [f"{labels[c]} holds fewer than {k} people and cannot be suppressed"
             for c in np.flatnonzero(fixed & state.sensitive)]
    given_up: set[int] = set()
    unfixable: set[int] = set()
    while True:
        while True:
            unsafe = next((li for li, line in enumerate(state.lines)
                           if li not in given_up and not state.line_safe(line)), None)
            if unsafe is None:
                break
            line = state.lines[unsafe]
            candidates = state.open_cells(line.members)
            if candidates:
                state.suppressed[state.choose(candidates, unsafe)] = True
            elif state.open_cells([line.total]):
                state.suppressed[line.total] = True
            else:
                given_up.add(unsafe)
        pinned = [c for c in exact_cells(values, state.unknown(), state.lines, lower=state.lower(),
                                         check=state.guarded()) if c not in unfixable]
        if not pinned:
            break
        candidates = state.nearest_open(pinned[0])
        if candidates:
            state.suppressed[state.choose(candidates, None)] = True
        else:
            unfixable.add(pinned[0])
    for li in sorted(given_up):
        line = state.lines[li]
        if not state.line_safe(line):
            notes.append(
                f"{line.label}: its hidden cells could be worked out (or shown to hold fewer than "
                f"{k} people) from its total, which cannot be suppressed here; do not publish that total"
            )
    if unfixable:
        noted = {int(m) for li in given_up for m in state.lines[li].members}
        for cell in exact_cells(values, state.unknown(), state.lines, lower=state.lower(), check=state.guarded()):
            if cell not in noted:
                notes.append(f"{labels[cell]} can be worked out from totals that cannot be suppressed")
    return state.suppressed.copy(), notes
