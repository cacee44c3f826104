"""The chart theme, the chart footer and the one helper that saves every figure.

Every notebook's context applies :func:`set_theme`; every published chart gets
a footer (data source, reference date, n) from :func:`chart_footer` and is
exported by :func:`save_figure`, which writes byte-identical PNG and SVG files
from run to run (fixed size and dpi, tight bounding box, no timestamps or
version strings, fixed SVG hash salt), rendering the figure once for both
formats. Nothing here reads the environment: where figures go is an argument.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
from matplotlib.transforms import Bbox, offset_copy

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

__all__ = [
    "FIGURE_DPI",
    "FIGURE_NAME",
    "SVG_HASHSALT",
    "chart_footer",
    "new_axes",
    "new_figure",
    "save_figure",
    "set_theme",
]

#: Figure names: two-digit notebook number, then lower-case words joined by hyphens.
FIGURE_NAME = re.compile(r"^[0-9]{2}-[a-z0-9-]+$")
#: Resolution of the exported PNG files (dots per inch).
FIGURE_DPI = 200
#: Fixed salt for the ids matplotlib writes into SVG files (else they are random).
SVG_HASHSALT = "advisor-careers"
#: Fonts of every chart, in fallback order: DejaVu Sans (ships with matplotlib) for Latin text,
#: then IPAex Gothic (bundled by the pinned ``matplotlib-fontja``; IPA Font License) for Japanese,
#: in both languages, so the charts look the same on every machine.
FONT_FAMILY = ["DejaVu Sans", "IPAexGothic"]

#: Metadata written into each format: none that changes between runs or versions.
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Creator": None, "Date": None},
}
_FOOTER_GID = "chart-footer"
#: White margin around the tight bounding box of a saved figure (inches; matplotlib's default).
_PAD_INCHES = 0.1
_FOOTER_GAP_POINTS = 8


def set_theme() -> None:
    """Apply the suite's chart theme (call once at the top of every notebook).

    seaborn's white-grid style, DejaVu Sans with IPAex Gothic for Japanese
    glyphs at sizes readable in a report,
    no top and right spines, the fixed SVG hash salt, and no mathtext
    (a ``$`` in a label is drawn as a dollar sign).
    """
    import logging

    import matplotlib_fontja  # noqa: F401 - registers IPAex Gothic with matplotlib's font manager
    import seaborn as sns

    # IPAex Gothic has one weight: bold Japanese titles are drawn regular, which matplotlib
    # would otherwise report on every figure ("Failed to find font weight bold").
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

    sns.set_theme(
        context="notebook",
        style="whitegrid",
        font_scale=1.05,
        rc={
            "font.family": FONT_FAMILY,
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
            # Data labels are drawn literally: "Fund $x$" is text, not mathematics.
            "text.parse_math": False,
        },
    )


#: Width of every chart of the report (inches): one width, so type sizes match across the page.
FIGURE_WIDTH = 9.0


def new_axes(*, rows: int | None = None, height: float = 4.8) -> Axes:
    """A new figure of the report's width with one Axes; ``rows`` sizes it for horizontal bars.

    Parameters
    ----------
    rows : int, optional
        Number of horizontal bars: the height grows 0.38 in per bar (at least 2.6 in).
    height : float, default 4.8
        Height in inches when ``rows`` is not given.
    """
    import matplotlib.pyplot as plt

    if rows is not None:
        height = max(2.6, 1.4 + 0.38 * rows)
    _fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, height))
    return ax


def new_figure(*, height: float = 6.5) -> Figure:
    """A new, empty figure of the report's width (for charts of several panels)."""
    import matplotlib.pyplot as plt

    return plt.figure(figsize=(FIGURE_WIDTH + 1.5, height), layout="constrained")


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not FIGURE_NAME.fullmatch(name):
        raise ValueError(
            f"figure name {name!r} must look like '03-in-field-rate-by-window': two digits "
            "(the notebook number), a hyphen, then lower-case letters, digits and hyphens"
        )


def figure_title(fig: Figure) -> str:
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


def save_figure(fig: Figure, name: str, *, folder: Path | str) -> list[Path]:
    """Export ``fig`` as ``<name>.png`` (200 dpi) and ``<name>.svg``, byte-identical run to run.

    The figure keeps the size the caller gave it; the bounding box is tight,
    and no timestamp, software version or random id is written. The layout
    and footer are placed once, then both formats are written.

    Parameters
    ----------
    fig : Figure
        The figure to save.
    name : str
        File name without extension, ``NN-words-with-hyphens`` where NN is the
        notebook number, e.g. ``"03-in-field-rate-by-window"``.
    folder : path-like
        Where to write (created if needed).

    Returns
    -------
    list of Path
        The paths written: PNG, then SVG.

    Raises
    ------
    ValueError
        ``name`` does not match ``^[0-9]{2}-[a-z0-9-]+$``.
    """
    _check_name(name)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
        if fig.get_layout_engine() is None:
            # Nothing moves when the figure is drawn: measure once, without drawing.
            box = _place_footer(fig, measure_only=True).padded(_PAD_INCHES)
        else:
            _place_footer(fig)  # the chart may have changed since chart_footer was called
            # The layout engine runs at every draw: lay out once more with the footer in
            # place, then compute the tight bounding box once for both formats.
            fig.draw_without_rendering()
            box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(_PAD_INCHES)
        for fmt, extra in (("png", {"dpi": FIGURE_DPI}), ("svg", {})):
            path = target / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, bbox_inches=box, metadata=_METADATA[fmt], **extra)
            written.append(path)
    return written


def png_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG header."""
    with path.open("rb") as handle:
        head = handle.read(24)
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def chart_footer(fig: Figure, text: str, *, place: bool = True) -> Text:
    """Write the footer line under ``fig`` (data source, reference date, n, notes).

    The line sits just below everything else drawn (axis labels, a legend
    below the axes), left-aligned with it, in small grey type; ``save_figure``
    places it again in case the chart changed since, and its tight bounding
    box keeps it. Calling it again replaces the footer. Long footers wrap at
    the figure's width.

    Parameters
    ----------
    fig : Figure
        The chart.
    text : str
        The footer line.
    place : bool, default True
        Place it now (for showing the figure); ``save_figure`` places it
        anyway, so a caller about to save can skip this draw.

    Returns
    -------
    Text
        The footer's artist.
    """
    old = _footer(fig)
    if old is not None:
        old.remove()
    footer = fig.text(0.0, 0.0, text, ha="left", va="top", fontsize=8.5, color="0.35", gid=_FOOTER_GID,
                      wrap=True)
    if place:
        _place_footer(fig)
    return footer


def _footer(fig: Figure) -> Text | None:
    for text in fig.texts:
        if text.get_gid() == _FOOTER_GID:
            return text
    return None


def _place_footer(fig: Figure, *, measure_only: bool = False) -> Bbox | None:
    """Put the footer just below everything else drawn, left-aligned with it.

    Returns the tight bounding box of the whole figure, footer included (inches).
    With ``measure_only`` the figure is measured without being drawn, which is
    exact only when no layout engine moves the axes at draw time.
    """
    renderer = fig.canvas.get_renderer()
    footer = _footer(fig)
    if footer is None:
        if not measure_only:
            fig.draw_without_rendering()
        return fig.get_tightbbox(renderer)
    footer.set_visible(False)
    try:
        if not measure_only:
            fig.draw_without_rendering()  # runs the layout engine, if any
        bbox = fig.get_tightbbox(renderer)
    finally:
        footer.set_visible(True)
    width, height = fig.get_size_inches()
    footer.set_transform(offset_copy(fig.transFigure, fig=fig, x=0, y=-_FOOTER_GAP_POINTS, units="points"))
    footer.set_position((bbox.x0 / width, bbox.y0 / height))
    if not measure_only:
        return None
    extent = footer.get_window_extent(renderer).transformed(fig.dpi_scale_trans.inverted())
    return Bbox.union([bbox, extent])
