"""One small fixture per validation rule, each asserting the exact problem reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError, Problem, load_records, validate_records
from tests.conftest import ACTIVITIES, ADVISORS, PLACEMENTS, write_records


def problems_for(folder: Path) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        load_records(folder)
    return caught.value.problems


def replace_line(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def test_valid_fixture_loads(records_dir):
    records = load_records(records_dir)
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


def test_date_does_not_parse(tmp_path):
    text = PLACEMENTS.replace("2011-06-30", "2011-06-31")
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 2, "end", "2011-06-31", "not a valid date: use YYYY-MM-DD (or YYYY-MM for month precision)")
    ]


def test_end_before_start(tmp_path):
    text = PLACEMENTS.replace("2009-01-01,2011-06-30", "2009-01-01,2008-06-30")
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 2, "end", "2008-06-30", "end is before start")
    ]


def test_term_at_most_24_months(tmp_path):
    # 2008-10-01 + 24 months = 2010-10-01: the last allowed day is 2010-09-30.
    text = ADVISORS.replace("2010-09-30,completed", "2010-10-01,completed")
    assert problems_for(write_records(tmp_path / "r", advisors=text)) == [
        Problem("advisors.csv", 3, "term_end", "2010-10-01", "term longer than 24 months (the maximum term)")
    ]


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


def test_placement_outside_operation_lifetime(tmp_path):
    # UNPOS ran 1995-2013 (un_peace_operations.csv): a post ending in 2014 cannot be at UNPOS.
    text = PLACEMENTS.replace("2009-01-01,2011-06-30", "2012-01-01,2014-06-30")
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 2, "start", "2012-01-01", "placement must lie inside the lifetime of UNPOS (1995-2013)")
    ]


def test_placement_outside_host_countries(tmp_path):
    text = PLACEMENTS.replace("ddr,P-3,SOM", "ddr,P-3,JPN")
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 2, "duty_country_iso3", "JPN", "duty country is not a host country of UNPOS (SOM)")
    ]


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
    text = PLACEMENTS.replace("JPN,2010-11,", "JPN,2020-02,")
    assert problems_for(write_records(tmp_path / "r", placements=text)) == [
        Problem("placements.csv", 3, "start", "2020-02", "placement starts after the advisor's history_confirmed_on")
    ]


def test_activity_outside_term(tmp_path):
    text = ACTIVITIES.replace("2008-04-04", "2008-03-28")
    assert problems_for(write_records(tmp_path / "r", activities=text)) == [
        Problem("activities.csv", 2, "start", "2008-03-28", "activity starts outside the advisor's term")
    ]


def test_every_problem_reported_at_once_and_counts_reconcile(tmp_path):
    advisors = ADVISORS.replace("2010-09-30,completed", "2010-10-01,completed")  # line 3: term too long
    placements = PLACEMENTS.replace(",P-3,", ",P3,").replace("Japan Platform,true,ngo,", "Japan Platform,true,,")
    activities = ACTIVITIES + "X2,A7,symposium,Talk,JPN,,2009-01-01,2009-01-01\n"
    folder = write_records(tmp_path / "r", advisors, placements, activities)
    records, report = validate_records(folder)
    assert [(p.file, p.line, p.column) for p in report.sorted_problems()] == [
        ("activities.csv", 3, "advisor_id"),
        ("advisors.csv", 3, "term_end"),
        ("placements.csv", 2, "grade"),
        ("placements.csv", 3, "sector"),
    ]
    counts = {name: (c.rows_read, c.rows_loaded, c.rows_rejected) for name, c in report.counts.items()}
    assert counts == {"advisors": (2, 1, 1), "activities": (2, 1, 1), "placements": (2, 0, 2)}
    assert all(c.reconciles for c in report.counts.values())
    assert report.rejected_rows()["line"].tolist() == [3, 3, 2, 3]
    with pytest.raises(DataError) as caught:
        load_records(folder)
    assert len(caught.value.problems) == 4
    assert "4 problem(s)" in str(caught.value)


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


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, check=False)


def test_cli_validate_clean_and_broken(records_dir, tmp_path):
    ok = run_cli("validate", str(records_dir))
    assert ok.returncode == 0
    assert ok.stdout.strip() == f"OK {records_dir}: advisors 2 rows, activities 1 rows, placements 2 rows"
    broken = write_records(tmp_path / "bad", placements=PLACEMENTS.replace("2011-06-30", "2011-06-31"))
    bad = run_cli("validate", str(broken))
    assert bad.returncode == 1
    assert bad.stdout.splitlines() == [
        "placements.csv:2: column 'end' value '2011-06-31': not a valid date: use YYYY-MM-DD (or YYYY-MM for month precision)"
    ]
    assert "Traceback" not in bad.stderr


def test_cli_validate_missing_folder(tmp_path):
    result = run_cli("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "data folder not found" in result.stdout
    assert "Traceback" not in result.stderr


def test_placements_without_any_operation(tmp_path):
    # No row at a peace operation: the host-country rule has nothing to check.
    placements = "\n".join(line for line in PLACEMENTS.split("\n") if not line.startswith("P1,"))
    records = load_records(write_records(tmp_path / "r", placements=placements))
    assert records.placements["placement_id"].tolist() == ["P2"]
