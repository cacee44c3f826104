"""One small fixture per validation rule, each asserting the exact problem reported.

Errors (the record cannot be true) refuse the row: ``load_records`` raises
``DataError`` and ``python -m analysis validate`` exits 1. Warnings (unusual but
possible) load the row and are listed; ``--strict`` / ``strict=True`` make them
fail too. Every input row is loaded or listed: rows read = loaded + rejected.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError, Problem, load_records, validate_records
from analysis.cli import main

# A1: the published profile cao-profile-09 (FY2008 first half, April-December 2008, then
# UNPOS DDR Officer). UNPOS sat in Nairobi until 24 January 2012, so a 2009-2011 post is
# coded KEN and is clean. A2: cao-profile-10 (October 2008, two years).
ADVISORS = """advisor_id,intake,term_start,term_end,exit_reason,specialisation,prior_sector,prior_years,gender,history_confirmed_on
A1,FY2008-H1,2008-04-01,2008-12-31,left_for_post,DDR,ngo,4.5,female,2026-09-30
A2,FY2008-H2,2008-10-01,2010-09-30,completed,PKO policy,academia,3,,2020-01-31
"""
PLACEMENTS = """placement_id,advisor_id,organisation,organisation_is_free_text,sector,operation,role_title,role_family,grade,duty_country_iso3,start,end
P1,A1,UNPOS,false,,,DDR Officer,ddr,P-3,KEN,2009-01-01,2011-06-30
P2,A2,Japan Platform,true,ngo,,Programme Officer,programme_management,other,JPN,2010-11,
"""
ACTIVITIES = """activity_id,advisor_id,activity_type,title,country_iso3,operation,start,end
X1,A1,election_observation,Nepal CA election,NPL,UNMIN,2008-04-04,2008-04-17
"""
P1 = "P1,A1,UNPOS,false,,,DDR Officer,ddr,P-3,KEN,2009-01-01,2011-06-30"

DATE_RULE = "not a valid date: use YYYY-MM-DD (or YYYY-MM for month precision)"


def write_records(folder: Path, advisors: str | None = ADVISORS, placements: str | None = PLACEMENTS,
                  activities: str | None = ACTIVITIES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("advisors.csv", advisors), ("placements.csv", placements), ("activities.csv", activities)):
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def records_dir(tmp_path: Path) -> Path:
    return write_records(tmp_path / "records")


def replaced(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def problems_for(folder: Path) -> list[Problem]:
    """The errors ``load_records`` raises for ``folder``."""
    with pytest.raises(DataError) as caught:
        load_records(folder)
    return caught.value.problems


def warnings_for(folder: Path) -> list[Problem]:
    """The warnings of a folder that has no error (so it loads)."""
    records = load_records(folder)
    return records.report.warnings


def with_p1(tmp_path: Path, new_p1: str) -> Path:
    return write_records(tmp_path / "r", placements=replaced(PLACEMENTS, P1, new_p1))


# ------------------------------------------------------------------ a clean folder


def test_valid_fixture_loads(records_dir):
    records = load_records(records_dir)
    assert records.report.problems == []
    assert len(records.advisors) == 2
    assert len(records.placements) == 2
    assert len(records.activities) == 1
    # sector filled from the reference tables; operation from the organisation
    p1 = records.placements.set_index("placement_id").loc["P1"]
    assert p1["sector"] == "un_peace_operation"
    assert p1["operation"] == "UNPOS"
    # month precision accepted, stored as the first of the month and flagged
    p2 = records.placements.set_index("placement_id").loc["P2"]
    assert p2["start"] == pd.Timestamp("2010-11-01")
    assert bool(p2["start_month_only"]) is True
    assert bool(p1["start_month_only"]) is False
    assert pd.isna(p2["end"])
    assert records.is_synthetic is False
    assert "synthetic" not in records.source_label


def test_bom_crlf_and_column_order_accepted(tmp_path):
    header, *rows = ADVISORS.strip().split("\n")
    columns = header.split(",")
    order = list(reversed(range(len(columns))))
    reordered = "\r\n".join(",".join(line.split(",")[i] for i in order) for line in [header, *rows]) + "\r\n"
    folder = write_records(tmp_path / "r")
    (folder / "advisors.csv").write_bytes(b"\xef\xbb\xbf" + reordered.encode("utf-8"))
    records = load_records(folder)
    assert records.advisors["advisor_id"].tolist() == ["A1", "A2"]
    assert records.advisors.loc[0, "term_end"] == pd.Timestamp("2008-12-31")


# ------------------------------------------------------------------ files and columns


def test_missing_file(tmp_path):
    folder = write_records(tmp_path / "r", placements=None)
    assert problems_for(folder) == [Problem("placements.csv", 0, "", "", "file not found in r/ (expected placements.csv)")]


def test_empty_file(tmp_path):
    folder = write_records(tmp_path / "r", activities="")
    assert problems_for(folder) == [
        Problem("activities.csv", 0, "", "", "file is empty: it needs at least the header row (see data/templates/)")
    ]


def test_shift_jis_file_named(tmp_path):
    folder = write_records(tmp_path / "r")
    text = ADVISORS.replace("PKO policy", "国際平和協力")
    (folder / "advisors.csv").write_bytes(text.encode("cp932"))
    [problem] = problems_for(folder)
    assert problem.file == "advisors.csv"
    assert problem.line == 3
    assert problem.rule == "file is not UTF-8; it looks like Shift-JIS (cp932): save it as UTF-8 (Excel: 'CSV UTF-8')"


def test_japanese_text_in_utf8_is_kept(tmp_path):
    folder = write_records(tmp_path / "r", advisors=ADVISORS.replace("PKO policy", "国際平和協力"))
    records = load_records(folder)
    assert records.advisors.loc[1, "specialisation"] == "国際平和協力"


def test_personal_data_column_refused(tmp_path):
    text = ADVISORS.replace("gender,", "Name,").replace("female,", "Taro Yamada,")
    assert problems_for(write_records(tmp_path / "r", advisors=text)) == [
        Problem("advisors.csv", 1, "Name", "Name",
                "personal data column refused: records must be pseudonymous (remove names, e-mails, birth dates)")
    ]


def test_birth_date_and_email_refused(tmp_path):
    lines = PLACEMENTS.strip().split("\n")
    text = "\n".join([lines[0] + ",e-mail,Birth_Date"] + [line + ",x@example.org,1980-01-01" for line in lines[1:]]) + "\n"
    found = problems_for(write_records(tmp_path / "r", placements=text))
    assert [(p.column, p.rule.split(":")[0]) for p in found] == [
        ("Birth_Date", "personal data column refused"),
        ("e-mail", "personal data column refused"),
    ]


def test_unknown_column_named(tmp_path):
    text = ACTIVITIES.replace("end\n", "end,notes\n").replace("2008-04-17\n", "2008-04-17,hello\n")
    [problem] = problems_for(write_records(tmp_path / "r", activities=text))
    assert (problem.file, problem.line, problem.column) == ("activities.csv", 1, "notes")
    assert problem.rule.startswith("unknown column (expected: activity_id, advisor_id")


def test_required_column_missing(tmp_path):
    lines = [line.rsplit(",", 1)[0] for line in ADVISORS.strip().split("\n")]
    assert problems_for(write_records(tmp_path / "r", advisors="\n".join(lines) + "\n")) == [
        Problem("advisors.csv", 1, "history_confirmed_on", "", "required column missing")
    ]


def test_optional_column_may_be_absent(tmp_path):
    lines = [",".join(c for i, c in enumerate(line.split(",")) if i != 8) for line in ADVISORS.strip().split("\n")]
    records = load_records(write_records(tmp_path / "r", advisors="\n".join(lines) + "\n"))
    assert records.advisors["gender"].isna().all()


# ------------------------------------------------------------------ errors: cannot be true


def test_duplicate_id(tmp_path):
    text = PLACEMENTS.replace("P2,A2", "P1,A2")
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 3, "placement_id", "P1", "duplicate value: must be unique (first on line 2)")
    ]


def test_unknown_advisor(tmp_path):
    text = ACTIVITIES.replace("X1,A1", "X1,A9")
    assert problems_for(write_records(tmp_path / "r", activities=text)) == [
        Problem("activities.csv", 2, "advisor_id", "A9", "advisor_id not found in advisors")
    ]


def test_unknown_advisor_in_placements(tmp_path):
    text = PLACEMENTS.replace("P2,A2", "P2,A3")
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 3, "advisor_id", "A3", "advisor_id not found in advisors")
    ]


@pytest.mark.parametrize(
    "impossible",
    [
        "2011-06-31",  # June has 30 days
        "2011-02-29",  # 2011 is not a leap year
        "2011-13",  # no 13th month
        "30/06/2011",  # not ISO
    ],
)
def test_impossible_date(tmp_path, impossible):
    text = PLACEMENTS.replace("2011-06-30", impossible)
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 2, "end", impossible, DATE_RULE)
    ]


def test_leap_day_is_a_date(tmp_path):
    # 2012 is a leap year: 29 February 2012 is a real day (UNPOS was still in Nairobi).
    records = load_records(with_p1(tmp_path, P1.replace("2011-06-30", "2012-02-29")))
    assert records.placements.loc[0, "end"] == pd.Timestamp("2012-02-29")


def test_impossible_term_start(tmp_path):
    text = ADVISORS.replace("2008-04-01", "2008-04-31")
    found = problems_for(write_records(tmp_path / "r", advisors=text))
    assert found == [Problem("advisors.csv", 2, "term_start", "2008-04-31", DATE_RULE)]


def test_end_before_start(tmp_path):
    text = PLACEMENTS.replace("2009-01-01,2011-06-30", "2009-01-01,2008-06-30")
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 2, "end", "2008-06-30", "end is before start")
    ]


def test_month_only_end_in_the_start_month_is_not_before_the_start(tmp_path):
    # "2011-01" may be any day of January 2011, e.g. the 31st: a post from 15 January
    # that ended "in January 2011" can be true. (Fixed: it was refused as "end is before
    # start" because the month is stored as its first day.)
    records = load_records(with_p1(tmp_path, P1.replace("2009-01-01,2011-06-30", "2011-01-15,2011-01")))
    p1 = records.placements.set_index("placement_id").loc["P1"]
    assert p1["end"] == pd.Timestamp("2011-01-01") and bool(p1["end_month_only"])
    assert records.report.problems == []


def test_month_only_end_in_an_earlier_month_is_before_the_start(tmp_path):
    # The whole of December 2010 lies before 15 January 2011.
    folder = with_p1(tmp_path, P1.replace("2009-01-01,2011-06-30", "2011-01-15,2010-12"))
    assert problems_for(folder) == [Problem("placements.csv", 2, "end", "2010-12", "end is before start")]


def test_month_only_term_end_in_the_start_month(tmp_path):
    # A term from 2008-04-01 that ended "in December 2008" (month precision) loads and is flagged.
    records = load_records(write_records(tmp_path / "r", advisors=ADVISORS.replace("2008-12-31", "2008-12")))
    a1 = records.advisors.set_index("advisor_id").loc["A1"]
    assert a1["term_end"] == pd.Timestamp("2008-12-01") and bool(a1["term_end_month_only"])


def test_activity_end_before_start(tmp_path):
    text = ACTIVITIES.replace("2008-04-04,2008-04-17", "2008-04-17,2008-04-04")
    assert problems_for(write_records(tmp_path / "r", activities=text)) == [
        Problem("activities.csv", 2, "end", "2008-04-04", "end is before start")
    ]


def test_term_end_before_term_start(tmp_path):
    text = ADVISORS.replace("2008-04-01,2008-12-31", "2008-04-01,2008-03-31")
    assert problems_for(write_records(tmp_path / "r", advisors=text)) == [
        Problem("advisors.csv", 2, "term_end", "2008-03-31", "term_end is before term_start")
    ]


def test_term_at_most_24_months(tmp_path):
    # 2008-10-01 + 24 months = 2010-10-01: the last allowed day is 2010-09-30 (A2 as given).
    text = ADVISORS.replace("2010-09-30,completed", "2010-10-01,completed")
    assert problems_for(write_records(tmp_path / "r", advisors=text)) == [
        Problem("advisors.csv", 3, "term_end", "2010-10-01", "term longer than 24 months (the maximum term)")
    ]


def test_term_of_exactly_24_months_loads(tmp_path):
    # A1 from 2008-04-01: the 24th month ends on 2010-03-31.
    text = ADVISORS.replace("2008-04-01,2008-12-31,left_for_post", "2008-04-01,2010-03-31,completed")
    placements = PLACEMENTS.replace("2009-01-01,2011-06-30", "2010-04-01,2011-06-30")
    records = load_records(write_records(tmp_path / "r", advisors=text, placements=placements))
    assert records.advisors.loc[0, "term_end"] == pd.Timestamp("2010-03-31")


def test_intake_must_match_term_start(tmp_path):
    text = ADVISORS.replace("A2,FY2008-H2", "A2,FY2008-H1")
    assert problems_for(write_records(tmp_path / "r", advisors=text)) == [
        Problem("advisors.csv", 3, "intake", "FY2008-H1", "intake does not match term_start (expected FY2008-H2)")
    ]


def test_exit_reason_required_once_ended(tmp_path):
    text = ADVISORS.replace("completed,", ",")
    assert problems_for(write_records(tmp_path / "r", advisors=text)) == [
        Problem("advisors.csv", 3, "exit_reason", "", "exit_reason is required once term_end is set")
    ]


def test_placement_far_outside_operation_lifetime(tmp_path):
    # UNPOS ran 15 April 1995 - 3 June 2013 (un_peace_operations.csv): a post ending on
    # 30 June 2014, a year later, cannot have been at UNPOS.
    folder = with_p1(tmp_path, P1.replace("2009-01-01,2011-06-30", "2012-01-01,2014-06-30"))
    assert problems_for(folder) == [
        Problem("placements.csv", 2, "end", "2014-06-30",
                "placement lies more than 6 months outside the dates of UNPOS (1995-04 to 2013-06)")
    ]


@pytest.mark.parametrize(
    ("end", "severity"),
    [
        # UNPOS ended on 2013-06-03; six months later is 2013-12-03.
        ("2013-09-30", "warning"),  # four months of drawdown: possible
        ("2013-12-03", "warning"),  # exactly six months: still possible
        ("2013-12-04", "error"),  # one day more than six months: cannot be true
    ],
)
def test_six_month_tolerance_after_the_end(tmp_path, end, severity):
    folder = with_p1(tmp_path, P1.replace("2009-01-01,2011-06-30", f"2012-01-01,{end}"))
    _, report = validate_records(folder)
    [problem] = report.sorted_problems()
    assert (problem.line, problem.column, problem.value, problem.severity) == (2, "end", end, severity)
    if severity == "warning":
        assert problem.rule == ("placement lies a few months outside the dates of UNPOS (1995-04 to 2013-06) "
                                "(possible during start-up or drawdown)")


@pytest.mark.parametrize(
    ("start", "severity"),
    [
        # UNMISS began on 2011-07-09; six months earlier is 2011-01-09.
        ("2011-01-09", "warning"),
        ("2011-01-08", "error"),
    ],
)
def test_six_month_tolerance_before_the_start(tmp_path, start, severity):
    new = f"P1,A1,UNMISS,false,,,Civil Affairs Officer,civil_affairs,P-3,SSD,{start},2012-06-30"
    _, report = validate_records(with_p1(tmp_path, new))
    [problem] = report.sorted_problems()
    assert (problem.line, problem.column, problem.value, problem.severity) == (2, "start", start, severity)
    assert "UNMISS (2011-07 to ongoing)" in problem.rule


def test_post_during_liquidation_is_inside_the_dates(tmp_path):
    # UNMIL's mandate ended on 2018-03-30 but the mission ran to 2018-06-28 (liquidation
    # included): a post to 31 May 2018 is inside its dates, no warning.
    new = "P1,A1,UNMIL,false,,,Civil Affairs Officer,civil_affairs,P-3,LBR,2016-01-01,2018-05-31"
    assert warnings_for(with_p1(tmp_path, new)) == []


def test_month_only_start_in_the_operation_first_month_is_inside(tmp_path):
    # UNMISS began on 2011-07-09; a post that began "in July 2011" may have begun on or
    # after the 9th, so it is not flagged. (Fixed: it was read as 1 July, eight days early.)
    new = "P1,A1,UNMISS,false,,,Civil Affairs Officer,civil_affairs,P-3,SSD,2011-07,2012-06-30"
    assert warnings_for(with_p1(tmp_path, new)) == []


def test_month_only_start_a_month_before_the_operation_is_a_warning(tmp_path):
    # All of June 2011 lies before 9 July 2011, but within six months: a warning.
    new = "P1,A1,UNMISS,false,,,Civil Affairs Officer,civil_affairs,P-3,SSD,2011-06,2012-06-30"
    assert [(p.column, p.value) for p in warnings_for(with_p1(tmp_path, new))] == [("start", "2011-06")]


def test_open_post_at_a_closed_operation_is_an_error(tmp_path):
    # An empty end means "still in post on history_confirmed_on" (A1: 2026-09-30); UNMIS
    # ended in September 2011, fifteen years earlier: this cannot be true. (Fixed: an open
    # post was checked on its start day only and loaded.)
    new = "P1,A1,UNMIS,false,,,Electoral Officer,electoral,P-3,SSD,2010-07-01,"
    assert problems_for(with_p1(tmp_path, new)) == [
        Problem("placements.csv", 2, "end", "",
                "placement lies more than 6 months outside the dates of UNMIS (2005-03 to 2011-09); end is empty, "
                "so the post runs to history_confirmed_on (2026-09-30): give the day it ended")
    ]


def test_open_post_a_few_months_past_the_operation_is_a_warning(tmp_path):
    # History confirmed on 2011-12-31: three months after UNMIS's last day (2011-09-30).
    advisors = ADVISORS.replace("female,2026-09-30", "female,2011-12-31")
    placements = replaced(PLACEMENTS, P1, "P1,A1,UNMIS,false,,,Electoral Officer,electoral,P-3,SSD,2010-07-01,")
    [warning] = warnings_for(write_records(tmp_path / "r", advisors=advisors, placements=placements))
    assert (warning.line, warning.column, warning.value) == (2, "end", "")
    assert warning.rule.startswith("placement lies a few months outside the dates of UNMIS")
    assert warning.rule.endswith("history_confirmed_on (2011-12-31): give the day it ended")


def test_open_post_at_a_running_operation_is_fine(tmp_path):
    new = "P1,A1,UNMISS,false,,,Civil Affairs Officer,civil_affairs,P-3,SSD,2012-01-01,"
    assert warnings_for(with_p1(tmp_path, new)) == []


@pytest.mark.parametrize(
    ("end", "warned"),
    [
        # UNPOS moved to Mogadishu on 24 January 2012. A post in Somalia that ended "in
        # January 2012" may have run past the 24th: not flagged. (Fixed: the end was read as
        # 1 January.) One that ended in December 2011 lies wholly before the move.
        ("2012-01", False),
        ("2011-12", True),
    ],
)
def test_month_only_end_and_duty_station_spans(tmp_path, end, warned):
    folder = with_p1(tmp_path, P1.replace(",KEN,2009-01-01,2011-06-30", f",SOM,2011-06-01,{end}"))
    assert [p.column for p in warnings_for(folder)] == (["duty_country_iso3"] if warned else [])


def test_unknown_country(tmp_path):
    text = ACTIVITIES.replace(",NPL,", ",NEP,")
    assert problems_for(write_records(tmp_path / "r", activities=text)) == [
        Problem("activities.csv", 2, "country_iso3", "NEP", "unknown country code: use ISO 3166-1 alpha-3 (Kosovo XKX)")
    ]


def test_unknown_operation(tmp_path):
    text = ACTIVITIES.replace(",UNMIN,", ",UNMINX,")
    assert problems_for(write_records(tmp_path / "r", activities=text)) == [
        Problem("activities.csv", 2, "operation", "UNMINX",
                "unknown UN peace operation acronym (see data/reference/un_peace_operations.csv)")
    ]


def test_unknown_organisation_code(tmp_path):
    text = PLACEMENTS.replace("P1,A1,UNPOS,false,,,", "P1,A1,UNPOSS,false,,UNPOS,")
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 2, "organisation", "UNPOSS",
                "unknown organisation code: use a code of data/reference or set organisation_is_free_text to true")
    ]


def test_free_text_organisation_needs_sector(tmp_path):
    text = PLACEMENTS.replace("Japan Platform,true,ngo,", "Japan Platform,true,,")
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 3, "sector", "", "sector is required for a free-text organisation")
    ]


def test_sector_must_agree_with_reference(tmp_path):
    text = PLACEMENTS.replace("P1,A1,UNPOS,false,,", "P1,A1,UNPOS,false,ngo,")
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 2, "sector", "ngo",
                "sector disagrees with the reference table for this organisation (expected un_peace_operation)")
    ]


@pytest.mark.parametrize(
    ("old", "new", "column", "value", "rule_start"),
    [
        (",ddr,", ",disarmament,", "role_family", "disarmament", "must be one of: political_affairs"),
        (",P-3,", ",P3,", "grade", "P3", "must be one of: UNV"),
        ("true,ngo", "true,charity", "sector", "charity", "unknown sector: must be one of"),
        ("false,,,", "maybe,,,", "organisation_is_free_text", "maybe", "must be true or false"),
    ],
)
def test_codes_known(tmp_path, old, new, column, value, rule_start):
    [problem] = problems_for(write_records(tmp_path / "r", placements=PLACEMENTS.replace(old, new, 1)))
    assert (problem.column, problem.value) == (column, value)
    assert problem.rule.startswith(rule_start)


def test_placement_after_history_confirmed(tmp_path):
    # A2's history is confirmed to 2020-01-31: a post starting in February 2020 is not known.
    text = PLACEMENTS.replace("JPN,2010-11,", "JPN,2020-02,")
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 3, "start", "2020-02",
                "placement starts after the advisor's history_confirmed_on (update history_confirmed_on)")
    ]


# ------------------------------------------------------------------ warnings: unusual but possible


def test_duty_station_outside_the_listed_locations_is_a_warning(tmp_path):
    # Before 24 January 2012 UNPOS is listed in Nairobi only: a 2009-2011 post in Somalia is
    # unusual (possible on mission travel) but not impossible.
    folder = with_p1(tmp_path, P1.replace(",KEN,", ",SOM,"))
    assert warnings_for(folder) == [
        Problem("placements.csv", 2, "duty_country_iso3", "SOM",
                "duty station is not among the listed locations of UNPOS at that date "
                "(SOM 2012-2013; KEN 1995-2012; KEN 2012-2013)", "warning")
    ]
    records = load_records(folder)
    assert records.placements["placement_id"].tolist() == ["P1", "P2"]  # loaded
    with pytest.raises(DataError) as caught:
        load_records(folder, strict=True)
    assert [(p.column, p.severity) for p in caught.value.problems] == [("duty_country_iso3", "warning")]
    assert "warning: duty station" in str(caught.value)


def test_duty_station_after_the_move_is_listed(tmp_path):
    # From 24 January 2012 UNPOS is in Mogadishu (and kept a Nairobi office).
    folder = with_p1(tmp_path, P1.replace(",KEN,2009-01-01,2011-06-30", ",SOM,2012-03-01,2013-05-31"))
    assert warnings_for(folder) == []


def test_un_grade_for_a_non_un_post_is_a_warning(tmp_path):
    text = PLACEMENTS.replace("programme_management,other,JPN", "programme_management,P-3,JPN")
    assert warnings_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 3, "grade", "P-3", "UN grade for a post outside the UN (ngo)", "warning")
    ]


def test_national_civil_service_at_a_un_post_is_a_warning(tmp_path):
    folder = with_p1(tmp_path, P1.replace(",P-3,", ",national civil service,"))
    assert warnings_for(folder) == [
        Problem("placements.csv", 2, "grade", "national civil service", "national civil service grade for a UN post",
                "warning")
    ]


def test_activity_outside_term_is_a_warning(tmp_path):
    # The Nepal advance team left on 28 March 2008; A1's term began on 1 April 2008.
    folder = write_records(tmp_path / "r", activities=ACTIVITIES.replace("2008-04-04", "2008-03-28"))
    assert warnings_for(folder) == [
        Problem("activities.csv", 2, "start", "2008-03-28", "activity starts outside the advisor's term", "warning")
    ]
    assert len(load_records(folder).activities) == 1


def test_activity_running_past_the_term_is_a_warning(tmp_path):
    # A1's term ended on 2008-12-31; an activity begun in December that ran into January
    # was partly after the term: loaded, and listed for the record keeper to look at.
    activities = ACTIVITIES + "X2,A1,training_delivered,Mediation course,JPN,,2008-12-15,2009-01-20\n"
    folder = write_records(tmp_path / "r", activities=activities)
    assert warnings_for(folder) == [
        Problem("activities.csv", 3, "end", "2009-01-20", "activity ends after the advisor's term ended (2008-12-31)",
                "warning")
    ]
    assert len(load_records(folder).activities) == 2


def test_activity_ending_on_the_last_day_of_a_month_only_term_is_clean(tmp_path):
    # A term_end given as "2008-12" may mean any day of December: an activity ending on
    # 31 December is inside it.
    advisors = replaced(ADVISORS, "2008-12-31,left_for_post", "2008-12,left_for_post")
    activities = ACTIVITIES + "X2,A1,training_delivered,Mediation course,JPN,,2008-12-15,2008-12-31\n"
    assert warnings_for(write_records(tmp_path / "r", advisors=advisors, activities=activities)) == []


def test_cli_validate_speaks_japanese(tmp_path, capsys):
    # The record keeper at the Secretariat reads the messages in Japanese; file, line,
    # column and value stay as the file holds them.
    broken = write_records(tmp_path / "bad", placements=PLACEMENTS.replace("2011-06-30", "2011-06-31"))
    assert main(["validate", "--lang", "ja", str(broken)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "placements.csv:2: 列 'end' 値 '2011-06-31': 有効な日付ではありません。YYYY-MM-DD（月単位なら YYYY-MM）で入力してください"
    ]
    assert "placements.csv：読取2行、読込1行、除外1行" in captured.err
    # Templates with values translate whole: the operation's dates and the word "ongoing".
    folder = with_p1(tmp_path / "w", P1.replace("2009-01-01,2011-06-30", "2013-09-01,2013-10-31"))
    assert main(["validate", "--lang", "ja", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "UNPOS" in out and "2013-06" in out and "placement lies" not in out


def test_every_problem_reported_at_once_and_counts_reconcile(tmp_path):
    advisors = ADVISORS.replace("2010-09-30,completed", "2010-10-01,completed")  # line 3: term too long
    placements = PLACEMENTS.replace(",P-3,", ",P3,").replace("Japan Platform,true,ngo,", "Japan Platform,true,,")
    activities = ACTIVITIES.replace("2008-04-04", "2008-03-28")  # line 2: a warning only
    activities += "X2,A7,symposium,Talk,JPN,,2009-01-01,2009-01-01\n"  # line 3: unknown advisor
    folder = write_records(tmp_path / "r", advisors, placements, activities)
    records, report = validate_records(folder)
    assert [(p.file, p.line, p.column, p.severity) for p in report.sorted_problems()] == [
        ("activities.csv", 2, "start", "warning"),
        ("activities.csv", 3, "advisor_id", "error"),
        ("advisors.csv", 3, "term_end", "error"),
        ("placements.csv", 2, "grade", "error"),
        ("placements.csv", 3, "sector", "error"),
    ]
    # The warned activity X1 is loaded; the rows with an error are rejected.
    counts = {name: (c.rows_read, c.rows_loaded, c.rows_rejected) for name, c in report.counts.items()}
    assert counts == {"advisors": (2, 1, 1), "activities": (2, 1, 1), "placements": (2, 0, 2)}
    assert all(c.reconciles for c in report.counts.values())
    assert records.activities["activity_id"].tolist() == ["X1"]
    assert report.rejected_rows()["line"].tolist() == [3, 3, 2, 3]
    assert len(report.errors) == 4 and len(report.warnings) == 1
    assert report.ok is False
    with pytest.raises(DataError) as caught:
        load_records(folder)
    assert len(caught.value.problems) == 4
    assert "4 problem(s)" in str(caught.value)
    with pytest.raises(DataError) as caught:
        load_records(folder, strict=True)
    assert len(caught.value.problems) == 5


def test_warnings_do_not_reject_rows(tmp_path):
    folder = with_p1(tmp_path, P1.replace(",KEN,", ",SOM,").replace(",P-3,", ",national civil service,"))
    records, report = validate_records(folder)
    assert report.ok
    assert [(p.column, p.value, p.severity) for p in report.sorted_problems()] == [
        ("duty_country_iso3", "SOM", "warning"),
        ("grade", "national civil service", "warning"),
    ]
    assert (report.counts["placements"].rows_read, report.counts["placements"].rows_loaded,
            report.counts["placements"].rows_rejected) == (2, 2, 0)
    assert len(records.placements) == 2


def test_blank_lines_keep_spreadsheet_line_numbers(tmp_path):
    text = PLACEMENTS.replace("\nP2,A2", "\n\nP2,A2").replace(",other,JPN", ",boss,JPN")
    [problem] = problems_for(write_records(tmp_path / "r", placements=text))
    assert (problem.line, problem.column, problem.value) == (4, "grade", "boss")


def test_workbook_records(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, text in (("advisors", ADVISORS), ("placements", PLACEMENTS.replace(",P-3,", ",P9,")), ("activities", ACTIVITIES)):
        sheet = book.create_sheet(name)
        for line in text.strip().split("\n"):
            sheet.append(line.split(","))
    folder = tmp_path / "wb"
    folder.mkdir()
    book.save(folder / "records.xlsx")
    found = problems_for(folder)
    assert [(p.file, p.line, p.column, p.value) for p in found] == [("records.xlsx[placements]", 2, "grade", "P9")]


def test_placements_without_any_operation(tmp_path):
    # No row at a peace operation: the duty-station rule has nothing to check.
    placements = "\n".join(line for line in PLACEMENTS.split("\n") if not line.startswith("P1,"))
    records = load_records(write_records(tmp_path / "r", placements=placements))
    assert records.placements["placement_id"].tolist() == ["P2"]


# ------------------------------------------------------------------ the command line


def test_cli_validate_clean(records_dir, capsys):
    assert main(["validate", str(records_dir)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == (
        f"OK {records_dir.resolve()}: 0 error(s), 0 warning(s). advisors.csv: 2 rows read, 2 loaded, 0 rejected, "
        "activities.csv: 1 rows read, 1 loaded, 0 rejected, placements.csv: 2 rows read, 2 loaded, 0 rejected"
    )


def test_cli_validate_error_exits_1(tmp_path, capsys):
    broken = write_records(tmp_path / "bad", placements=PLACEMENTS.replace("2011-06-30", "2011-06-31"))
    assert main(["validate", str(broken)]) == 1
    captured = capsys.readouterr()
    # One line per problem: file, line, column, value, rule.
    assert captured.out.splitlines() == [f"placements.csv:2: column 'end' value '2011-06-31': {DATE_RULE}"]
    assert captured.err.strip() == (
        "1 error(s), 0 warning(s). advisors.csv: 2 rows read, 2 loaded, 0 rejected, "
        "activities.csv: 1 rows read, 1 loaded, 0 rejected, placements.csv: 2 rows read, 1 loaded, 1 rejected"
    )
    assert "Traceback" not in captured.err


def test_cli_validate_warning_exits_0_and_strict_exits_1(tmp_path, capsys):
    folder = with_p1(tmp_path, P1.replace(",KEN,", ",SOM,"))
    warning = ("placements.csv:2: column 'duty_country_iso3' value 'SOM': warning: duty station is not among the "
               "listed locations of UNPOS at that date (SOM 2012-2013; KEN 1995-2012; KEN 2012-2013)")
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == warning
    assert out[1].startswith(f"OK {folder.resolve()}: 0 error(s), 1 warning(s).")
    assert "placements.csv: 2 rows read, 2 loaded, 0 rejected" in out[1]

    assert main(["validate", "--strict", str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [warning]
    assert captured.err.splitlines()[-1] == "--strict: warnings count as errors"


def test_cli_validate_missing_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere")]) == 1
    captured = capsys.readouterr()
    assert "data folder not found" in captured.out
    assert "Traceback" not in captured.err
