"""The disclosure audit (analysis.audit): it must find each kind of leak, and none in real builds.

Two kinds of tests:

* leak tests: small report folders written here *without* protection, one
  per way of recovering a count; each asserts the audit recovers the count
  (the expected value is written in the test);
* attacker tests on real builds (``slow``): reports built by the library on
  generated data (60, 45 and 12 advisors), which the audit must find clean.
  The two leaks these builds once showed (a per-year average quoted while
  every year was suppressed; a "most common" band ranked above a secondary
  suppression) are fixed and stay fixed here.
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from analysis.audit import Finding, audit_report, invert_km_band, recover_rate  # noqa: E402
from analysis.audit.survival import _withdrawals  # noqa: E402
from analysis.audit.svg import parse_number, parse_svg  # noqa: E402
from analysis.audit.text import _people_numbers  # noqa: E402
from analysis.plots.theme import chart_footer, save_figure, set_theme  # noqa: E402

Z = 1.959963984540054


# --------------------------------------------------------------------------- helpers


def _report(tmp_path: Path, *, kind: str = "suppress", k: int = 3, synthetic: bool = True,
            manifest: dict | None = None, measures: list | None = None) -> Path:
    """A minimal report folder: policy, headline and the folders a built report has."""
    folder = tmp_path / "report"
    for sub in ("figures", "tables", "values"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    threshold = 5 if kind == "hesa" else k
    document = {"policy": {"kind": kind, "k": k, "threshold": threshold, "min_at_risk": max(2 * threshold, 5),
                           "marker": ".." if kind == "hesa" else "c"},
                "tables": {}, "relations": []}
    document.update(manifest or {})
    (folder / "disclosure.json").write_text(json.dumps(document), encoding="utf-8")
    (folder / "headline.json").write_text(json.dumps({"is_synthetic": synthetic, "measures": measures or [],
                                                      "reference_date": "2026-09-30"}), encoding="utf-8")
    return folder


def _csv(folder: Path, name: str, text: str) -> None:
    (folder / "tables" / f"{name}.csv").write_text(text.strip() + "\n", encoding="utf-8")


def _save(folder: Path, name: str, fig, footer: str = "Synthetic data") -> None:
    chart_footer(fig, footer)
    save_figure(fig, name, folder=folder / "figures")
    plt.close(fig)


def _axes():
    set_theme()
    fig, ax = plt.subplots(figsize=(6, 4))
    return fig, ax


def _find(findings: list[Finding], method: str, value: float | None = None) -> list[Finding]:
    """Findings of ``method`` (any value, when ``value`` is None)."""
    return [f for f in findings if f.method == method and (value is None or f.value == value)]


# --------------------------------------------------------------------------- units


def test_parse_number_reads_tick_labels():
    assert parse_number("20%") == (0.2, True)
    assert parse_number("\u22125") == (-5.0, False)
    assert parse_number("1,250") == (1250.0, False)
    assert parse_number("FY2010") == (None, False)


def test_svg_ticks_map_points_to_data_units(tmp_path):
    fig, ax = _axes()
    ax.bar([0, 1], [37, 12.5])
    ax.set_ylim(0, 40)
    ax.set_yticks([0, 10, 20, 30, 40])
    save_figure(fig, "01-ticks", folder=tmp_path)
    plt.close(fig)
    parsed = parse_svg(tmp_path / "01-ticks.svg")
    (axes,) = parsed.axes
    scale, percent = axes.y.numeric()
    assert scale is not None and not percent
    heights = sorted(scale(r.y0) - scale(r.y1) for r in axes.rects)
    assert heights == pytest.approx([12.5, 37], abs=1e-6)
    # percent ticks: 0.0-1.0 shown as 0%-100%
    fig, ax = _axes()
    ax.bar([0], [0.35])
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    save_figure(fig, "01-percent", folder=tmp_path)
    plt.close(fig)
    (axes,) = parse_svg(tmp_path / "01-percent.svg").axes
    scale, percent = axes.y.numeric()
    assert percent
    assert scale(axes.rects[0].y0) == pytest.approx(0.35, abs=1e-6)


def test_km_inversion_hand_worked_five_people():
    # Five people: an event at t=1 (5 at risk), one censored at t=2, an event at t=3 (3 at risk),
    # an event at t=4 (2 at risk), the last one censored at t=5.
    #   S1 = 4/5 = 0.8                 V1 = 1/(5*4)          = 0.05
    #   S2 = 0.8 * 2/3 = 0.533333      V2 = 0.05 + 1/(3*2)   = 0.216667
    #   S3 = 0.533333 * 1/2 = 0.266667 V3 = 0.216667 + 1/(2*1) = 0.716667
    # Log-log band: theta = sqrt(V)/|ln S|, lower = S**exp(z theta), upper = S**exp(-z theta).
    # Inverting: q = 1 - S_j/S_{j-1} = 1/5, 1/3, 1/2; dV = q/(r(1-q)) gives r = 5, 3, 2; d = q r = 1, 1, 1;
    # withdrawn between steps 1 and 2: 5 - 1 - 3 = 1, between steps 2 and 3: 3 - 1 - 2 = 0.
    s = np.array([1.0, 0.8, 0.8 * 2 / 3, 0.8 * 2 / 3 / 2])
    v = np.array([0.0, 0.05, 0.05 + 1 / 6, 0.05 + 1 / 6 + 1 / 2])
    theta = np.sqrt(v[1:]) / np.abs(np.log(s[1:]))
    lower = np.concatenate([[1.0], s[1:] ** np.exp(Z * theta)])
    upper = np.concatenate([[1.0], s[1:] ** np.exp(-Z * theta)])
    steps = invert_km_band(s, lower, upper)
    assert [r for r, _d in steps] == pytest.approx([5, 3, 2], abs=1e-9)
    assert [d for _r, d in steps] == pytest.approx([1, 1, 1], abs=1e-9)
    assert _withdrawals([5.0, 3.0, 2.0], [1, 1, 1], None) == [[1, 0]]


def test_recover_rate_hesa_example():
    # 0.933 next to a rounded 30: of 28..32 / 28..32 only 28/30 rounds to 0.933 -> 2 without the outcome
    assert recover_rate("0.933", 30, hesa=True) == (28, 30)
    # two decimals: 26/28, 27/29 and 28/30 all fit, but every one of them leaves 2 without the outcome
    assert recover_rate("0.93", 30, hesa=True) == (-1, 2)
    assert recover_rate("0.8", 30, hesa=True) is None  # 23/28 ... 26/32: several complements


def test_people_numbers_leave_thresholds_out():
    assert [v for v, _w in _people_numbers("2 alumni whose window has not closed are excluded")] == [2]
    assert [v for v, _w in _people_numbers("n = 2 alumni")] == [2]
    assert _people_numbers("categories of fewer than 3 people pooled") == []
    assert _people_numbers("at least 3 people follow it") == []
    assert [v for v, _w in _people_numbers("研究員2人が該当")] == [2]
    assert _people_numbers("3人未満の区分は表示しない") == []
    assert _people_numbers("28% of 2 years") == []


# --------------------------------------------------------------------------- leak tests (unprotected folders)


def test_count_table_with_two(tmp_path):
    folder = _report(tmp_path)
    _csv(folder, "02-grades", "grade,label,people\nP-3,P-3,12\nP-5,P-5,2\nother,Other grade,9")
    found = audit_report(folder, k=3)
    assert [(f.file, f.element, f.value, f.method) for f in found] == [
        ("tables/02-grades.csv", "row 2 column 'people'", 2.0, "table")]


def test_free_text_employer_shown_for_one_person(tmp_path):
    folder = _report(tmp_path)
    _csv(folder, "02-organisations",
         "organisation,label,people\nJICA,Japan International Cooperation Agency (JICA),11\n"
         "Tanaka Consulting KK,Tanaka Consulting KK,1")
    found = audit_report(folder, k=3)
    assert _find(found, "table", 1.0)[0].element == "row 2 column 'people'"


def test_bar_chart_bar_of_two_people(tmp_path):
    folder = _report(tmp_path)
    fig, ax = _axes()
    ax.bar(["FY2009", "FY2010", "FY2011"], [10, 2, 7])
    ax.set_ylabel("advisors (people)")
    _save(folder, "01-intakes", fig)
    found = audit_report(folder, k=3)
    (leak,) = _find(found, "geometry", 2.0)
    assert leak.file == "figures/01-intakes.svg"
    assert leak.element == "bar 2 ('FY2010')"


def test_horizontal_bars_read_back(tmp_path):
    folder = _report(tmp_path)
    fig, ax = _axes()
    ax.barh(["UNMISS", "UNDOF", "MINUSCA"], [9, 5, 1])
    ax.set_xlabel("alumni (people)")
    _save(folder, "02-peace-operations", fig)
    found = audit_report(folder, k=3)
    assert [f.element for f in _find(found, "geometry", 1.0)] == ["bar 3 ('MINUSCA')"]


def test_rate_bar_one_of_twenty(tmp_path):
    folder = _report(tmp_path)
    fig, ax = _axes()
    ax.bar([0, 1], [0.05, 0.45])
    ax.set_xticks([0, 1], ["FY2010\n1 / 20", "FY2011\n9 / 20"])
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    _save(folder, "05-rates", fig)
    found = audit_report(folder, k=3)
    assert [f.element for f in _find(found, "geometry", 1.0)] == ["bar 1 ('FY2010')"]


def test_rate_bar_suppressed_numerator_recovered_from_height(tmp_path):
    folder = _report(tmp_path)
    fig, ax = _axes()
    ax.bar([0, 1], [0.1, 0.45])  # 0.1 x 20 = 2 people, although the label hides the numerator
    ax.set_xticks([0, 1], ["FY2010\nc / 20", "FY2011\n9 / 20"])
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    _save(folder, "05-rates", fig)
    found = audit_report(folder, k=3)
    assert [f.element for f in _find(found, "geometry", 2.0)] == ["bar 1 ('FY2010')"]


def test_stacked_chronogram_band_of_one_person(tmp_path):
    folder = _report(tmp_path)
    fig, ax = _axes()
    # 7 people at each time point: 4 / 2 / 1 (the last band is one person)
    times = np.array([0, 6, 12])
    shares = np.array([[4, 2, 1], [5, 2, 0], [7, 0, 0]]) / 7 * 100
    bottom = np.zeros(3)
    for j, colour in enumerate(("#332288", "#117733", "#D9D9D9")):
        ax.bar(times, shares[:, j], width=5.5, bottom=bottom, color=colour)
        bottom += shares[:, j]
    ax.set_ylim(0, 100)
    ax.set_ylabel("Share of people whose state is known (%)")
    _save(folder, "04-chronogram", fig, footer="Synthetic data · n = 7 people")
    found = audit_report(folder, k=3)
    ones = _find(found, "geometry", 1.0)
    assert [f.element.split(" (")[0] for f in ones] == ["bar 1"]
    assert _find(found, "geometry", 2.0)  # the bands of 2 people too


def test_unprotected_kaplan_meier_curve(tmp_path):
    from statsmodels.duration.survfunc import SurvfuncRight

    from analysis.measures.survival import loglog_band

    folder = _report(tmp_path)
    # 12 people, one event at each of months 3, 6, ..., 24 and four censored along the way
    time = np.array([3, 6, 9, 12, 15, 18, 21, 24, 10, 20, 26, 30], dtype=float)
    event = np.array([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0])
    fit = SurvfuncRight(time, event)
    s = np.asarray(fit.surv_prob)
    lo, hi = loglog_band(s, np.asarray(fit.surv_prob_se))
    t = np.concatenate([[0.0], fit.surv_times])
    s, lo, hi = (np.concatenate([[1.0], v]) for v in (s, lo, hi))
    fig, ax = _axes()
    cumulative, c_lo, c_hi = 1 - s, 1 - hi, 1 - lo
    (line,) = ax.step(t, cumulative, where="post", label="first post")
    ax.fill_between(t, c_lo, c_hi, step="post", alpha=0.2, color=line.get_color(), linewidth=0, gid="km-band")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0, t[-1] * 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    _save(folder, "03-time-to-first", fig, footer="Synthetic data · n = 12 alumni")
    found = audit_report(folder, k=3)
    steps = _find(found, "survival", 1.0)
    assert {f.element for f in steps} >= {"step 1 (t = 3)", "step 2 (t = 6)", "step 3 (t = 9)"}
    # one person censored at month 10, between the events at 9 and 12
    assert "step 3 withdrawals" in {f.element for f in steps}


def _universe(attributes: dict[str, list[str]], rules: list[dict] | None = None) -> dict:
    return {"advisors": {"attributes": attributes, "rules": rules or [], "unit": "people"}}


def _cells(*wheres: dict, at_least: int | None = None) -> list[dict]:
    return [{"universe": "advisors", "where": w, **({"at_least": at_least} if at_least else {})} for w in wheres]


COHORTS = ["FY2005–09", "FY2010–14", "FY2015–19", "FY2020–24"]


def test_cohort_cell_recovered_by_differencing_against_headline(tmp_path):
    # In the field 24 months after the term: 5, 6, c, 4 by cohort and 17 in all (the headline).
    # The cohorts partition the advisors (the manifest says whom each count counts), so c = 2.
    manifest = {
        "universes": _universe({"cohort": COHORTS, "w24": ["in", "out", "unknown"]}),
        "tables": {
            "05-in-field-24-months-by-cohort": {
                "csv": "tables/05-in-field-24-months-by-cohort.csv", "counts": ["in_field"],
                "cells": {"in_field": _cells(*({"cohort": [c], "w24": ["in"]} for c in COHORTS))}},
            "03-headline": {"csv": "tables/03-headline.csv", "counts": ["numerator"],
                            "cells": {"numerator": _cells({"w24": ["in"]})}},
        },
    }
    folder = _report(tmp_path, manifest=manifest)
    _csv(folder, "05-in-field-24-months-by-cohort",
         "cohort,label,in_field\nFY2005–09,FY2005–09,5\nFY2010–14,FY2010–14,6\nFY2015–19,FY2015–19,c\n"
         "FY2020–24,FY2020–24,4")
    _csv(folder, "03-headline", "measure,label,numerator\nin_field_24,In the field 24 months after the term,17")
    found = audit_report(folder, k=3)
    (leak,) = _find(found, "differencing", 2.0)  # 17 - 5 - 6 - 4 = 2
    assert (leak.file, leak.element) == ("tables/05-in-field-24-months-by-cohort.csv", "row 3 column 'in_field'")


def test_a_hidden_count_is_at_least_one(tmp_path):
    # In the field 24 months after the term: 3 in all; by cohort 0, c, c, c.  The build hides only
    # counts of at least 1 (zeros are shown), and the manifest says so: the three c sum to 3, so each
    # is 1, and the audit must say so for each row.
    manifest = {
        "universes": _universe({"cohort": COHORTS, "w24": ["in", "out", "unknown"]}),
        "tables": {
            "05-in-field-24-months-by-cohort": {
                "csv": "tables/05-in-field-24-months-by-cohort.csv", "counts": ["in_field", "known"],
                "cells": {"in_field": _cells(*({"cohort": [c], "w24": ["in"]} for c in COHORTS)),
                          "known": _cells(*({"cohort": [c], "w24": ["in", "out"]} for c in COHORTS))}},
            "03-headline": {"csv": "tables/03-headline.csv", "counts": ["numerator"],
                            "cells": {"numerator": _cells({"w24": ["in"]})}},
        },
    }
    folder = _report(tmp_path, manifest=manifest)
    _csv(folder, "05-in-field-24-months-by-cohort",
         "cohort,label,in_field,known\nFY2005–09,FY2005–09,0,3\nFY2010–14,FY2010–14,c,c\n"
         "FY2015–19,FY2015–19,c,3\nFY2020–24,FY2020–24,c,c")
    _csv(folder, "03-headline", "measure,label,numerator\nin_field_24,In the field 24 months after the term,3")
    found = [f for f in _find(audit_report(folder, k=3), "differencing", 1.0) if f.file.startswith("tables/")]
    assert sorted(f.element for f in found) == ["row 2 column 'in_field'", "row 3 column 'in_field'",
                                                "row 4 column 'in_field'"]
    # with 6 in all, each c can be anything from 1 to 4 and nothing is pinned
    _csv(folder, "03-headline", "measure,label,numerator\nin_field_24,In the field 24 months after the term,6")
    assert _find(audit_report(folder, k=3), "differencing") == []


def test_audit_of_a_folder_that_is_not_a_report(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a built report"):
        audit_report(tmp_path / "nowhere", k=3)


def _intakes_report(tmp_path, *, all_ended: bool):
    # Three intake years of one group, each listed (so each holds at least one person: "at_least"),
    # and the group's 3 alumni.  With the rule "nobody of the group is still serving" (which the
    # build states once the group's last term has ended) the three years hold 3 people: 1 each.
    years = ["FY2017", "FY2018", "FY2019"]
    rules = [{"where": {"serving": ["yes"]}, "reason": "every term of the group has ended",
              "assumption": False}] if all_ended else []
    manifest = {
        "universes": _universe({"year": years, "serving": ["yes", "no"]}, rules),
        "tables": {"01-intakes": {"csv": "tables/01-intakes.csv", "counts": ["advisors"],
                                  "cells": {"advisors": _cells(*({"year": [y]} for y in years), at_least=1)}},
                   "05-ever": {"csv": "tables/05-ever.csv", "counts": ["alumni"],
                               "cells": {"alumni": _cells({"serving": ["no"]})}}},
    }
    folder = _report(tmp_path, manifest=manifest)
    _csv(folder, "01-intakes", "intake_fy,label,advisors\nFY2017,FY2017,c\nFY2018,FY2018,c\nFY2019,FY2019,c")
    _csv(folder, "05-ever", "cohort,label,alumni\nFY2015–19,FY2015–19,3")
    return audit_report(folder, k=3)


def test_intake_years_pinned_by_a_group_whose_terms_have_all_ended(tmp_path):
    found = _find(_intakes_report(tmp_path, all_ended=True), "differencing", 1.0)
    assert sorted(f.element for f in found) == ["row 1 column 'advisors'", "row 2 column 'advisors'",
                                                "row 3 column 'advisors'"]


def test_intake_years_not_pinned_while_someone_may_still_serve(tmp_path):
    # Without the rule the years hold 3 alumni plus any number still serving: 3 or more.
    assert _find(_intakes_report(tmp_path, all_ended=False), "differencing") == []


def test_crosstab_row_recovered_from_totals_published_elsewhere(tmp_path):
    folder = _report(tmp_path)
    _csv(folder, "04-moves", "from,No post,Other UN,Japanese government\nNo post,0,5,9\n"
         "Other UN,4,0,c\nJapanese government,6,3,0")
    _csv(folder, "04-monthly-changes", "state,label,changes\nno_post,No post,14\nother_un,Other UN,6\n"
         "jg,Japanese government,9")
    found = audit_report(folder, k=3)
    (leak,) = _find(found, "differencing", 2.0)  # 6 - 4 - 0
    assert (leak.file, leak.element) == ("tables/04-moves.csv", "row 2 column 'Japanese government'")


def test_title_names_suppressed_category(tmp_path):
    folder = _report(tmp_path)
    _csv(folder, "02-grades", "grade,label,people\nP-3,P-3,12\nother,Other grade,9\nP-5,P-5,c")
    (folder / "values" / "02-where.json").write_text(json.dumps(
        {"figures": {"02-grades": {"title": "P-5 posts grew fastest", "n": "n = 40 alumni"}}}), encoding="utf-8")
    fig, ax = _axes()
    ax.barh(["P-3", "Other grade", "P-5"], [12, 9, 0])
    ax.set_title("P-5 posts grew fastest")
    _save(folder, "02-grades", fig)
    found = audit_report(folder, k=3)
    (leak,) = _find(found, "title")
    assert (leak.file, leak.element) == ("figures/02-grades.svg", "title")
    assert "P-5" in leak.detail


def _window_report(tmp_path, rate_6: str, title: str):
    folder = _report(tmp_path)
    _csv(folder, "03-windows", "window_months,label,in_field,known,in_field_rate,knowledge_rate\n"
         f"6,6 months,9,14,{rate_6},c\n15,15 months,9,c,c,c")
    (folder / "values" / "03-f.json").write_text(json.dumps(
        {"figures": {"03-windows": {"title": title, "n": "n = c alumni"}}}), encoding="utf-8")
    fig, ax = _axes()
    ax.bar(["6 months", "15 months"], [0.64, 0])
    ax.set_title(title)
    _save(folder, "03-windows", fig)
    return audit_report(folder, k=3)


def test_title_quoting_a_shown_rate_of_a_row_with_other_cells_hidden(tmp_path):
    # The real-shaped records: the 6-month rate 64% (9 of 14) is shown, its knowledge rate is
    # suppressed. A title quoting 64% for "6 months" claims nothing about the knowledge rate.
    title = "64% of alumni with known status were in the field 6 months after their term"
    assert _find(_window_report(tmp_path, "0.6429", title), "title") == []


def test_title_naming_a_row_whose_rate_is_hidden(tmp_path):
    title = "64% of alumni with known status were in the field 6 months after their term"
    (leak,) = _find(_window_report(tmp_path, "c", title), "title")
    assert "6 months" in leak.detail


def test_rows_sorted_by_hidden_values(tmp_path):
    folder = _report(tmp_path)
    _csv(folder, "02-regions", "region,label,people\nEurope,Europe,9\nAfrica,Africa,c\nAsia,Asia,6\n"
         "Middle East,Middle East,c\nAmericas,Americas,4\nOceania,Oceania,3")
    found = audit_report(folder, k=3)
    assert sorted(f.element for f in _find(found, "order")) == ["row 2 column 'people'", "row 4 column 'people'"]


def test_pooled_and_trailing_suppressed_rows_are_fine(tmp_path):
    folder = _report(tmp_path)
    _csv(folder, "02-regions", "region,label,people\nEurope,Europe,9\nAsia,Asia,6\nAmericas,Americas,4\n"
         "Africa,Africa,c\n__other__,Other (pooled: fewer than k people each),5")
    assert audit_report(folder, k=3) == []


def test_definition_text_quotes_two_alumni(tmp_path):
    measure = {"measure": "in_field_24", "label": "In the field 24 months after the term", "numerator": 16,
               "denominator": 71, "definition": "2 alumni whose window has not closed are excluded."}
    folder = _report(tmp_path, measures=[measure])
    found = audit_report(folder, k=3)
    (leak,) = _find(found, "text", 2.0)
    assert (leak.file, leak.element) == ("headline.json", "measures[0].definition")


def test_hesa_three_decimal_rate_next_to_rounded_denominator(tmp_path):
    folder = _report(tmp_path, kind="hesa")
    _csv(folder, "03-in-field-rate-by-window",
         "window_months,label,in_field,known,in_field_rate\n24,24 months,30,30,0.933")
    found = audit_report(folder, k=5)
    (leak,) = _find(found, "differencing", 2.0)  # 28 of 30: 2 people not in the field
    assert (leak.file, leak.element) == ("tables/03-in-field-rate-by-window.csv", "row 1 column 'in_field_rate'")


def test_all_suppressed_chart_with_ranking_title(tmp_path):
    folder = _report(tmp_path)
    fig, ax = _axes()
    for x in range(3):
        ax.bar(x, 0, width=0.8, fill=False, edgecolor="0.5", gid="suppressed")
        ax.annotate("c", (x, 0), xytext=(0, 3), textcoords="offset points", gid="suppressed")
    ax.set_xticks([0, 1, 2], ["FY2010", "FY2011", "FY2012"])
    ax.set_ylim(0, 5)
    ax.set_title("FY2011 had the most intakes")
    _save(folder, "01-intakes", fig)
    found = audit_report(folder, k=3)
    assert [(f.file, f.element) for f in _find(found, "title")] == [("figures/01-intakes.svg", "title")]


def test_index_plot_of_real_records(tmp_path):
    folder = _report(tmp_path, synthetic=False)
    fig, ax = _axes()
    ax.imshow(np.arange(12).reshape(3, 4))
    _save(folder, "04-index-plot", fig)
    found = audit_report(folder, k=3)
    assert [(f.file, f.method) for f in found] == [("figures/04-index-plot.svg", "sequence")]


def test_typical_path_of_one_person(tmp_path):
    from analysis.i18n import use_language
    from analysis.records import load_records, synthetic
    from analysis.report.labels import Labels
    from analysis.sequences.careers import build_sequences

    data = tmp_path / "data"
    synthetic.write(data, n_advisors=12, seed=1)
    records = load_records(data)
    seqs = build_sequences(records, reference_date="2026-09-30", anchor="term_start", horizon_months=120,
                           coarsen=True)
    sampled = seqs.iloc[:, ::12].astype(object)
    labels = Labels(records.reference)
    # the path of the person whose yearly states over six years are shared with nobody else
    rows = [tuple(r[:6]) for r in sampled.itertuples(index=False)]
    unique = next(r for r in rows if rows.count(r) == 1 and all(isinstance(s, str) for s in r))
    with use_language("en"):
        spells: list[list] = []
        for state in unique:
            if spells and spells[-1][0] == state:
                spells[-1][1] += 1
            else:
                spells.append([state, 1])
        path = " → ".join(f"{labels.state(s)} ({n} yr)" for s, n in spells)
    folder = _report(tmp_path)
    _csv(folder, "04-career-typology", f'type,name,people,typical_path\n1,Mixed careers,5,"{path}"')
    assert audit_report(folder, k=3) == []  # without the records nothing can be matched
    from analysis.report.labels import state_labels

    found = audit_report(folder, k=3, records=records, state_labels=state_labels(records.reference))
    (leak,) = _find(found, "sequence", 1.0)
    assert leak.element == "row 1 column 'typical_path'"


def test_finding_text_and_order(tmp_path):
    finding = Finding("figures/x.svg", "bar 3 ('FY2010')", 2.0, "geometry", "read against the ticks")
    assert str(finding) == "figures/x.svg: bar 3 ('FY2010'): recovered 2 (geometry): read against the ticks"
    folder = _report(tmp_path)
    _csv(folder, "b", "label,people\nx,1\ny,2")
    _csv(folder, "a", "label,people\nx,2")
    first = audit_report(folder, k=3)
    assert first == audit_report(folder, k=3)
    assert [f.file for f in first] == ["tables/a.csv", "tables/b.csv", "tables/b.csv"]


# --------------------------------------------------------------------------- attacker tests on real builds

#: (advisors, seed) of each build; each takes about 25 s.
BUILDS = [
    pytest.param((60, 3), id="60-advisors"),
    pytest.param((45, 11), id="45-advisors"),
    pytest.param((12, 1), id="12-advisors-every-category-small"),
]


@pytest.fixture(scope="module", params=BUILDS)
def built_report(request, tmp_path_factory) -> tuple[Path, int]:
    from analysis.records import synthetic
    from analysis.report.build import build
    from analysis.report.study import Parameters

    advisors, seed = request.param
    base = tmp_path_factory.mktemp(f"audit-{advisors}-{seed}")
    synthetic.write(base / "data", n_advisors=advisors, seed=seed)
    out = build(Parameters(data_dir=base / "data", declare_synthetic=True), base / "report", audit=False, pdf=False,
                progress=False)
    return out, advisors


@pytest.mark.slow
def test_real_build_has_nothing_to_recover(built_report):
    folder, _advisors = built_report
    findings = audit_report(folder, k=3)
    assert findings == [], "\n".join(str(f) for f in findings)
