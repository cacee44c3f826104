"""The one notebook runner (nbclient): the notebook list, parameter injection, execution.

Settings reach a notebook only through its cell tagged ``parameters``: the
runner adds a cell tagged ``injected-parameters`` right after it (papermill's
convention, so JupyterLab users recognise it) holding the values of this run.
The ``py:percent`` script beside each notebook is the source a reviewer
reads; :func:`execute_in_place` executes it and writes its ``.ipynb`` pair
with outputs (no timings, no machine paths).
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from analysis.errors import ReportError
from analysis.paths import NOTEBOOKS_DIR, PROJECT_ROOT

__all__ = ["KERNEL_NAME", "NOTEBOOK_PATTERN", "NotebookFailure", "execute", "execute_in_place", "find_notebooks",
           "inject_parameters", "notebook_scripts"]

#: Notebooks of the report, in name (= reading) order.
NOTEBOOK_PATTERN = "[0-9][0-9]-*.ipynb"
#: Kernel every notebook runs on (installed into .venv with ``--sys-prefix``).
KERNEL_NAME = "python3"


def find_notebooks(folder: Path | str = NOTEBOOKS_DIR) -> list[Path]:
    """The report's notebooks ``NN-topic.ipynb``, in reading order."""
    return sorted(p for p in Path(folder).glob(NOTEBOOK_PATTERN) if p.is_file())


def notebook_scripts(folder: Path | str = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebook scripts ``NN-topic.py`` (py:percent), in reading order."""
    return sorted(Path(folder).glob("[0-9][0-9]-*.py"))


def _literal(value: Any) -> str:
    if isinstance(value, Path):
        value = str(value)
    return repr(value)


def inject_parameters(nb: Any, parameters: dict[str, Any]) -> Any:
    """A copy of ``nb`` with an ``injected-parameters`` cell after the ``parameters`` cell."""
    nb = copy.deepcopy(nb)
    position = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if position is None:
        raise ReportError("the notebook has no cell tagged 'parameters'")
    source = "# Parameters of this run\n" + "\n".join(f"{k} = {_literal(v)}" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell["id"] = "injected-parameters"
    nb.cells.insert(position + 1, cell)
    return nb


@dataclass
class NotebookFailure(Exception):
    """A cell raised: where (notebook and cell) and what."""

    notebook: str
    cell: int
    code_cell: int
    error: str
    first_line: str

    def __str__(self) -> str:
        line = f"\n      {self.first_line}" if self.first_line else ""
        return f"  {self.notebook}: cell {self.cell} (code cell {self.code_cell}) raised {self.error}{line}"


def _environment() -> dict[str, str]:
    """The kernel imports this checkout's ``analysis`` whatever its working folder; no backend override."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def execute(nb: Any, *, cwd: Path, name: str, timeout: int = 1200) -> Any:
    """Execute ``nb`` in a fresh kernel; return the executed notebook or raise :class:`NotebookFailure`."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=timeout, record_timing=False,
                            resources={"metadata": {"path": str(cwd)}})
    try:
        # The kernel's own stderr only chatters (transport notices); errors come back as cell outputs.
        client.execute(env=_environment(), stderr=subprocess.DEVNULL)
    except CellExecutionError as err:
        # Cells are numbered as in the notebook the author wrote (the injected parameters cell is not).
        cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
        index = next((i for i, c in enumerate(cells)
                      if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))),
                     len(cells) - 1)
        code_number = sum(1 for c in cells[: index + 1] if c.cell_type == "code")
        source = cells[index].source if index < len(cells) else ""
        first = next((line.strip() for line in source.splitlines() if line.strip()), "")
        raise NotebookFailure(name, index + 1, code_number, f"{err.ename}: {err.evalue}", first) from err
    return nb


def execute_in_place(script: Path, *, timeout: int = 1200) -> Path:
    """Execute ``script`` (py:percent) on the default parameters and write its ``.ipynb`` pair."""
    import jupytext

    nb = jupytext.read(script)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": KERNEL_NAME}
    nb.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
    execute(nb, cwd=script.parent, name=script.name, timeout=timeout)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    target = script.with_suffix(".ipynb")
    jupytext.write(nb, target, fmt="ipynb")
    return target


def run_many(notebooks: Sequence[Path], parameters: dict[str, Any], *, jobs: int | None = None,
             progress: bool = True) -> list[Any]:
    """Execute notebooks with ``parameters`` injected, kernels started in parallel; results in order.

    Raises
    ------
    ReportError
        One or more notebooks failed; the message names each notebook, cell and error.
    """
    from concurrent.futures import ThreadPoolExecutor

    from tqdm import tqdm

    if not notebooks:
        return []
    workers = max(1, min(jobs or os.cpu_count() or 1, len(notebooks)))

    def run(path: Path) -> Any:
        nb = inject_parameters(nbformat.read(path, as_version=4), parameters)
        return execute(nb, cwd=path.parent, name=_shown(path))

    results: dict[Path, Any] = {}
    failures: list[str] = []
    with ThreadPoolExecutor(max_workers=workers) as pool, \
            tqdm(total=len(notebooks), desc="notebooks", unit="nb", file=sys.stderr, disable=not progress) as bar:
        futures = {pool.submit(run, path): path for path in notebooks}
        for future, path in futures.items():
            try:
                results[path] = future.result()
            except NotebookFailure as err:
                failures.append(str(err))
            except Exception as err:  # the kernel itself died
                failures.append(f"  {_shown(path)}: could not run the notebook: {type(err).__name__}: {err}")
            bar.update(1)
    if failures:
        raise ReportError(f"{len(failures)} of {len(notebooks)} notebooks failed; no report was written "
                          "(a previous report is left as it was):\n" + "\n".join(failures))
    return [results[p] for p in notebooks]


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
