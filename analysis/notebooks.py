"""Execute the paired notebooks in place so readers see them with outputs.

The ``py:percent`` script is the source a reviewer reads and edits; this module
reads it with jupytext, executes it on the default data with nbclient (no
timing metadata, cwd = ``notebooks/``) and writes the paired ``.ipynb``. Outputs
carry no machine paths: notebooks print paths relative to the project.
"""

from __future__ import annotations

from pathlib import Path

from analysis.paths import NOTEBOOKS_DIR


def notebook_scripts(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebook scripts ``NN-topic.py``, in reading order."""
    return sorted(folder.glob("[0-9][0-9]-*.py"))


def execute_in_place(script: Path, *, timeout: int = 600) -> Path:
    """Execute ``script`` (py:percent) and write its executed ``.ipynb`` pair; returns the notebook path."""
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(script)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
    client = NotebookClient(nb, kernel_name="python3", timeout=timeout, record_timing=False,
                            resources={"metadata": {"path": str(script.parent)}})
    client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    target = script.with_suffix(".ipynb")
    jupytext.write(nb, target, fmt="ipynb")
    return target


def start_notebook(data_dir: str | Path, *, k: int, policy_kind: str = "suppress"):
    """First call of every notebook: theme, validated records, disclosure policy.

    Applies :func:`analysis.figures.set_theme`, loads and validates the records
    (raising :class:`analysis.DataError` listing every problem), and prints the
    reconciliation of rows, the data source and the disclosure rule, so each
    notebook opens by showing what it stands on. Returns ``(records, policy)``.
    """
    from analysis.disclosure import DisclosurePolicy
    from analysis.figures import set_theme
    from analysis.loading import load_records

    set_theme()
    policy = DisclosurePolicy(kind=policy_kind, k=k)
    records = load_records(data_dir)
    print(records.report.summary())
    print(records.source_label)
    print(policy.describe())
    return records, policy
