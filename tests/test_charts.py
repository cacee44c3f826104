"""Chart functions: the drawn artists (bar heights, labels, "c" markers, legends), not pixels."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from analysis.disclosure.policy import DisclosurePolicy
from analysis.disclosure.protect import protect_counts, protect_rates
from analysis.disclosure.survival import protect_survival
from analysis.measures.intervals import wilson_interval
from analysis.plots.charts import (
    EMPTY_GID,
    SUPPRESSED_GID,
    count_bars,
    destination_bars,
    km_plot,
    rate_bars,
)
from analysis.plots.palette import STATE_COLOURS
from analysis.report.exhibits.base import add_rate_columns

POLICY = DisclosurePolicy(k=3)


def _bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid() != SUPPRESSED_GID]


def _markers(ax):
    return [t for t in ax.texts if t.get_gid() == SUPPRESSED_GID]


# --------------------------------------------------------------------------- Wilson


def test_wilson_interval_hand_worked():
    # x = 5, n = 10, z = 1.959964: p = 0.5, z^2 = 3.841459,
    # centre = (0.5 + 0.192073) / 1.384146 = 0.5,
    # half = 1.959964 * sqrt(0.025 + 0.009604) / 1.384146 = 0.263407
    low, high = wilson_interval(5, 10)
    assert low == pytest.approx(0.236593, abs=1e-6)
    assert high == pytest.approx(0.763407, abs=1e-6)
    # x = 0: lower bound 0, upper = z^2/n / (1 + z^2/n) = 0.384146 / 1.384146
    low, high = wilson_interval(0, 10)
    assert low == 0
    assert high == pytest.approx(0.384146 / 1.384146, abs=1e-6)


def test_wilson_interval_arrays_and_zero_denominator():
    low, high = wilson_interval(np.array([28, 0]), np.array([89, 0]))
    assert low[0] == pytest.approx(0.227510, abs=1e-6) and high[0] == pytest.approx(0.417045, abs=1e-6)
    assert math.isnan(low[1]) and math.isnan(high[1])


# --------------------------------------------------------------------------- count bars


@pytest.fixture
def counts():
    frame = pd.DataFrame({"code": ["completed", "left_for_post", "other"], "label": ["Completed", "Left", "Other"],
                          "people": [10, 6, 1]})
    # alone, with its total known: 1 is hidden, and so is the next smallest (6), else 17 - 10 - 6 = 1
    return protect_counts(frame, count_cols="people", policy=POLICY)


def test_count_bars_heights_labels_and_suppression(counts):
    fig, ax = plt.subplots()
    count_bars(counts, x="code", y="people", label="label", ax=ax)
    assert [b.get_height() for b in _bars(ax)] == [10]
    assert [t.get_text() for t in _markers(ax)] == ["c", "c"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Completed", "Left", "Other"]
    # no hidden number anywhere among the texts (bar labels are texts too)
    texts = [t.get_text() for t in ax.texts]
    assert "10" in texts and "1" not in texts and "6" not in texts


def test_count_bars_draws_on_current_axes_and_refuses_plain_frames(counts):
    fig, ax = plt.subplots()
    assert count_bars(counts, x="code", y="people") is ax
    with pytest.raises(TypeError):
        count_bars(pd.DataFrame({"code": ["a"], "people": [5]}), x="code", y="people")


def test_everything_suppressed_draws_a_sentence_and_no_axis():
    frame = pd.DataFrame({"code": ["a", "b"], "people": [1, 2]})
    table = protect_counts(frame, count_cols="people", policy=POLICY, totals_known=False)
    fig, ax = plt.subplots()
    count_bars(table, x="code", y="people", ax=ax)
    assert not ax.axison
    assert [t.get_gid() for t in ax.texts] == [EMPTY_GID]
    assert "3" in ax.texts[0].get_text()  # "fewer than 3 people"
    assert not _bars(ax)


# --------------------------------------------------------------------------- rate bars


@pytest.fixture
def rates():
    frame = pd.DataFrame({"label": ["6 months", "15 months", "24 months"], "num": [28, 2, 26], "den": [89, 40, 80]})
    frame = add_rate_columns(frame, "rate", "num", "den", "low", "high")
    table = protect_rates(frame, numerator="num", denominator="den", rate_cols=["rate", "low", "high"], policy=POLICY)
    return table.with_meta(target=0.5, comparators={"Swiss UNV 87%": ("24 months", 0.87), "Overall 40%": 0.4})


def test_rate_bars_heights_intervals_target_and_comparators(rates):
    fig, ax = plt.subplots()
    rate_bars(rates, x="label", rate="rate", numerator="num", denominator="den", lower="low", upper="high", ax=ax)
    assert [b.get_height() for b in _bars(ax)] == pytest.approx([28 / 89, 26 / 80])
    assert [t.get_text() for t in _markers(ax)] == ["c"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["6 months\n28 / 89", "15 months\nc / 40",
                                                            "24 months\n26 / 80"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"Target 50%", "Swiss UNV 87%", "Overall 40%", "95% interval"} <= set(legend)
    # interval whiskers only for the two shown rates, at the Wilson limits
    container = next(c for c in ax.containers if c.get_label() == "95% interval")
    segments = container.lines[2][0].get_segments()
    assert len(segments) == 2
    low, high = wilson_interval(28, 89)
    assert sorted(segments[0][:, 1]) == pytest.approx([low, high])


def test_rate_bars_without_intervals_or_comparators(rates):
    plain = rates.with_meta(target=None, comparators={})
    fig, ax = plt.subplots()
    rate_bars(plain, x="label", rate="rate", numerator="num", denominator="den", ax=ax)
    assert ax.get_legend() is None


# --------------------------------------------------------------------------- Kaplan-Meier


@pytest.fixture
def life_table():
    # 12 people: 3 events at 0 (posts held when the term ended), 3 between 3 and 6 months,
    # 3 censored at 7, 3 events at 10: with k = 3 each step holds 3 events
    durations = pd.DataFrame({"duration_months": [0, 0, 0, 4, 5, 5, 7, 7, 7, 10, 10, 10],
                              "event": [True] * 6 + [False] * 3 + [True] * 3})
    return protect_survival(durations, DisclosurePolicy(k=3))


def test_km_plot_draws_the_published_steps_and_band(life_table):
    fig, ax = plt.subplots()
    km_plot(life_table, ax=ax, label="first post")
    (line,) = ax.lines
    assert line.get_drawstyle() == "steps-post"
    # actuarial steps at 0, 6 and 12 months: S = 9/12 = 0.75; 0.75 * 6/9 = 0.5; then 6 at risk with 3 withdrawn
    # (half counted: 4.5 exposed) and 3 events: 0.5 * (1 - 3/4.5) = 1/6, so 5/6 have had the event
    assert list(line.get_xdata()) == pytest.approx([0, 0, 6, 12])
    assert list(line.get_ydata()) == pytest.approx([0, 0.25, 0.5, 5 / 6])
    assert any(c.get_gid() == "km-band" for c in ax.collections)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["first post"]


def test_km_plot_of_an_unpublishable_curve_says_so():
    durations = pd.DataFrame({"duration_months": [1, 2, 3, 4, 5, 6, 7], "event": [True, True] + [False] * 5})
    table = protect_survival(durations, DisclosurePolicy(k=3))  # 2 events in all: below k
    fig, ax = plt.subplots()
    km_plot(table, ax=ax)
    assert not ax.axison and not ax.lines


# --------------------------------------------------------------------------- destinations


def test_destination_bars_sector_colours_labels_and_marker():
    frame = pd.DataFrame({"sector": ["un_peace_operation", "ngo", "academia", "un_secretariat"],
                          "label": ["UN peace operation", "NGO", "Academia", "UN Secretariat"],
                          "people": [30, 21, 10, 2]})
    table = protect_counts(frame, count_cols="people", policy=POLICY, totals_known=False)
    fig, ax = plt.subplots()
    destination_bars(table, by="label", colour_by="sector", ax=ax)
    bars = _bars(ax)
    assert [b.get_width() for b in bars] == [30, 21, 10]
    expected = tuple(int(STATE_COLOURS["un_peace_operation"][i:i + 2], 16) / 255 for i in (1, 3, 5))
    assert tuple(bars[0].get_facecolor()[:3]) == pytest.approx(expected)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(frame["label"])
    assert [t.get_text() for t in _markers(ax)] == ["c"]
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # first row on top


def test_a_dollar_sign_in_a_label_is_drawn_literally(tmp_path):
    from analysis.plots.theme import save_figure, set_theme

    set_theme()
    frame = pd.DataFrame({"label": ["Fund $x$", "Other"], "people": [5, 7]})
    table = protect_counts(frame, count_cols="people", policy=POLICY, totals_known=False)
    fig, ax = plt.subplots()
    destination_bars(table, by="label", ax=ax)
    save_figure(fig, "02-dollar", folder=tmp_path)  # would raise on mathtext parsing without the theme
    assert "$" in ax.get_yticklabels()[0].get_text()
