"""A hand-made records folder shaped like real careers: ``tests/fixtures/real_shaped/``.

Built from the public examples (``../shared/reference/advisor_published_profiles.csv``
and ``advisor_system_findings.md``): UNMIK Political Affairs Officer, UNMIS Civil
Affairs then Electoral Officer, WFP Timor-Leste, UNPOS DDR Officer in Nairobi, the
Nepal 2008 observation with UNMIN and the Southern Sudan 2011 referendum. Pseudonymous
ids; no real person. Real careers are messy: the folder must validate with the
warnings below only, and load.

What makes each career untidy
-----------------------------
RS-01  FY2005 (like cao-profile-08). Prior post at UNDP (a fund) coded to the political
       mission UNAMA it served (the UNAMA-led DDR programme); prior dates known to the
       month only (2003-04 to 2005-03). Then 広島大学, 准教授, free text in Japanese.
RS-02  Like cao-profile-06: a 6-month term (2006-04 to 2006-09) known to the month only,
       left for WFP Timor-Leste the next month (also month precision), then OCHA.
RS-03  Like cao-profile-09: left after 8 months for UNPOS as DDR Officer (DDR担当官), posted
       in Nairobi (KEN) from December 2008, when UNPOS still sat in Nairobi (until 24 Jan
       2012): clean. Led the Kathmandu branch in Nepal with the advance team from
       2008-03-28, four days before the term began on 2008-04-01: WARNING (activity
       outside the term). A gap 2012-2013, then UNSOM, then the coded JICA.
RS-04  Nepal main team 2008 during the term; then UNMIS Civil Affairs Officer (month
       precision) and Electoral Officer in Juba to 2011-12-31, three months after UNMIS's
       last documented day (2011-09, liquidation included): WARNING (drawdown). Then
       外務省, 事務官, national civil service.
RS-05  UNMIK Political Affairs Officer from 2010-01-18, two weeks before the term ended
       (2010-01-31): a post begun during the term and running past its end (an outcome
       from the day after the term). Then the OSCE Mission in Kosovo at the OSCE's own
       P-3 grade, coded with the UN grade list: WARNING (UN grade, non-UN post).
RS-06  A UNDP consultancy wholly inside the term (Aug-Oct 2012): a concurrent activity,
       not an outcome. After the term 防衛省 (防衛事務官), then seconded to UNMISS as a
       national civil servant: WARNING (national civil service grade at a UN post).
RS-07  Southern Sudan referendum observation (Juba, Jan 2011) and the 3rd symposium
       (2012-01-19). Then JICA written once as free text 国際協力機構（JICA） and once as
       the code JICA (both Japanese government), then UNDP South Sudan, still in post.
RS-08  History last confirmed on 2011-09-30, six months after the term: an NGO post
       (ピースウィンズ・ジャパン) open on that date; nothing is known after it.
RS-09  Still serving (no term_end, no exit_reason); a UN post before the term.
RS-10  UNSMIL in Tunis 2016-2018 (the listed Tunis span, 2014-07 to 2018): clean. A second
       UNSMIL post in Tunis from 2019-01-01, after the listed span: WARNING (duty station).
RS-11  The Yemen envoy's office in Amman from 2017-10 (listed from 2017): clean; the post
       runs across the 1 Jan 2019 reform (DPA -> DPPA). Then UNMHA in Hudaydah.
RS-12  UNMISS at the Regional Service Centre Entebbe (UGA), outside the mission area:
       clean (listed support location); later UNSOS in Nairobi, still in post.
RS-13  Mission support to the Golan transport unit (UNDOF, SYR) during the term; left for
       MINUSTAH; then 笹川平和財団 (free text); history confirmed in 2019 only.
RS-14  Left for "other" reasons; a consultancy firm (free text) then a UNDP Afghanistan
       consultancy cut short in August 2021.
RS-15  Lecture at the Ethiopian Peace Support Training Centre (Nov 2019); UN-Women after.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_records, validate_records
from analysis.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "real_shaped"

#: Every warning, worked out by hand from the comments above (file, line, column, rule prefix).
EXPECTED_WARNINGS = [
    ("activities.csv", 6, "start", "activity starts outside the advisor's term"),  # RS-03 Nepal advance team
    ("placements.csv", 11, "end", "placement lies a few months outside the dates of UNMIS"),  # RS-04 to 2011-12
    ("placements.csv", 14, "grade", "UN grade for a post outside the UN (other_international)"),  # RS-05 OSCE P-3
    ("placements.csv", 17, "grade", "national civil service grade for a UN post"),  # RS-06 at UNMISS
    ("placements.csv", 24, "duty_country_iso3",
     "duty station is not among the listed locations of UNSMIL at that date"),  # RS-10 Tunis 2019
]


@pytest.fixture(scope="module")
def validated():
    return validate_records(FIXTURE)


@pytest.fixture(scope="module")
def records():
    return load_records(FIXTURE)


def test_size_and_no_error(validated):
    _, report = validated
    assert report.errors == []
    counts = {name: (c.rows_read, c.rows_loaded, c.rows_rejected) for name, c in report.counts.items()}
    # 15 people, 34 posts, 15 activities: every row loaded, warnings included.
    assert counts == {"advisors": (15, 15, 0), "activities": (15, 15, 0), "placements": (34, 34, 0)}
    assert all(c.reconciles for c in report.counts.values())


def test_exactly_the_expected_warnings(validated):
    _, report = validated
    got = [(p.file, p.line, p.column, p.rule) for p in report.warnings]
    assert len(got) == len(EXPECTED_WARNINGS)
    for (file, line, column, rule), (e_file, e_line, e_column, prefix) in zip(got, EXPECTED_WARNINGS, strict=True):
        assert (file, line, column) == (e_file, e_line, e_column)
        assert rule.startswith(prefix), rule
    assert all(p.severity == "warning" for p in report.warnings)


def test_warning_values(validated):
    _, report = validated
    assert [p.value for p in report.warnings] == ["2008-03-28", "2011-12-31", "P-3", "national civil service", "TUN"]


def test_warnings_counted_by_rule_in_both_languages(records):
    # Notebook 01 counts warnings by rule without the row's values (which would describe one
    # person's post): the five warnings fall into five rules, each written in the report's
    # language.
    from analysis.i18n import use_language
    from analysis.report.exhibits.overview import warning_counts
    from analysis.report.study import Parameters, Study

    study = Study.load(Parameters(data_dir=FIXTURE))
    with use_language("en"):
        english = warning_counts(study)
    assert sorted(english["rule"]) == sorted([
        "activity starts outside the advisor's term", "placement lies a few months outside its operation's dates",
        "UN grade for a post outside the UN", "national civil service grade for a UN post",
        "duty station is not among the operation's listed locations at that date"])
    assert english["records"].tolist() == [1, 1, 1, 1, 1]
    with use_language("ja"):
        japanese = warning_counts(study)
    assert "配属期間がミッションの活動期間から数か月外れている" in set(japanese["rule"])
    assert not any("UNMIS" in rule or "UNSMIL" in rule for rule in japanese["rule"])


def test_loads_and_is_not_synthetic(records):
    assert len(records.advisors) == 15
    assert records.is_synthetic is False
    assert "synthetic" not in records.source_label


def test_unpos_in_nairobi_before_2012_is_clean(records, validated):
    _, report = validated
    p = records.placements.set_index("placement_id")
    assert (p.loc["PL-06", "organisation"], p.loc["PL-06", "duty_country_iso3"]) == ("UNPOS", "KEN")
    assert p.loc["PL-06", "role_title"] == "DDR Officer (DDR担当官)"
    assert not [w for w in report.warnings if w.file == "placements.csv" and w.line == 7]  # PL-06 is line 7


def test_month_only_dates_are_flagged(records):
    a = records.advisors.set_index("advisor_id")
    # RS-02's term "2006-04" to "2006-09": stored as the first of the month and flagged.
    assert a.loc["RS-02", "term_start"] == pd.Timestamp("2006-04-01")
    assert a.loc["RS-02", "term_end"] == pd.Timestamp("2006-09-01")
    assert bool(a.loc["RS-02", "term_start_month_only"]) and bool(a.loc["RS-02", "term_end_month_only"])
    assert not bool(a.loc["RS-03", "term_start_month_only"])
    p = records.placements.set_index("placement_id")
    month_only = set(p.index[p["start_month_only"].astype(bool)])
    # PL-01 (2003-04), PL-03 (2006-10) and PL-09 (2009-05) start with a month only.
    assert month_only == {"PL-01", "PL-03", "PL-09"}
    assert set(p.index[p["end_month_only"].astype(bool)]) == {"PL-01", "PL-03", "PL-09"}


def test_japanese_free_text_and_codes(records):
    p = records.placements.set_index("placement_id")
    # Free text keeps the Japanese name and the sector given in the file.
    assert (p.loc["PL-02", "organisation"], p.loc["PL-02", "role_title"], p.loc["PL-02", "sector"]) == (
        "広島大学", "准教授", "academia")
    assert (p.loc["PL-11", "organisation"], p.loc["PL-11", "sector"]) == ("外務省", "japanese_government")
    assert (p.loc["PL-15", "organisation"], p.loc["PL-15", "sector"]) == ("防衛省", "japanese_government")
    # JICA as free text and as the reference code: the same sector either way.
    assert bool(p.loc["PL-17", "organisation_is_free_text"]) is True
    assert bool(p.loc["PL-18", "organisation_is_free_text"]) is False
    assert p.loc["PL-17", "sector"] == p.loc["PL-18", "sector"] == "japanese_government"
    # Coded organisations get their sector from the reference tables.
    assert p.loc["PL-03", "sector"] == "un_fund_programme"  # WFP
    assert p.loc["PL-13", "sector"] == "other_international"  # OSCE
    assert p.loc["PL-29", "sector"] == "un_peace_operation"  # UNSOS (a support office)
    # A fund's post coded to the mission it served keeps that operation.
    assert (p.loc["PL-01", "organisation"], p.loc["PL-01", "operation"]) == ("UNDP", "UNAMA")


def test_activities_nepal_and_sudan(records):
    act = records.activities
    nepal = act[(act["operation"] == "UNMIN") & (act["activity_type"] == "election_observation")]
    # Two advisors in Nepal (Japan sent 6 government officials in all).
    assert sorted(nepal["advisor_id"]) == ["RS-03", "RS-04"]
    sudan = act[(act["operation"] == "UNMIS") & (act["activity_type"] == "election_observation")]
    assert sudan["advisor_id"].tolist() == ["RS-07"]
    assert sudan["start"].iloc[0] == pd.Timestamp("2011-01-03")


def test_still_serving_and_stale_history(records):
    a = records.advisors.set_index("advisor_id")
    assert pd.isna(a.loc["RS-09", "term_end"]) and pd.isna(a.loc["RS-09", "exit_reason"])
    assert a.loc["RS-08", "history_confirmed_on"] == pd.Timestamp("2011-09-30")
    p = records.placements
    open_posts = set(p.loc[p["end"].isna(), "placement_id"])
    assert open_posts == {"PL-02", "PL-04", "PL-08", "PL-13", "PL-19", "PL-20", "PL-29", "PL-34"}


def test_after_the_term_has_one_meaning(records):
    from analysis.measures.status import post_term_placements

    after = set(post_term_placements(records, pd.Timestamp("2026-09-30"))["placement_id"])
    # RS-05's UNMIK post began two weeks before the term ended: it counts.
    assert "PL-12" in after
    # RS-06's UNDP consultancy lay wholly inside the term: it does not; nor do posts before a term.
    assert "PL-14" not in after
    assert {"PL-01", "PL-05", "PL-21"}.isdisjoint(after)


def test_ever_in_field_by_31_may_2013(records):
    from analysis.measures.outcomes import ever_in_field

    row = ever_in_field(records, reference_date="2013-05-31").iloc[0]
    # Alumni by 2013-05-31 (term ended by then): RS-01, 02, 03, 04, 05, 07, 08, 12, 13 = 9.
    # In the field after the term by then: RS-02 (WFP), RS-03 (UNPOS), RS-04 (UNMIS),
    # RS-05 (UNMIK), RS-12 (UNMISS), RS-13 (MINUSTAH) = 6. Not: RS-01 (university),
    # RS-07 (JICA), RS-08 (NGO).
    assert (int(row["alumni"]), int(row["ever_in_field"])) == (9, 6)


def test_cli_validate_exits_0_and_lists_the_warnings(capsys):
    assert main(["validate", str(FIXTURE)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 6  # five warnings, then the OK line
    assert all(": warning: " in line for line in out[:5])
    assert out[5].startswith(f"OK {FIXTURE.resolve()}: 0 error(s), 5 warning(s).")


def test_cli_strict_exits_1(capsys):
    assert main(["validate", "--strict", str(FIXTURE)]) == 1
    capsys.readouterr()


def test_python_m_analysis_validate_exits_0():
    result = subprocess.run([sys.executable, "-m", "analysis", "validate", str(FIXTURE)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s), 5 warning(s)" in result.stdout
    assert "Traceback" not in result.stderr


def test_synthetic_marker_copied_next_to_it_has_no_effect(tmp_path):
    from analysis.paths import RAW_DIR

    folder = tmp_path / "real"
    shutil.copytree(FIXTURE, folder)
    shutil.copy(RAW_DIR / "SYNTHETIC.md", folder / "SYNTHETIC.md")
    assert load_records(folder).is_synthetic is False
