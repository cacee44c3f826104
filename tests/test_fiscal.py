"""Japanese fiscal years (1 April - 31 March) and intake halves, worked out by hand.

FY2008 runs from 2008-04-01 to 2009-03-31. Its first half (H1, the April intake)
covers April-September 2008, its second half (H2, the October intake)
October 2008 - March 2009. The boundary days are 31 March / 1 April (fiscal
year) and 30 September / 1 October (half).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.records.fiscal import (
    fiscal_year,
    fiscal_year_end,
    fiscal_year_groups,
    fiscal_year_of,
    fiscal_year_start,
    intake_fiscal_year,
    intake_half,
    intake_of,
    intake_start,
    is_partial_fiscal_year,
)


def _dates(*text: str | None) -> pd.Series:
    return pd.Series(pd.to_datetime(list(text)))


# ------------------------------------------------------------------ fiscal_year


def test_fiscal_year_on_the_31_march_1_april_boundary():
    got = fiscal_year(_dates("2008-03-31", "2008-04-01", "2009-03-31", "2009-04-01"))
    # 31 March belongs to the fiscal year that began the previous April;
    # 1 April opens a new one.
    assert got.tolist() == [2007, 2008, 2008, 2009]
    assert str(got.dtype) == "Int64"


def test_fiscal_year_inside_the_year():
    # 31 December 2008 and 1 January 2009 are both in FY2008 (April 2008 - March 2009):
    # the calendar year changes, the fiscal year does not.
    got = fiscal_year(_dates("2008-12-31", "2009-01-01", "2008-09-30", "2008-10-01"))
    assert got.tolist() == [2008, 2008, 2008, 2008]


def test_fiscal_year_keeps_missing_dates_missing():
    got = fiscal_year(_dates("2010-05-01", None))
    assert got.iloc[0] == 2010
    assert got.isna().tolist() == [False, True]


def test_fiscal_year_of_one_date():
    assert fiscal_year_of(dt.date(2009, 3, 31)) == 2008
    assert fiscal_year_of(dt.date(2009, 4, 1)) == 2009
    # The system began in April 2005: FY2005.
    assert fiscal_year_of(dt.date(2005, 4, 1)) == 2005
    assert fiscal_year_of(dt.date(2006, 1, 15)) == 2005


# ------------------------------------------------------------------ intake_of


def test_intake_on_the_30_september_1_october_boundary():
    got = intake_of(_dates("2008-04-01", "2008-09-30", "2008-10-01", "2009-02-01", "2009-03-31", "2009-04-01"))
    # April-September: H1 of the fiscal year; October-March: H2 of the same fiscal
    # year (so February 2009 is FY2008-H2, not FY2009); 1 April 2009 opens FY2009-H1.
    assert got.tolist() == ["FY2008-H1", "FY2008-H1", "FY2008-H2", "FY2008-H2", "FY2008-H2", "FY2009-H1"]


def test_intake_of_late_starters():
    # Published profile cao-profile-09 began in April 2008, "FY2008 first half";
    # cao-profile-10 began in October 2008, "FY2008 second half". A start in
    # June (two months late) is still the April intake, one in December the October one.
    got = intake_of(_dates("2008-06-01", "2008-12-01"))
    assert got.tolist() == ["FY2008-H1", "FY2008-H2"]


def test_intake_of_missing_date_is_missing():
    got = intake_of(_dates(None, "2005-04-01"))
    assert pd.isna(got.iloc[0])
    assert got.iloc[1] == "FY2005-H1"


def test_intake_parts():
    labels = pd.Series(["FY2008-H1", "FY2012-H2"])
    assert intake_fiscal_year(labels).tolist() == ["FY2008", "FY2012"]
    assert intake_half(labels).tolist() == ["H1", "H2"]


# ------------------------------------------------------------------ first and last days


def test_intake_start():
    assert intake_start(2008, 1) == dt.date(2008, 4, 1)
    assert intake_start(2008, 2) == dt.date(2008, 10, 1)
    # The H2 intake of FY2024 starts in calendar 2024, not 2025.
    assert intake_start(2024, 2) == dt.date(2024, 10, 1)


@pytest.mark.parametrize("half", [0, 3])
def test_intake_start_refuses_a_third_half(half):
    with pytest.raises(ValueError, match="half must be 1 or 2"):
        intake_start(2008, half)


def test_fiscal_year_start_and_end():
    assert fiscal_year_start(2008) == dt.date(2008, 4, 1)
    # FY2008 ends on 31 March of the *next* calendar year.
    assert fiscal_year_end(2008) == dt.date(2009, 3, 31)
    # FY2011 ends on 31 March 2012 (a leap year changes February, not March).
    assert fiscal_year_end(2011) == dt.date(2012, 3, 31)
    # The end of one fiscal year is the day before the start of the next.
    assert fiscal_year_end(2012) + dt.timedelta(days=1) == fiscal_year_start(2013)


# ------------------------------------------------------------------ groups


def test_fiscal_year_groups_of_five_from_2005():
    years = pd.Series([2005, 2009, 2010, 2014, 2015, 2024])
    got = fiscal_year_groups(years, width=5, first_year=2005)
    # 2005-2009 | 2010-2014 | 2015-2019 | 2020-2024; the label ends with the two-digit last year.
    assert got.tolist() == ["FY2005–09", "FY2005–09", "FY2010–14", "FY2010–14", "FY2015–19", "FY2020–24"]


def test_fiscal_year_groups_stay_aligned_before_the_first_year():
    # Width 3 from 2005: groups ... 2002-04 | 2005-07 | 2008-10 ...; 2004 falls in 2002-04
    # ((2004 - 2005) mod 3 = 2, so the group starts at 2004 - 2 = 2002).
    got = fiscal_year_groups(pd.Series([2004, 2005, 2007, 2008]), width=3, first_year=2005)
    assert got.tolist() == ["FY2002–04", "FY2005–07", "FY2005–07", "FY2008–10"]


# ------------------------------------------------------------------ partial years


def test_partial_fiscal_year_boundaries():
    # FY2024 ends on 2025-03-31: on that day it is complete, the day before it is not.
    assert is_partial_fiscal_year(2024, dt.date(2025, 3, 31)) is False
    assert is_partial_fiscal_year(2024, dt.date(2025, 3, 30)) is True
    # FY2025 began on 2025-04-01: on its first day it is partial.
    assert is_partial_fiscal_year(2025, dt.date(2025, 4, 1)) is True
    # An older year is complete; a Timestamp works like a date.
    assert is_partial_fiscal_year(2012, pd.Timestamp("2013-05-31")) is False
    # The 2013 figure (31 May 2013) falls in FY2013, which was then still running.
    assert is_partial_fiscal_year(2013, pd.Timestamp("2013-05-31")) is True
