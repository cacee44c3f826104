"""The chart theme, the chart footer and the one helper that saves every figure.

Every notebook starts with :func:`set_theme`, puts :func:`chart_footer` under
each chart an evaluator reads (data source, reference date, n) and exports it
with :func:`save_figure`, which writes byte-identical PNG and SVG files from run
to run (fixed dpi, tight bounding box, no timestamps or version strings, fixed
SVG hash salt).

Where figures go
----------------
``save_figure(fig, name)`` writes nothing unless a folder is given or the
environment variable ``ADVISOR_FIGURES_DIR`` names one, so notebooks run in
JupyterLab or under tests never write into the repository. The report build
(``python -m analysis report``) sets ``ADVISOR_FIGURES_DIR`` to the report's
``figures/`` folder, and also ``ADVISOR_FIGURES_LINK`` (the folder's address
relative to the HTML page, ``figures/``): then ``save_figure`` shows the saved
PNG through a link in the notebook output, and closes the figure so that it is
not embedded a second time. Call ``save_figure`` before ``plt.show()``.
"""

from __future__ import annotations

import datetime as dt
import html
import numbers
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
from matplotlib.transforms import offset_copy

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from analysis.loading import Records

__all__ = [
    "FIGURES_ENV",
    "FIGURES_LINK_ENV",
    "FIGURE_DPI",
    "FIGURE_NAME",
    "SVG_HASHSALT",
    "chart_footer",
    "save_figure",
    "set_theme",
]

#: Environment variable naming the folder ``save_figure`` writes to when no folder is given.
FIGURES_ENV = "ADVISOR_FIGURES_DIR"
#: Set by the report build: address of the figures folder relative to the HTML report.
FIGURES_LINK_ENV = "ADVISOR_FIGURES_LINK"
#: Figure names: two-digit notebook number, then lower-case words joined by hyphens.
FIGURE_NAME = re.compile(r"^[0-9]{2}-[a-z0-9-]+$")
#: Resolution of the exported PNG files (dots per inch).
FIGURE_DPI = 200
#: Fixed salt for the ids matplotlib writes into SVG files (else they are random).
SVG_HASHSALT = "advisor-careers"
#: Font used on every chart; DejaVu Sans ships with matplotlib, so it is the same everywhere.
FONT_FAMILY = "DejaVu Sans"

#: Metadata written into each format: none that changes between runs or versions.
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Creator": None, "Date": None},
}
_FOOTER_GID = "chart-footer"
_FOOTER_GAP_POINTS = 8


def set_theme() -> None:
    """Apply the suite's chart theme (call once at the top of every notebook).

    seaborn's white-grid style, DejaVu Sans at sizes readable in a report,
    no top and right spines, and the fixed SVG hash salt.
    """
    import seaborn as sns

    sns.set_theme(
        context="notebook",
        style="whitegrid",
        font=FONT_FAMILY,
        font_scale=1.05,
        rc={
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "legend.title_fontsize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.dpi": 100,
            "savefig.dpi": FIGURE_DPI,
            "svg.hashsalt": SVG_HASHSALT,
            "svg.fonttype": "path",
        },
    )


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not FIGURE_NAME.fullmatch(name):
        raise ValueError(
            f"figure name {name!r} must look like '03-in-field-rate-by-window': two digits "
            "(the notebook number), a hyphen, then lower-case letters, digits and hyphens"
        )


def _figures_folder(folder: Path | str | None) -> Path | None:
    if folder is not None:
        return Path(folder)
    env = os.environ.get(FIGURES_ENV)
    return Path(env) if env else None


def _title(fig: Figure) -> str:
    """The figure's title (suptitle, else the first axes title): the image's alt text."""
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        return suptitle.get_text()
    for ax in fig.axes:
        for loc in ("center", "left", "right"):
            text = ax.get_title(loc=loc)
            if text:
                return text
    return ""


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG header."""
    with path.open("rb") as handle:
        head = handle.read(24)
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _show_link(fig: Figure, name: str, png: Path, link: str) -> None:
    """In a report build: show the saved PNG by reference and close the figure."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return
    import matplotlib.pyplot as plt

    if get_ipython() is None:
        return
    width, height = _png_size(png)
    scale = FIGURE_DPI / 100  # shown at the size it has on screen at 100 dpi
    src = html.escape(f"{link.rstrip('/')}/{png.name}", quote=True)
    alt = html.escape(_title(fig) or name, quote=True)
    tag = (
        f'<img class="report-figure" src="{src}" alt="{alt}" '
        f'width="{round(width / scale)}" height="{round(height / scale)}">'
    )
    display({"text/html": tag, "text/plain": f"[figure {name}: {png.name}, {name}.svg]"}, raw=True)
    plt.close(fig)


def save_figure(fig: Figure, name: str, *, folder: Path | str | None = None) -> list[Path]:
    """Export ``fig`` as ``<name>.png`` (200 dpi) and ``<name>.svg``, byte-identical run to run.

    The figure keeps the size the caller gave it (``plt.subplots(figsize=...)``);
    the bounding box is tight, and no timestamp, software version or random id
    is written. Call it before ``plt.show()``.

    Args:
        fig: the figure to save.
        name: file name without extension, ``NN-words-with-hyphens`` where NN is
            the notebook number, e.g. ``"03-in-field-rate-by-window"``.
        folder: where to write; when None, the folder named by the environment
            variable ``ADVISOR_FIGURES_DIR``, and when that is not set nothing is
            written (notebooks run in JupyterLab or under tests leave the
            repository alone). The folder is created if needed.

    Returns:
        The paths written (PNG, then SVG), or ``[]`` when nothing was written.

    Raises:
        ValueError: ``name`` does not match ``^[0-9]{2}-[a-z0-9-]+$``.
    """
    _check_name(name)
    target = _figures_folder(folder)
    if target is None:
        return []
    target.mkdir(parents=True, exist_ok=True)
    _place_footer(fig)  # the chart may have changed since chart_footer was called
    written = []
    with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
        for fmt, extra in (("png", {"dpi": FIGURE_DPI}), ("svg", {})):
            path = target / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, bbox_inches="tight", metadata=_METADATA[fmt], **extra)
            written.append(path)
    link = os.environ.get(FIGURES_LINK_ENV)
    if folder is None and link:
        _show_link(fig, name, written[0], link)
    return written


def _date_text(reference_date: Any) -> str:
    if isinstance(reference_date, dt.datetime):
        return reference_date.date().isoformat()
    if isinstance(reference_date, dt.date):
        return reference_date.isoformat()
    import pandas as pd

    return pd.Timestamp(reference_date).date().isoformat()


def _n_text(n: Any) -> str:
    if isinstance(n, numbers.Integral) and not isinstance(n, bool):
        return f"{int(n):,}"
    if isinstance(n, numbers.Real) and float(n).is_integer():
        return f"{int(n):,}"
    return str(n)


def footer_text(*, records: Records, reference_date: Any, n: Any = None, extra: str | None = None) -> str:
    """The text :func:`chart_footer` writes: source, reference date, n, extra note."""
    parts = [records.source_label, f"Reference date {_date_text(reference_date)}"]
    if n is not None:
        parts.append(f"n = {_n_text(n)}")
    if extra:
        parts.append(str(extra))
    return " · ".join(parts)


def chart_footer(
    fig: Figure,
    *,
    records: Records,
    reference_date: Any,
    n: Any = None,
    extra: str | None = None,
) -> Text:
    """Write the footer line under ``fig``: data source, reference date and n.

    The source is ``records.source_label`` (it says "synthetic demonstration
    data" for the default records). The line sits just below everything else
    drawn (axis labels, a legend below the axes), left-aligned with it, in small
    grey type; ``save_figure`` places it again in case the chart changed since,
    and its tight bounding box keeps it. Calling it again replaces the footer.

    Args:
        fig: the figure.
        records: the records the chart was built from.
        reference_date: the reference date of the measures (date or ISO text).
        n: the denominator (a count, or text such as ``"34 alumni"``); left out when None.
        extra: any further note (e.g. the disclosure rule), appended to the line.

    Returns:
        The footer's Text artist.
    """
    old = _footer(fig)
    if old is not None:
        old.remove()
    text = fig.text(
        0.0,
        0.0,
        footer_text(records=records, reference_date=reference_date, n=n, extra=extra),
        ha="left",
        va="top",
        fontsize=8.5,
        color="0.35",
        gid=_FOOTER_GID,
    )
    _place_footer(fig)
    return text


def _footer(fig: Figure) -> Text | None:
    for text in fig.texts:
        if text.get_gid() == _FOOTER_GID:
            return text
    return None


def _place_footer(fig: Figure) -> None:
    """Put the footer just below everything else drawn, left-aligned with it."""
    footer = _footer(fig)
    if footer is None:
        return
    footer.set_visible(False)
    try:
        fig.draw_without_rendering()  # runs the layout engine, if any
        bbox = fig.get_tightbbox(fig.canvas.get_renderer())
    finally:
        footer.set_visible(True)
    width, height = fig.get_size_inches()
    footer.set_transform(offset_copy(fig.transFigure, fig=fig, x=0, y=-_FOOTER_GAP_POINTS, units="points"))
    footer.set_position((bbox.x0 / width, bbox.y0 / height))
