"""A reader-side attacker, written apart from the library's engine: what can be proven from a published folder?

It reads only ``disclosure.json`` and ``tables/*.csv`` (and ``headline.json``
for the policy), never the records and never :mod:`analysis.disclosure`. Its
model of the reader is built differently from the engine's:

* for every *factor* (the attributes one published count or one published
  rule mentions, keeping the largest), the full table of value combinations
  allowed by the rules, enumerated with :func:`itertools.product`;
* factor tables that share attributes agree on their margins over them
  (pairwise consistency, which is as strong as the engine's junction tree
  where the factors form a tree, and weaker where they do not);
* multi-valued lists ("families"): a variable per code and per pooled row,
  each at most the family's universe, a pooled row between its largest code
  and the sum of its codes, a code missing from a closed list at most the
  stated bound.

Every count it can form (each hidden cell, each combination of a factor table,
the intersection and differences of two published counts of one factor, each
code missing from a closed list) is bounded with ``scipy.optimize.linprog``
and, when the optimum is fractional, ``scipy.optimize.milp``. A *recovery* is a
count whose smallest and largest values both lie within 1..k-1.

Rates shown beside a hidden count, and statistics printed more finely than
their declared precision, are read too.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

MARKERS = {"c", ".."}


@dataclass(frozen=True)
class Recovery:
    """One count proven within 1..k-1: where, how, and the range."""

    where: str
    low: float
    high: float
    how: str

    def __str__(self) -> str:
        return f"{self.where}: between {self.low:g} and {self.high:g} ({self.how})"


def _number(text: str) -> float | None:
    text = text.strip().lstrip("'")
    try:
        return float(text)
    except ValueError:
        return None


def _read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


class _Problem:
    """Variables and linear constraints, built up as lists of (dict of var -> coef, low, high)."""

    def __init__(self) -> None:
        self.names: dict[object, int] = {}
        self.rows: list[tuple[dict[int, float], float, float]] = []

    def var(self, key: object) -> int:
        if key not in self.names:
            self.names[key] = len(self.names)
        return self.names[key]

    def add(self, coefs: dict[int, float], low: float, high: float) -> None:
        coefs = {v: c for v, c in coefs.items() if c}
        if coefs:
            self.rows.append((coefs, low, high))

    def matrices(self):
        n = len(self.names)
        data, rows, cols, lows, highs = [], [], [], [], []
        for r, (coefs, low, high) in enumerate(self.rows):
            for v, c in coefs.items():
                rows.append(r)
                cols.append(v)
                data.append(c)
            lows.append(low)
            highs.append(high)
        a = sparse.csr_matrix((data, (rows, cols)), shape=(len(self.rows), n))
        return a, np.array(lows), np.array(highs)


class Attacker:
    """Everything a reader can prove from one published folder."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self.manifest = json.loads((self.folder / "disclosure.json").read_text(encoding="utf-8"))
        policy = self.manifest["policy"]
        self.k = int(policy["k"])
        self.hesa = policy["kind"] == "hesa"
        self.problem = _Problem()
        self.factors: dict[tuple[str, frozenset], dict] = {}
        self.cells: list[tuple[str, dict, str, str]] = []  # (where, spec, text, column)
        self.recoveries: list[Recovery] = []

    # -- the reader's knowledge ------------------------------------------------------------
    def _factors(self) -> None:
        universes = self.manifest["universes"]
        edges: dict[str, list[frozenset]] = {u: [] for u in universes}
        for table in self.manifest["tables"].values():
            for cells in table.get("cells", {}).values():
                for spec in cells:
                    if spec and "universe" in spec:
                        edges[spec["universe"]].append(frozenset(spec["where"]))
        for entry in self.manifest.get("bounds", []):
            spec = entry["cell"]
            if "universe" in spec:
                edges[spec["universe"]].append(frozenset(spec["where"]))
        for u, spec in universes.items():
            for rule in spec["rules"]:
                edges[u].append(frozenset(rule["where"]))
            edges[u].append(frozenset())
            maximal = [e for e in set(edges[u]) if not any(e < f for f in edges[u])]
            for edge in maximal:
                names = sorted(edge)
                domains = [spec["attributes"][a] for a in names]
                combos = []
                for combo in itertools.product(*domains):
                    values = dict(zip(names, combo, strict=True))
                    if any(set(r["where"]) <= edge and all(values[a] in v for a, v in r["where"].items())
                           for r in spec["rules"]):
                        continue
                    combos.append(values)
                variables = [self.problem.var((u, edge, i)) for i in range(len(combos))]
                self.factors[(u, edge)] = {"names": names, "combos": combos, "vars": variables}
        # factors of one universe agree on their total, on the margin of every attribute they share (chained
        # factor to factor) and on the joint margin of every two or more attributes two factors share
        for u in universes:
            mine = [(e, f) for (uu, e), f in self.factors.items() if uu == u]
            links: list[tuple[dict, dict, list[str]]] = []
            for (_e1, f1), (_e2, f2) in zip(mine, mine[1:], strict=False):
                links.append((f1, f2, []))
            for attribute in universes[u]["attributes"]:
                having = [f for e, f in mine if attribute in e]
                links += [(f1, f2, [attribute]) for f1, f2 in zip(having, having[1:], strict=False)]
            for (e1, f1), (e2, f2) in itertools.combinations(mine, 2):
                if len(e1 & e2) >= 2:
                    links.append((f1, f2, sorted(e1 & e2)))
            for f1, f2, shared in links:
                keys = {tuple(c[a] for a in shared) for c in f1["combos"]} | {tuple(c[a] for a in shared)
                                                                              for c in f2["combos"]}
                for key in keys:
                    coefs: dict[int, float] = {}
                    for f, sign in ((f1, 1.0), (f2, -1.0)):
                        for var, c in zip(f["vars"], f["combos"], strict=True):
                            if tuple(c[a] for a in shared) == key:
                                coefs[var] = coefs.get(var, 0.0) + sign
                    self.problem.add(coefs, 0.0, 0.0)

    def _row(self, spec: dict) -> dict[int, float]:
        """Variables of a population, in the smallest factor that holds it."""
        if "family" in spec:
            return {self.problem.var(("family", spec["family"], spec["code"])): 1.0}
        u, where = spec["universe"], spec["where"]
        best = min((f for (uu, e), f in self.factors.items() if uu == u and set(where) <= e),
                   key=lambda f: len(f["combos"]))
        return {v: 1.0 for v, c in zip(best["vars"], best["combos"], strict=True)
                if all(c[a] in vals for a, vals in where.items())}

    def _families(self) -> None:
        for name, spec in self.manifest.get("families", {}).items():
            within = self._row(spec["within"])
            codes = {s["code"] for t in self.manifest["tables"].values() for cells in t.get("cells", {}).values()
                     for s in cells if s and s.get("family") == name}
            shown = codes - {"__pool__"}
            listed = set(spec.get("codes") or []) | shown
            missing = listed - shown if spec.get("closed") else set()
            for code in listed | ({"__pool__"} if "__pool__" in codes else set()):
                x = self.problem.var(("family", name, code))
                self.problem.add({x: 1.0, **{v: -c for v, c in within.items()}}, -math.inf, 0.0)
            if "__pool__" in codes:
                pool = self.problem.var(("family", name, "__pool__"))
                for code in missing:
                    self.problem.add({self.problem.var(("family", name, code)): 1.0, pool: -1.0}, -math.inf, 0.0)
                if missing:
                    self.problem.add({pool: 1.0, **{self.problem.var(("family", name, c)): -1.0 for c in missing}},
                                     -math.inf, 0.0)
            bound = spec.get("pooled_codes_hold_at_most")
            if bound is not None:
                for code in missing:
                    self.problem.add({self.problem.var(("family", name, code)): 1.0}, -math.inf, float(bound))

    def _values(self) -> None:
        for name, table in sorted(self.manifest["tables"].items()):
            path = self.folder / table["csv"]
            if table.get("withheld") or not path.is_file():
                continue
            header, rows = _read_table(path)
            for column, cells in table.get("cells", {}).items():
                if column not in header:
                    continue
                j = header.index(column)
                for i, spec in enumerate(cells):
                    if spec is None or i >= len(rows):
                        continue
                    text = rows[i][j].strip()
                    row = self._row(spec)
                    value = _number(text)
                    where = f"{table['csv']} row {i + 1} column {column}"
                    if value is not None:
                        if self.hesa:
                            self.problem.add(row, max(0.0, value - 2), value + 2)
                        else:
                            self.problem.add(row, value, value)
                    elif text in MARKERS:
                        self.problem.add(row, max(1.0, float(spec.get("at_least") or 0)), math.inf)
                        self.cells.append((where, spec, text, column))
            self._rates(name, table, header, rows)
        for entry in self.manifest.get("bounds", []):
            self.problem.add(self._row(entry["cell"]), -math.inf, float(entry["at_most"]))

    def _rates(self, name: str, table: dict, header: list[str], rows: list[list[str]]) -> None:
        """A share shown beside a hidden count, or a statistic finer than its declared precision."""
        contract = self.manifest.get("contract", {})
        for column in header:
            spec = contract.get(column) or {}
            if spec.get("kind") == "share" and spec.get("numerator") in header and spec.get("denominator") in header:
                j, n, d = header.index(column), header.index(spec["numerator"]), header.index(spec["denominator"])
                for i, row in enumerate(rows):
                    hidden = row[n].strip() in MARKERS or row[d].strip() in MARKERS
                    if hidden and _number(row[j]) is not None:
                        self.recoveries.append(Recovery(f"{table['csv']} row {i + 1} column {column}", math.nan,
                                                        math.nan, "a share is shown beside a hidden count"))
        for column, step in (table.get("precision") or {}).items():
            if column not in header:
                continue
            j = header.index(column)
            for i, row in enumerate(rows):
                value = _number(row[j])
                s = step[i] if isinstance(step, list) else step
                if value is not None and s and abs(value / s - round(value / s)) > 1e-6:
                    self.recoveries.append(Recovery(f"{table['csv']} row {i + 1} column {column}", value, value,
                                                    f"printed more finely than its declared precision {s}"))

    # -- what can be proven ---------------------------------------------------------------
    def _expressions(self) -> list[tuple[str, dict[int, float]]]:
        out: dict[tuple, tuple[str, dict[int, float]]] = {}

        def add(where: str, row: dict[int, float]) -> None:
            key = tuple(sorted(row))
            if key and key not in out:
                out[key] = (where, row)

        for where, spec, _text, _column in self.cells:
            add(where, self._row(spec))
        for (u, _edge), factor in self.factors.items():
            for i, var in enumerate(factor["vars"]):
                add(f"{u}: combination {factor['combos'][i]}", {var: 1.0})
        published = []
        for table in self.manifest["tables"].values():
            if table.get("withheld"):
                continue
            for cells in table.get("cells", {}).values():
                published += [s for s in cells if s and "universe" in s]
        by_factor: dict[tuple, list[dict]] = {}
        for spec in published:
            for (u, edge), _factor in self.factors.items():
                if u == spec["universe"] and set(spec["where"]) <= edge:
                    by_factor.setdefault((u, edge), []).append(spec)
        for key, specs in by_factor.items():
            unique = {json.dumps(s, sort_keys=True): s for s in specs}
            rows = {k: set(self._row_in(key, s)) for k, s in unique.items()}
            for (ka, a), (kb, b) in itertools.combinations(rows.items(), 2):
                for name, part in ((f"({ka}) and ({kb})", a & b), (f"({ka}) not ({kb})", a - b),
                                   (f"({kb}) not ({ka})", b - a)):
                    add(name, dict.fromkeys(part, 1.0))
        for name, spec in self.manifest.get("families", {}).items():
            if spec.get("closed"):
                for code in spec.get("codes") or []:
                    add(f"family {name} code {code}", {self.problem.var(("family", name, code)): 1.0})
        return list(out.values())

    def _row_in(self, key: tuple, spec: dict) -> list[int]:
        factor = self.factors[key]
        return [v for v, c in zip(factor["vars"], factor["combos"], strict=True)
                if all(c[a] in vals for a, vals in spec["where"].items())]

    def _solve(self, c: np.ndarray) -> tuple[float, np.ndarray | None]:
        """Minimum of ``c @ x`` over whole-number populations (LP; MILP when the LP optimum is fractional)."""
        res = linprog(c, A_ub=self.a_ub, b_ub=self.b_ub, bounds=(0, None), method="highs")
        if res.status == 3:
            return -math.inf, None
        if res.status != 0:
            raise AssertionError(f"the published values are inconsistent: {res.message}")
        x = res.x
        if np.all(np.abs(x - np.round(x)) < 1e-6):
            self._witness(x)
            return float(res.fun), x
        if abs(res.fun - round(res.fun)) < 1e-6:
            return float(round(res.fun)), None
        res2 = milp(c, constraints=[LinearConstraint(self.a, self.low, self.high)], integrality=np.ones(c.size),
                    bounds=Bounds(0, np.inf))
        if res2.status == 0:
            self._witness(res2.x)
            return float(res2.fun), res2.x
        return float(math.ceil(res.fun - 1e-6)), None

    def _witness(self, x: np.ndarray) -> None:
        self.w = np.column_stack([self.w, np.round(x)]) if self.w.size else np.round(x)[:, None]

    def attack(self) -> list[Recovery]:
        """Every recovery; empty when nothing of 1..k-1 can be proven."""
        self._factors()
        self._families()
        self._values()
        self.a, self.low, self.high = self.problem.matrices()
        self.a_ub = sparse.vstack([self.a[np.isfinite(self.high)], -self.a[np.isfinite(self.low)]]).tocsr()
        self.b_ub = np.concatenate([self.high[np.isfinite(self.high)], -self.low[np.isfinite(self.low)]])
        n = self.a.shape[1]
        self.w = np.zeros((n, 0))
        k = self.k
        rng = np.random.default_rng(1)
        for _ in range(10):  # populations consistent with everything, in random directions
            self._solve(rng.random(n))
            self._solve(-rng.random(n) * (rng.random(n) < 0.3))
        for where, row in self._expressions():
            vec = np.zeros(n)
            for v, coef in row.items():
                vec[v] = coef
            if self.w.size:
                values = vec @ self.w
                if (values >= k - 1e-6).any() or (values <= 1e-6).any():
                    continue
            best, _x = self._solve(-vec)
            hi = -best
            if hi >= k - 1e-6:
                continue
            lo, _x = self._solve(vec)
            if lo >= 1 - 1e-6:
                self.recoveries.append(Recovery(where, lo, hi, "linear and integer programming"))
        return self.recoveries
