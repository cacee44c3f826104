"""The report build end to end: files, page, headline, determinism, failures, refused folders, the CLI.

A small report is built once per module from 30 generated advisors with the
real notebooks (about 25 s); the tests read what it wrote.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from published import committed, digests

from analysis.errors import DataError, OutputFolderError, ReportError
from analysis.records import synthetic
from analysis.report.build import BUILD_MARKER, build
from analysis.report.study import Parameters

REFERENCE_DATE = dt.date(2026, 9, 30)


def params(data: Path, **changes) -> Parameters:
    values = {"data_dir": data, "reference_date": REFERENCE_DATE, "k": 3, "target": 0.5}
    values.update(changes)
    return Parameters(**values)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("data") / "small"
    synthetic.write(folder, n_advisors=30, seed=7)
    return folder


@pytest.fixture(scope="module")
def small_report(small_data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "out"
    # audited as make report does (a finding would raise AuditError and fail every test here)
    return build(params(small_data, declare_synthetic=True), out, progress=False, audit=True, pdf=False)


@pytest.fixture(scope="module")
def page(small_report) -> str:
    return (small_report / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_build_writes_page_figures_tables_headline_and_manifest(small_report):
    names = {p.name for p in small_report.iterdir()}
    assert {"index.html", "figures", "tables", "values", "headline.csv", "headline.json", "disclosure.json",
            BUILD_MARKER} <= names
    pngs = sorted(p.stem for p in (small_report / "figures").glob("*.png"))
    svgs = sorted(p.stem for p in (small_report / "figures").glob("*.svg"))
    assert pngs == svgs and len(pngs) >= 20
    # every chart's data table is published beside it, except the individual-level index plot
    # and charts with nothing to publish (they say so in words, and no table is written)
    tables = {p.stem for p in (small_report / "tables").glob("*.csv")}
    values = {}
    for path in (small_report / "values").glob("*.json"):
        values.update(json.loads(path.read_text(encoding="utf-8"))["figures"])
    from analysis.audit.svg import parse_svg

    withheld = {name for name in pngs if "nothing-to-show" in parse_svg(small_report / "figures" / f"{name}.svg").gids}
    assert set(pngs) - {"04-index-plot"} - withheld <= tables
    # 30 careers are fewer than the 50 the month-by-month rates, moves and types need; the
    # chronogram (states at each time point, protected like every other table) is drawn
    assert {"04-moves-between-states", "04-monthly-changes", "04-mean-time-in-state",
            "04-career-typology"} <= withheld
    assert "04-chronogram" not in withheld and "04-chronogram" in tables
    values = sorted(p.stem for p in (small_report / "values").glob("*.json"))
    assert values == ["01-records-overview", "02-where-alumni-went", "03-fostering-objective",
                      "04-career-trajectories", "05-cohorts", "06-secretariat-functions"]


@pytest.mark.slow
def test_page_has_no_code_and_opens_with_the_findings(page):
    assert '<html lang="en">' in page
    assert "start_notebook" not in page and "import " not in page and "ctx." not in page
    assert 'class="banner"' in page and "Synthetic demonstration data" in page
    assert page.index('id="findings"') < page.index('id="headline-measures"') < page.index('class="notebook"')
    # each finding quotes figures: a percentage at least
    findings = re.search(r'<section id="findings".*?</section>', page, re.S).group(0)
    assert re.search(r"\d+%", findings)


@pytest.mark.slow
def test_page_contents_link_every_section_and_every_image_exists(page, small_report):
    anchors = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert anchors <= ids
    assert {f"nb-0{i}-" for i in range(1, 7)} <= {a[:6] for a in anchors}
    images = re.findall(r'<img src="([^"]+)"', page)
    assert len(images) >= 20 and all((small_report / src).is_file() for src in images)


@pytest.mark.slow
def test_every_shown_table_is_an_html_table_not_preformatted_text(page):
    assert page.count('<table class="report-table') >= 3  # data quality, headline (twice: page and nb03), types
    for block in re.findall(r"<pre[^>]*>(.*?)</pre>", page, re.S):
        assert "  " not in block.strip() or "\n" not in block.strip(), "a table printed as text"


@pytest.mark.slow
def test_no_machine_paths_reach_the_published_files(small_report):
    for path in small_report.rglob("*"):
        if path.suffix in (".html", ".json", ".csv", ".svg"):
            text = path.read_text(encoding="utf-8")
            assert str(small_report) not in text and "/tmp/" not in text and "/work/" not in text, path


@pytest.mark.slow
def test_headline_csv_json_and_the_page_agree(small_report, page):
    document = json.loads((small_report / "headline.json").read_text(encoding="utf-8"))
    assert document["is_synthetic"] is True and document["reference_date"] == "2026-09-30"
    assert document["disclosure"] == {"kind": "suppress", "k": 3, "threshold": 3, "marker": "c"}
    measures = {m["measure"]: m for m in document["measures"]}
    assert set(measures) >= {"in_field_24", "ever_in_field", "ever_in_field_2013", "currently_in_field", "alumni"}
    csv_text = (small_report / "headline.csv").read_text(encoding="utf-8")
    for row in document["measures"]:
        for column in ("numerator", "denominator"):
            value = row[column]
            assert value is None or not 1 <= value < 3
            if value is None:
                assert column in row["suppressed_columns"]
        assert row["label"] in page
    assert csv_text.splitlines()[0].startswith("measure,label,definition,reference_date,numerator")


@pytest.mark.slow
def test_values_record_what_each_notebook_stated(small_report):
    values = json.loads((small_report / "values" / "03-fostering-objective.json").read_text(encoding="utf-8"))
    figures = values["figures"]
    assert set(figures) >= {"03-in-field-rate-by-window", "03-ever-and-currently-in-field"}
    for figure in figures.values():
        assert figure["title"]
        # every n quoted in a footer is a shown count (k or more) or the marker
        for number in re.findall(r"n = ([\d,]+)", figure["n"]):
            assert int(number.replace(",", "")) >= 3
    assert "03-headline" in values["tables"] and values["tables"]["03-headline"]["rows"]


@pytest.mark.slow
def test_no_published_table_shows_a_count_below_k(small_report):
    import csv

    manifest = json.loads((small_report / "disclosure.json").read_text(encoding="utf-8"))
    assert manifest["policy"]["k"] == 3 and manifest["universes"]["advisors"]["rules"]
    checked = 0
    for name, table in manifest["tables"].items():
        path = small_report / table["csv"]
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for column in table["counts"]:
                    text = row[column]
                    if text in ("c", ""):
                        continue
                    checked += 1
                    assert not 1 <= float(text) < 3, f"{name} {column} = {text}"
    assert checked > 100


@pytest.mark.slow
def test_published_files_match_the_committed_digests(small_report):
    # CI fails when a published figure, table or headline file changes: tests/published.py
    # says what is pinned and how to accept an intended change (`make digests`).
    expected, found = committed(), digests(small_report)
    changed = sorted(n for n in set(expected) | set(found) if expected.get(n) != found.get(n))
    assert not changed, ("published files differ from tests/published-digests.json (run `make digests` "
                         "if the change is intended, and say why in the commit): " + ", ".join(changed))
    assert any(n.endswith(".svg") for n in found) and any(n.endswith(".png") for n in found)


@pytest.mark.slow
def test_two_builds_give_identical_bytes(small_data, small_report, tmp_path):
    again = build(params(small_data, declare_synthetic=True), tmp_path / "again", progress=False, audit=False,
                  pdf=False)
    first, second = snapshot(small_report), snapshot(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def _write_failing_notebooks(folder: Path) -> Path:
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · Failing"),
                nbformat.v4.new_code_cell("data_dir = None\nreference_date = '2026-09-30'\nk = 3",
                                          metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("raise ValueError('this cell always fails')")]
    nbformat.write(nb, folder / "01-failing.ipynb")
    return folder


@pytest.mark.slow
def test_a_failing_notebook_names_its_cell_and_keeps_the_previous_report(small_data, small_report, tmp_path):
    out = tmp_path / "kept"
    out.mkdir()
    (out / BUILD_MARKER).write_text("previous", encoding="utf-8")
    (out / "index.html").write_text("previous report", encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        build(params(small_data), out, notebooks_dir=_write_failing_notebooks(tmp_path / "nbs"), progress=False,
              audit=False, pdf=False)
    message = str(caught.value)
    assert "01-failing.ipynb" in message and "cell 4 (code cell 3)" in message and "ValueError" in message
    assert (out / "index.html").read_text(encoding="utf-8") == "previous report"
    assert not list(tmp_path.glob("kept.building-*"))


def test_output_inside_the_data_folder_is_refused(small_data):
    with pytest.raises(OutputFolderError, match="inside the data folder"):
        build(params(small_data), small_data / "report", progress=False)


def test_output_inside_the_project_data_folder_is_refused(small_data):
    from analysis.paths import DATA_DIR

    with pytest.raises(OutputFolderError):
        build(params(small_data), DATA_DIR / "report-here", progress=False)


def test_output_holding_the_data_is_refused(small_data):
    with pytest.raises(OutputFolderError, match="holds the data"):
        build(params(small_data), small_data.parent, progress=False)


def test_foreign_output_folder_is_not_replaced(small_data, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="not built by"):
        build(params(small_data), foreign, progress=False)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_invalid_data_raises_with_every_problem(records_dir, tmp_path):
    (records_dir / "advisors.csv").write_text(
        (records_dir / "advisors.csv").read_text(encoding="utf-8").replace("2008-12-31", "2008-02-30"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build(params(records_dir), tmp_path / "out", progress=False)
    assert any(p.value == "2008-02-30" and p.column == "term_end" for p in caught.value.problems)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, timeout=300)


def test_command_line_refuses_an_output_folder_without_traceback(small_data):
    result = _cli("report", "--data", str(small_data), "--out", str(small_data / "out"), "--quiet")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "inside the data folder" in result.stderr


def test_command_line_bad_data_exits_1_with_one_line_per_problem(records_dir, tmp_path):
    (records_dir / "placements.csv").write_text(
        (records_dir / "placements.csv").read_text(encoding="utf-8").replace("UNPOS", "UNPOSX"), encoding="utf-8")
    result = _cli("report", "--data", str(records_dir), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "placements.csv:2: column 'organisation' value 'UNPOSX'" in result.stdout


def test_command_line_speaks_the_report_language(records_dir, tmp_path):
    # `report --lang ja` lists the problems in Japanese (the command sets the language itself,
    # not by way of the build)
    (records_dir / "placements.csv").write_text(
        (records_dir / "placements.csv").read_text(encoding="utf-8").replace("UNPOS", "UNPOSX"), encoding="utf-8")
    result = _cli("report", "--data", str(records_dir), "--out", str(tmp_path / "out"), "--quiet", "--lang", "ja")
    assert result.returncode == 1
    assert "UNPOSX" in result.stdout and "列" in result.stdout
