"""Report build: ``python -m analysis report`` (entry point :func:`build_report`).

Steps, each of which stops the build with a clear message:

1. Validate the records with :func:`analysis.load_records` (exit 1, one line per problem).
2. Check the output folder: never inside ``data/`` or the data folder read, never a
   folder that holds the data, the notebooks or the project, and never an existing
   folder this command did not build (exit 2).
3. Compute the headline measures (``analysis.measures.headline_table``, already
   protected against disclosure).
4. Execute every ``notebooks/NN-*.ipynb`` with papermill, in parallel, injecting
   ``data_dir``, ``reference_date``, ``k`` and ``target`` into the cell tagged
   ``parameters``. Charts are exported by :func:`analysis.figures.save_figure` into
   the report's ``figures/`` folder (``ADVISOR_FIGURES_DIR``) and shown in the HTML
   by reference.
5. Write ``index.html`` (one page, no code), ``headline.csv`` and ``headline.json``.

Everything is written into ``<out>.building-<pid>`` next to the output folder and
moved into place only when complete: a failed build leaves the previous report as
it was. The same data and parameters give byte-identical files: no timestamps, no
absolute paths, no random ids (cell ids, heading ids and pandas Styler ids are
derived from the notebook names), figures saved without metadata; warnings
(stderr) and outputs showing memory addresses are left out of the page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import math
import multiprocessing
import os
import re
import shutil
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.config import DEFAULT_K, DEFAULT_REFERENCE_DATE, DEFAULT_TARGET
from analysis.figures import FIGURES_ENV, FIGURES_LINK_ENV
from analysis.paths import DATA_DIR, NOTEBOOKS_DIR, PROJECT_ROOT, REPORTS_DIR
from analysis.problems import DataError

if TYPE_CHECKING:
    import pandas as pd

    from analysis.disclosure import DisclosurePolicy
    from analysis.loading import Records

__all__ = [
    "KERNEL_NAME",
    "NOTEBOOK_PATTERN",
    "ReportError",
    "build",
    "build_report",
    "find_notebooks",
    "headline_table",
]

#: Notebooks the report runs, in name order.
NOTEBOOK_PATTERN = "[0-9][0-9]-*.ipynb"
#: Kernel every notebook runs on (installed into .venv with ``--sys-prefix``).
KERNEL_NAME = "python3"
#: Folder inside the report holding the exported charts.
FIGURES_FOLDER = "figures"
#: File marking a folder as built by this command (only such folders are replaced).
BUILD_MARKER = ".report-build"
_MARKER_TEXT = (
    "This folder is built by `python -m analysis report` and replaced as a whole on every build.\n"
)
#: Decimals of rates in headline.csv and headline.json.
DECIMALS = 4
#: Columns of the headline table shown on the page, in this order (all are in the CSV and JSON).
HEADLINE_HTML_COLUMNS = (
    "measure", "definition", "reference_date", "numerator", "denominator", "rate",
    "knowledge_rate", "comparator", "source",
)
#: Cell tags whose cells never appear in the report (papermill's and nbconvert's conventions).
_REMOVED_CELL_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell", "remove_cell"})
_REMOVED_OUTPUT_TAGS = frozenset({"remove-output", "remove_output"})
#: Output types that cannot be shown offline or carry random ids.
_DROPPED_MIMETYPES = (
    "application/javascript",
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.jupyter.widget-state+json",
)
_MEMORY_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]{4,}")
_STYLER_ID = re.compile(r"\bT_([0-9a-f]{5})(?![0-9A-Za-z])")
_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE)
_ID_ATTR = re.compile(r"""\s+id\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_FIGURE_SRC = re.compile(r'src="' + FIGURES_FOLDER + r'/([^"]+)"')


class ReportError(Exception):
    """The report could not be built; ``exit_code`` is what the command returns."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


# --------------------------------------------------------------------------- entry points


def build_report(args: argparse.Namespace, *, notebooks_dir: Path | str = NOTEBOOKS_DIR) -> int:
    """``python -m analysis report``: build the report and return the exit code.

    ``args`` holds ``data`` (folder of records), ``out`` (None: ``reports/``),
    ``reference_date`` (date), ``k`` (int) and ``target`` (float). Returns 0 on
    success, 1 for invalid data (one line per problem on stdout) or a failed
    notebook (notebook, cell and error on stderr), 2 for a refused output folder.
    """
    try:
        out = build(
            args.data,
            args.out,
            reference_date=args.reference_date,
            k=args.k,
            target=args.target,
            notebooks_dir=notebooks_dir,
        )
    except DataError as err:
        for problem in err.problems:
            print(problem)
        print(f"{len(err.problems)} problem(s) in {args.data}; no report built.", file=sys.stderr)
        return 1
    except ReportError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    print(f"report written to {_shown_path(out)}{os.sep}index.html")
    return 0


def build(
    data_dir: Path | str,
    out_dir: Path | str | None = None,
    *,
    reference_date: dt.date = DEFAULT_REFERENCE_DATE,
    k: int = DEFAULT_K,
    target: float = DEFAULT_TARGET,
    notebooks_dir: Path | str = NOTEBOOKS_DIR,
    jobs: int | None = None,
    progress: bool = True,
) -> Path:
    """Build the report from the records in ``data_dir`` into ``out_dir``; return the folder.

    Args:
        data_dir: folder of records (CSV files or the workbook).
        out_dir: output folder; None means ``reports/`` in the project.
        reference_date: reference date of every measure.
        k: disclosure threshold (counts of 1..k-1 people are suppressed).
        target: the evaluator's target in-field rate (0-1), passed to the notebooks.
        notebooks_dir: folder holding the ``NN-topic.ipynb`` notebooks.
        jobs: notebooks run at once; None means ``os.cpu_count()``.
        progress: show a progress bar on stderr.

    Notebooks run in worker processes started with ``spawn``: a script that calls
    ``build`` must do so under ``if __name__ == "__main__":`` (the command line,
    pytest and notebooks need nothing).

    Raises:
        DataError: the records break a rule (every problem listed).
        ReportError: refused output folder (``exit_code`` 2) or a failed notebook (1).
    """
    from analysis.disclosure import DisclosurePolicy
    from analysis.loading import load_records

    data_dir = Path(data_dir).resolve()
    notebooks_dir = Path(notebooks_dir).resolve()
    out = Path(out_dir if out_dir is not None else REPORTS_DIR).resolve()
    records = load_records(data_dir)
    check_output_folder(out, data_dir=data_dir, notebooks_dir=notebooks_dir)
    notebooks = find_notebooks(notebooks_dir)
    if not notebooks:
        print(f"warning: no notebooks matching {NOTEBOOK_PATTERN} in {_shown_path(notebooks_dir)}; "
              "the report holds the headline measures only", file=sys.stderr)
    policy = DisclosurePolicy(k=k)
    table = _dates_as_text(headline_table(records, reference_date=reference_date, policy=policy))

    out.parent.mkdir(parents=True, exist_ok=True)
    building = out.with_name(f"{out.name}.building-{os.getpid()}")
    _remove(building)
    try:
        building.mkdir()
        figures = building / FIGURES_FOLDER
        figures.mkdir()
        parameters = {
            "data_dir": str(data_dir),
            "reference_date": reference_date.isoformat(),
            "k": int(k),
            "target": float(target),
        }
        replacements = _path_replacements(data_dir, notebooks_dir, building)
        sections = run_notebooks(
            notebooks, parameters, figures_dir=figures, replacements=replacements,
            jobs=jobs, progress=progress,
        )
        page = render_page(
            sections, table, policy=policy, records=records,
            reference_date=reference_date, k=k, target=target,
        )
        missing = sorted({m for m in _FIGURE_SRC.findall(page) if not (figures / html.unescape(m)).is_file()})
        if missing:
            raise ReportError(f"the page shows figures that were not saved in {FIGURES_FOLDER}/: {', '.join(missing)}")
        (building / "index.html").write_text(page, encoding="utf-8", newline="\n")
        write_headline(table, building, policy=policy, records=records, reference_date=reference_date,
                       k=k, target=target)
        (building / BUILD_MARKER).write_text(_MARKER_TEXT, encoding="utf-8", newline="\n")
        _replace_folder(building, out)
    except BaseException:
        _remove(building)
        raise
    return out


def headline_table(records: Records, *, reference_date: dt.date, policy: DisclosurePolicy) -> pd.DataFrame:
    """The headline measures: ``analysis.measures.headline_table`` (one row per measure).

    Columns include ``measure``, ``definition``, ``reference_date``, ``numerator``,
    ``denominator``, ``rate``, ``knowledge_rate`` and ``source``; the table is
    already protected by ``analysis.disclosure.protect_*``.
    """
    measures = import_module("analysis.measures")
    return measures.headline_table(records, reference_date=reference_date, policy=policy)


def find_notebooks(notebooks_dir: Path | str = NOTEBOOKS_DIR) -> list[Path]:
    """The report's notebooks, ``NN-topic.ipynb``, in name (= reading) order."""
    return sorted(p for p in Path(notebooks_dir).glob(NOTEBOOK_PATTERN) if p.is_file())


# --------------------------------------------------------------------------- output folder


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_folder(out: Path, *, data_dir: Path, notebooks_dir: Path) -> None:
    """Refuse an output folder the build must not write to or replace (ReportError, exit 2)."""
    out = out.resolve()
    for folder in (DATA_DIR.resolve(), data_dir.resolve()):
        if _inside(out, folder):
            raise ReportError(
                f"refusing to write the report into {_shown_path(out)}: it is inside the data "
                f"folder {_shown_path(folder)}, which code never writes to. Choose another --out "
                "(default reports/).",
                exit_code=2,
            )
    for folder, what in ((data_dir, "the data"), (notebooks_dir, "the notebooks"), (PROJECT_ROOT, "the project")):
        if _inside(folder.resolve(), out):
            raise ReportError(
                f"refusing to use {_shown_path(out)} as the output folder: it holds {what} "
                "and is replaced as a whole on every build. Choose another --out (default reports/).",
                exit_code=2,
            )
    if out.exists() and not out.is_dir():
        raise ReportError(f"refusing to replace {_shown_path(out)}: it is a file, not a folder", exit_code=2)
    if out.is_dir() and not (out / BUILD_MARKER).is_file() and any(out.iterdir()):
        raise ReportError(
            f"refusing to replace {_shown_path(out)}: it is not empty and was not built by "
            f"`python -m analysis report` (no {BUILD_MARKER} file). Remove it or choose another --out.",
            exit_code=2,
        )


def _replace_folder(new: Path, target: Path) -> None:
    """Move the finished build ``new`` to ``target``, replacing the previous report."""
    if not target.exists():
        os.replace(new, target)
        return
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    _remove(old)
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _shown_path(path: Path) -> str:
    """``path`` relative to the working folder when inside it (for messages)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- notebooks


@dataclass
class Section:
    """One executed notebook, converted to an HTML fragment for the page."""

    stem: str
    html: str = ""
    title: str = ""
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text)
    error: str = ""


def run_notebooks(
    notebooks: Sequence[Path],
    parameters: dict[str, Any],
    *,
    figures_dir: Path,
    replacements: Sequence[tuple[str, str]] = (),
    jobs: int | None = None,
    progress: bool = True,
) -> list[Section]:
    """Execute ``notebooks`` in parallel and convert each to a page section, in order.

    Raises:
        ReportError: one or more notebooks failed; the message names each notebook,
            the failing cell and the error.
    """
    from tqdm import tqdm

    if not notebooks:
        return []
    workers = max(1, min(jobs or os.cpu_count() or 1, len(notebooks)))
    tasks = [
        {
            "path": str(path),
            "parameters": parameters,
            "figures_dir": str(figures_dir),
            "replacements": list(replacements),
        }
        for path in notebooks
    ]
    results: dict[str, Section] = {}
    context = multiprocessing.get_context("spawn")
    with (
        ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool,
        tqdm(total=len(tasks), desc="notebooks", unit="nb", file=sys.stderr, disable=not progress) as bar,
    ):
        futures = {pool.submit(_run_notebook, task): Path(task["path"]) for task in tasks}
        for future in as_completed(futures):
            path = futures[future]
            try:
                section = future.result()
            except Exception as err:  # the worker process itself died
                section = Section(path.stem, error=f"{_shown_path(path)}: {type(err).__name__}: {err}")
            results[path.stem] = section
            bar.set_postfix_str(path.name, refresh=False)
            bar.update(1)
    failed = [results[p.stem].error for p in notebooks if results[p.stem].error]
    if failed:
        raise ReportError(
            f"{len(failed)} of {len(notebooks)} notebooks failed; no report was written "
            "(a previous report is left as it was):\n" + "\n".join(failed)
        )
    return [results[p.stem] for p in notebooks]


def _run_notebook(task: dict[str, Any]) -> Section:
    """Worker: execute one notebook with papermill and convert it (runs in its own process)."""
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    path = Path(task["path"])
    # Kernels inherit this process's stderr and chatter on it (transport warnings,
    # shutdown messages); errors come back through papermill instead.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    os.environ[FIGURES_ENV] = task["figures_dir"]
    os.environ[FIGURES_LINK_ENV] = FIGURES_FOLDER + "/"
    os.environ.pop("MPLBACKEND", None)  # the kernel's inline backend puts charts into the outputs
    # The kernel imports this checkout's ``analysis``, whatever its working folder.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    shown = _shown_path(path)
    try:
        executed = pm.execute_notebook(
            str(path),
            None,
            parameters=task["parameters"],
            kernel_name=KERNEL_NAME,
            cwd=str(path.parent),
            progress_bar=False,
            log_output=False,
        )
    except PapermillExecutionError as err:
        original = nbformat.read(path, as_version=4)
        return Section(path.stem, error=_describe_failure(shown, original, err))
    except Exception as err:
        return Section(path.stem, error=f"{shown}: could not run the notebook: {type(err).__name__}: {err}")
    try:
        return convert_notebook(executed, path.stem, replacements=task["replacements"])
    except Exception as err:
        return Section(path.stem, error=f"{shown}: could not convert the notebook: {type(err).__name__}: {err}")


def _describe_failure(shown: str, original: Any, err: Any) -> str:
    """``notebooks/03-x.ipynb: cell 5 (code cell 3) raised ValueError: ...`` plus the line."""
    source = err.source or ""
    candidates = [i for i, c in enumerate(original.cells) if c.cell_type == "code" and c.source == source]
    if candidates:
        index = min(candidates, key=lambda i: abs(i - err.cell_index))
        code_number = sum(1 for c in original.cells[: index + 1] if c.cell_type == "code")
        where = f"cell {index + 1} (code cell {code_number})"
    else:
        where = f"cell {err.cell_index + 1} of the executed notebook (execution count {err.exec_count})"
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    message = f"  {shown}: {where} raised {err.ename}: {err.evalue}"
    if first:
        message += f"\n      {first}"
    return message


# --------------------------------------------------------------------------- conversion

_TEMPLATE_NAME = "advisor_report.html.j2"
_TEMPLATE = """{%- extends 'lab/base.html.j2' -%}
{% from 'cell_id_anchor.j2' import cell_id_anchor %}
{#- Markdown cells without the input-area wrappers JupyterLab draws around them. -#}
{% block markdowncell scoped %}
<div {{ cell_id_anchor(cell) }} class="jp-Cell jp-MarkdownCell jp-Notebook-cell">
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">
{{ cell.source | markdown2html | strip_files_prefix }}
</div>
</div>
{%- endblock markdowncell %}
{%- block data_javascript scoped %}{%- endblock -%}
{%- block data_widget_view scoped %}{%- endblock -%}
"""


def _exporter() -> Any:
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        template_file=_TEMPLATE_NAME,
        extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )


def _slug(text: str) -> str:
    slug = re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-")
    return slug or "section"


def _keep_output(output: dict[str, Any]) -> bool:
    kind = output.get("output_type")
    if kind == "stream":
        return output.get("name") != "stderr" and bool(output.get("text"))
    if kind in ("display_data", "execute_result"):
        data = output.get("data", {})
        for mimetype in _DROPPED_MIMETYPES:
            data.pop(mimetype, None)
        if set(data) <= {"text/plain"} and _MEMORY_ADDRESS.search(str(data.get("text/plain", ""))):
            return False  # e.g. [<matplotlib.lines.Line2D at 0x7f...>]: noise, and never the same twice
        return bool(data)
    return kind == "error"


def clean_notebook(nb: Any, stem: str) -> Any:
    """An executed notebook reduced to what the report shows, with stable ids.

    Drops the parameters cells and cells tagged ``remove-cell``, outputs of cells
    tagged ``remove-output``, warnings (stderr), JavaScript and widget outputs,
    outputs that only show memory addresses and code cells left without output;
    removes execution counts, timings and papermill metadata; numbers cell ids
    ``<stem>-<n>``.
    """
    import copy

    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & _REMOVED_CELL_TAGS:
            continue
        if cell.cell_type == "code":
            outputs = [] if tags & _REMOVED_OUTPUT_TAGS else [o for o in cell.get("outputs", []) if _keep_output(o)]
            if not outputs:
                continue
            cell.outputs = outputs
            cell.execution_count = None
            for output in outputs:
                if "execution_count" in output:
                    output["execution_count"] = None
        elif cell.cell_type == "markdown" and not cell.source.strip():
            continue
        cell.metadata = {"tags": sorted(tags)} if tags else {}
        cells.append(cell)
    id_stem = re.sub(r"[^A-Za-z0-9_-]", "-", stem)[:50]
    for number, cell in enumerate(cells, start=1):
        cell["id"] = f"{id_stem}-{number}"
    nb.cells = cells
    nb.metadata = {"language_info": {"name": "python"}}
    return nb


def convert_notebook(nb: Any, stem: str, *, replacements: Sequence[tuple[str, str]] = ()) -> Section:
    """HTML fragment (no code, no prompts) and table-of-contents entries of one executed notebook.

    Headings move down one level (the page has its own title), get ids
    ``nb-<stem>--<slug>`` and are listed for the table of contents; pandas
    Styler ids are renumbered; absolute paths in ``replacements`` are replaced.
    """
    body, _ = _exporter().from_notebook_node(clean_notebook(nb, stem))
    for absolute, shown in replacements:
        body = body.replace(absolute, shown)
    section_id = f"nb-{_slug(stem)}"

    styler_ids: dict[str, str] = {}

    def styler(match: re.Match[str]) -> str:
        new = styler_ids.setdefault(match.group(1), f"{_slug(stem)}-{len(styler_ids) + 1}")
        return f"T_{new}"

    body = _STYLER_ID.sub(styler, body)

    headings: list[tuple[int, str, str]] = []
    used: set[str] = set()
    title = ""

    def heading(match: re.Match[str]) -> str:
        nonlocal title
        level = int(match.group(1))
        attrs = _ID_ATTR.sub("", match.group(2) or "")
        inner = match.group(3)
        text = " ".join(html.unescape(_TAG.sub("", inner)).split())
        base = f"{section_id}--{_slug(text)}"
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        if level == 1 and not title:
            title = text
        else:
            headings.append((level, anchor, text))
        shown = min(level + 1, 6)
        return f'<h{shown} id="{anchor}"{attrs}>{inner}</h{shown}>'

    body = _HEADING.sub(heading, body)
    if not title:
        title = stem[3:].replace("-", " ").capitalize() if len(stem) > 3 else stem
        body = f"<h2>{html.escape(title)}</h2>\n{body}"
    return Section(stem, html=body.strip() + "\n", title=title, headings=headings)


def _path_replacements(data_dir: Path, notebooks_dir: Path, building: Path) -> list[tuple[str, str]]:
    """Absolute paths that must not reach the page, longest first, and what replaces them."""

    def shown(path: Path) -> str:
        try:
            return path.relative_to(PROJECT_ROOT).as_posix()
        except ValueError:
            return path.name

    pairs = {
        str(building / FIGURES_FOLDER): FIGURES_FOLDER,
        str(building): ".",
        str(data_dir): shown(data_dir),
        str(notebooks_dir): shown(notebooks_dir),
        str(PROJECT_ROOT): ".",
    }
    return sorted(pairs.items(), key=lambda item: -len(item[0]))


# --------------------------------------------------------------------------- headline table


def _dates_as_text(table: pd.DataFrame) -> pd.DataFrame:
    """Date columns as ``YYYY-MM-DD`` text (the CSV would otherwise show times)."""
    import pandas as pd

    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column].dtype):
            out[column] = out[column].dt.strftime("%Y-%m-%d").astype(object)
        elif out[column].dtype == object:
            out[column] = [
                v.date().isoformat() if isinstance(v, dt.datetime)
                else v.isoformat() if isinstance(v, dt.date) else v
                for v in out[column].tolist()
            ]
    out.attrs = table.attrs
    return out


def _is_rate(column: Any) -> bool:
    return isinstance(column, str) and (column == "rate" or column.endswith("_rate"))


def _label(column: Any) -> str:
    return str(column).replace("_", " ").capitalize()


def _json_value(value: Any) -> Any:
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        x = float(value)
        if math.isnan(x) or math.isinf(x):
            return None
        x = round(x, DECIMALS)
        return int(x) if x.is_integer() and abs(x) > 1 else x
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def headline_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """One dict per measure: suppressed values as None, plus ``suppressed`` flags."""
    from analysis.disclosure import is_suppressed

    masks = {c: is_suppressed(table, c).to_numpy(dtype=bool) for c in table.columns}
    rows = []
    for i in range(len(table)):
        row = {}
        hidden = []
        for column in table.columns:
            if masks[column][i]:
                row[str(column)] = None
                hidden.append(str(column))
            else:
                row[str(column)] = _json_value(table[column].iloc[i])
        row["suppressed"] = bool(hidden)
        row["suppressed_columns"] = hidden
        rows.append(row)
    return rows


def write_headline(
    table: pd.DataFrame,
    folder: Path,
    *,
    policy: DisclosurePolicy,
    records: Records,
    reference_date: dt.date,
    k: int,
    target: float,
) -> tuple[Path, Path]:
    """Write ``headline.csv`` (via ``disclosure.write_csv``) and ``headline.json``."""
    from analysis.disclosure import write_csv

    counts = [c for c in table.columns if isinstance(c, str) and c.endswith(("numerator", "denominator"))]
    csv_path = write_csv(table, folder / "headline.csv", policy=policy, count_cols=counts, decimals=DECIMALS)
    document = {
        "disclosure": {
            "description": policy.describe(),
            "k": policy.k,
            "kind": policy.kind,
            "marker": policy.marker,
        },
        "is_synthetic": bool(records.is_synthetic),
        "k": int(k),
        "measures": headline_records(table),
        "reference_date": reference_date.isoformat(),
        "source": records.source_label,
        "target": float(target),
    }
    json_path = folder / "headline.json"
    json_path.write_text(
        json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
        encoding="utf-8",
        newline="\n",
    )
    return csv_path, json_path


def headline_html(table: pd.DataFrame, policy: DisclosurePolicy) -> str:
    """The headline table as an HTML table: suppressed cells as the policy's marker, rates in %."""
    import pandas as pd

    from analysis.disclosure import display_table, is_suppressed

    preferred = [c for c in HEADLINE_HTML_COLUMNS if c in table.columns]
    if preferred:
        table = table[preferred]  # the other columns are in headline.csv and headline.json
    shown = display_table(table, policy, decimals=DECIMALS)
    numeric = {c: pd.api.types.is_numeric_dtype(table[c].dtype) for c in table.columns}
    for column in table.columns:
        if not (_is_rate(column) and numeric[column]):
            continue
        values = pd.to_numeric(table[column], errors="coerce").astype("Float64")
        if (values.dropna() > 1).any():
            continue  # already percentages: leave as they are
        hidden = is_suppressed(table, column)
        shown[column] = [
            policy.marker if h else "" if pd.isna(v) else f"{float(v) * 100:.1f}%"
            for v, h in zip(values.tolist(), hidden.tolist(), strict=True)
        ]
    num_class = ' class="num"'
    head = "".join(
        f'<th scope="col"{num_class if numeric[c] else ""}>{html.escape(_label(c))}</th>'
        for c in table.columns
    )
    rows = []
    for i in range(len(shown)):
        cells = []
        for j, column in enumerate(table.columns):
            text = html.escape(str(shown.iloc[i, j]))
            if j == 0:
                cells.append(f'<th scope="row">{text}</th>')
            else:
                cells.append(f'<td class="num">{text}</td>' if numeric[column] else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<div class="table-wrap"><table class="headline">\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table></div>\n"
    )


# --------------------------------------------------------------------------- the page

_CSS = """
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --rule: #d0d7de; --accent: #0b5394; }
* { box-sizing: border-box; }
html { scroll-behavior: auto; }
body { margin: 0; font: 16px/1.55 "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: #fff; }
.banner { margin: 0; padding: .6rem 1.5rem; background: #fff4ce; border-bottom: 1px solid #d4b84a; font-weight: 600; }
.report-header { border-bottom: 1px solid var(--rule); padding-bottom: 1rem; }
.report-header h1 { margin: 1rem 1.5rem .25rem; font-size: 1.8rem; line-height: 1.25; }
.report-header .subtitle { margin: 0 1.5rem; color: var(--muted); }
.parameters { display: flex; flex-wrap: wrap; gap: .25rem 2rem; margin: .75rem 1.5rem 0; }
.parameters div { display: flex; gap: .4rem; }
.parameters dt { color: var(--muted); }
.parameters dd { margin: 0; font-weight: 600; }
.layout { display: grid; grid-template-columns: minmax(12rem, 17rem) minmax(0, 1fr); gap: 2.5rem;
  max-width: 84rem; margin: 0 auto; padding: 0 1.5rem; }
.toc { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto;
  padding: 1rem 0; font-size: .9rem; }
.toc h2 { font-size: 1rem; margin: 0 0 .5rem; }
.toc ol { list-style: none; margin: 0; padding-left: 0; }
.toc ol ol { padding-left: .9rem; margin: .15rem 0 .4rem; font-size: .85rem; }
.toc li { margin: .15rem 0; }
.toc a { color: var(--accent); text-decoration: none; }
.toc a:hover, .toc a:focus { text-decoration: underline; }
main { min-width: 0; padding: 1rem 0 4rem; }
section, h1, h2, h3, h4, h5, h6 { scroll-margin-top: 1rem; }
main h2 { font-size: 1.45rem; margin: 1.5rem 0 .5rem; }
main h3 { font-size: 1.2rem; margin: 1.25rem 0 .4rem; }
section.notebook { border-top: 1px solid var(--rule); margin-top: 2.5rem; padding-top: .5rem; }
table { border-collapse: collapse; font-size: .9rem; margin: .75rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .6rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
table.headline th[scope="row"] { min-width: 11rem; }
table.headline td:nth-child(2) { min-width: 18rem; }
.table-wrap, .jp-OutputArea-output { overflow-x: auto; }
.jp-OutputArea-output { margin: .5rem 0; }
.dataframe td, .dataframe th { text-align: right; }
img { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; font-size: .85rem; background: #f6f8fa; padding: .5rem .75rem;
  border-radius: 4px; margin: .5rem 0; }
.note { color: var(--muted); font-size: .85rem; }
footer { border-top: 1px solid var(--rule); color: var(--muted); font-size: .85rem; padding: 1rem 1.5rem 2rem; }
@media (max-width: 60rem) { .layout { grid-template-columns: 1fr; } .toc { position: static; max-height: none; } }
@media print { .toc { display: none; } .layout { display: block; } }
"""


def _toc(sections: Sequence[Section]) -> str:
    items = ['<li><a href="#headline-measures">Headline measures</a></li>']
    for section in sections:
        sub = "".join(
            f'<li class="level-{level}"><a href="#{anchor}">{html.escape(text)}</a></li>'
            for level, anchor, text in section.headings
            if level <= 3
        )
        nested = f"<ol>{sub}</ol>" if sub else ""
        items.append(f'<li><a href="#nb-{_slug(section.stem)}">{html.escape(section.title)}</a>{nested}</li>')
    return '<nav class="toc" aria-label="Contents">\n<h2>Contents</h2>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</nav>\n"


def render_page(
    sections: Sequence[Section],
    table: pd.DataFrame,
    *,
    policy: DisclosurePolicy,
    records: Records,
    reference_date: dt.date,
    k: int,
    target: float,
) -> str:
    """The report page: header, contents, headline table first, then one section per notebook."""
    date = reference_date.isoformat()
    esc = html.escape
    banner = (
        '<p class="banner" role="note">Synthetic demonstration data: these records are invented '
        "and describe no real advisor.</p>\n"
        if records.is_synthetic
        else ""
    )
    parameters = [
        ("Reference date", date),
        ("Disclosure threshold", f"k = {int(k)}"),
        ("Target in-field rate", f"{float(target) * 100:g}%"),
        ("Data", records.source_label.removeprefix("Source: ")),
    ]
    dl = "".join(f"<div><dt>{esc(t)}</dt><dd>{esc(d)}</dd></div>" for t, d in parameters)
    headline = (
        '<section id="headline-measures">\n<h2>Headline measures</h2>\n'
        f'<p class="note">Reference date {esc(date)}. Every outcome rate is shown with its knowledge '
        "rate (the share of people whose status is known).</p>\n"
        + headline_html(table, policy)
        + f'<p class="note">{esc(policy.describe())} Machine-readable: '
        '<a href="headline.csv">headline.csv</a>, <a href="headline.json">headline.json</a>.</p>\n'
        "</section>\n"
    )
    body = "".join(
        f'<section class="notebook" id="nb-{_slug(s.stem)}">\n{s.html}</section>\n' for s in sections
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>Advisor career paths: evaluation report, reference date {esc(date)}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header class="report-header">\n{banner}'
        "<h1>Advisor career paths: evaluation report</h1>\n"
        '<p class="subtitle">Where former International Peace Cooperation Program Advisors '
        "(国際平和協力研究員) went, and how well the system meets its objectives.</p>\n"
        f'<dl class="parameters">{dl}</dl>\n</header>\n'
        '<div class="layout">\n'
        + _toc(sections)
        + "<main>\n"
        + headline
        + body
        + "</main>\n</div>\n"
        f"<footer>{esc(records.source_label)}. Reference date {esc(date)}. "
        "Built by <code>python -m analysis report</code>.</footer>\n"
        "</body>\n</html>\n"
    )
