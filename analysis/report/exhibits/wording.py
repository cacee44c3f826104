"""Small wording helpers shared by the exhibits: quoting protected values in text."""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from analysis.disclosure.protect import Protected
from analysis.i18n import _, fmt_count, fmt_pct

__all__ = ["count_text", "pct_text", "quoted", "row_of"]


def row_of(table: Protected, column: Hashable, value: object) -> int | None:
    """Position of the first row where ``column == value`` (None if absent)."""
    labels = table.labels(column)
    return labels.index(value) if value in labels else None


def quoted(table: Protected, column: Hashable, row: int | None) -> float | None:
    """The shown value of one cell (None when the row is absent or the cell hidden/missing)."""
    if row is None:
        return None
    value = table.values(column)[row]
    return float(value) if np.isfinite(value) else None


def count_text(table: Protected, column: Hashable, row: int | None) -> str:
    """A count as the table shows it: the number, or the marker when suppressed."""
    value = quoted(table, column, row)
    if value is None:
        return table.marker
    return fmt_count(value)


def pct_text(table: Protected, column: Hashable, row: int | None) -> str:
    """A share as the table shows it: ``33%``, or the marker when suppressed."""
    value = quoted(table, column, row)
    return table.marker if value is None else fmt_pct(value)


def n_people(value: float | None, marker: str, noun: str) -> str:
    """``n = 89 alumni`` (the noun already translated), or ``n = c alumni`` when hidden."""
    return _("n = {n} {noun}").format(n=marker if value is None else fmt_count(value), noun=noun)
