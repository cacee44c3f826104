"""Every measure on a hand-made fixture of five advisors; answers worked out by hand.

Reference date 2012-12-31 throughout (unless a test says otherwise).

B1 FY2008-H1, term 2008-04-01..2008-12-31 (left for post), confirmed 2012-12-31
   prior NGO 2005-01-01..2008-03-31 (before the term: never counted after it)
   UNMIS (SDN, in field) 2009-01-01..2010-06-30, P-3
   NGO (free text) 2010-07-01..(in post)
B2 FY2008-H2, term 2008-10-01..2010-09-30 (completed), confirmed 2011-03-31 (lost contact)
   academia (free text) 2010-11-01..2011-02-28
B3 FY2009-H1, term 2009-04-01..2010-03-31 (left for post), confirmed 2012-12-31
   JICA (Japanese government) 2010-04-01..2012-03-31
   UNDP (UN fund, in field)   2010-09-01..2011-03-31   <- overlaps JICA
B4 FY2011-H1, term 2011-04-01..2012-03-31 (completed), confirmed 2012-12-31
   UNMISS (SSD, in field) 2012-10-01..(in post), P-2
B5 FY2012-H1, term from 2012-04-01, still serving, confirmed 2012-12-31
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import load_records
from analysis import measures as m
from analysis.measures.status import status_on
from tests.conftest import write_records

REF = "2012-12-31"
ADVISORS = """advisor_id,intake,term_start,term_end,exit_reason,specialisation,prior_sector,prior_years,history_confirmed_on
B1,FY2008-H1,2008-04-01,2008-12-31,left_for_post,DDR,ngo,3,2012-12-31
B2,FY2008-H2,2008-10-01,2010-09-30,completed,,academia,2,2011-03-31
B3,FY2009-H1,2009-04-01,2010-03-31,left_for_post,,ngo,5,2012-12-31
B4,FY2011-H1,2011-04-01,2012-03-31,completed,,ngo,4,2012-12-31
B5,FY2012-H1,2012-04-01,,,,ngo,4,2012-12-31
"""
PLACEMENTS = """placement_id,advisor_id,organisation,organisation_is_free_text,sector,operation,role_title,role_family,grade,duty_country_iso3,start,end
Q0,B1,Some NGO,true,ngo,,Officer,programme_management,other,JPN,2005-01-01,2008-03-31
Q1,B1,UNMIS,false,,,Civil Affairs Officer,civil_affairs,P-3,SDN,2009-01-01,2010-06-30
Q2,B1,Peace Winds Japan,true,ngo,,Officer,humanitarian,other,JPN,2010-07-01,
Q3,B2,University,true,academia,,Researcher,research,other,JPN,2010-11-01,2011-02-28
Q4,B3,JICA,false,,,Advisor,programme_management,national civil service,JPN,2010-04-01,2012-03-31
Q5,B3,UNDP,false,,,Programme Officer,programme_management,P-3,AFG,2010-09-01,2011-03-31
Q6,B4,UNMISS,false,,,Political Affairs Officer,political_affairs,P-2,SSD,2012-10-01,
"""
ACTIVITIES = """activity_id,advisor_id,activity_type,title,country_iso3,operation,start,end
Z1,B1,election_observation,Nepal,NPL,UNMIN,2008-04-04,2008-04-17
Z2,B1,outreach,Lecture,JPN,,2008-06-01,2008-06-01
Z3,B3,research,Research,JPN,,2009-05-01,2010-03-31
"""


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    return load_records(write_records(tmp_path_factory.mktemp("m") / "r", ADVISORS, PLACEMENTS, ACTIVITIES))


def test_status_rule_overlap_boundaries_unknown(records):
    dates = pd.Series(pd.to_datetime(["2010-09-30", "2011-03-31", "2012-03-31", "2012-09-30", "2012-06-01"]),
                      index=pd.Index(["B3", "B2", "B3", "B4", "B5"], name="advisor_id"))
    # de-duplicate index for the API: one date per advisor per call
    got = [status_on(records, dates.iloc[[i]]).iloc[0] for i in range(len(dates))]
    # B3 on 2010-09-30: JICA and UNDP overlap -> the in-field UNDP wins
    assert (got[0]["state"], got[0]["placement_id"]) == ("un_fund_programme", "Q5")
    # B2 on its confirmation day: known (inclusive), academia ended 2011-02-28 -> no post
    assert (got[1]["state"], bool(got[1]["is_known"])) == ("no_post", True)
    # B3 on 2012-03-31: JICA's last day is covered (inclusive end)
    assert got[2]["state"] == "japanese_government"
    # B4 on 2012-09-30: UNMISS starts the next day -> no post
    assert got[3]["state"] == "no_post"
    # B5 is serving
    assert got[4]["state"] == "advisor"
    after = status_on(records, pd.Series(pd.to_datetime(["2011-04-01"]), index=pd.Index(["B2"], name="advisor_id")))
    assert after.iloc[0]["state"] == "unknown" and not after.iloc[0]["is_known"]


def test_overlap_tie_break_later_start_then_lower_id(tmp_path):
    placements = PLACEMENTS + "Q7,B4,UNDP,false,,,Officer,programme_management,P-3,AFG,2012-11-01,\n"
    recs = load_records(write_records(tmp_path / "r", ADVISORS, placements, ACTIVITIES))
    s = status_on(recs, pd.Series(pd.to_datetime(["2012-12-01"]), index=pd.Index(["B4"], name="advisor_id")))
    # UNMISS (2012-10-01) and UNDP (2012-11-01) both in field: the later start wins
    assert s.iloc[0]["placement_id"] == "Q7"


def test_knowledge_and_in_field_rates(records):
    t = m.knowledge_and_in_field_rates(records, reference_date=REF).set_index("window_months")
    # T=6: B1 UNMIS (in), B2 no post on 2011-03-31 (known), B3 overlap -> UNDP (in), B4 no post -> 2/4 known 4/4
    assert t.loc[6, ["alumni", "window_open", "eligible", "known", "in_field"]].tolist() == [4, 0, 4, 4, 2]
    assert t.loc[6, "knowledge_rate"] == 1.0 and t.loc[6, "in_field_rate"] == 0.5
    # T=15: B4's window (2013-06-30) not closed; B2 unknown (2011-12-31 > 2011-03-31); B1 in, B3 JICA
    assert t.loc[15, ["alumni", "window_open", "eligible", "known", "in_field"]].tolist() == [4, 1, 3, 2, 1]
    assert t.loc[15, "knowledge_rate"] == pytest.approx(2 / 3) and t.loc[15, "in_field_rate"] == 0.5
    # T=24: B1 NGO (known, out), B2 unknown, B3 JICA on its last day 2012-03-31 (known, out)
    assert t.loc[24, ["eligible", "known", "in_field"]].tolist() == [3, 2, 0]
    assert (t["reference_date"] == REF).all()


def test_rates_by_cohort(records):
    t = m.knowledge_and_in_field_rates(records, reference_date=REF, windows=[6], by="intake_fy").set_index("intake_fy")
    # FY2008: B1 (in) and B2 (out); FY2009: B3 (in); FY2011: B4 (out); B5 serving is not an alumnus
    assert t["alumni"].to_dict() == {"FY2008": 2, "FY2009": 1, "FY2011": 1}
    assert t["in_field"].to_dict() == {"FY2008": 1, "FY2009": 1, "FY2011": 0}


def test_ever_in_field(records):
    e = m.ever_in_field(records, reference_date=REF).iloc[0]
    # B1 UNMIS, B3 UNDP, B4 UNMISS (started 2012-10-01 <= ref); B2 academia only. B1's prior NGO not counted.
    assert (e["alumni"], e["ever_in_field"], e["confirmed_last_12_months"]) == (4, 3, 3)
    assert e["ever_in_field_rate"] == 0.75 and e["knowledge_rate"] == 0.75
    # As of 2011-12-31: B4 not yet an alumnus -> B1, B3 of 3
    then = m.ever_in_field(records, reference_date="2011-12-31").iloc[0]
    assert (then["alumni"], then["ever_in_field"]) == (3, 2)


def test_currently_in_field(records):
    c = m.currently_in_field(records, reference_date=REF).iloc[0]
    # confirmed since 2011-12-31: B1 (NGO now), B3 (no post), B4 (UNMISS) -> 1 of 3; knowledge 3 of 4
    assert (c["alumni"], c["confirmed"], c["in_field"]) == (4, 3, 1)
    assert c["in_field_rate"] == pytest.approx(1 / 3) and c["knowledge_rate"] == 0.75


def test_time_to_first_in_field_and_km(records):
    d = m.time_to_first_in_field(records, reference_date=REF)
    # Calendar months from time 0 = the day after the term ended.
    # B1: term ends 2008-12-31, UNMIS from 2009-01-01 -> 0 months (event at time 0)
    # B2: censored, known through 2011-03-31 -> followed to 2011-04-01: 2010-10-01 + 6 months = 6.0
    # B3: term ends 2010-03-31, UNDP from 2010-09-01 -> 5.0; B4: term ends 2012-03-31, UNMISS 2012-10-01 -> 6.0
    assert d.loc["B1", "duration_months"] == 0 and d.loc["B1", "event"]
    assert d.loc["B2", "duration_months"] == pytest.approx(6.0) and not d.loc["B2", "event"]
    assert d.loc["B3", "duration_months"] == pytest.approx(5.0) and d.loc["B3", "event"]
    assert d.loc["B4", "duration_months"] == pytest.approx(6.0) and d.loc["B4", "event"]
    km = m.kaplan_meier(d)
    # S: 1 -> 3/4 at 0 (4 at risk) -> 3/4*2/3 = 1/2 at 5 (3 at risk) -> at 6: B2 censored and B4's event
    # tie; statsmodels counts the censored as at risk at that time (2 at risk) -> 1/2 * 1/2 = 1/4
    assert km["time_months"].tolist() == [0.0, 0.0, 5.0, 6.0]
    assert km["survival"].tolist() == pytest.approx([1.0, 0.75, 0.5, 0.25])
    assert km["at_risk"].tolist() == [4, 4, 3, 2]
    assert km["censored"].tolist() == [0, 0, 0, 1]
    assert m.km_median(km) == pytest.approx(5.0)
    assert m.km_value_at(km, 5.5) == pytest.approx(0.5) and m.km_value_at(km, 4.9) == pytest.approx(0.75)
    assert math.isnan(m.km_value_at(km, 6.5))  # the curve stops at the last follow-up (6 months)
    # Greenwood at t1: var = 0.75^2 * 1/(4*3) -> se 0.216506; log-log band:
    # theta = se / (S |ln S|) = 0.216506 / (0.75 * 0.287682) = 1.003452;
    # lower = 0.75^exp(1.959964*theta) = 0.75^7.1473 = 0.127947; upper = 0.75^exp(-1.959964*theta) = 0.960549
    assert km.loc[1, "ci_lower"] == pytest.approx(0.127947, abs=1e-5)
    assert km.loc[1, "ci_upper"] == pytest.approx(0.960549, abs=1e-5)


def test_retention_in_field(records):
    r = m.retention_in_field(records, reference_date=REF)
    # B1: UNMIS 2009-01-01..2010-06-30, then an NGO -> left after 18.0 months (to 2010-07-01)
    # B3: UNDP 2010-09-01..2011-03-31 -> 7.0 months, left; B4: UNMISS from 2012-10-01, still in post when
    # last confirmed (2012-12-31) -> censored after 3.0 months
    assert r.loc["B1", "duration_months"] == pytest.approx(18.0) and r.loc["B1", "event"]
    assert r.loc["B3", "duration_months"] == pytest.approx(7.0) and r.loc["B3", "event"]
    assert r.loc["B4", "duration_months"] == pytest.approx(3.0) and not r.loc["B4", "event"]


def test_retention_merges_short_gaps(tmp_path):
    # B4 gets a second in-field post after a 2-month gap: merged into one spell (gap <= 3 months)
    advisors = ADVISORS.replace("B4,FY2011-H1,2011-04-01,2012-03-31,completed,,ngo,4,2012-12-31",
                                "B4,FY2011-H1,2011-04-01,2011-09-30,left_for_post,,ngo,4,2012-12-31")
    placements = PLACEMENTS.replace("SSD,2012-10-01,", "SSD,2011-10-01,2012-02-29") + \
        "Q8,B4,UNDP,false,,,Officer,programme_management,P-3,AFG,2012-05-01,2012-08-31\n"
    recs = load_records(write_records(tmp_path / "r", advisors, placements, ACTIVITIES))
    r = m.retention_in_field(recs, reference_date=REF)
    # spell 2011-10-01..2012-08-31 = 11 calendar months, then no post -> event
    assert r.loc["B4", "duration_months"] == pytest.approx(11.0) and r.loc["B4", "event"]
    # with a gap of at most 1 month the two posts are two spells: the first lasts 5 months
    short = m.retention_in_field(recs, reference_date=REF, max_gap_months=1)
    assert short.loc["B4", "duration_months"] == pytest.approx(5.0)


def test_after_the_term_has_one_meaning(tmp_path):
    """A post held after the term counts (from time 0 when begun during it); one wholly inside does not."""
    # B4 (term 2011-04-01..2012-03-31) gets UNDP 2011-10-01..2012-06-30: begun during the term, running past
    # its end -> an outcome from the day after the term (time 0). B2 (term 2008-10-01..2010-09-30) gets
    # UNICEF 2009-01-01..2009-06-30, wholly inside the term -> never an outcome.
    placements = PLACEMENTS + (
        "Q7,B4,UNDP,false,,,Officer,programme_management,P-3,AFG,2011-10-01,2012-06-30\n"
        "Q8,B2,UNICEF,false,,,Officer,programme_management,P-3,AFG,2009-01-01,2009-06-30\n")
    recs = load_records(write_records(tmp_path / "r", ADVISORS, placements, ACTIVITIES))
    ever = m.ever_in_field(recs, reference_date=REF).iloc[0]
    assert (ever["alumni"], ever["ever_in_field"]) == (4, 3)  # B1, B3, B4 - not B2
    first = m.time_to_first_in_field(recs, reference_date=REF)
    assert first.loc["B4", "duration_months"] == 0 and first.loc["B4", "event"]
    assert not first.loc["B2", "event"]
    # the status rule agrees: on the day after B4's term, B4 is in the field
    status = status_on(recs, pd.Series(pd.to_datetime(["2012-04-01"]), index=pd.Index(["B4"], name="advisor_id")))
    assert status.iloc[0]["state"] == "un_fund_programme"
    # retention starts at time 0 too: UNDP to 2012-06-30, then UNMISS from 2012-10-01 (gap 3 months: merged)
    # -> one spell 2012-04-01..2012-12-31 (censored): 9 months
    retention = m.retention_in_field(recs, reference_date=REF)
    assert retention.loc["B4", "duration_months"] == pytest.approx(9.0) and not retention.loc["B4", "event"]
    # destinations count the post running through term end, not the one inside the term
    mix = m.destination_mix(recs, reference_date=REF, level="organisation").set_index("organisation")
    assert "UNDP" in mix.index and "UNICEF" not in mix.index
    # and the sequences: B2's month 3 (January 2009) is 'advisor', B4's month 12 (April 2012) is the UN fund
    from analysis.sequences.careers import build_sequences

    seqs = build_sequences(recs, reference_date=REF, horizon_months=24)
    assert seqs.loc["B2", 3] == "advisor"
    assert seqs.loc["B4", 12] == "un_fund_programme"


def test_fostering_summary(records):
    summary = m.fostering_summary(records, reference_date=REF).set_index("measure")
    # ever: 3 of 4 alumni (B1, B3, B4); confirmed in the 12 months before 2012-12-31: B1, B3, B4
    assert summary.loc["ever_in_field", ["people", "of", "known", "known_of"]].tolist() == [3, 4, 3, 4]
    # 2013-05-31 comes after the reference date here: the same 4 alumni, 3 in the field
    assert summary.loc["ever_in_field_2013", ["people", "of"]].tolist() == [3, 4]
    # currently: B4 in UNMISS on 2012-12-31 of the 3 confirmed -> 1 of 3
    assert summary.loc["currently_in_field", ["people", "of", "known", "known_of"]].tolist() == [1, 3, 3, 4]
    assert summary.loc["currently_in_field", "rate"] == pytest.approx(1 / 3)


def test_months_between_and_add_months():
    from analysis.measures._common import add_months, months_between

    start = pd.Series(pd.to_datetime(["2008-01-31", "2010-10-01", "2012-02-29"]))
    # month ends clip: Jan 31 + 1 month = Feb 29 (2008 is a leap year)
    assert add_months(start, 1).tolist() == [pd.Timestamp("2008-02-29"), pd.Timestamp("2010-11-01"),
                                             pd.Timestamp("2012-03-29")]
    # whole months, then the elapsed share of the next month: 2010-10-01 -> 2011-03-31 is 5 months + 30/31
    end = pd.Series(pd.to_datetime(["2010-01-31", "2011-03-31", "2013-02-28"]))
    got = months_between(start, end).tolist()
    assert got == pytest.approx([24.0, 5 + 30 / 31, 12.0])


def test_destination_mix(records):
    mix = m.destination_mix(records, reference_date=REF, level="sector").set_index("sector")
    assert mix.loc["un_peace_operation", ["placements", "people"]].tolist() == [2, 2]
    assert mix.loc["ngo", ["placements", "people"]].tolist() == [1, 1]  # B1's prior NGO post excluded
    assert mix["placements"].sum() == 6
    kinds = m.destination_mix(records, reference_date=REF, level="mission_kind").set_index("mission_kind")["people"]
    # UNMIS and UNMISS are peacekeeping (DPO); UNDP is an agency
    assert kinds.to_dict() == {"peacekeeping": 2, "other": 3, "agency": 1}


def test_first_latest_and_flows(records):
    posts = m.first_and_latest_posts(records, reference_date=REF).set_index("advisor_id")
    assert posts.loc["B1", ["first_sector", "latest_sector"]].tolist() == ["un_peace_operation", "ngo"]
    assert posts.loc["B3", ["first_sector", "latest_sector"]].tolist() == ["japanese_government", "un_fund_programme"]
    flows = m.sector_flows(records, reference_date=REF)
    assert flows.loc["un_peace_operation", "ngo"] == 1
    assert flows.loc["un_peace_operation", "un_peace_operation"] == 1  # B4
    assert int(flows.to_numpy().sum()) == 4


def test_grade_progression(tmp_path):
    # B1: P-3 then P-4 at UNDP (up one step); B4: single post P-2 (same); B3 first post JICA (national civil
    # service, not on the ladder) -> excluded.
    placements = PLACEMENTS.replace("Q2,B1,Peace Winds Japan,true,ngo,,Officer,humanitarian,other,JPN",
                                    "Q2,B1,UNDP,false,,,Officer,humanitarian,P-4,AFG")
    recs = load_records(write_records(tmp_path / "r", ADVISORS, placements, ACTIVITIES))
    g = m.grade_progression(recs, reference_date=REF, by=None).iloc[0]
    assert (g["people"], g["moved_up"], g["same"], g["moved_down"]) == (2, 1, 1, 0)
    assert g["mean_steps"] == 0.5


def test_secretariat_outputs(records):
    out = m.secretariat_outputs(records, reference_date=REF, by_type=False).set_index("fiscal_year")
    # FY2008: B1 275 days + B2 182 days = 457 / 365.25; two activities
    assert out.loc[2008, "advisor_years"] == pytest.approx(457 / 365.25)
    assert out.loc[2008, "activities"] == 2
    assert out.loc[2008, "per_advisor_year"] == pytest.approx(2 / (457 / 365.25))
    # FY2009: B2 and B3 serve the whole year (365 days each); one activity
    assert out.loc[2009, "advisor_years"] == pytest.approx(730 / 365.25)
    assert out.loc[2009, "advisors"] == 2
    typed = m.secretariat_outputs(records, reference_date=REF).set_index(["fiscal_year", "activity_type"])
    assert typed.loc[(2008, "election_observation"), "activities"] == 1
    assert typed.loc[(2008, "symposium"), "activities"] == 0


def test_headline_table_numbers(records):
    h = m.headline_table(records, reference_date=REF).set_index("measure")
    # windows as in test_knowledge_and_in_field_rates; knowledge numerator/denominator = known / eligible
    assert h.loc["in_field_6", ["numerator", "denominator", "knowledge_numerator", "knowledge_denominator"]].tolist() \
        == [2, 4, 4, 4]
    assert h.loc["in_field_15", ["numerator", "denominator", "knowledge_denominator"]].tolist() == [1, 2, 3]
    assert h.loc["ever_in_field", ["numerator", "denominator", "rate"]].tolist() == [3, 4, 0.75]
    assert h.loc["currently_in_field", ["numerator", "denominator"]].tolist() == [1, 3]
    # alumni / appointed: 4 of 5 (B5 still serving)
    assert h.loc["alumni", ["numerator", "denominator"]].tolist() == [4, 5]
    assert h.loc["ever_in_field_2013", "reference_date"] == "2013-05-31"
    assert h.loc["ever_in_field_2013", "comparable_to"] == "ever_in_field_2013"
    assert set(h["reference_date"]) == {REF, "2013-05-31"}
