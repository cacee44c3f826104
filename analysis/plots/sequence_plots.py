"""Charts of state sequences (TraMineR ``seqdplot``, ``seqIplot``, ``seqmtplot``).

Two kinds: the analyst's views of raw sequences (:func:`chronogram`,
:func:`index_plot`, :func:`transition_heatmap`, :func:`mean_time_plot`,
:func:`typology_panel`), and the published views, which draw only protected
tables (:func:`protected_chronogram`, :func:`type_bars`,
:func:`count_heatmap`, :func:`published_index_plot`).

Seaborn-style functions: the data come first, options are keyword-only,
``ax=None`` draws on the current Axes (``plt.gca()``) and the Axes is
returned; extra ``**kwargs`` go to the one matplotlib call named in each
docstring. Colours and legend labels come from :mod:`analysis.plots.palette`, so a
state has the same colour on every chart. Nothing here calls ``plt.show()``.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.disclosure.protect import Protected
from analysis.i18n import _
from analysis.plots.palette import state_colours, state_label, state_order
from analysis.sequences.statistics import (
    _weights,
    encode_states,
    mean_time_in_state,
    state_distribution,
    transition_rates,
)

__all__ = [
    "chronogram",
    "count_heatmap",
    "index_plot",
    "mean_time_plot",
    "protected_chronogram",
    "published_index_plot",
    "transition_heatmap",
    "type_bars",
    "typology_panel",
]

Y_LABEL_SHARE = "Share of people with known status (%)"
MAX_TIME_TICKS = 12


def _states(seqs: pd.DataFrame, order: Sequence[str] | None) -> list[str]:
    """States to draw, in display order: ``order`` if given, else the palette order."""
    if order is not None:
        return list(order)
    observed = pd.unique(seqs.to_numpy(dtype=object).ravel())
    return state_order(s for s in observed if not pd.isna(s))


def _time_axis(ax: Axes, columns: pd.Index) -> None:
    """Label the x axis with (at most ``MAX_TIME_TICKS``) time-point labels."""
    t = len(columns)
    step = max(1, int(np.ceil(t / MAX_TIME_TICKS)))
    ticks = np.arange(0, t, step)
    ax.set_xticks(ticks)
    ax.set_xticklabels([str(columns[i]) for i in ticks], rotation=45 if t > 6 else 0, ha="right" if t > 6 else "center")
    ax.set_xlabel(str(columns.name) if columns.name is not None else "Time")


def _n_text(w: np.ndarray, weighted: bool) -> str:
    """``n = 12`` or, with weights, ``weighted n = 11.5``."""
    return f"weighted n = {w.sum():,.1f}" if weighted else f"n = {len(w):,}"


def _legend(ax: Axes, states: Sequence[str], title: str | None) -> None:
    colours = state_colours(states)
    handles = [Patch(facecolor=colours[s], edgecolor="0.6", label=state_label(s)) for s in states]
    ax.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)


def chronogram(
    seqs: pd.DataFrame,
    *,
    weights: object = None,
    ax: Axes | None = None,
    order: Sequence[str] | None = None,
    legend: bool = True,
    show_n: bool = True,
    **kwargs: object,
) -> Axes:
    """State distribution plot (chronogram; TraMineR ``seqdplot``).

    Stacked areas of :func:`analysis.sequences.state_distribution` in percent:
    at each time point the shares of the states among people whose status is
    known (missing excluded, as ``seqdplot`` with ``with.missing = FALSE``).
    Each time point is drawn as a flat step one unit wide (like the bars of
    ``seqdplot``), centred on its tick. Time points where nobody's status is
    known are left empty.

    Parameters
    ----------
    seqs : DataFrame
        Wide sequence table (rows = people, columns = time points).
    weights : array-like, optional
        Case weights aligned to the rows.
    ax : Axes, optional
        Axes to draw on; default the current Axes.
    order : sequence of str, optional
        States from bottom to top (also the legend order); default the palette
        order of the observed states. States listed but absent draw nothing.
    legend : bool, default True
        Draw a legend of state labels titled with ``n`` (number of people, or
        the sum of weights).
    show_n : bool, default True
        Without a legend, write ``n`` in the top-right corner.
    **kwargs
        Passed to ``Axes.stackplot``.

    Returns
    -------
    Axes
    """
    ax = plt.gca() if ax is None else ax
    states = _states(seqs, order)
    dist = state_distribution(seqs, weights, alphabet=states)
    values = np.nan_to_num(dist.to_numpy(dtype=float)) * 100.0
    colours = state_colours(states)
    t = len(seqs.columns)
    # Steps: every time point spans [t - 0.5, t + 0.5].
    x = np.repeat(np.arange(t), 2) + np.tile([-0.5, 0.5], t)
    kwargs.setdefault("linewidth", 0)
    ax.stackplot(
        x,
        np.repeat(values, 2, axis=1),
        colors=[colours[s] for s in states],
        labels=[state_label(s) for s in states],
        **kwargs,
    )
    ax.set_xlim(-0.5, t - 0.5)
    ax.set_ylim(0, 100)
    ax.set_ylabel(Y_LABEL_SHARE)
    _time_axis(ax, seqs.columns)
    n_text = _n_text(_weights(weights, seqs), weights is not None)
    if legend:
        _legend(ax, states, n_text)
    elif show_n:
        ax.text(0.99, 0.98, n_text, transform=ax.transAxes, ha="right", va="top", fontsize="small")
    return ax


def index_plot(
    seqs: pd.DataFrame,
    *,
    sort: bool = True,
    ax: Axes | None = None,
    order: Sequence[str] | None = None,
    legend: bool = True,
    **kwargs: object,
) -> Axes:
    """Index plot: one horizontal line per person (TraMineR ``seqIplot``).

    Each row of the image is a person, each column a time point, coloured by
    state; missing months are white.

    Parameters
    ----------
    sort : bool, default True
        Sort people lexicographically by their states from the first time
        point on (in ``order``; missing after every state), as ``seqIplot(sortv
        = "from.start")``; otherwise keep the row order of ``seqs`` (first row
        at the top).
    order : sequence of str, optional
        State order for colours, sorting and legend; default palette order.
    **kwargs
        Passed to ``Axes.imshow``.

    Returns
    -------
    Axes
    """
    ax = plt.gca() if ax is None else ax
    states = _states(seqs, order)
    codes, _ = encode_states(seqs, alphabet=states)
    k = len(states)
    if sort and len(codes):
        keys = np.where(codes < 0, k, codes)
        codes = codes[np.lexsort(keys.T[::-1])]
    image = np.ma.masked_less(codes.astype(float), 0)
    cmap = ListedColormap([state_colours(states)[s] for s in states] or ["white"]).with_extremes(
        bad="white"
    )
    kwargs.setdefault("aspect", "auto")
    kwargs.setdefault("interpolation", "nearest")
    ax.imshow(image, cmap=cmap, vmin=-0.5, vmax=max(k, 1) - 0.5, **kwargs)
    _time_axis(ax, seqs.columns)
    ax.set_ylabel(f"People (n = {len(seqs):,})")
    ax.set_yticks([])
    if legend:
        _legend(ax, states, None)
    return ax


def transition_heatmap(
    data: pd.DataFrame,
    *,
    weights: object = None,
    ax: Axes | None = None,
    annot: bool = True,
    **kwargs: object,
) -> Axes:
    """Heat map of transition rates (TraMineR ``seqtrate``).

    Parameters
    ----------
    data : DataFrame
        Either a wide sequence table (rates are computed with
        :func:`analysis.sequences.transition_rates` and ``weights``), or a
        square table of rates already computed (numeric, index = origin
        states, columns = destination states).
    annot : bool, default True
        Write the rates in the cells (two decimals).
    **kwargs
        Passed to ``seaborn.heatmap`` (defaults: ``cmap="Blues"``, ``vmin=0``,
        ``vmax=1``, ``fmt=".2f"``).

    Returns
    -------
    Axes
    """
    ax = plt.gca() if ax is None else ax
    is_rates = (
        data.shape[0] == data.shape[1]
        and all(pd.api.types.is_numeric_dtype(t) for t in data.dtypes)
        and list(data.index) == list(data.columns)
    )
    rates = data if is_rates else transition_rates(data, weights)
    states = state_order(rates.index)
    rates = rates.loc[states, states]
    labelled = pd.DataFrame(
        rates.to_numpy(dtype=float),
        index=[state_label(s) for s in states],
        columns=[state_label(s) for s in states],
    )
    for key, value in {"cmap": "Blues", "vmin": 0.0, "vmax": 1.0, "fmt": ".2f"}.items():
        kwargs.setdefault(key, value)
    kwargs.setdefault("cbar_kws", {"label": "Transition rate (share of next-month states)"})
    sns.heatmap(labelled, annot=annot, ax=ax, **kwargs)
    ax.set_xlabel("State at t + 1")
    ax.set_ylabel("State at t")
    return ax


def mean_time_plot(
    seqs: pd.DataFrame,
    *,
    weights: object = None,
    ax: Axes | None = None,
    order: Sequence[str] | None = None,
    unit: str = "time units",
    **kwargs: object,
) -> Axes:
    """Mean time spent in each state, as horizontal bars (TraMineR ``seqmtplot``).

    Bar length = :func:`analysis.sequences.mean_time_in_state` (weighted mean
    over all people of the number of time units in the state; missing months
    count for no state).

    Parameters
    ----------
    unit : str, default "time units"
        Name of the time unit for the axis label (e.g. ``"months"``).
    **kwargs
        Passed to ``Axes.barh``.

    Returns
    -------
    Axes
    """
    ax = plt.gca() if ax is None else ax
    states = _states(seqs, order)
    mean = mean_time_in_state(seqs, weights, alphabet=states)
    colours = state_colours(states)
    y = np.arange(len(states))
    kwargs.setdefault("edgecolor", "0.6")
    ax.barh(y, mean.to_numpy(), color=[colours[s] for s in states], **kwargs)
    ax.set_yticks(y)
    ax.set_yticklabels([state_label(s) for s in states])
    ax.invert_yaxis()
    ax.set_xlabel(f"Mean time per person ({unit})")
    ax.set_title(_n_text(_weights(weights, seqs), weights is not None), loc="right", fontsize="small")
    return ax


def typology_panel(
    seqs: pd.DataFrame,
    clusters: pd.DataFrame | pd.Series,
    *,
    weights: object = None,
    fig: Figure | None = None,
    ncols: int = 2,
    min_size: int = 1,
    marker: str = "c",
) -> Figure:
    """One chronogram per cluster, with the cluster size in each title.

    Clusters of fewer than ``min_size`` individuals (pass the disclosure
    threshold ``k``) are not drawn: their panel says the cluster is suppressed
    and its size is shown as ``marker``, since a chronogram of one or two
    people shows their careers.

    Unlike the other functions this draws several Axes, so it takes and
    returns a **Figure** (a new one when ``fig`` is None).

    Parameters
    ----------
    clusters : DataFrame or Series
        Output of :func:`analysis.sequences.typology.cluster_sequences` (its
        ``cluster`` and ``weight`` columns), or a Series of cluster labels,
        indexed like ``seqs``.
    weights : array-like, optional
        Case weights, used when ``clusters`` has no ``weight`` column.
    ncols : int, default 2
        Number of panel columns.

    Returns
    -------
    Figure
        Titles read ``Cluster c (n = people, share %)`` where the share is the
        cluster's share of the total weight; one legend for the whole figure.
    """
    if isinstance(clusters, pd.DataFrame):
        labels = clusters["cluster"]
        w = clusters["weight"] if "weight" in clusters else _weights(weights, seqs)
    else:
        labels = clusters
        w = _weights(weights, seqs)
    labels = labels.reindex(seqs.index)
    w = pd.Series(np.asarray(w, dtype=float), index=seqs.index)
    weighted = weights is not None or (isinstance(clusters, pd.DataFrame) and not np.all(w == 1))
    states = _states(seqs, None)
    groups = sorted(labels.dropna().unique())
    nrows = max(1, int(np.ceil(len(groups) / ncols)))
    if fig is None:
        fig = plt.figure(figsize=(5.0 * ncols, 3.4 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True)
    total = w.sum()
    for ax, group in zip(axes.ravel(), groups, strict=False):
        member = (labels == group).to_numpy()
        if member.sum() < min_size:
            ax.set_title(f"Cluster {group} (n = {marker})")
            ax.text(0.5, 0.5, f"suppressed: fewer than {min_size} people", ha="center", va="center",
                    transform=ax.transAxes, color="0.4")
            ax.set_xticks([])
            continue
        chronogram(
            seqs.loc[member],
            weights=w[member].to_numpy() if weighted else None,
            ax=ax,
            order=states,
            legend=False,
            show_n=False,
        )
        ax.set_title(f"Cluster {group} (n = {member.sum():,}, {w[member].sum() / total:.0%})")
    for column, ax in enumerate(axes.ravel()):
        if column % ncols:
            ax.set_ylabel("")
    for ax in axes.ravel()[len(groups) :]:
        ax.set_visible(False)
    colours = state_colours(states)
    handles = [Patch(facecolor=colours[s], edgecolor="0.6", label=state_label(s)) for s in states]
    fig.legend(handles=handles, loc="outside right center", frameon=False)
    return fig


# --------------------------------------------------------------------------- #
# Published (protected) versions
# --------------------------------------------------------------------------- #
#: Colour and hatch of the band pooling the cells that are suppressed at a time point.
HIDDEN_COLOUR = "#D9D9D9"
HIDDEN_GID = "suppressed"


def protected_chronogram(
    data: Protected,
    *,
    panel: str = "all",
    ax: Axes | None = None,
    legend: bool = True,
    width: float | None = None,
) -> Axes:
    """Chronogram from protected state counts: stacked shares at each drawn time point.

    Parameters
    ----------
    data : Protected
        Output of :func:`analysis.disclosure.sequences.protect_state_counts`
        (with a ``label`` column of display names): ``panel``, ``time``,
        ``state``, ``people``, ``drawn``.
    panel : str
        Which panel to draw.
    ax : Axes, optional
        Axes to draw on.
    legend : bool, default True
        Draw the legend of states (and of the pooled band).
    width : float, optional
        Bar width in time units (default: the spacing of the time points).

    Returns
    -------
    Axes
        Cells hidden by disclosure control are drawn together as one grey
        band marked "c" per time point; time points not drawn are left empty.
    """
    from analysis.disclosure.sequences import TOTAL_STATE
    from analysis.plots.charts import draw_nothing_to_show

    ax = plt.gca() if ax is None else ax
    frame = data.data.assign(hidden=data.hidden("people"))
    drawn = frame["drawn"].astype(str).isin(["yes", "True", "true"])
    frame = frame[(frame["panel"] == panel) & drawn]
    times = sorted(frame["time"].unique())
    if not times:
        return draw_nothing_to_show(ax, data.meta.get("empty_message") or _(
            "Not drawn: fewer than {m} people known at every time point.").format(m=data.policy.min_at_risk))
    step = width or (float(np.min(np.diff(times))) if len(times) > 1 else 1.0)
    states = state_order([s for s in frame["state"].unique() if s != TOTAL_STATE])
    labels = dict(zip(frame["state"], frame["label"], strict=False)) if "label" in frame else {}
    colours = state_colours(states)
    bottom = np.zeros(len(times))
    totals = frame[frame["state"] == TOTAL_STATE].set_index("time")["people"].reindex(times).astype(float).to_numpy()
    cells = frame[frame["state"] != TOTAL_STATE]
    for state in states:
        rows = cells[cells["state"] == state].set_index("time").reindex(times)
        shown = (~rows["hidden"].astype(bool)).to_numpy() & rows["people"].notna().to_numpy()
        share = np.where(shown, rows["people"].astype(float).to_numpy() / totals, 0.0) * 100
        if share.any():
            ax.bar(times, share, width=step * 0.92, bottom=bottom, color=colours[state], linewidth=0,
                   label=labels.get(state, state_label(state)))
        bottom += share
    rest = np.clip(100 - bottom, 0, 100)
    if (rest > 1e-9).any():
        ax.bar(times, rest, width=step * 0.92, bottom=bottom, color=HIDDEN_COLOUR, hatch="///", edgecolor="white",
               linewidth=0, gid=HIDDEN_GID, label=_("{marker}: states of fewer than {k} people").format(
                   marker=data.marker, k=data.policy.threshold))
    ax.set_ylim(0, 100)
    ax.set_xlim(times[0] - step / 2, times[-1] + step / 2)
    ax.set_ylabel(_("Share of people whose state is known (%)"))
    if legend:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


def type_bars(data: Protected, *, ax: Axes | None = None, legend: bool = True) -> Axes:
    """Career types as horizontal 100% bars: the share of each type's months in each state.

    Parameters
    ----------
    data : Protected
        The typology table (``type``, ``name``, ``people``) whose
        ``meta["shares"]`` holds the protected shares (``type``, ``state``,
        ``share``, ``label``); shares hidden by disclosure control are drawn
        together as one grey band marked "c".
    ax : Axes, optional
        Axes to draw on.
    legend : bool, default True
        Draw the legend of states below the bars.

    Returns
    -------
    Axes
    """
    from analysis.plots.charts import draw_nothing_to_show

    ax = plt.gca() if ax is None else ax
    shares = data.meta.get("shares")
    if shares is None or not len(data):
        return draw_nothing_to_show(ax, data.meta.get("empty_message"))
    frame = shares.data.assign(hidden=shares.hidden("share"), value=shares.values("share"))
    types = data.labels("type")
    sizes = [f"{v:,.0f}" if v == v else data.marker for v in data.values("people")]
    names = [f"{n} (n = {size})" for n, size in zip(data.labels("name"), sizes, strict=True)]
    states = state_order(frame["state"].unique())
    colours = state_colours(states)
    labels = dict(zip(frame["state"], frame["label"], strict=False))
    y = np.arange(len(types))
    left = np.zeros(len(types))
    for state in states:
        rows = frame[frame["state"] == state].set_index("type").reindex(types)
        width = np.nan_to_num(np.where(rows["hidden"].astype(bool), 0.0, rows["value"].astype(float))) * 100
        if width.any():
            ax.barh(y, width, left=left, height=0.7, color=colours[state], linewidth=0,
                    label=labels.get(state, state_label(state)))
        left += width
    rest = np.clip(100 - left, 0, 100)
    if (rest > 1e-6).any():
        ax.barh(y, rest, left=left, height=0.7, color=HIDDEN_COLOUR, hatch="///", edgecolor="white", linewidth=0,
                gid=HIDDEN_GID, label=_("{marker}: states fewer than {k} members were in").format(
                    marker=data.marker, k=data.policy.threshold))
    ax.set_yticks(y, names)
    ax.set_ylim(len(types) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.grid(axis="y", visible=False)
    if legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, frameon=False, fontsize=9)
    return ax


def count_heatmap(data: Protected, *, index: str | None = None, columns: str | None = None,
                  values: str | None = None, ax: Axes | None = None, shares: bool = False,
                  **kwargs: object) -> Axes:
    """Heat map of a protected cross-table; suppressed cells are grey and marked.

    Parameters
    ----------
    data : Protected
        A protected cross-table (rows = origin, columns = destination), or a
        long table with ``index``, ``columns`` and ``values`` named.
    index, columns, values : str, optional
        Columns of a long table: row labels, column labels, counts.
    ax : Axes, optional
        Axes to draw on.
    shares : bool, default False
        Colour and annotate row shares (count / the row's total of shown and
        hidden cells as the table states it) instead of counts.
    **kwargs
        Passed to ``seaborn.heatmap``.

    Returns
    -------
    Axes
    """
    from analysis.plots.charts import draw_nothing_to_show

    ax = plt.gca() if ax is None else ax
    if not len(data) or data.data.size == 0:
        return draw_nothing_to_show(ax, data.meta.get("empty_message"))
    if values is not None:
        data = data.pivot(index, columns, values)
        data.data.index.name = data.data.columns.name = None
    values = data.data.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    hidden = data.suppressed.to_numpy(dtype=bool)
    shown = np.where(hidden, np.nan, values)
    if shares:
        with np.errstate(divide="ignore", invalid="ignore"):
            row_total = data.meta.get("row_totals")
            totals = np.asarray(row_total, dtype=float) if row_total is not None else np.nansum(values, axis=1)
            shown = shown / totals[:, None]
    annot = np.where(hidden, data.marker, np.where(np.isnan(shown), "", np.vectorize(
        (lambda v: f"{v:.0%}") if shares else (lambda v: f"{v:,.0f}"))(np.nan_to_num(shown)))).astype(object)
    frame = pd.DataFrame(shown, index=data.index, columns=data.columns)
    kwargs.setdefault("cmap", "Blues")
    kwargs.setdefault("cbar", False)
    sns.heatmap(frame, annot=annot, fmt="", ax=ax, linewidths=0.5, linecolor="white", **kwargs)
    for i, j in zip(*np.nonzero(hidden), strict=True):
        ax.add_patch(plt.Rectangle((j, i), 1, 1, facecolor=HIDDEN_COLOUR, edgecolor="white", gid=HIDDEN_GID))
        ax.text(j + 0.5, i + 0.5, data.marker, ha="center", va="center", color="0.3", gid=HIDDEN_GID)
    ax.set_xlabel(str(data.columns.name or ""))
    ax.set_ylabel(str(data.index.name or ""))
    return ax


def published_index_plot(data: Protected, *, ax: Axes | None = None) -> Axes:
    """Index plot of a table declared synthetic (``meta["publishable"]``), else a sentence saying why not."""
    from analysis.plots.charts import draw_nothing_to_show

    ax = plt.gca() if ax is None else ax
    if not data.meta.get("publishable") or not len(data):
        return draw_nothing_to_show(ax, data.meta.get("empty_message"))
    seqs = data.data.copy()
    seqs.columns = pd.RangeIndex(seqs.shape[1], name="month")
    return index_plot(seqs, ax=ax)
