"""The reader's model: what anyone holding the whole published report can prove about counts of people.

Every count the report publishes counts the members of a *universe* (the
advisors appointed by the reference date, or events such as moves between
states) who satisfy a *predicate*: a conjunction of conditions on their
*attributes* (``cohort ∈ {FY2005–09}``, ``w24 ∈ {in}``). A reader knows the
attributes and their public value lists, the predicates of the published
counts (they are the published definitions), the published values, and the
*rules* the data model and the programme guarantee (a term lasts at most 24
months; whoever is in the field 24 months after the term has held an in-field
post). From these alone the model derives every relation a reader can use:
partitions, nesting, overlaps, differences, pooled remainders against public
code lists.

How it is represented
---------------------
The attributes are the nodes of a graph; every published predicate and every
rule joins the attributes it mentions. The graph is made chordal (min-fill
elimination) and its maximal cliques form a junction tree. For each clique the
model enumerates the value combinations the rules allow (its *atoms*) and
merges atoms no published predicate and no neighbouring clique tells apart
(*classes*). The unknowns of the reader are the number of members in each
class; cliques agree on the combinations of the attributes they share
(separators), which for a junction tree is exactly the condition for a
population with those counts to exist. A published count is a sum of classes.

A *family* (:class:`Family`) is a multi-valued attribute with a long code list
(organisations, grades): a person can hold several codes. Its counts are not
enumerated into atoms; they enter as variables with the exact relations of
sets that overlap freely: every code and the pooled row within their universe,
and the pooled row between its largest code and the sum of its codes.

What is checked
---------------
For every *sensitive* count, one whose true value is 1..k-1, the smallest and
largest values consistent with everything published are found by linear
programming (scipy's HiGHS) and, where the optimum is fractional, integer
programming (``milp``); the count is exposed when both lie within 1..k-1.
Sensitive counts are the hidden published counts, every class, the
intersection and both differences of any two published counts expressible in
one clique, and the codes of a pooled row. Shown zeros are facts; a hidden
count is at least 1 (zeros are always shown).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

__all__ = [
    "Attribute",
    "Cell",
    "Expression",
    "Family",
    "Forbid",
    "POOL",
    "Model",
    "Predicate",
    "Universe",
    "predicate",
]

#: Largest number of value combinations enumerated for one clique.
MAX_ATOMS = 400_000
#: The code of a family's pooled row.
POOL = "__pool__"
_TOL = 1e-6


# --------------------------------------------------------------------------- declarations


@dataclass(frozen=True)
class Attribute:
    """A property of each member of a universe, with its public list of values (as text)."""

    name: str
    values: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(set(self.values)) != len(self.values) or not self.values:
            raise ValueError(f"attribute {self.name!r}: values must be distinct and not empty")


Condition = tuple[tuple[str, frozenset[str]], ...]


def _condition(where: Mapping[str, Iterable[str] | str]) -> Condition:
    out = []
    for name, values in sorted(where.items()):
        vals = frozenset([values] if isinstance(values, str) else (str(v) for v in values))
        out.append((name, vals))
    return tuple(out)


@dataclass(frozen=True)
class Predicate:
    """Members of ``universe`` whose attributes take one of the listed values, for every listed attribute."""

    universe: str
    where: Condition = ()

    @property
    def attributes(self) -> frozenset[str]:
        return frozenset(a for a, _v in self.where)

    def text(self) -> str:
        """``advisors | cohort=FY2005–09 & w24=in|out``: the published definition."""
        if not self.where:
            return self.universe
        return self.universe + " | " + " & ".join(f"{a}={'|'.join(sorted(v))}" for a, v in self.where)

    def to_json(self) -> dict:
        return {"universe": self.universe, "where": {a: sorted(v) for a, v in self.where}}


def predicate(universe: str, **where: Iterable[str] | str) -> Predicate:
    """``predicate("advisors", cohort="FY2005–09", w24=["in"])``."""
    return Predicate(universe, _condition(where))


@dataclass(frozen=True)
class Forbid:
    """A combination of attribute values no member can have: a rule a reader knows.

    ``assumption`` marks what a reader may assume from the report's own words
    (terms start on the intake days) rather than what the data model
    guarantees; it is declared only when the records satisfy it.
    """

    where: Condition
    reason: str
    assumption: bool = False

    @property
    def attributes(self) -> frozenset[str]:
        return frozenset(a for a, _v in self.where)

    def to_json(self) -> dict:
        return {"where": {a: sorted(v) for a, v in self.where}, "reason": self.reason,
                "assumption": self.assumption}


def forbid(reason: str, *, assumption: bool = False, **where: Iterable[str] | str) -> Forbid:
    """``forbid("a term lasts at most 24 months", cohort="FY2005–09", serving="yes")``."""
    return Forbid(_condition(where), reason, assumption)


class Universe:
    """The members counted (people or events) and their attributes.

    Parameters
    ----------
    name : str
        ``"advisors"``, ``"moves"``...
    frame : DataFrame
        One row per member (index: member id), one column per attribute,
        values as text within the attribute's values.
    attributes : sequence of Attribute
    rules : sequence of Forbid
    unit : str
        ``"people"`` or ``"events"``.
    """

    def __init__(self, name: str, frame: pd.DataFrame, attributes: Sequence[Attribute],
                 rules: Sequence[Forbid] = (), *, unit: str = "people"):
        self.name = name
        self.unit = unit
        self.attributes = {a.name: a for a in attributes}
        self.rules = list(rules)
        self.codes: dict[str, np.ndarray] = {}
        for attribute in attributes:
            if attribute.name not in frame.columns:
                raise KeyError(f"universe {name!r}: no column for attribute {attribute.name!r}")
            column = frame[attribute.name].astype(str)
            index = {v: i for i, v in enumerate(attribute.values)}
            codes = column.map(index)
            if codes.isna().any():
                bad = sorted(set(column[codes.isna()]))[:5]
                raise ValueError(f"universe {name!r}, attribute {attribute.name!r}: values {bad} not in its list")
            self.codes[attribute.name] = codes.to_numpy(dtype=np.int64)
        self.ids = np.asarray(frame.index)
        self.size = len(frame)
        for rule in self.rules:
            unknown = rule.attributes - set(self.attributes)
            if unknown:
                raise KeyError(f"rule {rule.reason!r} names unknown attributes {sorted(unknown)}")
            broken = self.mask(rule.where)
            if broken.any():
                raise ValueError(f"universe {name!r}: {int(broken.sum())} members break the rule "
                                 f"{rule.reason!r} ({Predicate(name, rule.where).text()})")

    def mask(self, where: Condition) -> np.ndarray:
        """Members satisfying the condition."""
        out = np.ones(self.size, dtype=bool)
        for name, values in where:
            attribute = self.attributes[name]
            wanted = np.array([v in values for v in attribute.values], dtype=bool)
            out &= wanted[self.codes[name]]
        return out

    def members(self, where: Condition) -> frozenset:
        """Ids of the members satisfying the condition (which people a count counts)."""
        return frozenset(self.ids[self.mask(where)].tolist())

    def to_json(self) -> dict:
        return {"unit": self.unit,
                "attributes": {a.name: list(a.values) for a in self.attributes.values()},
                "rules": [r.to_json() for r in self.rules]}


@dataclass
class Family:
    """A multi-valued attribute with a long code list: each member holds any number of codes.

    Parameters
    ----------
    name : str
        ``"organisation"``.
    universe : str
    within : Predicate
        The members who can hold a code (alumni): every code count is at most its size.
    codes : dict
        Code -> boolean membership array over the universe's members (the codes
        that may be published or pooled).
    pool : sequence of str
        The codes counted together in the pooled row (empty: no pooled row).
    bound : int or None
        What a reader knows of each pooled code: at most this many members
        (None: nothing, as for an open list such as free-text employers).
    closed : bool
        True when the code list is public and fixed: codes that are not
        published are pooled or zero, and a reader knows which they are.
    """

    name: str
    universe: str
    within: Predicate
    codes: dict[str, np.ndarray]
    pool: tuple[str, ...] = ()
    bound: int | None = None
    closed: bool = False


@dataclass
class Cell:
    """One count the report publishes (or that a reader can form), and how much it costs to hide."""

    id: int
    predicate: Predicate | None
    value: int
    label: str
    weight: float = 1.0
    fixed: bool = False
    family: str | None = None
    code: str | None = None
    published: bool = True
    bound: int | None = None
    floor: int | None = None


@dataclass
class Expression:
    """A count a reader can form: a sparse row over the model's variables, its true value and a name."""

    row: sparse.csr_matrix
    value: int
    label: str
    cell: int | None = None


@dataclass
class Range:
    """What a reader can prove about one count."""

    low: float
    high: float
    exposed: bool
    binding: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- junction tree


def _chordal_cliques(nodes: list[str], edges: Iterable[frozenset[str]], size: Mapping[str, int]
                     ) -> list[frozenset[str]]:
    """Maximal cliques of a chordal completion (min-fill elimination, ties by smaller product of sizes)."""
    adj: dict[str, set[str]] = {n: set() for n in nodes}
    for group in edges:
        for a, b in itertools.combinations(sorted(group), 2):
            adj[a].add(b)
            adj[b].add(a)
    remaining = set(nodes)
    cliques: list[frozenset[str]] = []
    while remaining:
        def cost(n: str) -> tuple[int, float, str]:
            nb = [m for m in adj[n] if m in remaining]
            fill = sum(1 for a, b in itertools.combinations(nb, 2) if b not in adj[a])
            weight = float(np.prod([size[m] for m in nb + [n]]))
            return fill, weight, n

        node = min(remaining, key=cost)
        nb = {m for m in adj[node] if m in remaining}
        for a, b in itertools.combinations(sorted(nb), 2):
            adj[a].add(b)
            adj[b].add(a)
        clique = frozenset(nb | {node})
        if not any(clique <= c for c in cliques):
            cliques = [c for c in cliques if not c <= clique] + [clique]
        remaining.discard(node)
    return cliques


def _junction_tree(cliques: list[frozenset[str]]) -> list[tuple[int, int, frozenset[str]]]:
    """Edges of a maximum-weight spanning tree over separator sizes (Kruskal)."""
    pairs = sorted(((len(a & b), i, j) for (i, a), (j, b) in itertools.combinations(enumerate(cliques), 2)),
                   reverse=True)
    parent = list(range(len(cliques)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    edges = []
    for _weight, i, j in pairs:
        if find(i) != find(j):
            parent[find(i)] = find(j)
            edges.append((i, j, cliques[i] & cliques[j]))
    return edges


# --------------------------------------------------------------------------- the model


class _Clique:
    """One clique: its attributes, allowed atoms, classes and the true count of each class."""

    def __init__(self, universe: Universe, attributes: frozenset[str], predicates: list[Predicate],
                 separators: list[frozenset[str]]):
        self.universe = universe
        self.names = sorted(attributes)
        domains = [universe.attributes[n].values for n in self.names]
        sizes = [len(d) for d in domains]
        total = int(np.prod(sizes)) if sizes else 1
        if total > MAX_ATOMS:
            raise ValueError(f"the published counts of universe {universe.name!r} cross attributes "
                             f"{self.names} ({total:,} combinations): publish them in fewer combinations")
        grids = np.indices(sizes).reshape(len(sizes), -1) if sizes else np.zeros((0, 1), dtype=np.int64)
        allowed = np.ones(grids.shape[1], dtype=bool)
        for rule in universe.rules:
            if not rule.attributes <= attributes:
                continue
            hit = np.ones(grids.shape[1], dtype=bool)
            for name, values in rule.where:
                position = self.names.index(name)
                wanted = np.array([v in values for v in universe.attributes[name].values], dtype=bool)
                hit &= wanted[grids[position]]
            allowed &= ~hit
        atoms = grids[:, allowed]
        self.atoms = atoms
        # observed combination of each member
        if sizes:
            member_codes = np.stack([universe.codes[n] for n in self.names])
            flat_atoms = np.ravel_multi_index(atoms, sizes)
            flat_members = np.ravel_multi_index(member_codes, sizes)
            lookup = {int(a): i for i, a in enumerate(flat_atoms)}
            which = np.array([lookup.get(int(m), -1) for m in flat_members], dtype=np.int64) if universe.size else \
                np.zeros(0, dtype=np.int64)
            if (which < 0).any():
                raise ValueError(f"universe {universe.name!r}: a member's combination of {self.names} is excluded "
                                 "by the rules (a rule is wrong)")
        else:
            which = np.zeros(universe.size, dtype=np.int64)
        atom_counts = np.bincount(which, minlength=atoms.shape[1])
        # incidence of each atom in each predicate living here, and its separator combinations
        signature_columns = []
        self.predicates = predicates
        self.incidence = np.zeros((len(predicates), atoms.shape[1]), dtype=bool)
        for p, pred in enumerate(predicates):
            self.incidence[p] = self._mask(pred.where)
            signature_columns.append(self.incidence[p].astype(np.int64))
        self.separators = separators
        self.separator_codes: list[np.ndarray] = []
        for sep in separators:
            names = sorted(sep)
            if names:
                positions = [self.names.index(n) for n in names]
                seps = [len(universe.attributes[n].values) for n in names]
                code = np.ravel_multi_index(atoms[positions], seps)
            else:
                code = np.zeros(atoms.shape[1], dtype=np.int64)
            self.separator_codes.append(code)
            signature_columns.append(code)
        if signature_columns:
            signature = np.stack(signature_columns, axis=1)
            _unique, self.class_of = np.unique(signature, axis=0, return_inverse=True)
            self.class_of = self.class_of.ravel()
        else:
            self.class_of = np.zeros(atoms.shape[1], dtype=np.int64)
        self.n_classes = int(self.class_of.max()) + 1 if atoms.shape[1] else 0
        self.class_counts = np.bincount(self.class_of, weights=atom_counts, minlength=self.n_classes).astype(np.int64)
        self.class_incidence = np.zeros((len(predicates), self.n_classes), dtype=bool)
        for p in range(len(predicates)):
            self.class_incidence[p, self.class_of[self.incidence[p]]] = True
        self.class_separator = [np.zeros(self.n_classes, dtype=np.int64) for _ in separators]
        for s, code in enumerate(self.separator_codes):
            self.class_separator[s][self.class_of] = code
        self.offset = 0

    def _mask(self, where: Condition) -> np.ndarray:
        out = np.ones(self.atoms.shape[1], dtype=bool)
        for name, values in where:
            position = self.names.index(name)
            wanted = np.array([v in values for v in self.universe.attributes[name].values], dtype=bool)
            out &= wanted[self.atoms[position]]
        return out

    def class_atoms(self, where: Condition) -> np.ndarray:
        """Classes of a predicate that lives here (each class wholly in or out)."""
        mask = self._mask(where)
        inside = np.zeros(self.n_classes, dtype=bool)
        inside[self.class_of[mask]] = True
        outside = np.zeros(self.n_classes, dtype=bool)
        outside[self.class_of[~mask]] = True
        if (inside & outside).any():
            raise AssertionError("a predicate splits a class: it must be registered before the model is built")
        return inside


class Model:
    """Counts published about one or more universes, and what a reader can prove from them.

    Register universes, families and cells, then :meth:`build`; :meth:`range`
    gives the provable range of any expression under a given knowledge (which
    cells are shown, hidden or rounded), and :mod:`analysis.disclosure.suppress`
    chooses what to hide.
    """

    def __init__(self, k: int):
        self.k = int(k)
        self.universes: dict[str, Universe] = {}
        self.families: dict[str, Family] = {}
        self.cells: list[Cell] = []
        self._by_predicate: dict[Predicate, int] = {}
        self._by_code: dict[tuple[str, str], int] = {}
        self.built = False

    # -- registering -----------------------------------------------------------------
    def add_universe(self, universe: Universe) -> Universe:
        if universe.name in self.universes:
            raise ValueError(f"universe {universe.name!r} registered twice")
        self.universes[universe.name] = universe
        return universe

    def add_family(self, family: Family) -> Family:
        if family.name in self.families:
            existing = self.families[family.name]
            if set(existing.pool) != set(family.pool):
                raise ValueError(f"family {family.name!r} registered twice with different pools")
            return existing
        self.families[family.name] = family
        return family

    def cell(self, pred: Predicate, *, label: str = "", weight: float = 1.0, fixed: bool = False,
             published: bool = True, bound: int | None = None, floor: int | None = None) -> Cell:
        """The cell counting ``pred`` (one cell per population, however many tables publish it)."""
        if self.built:
            raise RuntimeError("the model is built: register every cell first")
        if pred in self._by_predicate:
            cell = self.cells[self._by_predicate[pred]]
            cell.weight = max(cell.weight, weight)
            cell.fixed |= fixed
            cell.published |= published
            if bound is not None:
                cell.bound = bound if cell.bound is None else min(cell.bound, bound)
            if floor is not None:
                cell.floor = floor if cell.floor is None else max(cell.floor, floor)
            return cell
        universe = self.universes[pred.universe]
        unknown = pred.attributes - set(universe.attributes)
        if unknown:
            raise KeyError(f"{pred.text()}: unknown attributes {sorted(unknown)}")
        value = int(universe.mask(pred.where).sum())
        cell = Cell(len(self.cells), pred, value, label or pred.text(), weight, fixed, published=published,
                    bound=bound, floor=floor)
        self.cells.append(cell)
        self._by_predicate[pred] = cell.id
        return cell

    def family_cell(self, family: str, code: str, *, label: str = "", weight: float = 1.0,
                    published: bool = True, floor: int | None = None) -> Cell:
        """The count of members holding ``code`` of ``family`` (code ``"__pool__"``: the pooled row)."""
        key = (family, code)
        if key in self._by_code:
            cell = self.cells[self._by_code[key]]
            cell.published |= published
            cell.weight = max(cell.weight, weight)
            if floor is not None:
                cell.floor = floor if cell.floor is None else max(cell.floor, floor)
            return cell
        fam = self.families[family]
        if code == POOL:
            members = np.zeros(self.universes[fam.universe].size, dtype=bool)
            for c in fam.pool:
                members |= fam.codes[c]
        else:
            members = fam.codes[code]
        cell = Cell(len(self.cells), None, int(members.sum()), label or f"{family}={code}", weight,
                    family=family, code=code, published=published, floor=floor)
        self.cells.append(cell)
        self._by_code[key] = cell.id
        return cell

    def cell_json(self, cell_id: int) -> dict:
        """A cell's population as the manifest publishes it (never its value)."""
        cell = self.cells[cell_id]
        if cell.family is not None:
            out = {"family": cell.family, "code": cell.code}
        else:
            assert cell.predicate is not None
            out = cell.predicate.to_json()
        if cell.floor is not None:
            out["at_least"] = cell.floor  # a listed category holds at least the pooling threshold
        return out

    def members(self, cell: Cell) -> frozenset:
        """The ids of the members a cell counts."""
        if cell.family is None:
            assert cell.predicate is not None
            return self.universes[cell.predicate.universe].members(cell.predicate.where)
        fam = self.families[cell.family]
        universe = self.universes[fam.universe]
        if cell.code == POOL:
            mask = np.zeros(universe.size, dtype=bool)
            for c in fam.pool:
                mask |= fam.codes[c]
        else:
            mask = fam.codes[cell.code]
        return frozenset(universe.ids[mask].tolist())

    # -- building ----------------------------------------------------------------------
    def build(self, *, check_truth: bool = True) -> None:
        """Cliques, classes and the constraint rows (call once, after every cell is registered).

        ``check_truth=False`` for a model rebuilt from published files, whose
        universes hold no members (an audit).
        """
        self.cliques: list[_Clique] = []
        self.tree: list[tuple[int, int, frozenset[str]]] = []
        for fam in self.families.values():
            # the pooled codes and the family's universe subset are expressions a reader can form
            self.cell(fam.within, label=f"{fam.name}: members who can hold a code", published=False)
            if fam.closed:
                for code in fam.pool:
                    self.family_cell(fam.name, code, published=False)
        for name, universe in self.universes.items():
            preds = sorted({c.predicate for c in self.cells if c.predicate is not None and c.predicate.universe == name},
                           key=lambda p: p.text())
            nodes = sorted(universe.attributes)
            used = set()
            edges = []
            for pred in preds:
                edges.append(pred.attributes)
                used |= pred.attributes
            for rule in universe.rules:
                edges.append(rule.attributes)
            sizes = {n: len(universe.attributes[n].values) for n in nodes}
            nodes = [n for n in nodes if n in used or any(n in r.attributes for r in universe.rules)]
            cliques = _chordal_cliques(nodes, edges, sizes) if nodes else []
            if not cliques:
                cliques = [frozenset()]
            tree = _junction_tree(cliques)
            base = len(self.cliques)
            seps_of: dict[int, list[frozenset[str]]] = {i: [] for i in range(len(cliques))}
            for i, j, sep in tree:
                seps_of[i].append(sep)
                seps_of[j].append(sep)
            for i, attrs in enumerate(cliques):
                living = [p for p in preds if p.attributes <= attrs]
                self.cliques.append(_Clique(universe, attrs, living, seps_of[i]))
            for i, j, sep in tree:
                self.tree.append((base + i, base + j, sep))
        offset = 0
        for clique in self.cliques:
            clique.offset = offset
            offset += clique.n_classes
        self.n_atoms = offset
        # family variables: one per family cell (codes and pools)
        self.family_var: dict[int, int] = {}
        for cell in self.cells:
            if cell.family is not None:
                self.family_var[cell.id] = offset
                offset += 1
        self.n_vars = offset
        self.truth = np.zeros(self.n_vars)
        for clique in self.cliques:
            self.truth[clique.offset:clique.offset + clique.n_classes] = clique.class_counts
        for cell_id, var in self.family_var.items():
            self.truth[var] = self.cells[cell_id].value
        self._cell_rows = {c.id: self._cell_row(c) for c in self.cells}
        self._structural()
        self.built = True
        if check_truth:
            assert self._feasible(self.truth), "the true counts break the model's own relations"

    def _home(self, universe: str, attributes: frozenset[str]) -> _Clique:
        best = None
        for clique in self.cliques:
            if clique.universe.name == universe and attributes <= set(clique.names) and (
                    best is None or clique.n_classes < best.n_classes):
                best = clique
        if best is None:
            raise AssertionError(f"no clique of {universe} holds {sorted(attributes)}")
        return best

    def expression_row(self, pred: Predicate, clique: _Clique | None = None) -> sparse.csr_matrix:
        """The row of a predicate over the model's variables."""
        clique = clique or self._home(pred.universe, pred.attributes)
        inside = clique.class_atoms(pred.where)
        columns = clique.offset + np.flatnonzero(inside)
        return sparse.csr_matrix((np.ones(columns.size), (np.zeros(columns.size, dtype=int), columns)),
                                 shape=(1, self.n_vars))

    def _cell_row(self, cell: Cell) -> sparse.csr_matrix:
        if cell.family is not None:
            var = self.family_var[cell.id]
            return sparse.csr_matrix(([1.0], ([0], [var])), shape=(1, self.n_vars))
        assert cell.predicate is not None
        return self.expression_row(cell.predicate)

    def cell_row(self, cell: Cell) -> sparse.csr_matrix:
        return self._cell_rows[cell.id]

    def _structural(self) -> None:
        """Rows that hold whatever is published: cliques agree on separators; family relations."""
        eq_rows: list[sparse.csr_matrix] = []
        for i, j, sep in self.tree:
            a, b = self.cliques[i], self.cliques[j]
            sa = a.class_separator[a.separators.index(sep)]
            sb = b.class_separator[b.separators.index(sep)]
            for code in np.union1d(sa, sb):
                row = np.zeros(self.n_vars)
                row[a.offset + np.flatnonzero(sa == code)] = 1.0
                row[b.offset + np.flatnonzero(sb == code)] -= 1.0
                eq_rows.append(sparse.csr_matrix(row))
        # every clique of one universe has the same total (implied by the tree; kept for forests)
        le_rows: list[sparse.csr_matrix] = []
        for fam in self.families.values():
            within = self._cell_rows[self._by_predicate[fam.within]]
            cells = [c for c in self.cells if c.family == fam.name]
            pool = next((c for c in cells if c.code == POOL), None)
            codes = [c for c in cells if c.code != POOL]
            for c in cells:
                le_rows.append(self._cell_rows[c.id] - within)  # x <= members who can hold a code
            if pool is not None:
                in_pool = [c for c in codes if c.code in fam.pool]
                p = self._cell_rows[pool.id]
                for c in in_pool:
                    le_rows.append(self._cell_rows[c.id] - p)  # each pooled code <= the pool
                if in_pool:
                    total = sum((self._cell_rows[c.id] for c in in_pool), sparse.csr_matrix((1, self.n_vars)))
                    le_rows.append(p - total)  # the pool <= the sum of its codes
        self.eq_structural = sparse.vstack(eq_rows).tocsr() if eq_rows else sparse.csr_matrix((0, self.n_vars))
        self.le_structural = sparse.vstack(le_rows).tocsr() if le_rows else sparse.csr_matrix((0, self.n_vars))

    def _feasible(self, x: np.ndarray) -> bool:
        ok = np.allclose(self.eq_structural @ x, 0, atol=1e-6)
        return bool(ok and (self.le_structural @ x <= 1e-6).all())

    # -- expressions a reader can form -------------------------------------------------
    def _projections(self, clique: _Clique, published: set[int]) -> list[tuple[np.ndarray, str]]:
        """Every combination of the attributes one published count (or one rule) is defined by.

        Each is the set of the clique's classes with those values; one that
        splits a class cannot be formed by a reader and is skipped.
        """
        sets = {p.attributes for p in clique.predicates if self._by_predicate.get(p) in published}
        sets |= {r.attributes for r in clique.universe.rules if r.attributes <= set(clique.names)}
        out = []
        for attrs in sorted(sets, key=lambda a: sorted(a)):
            if not attrs:
                continue
            positions = [clique.names.index(a) for a in sorted(attrs)]
            sizes = [len(clique.universe.attributes[a].values) for a in sorted(attrs)]
            code = np.ravel_multi_index(clique.atoms[positions], sizes)
            for value in np.unique(code):
                atoms = code == value
                inside = np.zeros(clique.n_classes, dtype=bool)
                inside[clique.class_of[atoms]] = True
                outside = np.zeros(clique.n_classes, dtype=bool)
                outside[clique.class_of[~atoms]] = True
                if (inside & outside).any():
                    continue
                combo = np.unravel_index(value, sizes)
                text = " & ".join(f"{a}={clique.universe.attributes[a].values[i]}"
                                  for a, i in zip(sorted(attrs), combo, strict=True))
                out.append((inside, f"{clique.universe.name} | {text}"))
        return out

    def reader_expressions(self, knowledge) -> list[Expression]:
        """Every count a reader can form, whatever its value (for an audit, which has no true values).

        The hidden published cells, every class, the intersection and both
        differences of any two published cells living in one clique, and the
        codes of closed lists missing from their table.
        """
        out: dict[bytes, Expression] = {}
        published = set(knowledge.exact) | set(knowledge.interval) | set(knowledge.hidden)

        def add(row: sparse.csr_matrix, label: str, cell: int | None = None) -> None:
            row = row.tocsr()
            row.sort_indices()
            if not row.nnz:
                return
            key = row.indices.tobytes() + row.data.astype(np.int8).tobytes()
            if key not in out:
                out[key] = Expression(row, 0, label, cell)

        for cell in self.cells:
            if cell.id in knowledge.hidden or (cell.id not in published and cell.family is not None):
                add(self._cell_rows[cell.id], cell.label, cell.id)
        for clique in self.cliques:
            for j in range(clique.n_classes):
                add(sparse.csr_matrix(([1.0], ([0], [clique.offset + j])), shape=(1, self.n_vars)),
                    f"{clique.universe.name}: an elementary combination of {clique.names}")
            for inside, text in self._projections(clique, published):
                cols = clique.offset + np.flatnonzero(inside)
                add(sparse.csr_matrix((np.ones(cols.size), (np.zeros(cols.size, dtype=int), cols)),
                                      shape=(1, self.n_vars)), text)
            living = [p for p in clique.predicates if self._by_predicate.get(p) in published]
            index = [clique.predicates.index(p) for p in living]
            inc = clique.class_incidence[index]
            for a, b in itertools.combinations(range(len(living)), 2):
                ta, tb = living[a].text(), living[b].text()
                for mask, text in ((inc[a] & inc[b], f"({ta}) and ({tb})"), (inc[a] & ~inc[b], f"({ta}) but not ({tb})"),
                                   (inc[b] & ~inc[a], f"({tb}) but not ({ta})")):
                    cols = clique.offset + np.flatnonzero(mask)
                    if cols.size:
                        add(sparse.csr_matrix((np.ones(cols.size), (np.zeros(cols.size, dtype=int), cols)),
                                              shape=(1, self.n_vars)), text)
        return list(out.values())

    def sensitive_expressions(self) -> list[Expression]:
        """Every count of 1..k-1 a reader can form: the published and bounded cells, every class, every
        combination of the attributes a published count or a rule is defined by, and the intersection and
        differences of any two published counts of one clique.
        """
        k = self.k
        out: dict[bytes, Expression] = {}

        def add(row: sparse.csr_matrix, value: int, label: str, cell: int | None = None) -> None:
            if not 1 <= value <= k - 1:
                return
            row = row.tocsr()
            row.sort_indices()
            key = row.indices.tobytes() + row.data.astype(np.int8).tobytes()
            if key not in out:
                out[key] = Expression(row, int(value), label, cell)
            elif cell is not None and out[key].cell is None:
                out[key].cell = cell

        for cell in self.cells:
            add(self._cell_rows[cell.id], cell.value, cell.label, cell.id)
        for c, clique in enumerate(self.cliques):
            name = clique.universe.name
            for j in np.flatnonzero((clique.class_counts >= 1) & (clique.class_counts <= k - 1)):
                row = sparse.csr_matrix(([1.0], ([0], [clique.offset + j])), shape=(1, self.n_vars))
                add(row, int(clique.class_counts[j]), f"{name}: an elementary combination of {clique.names}")
            published_ids = {c.id for c in self.cells if c.published}
            for inside, text in self._projections(clique, published_ids):
                cols = clique.offset + np.flatnonzero(inside)
                add(sparse.csr_matrix((np.ones(cols.size), (np.zeros(cols.size, dtype=int), cols)),
                                      shape=(1, self.n_vars)), int(clique.class_counts[inside].sum()), text)
            published = [p for p in clique.predicates if self._by_predicate.get(p) is not None
                         and self.cells[self._by_predicate[p]].published]
            if len(published) < 2:
                continue
            index = [clique.predicates.index(p) for p in published]
            inc = clique.class_incidence[index].astype(np.int64)  # predicates x classes
            counts = clique.class_counts
            both = (inc * counts) @ inc.T
            single = inc @ counts
            for a, b in zip(*np.nonzero(np.triu(np.ones_like(both), 1)), strict=True):
                va, vb, vab = int(single[a]), int(single[b]), int(both[a, b])
                ia, ib = inc[a].astype(bool), inc[b].astype(bool)
                ta, tb = published[a].text(), published[b].text()
                for value, mask, text in ((vab, ia & ib, f"({ta}) and ({tb})"),
                                          (va - vab, ia & ~ib, f"({ta}) but not ({tb})"),
                                          (vb - vab, ib & ~ia, f"({tb}) but not ({ta})")):
                    if not 1 <= value <= k - 1 or not mask.any():
                        continue
                    cols = clique.offset + np.flatnonzero(mask)
                    row = sparse.csr_matrix((np.ones(cols.size), (np.zeros(cols.size, dtype=int), cols)),
                                            shape=(1, self.n_vars))
                    add(row, value, text)
        return list(out.values())
