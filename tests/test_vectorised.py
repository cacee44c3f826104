"""analysis.records.vectorised: the pyarrow spellings give the pandas answers, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.records.vectorised import isin, lookup, parse_iso_dates, side_by_side


def text(values):
    return pd.Series(values, dtype="string[pyarrow]", index=range(10, 10 + len(values)))


def test_isin_missing_is_false_and_index_kept():
    s = text(["UNMISS", None, "unmiss", "UNPOS"])
    out = isin(s, ["UNMISS", "UNPOS", 3])  # the number is not a code: ignored
    assert out.tolist() == [True, False, False, True]  # case matters, as in pandas
    assert out.index.tolist() == [10, 11, 12, 13]
    assert out.tolist() == s.isin(["UNMISS", "UNPOS"]).fillna(False).tolist()


def test_isin_on_object_columns_falls_back_to_pandas():
    s = pd.Series(["a", "b", None], dtype=object)
    assert isin(s, ["b"]).tolist() == [False, True, False]


def test_lookup_like_map():
    table = pd.Series(pd.to_datetime(["2005-03-24", "1995-04-15"]).astype("datetime64[s]"), index=["UNMIS", "UNPOS"])
    keys = text(["UNPOS", "UNMIS", None, "UNKNOWN", "UNPOS"])
    out = lookup(keys, table)
    assert out.dtype == table.dtype
    assert out.index.tolist() == keys.index.tolist()
    assert out.tolist()[:2] == [pd.Timestamp("1995-04-15"), pd.Timestamp("2005-03-24")]
    assert out.isna().tolist() == [False, False, True, True, False]
    pd.testing.assert_series_equal(out, keys.astype(object).map(table).astype(table.dtype), check_names=False)


def test_lookup_of_text_values():
    sectors = pd.Series(["un_peace_operation", "ngo"], index=["UNPOS", "JPF"], dtype="string")
    assert lookup(text(["JPF", "X"]), sectors).tolist() == ["ngo", pd.NA]


def test_lookup_with_an_arrow_index():
    # Advisor tables are indexed by pyarrow-backed ids: the keys are read as Arrow, same answer.
    terms = pd.Series([24, 12], index=pd.Index(["A-002", "A-001"], dtype="string[pyarrow]"))
    out = lookup(text(["A-001", "A-003", "A-002", None]), terms)
    assert out.tolist()[0] == 12 and out.tolist()[2] == 24
    assert out.isna().tolist() == [False, True, False, True]


def test_dates_days_months_and_impossible_days():
    s = text(["2011-06-30", "2011-06-31", "2012-02-29", "2011-02-29", "2010-11", "2011-6-3", "2011-06-30x", None, "2010-13"])
    dates, month = parse_iso_dates(s)
    assert dates.dtype == np.dtype("datetime64[s]")
    expected = ["2011-06-30", None, "2012-02-29", None, "2010-11-01", None, None, None, None]
    assert [None if pd.isna(d) else d.strftime("%Y-%m-%d") for d in dates] == expected
    assert month.tolist() == [False, False, False, False, True, False, False, False, False]


def test_dates_of_other_columns_are_left_to_pandas():
    assert parse_iso_dates(pd.Series(["2011-06-30"], dtype=object)) is None


def test_dates_that_a_lenient_parser_would_accept_are_refused():
    # strptime alone rolls 2011-06-31 over to July 1, reads "2011-1-01" and "2011-01-1", and takes
    # year 0; none of these is an ISO date of a record. Day 00 and month 00 are not dates either.
    s = text(["2011-04-31", "2011-1-01", "2011-01-1", "0000-01-01", "0001-01-01", "2011-00", "2011-01-00",
              "2011-00-10", "1900-02-29", "2000-02-29", "9999-12", " 2011-01-01", "2011-01-01T00:00"])
    dates, month = parse_iso_dates(s)
    expected = [None, None, None, None, "0001-01-01", None, None, None, None, "2000-02-29", "9999-12-01", None, None]
    assert [None if pd.isna(d) else d.strftime("%Y-%m-%d").zfill(10) for d in dates] == expected
    assert month.tolist() == [False] * 10 + [True, False, False]


def test_both_date_paths_agree_and_read_ascii_digits_only():
    # Arrow-backed columns (CSV) and Python-backed ones (the fallback) give the same dates; a
    # date typed in full-width digits (２０１１) is refused by both, so it is reported, not guessed.
    from analysis.records.schemas import parse_dates

    values = ["2011-06-30", "２０１１-01-01", "2011-0６", "2011-04-31", "2010-11", "2011-1-01", None, "0001-01-01"]
    arrow = parse_dates(pd.Series(values, dtype="string[pyarrow]"))
    python = parse_dates(pd.Series(values, dtype="string[python]"))
    assert arrow[0].equals(python[0]) and arrow[1].equals(python[1])
    assert arrow[0].notna().tolist() == [True, False, False, False, True, False, False, True]


def test_lookup_of_a_frame_is_the_lookup_of_each_column():
    table = pd.DataFrame({"start": pd.to_datetime(["2005-03-24", "1995-04-15"]).astype("datetime64[s]"),
                          "kind": pd.array(["pko", "spm"], dtype="string")},
                         index=pd.Index(["UNMIS", "UNPOS"], dtype="string[pyarrow]"))
    keys = text(["UNPOS", None, "UNKNOWN", "UNMIS"])
    out = lookup(keys, table)
    assert out.index.tolist() == keys.index.tolist()
    for column in table:
        pd.testing.assert_series_equal(out[column], lookup(keys, table[column]))
    assert out["kind"].iloc[0] == "spm" and out["kind"].isna().tolist() == [False, True, True, False]
    assert lookup(keys, table["kind"].rename(None)).name is None


def test_side_by_side_keeps_the_order_of_its_items():
    # Work finishing out of order (the first item sleeps longest) still comes back in item order.
    import time

    def slow_square(x):
        time.sleep(0.02 * (5 - x))
        return x * x

    assert side_by_side(slow_square, range(5)) == [0, 1, 4, 9, 16]
    assert side_by_side(slow_square, []) == []
