"""Who the records hold: intakes, term lengths, exit reasons, and pooling intakes into groups.

Each function returns a tidy, unprotected table of counts of people ready for
:mod:`analysis.disclosure`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.measures._common import DateLike, months_between, ts
from analysis.measures.outcomes import alumni
from analysis.measures.status import cohort_columns
from analysis.records.fields import EXIT_REASONS
from analysis.records.fiscal import (
    fiscal_year_end,
    fiscal_year_groups,
    fiscal_year_start,
    intake_start,
)
from analysis.records.validation import MAX_TERM_MONTHS, Records

__all__ = [
    "FIRST_FISCAL_YEAR",
    "POOL_YEARS",
    "TERM_BANDS",
    "exit_reasons",
    "group_before_window",
    "group_terms_ended",
    "group_years",
    "intake_counts",
    "intake_group",
    "pool_intakes",
    "term_length_bands",
]

#: Upper edges of the term-length bands (calendar months; each band excludes its lower edge).
TERM_BANDS = (6, 12, 18, 24)
#: Intakes are pooled into groups of this many fiscal years.
POOL_YEARS = 5
#: First fiscal year of the system (April 2005); groups start from it.
FIRST_FISCAL_YEAR = 2005


def intake_counts(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """Advisors appointed (term started by the reference date) per intake fiscal year: ``intake_fy``, ``advisors``."""
    a = cohort_columns(records.advisors)
    a = a[a["term_start"] <= ts(reference_date)]
    return a.groupby("intake_fy", sort=True).size().rename("advisors").reset_index()


def term_length_bands(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """Alumni by term length in calendar months (term start to the day after term end).

    Bands ``term_band`` are labelled by their upper edge in :data:`TERM_BANDS`
    (``6`` = up to 6 months, ``12`` = over 6 up to 12, ...); every band is
    listed (a zero is a count too). Columns: ``term_band`` (int, months),
    ``people``.
    """
    ended = alumni(records, reference_date)
    months = months_between(ended["term_start"], ended["term_end"] + pd.Timedelta(days=1))
    edges = [0, *TERM_BANDS]
    bands = pd.cut(months, bins=edges, labels=list(TERM_BANDS), include_lowest=True)
    out = bands.value_counts(sort=False).reindex(list(TERM_BANDS), fill_value=0)
    return pd.DataFrame({"term_band": list(TERM_BANDS), "people": out.to_numpy(dtype="int64")})


def exit_reasons(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """Alumni by exit reason, in :data:`~analysis.records.fields.EXIT_REASONS` order: ``exit_reason``, ``people``."""
    ended = alumni(records, reference_date)
    counts = ended["exit_reason"].value_counts().reindex(list(EXIT_REASONS), fill_value=0)
    return pd.DataFrame({"exit_reason": list(EXIT_REASONS), "people": counts.to_numpy(dtype="int64")})


def intake_group(intake_fy: pd.Series, *, years: int = POOL_YEARS, first_year: int = FIRST_FISCAL_YEAR) -> pd.Series:
    """Label of the ``years``-fiscal-year group of each ``FY2008`` label, e.g. ``FY2005–09``."""
    return fiscal_year_groups(intake_fy.str.slice(2, 6).astype(int), width=years, first_year=first_year)


def pool_intakes(
    table: pd.DataFrame,
    *,
    counts: Sequence[str],
    rates: Mapping[str, tuple[str, str]] | None = None,
    years: int = POOL_YEARS,
    first_year: int = FIRST_FISCAL_YEAR,
) -> pd.DataFrame:
    """Sum a by-``intake_fy`` table of counts into pooled groups of ``years`` fiscal years.

    Small cohorts (about five people a year) cannot be published one by one;
    pooling keeps each group above the disclosure threshold more often.
    ``rates`` maps a new rate column to its (numerator, denominator) count
    columns, recomputed from the pooled counts. A ``window_months`` column, if
    present, is kept as a key. Returns ``cohort`` plus the keys and columns.
    """
    keys = [c for c in ("window_months",) if c in table.columns]
    pooled = (table.assign(cohort=intake_group(table["intake_fy"], years=years, first_year=first_year))
              .groupby([*keys, "cohort"], sort=True)[list(counts)].sum().reset_index())
    for name, (numerator, denominator) in (rates or {}).items():
        pooled[name] = (pooled[numerator] / pooled[denominator].where(pooled[denominator] > 0)).astype("Float64")
    return pooled


# --------------------------------------------------------------------------- what a reader knows of a group


def group_years(group: str) -> tuple[int, int]:
    """First and last fiscal year of a group label: ``FY2025–29`` -> (2025, 2029)."""
    first = int(group[2:6])
    last = first - first % 100 + int(group[-2:])
    return first, last if last >= first else last + 100


def group_terms_ended(group: str, reference_date: DateLike, *, intake_days: bool = False) -> bool:
    """True when every possible term of the group has ended on ``reference_date``.

    Terms last at most 24 months and a group's last term starts by 31 March
    after its last fiscal year (the data model), so nobody of ``FY2020–24`` is
    serving from 2027-03-31 on. With ``intake_days`` the reader is taken to
    assume that terms start on the intake days, April 1 and October 1, as the
    report describes recruitment: the last term then starts 2024-10-01 and
    ends by 2026-09-30. A term ending on the reference date has ended.
    """
    last = group_years(group)[1]
    last_start = pd.Timestamp(intake_start(last, 2) if intake_days else fiscal_year_end(last))
    latest_end = last_start + pd.DateOffset(months=MAX_TERM_MONTHS) - pd.Timedelta(days=1)
    return latest_end <= ts(reference_date)


def group_before_window(group: str, window_months: int, reference_date: DateLike) -> bool:
    """True when nobody of the group can be ``window_months`` past their term on ``reference_date``.

    No term of the group ends before its first fiscal year starts, so when
    that day plus the window is after the reference date the group's counts
    at that window are 0, and a reader knows it.
    """
    start = pd.Timestamp(fiscal_year_start(group_years(group)[0]))
    return start + pd.DateOffset(months=window_months) > ts(reference_date)
