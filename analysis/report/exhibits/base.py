"""What an exhibit is, and how every exhibit of the report is protected at once.

An *exhibit* is one table the report publishes (and usually draws), defined in two steps:

``compute(study, publication) -> Draft``
    the unprotected table and, for each count column, the population each
    row's cell counts (a :class:`~analysis.disclosure.model.Predicate` over the
    report's advisors, or a code of a :class:`~analysis.disclosure.model.Family`);
    attributes the predicates need are added to ``publication.people`` with
    the rules that tie them to the others;
``describe(study, table, exhibits) -> dict``
    the reader-facing text (title, n, notes), written from the *protected*
    table and the exhibits already described.

:func:`build_exhibits` chooses the intake groups (joining a group whose counts
would be small to its neighbour), computes every draft, registers every count
in one :class:`~analysis.disclosure.model.Model`, chooses what to hide over the
whole report (:func:`analysis.disclosure.suppress.protect`), applies it (and
HESA rounding under that policy) and describes the tables in order.
Relations between tables are never registered by hand: the model derives them
from the populations.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.disclosure.model import Family, Model, Predicate, Universe
from analysis.disclosure.policy import HESA_MIN_PERCENT_DENOMINATOR, DisclosurePolicy, hesa_round
from analysis.disclosure.protect import Protected
from analysis.disclosure.suppress import Solution, protect
from analysis.measures.intervals import wilson_interval
from analysis.report.columns import COLUMNS
from analysis.report.people import Grouping, People
from analysis.report.study import Study

__all__ = ["Draft", "Exhibit", "Exhibits", "FamilyRef", "Publication", "add_rate_columns", "build_exhibits",
           "statistic_step"]


@dataclass(frozen=True)
class FamilyRef:
    """The count of members holding one code of a family (``code="__pool__"``: its pooled row)."""

    family: str
    code: str


Population = Predicate | FamilyRef | None


@dataclass
class Draft:
    """An unprotected exhibit table and whom each of its counts counts.

    Attributes
    ----------
    frame : DataFrame
        The unprotected table, rows in the order to show.
    cells : dict
        Count column -> population of each row's cell (None: a row with no count there).
    rates : dict
        Share column -> (numerator column, denominator column): hidden with
        either count; recomputed from the rounded counts under HESA rounding.
    intervals : dict
        (lower, upper) -> (numerator, denominator): 95% Wilson limits, the same way.
    statistics : dict
        Statistic column -> the denominator of each row (advisor-years, people,
        person-months): published at the precision whose implied numerator
        spans at least k (:func:`statistic_step`).
    weight : float
        Cost of hiding one of its cells, times the column's weight.
    fixed : bool
        Its counts cannot be hidden one by one (a survival curve): when only they
        could protect a count, the whole exhibit is withheld.
    protect : callable, optional
        ``protect(policy) -> Protected`` for a table with no count of people.
    universes, families : list
        Further universes (events) and families the exhibit's cells count.
    meta : dict
        Carried to the protected table.
    finish : callable, optional
        Applied to the protected table (the reading order, from shown values only).
    bounds : list
        Counts not published that a reader knows to be at most a number (a code
        missing from a public list holds fewer than the pooling threshold).
    floors : dict
        Count column -> what a reader knows each row holds at least (a listed
        category holds at least the pooling threshold, even when hidden).
    """

    frame: pd.DataFrame
    cells: dict[str, list[Population]] = field(default_factory=dict)
    rates: dict[str, tuple[str, str]] = field(default_factory=dict)
    intervals: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    statistics: dict[str, np.ndarray] = field(default_factory=dict)
    weight: float = 1.0
    fixed: bool = False
    protect: Callable[[DisclosurePolicy], Protected] | None = None
    universes: list[Universe] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    finish: Callable[[Protected], Protected] | None = None
    bounds: list[tuple[Predicate, int]] = field(default_factory=list)
    floors: dict[str, list[int | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Exhibit:
    """One published table: its name (``NN-words``, also its figure's file name) and two steps."""

    name: str
    compute: Callable[[Study, Publication], Draft]
    describe: Callable[[Study, Protected, dict[str, Protected]], dict[str, Any]]


class Publication:
    """What the exhibits of one report share while they are computed: the people and a cache."""

    def __init__(self, study: Study, grouping: Grouping):
        self.study = study
        self.grouping = grouping
        self.people = People(study.records, study.reference_date, grouping)
        self.shared: dict[str, Any] = {}


def add_rate_columns(frame: pd.DataFrame, rate: str, numerator: str, denominator: str,
                     lower: str | None = None, upper: str | None = None) -> pd.DataFrame:
    """``frame`` with a rate (share) column and, optionally, its 95% Wilson limits."""
    out = frame.copy()
    num = out[numerator].to_numpy(dtype=float)
    den = out[denominator].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out[rate] = pd.array(np.where(den > 0, num / den, np.nan), dtype="Float64")
    if lower and upper:
        lo, hi = wilson_interval(num, den)
        out[lower] = pd.array(np.atleast_1d(lo), dtype="Float64")
        out[upper] = pd.array(np.atleast_1d(hi), dtype="Float64")
    return out


def statistic_step(denominator: float, k: int) -> float | None:
    """The precision (a power of ten) at which a statistic with this denominator may be published.

    Published to a step ``q``, a statistic ``x = numerator / denominator`` tells
    a reader that the numerator lies within ``denominator * q`` of the shown
    value times the denominator; ``q`` is the finest power of ten that keeps
    that width at least ``k``, and at most 1 (None: the denominator is too
    small for any precision of at most one unit, so the statistic is hidden).

    Examples
    --------
    >>> statistic_step(250, 3), statistic_step(103, 3), statistic_step(2, 3)
    (0.1, 0.1, None)
    """
    if denominator <= 0 or not math.isfinite(denominator):
        return 1.0
    decimals = math.floor(math.log10(denominator / k))
    if decimals < 0:
        return None
    return 10.0 ** -min(decimals, 4)


class Exhibits(dict):
    """Name -> protected table, plus the model the report was protected with and its solution."""

    model: Model
    solution: Solution
    grouping: Grouping
    people: People
    withheld: dict[str, str]


# --------------------------------------------------------------------------- intake groups


def choose_grouping(study: Study) -> Grouping:
    """Five-fiscal-year groups, the running group joined to the one before, small groups joined to a neighbour.

    A group is joined to its smaller neighbour while one of the counts behind
    the two cohort rates, or a difference a reader can take between them, holds
    1..k-1 people: alumni; ever in the field and not; in the field 24 months
    after the term and not, among those of known status; alumni of unknown
    status; ever in the field but not at 24 months. A joined group shows its
    rates where a small one would hide them. The other counts of a group
    (appointed, serving) are left to suppression.
    """
    from analysis.measures.attributes import person_outcomes

    k = study.policy.threshold
    grouping = Grouping.five_years(study.reference_date)
    outcomes = person_outcomes(study.records, reference_date=study.reference_date)
    fy = outcomes["intake_fy"].str.slice(2, 6).astype(int)
    alumnus = outcomes["is_alumnus"].to_numpy(dtype=bool)
    status = outcomes["status_24"].fillna("n/a").to_numpy()
    ever = outcomes["ever_in_field"].to_numpy(dtype=bool)

    def small_groups(g: Grouping) -> list[int]:
        labels = g.of(fy).to_numpy()
        bad = []
        for i, label in enumerate(g.labels):
            here = labels == label
            al = here & alumnus
            known = al & np.isin(status, ["out", "in"])
            in24 = known & (status == "in")
            counts = [al.sum(), (al & ever).sum(), (al & ~ever).sum(), in24.sum(), (known & (status == "out")).sum(),
                      (al & ~known).sum(), (al & ever & ~in24).sum()]
            if any(1 <= c <= k - 1 for c in counts):
                bad.append(i)
        return bad

    if len(grouping.spans) >= 2 and pd.Timestamp(study.reference_date) < pd.Timestamp(
            f"{grouping.spans[-1][1] + 1}-03-31"):
        grouping = grouping.joined(2)
    while len(grouping.spans) >= 2:
        bad = small_groups(grouping)
        if not bad:
            break
        i = bad[0]
        labels = grouping.of(fy)
        size = labels.value_counts()
        spans = list(grouping.spans)
        if i == len(spans) - 1:
            j = i - 1
        elif i == 0:
            j = 1
        else:
            before = size.get(grouping.labels[i - 1], 0)
            after = size.get(grouping.labels[i + 1], 0)
            j = i - 1 if before <= after else i + 1
        a, b = sorted((i, j))
        spans[a:b + 1] = [(spans[a][0], spans[b][1])]
        grouping = Grouping(tuple(spans))
    return grouping


# --------------------------------------------------------------------------- protecting everything at once


def _register(model: Model, name: str, draft: Draft) -> dict[str, list[int | None]]:
    ids: dict[str, list[int | None]] = {}
    for column, populations in draft.cells.items():
        weight = draft.weight * COLUMNS[column].weight
        floors = draft.floors.get(column) or [None] * len(populations)
        out: list[int | None] = []
        for population, floor in zip(populations, floors, strict=True):
            if population is None:
                out.append(None)
            elif isinstance(population, FamilyRef):
                out.append(model.family_cell(population.family, population.code,
                                             label=f"{name}: {population.family}={population.code}",
                                             weight=weight, floor=floor).id)
            else:
                out.append(model.cell(population, label=f"{name}: {population.text()}", weight=weight,
                                      fixed=draft.fixed, floor=floor).id)
        ids[column] = out
    for population, bound in draft.bounds:
        model.cell(population, label=f"{name}: {population.text()} (not listed)", published=False, bound=bound)
    return ids


def _check_values(model: Model, name: str, draft: Draft, ids: dict[str, list[int | None]]) -> None:
    """Every count of the table equals the number of people its population holds (a declaration error otherwise)."""
    for column, cells in ids.items():
        values = draft.frame[column].to_numpy(dtype=float)
        for row, cell_id in enumerate(cells):
            if cell_id is None:
                continue
            if int(round(values[row])) != model.cells[cell_id].value:
                raise AssertionError(f"{name}: row {row} column {column!r} holds {values[row]:g} but its population "
                                     f"({model.cells[cell_id].label}) holds {model.cells[cell_id].value}")


def solve(model: Model, drafts: dict[str, Draft], ids: dict[str, dict[str, list[int | None]]]
          ) -> tuple[Solution, dict[str, str]]:
    """Protect the whole report; withhold an exhibit whose fixed counts are all that could protect a count."""
    from analysis.i18n import _

    withheld: dict[str, str] = {}
    while True:
        solution = protect(model)
        if not solution.unprotected:
            return solution, withheld
        culprits = set()
        for expression, binding in solution.unprotected:
            support = set(expression.row.indices.tolist())
            for name, columns in ids.items():
                if name in withheld or not drafts[name].fixed:
                    continue
                for cells in columns.values():
                    for cell_id in cells:
                        if cell_id is None:
                            continue
                        if cell_id in binding or support & set(model.cell_row(model.cells[cell_id]).indices.tolist()):
                            culprits.add(name)
        if not culprits:
            # nothing fixed is involved: unpublish the cells of the exposed counts' exhibits (last resort)
            for _expression, binding in solution.unprotected:
                for name, columns in ids.items():
                    if name in withheld:
                        continue
                    if any(c in binding for cells in columns.values() for c in cells if c is not None):
                        culprits.add(name)
            if not culprits:
                raise AssertionError("a count cannot be protected and no exhibit publishes it: a defect of the model")
        for name in sorted(culprits):
            withheld[name] = _("withheld: publishing it with the rest of the report would let a count of fewer "
                               "than {k} people be worked out").format(k=model.k)
            for cells in ids[name].values():
                for cell_id in cells:
                    if cell_id is not None and not _published_elsewhere(cell_id, name, ids, withheld):
                        model.cells[cell_id].published = False


def _published_elsewhere(cell_id: int, name: str, ids: dict, withheld: dict) -> bool:
    return any(other != name and other not in withheld and any(cell_id in cells for cells in columns.values())
               for other, columns in ids.items())


def apply_protection(draft: Draft, ids: dict[str, list[int | None]], hidden: set[int],
                     policy: DisclosurePolicy) -> Protected:
    """The protected table of ``draft``: hidden cells masked (HESA: the rest rounded), shares recomputed."""
    if draft.protect is not None:
        return draft.protect(policy)
    raw = draft.frame.reset_index(drop=True)
    data = raw.copy()
    mask = pd.DataFrame(False, index=raw.index, columns=raw.columns)
    hide: dict[str, np.ndarray] = {}
    for column, cells in ids.items():
        values = raw[column].to_numpy(dtype=float)
        flags = np.array([c is not None and c in hidden for c in cells], dtype=bool)
        shown = hesa_round(values) if policy.kind == "hesa" else values
        out = pd.array(np.nan_to_num(shown).astype("int64"), dtype="Int64")
        out[flags | np.isnan(values)] = pd.NA
        data[column], mask[column], hide[column] = out, flags, flags
    for rate, (num, den) in draft.rates.items():
        flags = hide[num] | hide[den]
        original = raw[rate].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        values = original
        if policy.kind == "hesa":
            rn, rd = data[num].to_numpy(dtype=float, na_value=np.nan), data[den].to_numpy(dtype=float, na_value=np.nan)
            with np.errstate(divide="ignore", invalid="ignore"):
                values = np.round(np.where(rd > 0, rn / rd, np.nan), 2)
            flags = flags | (raw[den].to_numpy(dtype=float) < HESA_MIN_PERCENT_DENOMINATOR)
        flags = flags & ~np.isnan(original)
        out = pd.array(values, dtype="Float64")
        out[flags | np.isnan(values)] = pd.NA
        data[rate], mask[rate] = out, flags
    for (lower, upper), (num, den) in draft.intervals.items():
        if policy.kind == "hesa":
            lo, hi = wilson_interval(data[num].to_numpy(dtype=float, na_value=np.nan),
                                     data[den].to_numpy(dtype=float, na_value=np.nan))
            flags = hide[num] | hide[den] | (raw[den].to_numpy(dtype=float) < HESA_MIN_PERCENT_DENOMINATOR)
        else:
            lo = raw[lower].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            hi = raw[upper].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            flags = hide[num] | hide[den]
        for column, values in ((lower, np.atleast_1d(lo)), (upper, np.atleast_1d(hi))):
            out = pd.array(values, dtype="Float64")
            out[flags | np.isnan(values)] = pd.NA
            data[column], mask[column] = out, flags & ~np.isnan(values)
    precision: dict[str, float | list[float | None] | None] = {}
    for column, denominators in draft.statistics.items():
        values = raw[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        dens = np.broadcast_to(np.asarray(denominators, dtype=float), values.shape)
        steps = [statistic_step(float(d), policy.threshold) for d in dens]
        flags = np.array([s is None for s in steps], dtype=bool) & ~np.isnan(values)
        rounded = np.array([np.round(v / s) * s if s else v for v, s in zip(values, steps, strict=True)], dtype=float)
        out = pd.array(np.round(rounded, 4), dtype="Float64")
        out[flags | np.isnan(values)] = pd.NA
        data[column], mask[column] = out, flags
        distinct = {s for s in steps if s is not None}
        precision[column] = distinct.pop() if len(distinct) == 1 else [s for s in steps]
    if draft.meta.get("hesa_curve") and policy.kind == "hesa" and len(data):
        from analysis.disclosure.survival import rounded_life_table

        data = rounded_life_table(data)
    table = Protected(data=data, suppressed=mask, policy=policy, counts=tuple(ids))
    table = table.with_meta(precision=precision, cell_ids=ids, **draft.meta)
    return draft.finish(table) if draft.finish is not None else table


def build_exhibits(study: Study, exhibits: list[Exhibit], *, withhold: set[str] = frozenset()) -> Exhibits:
    """Compute, protect together and describe every exhibit; returns name -> protected table."""
    from analysis.i18n import _

    grouping = choose_grouping(study)
    publication = Publication(study, grouping)
    drafts = {ex.name: ex.compute(study, publication) for ex in exhibits}
    model = Model(study.policy.threshold)
    model.add_universe(publication.people.universe())
    for draft in drafts.values():
        for universe in draft.universes:
            if universe.name not in model.universes:
                model.add_universe(universe)
    for family in publication.people.families.values():
        model.add_family(family)
    for draft in drafts.values():
        for family in draft.families:
            model.add_family(family)
    ids = {name: _register(model, name, draft) for name, draft in drafts.items()}
    for name, draft in drafts.items():
        _check_values(model, name, draft, ids[name])
    for name in withhold:
        for cells in ids.get(name, {}).values():
            for cell_id in cells:
                if cell_id is not None and not _published_elsewhere(cell_id, name, ids, dict.fromkeys(withhold)):
                    model.cells[cell_id].published = False
    model.build()
    solution, withheld = solve(model, drafts, ids)
    for name in withhold:
        withheld[name] = _("withheld: the report's own audit found that it let a count of fewer than {k} people "
                           "be worked out (a defect of the library, reported at the build)").format(k=model.k)
    out = Exhibits()
    out.model, out.solution, out.grouping, out.people, out.withheld = model, solution, grouping, publication.people, withheld
    upper = reader_maxima(model, solution.hidden) if study.policy.kind == "suppress" else {}
    for ex in exhibits:
        draft = drafts[ex.name]
        table = apply_protection(draft, ids[ex.name], solution.hidden, study.policy).named(ex.name)
        if upper and draft.protect is None:
            table = table.with_meta(at_most={column: [upper.get(c) if c is not None else None for c in cells]
                                             for column, cells in ids[ex.name].items()})
        if ex.name in withheld:
            table = table.with_meta(publishable=False, withheld=withheld[ex.name])
        table = table.with_meta(**ex.describe(study, table, out))
        if ex.name in withheld:
            table = table.with_meta(publishable=False, empty_message=withheld[ex.name])
        out[ex.name] = table.emptied() if table.meta.get("publishable") is False else table
    return out


def reader_maxima(model: Model, hidden: set[int]) -> dict[int, float]:
    """For each hidden published cell, the largest value a reader of the whole report can prove possible.

    Titles use it: a row is named the largest only when no hidden cell can
    hold as much (``inf`` when nothing published bounds the cell).
    """
    from analysis.disclosure.reader import Knowledge, Reader

    cells = sorted(c for c in hidden if model.cells[c].published)
    if not cells:
        return {}
    reader = Reader(model, Knowledge.suppression(model, hidden))
    return {c: reader.maximum(c) for c in cells}


def hidden_count(table: Protected) -> tuple[int, int]:
    """(hidden numeric cells, numeric cells) of a protected table."""
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table.data[c].dtype)
               or table.suppressed[c].any()]
    return int(table.suppressed[numeric].to_numpy().sum()), int(table.data[numeric].size)

