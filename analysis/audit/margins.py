"""Relations a reader can establish without the manifest: rows labelled Total, and cross-table margins."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from analysis.audit.folder import (  # the shared reading helpers
    _TOTAL_LABELS,
    _norm,
    _number,
    _Report,
    _Table,
)


@dataclass
class _System:
    """Unknowns with bounds and additive equations ``sum(coef * var) == rhs``."""

    lower: dict[str, float] = field(default_factory=dict)
    upper: dict[str, float] = field(default_factory=dict)
    equations: list[dict[str, float]] = field(default_factory=list)

    def bound(self, name: str, low: float, high: float = math.inf) -> None:
        self.lower[name] = max(self.lower.get(name, -math.inf), low)
        self.upper[name] = min(self.upper.get(name, math.inf), high)

    def solve(self, check: Iterable[str]) -> tuple[dict[str, tuple[float, float]], bool]:
        """Smallest and largest feasible value of each variable in ``check``; False when infeasible."""
        from scipy.optimize import linprog

        names = sorted(set(self.lower) | {v for eq in self.equations for v in eq})
        position = {n: i for i, n in enumerate(names)}
        parent = list(range(len(names)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for eq in self.equations:
            first, *rest = [position[v] for v in eq]
            for other in rest:
                parent[find(other)] = find(first)
        blocks: dict[int, list[int]] = {}
        for i in range(len(names)):
            blocks.setdefault(find(i), []).append(i)
        wanted = {position[c] for c in check if c in position}
        out: dict[str, tuple[float, float]] = {}
        feasible = True
        for block in blocks.values():
            targets = [i for i in block if i in wanted]
            if not targets:
                continue
            local = {v: j for j, v in enumerate(block)}
            rows = [eq for eq in self.equations if position[next(iter(eq))] in local]
            bounds = [(self.lower.get(names[v], 0.0), None if math.isinf(self.upper.get(names[v], math.inf))
                       else self.upper[names[v]]) for v in block]
            if not rows:
                for v in targets:
                    out[names[v]] = (bounds[local[v]][0], math.inf if bounds[local[v]][1] is None
                                     else bounds[local[v]][1])
                continue
            a_eq = np.zeros((len(rows), len(block)))
            for r, eq in enumerate(rows):
                for var, coef in eq.items():
                    a_eq[r, local[position[var]]] += coef
            b_eq = np.zeros(len(rows))
            for v in targets:
                objective = np.zeros(len(block))
                objective[local[v]] = 1.0
                low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
                if low.status != 0:
                    feasible = False
                    break
                high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
                out[names[v]] = (float(low.fun), float(-high.fun) if high.status == 0 else math.inf)
        return out, feasible




def _report_system(report: _Report, system: _System, where_hidden: dict[str, tuple[str, int, str]],
                   source: str) -> None:
    check = [v for v in system.lower if system.upper.get(v, math.inf) - system.lower[v] > 1e-9]
    if not check or not system.equations:
        return
    ranges, feasible = system.solve(check)
    if not feasible:
        report.add(source, "relations", math.nan, "differencing",
                   "the published counts do not satisfy the published additive relations")
        return
    for name in sorted(ranges):
        low, high = ranges[name]
        if high - low < 0.5 and report.small(round(low)):
            value = float(round(low))
            if name in where_hidden:
                file, row, col = where_hidden[name]
                element = f"row {row} column '{col}'" if file != "headline.json" else f"measures[{row}] {col}"
                what = f"the suppressed cell ({name})"
            else:
                file, element = source, f"key '{name}'"
                what = f"the derived count '{name}'"
            report.add(file, element, value, "differencing",
                       f"{what} is pinned to exactly {value:g} by the published totals and relations "
                       "(smallest = largest value by linear programming)")
        if name in where_hidden:
            report.bounds[(where_hidden[name][0], where_hidden[name][1], where_hidden[name][2])] = (low, high)


def _check_generic_differencing(report: _Report) -> None:
    """Relations a reader can establish without the manifest: Total rows, and cross-table margins."""
    totals: dict[str, list[tuple[str, str, float | None, bool]]] = {}
    for table in report.tables.values():
        counts = report.counts(table)
        label = table.label_column(counts)
        if label is None:
            continue
        for col in counts:
            for lab, text in zip(table.column(label), table.column(col), strict=True):
                totals.setdefault(_norm(lab), []).append((table.name, col, _number(text), report.is_marker(text)))
    for table in report.tables.values():
        _generic_table(report, table, totals)


def _generic_table(report: _Report, table: _Table,
                   totals: dict[str, list[tuple[str, str, float | None, bool]]]) -> None:
    """Relations of one table that a reader can establish without the manifest, solved exactly."""
    counts = report.counts(table)
    if not counts:
        return
    label = table.label_column(counts)
    labels = table.column(label) if label else [""] * len(table.rows)
    grid = [[table.column(c)[i] for c in counts] for i in range(len(table.rows))]
    hidden = [[report.is_marker(t) for t in row] for row in grid]
    if not any(any(row) for row in hidden):
        return
    system = _System()
    where: dict[str, tuple[str, int, str]] = {}

    def var(i: int, j: int) -> str:
        name = f"{table.name}|{i}|{counts[j]}"
        text = grid[i][j]
        value = _number(text)
        if name not in system.lower:
            if value is not None and report.kind == "hesa":
                system.bound(name, max(0.0, value - 2), value + 2)
            elif value is not None:
                system.bound(name, value, value)
            elif hidden[i][j]:
                system.bound(name, 1.0)
                where[name] = (table.file, i + 1, counts[j])
            else:
                system.bound(name, 0.0)
        return name

    # (a) a row labelled Total / All: each column adds up to it
    total_rows = [i for i, lab in enumerate(labels) if _norm(lab) in _TOTAL_LABELS]
    for t in total_rows:
        for j in range(len(counts)):
            members = [var(i, j) for i in range(len(grid)) if i not in total_rows]
            eq = {m: 1.0 for m in members}
            eq[var(t, j)] = -1.0
            system.equations.append(eq)
    # (a') a column named Total / All: each row adds up to it
    total_cols = [j for j, c in enumerate(counts) if _norm(c) in _TOTAL_LABELS]
    for t in total_cols:
        for i in range(len(grid)):
            eq = {var(i, j): 1.0 for j in range(len(counts)) if j not in total_cols}
            eq[var(i, t)] = -1.0
            system.equations.append(eq)
    # (b) a cross-table (several count columns) whose row sums are published elsewhere by label
    if len(counts) >= 2 and not total_cols:
        for source in _established_margins(report, table, counts, grid, hidden, labels, totals):
            src_name, src_col = source
            for i, lab in enumerate(labels):
                entry = next((e for e in totals.get(_norm(lab), []) if e[0] == src_name and e[1] == src_col), None)
                if entry is None:
                    continue
                total_name = f"{src_name}|{_norm(lab)}|{src_col}"
                if entry[2] is not None:
                    system.bound(total_name, entry[2], entry[2])
                else:
                    system.bound(total_name, 1.0 if entry[3] else 0.0)
                eq = {var(i, j): 1.0 for j in range(len(counts))}
                eq[total_name] = -1.0
                system.equations.append(eq)
    if system.equations:
        _report_system(report, system, where, table.file)


def _established_margins(report: _Report, table: _Table, counts: list[str], grid: list[list[str]],
                         hidden: list[list[bool]], labels: list[str],
                         totals: dict[str, list[tuple[str, str, float | None, bool]]]) -> list[tuple[str, str]]:
    """Other tables' count columns that equal this table's row sums on every row shown in full (and fit the rest)."""
    candidates: dict[tuple[str, str], list[bool]] = {}
    contradicted: set[tuple[str, str]] = set()
    for i, lab in enumerate(labels):
        values = [_number(t) for t in grid[i]]
        shown_sum = sum(v for v in values if v is not None)
        n_hidden = sum(hidden[i])
        for name, col, value, _hidden in totals.get(_norm(lab), []):
            if name == table.name or value is None:
                continue
            if n_hidden == 0 and all(v is not None for v in values):
                if shown_sum > 0:
                    candidates.setdefault((name, col), []).append(abs(value - shown_sum) < 1e-9)
            elif shown_sum + n_hidden > value:
                contradicted.add((name, col))  # the hidden cells hold at least one each
    return sorted(key for key, checks in candidates.items() if checks and all(checks) and key not in contradicted)
