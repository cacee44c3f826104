"""Sequence charts: check what is drawn (artists, labels), not pixels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from analysis.plots.palette import state_label  # noqa: E402
from analysis.plots.sequence_plots import (  # noqa: E402
    Y_LABEL_SHARE,
    chronogram,
    index_plot,
    mean_time_plot,
    transition_heatmap,
    typology_panel,
)
from analysis.sequences.statistics import mean_time_in_state, transition_rates  # noqa: E402

STATES = ["advisor", "ngo", "academia"]  # palette display order


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def seqs() -> pd.DataFrame:
    rows = [
        ["advisor", "advisor", "ngo", "ngo"],
        ["advisor", "academia", "academia", None],
        ["advisor", None, "ngo", "ngo"],
    ]
    return pd.DataFrame(rows, index=["a", "b", "c"], columns=pd.Index(["M1", "M2", "M3", "M4"], name="Month"))


def legend_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_chronogram_artists_and_labels(seqs):
    fig, ax = plt.subplots()
    out = chronogram(seqs, ax=ax)
    assert out is ax
    polys = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(polys) == len(STATES)  # one stacked area per state
    assert legend_labels(ax) == [state_label(s) for s in STATES]
    assert ax.get_legend().get_title().get_text() == "n = 3"
    assert ax.get_ylabel() == Y_LABEL_SHARE and ax.get_xlabel() == "Month"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["M1", "M2", "M3", "M4"]
    assert ax.get_ylim() == (0.0, 100.0)


def test_chronogram_current_axes_weights_and_order(seqs):
    plt.figure()
    ax = chronogram(seqs, weights=[1.0, 2.0, 0.5], order=["ngo", "advisor", "academia", "other"], legend=False)
    assert ax is plt.gca()
    assert len(ax.collections) == 4  # "other" never occurs: an empty area, still drawn
    assert any(t.get_text() == "weighted n = 3.5" for t in ax.texts)


def test_chronogram_all_missing_column():
    seqs = pd.DataFrame([["ngo", None, "ngo"], ["advisor", None, None]])
    ax = chronogram(seqs, ax=plt.figure().add_subplot())
    assert len(ax.collections) == 2


def test_index_plot_sorted_with_white_missing(seqs):
    ax = index_plot(seqs, ax=plt.figure().add_subplot())
    (image,) = ax.get_images()
    data = image.get_array()
    assert data.shape == (3, 4)
    # all start as advisor; month 2 decides: advisor (a, code 0) before academia (b, code 2)
    # before missing (c, sorted last). Codes follow the palette order advisor, ngo, academia.
    np.testing.assert_array_equal(data.data[:2, 1], [0, 2])
    assert data.mask[2, 1] and data.mask[1, 3]  # missing months are masked (drawn white)
    assert tuple(image.get_cmap().get_bad()[:3]) == (1.0, 1.0, 1.0)
    assert legend_labels(ax) == [state_label(s) for s in STATES]
    assert ax.get_ylabel() == "People (n = 3)"


def test_index_plot_unsorted_keeps_row_order(seqs):
    ax = index_plot(seqs, sort=False, legend=False, ax=plt.figure().add_subplot())
    assert ax.get_images()[0].get_array().data[1, 1] == 2  # row b stays second
    assert ax.get_legend() is None


def test_transition_heatmap_from_sequences_and_from_rates(seqs):
    ax = transition_heatmap(seqs, ax=plt.figure().add_subplot())
    assert len(ax.collections) == 1  # one QuadMesh
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 9 and "1.00" in texts
    assert ax.get_xlabel() == "State at t + 1" and ax.get_ylabel() == "State at t"
    assert [t.get_text() for t in ax.get_yticklabels()] == [state_label(s) for s in STATES]
    rates = transition_rates(seqs)
    ax2 = transition_heatmap(rates, annot=False, ax=plt.figure().add_subplot())
    assert len(ax2.texts) == 0
    np.testing.assert_allclose(
        ax2.collections[0].get_array().reshape(3, 3), rates.loc[STATES, STATES].to_numpy()
    )


def test_mean_time_plot_bars(seqs):
    ax = mean_time_plot(seqs, unit="months", ax=plt.figure().add_subplot())
    assert len(ax.patches) == 3
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(widths, mean_time_in_state(seqs, alphabet=STATES).to_numpy())
    assert [t.get_text() for t in ax.get_yticklabels()] == [state_label(s) for s in STATES]
    assert ax.get_xlabel() == "Mean time per person (months)"


def test_typology_panel_returns_figure(seqs):
    clusters = pd.DataFrame({"cluster": [1, 2, 1], "weight": [1.0, 1.0, 1.0]}, index=seqs.index)
    fig = typology_panel(seqs, clusters)
    assert isinstance(fig, Figure)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["Cluster 1 (n = 2, 67%)", "Cluster 2 (n = 1, 33%)"]
    assert all(len(ax.collections) == 3 for ax in visible)  # same states in every panel
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [state_label(s) for s in STATES]


def test_typology_panel_series_and_existing_figure(seqs):
    fig = plt.figure()
    out = typology_panel(seqs, pd.Series([1, 1, 2], index=seqs.index), fig=fig, ncols=3)
    assert out is fig
    assert sum(ax.get_visible() for ax in fig.axes) == 2 and len(fig.axes) == 3
