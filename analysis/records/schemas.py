"""Rules on the text of each cell, generated from the field dictionary.

The rules check the *text* of each cell, before any type is assigned, so that
every problem can be reported with the value exactly as the file holds it. Codes
that come from reference tables (sectors, countries, operations) are passed in.
Each rule is one vectorised test over a whole column (pyarrow kernels through
:mod:`analysis.records.vectorised`); a missing cell is tested only by "a value is
required", as every other rule applies to a value that is there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.i18n import N_
from analysis.records.fields import TABLES, Field
from analysis.records.vectorised import isin, lookup, parse_iso_dates

ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"
INTAKE_PATTERN = r"FY(19|20)[0-9]{2}-H[12]"
DAY_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"  # ASCII digits, as the Arrow path reads them
MONTH_PATTERN = r"[0-9]{4}-[0-9]{2}"
BOOLEAN_TEXT = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}

RULE_MISSING = N_("a value is required")
RULE_DATE = N_("not a valid date: use YYYY-MM-DD (or YYYY-MM for month precision)")
RULE_DUPLICATE_FIRST = N_("duplicate value: must be unique (first on line {first})")


def parse_dates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse ISO dates; returns (dates, month_only flag). Unparseable -> NaT.

    ``YYYY-MM-DD`` is a day; ``YYYY-MM`` is stored as the first of the month and
    flagged ``month_only``.
    """
    fast = parse_iso_dates(text)
    if fast is not None:
        return fast
    text = text.astype("string")
    day = text.str.fullmatch(DAY_PATTERN).fillna(False).astype(bool)
    month = text.str.fullmatch(MONTH_PATTERN).fillna(False).astype(bool)
    dates = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
    if day.any():
        dates[day] = pd.to_datetime(text[day], format="%Y-%m-%d", errors="coerce").astype("datetime64[s]")
    if month.any():
        dates[month] = pd.to_datetime(text[month], format="%Y-%m", errors="coerce").astype("datetime64[s]")
    return dates, month & dates.notna()


@dataclass(frozen=True)
class CellRule:
    """One rule on the text of a cell: a vectorised test and the message of the cells that fail it.

    ``passes`` takes the non-missing text of a column and returns True where the
    value keeps the rule. ``args`` fill the message template.
    """

    template: str
    passes: Callable[[pd.Series], pd.Series]
    args: dict[str, str] = field(default_factory=dict)


def _numbers(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text.astype(object), errors="coerce")


def cell_rules(field: Field, codes: dict[str, list[str]]) -> list[CellRule]:
    """The rules on the text of one field (besides "required" and "unique")."""
    if field.kind == "id":
        return [CellRule(N_("identifier may hold only letters, digits, '-', '_' and '.'"),
                         lambda s: s.str.fullmatch(ID_PATTERN))]
    if field.kind == "intake":
        return [CellRule(N_("intake must look like FY2008-H1 (H1 = April start, H2 = October start)"),
                         lambda s: s.str.fullmatch(INTAKE_PATTERN))]
    if field.kind == "date":
        return []  # dates are parsed once, by the loader, which reports RULE_DATE for those that fail
    if field.kind == "number":
        return [
            CellRule(N_("not a number"), lambda s: _numbers(s).notna()),
            CellRule(N_("must be between 0 and 60"), lambda s: _numbers(s).between(0, 60) | _numbers(s).isna()),
        ]
    if field.kind == "boolean":
        return [CellRule(N_("must be true or false"), lambda s: isin(s.str.lower(), list(BOOLEAN_TEXT)))]
    if field.kind == "code":
        allowed = codes[field.allowed] if isinstance(field.allowed, str) else list(field.allowed or ())
        shown = ", ".join(allowed) if len(allowed) <= 16 else f"see data/reference ({field.allowed})"

        def known(s: pd.Series, allowed: tuple[str, ...] = tuple(allowed)) -> pd.Series:
            return isin(s, allowed)

        if field.allowed == "sectors":
            return [CellRule(N_("unknown sector: must be one of {allowed}"), known, {"allowed": shown})]
        if field.allowed == "countries":
            return [CellRule(N_("unknown country code: use ISO 3166-1 alpha-3 (Kosovo XKX)"), known)]
        if field.allowed == "operations":
            return [CellRule(N_("unknown UN peace operation acronym (see data/reference/un_peace_operations.csv)"),
                             known)]
        return [CellRule(N_("must be one of: {allowed}"), known, {"allowed": shown})]
    return []


def cell_problems(text: pd.DataFrame, table: str, codes: dict[str, list[str]],
                  lines: pd.Series) -> Iterator[tuple[pd.Series, str, str, dict[str, object]]]:
    """Every broken cell rule of one record table, rule by rule.

    Yields ``(mask, column, template, args)``: the rows (aligned with ``text``)
    whose cell in ``column`` breaks the rule ``template.format(**args)``; an
    argument may be a Series (its value on the row is used). ``codes`` maps
    ``"sectors"``, ``"countries"`` and ``"operations"`` to the codes of the
    reference tables; ``lines`` are the spreadsheet line numbers of the rows,
    which the message for a repeated value names (the first line holding it).
    """
    for f in TABLES[table]:
        if f.name not in text:
            continue  # a missing column is reported by the loader with its own message
        column = text[f.name]
        present = column.notna().to_numpy()
        if not f.nullable and not present.all():
            yield pd.Series(~present, index=text.index), f.name, RULE_MISSING, {}
        values = column[present]
        for rule in cell_rules(f, codes):
            passes = rule.passes(values).fillna(False).astype(bool).to_numpy()
            if not passes.all():
                failed = np.zeros(len(column), dtype=bool)
                failed[np.flatnonzero(present)[~passes]] = True
                yield pd.Series(failed, index=text.index), f.name, rule.template, rule.args
        if f.unique and not values.is_unique:
            repeated = values.duplicated(keep="first")
            first = values[~repeated]
            first_line = pd.Series(lines.loc[first.index].astype(str).to_numpy(), index=pd.Index(first.to_numpy()))
            mask = pd.Series(False, index=text.index)
            mask.loc[repeated[repeated].index] = True
            yield mask, f.name, RULE_DUPLICATE_FIRST, {"first": lookup(column, first_line)}
