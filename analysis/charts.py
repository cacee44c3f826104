"""Chart functions for protected tables (seaborn-shaped: ``data`` first, keyword-only columns).

Every function draws a table that has been through :mod:`analysis.disclosure`
(``protect_counts``, ``protect_rates``, ``protect_means``, ``protect_crosstab``)
and never a raw count: a suppressed value is drawn as an **empty bar** (zero
height, outlined, ``gid="suppressed"``) with the policy's marker text (``"c"``,
or HESA's ``".."``) above it, never the number. Each function draws on ``ax``
(the current Axes when None) and returns the Axes; ``**kwargs`` go to the one
matplotlib call named in its docstring.

Titles, the footer (source, reference date, n) and saving are the notebook's
job: :func:`analysis.figures.chart_footer` and :func:`analysis.figures.save_figure`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from analysis.disclosure import SUPPRESS_MARKER, DisclosurePolicy, is_suppressed
from analysis.measures import wilson_interval
from analysis.palette import STATE_COLOURS, state_colours, state_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "BAR_COLOUR",
    "SUPPRESSED_GID",
    "count_bars",
    "destination_bars",
    "km_plot",
    "rate_bars",
]

#: Colour of single-series bars (Paul Tol "bright" blue).
BAR_COLOUR = "#4477AA"
#: Colour of target and comparator reference lines.
TARGET_COLOUR = "#CC3311"
COMPARATOR_COLOURS = ("#555555", "#EE7733", "#009988", "#AA3377")
#: ``gid`` of the empty bar drawn for a suppressed value.
SUPPRESSED_GID = "suppressed"
#: Sector-like columns whose categories take the suite's state colours.
_STATE_COLUMNS = ("sector", "first_sector", "latest_sector", "coarse_group", "state")


# --------------------------------------------------------------------------- helpers


def _axes(ax: Axes | None) -> Axes:
    return plt.gca() if ax is None else ax


def _marker(data: pd.DataFrame) -> str:
    policy = data.attrs.get("policy")
    return policy.marker if isinstance(policy, DisclosurePolicy) else SUPPRESS_MARKER


def _hidden(data: pd.DataFrame, col: str) -> np.ndarray:
    """True where ``data[col]`` was suppressed (requires a protected table)."""
    return is_suppressed(data, col).to_numpy(dtype=bool)


def _values(data: pd.DataFrame, col: str) -> np.ndarray:
    return pd.to_numeric(data[col], errors="coerce").astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def _label(value: Any, by: str | None) -> str:
    if by in _STATE_COLUMNS:
        return state_label(str(value))
    return str(value).replace("_", " ") if isinstance(value, str) else str(value)


def _colour_for(value: Any, by: str | None, default: str) -> str:
    if by in _STATE_COLUMNS and str(value) in STATE_COLOURS:
        return STATE_COLOURS[str(value)]
    return default


def _mark_suppressed(ax: Axes, positions: np.ndarray, marker: str, *, horizontal: bool) -> None:
    """Empty outlined bars and the marker text at ``positions`` (bar centres)."""
    for pos in positions:
        if horizontal:
            ax.barh(pos, 0, height=0.8, fill=False, edgecolor="0.5", linewidth=0.8, gid=SUPPRESSED_GID)
            ax.annotate(marker, (0, pos), xytext=(4, 0), textcoords="offset points",
                        ha="left", va="center", fontsize=10, color="0.3", gid=SUPPRESSED_GID)
        else:
            ax.bar(pos, 0, width=0.8, fill=False, edgecolor="0.5", linewidth=0.8, gid=SUPPRESSED_GID)
            ax.annotate(marker, (pos, 0), xytext=(0, 3), textcoords="offset points",
                        ha="center", va="bottom", fontsize=10, color="0.3", gid=SUPPRESSED_GID)


def _fmt_count(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


# --------------------------------------------------------------------------- counts


def count_bars(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    hue: str | None = None,
    ax: Axes | None = None,
    label_bars: bool = True,
    **kwargs: Any,
) -> Axes:
    """Vertical bars of a protected count (or mean) column, one bar per row.

    Args:
        data: a protected table (``attrs["suppressed"]`` present), one row per
            bar; bars appear in row order (``x`` categories in order of first
            appearance).
        x: column of the categories along the x axis.
        y: protected numeric column giving the bar heights.
        hue: optional column splitting each ``x`` into side-by-side bars, one
            legend entry per value (sector-like columns take the suite's colours).
        ax: Axes to draw on (default: the current Axes).
        label_bars: write each value above its bar.
        **kwargs: passed to :meth:`matplotlib.axes.Axes.bar` (e.g. ``color``).

    Suppressed cells are drawn as empty bars with the marker ``"c"``.

    Returns:
        The Axes.
    """
    ax = _axes(ax)
    marker = _marker(data)
    hidden = _hidden(data, y)
    values = _values(data, y)
    cats = list(dict.fromkeys(data[x].tolist()))
    pos_of = {c: i for i, c in enumerate(cats)}
    groups = list(dict.fromkeys(data[hue].tolist())) if hue is not None else [None]
    width = 0.8 / len(groups)
    colours = state_colours(groups) if hue in _STATE_COLUMNS else None
    palette = plt.rcParams["axes.prop_cycle"].by_key().get("color", [BAR_COLOUR])
    for g, group in enumerate(groups):
        rows = np.ones(len(data), dtype=bool) if hue is None else (data[hue] == group).to_numpy(dtype=bool)
        centre = np.array([pos_of[c] for c in data.loc[rows, x]], dtype=float) + (g - (len(groups) - 1) / 2) * width
        v, h = values[rows], hidden[rows]
        style = dict(kwargs)
        if hue is None:
            style.setdefault("color", BAR_COLOUR)
        else:
            style.setdefault("color", colours[group] if colours else palette[g % len(palette)])
            style.setdefault("label", _label(group, hue))
        shown = ~h
        bars = ax.bar(centre[shown], np.nan_to_num(v[shown]), width=width * 0.95, **style)
        if label_bars:
            ax.bar_label(bars, labels=[_fmt_count(b) if np.isfinite(b) else "" for b in v[shown]],
                         padding=2, fontsize=9)
        for pos in centre[h]:
            ax.bar(pos, 0, width=width * 0.95, fill=False, edgecolor="0.5", linewidth=0.8, gid=SUPPRESSED_GID)
            ax.annotate(marker, (pos, 0), xytext=(0, 3), textcoords="offset points",
                        ha="center", va="bottom", fontsize=10, color="0.3", gid=SUPPRESSED_GID)
    ax.set_xticks(range(len(cats)), [_label(c, x) for c in cats])
    ax.set_xlabel(x.replace("_", " "))
    ax.set_ylabel(y.replace("_", " "))
    if hue is not None:
        ax.legend(title=hue.replace("_", " "), frameon=False)
    ax.margins(y=0.12)
    return ax


# --------------------------------------------------------------------------- rates


def _comparator_items(comparators: Mapping[str, Any] | pd.DataFrame | None) -> list[tuple[str, float, Any]]:
    """(label, value, x or None) for each comparator."""
    if comparators is None:
        return []
    if isinstance(comparators, pd.DataFrame):
        return [(str(r["label"]), float(r["value"]), r.get("x")) for _, r in comparators.iterrows()]
    items = []
    for label, spec in comparators.items():
        if isinstance(spec, Sequence) and not isinstance(spec, str):
            at, value = spec
            items.append((str(label), float(value), at))
        else:
            items.append((str(label), float(spec), None))
    return items


def rate_bars(
    data: pd.DataFrame,
    *,
    x: str,
    rate: str,
    numerator: str,
    denominator: str,
    ax: Axes | None = None,
    target: float | None = None,
    comparators: Mapping[str, Any] | pd.DataFrame | None = None,
    ci: bool = True,
    confidence: float = 0.95,
    label_bars: bool = True,
    **kwargs: Any,
) -> Axes:
    """Vertical bars of a protected rate (a 0-1 share) with Wilson intervals.

    Args:
        data: output of :func:`analysis.disclosure.protect_rates`, one row per bar.
        x: column of the bar categories (in row order).
        rate: rate column (share, 0-1); the y axis shows it as a percentage.
        numerator, denominator: the count columns the rate was computed from.
            Each bar is labelled ``numerator / denominator``; a suppressed count
            shows as ``"c"``.
        ax: Axes to draw on (default: the current Axes).
        target: draw a horizontal target line at this share, labelled.
        comparators: reference values from other programmes, each drawn as a
            dashed line labelled with its text: ``{label: value}`` (a line
            across the chart) or ``{label: (x_category, value)}`` (a short line
            over that bar only), or a DataFrame with ``label``, ``value`` and
            optional ``x`` columns.
        ci: draw the Wilson interval (``confidence``) of each shown rate,
            computed from its unsuppressed numerator and denominator; nothing
            is drawn for a suppressed rate.
        label_bars: add ``numerator / denominator`` under each tick label.
        **kwargs: passed to :meth:`matplotlib.axes.Axes.bar` (e.g. ``color``).

    Returns:
        The Axes.
    """
    ax = _axes(ax)
    marker = _marker(data)
    hidden = _hidden(data, rate)
    values = _values(data, rate)
    num, den = _values(data, numerator), _values(data, denominator)
    num_hidden, den_hidden = _hidden(data, numerator), _hidden(data, denominator)
    positions = np.arange(len(data), dtype=float)
    shown = ~hidden & np.isfinite(values)
    style = {"color": BAR_COLOUR, **kwargs}
    ax.bar(positions[shown], values[shown], width=0.8, **style)
    _mark_suppressed(ax, positions[hidden], marker, horizontal=False)
    if ci and shown.any():
        ok = shown & ~num_hidden & ~den_hidden & (den > 0)
        low, high = wilson_interval(num[ok], den[ok], confidence=confidence)
        ax.errorbar(positions[ok], values[ok], yerr=[values[ok] - low, high - values[ok]],
                    fmt="none", ecolor="0.2", elinewidth=1.2, capsize=4, gid="wilson-interval",
                    label=f"{confidence:.0%} Wilson interval")
    fractions = []
    for n, d, nh, dh in zip(num, den, num_hidden, den_hidden, strict=True):
        top = marker if nh else ("" if not np.isfinite(n) else _fmt_count(n))
        bottom = marker if dh else ("" if not np.isfinite(d) else _fmt_count(d))
        fractions.append(f"{top} / {bottom}")
    if target is not None:
        ax.axhline(target, color=TARGET_COLOUR, linewidth=1.5, linestyle="-", label=f"Target {target:.0%}",
                   gid="target")
    cats = data[x].tolist()
    for i, (label, value, at) in enumerate(_comparator_items(comparators)):
        colour = COMPARATOR_COLOURS[i % len(COMPARATOR_COLOURS)]
        if at is None or (isinstance(at, float) and np.isnan(at)):
            ax.axhline(value, color=colour, linewidth=1.2, linestyle="--", label=label, gid="comparator")
        else:
            j = cats.index(at)
            ax.hlines(value, j - 0.45, j + 0.45, colors=colour, linewidth=2, linestyles="--", label=label,
                      gid="comparator")
    ticks = [_label(c, x) for c in cats]
    if label_bars:
        ticks = [f"{t}\n{f}" for t, f in zip(ticks, fractions, strict=True)]
    ax.set_xticks(positions, ticks)
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(x.replace("_", " "))
    ax.set_ylabel(rate.replace("_", " ") + " (%)")
    if target is not None or comparators or ci:
        ax.legend(frameon=False, loc="upper left", fontsize=8.5)
    return ax


# --------------------------------------------------------------------------- survival


def km_plot(
    curve: pd.DataFrame,
    *,
    ax: Axes | None = None,
    label: str | None = None,
    cumulative: bool = True,
    min_at_risk: int | None = None,
    color: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Kaplan-Meier step line with its shaded confidence band.

    Args:
        curve: output of :func:`analysis.measures.kaplan_meier` (``time_months``,
            ``survival``, ``ci_lower``, ``ci_upper``, ``at_risk``).
        ax: Axes to draw on (default: the current Axes).
        label: legend label of the line.
        cumulative: draw ``1 - survival`` (share who had the event by then,
            e.g. reached the field) instead of the survival.
        min_at_risk: stop the curve at the first time fewer than this many
            people remain at risk (disclosure: the tail of a small cohort
            describes individuals; pass the policy's ``k``).
        color: line and band colour.
        **kwargs: passed to :meth:`matplotlib.axes.Axes.step` (the line).

    Returns:
        The Axes.
    """
    ax = _axes(ax)
    c = curve.sort_values("time_months", kind="stable")
    if min_at_risk is not None:
        small = (c["at_risk"] < min_at_risk).to_numpy()
        if small.any():
            c = c.iloc[: max(int(np.argmax(small)), 1)]
    t = c["time_months"].to_numpy(float)
    s, lo, hi = (c[col].to_numpy(float) for col in ("survival", "ci_lower", "ci_upper"))
    if cumulative:
        s, lo, hi = 1 - s, 1 - hi, 1 - lo
    (line,) = ax.step(t, s, where="post", label=label, color=color, **kwargs)
    ax.fill_between(t, lo, hi, step="post", alpha=0.2, color=line.get_color(), linewidth=0, gid="km-band")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(left=0)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("months")
    ax.set_ylabel("cumulative share (%)" if cumulative else "share remaining (%)")
    if label is not None:
        ax.legend(frameon=False)
    return ax


# --------------------------------------------------------------------------- destinations


def destination_bars(
    data: pd.DataFrame,
    *,
    by: str,
    count: str = "people",
    ax: Axes | None = None,
    label_bars: bool = True,
    **kwargs: Any,
) -> Axes:
    """Horizontal bars of a protected destination table, first row on top.

    Args:
        data: a protected table (e.g. :func:`analysis.measures.destination_mix`
            through :func:`analysis.disclosure.protect_counts`), one row per
            destination, in the order to show.
        by: the destination column (``sector``, ``operation``, ``role_family``...).
            Sector-like columns (``sector``, ``coarse_group``) are coloured with
            the suite's sector colours and labelled with their display names.
        count: the protected count column (default ``people``).
        ax: Axes to draw on (default: the current Axes).
        label_bars: write each count at the end of its bar.
        **kwargs: passed to :meth:`matplotlib.axes.Axes.barh`.

    Returns:
        The Axes.
    """
    ax = _axes(ax)
    marker = _marker(data)
    hidden = _hidden(data, count)
    values = _values(data, count)
    positions = np.arange(len(data), dtype=float)
    cats = data[by].tolist()
    colours = [_colour_for(c, by, BAR_COLOUR) for c in cats]
    shown = ~hidden
    style = dict(kwargs)
    colour = style.pop("color", None)
    bars = ax.barh(positions[shown], np.nan_to_num(values[shown]), height=0.8,
                   color=colour if colour is not None else [c for c, s in zip(colours, shown, strict=True) if s],
                   **style)
    if label_bars:
        ax.bar_label(bars, labels=[_fmt_count(v) for v in values[shown]], padding=3, fontsize=9)
    _mark_suppressed(ax, positions[hidden], marker, horizontal=True)
    ax.set_yticks(positions, [_label(c, by) for c in cats])
    ax.set_ylim(len(data) - 0.4, -0.6)  # first row on top
    ax.set_ylabel("")
    ax.set_xlabel(f"{count.replace('_', ' ')} (number)")
    ax.margins(x=0.1)
    ax.grid(axis="y", visible=False)
    return ax
