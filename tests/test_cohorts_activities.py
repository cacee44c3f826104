"""Intakes, terms, exits, pooling and Secretariat activities on the five-advisor fixture of test_measures (by hand)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_records
from analysis import measures as ov
from tests.conftest import write_records
from tests.test_measures import ACTIVITIES, ADVISORS, PLACEMENTS, REF


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    return load_records(write_records(tmp_path_factory.mktemp("o") / "r", ADVISORS, PLACEMENTS, ACTIVITIES))


def test_intake_counts(records):
    # B1, B2 in FY2008; B3 FY2009; B4 FY2011; B5 FY2012 (serving, but appointed)
    assert ov.intake_counts(records, reference_date=REF).set_index("intake_fy")["advisors"].to_dict() == {
        "FY2008": 2, "FY2009": 1, "FY2011": 1, "FY2012": 1}
    assert ov.intake_counts(records, reference_date="2011-12-31")["advisors"].sum() == 4


def test_term_length_bands(records):
    # calendar months from term start to the day after term end:
    # B1 2008-04-01..2008-12-31 = 9.0 (band up to 12); B2 2008-10-01..2010-09-30 = 24.0 (up to 24);
    # B3 2009-04-01..2010-03-31 = 12.0 and B4 2011-04-01..2012-03-31 = 12.0 (both up to 12, edge included)
    bands = ov.term_length_bands(records, reference_date=REF).set_index("term_band")["people"]
    assert bands.to_dict() == {6: 0, 12: 3, 18: 0, 24: 1}


def test_exit_reasons(records):
    table = ov.exit_reasons(records, reference_date=REF)
    # every reason listed in the dictionary's order, zeros included (a zero is a count too)
    assert table.values.tolist() == [["completed", 2], ["left_for_post", 2], ["other", 0]]


def test_pool_intakes(records):
    from analysis.measures.outcomes import knowledge_and_in_field_rates

    t = knowledge_and_in_field_rates(records, reference_date=REF, windows=[6], by="intake_fy")
    pooled = ov.pool_intakes(t, counts=["in_field", "known"], rates={"in_field_rate": ("in_field", "known")})
    # FY2008 (B1 in, B2 out) + FY2009 (B3 in) -> FY2005–09: 2 of 3; FY2011 (B4 out) -> FY2010–14: 0 of 1
    assert pooled[["window_months", "cohort", "in_field", "known"]].values.tolist() == [
        [6, "FY2005–09", 2, 3], [6, "FY2010–14", 0, 1]]
    assert pooled["in_field_rate"].tolist() == pytest.approx([2 / 3, 0.0])
    assert ov.intake_group(pd.Series(["FY2005", "FY2009", "FY2010", "FY2026"])).tolist() == [
        "FY2005–09", "FY2005–09", "FY2010–14", "FY2025–29"]


def test_activities_by_type(records):
    t = ov.activities_by_type(records, reference_date=REF).set_index("activity_type")
    assert t.loc["election_observation", "activities"] == 1
    assert t.loc["symposium", "activities"] == 0
    # advisor-years (inclusive days): B1 275, B2 730, B3 365, B4 366 (2012 is a leap year), B5 275 to 2012-12-31
    days = 275 + 730 + 365 + 366 + 275
    assert t["advisor_years"].iloc[0] == pytest.approx(days / 365.25)
    assert t.loc["research", "per_advisor_year"] == pytest.approx(1 / (days / 365.25))
    assert (t["advisors"] == 5).all()
    # doers: advisors with at least one activity of the type (B1 observed in Nepal; nobody held a
    # symposium)
    assert t.loc["election_observation", "doers"] == 1
    assert t.loc["symposium", "doers"] == 0


def test_mission_participation(records):
    m = ov.mission_participation(records, reference_date=REF)
    assert m.values.tolist() == [["election_observation", "NPL", "UNMIN", 1, 1, 2008, 2008]]


def test_advisor_years_flags_the_running_fiscal_year(records):
    years = ov.advisor_years(records, reference_date=REF).set_index("fiscal_year")
    # FY2012 runs to 2013-03-31, after the reference date 2012-12-31: partial; FY2011 ended 2012-03-31
    assert bool(years.loc[2012, "is_partial"]) and not bool(years.loc[2011, "is_partial"])
    # FY2011: B4 serves the whole year (2011-04-01..2012-03-31, 366 days: 2012 is a leap year)
    assert years.loc[2011, "advisor_years"] == pytest.approx(366 / 365.25)


def test_outputs_by_period_pools_five_fiscal_years(records):
    out = ov.outputs_by_period(records, reference_date=REF).set_index("period")
    assert out.index.tolist() == ["FY2005–09", "FY2010–14"]
    # FY2005–09: B1 275 days (FY2008), B2 182 (FY2008) + 365 (FY2009), B3 365 (FY2009) = 1,187 days;
    # three people; activities Z1, Z2 (FY2008) and Z3 (FY2009)
    assert out.loc["FY2005–09", "advisors"] == 3
    assert out.loc["FY2005–09", "advisor_years"] == pytest.approx(1187 / 365.25)
    assert out.loc["FY2005–09", "activities"] == 3
    assert out.loc["FY2005–09", "per_advisor_year"] == pytest.approx(3 / (1187 / 365.25))
    # FY2010–14: B2 183 days (2010-04-01..09-30), B4 366, B5 275 to the reference date 2012-12-31;
    # no activity; the period runs to FY2014, so it is partial on the reference date
    assert out.loc["FY2010–14", "advisors"] == 3
    assert out.loc["FY2010–14", "advisor_years"] == pytest.approx(824 / 365.25)
    assert out.loc["FY2010–14", "activities"] == 0
    assert bool(out.loc["FY2010–14", "is_partial"]) and not bool(out.loc["FY2005–09", "is_partial"])
    # the periods add up to the fiscal years
    assert out["advisor_years"].sum() == pytest.approx(
        ov.advisor_years(records, reference_date=REF)["advisor_years"].sum())


def test_a_period_with_few_serving_joins_the_one_before(records):
    # FY2005–09 has B1, B2, B3 and FY2010–14 has B2, B4, B5: three each. Asking for four people
    # joins FY2010–14 to FY2005–09: five distinct people, 2,011 days, three activities.
    out = ov.outputs_by_period(records, reference_date=REF, min_advisors=4)
    assert out["period"].tolist() == ["FY2005–14"]
    assert out["advisors"].tolist() == [5]
    assert out["advisor_years"].iloc[0] == pytest.approx((1187 + 824) / 365.25)
    assert out["activities"].tolist() == [3]
    assert bool(out["is_partial"].iloc[0])  # runs to FY2014, after the reference date 2012-12-31


def test_group_rules_a_reader_can_apply():
    from analysis.measures.cohorts import group_before_window, group_terms_ended, group_years

    assert group_years("FY2025–29") == (2025, 2029) and group_years("FY2095–04") == (2095, 2104)
    # the last FY2020-24 term starts by 2025-03-31 and ends by 2027-03-30 (24 months less a day);
    # read as starting on an intake day, it starts 2024-10-01 and ends by 2026-09-30
    assert group_terms_ended("FY2020–24", "2027-03-30") and not group_terms_ended("FY2020–24", "2027-03-29")
    assert group_terms_ended("FY2020–24", "2026-09-30", intake_days=True)
    assert not group_terms_ended("FY2020–24", "2026-09-29", intake_days=True)
    # FY2025-29 starts 2025-04-01: nobody is 24 months past a term before 2027-04-01
    assert group_before_window("FY2025–29", 24, "2027-03-31")
    assert not group_before_window("FY2025–29", 24, "2027-04-01")
    assert not group_before_window("FY2025–29", 6, "2026-09-30")


def test_the_running_period_always_joins_the_one_before(records):
    # On 2012-12-31 FY2010–14 is still running: joined to FY2005–09 whatever its size (three
    # people here, enough on their own), so the join says nothing about how many serve now.
    out = ov.outputs_by_period(records, reference_date=REF, join_running=True)
    assert out["period"].tolist() == ["FY2005–14"] and out["advisors"].tolist() == [5]
    # on 2015-06-30 B5 (term with no end) serves into FY2015–19, which is running and joins
    # FY2010–14; FY2005–09 has ended and stands alone
    later = ov.outputs_by_period(records, reference_date="2015-06-30", join_running=True)
    assert later["period"].tolist() == ["FY2005–09", "FY2010–19"]
    assert later["advisors"].tolist() == [3, 3]  # B2, B4, B5 served in FY2010–19
