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
    titles = [ax.get_title() or ax.get_title(loc="left") for ax in visible]  # the theme puts titles on the left
    assert titles == ["Cluster 1 (n = 2, 67%)", "Cluster 2 (n = 1, 33%)"]
    assert all(len(ax.collections) == 3 for ax in visible)  # same states in every panel
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [state_label(s) for s in STATES]


def test_typology_panel_series_and_existing_figure(seqs):
    fig = plt.figure()
    out = typology_panel(seqs, pd.Series([1, 1, 2], index=seqs.index), fig=fig, ncols=3)
    assert out is fig
    assert sum(ax.get_visible() for ax in fig.axes) == 2 and len(fig.axes) == 3


# --------------------------------------------------------------------------- published (protected) views


def _state_table():
    from analysis.disclosure.policy import DisclosurePolicy
    from analysis.disclosure.sequences import protect_state_counts

    counts = pd.DataFrame({
        "panel": ["all"] * 6, "time": [0, 0, 0, 6, 6, 6], "state": ["advisor", "ngo", "academia"] * 2,
        "people": [10, 0, 0, 0, 7, 3],
    })
    return protect_state_counts(counts, DisclosurePolicy(k=3)).with_labels(
        label=["Advisor", "NGO", "Academia", "All", "Advisor", "NGO", "Academia", "All"][:8])


def test_protected_chronogram_draws_shares_of_the_shown_cells():
    from analysis.plots.sequence_plots import protected_chronogram

    table = _state_table()
    fig, ax = plt.subplots()
    protected_chronogram(table, ax=ax)
    heights = sorted(round(p.get_height(), 6) for p in ax.patches if p.get_height() > 0)
    # time 0: advisor 10/10 = 100%; time 6: ngo 7/10 = 70%, academia 3/10 = 30%
    assert heights == pytest.approx([30.0, 70.0, 100.0])
    assert ax.get_ylim() == (0, 100)


def test_type_bars_pool_hidden_shares_in_grey():
    from analysis.disclosure.policy import DisclosurePolicy
    from analysis.disclosure.protect import protect_counts, protect_means
    from analysis.plots.sequence_plots import HIDDEN_GID, type_bars

    policy = DisclosurePolicy(k=3)
    shares = pd.DataFrame({"type": [1, 1, 1], "state": ["advisor", "ngo", "academia"],
                           "share": [0.4, 0.5, 0.1], "people": [5, 5, 1]})
    shares = protect_means(shares, mean_cols="share", n_col="people", policy=policy).with_labels(
        label=["Advisor", "NGO", "Academia"])
    types = protect_counts(pd.DataFrame({"type": [1], "name": ["NGO careers"], "people": [5]}),
                           count_cols="people", policy=policy).with_meta(shares=shares)
    fig, ax = plt.subplots()
    type_bars(types, ax=ax)
    widths = {round(p.get_width(), 6): p.get_gid() for p in ax.patches}
    # academia's share (1 member ever in it) is not drawn; the 10% it holds is the grey pooled band
    assert widths == {40.0: None, 50.0: None, 10.0: HIDDEN_GID}
    assert [t.get_text() for t in ax.get_yticklabels()] == ["NGO careers (n = 5)"]


def test_count_heatmap_marks_hidden_cells():
    from analysis.disclosure.policy import DisclosurePolicy
    from analysis.disclosure.protect import protect_crosstab
    from analysis.plots.sequence_plots import count_heatmap

    frame = pd.DataFrame({"A": [0, 15, 1, 12], "B": [16, 0, 14, 11], "C": [20, 17, 0, 13], "D": [9, 8, 2, 0]},
                         index=["A", "B", "C", "D"])
    table = protect_crosstab(frame, policy=DisclosurePolicy(k=3))
    fig, ax = plt.subplots()
    count_heatmap(table, ax=ax)
    texts = [t.get_text() for t in ax.texts]
    hidden = int(table.suppressed.to_numpy().sum())
    # the two small cells (1 and 2) and their complements are marked, never written
    assert "1" not in texts and "2" not in texts and texts.count("c") == hidden >= 4
