"""Notebooks as tested artefacts.

nbval compares the committed outputs of ``notebooks/*.ipynb`` with a fresh run
(``pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks/``).
The tests here check what nbval cannot: every notebook runs with non-default
parameters injected by papermill (as the report build does), and the headline
table printed under those parameters shows no count of 1..k-1 people.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
PARAMETERS = {"reference_date": "2020-03-31", "k": 5}
HEADLINE_COUNTS = ("numerator", "denominator", "knowledge_numerator", "knowledge_denominator")
MACHINE_PATHS = ("/work/", "/tmp/", "/root/", "/home/")


def _stream_text(nb: nbformat.NotebookNode) -> str:
    return "\n\n".join(
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream"
    )


def parse_headline(text: str) -> list[dict[str, str]]:
    """Rows of the printed headline table, as text, keyed by column name.

    The table is printed by ``display_table(...).to_string(index=False)``,
    which right-aligns every column under its header: the value of a column
    is the last word of the row up to the end of the column's name.
    """
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^\s*measure\s+numerator\s+denominator", line))
    header = lines[start]
    ends = {name: m.end() for m in re.finditer(r"\S+", header) for name in [m.group()]}
    rows = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        rows.append({name: (line[:end].split() or [""])[-1] for name, end in ends.items() if name != "measure"})
    return rows


def test_parse_headline_reads_counts_and_markers():
    text = (
        "                               measure numerator denominator  rate knowledge_numerator"
        " knowledge_denominator knowledge_rate comparator\n"
        "  In the field 6 months after term end        28          89 0.315                  89"
        "                   100           0.89 \n"
        "                   Alumni (term ended)         c         110     c                   0"
        "                     0                \n\n"
    )
    rows = parse_headline(text)
    assert rows[0]["numerator"] == "28" and rows[0]["knowledge_denominator"] == "100"
    assert rows[1]["numerator"] == "c" and rows[1]["denominator"] == "110"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_outputs_are_clean(path: Path):
    """Committed notebooks are executed, free of machine paths, warnings and errors."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.get("execution_count") for c in code), "notebook saved unexecuted"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    text = json.dumps([c.get("outputs", []) for c in code])
    for fragment in MACHINE_PATHS:
        assert fragment not in text, f"{path.name}: output holds a machine path {fragment}"
    for out in (o for c in code for o in c.get("outputs", [])):
        assert out.get("output_type") != "error"
        assert not (out.get("output_type") == "stream" and out.get("name") == "stderr"), out.get("text")
    assert all(not c.source.rstrip().endswith(";") for c in code)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_with_other_parameters(path: Path, tmp_path: Path):
    import papermill as pm

    out = tmp_path / path.name
    pm.execute_notebook(
        str(path), str(out), parameters=PARAMETERS, kernel_name="python3", cwd=str(NOTEBOOKS_DIR),
        progress_bar=False, log_output=False,
    )
    nb = nbformat.read(out, as_version=4)
    text = _stream_text(nb)
    assert f"Counts of 1 to {PARAMETERS['k'] - 1} people" in text  # the policy in force is k=5
    if "measure numerator denominator" in re.sub(r"\s+", " ", text):
        rows = parse_headline(text)
        assert rows
        for row in rows:
            for col in HEADLINE_COUNTS:
                value = row[col]
                if value in ("c", ".."):
                    continue
                number = float(value)
                assert not 1 <= number < PARAMETERS["k"], f"{path.name}: {row} shows {col}={value}"
