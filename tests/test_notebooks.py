"""Notebooks as tested artefacts, beside nbval.

nbval (``pytest --nbval --nbval-current-env ... notebooks/``) re-runs every
committed notebook and compares its text outputs. The tests here check what
nbval cannot: the committed notebooks are clean, each notebook runs with
other parameters injected by the runner (as the report build does), and what
it then states (its ``values/*.json`` and tables) shows no count below k.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import nbformat
import pytest

from analysis.paths import NOTEBOOKS_DIR
from analysis.report.exhibits import compute_exhibits
from analysis.report.runner import execute, find_notebooks, inject_parameters
from analysis.report.study import Parameters, Study

NOTEBOOKS = find_notebooks()
OTHER = {"reference_date": "2020-03-31", "k": 5}
MACHINE_PATHS = ("/work/", "/tmp/", "/root/", "/home/")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebooks_are_executed_clean_and_open_with_their_title(path: Path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.lstrip().startswith("# ")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.get("execution_count") for c in code), "notebook saved unexecuted"
    assert len([c for c in code if "parameters" in c.metadata.get("tags", [])]) == 1
    text = json.dumps([c.get("outputs", []) for c in code])
    for fragment in MACHINE_PATHS:
        assert fragment not in text, f"{path.name}: output holds a machine path {fragment}"
    for out in (o for c in code for o in c.get("outputs", [])):
        assert out.get("output_type") != "error"
        assert not (out.get("output_type") == "stream" and out.get("name") == "stderr"), out.get("text")
    assert all(not c.source.rstrip().endswith(";") for c in code)
    # every markdown cell says which language it is written in
    assert all({"lang-en", "lang-ja"} & set(c.metadata.get("tags", [])) for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_after_the_parameters_calls_the_library(path: Path):
    """Notebooks narrate: no function or class is defined, no loop computes, nothing is imported but the library."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        for line in cell.source.splitlines():
            assert not re.match(r"\s*(def|class|for|while|lambda)\b", line), f"{path.name}: {line}"
            if line.startswith(("import ", "from ")):
                assert line.startswith("from analysis."), f"{path.name}: {line}"


@pytest.fixture(scope="module")
def other_exhibits():
    params = Parameters.from_cell("data/raw", reference_date=OTHER["reference_date"], k=OTHER["k"], target=0.5)
    return compute_exhibits(Study.load(params))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_with_other_parameters_and_states_no_count_below_k(path: Path, tmp_path: Path,
                                                                         other_exhibits):
    nb = inject_parameters(nbformat.read(path, as_version=4), {**OTHER, "output_dir": str(tmp_path)})
    execute(nb, cwd=NOTEBOOKS_DIR, name=path.name)
    values = json.loads((tmp_path / "values" / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert values["figures"] or values["tables"]
    for figure in values["figures"].values():
        for number in re.findall(r"n = ([\d,]+)", figure["n"]):
            assert int(number.replace(",", "")) >= OTHER["k"], figure
    for table_path in (tmp_path / "tables").glob("*.csv"):
        counts = other_exhibits[table_path.stem].counts
        with table_path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for column in counts:
                    if row[column] not in ("c", ""):
                        assert not 1 <= float(row[column]) < OTHER["k"], (table_path.name, column, row[column])
