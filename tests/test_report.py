"""analysis.report.build: the report build, end to end on tiny notebooks, and its parts.

The end-to-end tests write their own two small notebooks (so they do not depend on
the suite's notebooks) and replace ``headline_table`` with a small fake that goes
through the real disclosure control. ``build_small_report`` is reused by the
browser test.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis import report, synthetic
from analysis.disclosure.protect import DisclosurePolicy, protect_rates
from analysis.paths import DATA_DIR, PROJECT_ROOT

REFERENCE_DATE = dt.date(2026, 9, 30)

# --------------------------------------------------------------------------- tiny notebooks

PARAMETERS = 'data_dir = "../data/raw"\nreference_date = "2026-09-30"\nk = 3\ntarget = 0.5'
SETUP = """\
import datetime as dt
import warnings

import matplotlib.pyplot as plt

from analysis import load_records
from analysis.plots.theme import chart_footer, save_figure, set_theme

set_theme()
records = load_records(data_dir)
ref = dt.date.fromisoformat(reference_date)
print(f"advisors loaded: {len(records.advisors)}; k = {k}; target = {target:.0%}")"""
ALPHA_FIGURE = """\
years = records.advisors["intake"].str[2:6].value_counts().sort_index()
fig, ax = plt.subplots(figsize=(6, 3))
ax.bar(years.index, years.to_numpy(), color="#117733")
ax.set_title("Advisors by fiscal year of intake")
ax.set_xlabel("fiscal year")
ax.set_ylabel("advisors (people)")
ax.tick_params(axis="x", rotation=60)
chart_footer(fig, records=records, reference_date=ref, n=int(years.sum()))
save_figure(fig, "01-advisors-by-year")
plt.show()"""
BETA_FIGURE = """\
sectors = records.placements["sector"].value_counts().sort_values()
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.barh(sectors.index, sectors.to_numpy(), color="#44AA99")
ax.set_title("Placements by sector")
ax.set_xlabel("placements")
chart_footer(fig, records=records, reference_date=ref, n=f"{len(records.placements)} placements")
save_figure(fig, "02-placements-by-sector")
plt.show()"""
#: Code the page must never show (and output it must leave out).
CODE_SNIPPETS = (
    "import matplotlib",
    "load_records(",
    "set_theme()",
    "save_figure(",
    "chart_footer(",
    "plt.show()",
    "warnings.warn",
    "value_counts()",
    'data_dir = "../data/raw"',
)


def _parameters_cell():
    cell = new_code_cell(PARAMETERS)
    cell.metadata["tags"] = ["parameters"]
    return cell


def _write_notebook(path: Path, cells: list) -> Path:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    # fixed cell ids so the notebook file itself is the same on every run
    for number, cell in enumerate(nb.cells, start=1):
        cell["id"] = f"{path.stem}-{number}"
    nbformat.write(nb, path)
    return path


def write_tiny_notebooks(folder: Path) -> Path:
    """Two small notebooks, each with a parameters cell and a chart saved by save_figure."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_notebook(folder / "01-alpha.ipynb", [
        new_markdown_cell("# Alpha: who the advisors are\n\nAdvisors by intake.\n\n## Advisors by intake year"),
        _parameters_cell(),
        new_code_cell(SETUP),
        new_code_cell(ALPHA_FIGURE),
        new_markdown_cell("## A first look at the table"),
        new_code_cell('records.advisors[["advisor_id", "intake"]].head(3)'),
        new_code_cell('warnings.warn("only analysts see this warning")\nx = 1'),
        new_markdown_cell("## Notes\n\nA closing note with *emphasis*."),
    ])
    _write_notebook(folder / "02-beta.ipynb", [
        new_markdown_cell("# Beta: where they went\n\n## Placements by sector"),
        _parameters_cell(),
        new_code_cell(SETUP),
        new_code_cell(BETA_FIGURE),
        new_code_cell("plt.figure(figsize=(3, 2))\nplt.plot([0, 1], [1, 0])"),
        new_markdown_cell("## Notes\n\nThe same heading as in the first notebook."),
    ])
    # files that are not report notebooks: never run
    (folder / "scratch.ipynb").write_text("not a notebook", encoding="utf-8")
    (folder / "01-alpha.py").write_text("# paired script: not run\n", encoding="utf-8")
    return folder


def write_failing_notebook(folder: Path) -> Path:
    """Cells: 1 markdown, 2 parameters, 3 code, 4 markdown, 5 code that raises."""
    return _write_notebook(folder / "03-boom.ipynb", [
        new_markdown_cell("# Boom"),
        _parameters_cell(),
        new_code_cell("x = 1"),
        new_markdown_cell("## Before the error"),
        new_code_cell('raise ValueError("boom in the third notebook")'),
    ])


# --------------------------------------------------------------------------- fake measures


def fake_headline_table(records, *, reference_date, policy):
    """Three measures in the contract's form, protected by the real disclosure control."""
    a = records.advisors
    ref = pd.Timestamp(reference_date)
    alumni = a["term_end"].notna() & (a["term_end"] <= ref)
    confirmed = alumni & (a["history_confirmed_on"] >= ref - pd.DateOffset(months=12))
    placed = alumni & a["advisor_id"].isin(set(records.placements["advisor_id"]))
    n_alumni = int(alumni.sum())
    table = pd.DataFrame({
        "measure": ["Alumni with a recorded post", "Alumni confirmed in the last 12 months", "A measure about two people"],
        "definition": ["alumni with any placement / alumni", "alumni confirmed since ref - 12 months / alumni",
                       "one of two people: suppressed"],
        "reference_date": [ref.date()] * 3,
        "numerator": [int(placed.sum()), int(confirmed.sum()), 1],
        "denominator": [n_alumni, n_alumni, 2],
        "knowledge_numerator": [int(confirmed.sum()), int(confirmed.sum()), 2],
        "knowledge_denominator": [n_alumni, n_alumni, 2],
        "source": ["fake measures for the report tests"] * 3,
    })
    table.insert(5, "rate", table["numerator"] / table["denominator"])
    table.insert(8, "knowledge_rate", table["knowledge_numerator"] / table["knowledge_denominator"])
    table = protect_rates(table, numerator="numerator", denominator="denominator", rate_cols="rate", policy=policy)
    return protect_rates(table, numerator="knowledge_numerator", denominator="knowledge_denominator",
                         rate_cols="knowledge_rate", policy=policy)


# --------------------------------------------------------------------------- running builds


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_report(data: Path, out: Path | None, notebooks: Path, *, k: int = 3, target: float = 0.5) -> Run:
    """``build_report`` as the command line calls it, with the fake measures, output captured."""
    args = argparse.Namespace(data=data, out=out, reference_date=REFERENCE_DATE, k=k, target=target)
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(report, "headline_table", fake_headline_table)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = report.build_report(args, notebooks_dir=notebooks)
    return Run(code, stdout.getvalue(), stderr.getvalue())


@dataclass
class SmallReport:
    root: Path
    data: Path
    notebooks: Path
    out: Path
    run: Run


def build_small_report(root: Path) -> SmallReport:
    """Generate 30 synthetic advisors, write the tiny notebooks and build the report."""
    data = root / "data"
    synthetic.write(data, n_advisors=30, seed=3)
    notebooks = write_tiny_notebooks(root / "notebooks")
    out = root / "reports"
    run = run_report(data, out, notebooks)
    assert run.code == 0, run.stderr
    return SmallReport(root, data, notebooks, out, run)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small_report(tmp_path_factory) -> SmallReport:
    return build_small_report(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def page(small_report) -> str:
    return (small_report.out / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- end to end


@pytest.mark.slow
def test_build_writes_page_figures_and_headline_files(small_report):
    files = set(snapshot(small_report.out))
    assert {"index.html", "headline.csv", "headline.json", ".report-build"} <= files
    assert {
        "figures/01-advisors-by-year.png", "figures/01-advisors-by-year.svg",
        "figures/02-placements-by-sector.png", "figures/02-placements-by-sector.svg",
    } <= files
    assert "index.html" in small_report.run.stdout
    assert "notebooks" in small_report.run.stderr  # the progress bar
    # nothing left next to the report, nothing written beside the notebooks
    assert sorted(p.name for p in small_report.root.iterdir()) == ["data", "notebooks", "reports"]
    assert not list(small_report.notebooks.glob("*.png"))


@pytest.mark.slow
def test_page_has_no_code_and_no_prompts(page):
    assert "jp-InputArea" not in page
    assert "input_area" not in page
    assert "jp-InputPrompt" not in page and "In&nbsp;[" not in page and "Out[" not in page
    for snippet in CODE_SNIPPETS:
        assert snippet not in page, f"code text {snippet!r} reached the page"


@pytest.mark.slow
def test_page_header_banner_and_headline_first(page):
    assert "Synthetic demonstration data" in page
    assert "2026-09-30" in page.split("</header>")[0]
    assert "k = 3" in page.split("</header>")[0]
    main = page.split("<main>")[1]
    assert main.index('id="headline-measures"') < main.index('id="nb-01-alpha"') < main.index('id="nb-02-beta"')
    headline = main.split('id="nb-01-alpha"')[0]
    assert "Alumni with a recorded post" in headline
    assert "<td class=\"num\">c</td>" in headline  # the suppressed measure shows the marker
    assert "%" in headline


@pytest.mark.slow
def test_page_contents_link_every_notebook_and_heading(page):
    nav = page.split('<nav class="toc"')[1].split("</nav>")[0]
    targets = [href[1:] for href in re.findall(r'href="(#[^"]+)"', nav)]
    assert targets[:3] == ["headline-measures", "nb-01-alpha", "nb-01-alpha--advisors-by-intake-year"]
    assert "nb-02-beta" in targets
    assert "Alpha: who the advisors are" in nav and "Beta: where they went" in nav
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids on the page must be unique"
    for target in targets:
        assert target in ids, f"contents link #{target} has no target"
    # the same heading in two notebooks gets two ids
    assert "nb-01-alpha--notes" in ids and "nb-02-beta--notes" in ids


@pytest.mark.slow
def test_page_outputs_figures_tables_and_text(page, small_report):
    assert 'src="figures/01-advisors-by-year.png"' in page
    assert 'src="figures/02-placements-by-sector.png"' in page
    assert 'alt="Advisors by fiscal year of intake"' in page
    assert page.count("data:image/png;base64,") == 1  # the one chart not saved by save_figure
    assert "advisors loaded: 30; k = 3; target = 50%" in page  # parameters were injected
    assert 'class="dataframe"' in page
    assert "only analysts see this warning" not in page  # stderr is left out
    assert "Line2D" not in page and " at 0x" not in page  # memory addresses are left out
    assert str(small_report.root) not in page and "/tmp/" not in page
    assert "cell-id=01-alpha-1" in page


@pytest.mark.slow
def test_headline_csv_and_json(small_report):
    csv_text = (small_report.out / "headline.csv").read_text(encoding="utf-8")
    lines = csv_text.splitlines()
    assert lines[0].startswith("measure,definition,reference_date,numerator,denominator,rate")
    assert lines[3].startswith("A measure about two people,one of two people: suppressed,2026-09-30,c,c,c")
    raw = (small_report.out / "headline.json").read_text(encoding="utf-8")
    doc = json.loads(raw)
    assert raw == json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert doc["reference_date"] == "2026-09-30" and doc["k"] == 3 and doc["is_synthetic"] is True
    first, _, small = doc["measures"]
    assert small["numerator"] is None and small["denominator"] is None and small["rate"] is None
    assert small["suppressed"] is True
    assert set(small["suppressed_columns"]) >= {"numerator", "denominator", "rate"}
    assert first["suppressed"] in (True, False)
    assert isinstance(first["denominator"], int) and first["reference_date"] == "2026-09-30"


@pytest.mark.slow
def test_two_builds_give_identical_bytes(small_report):
    before = snapshot(small_report.out)
    again = run_report(small_report.data, small_report.out, small_report.notebooks)  # replaces the report
    assert again.code == 0, again.stderr
    after = snapshot(small_report.out)
    assert sorted(after) == sorted(before)
    for name in before:
        assert after[name] == before[name], f"{name} differs between two builds"
    assert sorted(p.name for p in small_report.root.iterdir()) == ["data", "notebooks", "reports"]


@pytest.mark.slow
def test_failing_notebook_keeps_previous_report(small_report, tmp_path):
    out = tmp_path / "reports"
    shutil.copytree(small_report.out, out)
    before = snapshot(out)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(small_report.notebooks / "01-alpha.ipynb", notebooks)
    write_failing_notebook(notebooks)

    run = run_report(small_report.data, out, notebooks)

    assert run.code != 0
    assert "03-boom.ipynb" in run.stderr
    assert "cell 5 (code cell 3)" in run.stderr
    assert "ValueError: boom in the third notebook" in run.stderr
    assert "01-alpha" not in run.stderr.split("error:")[1]  # only the failing notebook is named
    assert "Traceback" not in run.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "reports"]


@pytest.mark.slow
def test_failing_first_build_leaves_nothing(small_report, tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_failing_notebook(notebooks)
    run = run_report(small_report.data, tmp_path / "reports", notebooks)
    assert run.code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks"]


# --------------------------------------------------------------------------- refusals (fast)


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("small") / "data"
    synthetic.write(data, n_advisors=30, seed=3)
    return data


def test_output_inside_the_data_folder_is_refused(small_data, tmp_path):
    out = small_data / "reports"
    run = run_report(small_data, out, tmp_path)
    assert run.code == 2
    assert "inside the data folder" in run.stderr
    assert not out.exists()


def test_output_inside_the_project_data_folder_is_refused(small_data, tmp_path):
    out = DATA_DIR / "raw" / "report-should-not-exist"
    run = run_report(small_data, out, tmp_path)
    assert run.code == 2
    assert "inside the data folder" in run.stderr
    assert not out.exists()


def test_output_holding_the_data_is_refused(small_data, tmp_path):
    run = run_report(small_data, small_data.parent, tmp_path)
    assert run.code == 2
    assert "holds the data" in run.stderr
    assert (small_data / "advisors.csv").is_file()


def test_foreign_output_folder_is_not_replaced(small_data, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    run = run_report(small_data, out, tmp_path / "notebooks")
    assert run.code == 2
    assert ".report-build" in run.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_invalid_data_lists_problems_and_exits_1(records_dir, tmp_path):
    advisors = records_dir / "advisors.csv"
    advisors.write_text(advisors.read_text().replace("2008-04-01", "2008-13-01"), encoding="utf-8")
    out = tmp_path / "reports"
    run = run_report(records_dir, out, tmp_path)
    assert run.code == 1
    problems = run.stdout.strip().splitlines()
    assert problems and any(line.startswith("advisors.csv:2:") for line in problems)
    assert "2008-13-01" in run.stdout
    assert not out.exists()


def test_command_line_refuses_without_traceback(small_data):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--data", str(small_data), "--out", str(small_data / "r")],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120,
    )
    assert result.returncode == 2
    assert "inside the data folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_command_line_bad_data_exits_1_without_traceback(records_dir):
    (records_dir / "placements.csv").write_text(
        (records_dir / "placements.csv").read_text().replace("UNPOS", "NOT-AN-ORG"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--data", str(records_dir)],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120,
    )
    assert result.returncode == 1
    assert "placements.csv:2: column 'organisation'" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_find_notebooks_takes_numbered_notebooks_in_order(tmp_path):
    for name in ("02-b.ipynb", "01-a.ipynb", "1-short.ipynb", "ab-x.ipynb", "01-a.py", "10-z.ipynb"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [p.name for p in report.find_notebooks(tmp_path)] == ["01-a.ipynb", "02-b.ipynb", "10-z.ipynb"]


# --------------------------------------------------------------------------- conversion (fast)


def _executed_notebook():
    params = new_code_cell(PARAMETERS, execution_count=1)
    params.metadata["tags"] = ["parameters"]
    injected = new_code_cell('data_dir = "/abs/data"', execution_count=2)
    injected.metadata["tags"] = ["injected-parameters"]
    noisy = new_code_cell("x", execution_count=3, outputs=[
        new_output("stream", name="stdout", text="read /work/somewhere/data/raw\n"),
        new_output("stream", name="stderr", text="FutureWarning: something\n"),
        new_output("execute_result", data={"text/plain": "[<matplotlib.lines.Line2D at 0x7f3a2b1c>]"},
                   execution_count=3),
    ])
    styled = new_code_cell("df.style", execution_count=4, outputs=[
        new_output("display_data", data={
            "text/html": '<style>#T_ab12c_row0_col0 {color: red}</style><table id="T_ab12c"></table>',
            "text/plain": "<Styler>",
        }),
    ])
    hidden = new_code_cell("secret()", execution_count=5, outputs=[
        new_output("stream", name="stdout", text="hidden output\n"),
    ])
    hidden.metadata["tags"] = ["remove-output"]
    silent = new_code_cell("y = 2", execution_count=6)
    silent.metadata["papermill"] = {"duration": 0.1, "start_time": "2026-01-01T00:00:00"}
    nb = new_notebook(cells=[
        new_markdown_cell("# Title & more\n\nIntro.\n\n## Part one\n\n## Part one"),
        params, injected, noisy, styled, hidden, silent,
        new_markdown_cell("### Detail <em>here</em>"),
    ])
    nb.metadata["papermill"] = {"start_time": "2026-01-01T00:00:00", "duration": 3.2}
    return nb


def test_convert_notebook_keeps_only_what_evaluators_read():
    section = report.convert_notebook(
        _executed_notebook(), "05-topic", replacements=[("/work/somewhere/data/raw", "data/raw")]
    )
    body = section.html
    assert section.title == "Title & more"
    assert [(level, anchor) for level, anchor, _ in section.headings] == [
        (2, "nb-05-topic--part-one"), (2, "nb-05-topic--part-one-2"), (3, "nb-05-topic--detail-here"),
    ]
    assert '<h2 id="nb-05-topic--title-more">Title &amp; more</h2>' in body  # h1 becomes h2
    assert "read data/raw" in body and "/work/somewhere" not in body
    assert "FutureWarning" not in body and "Line2D" not in body and "hidden output" not in body
    assert "/abs/data" not in body and "data_dir" not in body
    assert "T_ab12c" not in body and "#T_05-topic-1_row0_col0" in body and 'id="T_05-topic-1"' in body
    assert "jp-InputArea" not in body and "In&nbsp;[" not in body
    assert "y = 2" not in body and "2026-01-01" not in body


def test_clean_notebook_numbers_cells_and_drops_metadata():
    nb = report.clean_notebook(_executed_notebook(), "05-topic")
    assert [c["id"] for c in nb.cells] == ["05-topic-1", "05-topic-2", "05-topic-3", "05-topic-4"]
    assert nb.metadata == {"language_info": {"name": "python"}}
    assert all(c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    assert all("papermill" not in c.metadata for c in nb.cells)


def test_conversion_is_deterministic():
    a = report.convert_notebook(_executed_notebook(), "05-topic").html
    b = report.convert_notebook(_executed_notebook(), "05-topic").html
    assert a == b


def test_headline_records_and_html_mark_suppressed_cells(small_data):
    from analysis.records.validation import load_records

    policy = DisclosurePolicy(k=3)
    table = report._dates_as_text(fake_headline_table(load_records(small_data), reference_date=REFERENCE_DATE,
                                                      policy=policy))
    rows = report.headline_records(table)
    assert rows[2]["rate"] is None and rows[2]["suppressed"] is True
    assert rows[2]["reference_date"] == "2026-09-30"
    html_table = report.headline_html(table, policy)
    assert html_table.count("<tr>") == 4
    assert "Knowledge rate" in html_table and "knowledge_numerator" not in html_table
