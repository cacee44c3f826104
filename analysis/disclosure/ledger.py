"""Linked tables: every count published anywhere in one report, protected together.

Protecting each table on its own leaves a hole: a total published in one
place (a headline denominator, a footer's n) minus the cells shown in another
table gives back the cell suppressed there. The ledger is one set of cells
for the whole report. Each count of people is registered under a *key*
naming the population it counts (``("alumni", ())``,
``("in_field", (("cohort", "FY2005–09"), ("window", 24)))``); two tables
publishing the same population share one cell, so they are suppressed
consistently. Builders register the additive relations their tables carry:

* :meth:`Ledger.rate`: a numerator and the people without the outcome add up
  to the denominator (the complement is a virtual cell: never shown, but
  derivable);
* :meth:`Ledger.partition`: rows that split a population add up to it (the
  total is registered as a virtual cell when no table shows it).

:meth:`Ledger.solve` runs the engine (:mod:`analysis.disclosure.engine`)
once over all cells and relations, and :meth:`Ledger.hidden` tells each
table which of its cells are suppressed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis.disclosure.engine import CANDIDATE, KNOWN, VIRTUAL, Line, protect_cells

__all__ = ["Key", "Ledger", "key"]

#: A population key: (measure, sorted tuple of (dimension, value) pairs).
Key = tuple[str, tuple[tuple[str, Hashable], ...]]


def key(measure: str, **dims: Hashable) -> Key:
    """The key of a population: ``key("in_field", window=24, cohort="FY2005–09")``."""
    return measure, tuple(sorted((d, v) for d, v in dims.items() if v is not None))


def label(cell: Key) -> str:
    measure, dims = cell
    return measure + (" (" + ", ".join(f"{d}={v}" for d, v in dims) + ")" if dims else "")


@dataclass
class Ledger:
    """The report's counts of people and the relations between them.

    Parameters
    ----------
    k : int
        Threshold: counts of 1..k-1 people are suppressed.
    """

    k: int
    values: dict[Key, float] = field(default_factory=dict)
    kinds: dict[Key, int] = field(default_factory=dict)
    lines: list[tuple[tuple[Key, ...], Key, str]] = field(default_factory=list)
    _hidden: set[Key] | None = None
    notes: list[str] = field(default_factory=list)
    forced: set[Key] = field(default_factory=set)

    def add(self, cell: Key, value: float, *, published: bool = True, known: bool = False) -> Key:
        """Register a count; the same key registered twice must carry the same value.

        A cell published by any table is a candidate; one that is only derived
        (a complement, an unpublished total) is virtual. ``known`` marks a cell
        a reader knows without it being published, from rules the report states
        (no advisor of a group whose terms have all run out is still serving):
        it is never suppressed and constrains the others.
        """
        value = float(value)
        if cell in self.values and self.values[cell] != value:
            raise ValueError(f"{label(cell)} registered as {self.values[cell]:g} and as {value:g}")
        self.values[cell] = value
        if known:
            self.kinds[cell] = KNOWN
            self._hidden = None
            return cell
        kind = CANDIDATE if published else VIRTUAL
        previous = self.kinds.get(cell, VIRTUAL)
        self.kinds[cell] = previous if previous == KNOWN else min(previous, kind)  # known, then published, wins
        self._hidden = None
        return cell

    def rate(self, numerator: Key, denominator: Key, num: float, den: float) -> None:
        """A published numerator and denominator; their difference is a derived (virtual) count."""
        self.add(numerator, num)
        self.add(denominator, den)
        # The complement is named after the whole denominator (measure and dimensions): the same
        # numerator over two denominators of one measure has two different complements.
        complement = ("not:" + numerator[0], numerator[1] + (("of", label(denominator)),))
        self.add(complement, den - num, published=False)
        self._line((numerator, complement), denominator, f"{label(numerator)} of {label(denominator)}")
        if 1 <= den < self.k:
            # "0 of c" or "c of c" would still tell what the one or two people in the group have in common.
            self.forced.add(numerator)
            self._hidden = None

    def partition(self, members: Sequence[Key], total: Key, values: Sequence[float] | None = None) -> None:
        """The ``members`` split ``total`` completely (registered as virtual when not published)."""
        if values is not None:
            for cell, value in zip(members, values, strict=True):
                self.add(cell, value)
        missing = [m for m in members if m not in self.values]
        if missing:
            raise KeyError(f"register the members first: {[label(m) for m in missing]}")
        member_sum = sum(self.values[m] for m in members)
        if total in self.values:
            if self.values[total] != member_sum:
                raise ValueError(f"{label(total)} is {self.values[total]:g} but its parts add up to {member_sum:g}")
        else:
            self.add(total, member_sum, published=False)
        self._line(tuple(members), total, f"parts of {label(total)}")

    def _line(self, members: tuple[Key, ...], total: Key, text: str) -> None:
        if any(m == members and t == total for m, t, _ in self.lines):
            return  # the same relation registered by two tables
        self.lines.append((members, total, text))
        self._hidden = None

    def solve(self) -> set[Key]:
        """Run primary and secondary suppression over every registered cell; return the hidden keys."""
        cells = list(self.values)
        position = {c: i for i, c in enumerate(cells)}
        values = np.array([self.values[c] for c in cells], dtype=float)
        kinds = np.array([self.kinds[c] for c in cells])
        lines = [Line(np.array([position[m] for m in members]), position[total], text)
                 for members, total, text in self.lines]
        forced = np.array([c in self.forced for c in cells], dtype=bool)
        hidden, notes = protect_cells(values, kinds, lines, [label(c) for c in cells], self.k, forced=forced)
        self.notes = notes
        self._hidden = {c for c, h in zip(cells, hidden, strict=True) if h}
        return set(self._hidden)

    def hidden(self, cells: Iterable[Key]) -> np.ndarray:
        """Suppression flags of ``cells`` (solving first if needed)."""
        if self._hidden is None:
            self.solve()
        assert self._hidden is not None
        return np.array([c in self._hidden for c in cells], dtype=bool)

    def is_shown(self, cell: Key) -> bool:
        """True when ``cell`` is registered, published and not suppressed."""
        return cell in self.values and self.kinds[cell] == CANDIDATE and not bool(self.hidden([cell])[0])
