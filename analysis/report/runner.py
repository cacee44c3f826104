"""The one notebook runner (nbclient): the notebook list, parameter injection, execution.

Settings reach a notebook only through its cell tagged ``parameters``: the
runner adds a cell tagged ``injected-parameters`` right after it (papermill's
convention, so JupyterLab users recognise it) holding the values of this run.
The ``py:percent`` script beside each notebook is the source a reviewer
reads; :func:`execute_in_place` executes it and writes its ``.ipynb`` pair
with outputs (no timings, no machine paths).
"""

from __future__ import annotations

import contextlib
import copy
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# jsonschema imports rfc3987_syntax when it is installed (JupyterLab's jupyter-events brings it),
# and that module compiles a grammar on import: about 1 s of every build, for a string format
# nbformat never checks. Marking it absent skips it (it stays importable in other processes).
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import nbformat  # noqa: E402

from analysis.errors import ReportError  # noqa: E402
from analysis.paths import NOTEBOOKS_DIR, PROJECT_ROOT  # noqa: E402

__all__ = ["KERNEL_NAME", "NOTEBOOK_PATTERN", "KernelPool", "NotebookFailure", "execute", "execute_in_place",
           "find_notebooks", "inject_parameters", "notebook_scripts", "run_many"]

#: Notebooks of the report, in name (= reading) order.
NOTEBOOK_PATTERN = "[0-9][0-9]-*.ipynb"
#: Kernel every notebook runs on (installed into .venv with ``--sys-prefix``).
KERNEL_NAME = "python3"
#: What a kernel of the pool imports while the build validates the records: the modules
#: every notebook needs, so that no notebook pays for them.
WARM_UP = ("import io, matplotlib.pyplot, pandas, seaborn, scipy.optimize\n"
           "import analysis.report.context, analysis.plots.charts, analysis.plots.sequence_plots\n"
           "from IPython.display import display\n"
           # One small chart drawn and saved in both formats: fonts (Latin and Japanese) loaded,
           # renderers and caches built, so the first notebook of the kernel does not pay for them.
           "from analysis.plots.theme import chart_footer, new_axes, save_figure, set_theme\n"
           "set_theme(); _ax = new_axes(); _ax.bar(['a', '研究員'], [1, 2]); _ax.set_title('Warm-up 0123')\n"
           "chart_footer(_ax.figure, 'warm-up', place=False)\n"
           "for _fmt in ('png', 'svg'): _ax.figure.savefig(io.BytesIO(), format=_fmt, dpi=200)\n"
           "matplotlib.pyplot.close('all'); del _ax, _fmt")
#: Run in a pooled kernel before each notebook after the first: the next notebook starts from a
#: clean namespace and the default style, as in a fresh kernel (modules stay imported).
RESET = ("get_ipython().run_line_magic('reset', '-f')\n"
         "import matplotlib as _mpl, matplotlib.pyplot as _plt\n"
         "_plt.close('all'); _mpl.rcdefaults(); del _mpl, _plt")


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


class KernelPool:
    """Kernels started together in background threads, each warmed with the library's imports.

    The build starts the pool first, so that kernels start and import while
    the records are validated; :func:`run_many` then runs the notebooks on
    them, several per kernel (the namespace reset between notebooks).
    """

    def __init__(self, size: int, *, cwd: Path = NOTEBOOKS_DIR):
        from concurrent.futures import ThreadPoolExecutor

        self.size = max(1, size)
        self.cwd = Path(cwd)
        self._starter = ThreadPoolExecutor(max_workers=self.size)
        self._futures = [self._starter.submit(self._start) for _ in range(self.size)]

    def _start(self) -> Any:
        from jupyter_client.manager import KernelManager

        km = KernelManager(kernel_name=KERNEL_NAME)
        km.start_kernel(env=_environment(), stderr=subprocess.DEVNULL, cwd=str(self.cwd))
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            reply = kc.execute_interactive(WARM_UP, timeout=300, store_history=False, output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                raise ReportError(f"a kernel could not import the library: {reply['content'].get('evalue', '')}")
        finally:
            kc.stop_channels()
        return km

    def kernel(self, i: int) -> Any:
        """The ``i``-th kernel manager (waits until it has started and warmed up)."""
        return self._futures[i].result()

    def close(self) -> None:
        """Shut every kernel down (those still starting too)."""
        for future in self._futures:
            try:
                km = future.result()
            except Exception:  # noqa: BLE001 - a kernel that never started needs no shutdown
                continue
            with contextlib.suppress(Exception):  # already gone
                km.shutdown_kernel(now=True)
        self._starter.shutdown(wait=True)

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _failure(nb: Any, name: str, err: Any) -> NotebookFailure:
    # Cells are numbered as in the notebook the author wrote (the injected parameters cell is not).
    cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    index = next((i for i, c in enumerate(cells)
                  if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))),
                 len(cells) - 1)
    code_number = sum(1 for c in cells[: index + 1] if c.cell_type == "code")
    source = cells[index].source if index < len(cells) else ""
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return NotebookFailure(name, index + 1, code_number, f"{err.ename}: {err.evalue}", first)


def _renumber(nb: Any) -> Any:
    """Execution counts 1, 2, ... as in a fresh kernel (a pooled kernel keeps counting)."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.get("execution_count") is None:
            continue
        count += 1
        cell.execution_count = count
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = count
    return nb


def execute(nb: Any, *, cwd: Path, name: str, timeout: int = 1200, km: Any = None, reset: bool = False) -> Any:
    """Execute ``nb``; return the executed notebook or raise :class:`NotebookFailure`.

    Without ``km`` a fresh kernel is started (and shut down); with a running
    kernel manager the notebook runs on it, after :data:`RESET` when ``reset``.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(nb, km=km, kernel_name=KERNEL_NAME, timeout=timeout, record_timing=False,
                            resources={"metadata": {"path": str(cwd)}})
    try:
        if km is None:
            # The kernel's own stderr only chatters (transport notices); errors come back as cell outputs.
            client.execute(env=_environment(), stderr=subprocess.DEVNULL)
        else:
            with client.setup_kernel():
                if reset:
                    reply = client.kc.execute_interactive(RESET, timeout=60, store_history=False,
                                                          output_hook=lambda msg: None)
                    if reply["content"]["status"] != "ok":
                        raise ReportError(f"could not reset the kernel before {name}")
                client.execute()
            if client.kc is not None:
                client.kc.stop_channels()
    except CellExecutionError as err:
        raise _failure(nb, name, err) from err
    return _renumber(nb) if km is not None else nb


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
             progress: bool = True, pool: KernelPool | None = None) -> list[Any]:
    """Execute notebooks with ``parameters`` injected, on a pool of kernels; results in order.

    Notebooks are shared out to the kernels by :func:`lanes` (a fixed
    assignment, so every run executes the same notebooks in the same kernels
    in the same order).

    Parameters
    ----------
    notebooks : sequence of Path
        The notebooks, in reading order.
    parameters : dict
        Values injected after each notebook's ``parameters`` cell.
    jobs : int, optional
        Kernels to start when no ``pool`` is given (default: the number of cores).
    pool : KernelPool, optional
        Kernels already started (and warmed up); closed by the caller.

    Raises
    ------
    ReportError
        One or more notebooks failed; the message names each notebook, cell and error.
    """
    from concurrent.futures import ThreadPoolExecutor

    from tqdm import tqdm

    if not notebooks:
        return []
    own = pool is None
    if pool is None:
        pool = KernelPool(min(jobs or os.cpu_count() or 1, len(notebooks)), cwd=Path(notebooks[0]).parent)
    size = min(pool.size, len(notebooks))
    assigned = lanes(notebooks, size)
    results: dict[Path, Any] = {}
    failures: dict[Path, str] = {}

    def run_lane(lane: int, bar: Any) -> None:
        km = pool.kernel(lane)
        for count, path in enumerate(assigned[lane]):
            nb = inject_parameters(nbformat.read(path, as_version=4), parameters)
            try:
                results[path] = execute(nb, cwd=path.parent, name=_shown(path), km=km, reset=count > 0)
            except NotebookFailure as err:
                failures[path] = str(err)
            except Exception as err:  # noqa: BLE001 - the kernel itself died: name the notebook
                failures[path] = f"  {_shown(path)}: could not run the notebook: {type(err).__name__}: {err}"
                break
            finally:
                bar.update(1)
        for path in assigned[lane]:
            if path not in results and path not in failures:
                failures[path] = f"  {_shown(path)}: not run (its kernel stopped at an earlier notebook)"

    try:
        with ThreadPoolExecutor(max_workers=size) as workers, \
                tqdm(total=len(notebooks), desc="notebooks", unit="nb", file=sys.stderr, disable=not progress) as bar:
            for future in [workers.submit(run_lane, lane, bar) for lane in range(size)]:
                future.result()
    finally:
        if own:
            pool.close()
    if failures:
        shown = [failures[p] for p in notebooks if p in failures]
        raise ReportError(f"{len(failures)} of {len(notebooks)} notebooks failed; no report was written "
                          "(a previous report is left as it was):\n" + "\n".join(shown))
    return [results[p] for p in notebooks]


def notebook_weight(path: Path) -> int:
    """Expected cost of a notebook: one, plus one per chart it publishes (charts dominate)."""
    nb = nbformat.read(path, as_version=4)
    return 1 + sum(cell.source.count(".publish(") for cell in nb.cells if cell.cell_type == "code")


def lanes(notebooks: Sequence[Path], size: int) -> list[list[Path]]:
    """Share notebooks out to ``size`` kernels so that each kernel's total weight is about equal.

    Longest first, each to the lightest lane so far (ties: the lower lane,
    then reading order); each lane keeps reading order. Deterministic: it
    depends only on the notebooks' sources.
    """
    weights = {path: notebook_weight(path) for path in notebooks}
    order = sorted(notebooks, key=lambda path: (-weights[path], list(notebooks).index(path)))
    assigned: list[list[Path]] = [[] for _ in range(size)]
    totals = [0] * size
    for path in order:
        lane = min(range(size), key=lambda i: (totals[i], i))
        assigned[lane].append(path)
        totals[lane] += weights[path]
    position = {path: i for i, path in enumerate(notebooks)}
    return [sorted(lane, key=position.__getitem__) for lane in assigned]


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
