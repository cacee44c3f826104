"""Chart functions: the drawn artists (bar heights, labels, "c" markers, legends), not pixels."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from analysis.plots.charts import SUPPRESSED_GID, count_bars, destination_bars, km_plot, rate_bars
from analysis.disclosure.protect import DisclosurePolicy, protect_counts, protect_rates
from analysis.measures.outcomes import kaplan_meier, wilson_interval
from analysis.plots.palette import STATE_COLOURS, state_label

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
    narrow = wilson_interval(50, 100, confidence=0.5)
    assert narrow[1] - narrow[0] < wilson_interval(50, 100)[1] - wilson_interval(50, 100)[0]


# --------------------------------------------------------------------------- count bars


@pytest.fixture
def counts():
    frame = pd.DataFrame({"exit_reason": ["completed", "left_for_post", "other"], "people": [10, 6, 1]})
    return protect_counts(frame, count_cols="people", policy=POLICY)


def test_count_bars_heights_labels_and_suppression(counts):
    fig, ax = plt.subplots()
    out = count_bars(counts, x="exit_reason", y="people", ax=ax)
    assert out is ax
    heights = sorted(b.get_height() for b in _bars(ax))
    # "other" (1) is primary-suppressed, "left_for_post" (6) secondary: only 10 is drawn
    shown = counts["people"].dropna().astype(int).tolist()
    assert heights == sorted(shown)
    markers = _markers(ax)
    assert [t.get_text() for t in markers] == ["c"] * int(counts["people"].isna().sum())
    assert not any(t.get_text() in {"1", "6"} for t in ax.texts)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["completed", "left for post", "other"]


def test_count_bars_hue_legend():
    frame = pd.DataFrame({"fy": ["FY2008", "FY2008", "FY2009", "FY2009"],
                          "sector": ["ngo", "academia", "ngo", "academia"], "people": [5, 4, 3, 6]})
    table = protect_counts(frame, count_cols="people", group_cols="fy", policy=POLICY)
    fig, ax = plt.subplots()
    count_bars(table, x="fy", y="people", hue="sector", ax=ax)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert set(labels) == {state_label("ngo"), state_label("academia")}
    colours = {tuple(np.round(b.get_facecolor()[:3], 3)) for b in _bars(ax)}
    assert len(colours) == 2


def test_count_bars_uses_current_axes(counts):
    fig, ax = plt.subplots()
    assert count_bars(counts, x="exit_reason", y="people") is ax


def test_count_bars_refuses_unprotected_table():
    from analysis.disclosure.protect import DisclosureError

    with pytest.raises(DisclosureError):
        count_bars(pd.DataFrame({"x": ["a"], "y": [5]}), x="x", y="y")


# --------------------------------------------------------------------------- rate bars


@pytest.fixture
def rates():
    frame = pd.DataFrame({"window": [6, 15, 24], "num": [28, 2, 26], "den": [89, 40, 80]})
    frame["rate"] = frame["num"] / frame["den"]
    return protect_rates(frame, numerator="num", denominator="den", rate_cols="rate", policy=POLICY)


def test_rate_bars_heights_intervals_target_and_comparators(rates):
    fig, ax = plt.subplots()
    rate_bars(rates, x="window", rate="rate", numerator="num", denominator="den", ax=ax, target=0.5,
              comparators={"Swiss UNV 87%": (24, 0.87), "Overall 40%": 0.4})
    heights = [b.get_height() for b in _bars(ax)]
    assert heights == pytest.approx([28 / 89, 26 / 80])
    assert [t.get_text() for t in _markers(ax)] == ["c"]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["6\n28 / 89", "15\nc / 40", "24\n26 / 80"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Target 50%" in legend and "Swiss UNV 87%" in legend and "Overall 40%" in legend
    assert "95% Wilson interval" in legend
    target = [line for line in ax.lines if line.get_gid() == "target"]
    assert target and target[0].get_ydata()[0] == pytest.approx(0.5)
    # Error bars: drawn only for the two shown rates, at the Wilson limits
    (errors,) = [c for c in ax.containers if getattr(c, "get_gid", lambda: None)() == "wilson-interval"] or [None]
    segments = ax.collections[[c.get_gid() for c in ax.collections].index("wilson-interval")].get_segments() \
        if errors is None else errors.lines[2][0].get_segments()
    assert len(segments) == 2
    low, high = wilson_interval(28, 89)
    assert sorted(segments[0][:, 1]) == pytest.approx([low, high])


def test_rate_bars_no_interval_when_off(rates):
    fig, ax = plt.subplots()
    rate_bars(rates, x="window", rate="rate", numerator="num", denominator="den", ax=ax, ci=False)
    assert ax.get_legend() is None
    assert not any(c.get_gid() == "wilson-interval" for c in ax.collections)


# --------------------------------------------------------------------------- Kaplan-Meier


@pytest.fixture
def curve():
    durations = pd.DataFrame({"duration_months": [1, 2, 2, 3, 4, 5, 6, 8, 9, 12],
                              "event": [True, True, False, True, False, True, True, False, True, False]})
    return kaplan_meier(durations)


def test_km_plot_cumulative_step_and_band(curve):
    fig, ax = plt.subplots()
    km_plot(curve, ax=ax, label="first post")
    (line,) = ax.lines
    assert line.get_drawstyle() == "steps-post"
    assert line.get_ydata() == pytest.approx(1 - curve["survival"].to_numpy())
    assert any(c.get_gid() == "km-band" for c in ax.collections)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["first post"]


def test_km_plot_survival_and_truncation(curve):
    fig, ax = plt.subplots()
    km_plot(curve, ax=ax, cumulative=False, min_at_risk=3)
    (line,) = ax.lines
    kept = curve[curve["at_risk"] >= 3]
    assert len(line.get_ydata()) == len(kept)
    assert line.get_ydata() == pytest.approx(kept["survival"].to_numpy())


# --------------------------------------------------------------------------- destinations


def test_destination_bars_sector_colours_labels_and_marker():
    frame = pd.DataFrame({"sector": ["un_peace_operation", "ngo", "academia", "un_secretariat"],
                          "people": [30, 21, 10, 2]})
    table = protect_counts(frame, count_cols="people", policy=POLICY, totals_known=False)
    fig, ax = plt.subplots()
    destination_bars(table, by="sector", ax=ax)
    bars = _bars(ax)
    assert [b.get_width() for b in bars] == [30, 21, 10]
    assert [tuple(b.get_facecolor()[:3]) for b in bars][0] == pytest.approx(
        tuple(int(STATE_COLOURS["un_peace_operation"][i:i + 2], 16) / 255 for i in (1, 3, 5)))
    assert [t.get_text() for t in ax.get_yticklabels()] == [state_label(s) for s in frame["sector"]]
    assert [t.get_text() for t in _markers(ax)] == ["c"]
    assert "2" not in [t.get_text() for t in ax.texts]
    # first row on top
    assert ax.get_ylim()[0] > ax.get_ylim()[1]
