"""start_notebook: what every notebook's first cell shows and returns."""

from __future__ import annotations

import pytest

from analysis import DataError
from analysis.report.runner import notebook_scripts, start_notebook
from tests.conftest import PLACEMENTS, write_records


def test_start_notebook_prints_reconciliation_source_and_rule(records_dir, capsys):
    records, policy = start_notebook(records_dir, k=5)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("advisors.csv: 2 rows read, 2 loaded, 0 rejected; activities.csv: 1 rows read, 1 loaded, "
                        "0 rejected; placements.csv: 2 rows read, 2 loaded, 0 rejected")
    assert lines[1] == "Source: advisor records in records/"
    assert lines[2].startswith("Counts of 1 to 4 people")
    assert policy.k == 5 and len(records.advisors) == 2


def test_start_notebook_refuses_bad_data(tmp_path):
    folder = write_records(tmp_path / "r", placements=PLACEMENTS.replace(",P-3,", ",P3,"))
    with pytest.raises(DataError, match="grade"):
        start_notebook(folder, k=3)


def test_notebook_scripts_are_numbered_and_paired():
    scripts = notebook_scripts()
    assert [s.name[:2] for s in scripts] == ["01", "02", "03", "04", "05", "06"]
    assert all(s.with_suffix(".ipynb").exists() for s in scripts)
