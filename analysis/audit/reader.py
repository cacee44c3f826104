"""The reader's model rebuilt from the published folder alone, and every count it can pin.

``disclosure.json`` publishes, for every table, whom each count counts (a
predicate over the report's attributes, or a code of a multi-valued list), and
for the report the attributes with their public value lists and the rules a
reader can apply. With the values read from the published CSVs (a number, the
marker, or under HESA rounding a number standing for itself ±2), this module
rebuilds the same kind of model the library protects with
(:class:`analysis.disclosure.model.Model`, without any member) and asks, for
every count a reader can form (each hidden cell, each elementary combination of
attributes, the intersection and differences of any two published counts, each
code of a closed list missing from a chart), whether it is pinned within 1..k-1.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.audit.folder import _number, _Report
from analysis.disclosure.model import (
    Attribute,
    Family,
    Forbid,
    Model,
    Predicate,
    Universe,
    _condition,
)
from analysis.disclosure.reader import Knowledge, Reader

__all__ = ["check_reader"]


def _predicate(spec: dict) -> Predicate:
    return Predicate(spec["universe"], _condition(spec.get("where") or {}))


def _model(manifest: dict, k: int) -> tuple[Model, dict[tuple[str, int, str], int]] | None:
    universes = manifest.get("universes") or {}
    if not universes:
        return None
    model = Model(k)
    for name, spec in universes.items():
        attributes = [Attribute(a, tuple(v)) for a, v in spec["attributes"].items()]
        rules = [Forbid(_condition(r["where"]), r["reason"], bool(r.get("assumption"))) for r in spec["rules"]]
        frame = pd.DataFrame({a.name: pd.Series(dtype=str) for a in attributes})
        model.add_universe(Universe(name, frame, attributes, rules, unit=spec.get("unit", "people")))
    families = manifest.get("families") or {}
    where: dict[tuple[str, int, str], int] = {}
    codes_seen: dict[str, set[str]] = {name: set(spec.get("codes") or []) for name, spec in families.items()}
    for table in (manifest.get("tables") or {}).values():
        for cells in (table.get("cells") or {}).values():
            for spec in cells:
                if spec and "family" in spec:
                    codes_seen.setdefault(spec["family"], set()).add(spec["code"])
    for name, spec in families.items():
        codes = sorted(c for c in codes_seen.get(name, set()) if c != "__pool__")
        shown = {c for t in (manifest.get("tables") or {}).values() for cells in (t.get("cells") or {}).values()
                 for s in cells if s and s.get("family") == name and s.get("code") != "__pool__" for c in [s["code"]]}
        pool = tuple(c for c in codes if c not in shown) if spec.get("closed") else ()
        model.add_family(Family(name, spec["universe"], _predicate(spec["within"]),
                                {c: np.zeros(0, dtype=bool) for c in codes}, pool=pool,
                                bound=spec.get("pooled_codes_hold_at_most"), closed=bool(spec.get("closed"))))
    for name, table in sorted((manifest.get("tables") or {}).items()):
        if table.get("withheld"):
            continue
        for column, cells in (table.get("cells") or {}).items():
            for row, spec in enumerate(cells, start=1):
                if spec is None:
                    continue
                floor = spec.get("at_least")
                if "family" in spec:
                    cell = model.family_cell(spec["family"], spec["code"], floor=floor)
                else:
                    cell = model.cell(_predicate(spec), floor=floor)
                where[(name, row, column)] = cell.id
    for entry in manifest.get("bounds") or []:
        spec = entry["cell"]
        if "family" not in spec:
            model.cell(_predicate(spec), published=False, bound=int(entry["at_most"]))
    return model, where


def check_reader(report: _Report) -> None:
    """Add a finding for every count the published values and relations pin within 1..k-1."""
    built = _model(report.manifest, report.k)
    if built is None:
        return
    model, where = built
    model.build(check_truth=False)
    hesa = report.kind == "hesa"
    knowledge = Knowledge()
    place: dict[int, tuple[str, int, str]] = {}
    locations: dict[int, list[tuple[str, int, str]]] = {}
    for (name, row, column), cell_id in where.items():
        table = report.tables.get(name)
        if table is None or column not in table.header or row > len(table.rows):
            continue
        text = table.column(column)[row - 1]
        value = _number(text)
        previous = knowledge.exact.get(cell_id)
        if value is not None:
            if hesa:
                knowledge.interval[cell_id] = (max(0.0, value - 2), value + 2)
            else:
                if previous is not None and abs(previous - value) > 1e-9:
                    report.add(table.file, f"row {row} column '{column}'", math.nan, "differencing",
                               f"the same population is published as {previous:g} and as {value:g}")
                knowledge.exact[cell_id] = value
        elif report.is_marker(text):
            knowledge.hidden.add(cell_id)
            place.setdefault(cell_id, (table.file, row, column))
            locations.setdefault(cell_id, []).append((table.file, row, column))
    knowledge.hidden -= set(knowledge.exact) | set(knowledge.interval)
    try:
        reader = Reader(model, knowledge, witnesses=False)
    except RuntimeError:
        report.add("disclosure.json", "relations", math.nan, "differencing",
                   "the published counts do not satisfy the relations their definitions imply")
        return
    if not reader.feasible():
        report.add("disclosure.json", "relations", math.nan, "differencing",
                   "the published counts do not satisfy the relations their definitions imply")
        return
    reader.seed(12)
    if not hesa:
        # the most each hidden cell can hold: what a title naming a largest row is checked against
        for cell_id, spots in locations.items():
            if cell_id in knowledge.hidden:
                high = reader.maximum(cell_id)
                for spot in spots:
                    low, old = report.bounds.get(spot, (1.0, math.inf))
                    report.bounds[spot] = (low, min(old, high))
    for expression in model.reader_expressions(knowledge):
        r = reader.range(expression)
        if not r.exposed:
            continue
        value = float(round(r.low)) if r.high - r.low < 0.5 else math.nan
        if expression.cell is not None and expression.cell in place:
            file, row, column = place[expression.cell]
            element = f"row {row} column '{column}'"
        else:
            support = set(expression.row.indices.tolist())
            tables = sorted({name for (name, _row, _col), cell_id in where.items()
                             if support & set(model.cell_row(model.cells[cell_id]).indices.tolist())})
            file, element = "disclosure.json", f"{expression.label} (tables {', '.join(tables)})"
        span = f"exactly {r.low:g}" if r.high - r.low < 0.5 else f"between {r.low:g} and {r.high:g}"
        report.add(file, element, value if value == value else r.low, "differencing",
                   f"the published values and the relations their definitions imply put this count {span} "
                   f"(linear and integer programming)")
