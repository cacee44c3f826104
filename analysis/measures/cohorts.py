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
from analysis.records.fiscal import fiscal_year_groups
from analysis.records.validation import Records

__all__ = [
    "FIRST_FISCAL_YEAR",
    "POOL_YEARS",
    "TERM_BANDS",
    "exit_reasons",
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
