"""What an exhibit is, and how the report's exhibits are computed and protected together.

An *exhibit* is one table the report publishes (and usually draws). It is
defined in two steps:

``compute(study, ledger, shared) -> Draft``
    the unprotected table, and for each count column the ledger key of each
    cell (the population it counts) plus the relations the table carries;
    or, for a table with no relation to the others, its own protection;
``describe(study, table, exhibits) -> dict``
    the reader-facing text (title, n, notes, axis labels), written from the
    *protected* table and the exhibits already described, never from raw
    counts.

:func:`build_exhibits` computes every draft, solves the ledger once (linked
protection across the whole report), applies the solution to each table and
then describes them in order, so a title or a footer's n always quotes a
value the report shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.disclosure.ledger import Key, Ledger
from analysis.disclosure.policy import HESA_MIN_PERCENT_DENOMINATOR, DisclosurePolicy, hesa_round
from analysis.disclosure.protect import Protected
from analysis.errors import DisclosureError
from analysis.measures.intervals import wilson_interval
from analysis.report.study import Study

__all__ = ["Draft", "Exhibit", "Exhibits", "apply_protection", "build_exhibits", "key_text"]


@dataclass
class Draft:
    """An unprotected exhibit table and how to protect it.

    Attributes
    ----------
    frame : DataFrame
        The unprotected table, rows in the order to show.
    keys : dict
        Count column -> ledger key of each row's cell (linked protection).
    rates : dict
        Rate column -> (numerator column, denominator column): hidden with
        either count; recomputed from rounded counts under HESA rounding.
    intervals : dict
        (lower column, upper column) -> (numerator, denominator): 95% Wilson
        limits, hidden with either count, recomputed under HESA rounding.
    protect : callable, optional
        ``protect(policy) -> Protected`` for a table protected on its own
        (no count it publishes adds up with another table's).
    """

    frame: pd.DataFrame
    keys: dict[str, list[Key]] = field(default_factory=dict)
    rates: dict[str, tuple[str, str]] = field(default_factory=dict)
    intervals: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    protect: Callable[[DisclosurePolicy], Protected] | None = None


@dataclass(frozen=True)
class Exhibit:
    """One published table: its name (``NN-words``, also its figure's file name) and two steps."""

    name: str
    compute: Callable[[Study, Ledger, dict], Draft]
    describe: Callable[[Study, Protected, dict[str, Protected]], dict[str, Any]]


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


def apply_protection(draft: Draft, ledger: Ledger, policy: DisclosurePolicy) -> Protected:
    """The protected table of ``draft`` under the ledger's solution (or its own protection)."""
    if draft.protect is not None:
        return draft.protect(policy)
    raw = draft.frame.reset_index(drop=True)
    data = raw.copy()
    mask = pd.DataFrame(False, index=raw.index, columns=raw.columns)
    hidden: dict[str, np.ndarray] = {}
    for column, keys in draft.keys.items():
        values = raw[column].to_numpy(dtype=float)
        if policy.kind == "hesa":
            rounded = hesa_round(values)
            data[column] = pd.array(rounded, dtype="Float64").astype("Int64")
            hidden[column] = np.zeros(len(raw), dtype=bool)
        else:
            hidden[column] = ledger.hidden(keys)
            out = pd.array(values.astype("int64"), dtype="Int64")
            out[hidden[column]] = pd.NA
            data[column] = out
        mask[column] = hidden[column]
    for rate, (num, den) in draft.rates.items():
        hide = hidden[num] | hidden[den]
        values = raw[rate].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        if policy.kind == "hesa":
            rn, rd = data[num].to_numpy(dtype=float), data[den].to_numpy(dtype=float)
            with np.errstate(divide="ignore", invalid="ignore"):
                values = np.round(np.where(rd > 0, rn / rd, np.nan), 2)
            hide = raw[den].to_numpy(dtype=float) < HESA_MIN_PERCENT_DENOMINATOR
        hide = hide & ~np.isnan(raw[rate].astype("Float64").to_numpy(dtype=float, na_value=np.nan))
        out = pd.array(values, dtype="Float64")
        out[hide | np.isnan(values)] = pd.NA
        data[rate] = out
        mask[rate] = hide
    for (lower, upper), (num, den) in draft.intervals.items():
        if policy.kind == "hesa":
            lo, hi = wilson_interval(data[num].to_numpy(dtype=float), data[den].to_numpy(dtype=float))
            hide = raw[den].to_numpy(dtype=float) < HESA_MIN_PERCENT_DENOMINATOR
        else:
            lo = raw[lower].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            hi = raw[upper].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            hide = hidden[num] | hidden[den]
        for column, values in ((lower, np.atleast_1d(lo)), (upper, np.atleast_1d(hi))):
            out = pd.array(values, dtype="Float64")
            out[hide | np.isnan(values)] = pd.NA
            data[column] = out
            mask[column] = hide & ~np.isnan(values)
    return Protected(data=data, suppressed=mask, policy=policy, counts=tuple(draft.keys))


class Exhibits(dict):
    """Name -> protected table, plus the additive relations the ledger protected them under.

    ``relations`` lists ``(members, total)`` pairs of population keys (as text,
    see :func:`key_text`); each linked table's ``meta["keys"]`` gives the key of
    every cell of its count columns, so an auditor can rebuild the relations
    from the published files alone.
    """

    relations: list[tuple[list[str], str]]


def key_text(cell: Key) -> str:
    """A population key as text: ``in_field|cohort=FY2005–09|window=24``."""
    measure, dims = cell
    return "|".join([measure, *(f"{d}={v}" for d, v in dims)])


def build_exhibits(study: Study, exhibits: list[Exhibit]) -> Exhibits:
    """Compute, protect together and describe every exhibit; returns name -> protected table."""
    ledger = Ledger(study.policy.k)
    shared: dict[str, Any] = {}
    drafts = {ex.name: ex.compute(study, ledger, shared) for ex in exhibits}
    if study.policy.kind == "suppress":
        ledger.solve()
        if ledger.notes:
            raise DisclosureError("the report's counts cannot all be protected; nothing was published:\n"
                                  + "\n".join(ledger.notes))
    out = Exhibits()
    out.relations = [([key_text(m) for m in members], key_text(total)) for members, total, _text in ledger.lines]
    for ex in exhibits:
        draft = drafts[ex.name]
        table = apply_protection(draft, ledger, study.policy).named(ex.name)
        if draft.keys:
            table = table.with_meta(keys={column: [key_text(c) for c in cells] for column, cells in draft.keys.items()})
        table = table.with_meta(**ex.describe(study, table, out))
        out[ex.name] = table.emptied() if table.meta.get("publishable") is False else table
    return out
