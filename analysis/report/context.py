"""The notebook context: what every notebook starts with, and the one way it shows and publishes.

A notebook's first code cell after its parameters is::

    ctx = start_notebook("03-fostering-objective", globals())

which applies the language and the chart theme, loads the validated records
(or the build's snapshot of them) and computes every exhibit of the report,
protected together. Then each cell reads like a sentence of the story::

    windows = ctx.table("03-in-field-rate-by-window")
    ctx.show(windows)
    ctx.publish(rate_bars(windows, x="label", rate="in_field_rate", ...), windows)

:meth:`NotebookContext.show` displays a protected table (HTML in JupyterLab
and the report, aligned text for nbval); :meth:`NotebookContext.publish`
titles a chart from the protected table it draws, adds the footer (source,
reference date, n, notes), saves PNG and SVG and the table's CSV when the
notebook runs for the report, and shows it. Each notebook records what it
stated (titles, n, the tables as shown) in ``values/<notebook>.json`` beside
its figures, so tests assert on those values rather than on printed text.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt

from analysis.disclosure.export import display_table
from analysis.disclosure.protect import Protected
from analysis.i18n import set_language
from analysis.plots.theme import (
    FIGURE_DPI,
    chart_footer,
    figure_title,
    png_size,
    save_figure,
    set_theme,
)
from analysis.report.exhibits import compute_exhibits
from analysis.report.snapshot import load_snapshot, write_snapshot
from analysis.report.study import Parameters, Study
from analysis.report.tables import (
    TABLES_FOLDER,
    render_html,
    render_text,
    shown_columns,
    write_table,
)

__all__ = ["PARAMETER_NAMES", "open_context", "FIGURES_FOLDER", "TABLES_FOLDER", "VALUES_FOLDER", "NotebookContext", "load_snapshot", "start_notebook",
           "write_snapshot"]

FIGURES_FOLDER = "figures"
VALUES_FOLDER = "values"
#: Characters per title line before it wraps (titles state findings and can be long).
TITLE_WIDTH = 78


#: The names a notebook's parameters cell defines (its plain values reach :func:`start_notebook`).
PARAMETER_NAMES = ("data_dir", "reference_date", "k", "target", "lang", "policy", "declare_synthetic", "output_dir",
                   "snapshot", "snapshot_sha256")


def start_notebook(notebook: str, parameters: Mapping[str, Any]) -> NotebookContext:
    """The first call of every notebook: language, theme, validated records, every exhibit.

    Parameters
    ----------
    notebook : str
        The notebook's name (``"03-fostering-objective"``), used for its values file.
    parameters : mapping
        The notebook's namespace (``globals()``) or any mapping holding the
        values of its parameters cell (:data:`PARAMETER_NAMES`); other names
        are ignored.
    """
    values = {name: parameters[name] for name in PARAMETER_NAMES if name in parameters}
    missing = {"reference_date", "k"} - set(values)
    if missing:
        raise ValueError(f"the parameters cell must define {sorted(missing)}")
    return open_context(notebook, **values)


def open_context(
    notebook: str,
    *,
    data_dir: str | Path | None = None,
    reference_date: str,
    k: int,
    target: float = 0.5,
    lang: str = "en",
    policy: str = "suppress",
    declare_synthetic: bool = False,
    output_dir: str | Path | None = None,
    snapshot: str | Path | None = None,
    snapshot_sha256: str = "",
) -> NotebookContext:
    """:func:`start_notebook` with the parameters as keywords.

    Parameters
    ----------
    notebook : str
        The notebook's name, used for its values file.
    data_dir, reference_date, k, target, lang, policy, declare_synthetic
        The report's parameters (:class:`~analysis.report.study.Parameters`); a
        relative ``data_dir`` is read from the project root.
    output_dir : path, optional
        Where the report is being built: figures, tables and values are
        written there. None (JupyterLab, tests): nothing is written.
    snapshot, snapshot_sha256 : optional
        The build's snapshot of the validated records and exhibits (computed
        once per build); without it the records are loaded and validated here.

    Returns
    -------
    NotebookContext
    """
    set_language(lang)
    set_theme()
    params = Parameters.from_cell(data_dir, reference_date=reference_date, k=k, target=target, lang=lang,
                                  policy=policy, declare_synthetic=declare_synthetic)
    if snapshot:
        study, exhibits = load_snapshot(snapshot, snapshot_sha256)
        if study.params != params:
            raise ValueError("the snapshot was built with other parameters than this notebook's")
    else:
        study = Study.load(params)
        exhibits = compute_exhibits(study)
    return NotebookContext(notebook, study, exhibits, None if output_dir is None else Path(output_dir))


class NotebookContext:
    """Records, parameters, policy and the report's protected exhibits, for one notebook."""

    def __init__(self, notebook: str, study: Study, exhibits: dict[str, Protected], output_dir: Path | None):
        self.notebook = notebook
        self.study = study
        self.exhibits = exhibits
        self.output_dir = output_dir
        self.values: dict[str, Any] = {"notebook": notebook, "figures": {}, "tables": {}}

    @property
    def records(self):
        return self.study.records

    @property
    def params(self) -> Parameters:
        return self.study.params

    @property
    def policy(self):
        return self.study.policy

    def table(self, name: str) -> Protected:
        """The protected exhibit ``name`` (e.g. ``"02-destinations-by-sector"``)."""
        if name not in self.exhibits:
            raise KeyError(f"no exhibit {name!r}; the report publishes: {', '.join(self.exhibits)}")
        return self.exhibits[name]

    # -- showing tables --------------------------------------------------------------
    def show(self, table: Protected, columns: list[str] | None = None, *, caption: str | None = None) -> None:
        """Display a protected table: HTML for readers, aligned text for nbval; record what it shows."""
        from IPython.display import display

        if not isinstance(table, Protected):
            raise TypeError("ctx.show takes a Protected table (an exhibit, or the output of protect_*)")
        cap = table.meta.get("caption", "") if caption is None else caption
        display({"text/html": render_html(table, columns, caption=cap), "text/plain": render_text(table, columns)},
                raw=True)
        shown = display_table(table)[shown_columns(table, columns)] if len(table) else None
        self.values["tables"][table.name or f"table-{len(self.values['tables']) + 1}"] = {
            "caption": cap, "rows": [] if shown is None else shown.astype(str).to_dict("records")}
        self._write_table(table)
        self._write_values()

    # -- publishing charts -------------------------------------------------------------
    def publish(self, chart: Any, table: Protected, *, name: str | None = None) -> None:
        """Title, label, foot, save and show a chart drawn from ``table`` (an Axes or a Figure).

        The title, axis labels, n and notes come from the table's protected
        text (``table.meta``); the figure is saved as ``<name>.png`` and
        ``.svg`` (and the table as ``tables/<name>.csv``) when the notebook
        runs for the report, and shown inline otherwise.
        """
        if not isinstance(table, Protected):
            raise TypeError("ctx.publish needs the Protected table the chart was drawn from")
        fig = chart if hasattr(chart, "savefig") else chart.figure
        name = name or table.name
        meta = table.meta
        title = meta.get("title", "")
        axes = [ax for ax in fig.axes if ax.get_visible()]
        if title:
            wrapped = "\n".join(textwrap.wrap(title, TITLE_WIDTH))
            if len(axes) == 1 and axes[0].axison:
                axes[0].set_title(wrapped, loc="left")
            else:
                fig.suptitle(wrapped, x=0.0, ha="left", fontweight="bold", fontsize=13)
        if len(axes) == 1 and axes[0].axison:  # panels of several axes label themselves
            ax = axes[0]
            if meta.get("xlabel") and not ax.get_xlabel():
                ax.set_xlabel(meta["xlabel"])
            if meta.get("ylabel") and not ax.get_ylabel():
                ax.set_ylabel(meta["ylabel"])
        chart_footer(fig, self.study.footer(meta.get("n", ""), meta.get("notes", ())), place=self.output_dir is None)
        self.values["figures"][name] = {"title": title, "n": meta.get("n", ""), "notes": list(meta.get("notes", ()))}
        if self.output_dir is not None:
            written = save_figure(fig, name, folder=self.output_dir / FIGURES_FOLDER)
            self._write_table(table, name)
            self._show_saved(fig, name, written[0])
        else:
            from IPython.display import display

            display(fig)
        plt.close(fig)
        self._write_values()

    def _show_saved(self, fig: Any, name: str, png: Path) -> None:
        from IPython.display import display

        width, height = png_size(png)
        scale = FIGURE_DPI / 100  # shown at the size it has on screen at 100 dpi
        alt = html.escape(figure_title(fig) or name, quote=True)
        tag = (f'<figure class="report-figure"><img src="{FIGURES_FOLDER}/{png.name}" alt="{alt}" '
               f'width="{round(width / scale)}" height="{round(height / scale)}"></figure>')
        display({"text/html": tag, "text/plain": f"[figure {name}]"}, raw=True)

    # -- files ---------------------------------------------------------------------------
    def _write_table(self, table: Protected, name: str | None = None) -> None:
        if self.output_dir is None:
            return
        write_table(table, self.output_dir, name)

    def _write_values(self) -> None:
        if self.output_dir is None:
            return
        folder = self.output_dir / VALUES_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{self.notebook}.json").write_text(
            json.dumps(self.values, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
