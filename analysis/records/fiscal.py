"""Japanese fiscal years (April to March) and intake halves: every calculation in one place.

FY2008 runs from 2008-04-01 to 2009-03-31. An intake is a fiscal year and a
half: ``FY2008-H1`` starts in April-September (April intake), ``FY2008-H2`` in
October-March (October intake).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

#: First month of the fiscal year (April).
FISCAL_YEAR_START_MONTH = 4
#: First month of the second half of the fiscal year (October).
SECOND_HALF_START_MONTH = 10


def fiscal_year(dates: pd.Series) -> pd.Series:
    """Fiscal year of each date as an integer (``Int64``; FY2008 = 2008); missing stays missing.

    Examples
    --------
    >>> fiscal_year(pd.Series(pd.to_datetime(["2008-03-31", "2008-04-01"]))).tolist()
    [2007, 2008]
    """
    return (dates.dt.year - (dates.dt.month < FISCAL_YEAR_START_MONTH).astype(int)).astype("Int64")


def fiscal_year_of(day: dt.date) -> int:
    """Fiscal year of one date (``2009-03-31`` -> 2008)."""
    return day.year - (day.month < FISCAL_YEAR_START_MONTH)


def intake_of(dates: pd.Series) -> pd.Series:
    """Intake label (``FY2008-H1``) of each date; missing stays missing.

    H1 for April-September, H2 for October-March (so 2009-02-01 is ``FY2008-H2``).
    """
    month = dates.dt.month
    half = np.where((month >= FISCAL_YEAR_START_MONTH) & (month < SECOND_HALF_START_MONTH), "H1", "H2")
    text = "FY" + fiscal_year(dates).astype("string") + "-" + pd.Series(half, index=dates.index)
    return text.where(dates.notna())


def intake_fiscal_year(intake: pd.Series) -> pd.Series:
    """The fiscal-year part of intake labels: ``FY2008-H1`` -> ``FY2008``."""
    return intake.str.slice(0, 6)


def intake_half(intake: pd.Series) -> pd.Series:
    """The half part of intake labels: ``FY2008-H1`` -> ``H1``."""
    return intake.str.slice(7, 9)


def fiscal_year_start(year: int) -> dt.date:
    """First day of fiscal year ``year`` (April 1)."""
    return dt.date(year, FISCAL_YEAR_START_MONTH, 1)


def fiscal_year_end(year: int) -> dt.date:
    """Last day of fiscal year ``year`` (March 31 of the next calendar year)."""
    return dt.date(year + 1, FISCAL_YEAR_START_MONTH, 1) - dt.timedelta(days=1)


def intake_start(year: int, half: int) -> dt.date:
    """First day of an intake: April 1 (half 1) or October 1 (half 2) of fiscal year ``year``."""
    if half not in (1, 2):
        raise ValueError("half must be 1 or 2")
    return dt.date(year, FISCAL_YEAR_START_MONTH if half == 1 else SECOND_HALF_START_MONTH, 1)


def fiscal_year_groups(years: pd.Series, *, width: int, first_year: int) -> pd.Series:
    """Label of the ``width``-year group of each fiscal year (int): ``FY2005–09`` for width 5 from 2005."""
    first = years - (years - first_year) % width
    return "FY" + first.astype(str) + "–" + (first + width - 1).astype(str).str.slice(2, 4)


def is_partial_fiscal_year(year: int, reference_date: dt.date | pd.Timestamp) -> bool:
    """True when fiscal year ``year`` has not ended on the reference date (it is still running)."""
    return pd.Timestamp(fiscal_year_end(year)) > pd.Timestamp(reference_date)
