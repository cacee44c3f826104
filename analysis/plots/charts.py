"""Chart functions for protected tables (seaborn-shaped: ``data`` first, keyword-only columns).

Every function draws a :class:`~analysis.disclosure.protect.Protected` table
and never a raw count: a suppressed value is drawn as an **empty outlined
bar** (zero height, ``gid="suppressed"``) with the policy's marker (``"c"``
or HESA's ``".."``), never the number. Rows are drawn in the table's order
(the publication layer orders them from protected values). A table with
nothing to show draws no axis, only a sentence saying so. Each function draws
on ``ax`` (the current Axes when None) and returns the Axes; ``**kwargs`` go
to the one matplotlib call named in its docstring. Titles, footers and saving
belong to the notebook context (:mod:`analysis.report.context`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator, PercentFormatter

from analysis.disclosure.protect import Protected
from analysis.i18n import _
from analysis.plots.palette import state_colours

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "BAR_COLOUR",
    "SUPPRESSED_GID",
    "count_bars",
    "destination_bars",
    "draw_nothing_to_show",
    "km_plot",
    "rate_bars",
]

#: Colour of single-series bars (Paul Tol "bright" blue).
BAR_COLOUR = "#4477AA"
#: Colour of target lines.
TARGET_COLOUR = "#CC3311"
COMPARATOR_COLOURS = ("#555555", "#EE7733", "#009988", "#AA3377")
#: ``gid`` of the empty bar and marker drawn for a suppressed value.
SUPPRESSED_GID = "suppressed"
#: ``gid`` of the sentence drawn when a table has nothing to show.
EMPTY_GID = "nothing-to-show"


def _axes(ax: Axes | None) -> Axes:
    return plt.gca() if ax is None else ax


def _check(data: Any) -> Protected:
    if not isinstance(data, Protected):
        raise TypeError("charts draw Protected tables only: protect the table first (analysis.disclosure)")
    return data


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def draw_nothing_to_show(ax: Axes, message: str | None = None) -> Axes:
    """Replace the chart by one sentence (no axis, no bars): nothing in the table may be shown."""
    ax.clear()
    ax.set_axis_off()
    ax.text(0.0, 0.5, message or _("Nothing to show: too few people in every category."),
            transform=ax.transAxes, ha="left", va="center", fontsize=11, color="0.3", gid=EMPTY_GID, wrap=True)
    return ax


def _drawable(data: Protected, column: str) -> bool:
    """True when the column drawn has a shown value above zero (a count, a rate or a mean)."""
    if column not in data.data or not len(data):
        return False
    return bool((np.nan_to_num(data.values(column)) > 0).any())


def _empty_message(data: Protected) -> str:
    if data.meta.get("empty_message"):
        return data.meta["empty_message"]
    if len(data) and data.suppressed.to_numpy().any():
        return _("Nothing to show: every value is hidden, each a count of fewer than {k} people or one that would "
                 "let such a count be worked out from the rest of the report.").format(k=data.policy.threshold)
    return _("Nothing to show: fewer than {k} people in every category.").format(k=data.policy.threshold)


def _colours(data: Protected, colour_by: str | None, default: str) -> list[str]:
    if colour_by is None:
        return [default] * len(data)
    codes = [str(c) for c in data.labels(colour_by)]
    palette = state_colours(codes)
    return [palette.get(c, default) for c in codes]


def _mark_suppressed(ax: Axes, positions: np.ndarray, marker: str, *, horizontal: bool, width: float = 0.8) -> None:
    for pos in positions:
        if horizontal:
            ax.barh(pos, 0, height=width, fill=False, edgecolor="0.5", linewidth=0.8, gid=SUPPRESSED_GID)
            ax.annotate(marker, (0, pos), xytext=(4, 0), textcoords="offset points", ha="left", va="center",
                        fontsize=10, color="0.3", gid=SUPPRESSED_GID)
        else:
            ax.bar(pos, 0, width=width, fill=False, edgecolor="0.5", linewidth=0.8, gid=SUPPRESSED_GID)
            ax.annotate(marker, (pos, 0), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                        fontsize=10, color="0.3", gid=SUPPRESSED_GID)


# --------------------------------------------------------------------------- counts


def _protected_bars(ax: Axes, data: Protected, column: str, *, colour_by: str | None, label_bars: bool,
                    horizontal: bool, **kwargs: Any) -> np.ndarray:
    """One bar per shown value of ``column`` (suppressed rows get the marker, never a bar); the positions."""
    hidden = data.hidden(column)
    values = data.values(column)
    positions = np.arange(len(data), dtype=float)
    shown = ~hidden & np.isfinite(values)
    style = dict(kwargs)
    colours = _colours(data, colour_by, style.pop("color", BAR_COLOUR))
    colour = [c for c, s in zip(colours, shown, strict=True) if s]
    if horizontal:
        bars = ax.barh(positions[shown], values[shown], height=0.8, color=colour, **style)
    else:
        bars = ax.bar(positions[shown], values[shown], width=0.8, color=colour, **style)
    if label_bars:
        ax.bar_label(bars, labels=[_fmt(v) for v in values[shown]], padding=3 if horizontal else 2, fontsize=9)
    _mark_suppressed(ax, positions[hidden], data.marker, horizontal=horizontal)
    return positions


def count_bars(
    data: Protected,
    *,
    x: str,
    y: str,
    label: str | None = None,
    colour_by: str | None = None,
    ax: Axes | None = None,
    label_bars: bool = True,
    xlabel: str = "",
    ylabel: str = "",
    **kwargs: Any,
) -> Axes:
    """Vertical bars of a protected count (or average) column, one bar per row, in row order.

    Parameters
    ----------
    data : Protected
        One row per bar.
    x : str
        Column of the categories (used when ``label`` is None).
    y : str
        Protected numeric column giving the bar heights.
    label : str, optional
        Column of the tick labels (display names); default ``x``.
    colour_by : str, optional
        Column of state/sector codes taking the suite's colours.
    ax : Axes, optional
        Axes to draw on (default: the current Axes).
    label_bars : bool, default True
        Write each shown value above its bar.
    xlabel, ylabel : str
        Axis labels (with units).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.bar` (e.g. ``color``).

    Returns
    -------
    Axes
    """
    ax = _axes(ax)
    data = _check(data)
    if not _drawable(data, y):
        return draw_nothing_to_show(ax, _empty_message(data))
    positions = _protected_bars(ax, data, y, colour_by=colour_by, label_bars=label_bars, horizontal=False,
                                **kwargs)
    ax.set_xticks(positions, [str(v) for v in data.labels(label or x)])
    ax.set_xlim(-0.6, len(data) - 0.4)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(y=0.12)
    return ax


def destination_bars(
    data: Protected,
    *,
    by: str,
    count: str = "people",
    colour_by: str | None = None,
    ax: Axes | None = None,
    label_bars: bool = True,
    xlabel: str = "",
    **kwargs: Any,
) -> Axes:
    """Horizontal bars of a protected table, first row on top.

    Parameters
    ----------
    data : Protected
        One row per category, in the order to show (pooled "other" rows last).
    by : str
        Column of the category labels (display names, not codes).
    count : str, default "people"
        The protected count (or average) column.
    colour_by : str, optional
        Column of sector codes giving each bar the suite's sector colour.
    ax : Axes, optional
        Axes to draw on.
    label_bars : bool, default True
        Write each shown value at the end of its bar.
    xlabel : str
        Axis label (with units).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.

    Returns
    -------
    Axes
    """
    ax = _axes(ax)
    data = _check(data)
    if not _drawable(data, count):
        return draw_nothing_to_show(ax, _empty_message(data))
    positions = _protected_bars(ax, data, count, colour_by=colour_by, label_bars=label_bars, horizontal=True,
                                **kwargs)
    ax.set_yticks(positions, [str(v) for v in data.labels(by)])
    ax.set_ylim(len(data) - 0.4, -0.6)  # first row on top
    ax.set_ylabel("")
    ax.set_xlabel(xlabel)
    ax.margins(x=0.12)
    ax.grid(axis="y", visible=False)
    return ax


# --------------------------------------------------------------------------- rates


def rate_bars(
    data: Protected,
    *,
    x: str,
    rate: str,
    numerator: str,
    denominator: str,
    lower: str | None = None,
    upper: str | None = None,
    ax: Axes | None = None,
    target: float | None = None,
    comparators: Mapping[str, tuple[Any, float] | float] | None = None,
    label_bars: bool = True,
    xlabel: str = "",
    ylabel: str = "",
    **kwargs: Any,
) -> Axes:
    """Vertical bars of a protected rate (a 0-1 share) with its interval.

    Parameters
    ----------
    data : Protected
        One row per bar (rows with no denominator should already be left out).
    x : str
        Column of the bar labels (display text).
    rate : str
        Rate column (share, 0-1); the y axis shows percentages.
    numerator, denominator : str
        The count columns; each bar is labelled ``numerator / denominator``
        (a suppressed count shows as the marker).
    lower, upper : str, optional
        Protected columns of the interval limits (e.g. 95% Wilson), drawn as
        whiskers where shown.
    ax : Axes, optional
        Axes to draw on.
    target : float, optional
        A horizontal target line at this share (default ``data.meta["target"]``).
    comparators : mapping, optional
        ``{label: value}`` (a line across the chart) or ``{label: (x label, value)}``
        (a short line over that bar); default ``data.meta["comparators"]``.
    label_bars : bool, default True
        Add ``numerator / denominator`` under each tick label.
    xlabel, ylabel : str
        Axis labels.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.bar`.

    Returns
    -------
    Axes
    """
    ax = _axes(ax)
    data = _check(data)
    target = data.meta.get("target") if target is None else target
    comparators = data.meta.get("comparators") if comparators is None else comparators
    values = data.values(rate)
    if not np.isfinite(values).any() and not data.hidden(rate).any():
        return draw_nothing_to_show(ax, _empty_message(data))
    hidden = data.hidden(rate)
    num, den = data.values(numerator), data.values(denominator)
    num_hidden, den_hidden = data.hidden(numerator), data.hidden(denominator)
    positions = np.arange(len(data), dtype=float)
    shown = ~hidden & np.isfinite(values)
    ax.bar(positions[shown], values[shown], width=0.8, **{"color": BAR_COLOUR, **kwargs})
    _mark_suppressed(ax, positions[hidden], data.marker, horizontal=False)
    if lower is not None and upper is not None:
        lo, hi = data.values(lower), data.values(upper)
        ok = shown & np.isfinite(lo) & np.isfinite(hi)
        if ok.any():
            below = np.clip(values[ok] - lo[ok], 0, None)  # 0 - 1e-17 is rounding, not a negative whisker
            above = np.clip(hi[ok] - values[ok], 0, None)
            ax.errorbar(positions[ok], values[ok], yerr=[below, above], fmt="none",
                        ecolor="0.2", elinewidth=1.2, capsize=4, gid="interval", label=_("95% interval"))
    if target is not None:
        ax.axhline(target, color=TARGET_COLOUR, linewidth=1.5, label=_("Target {pct}").format(pct=f"{target:.0%}"),
                   gid="target")
    labels = [str(v) for v in data.labels(x)]
    for i, (text, spec) in enumerate((comparators or {}).items()):
        colour = COMPARATOR_COLOURS[i % len(COMPARATOR_COLOURS)]
        if isinstance(spec, Sequence) and not isinstance(spec, str):
            at, value = spec
            if at not in labels:
                continue
            j = labels.index(at)
            ax.hlines(value, j - 0.45, j + 0.45, colors=colour, linewidth=2, linestyles="--", label=text,
                      gid="comparator")
        else:
            ax.axhline(float(spec), color=colour, linewidth=1.2, linestyle="--", label=text, gid="comparator")
    if label_bars:
        fractions = []
        for n, d, nh, dh in zip(num, den, num_hidden, den_hidden, strict=True):
            top = data.marker if nh else ("" if not np.isfinite(n) else _fmt(n))
            bottom = data.marker if dh else ("" if not np.isfinite(d) else _fmt(d))
            fractions.append(f"{top} / {bottom}")
        labels = [f"{t}\n{f}" for t, f in zip(labels, fractions, strict=True)]
    ax.set_xticks(positions, labels)
    ax.set_xlim(-0.6, len(data) - 0.4)
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(frameon=False, loc="upper left", fontsize=8.5)
    return ax


# --------------------------------------------------------------------------- survival


def km_plot(
    data: Protected,
    *,
    ax: Axes | None = None,
    label: str | None = None,
    cumulative: bool = True,
    color: str | None = None,
    xlabel: str = "",
    ylabel: str = "",
    **kwargs: Any,
) -> Axes:
    """Kaplan-Meier step line and its shaded band, from a protected life table.

    Parameters
    ----------
    data : Protected
        Output of :func:`analysis.disclosure.survival.protect_survival`: one
        row per published interval with ``start_months``, ``end_months``,
        ``survival``, ``ci_lower`` and ``ci_upper`` at the interval's end.
        Every step already holds at least k events.
    ax : Axes, optional
        Axes to draw on.
    label : str, optional
        Legend label of the line (default ``data.meta["label"]``).
    cumulative : bool, default True
        Draw ``1 - survival`` (share who had the event by then).
    color : str, optional
        Line and band colour.
    xlabel, ylabel : str
        Axis labels.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.step`.

    Returns
    -------
    Axes
    """
    ax = _axes(ax)
    data = _check(data)
    label = data.meta.get("label") if label is None else label
    if not len(data) or not data.meta.get("publishable", True):
        return draw_nothing_to_show(ax, _empty_message(data))
    t = np.concatenate([[0.0], data.values("end_months")])
    s, lo, hi = (np.concatenate([[1.0], data.values(c)]) for c in ("survival", "ci_lower", "ci_upper"))
    if cumulative:
        s, lo, hi = 1 - s, 1 - hi, 1 - lo
    (line,) = ax.step(t, s, where="post", label=label, color=color, **kwargs)
    ax.fill_between(t, lo, hi, step="post", alpha=0.2, color=line.get_color(), linewidth=0, gid="km-band")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0, float(t[-1]) * 1.02 if t[-1] > 0 else 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if label is not None:
        ax.legend(frameon=False)
    return ax
