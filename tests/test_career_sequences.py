"""Monthly sequences from the records agree with the status rule (same precedence)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_records
from analysis.measures.status import status_on
from analysis.paths import RAW_DIR
from analysis.sequences.careers import build_sequences
from tests.conftest import write_records
from tests.test_measures import ACTIVITIES, ADVISORS, PLACEMENTS, REF


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    return load_records(write_records(tmp_path_factory.mktemp("s") / "r", ADVISORS, PLACEMENTS, ACTIVITIES))


def test_hand_worked_rows(records):
    seqs = build_sequences(records, reference_date=REF)
    # B1: term Apr-Dec 2008 (months 0-8 advisor), UNMIS Jan 2009-Jun 2010 (months 9-26), NGO from Jul 2010
    b1 = seqs.loc["B1"]
    assert b1[0:8].eq("advisor").all() and b1[8] == "advisor"
    assert b1[9:26].eq("un_peace_operation").all() and b1[27] == "ngo"
    # Reference 2012-12-31: the last month observed is Dec 2012 = month 56 for B1 (Apr 2008 + 56)
    assert b1[56] == "ngo" and len(seqs.columns) == 57
    # B2: confirmed 2011-03-31 -> March 2011's 15th is known, April 2011 onwards missing
    b2 = seqs.loc["B2"]  # anchor Oct 2008: Mar 2011 = month 29
    assert b2[29] == "no_post" and b2[30:].isna().all()
    # B3 overlap Sep 2010 - Mar 2011: in-field UNDP wins over JICA (months 17-23 from Apr 2009)
    b3 = seqs.loc["B3"]
    assert b3[16] == "japanese_government" and b3[17:23].eq("un_fund_programme").all() and b3[24] == "japanese_government"
    # B5 is serving: advisor to Dec 2012 (month 8), then nothing (not yet observed)
    assert seqs.loc["B5"][0:8].eq("advisor").all() and seqs.loc["B5"][9:].isna().all()


def test_sequences_agree_with_status_on_default_data():
    recs = load_records(RAW_DIR)
    seqs = build_sequences(recs, reference_date="2026-09-30")
    starts = recs.advisors.set_index("advisor_id")["term_start"]
    for month in (0, 10, 30, 60, 120, 200):
        dates = (starts.dt.to_period("M").dt.to_timestamp() + pd.DateOffset(months=month) + pd.Timedelta(days=14))
        dates = dates.where(dates <= pd.Timestamp("2026-09-30"))
        status = status_on(recs, dates)
        expected = status["state"].mask(status["state"] == "unknown")
        got = seqs[month].reindex(expected.index).astype(object)
        both = pd.DataFrame({"got": got, "expected": expected.astype(object)}).fillna("<NA>")
        assert (both["got"] == both["expected"]).all(), both[both["got"] != both["expected"]].head()


def test_anchor_term_end_horizon_and_coarsen(records):
    seqs = build_sequences(records, reference_date=REF, anchor="term_end", horizon_months=12, coarsen=True)
    assert list(seqs.index) == ["B1", "B2", "B3", "B4"]  # B5 has no term end
    assert seqs.shape == (4, 12)
    # B1 month 0 = Dec 2008 (advisor), month 1 = Jan 2009 UNMIS -> coarse "UN peace operation"
    assert seqs.loc["B1", 0] == "advisor" and seqs.loc["B1", 1] == "UN peace operation"
    assert seqs.loc["B3", 6] == "other UN"  # Sep 2010 UNDP (overlap with JICA)


def test_bad_anchor(records):
    with pytest.raises(ValueError, match="anchor"):
        build_sequences(records, reference_date=REF, anchor="intake")


def test_categorical_fast_path_matches_plain_strings(records):
    from analysis import sequences as st

    seqs = build_sequences(records, reference_date=REF)
    plain = seqs.astype(object).where(seqs.notna(), None)
    assert all(isinstance(d, pd.CategoricalDtype) for d in seqs.dtypes)
    codes_cat, alphabet_cat = st.encode_states(seqs)
    codes_obj, alphabet_obj = st.encode_states(plain)
    assert alphabet_cat == alphabet_obj  # observed states only, sorted
    assert (codes_cat == codes_obj).all()
    pd.testing.assert_frame_equal(st.transition_rates(seqs), st.transition_rates(plain))
