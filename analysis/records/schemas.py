"""pandera schemas generated from the field dictionary.

The schemas check the *text* of each cell, before any type is assigned, so that
every problem can be reported with the value exactly as the file holds it. Codes
that come from reference tables (sectors, countries, operations) are passed in.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from analysis.i18n import N_
from analysis.records.fields import TABLES, Field
from analysis.records.vectorised import isin, parse_iso_dates

ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"
INTAKE_PATTERN = r"FY(19|20)\d{2}-H[12]"
DAY_PATTERN = r"\d{4}-\d{2}-\d{2}"
MONTH_PATTERN = r"\d{4}-\d{2}"
BOOLEAN_TEXT = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}

RULE_MISSING = N_("a value is required")
RULE_DATE = N_("not a valid date: use YYYY-MM-DD (or YYYY-MM for month precision)")
RULE_DUPLICATE = N_("duplicate value: must be unique")
RULE_DUPLICATE_FIRST = N_("duplicate value: must be unique (first on line {first})")
#: Rules that name the allowed values: (English prefix, template). pandera reports a check by
#: its error text, so the values are read back from it.
_LISTED_RULES = (
    ("unknown sector: must be one of ", N_("unknown sector: must be one of {allowed}")),
    ("must be one of: ", N_("must be one of: {allowed}")),
)


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


def _number_ok(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text.astype(object), errors="coerce").notna()


def _checks(field: Field, codes: dict[str, list[str]]) -> list[pa.Check]:
    if field.kind == "id":
        return [pa.Check.str_matches(f"^{ID_PATTERN}$", error=N_("identifier may hold only letters, digits, '-', '_' and '.'"))]
    if field.kind == "intake":
        return [pa.Check.str_matches(f"^{INTAKE_PATTERN}$", error=N_("intake must look like FY2008-H1 (H1 = April start, H2 = October start)"))]
    if field.kind == "date":
        return []  # dates are parsed once, by the loader, which reports RULE_DATE for those that fail
    if field.kind == "number":
        return [
            pa.Check(_number_ok, error=N_("not a number")),
            pa.Check(
                lambda s: pd.to_numeric(s.astype(object), errors="coerce").between(0, 60) | ~_number_ok(s),
                error=N_("must be between 0 and 60"),
            ),
        ]
    if field.kind == "boolean":
        return [pa.Check(lambda s: isin(s.str.lower(), list(BOOLEAN_TEXT)), error=N_("must be true or false"))]
    if field.kind == "code":
        allowed = codes[field.allowed] if isinstance(field.allowed, str) else list(field.allowed or ())
        shown = ", ".join(allowed) if len(allowed) <= 16 else f"see data/reference ({field.allowed})"
        if isinstance(field.allowed, str):
            rule = {
                "countries": N_("unknown country code: use ISO 3166-1 alpha-3 (Kosovo XKX)"),
                "operations": N_("unknown UN peace operation acronym (see data/reference/un_peace_operations.csv)"),
                "sectors": f"unknown sector: must be one of {shown}",
            }[field.allowed]
        else:
            rule = f"must be one of: {shown}"
        return [pa.Check(lambda s, allowed=tuple(allowed): isin(s, allowed), error=rule)]
    return []


def record_schema(table: str, codes: dict[str, list[str]]) -> pa.DataFrameSchema:
    """Schema for the text of one record table.

    ``codes`` maps ``"sectors"``, ``"countries"`` and ``"operations"`` to the
    codes of the reference tables.
    """
    columns = {
        f.name: pa.Column(
            "string",
            nullable=f.nullable,
            unique=f.unique,
            required=False,  # missing columns are reported by the loader with their own message
            checks=_checks(f, codes),
            coerce=False,
        )
        for f in TABLES[table]
    }
    return pa.DataFrameSchema(columns, strict=False, name=table)


def rule_text(check: str) -> tuple[str, dict[str, str]]:
    """Plain-language rule for a pandera check name: (message template, its arguments)."""
    named = {"not_nullable": RULE_MISSING, "field_uniqueness": RULE_DUPLICATE}
    if check in named:
        return named[check], {}
    text = re.sub(r"\s+", " ", check)
    for prefix, template in _LISTED_RULES:
        if text.startswith(prefix):
            return template, {"allowed": text[len(prefix):]}
    return text, {}
