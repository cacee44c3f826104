# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
# ---

# %%
# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3

# %% [markdown]
# # 03 · Is the system fostering people for international peace cooperation?
#
# The first objective of the advisor system is to foster human resources in
# international peace cooperation. This notebook measures it the way an
# evaluator would quote it: the **headline table** first (each measure with its
# numerator, denominator and knowledge rate, and a comparator only where one
# exists, with its own definition and source), then the in-field rate at fixed
# windows after the term, ever and currently in the field, and the time it
# takes to reach a first in-field post and to leave the field again.
#
# "In the field" means a post in a sector flagged `is_in_field` in
# `data/reference/sectors.csv` (UN peace operations, the UN Secretariat, UN
# funds, programmes and agencies, other international organisations, ...);
# the list is an editable table, not code.

# %% tags=["parameters"]
data_dir = "../data/raw"
reference_date = "2026-09-30"
k = 3
target = 0.5

# %%
# ruff: noqa: E402 (imports follow the papermill parameters cell)
import matplotlib.pyplot as plt
import pandas as pd

from analysis.charts import km_plot, rate_bars
from analysis.disclosure import display_table, protect_rates
from analysis.figures import chart_footer, save_figure
from analysis.measures import (
    currently_in_field,
    ever_in_field,
    headline_table,
    kaplan_meier,
    km_median,
    knowledge_and_in_field_rates,
    retention_in_field,
    time_to_first_in_field,
)
from analysis.notebooks import start_notebook

records, policy = start_notebook(data_dir, k=k)

# %% [markdown]
# ## Headline table
#
# One row per measure. `numerator / denominator = rate`; the knowledge columns
# say how many of the people concerned have a known status. Counts of fewer
# than `k` people (and rates built on them) are shown as **c**. Comparators
# are other programmes' published figures: read their definitions before
# comparing (the Swiss UN Volunteers figure counts "still working in
# international cooperation", a broader field than ours).

# %%
headline = headline_table(records, reference_date=reference_date, policy=policy)
shown = ["measure", "numerator", "denominator", "rate", "knowledge_numerator",
         "knowledge_denominator", "knowledge_rate", "comparator"]
print(display_table(headline[shown], decimals=3).to_string(index=False))

# %% [markdown]
# ## In the field 6, 15 and 24 months after the term
#
# For each window T the denominator is the alumni whose status on term end + T
# is **known**; alumni whose window has not closed by the reference date, and
# alumni whose history is not confirmed that far, are excluded (the knowledge
# rate under each bar says how many). Whiskers are 95% Wilson intervals: with
# cohorts this small, differences of ten points between windows are within
# noise. The red line is the evaluator's target; the dashed line over 24 months
# is the Swiss UN Volunteers figure (87% still working in international
# cooperation two years after, cinfo evaluation 2014), a broader definition.

# %%
windows = knowledge_and_in_field_rates(records, reference_date=reference_date)
in_field = protect_rates(windows, numerator="in_field", denominator="known",
                         rate_cols="in_field_rate", policy=policy)
print(display_table(in_field[["window_months", "in_field", "known", "in_field_rate", "eligible",
                              "knowledge_rate"]], decimals=3).to_string(index=False))
comparators = records.reference.comparators.set_index("comparable_to")
swiss = comparators.loc["in_field_24"]

fig, ax = plt.subplots(figsize=(8, 5))
rate_bars(in_field, x="window_months", rate="in_field_rate", numerator="in_field", denominator="known",
          ax=ax, target=target,
          comparators={f"{swiss['programme']}: {swiss['value_text']} (broader definition)": (24, swiss["value"])})
rates = windows["in_field_rate"].astype(float)
relation = "below" if rates.max() < target else "reaching" if rates.min() >= target else "around"
ax.set_title(f"{rates.min():.0%}–{rates.max():.0%} of alumni with known status are in the field "
             f"6–24 months after their term,\n{relation} the {target:.0%} target")
ax.set_xlabel("months after term end (in field / alumni with known status)")
ax.set_ylabel("alumni in the field (%)")
knowledge_note = ", ".join(f"{t} months {r:.0%}" for t, r in zip(windows["window_months"],
                                                                    windows["knowledge_rate"], strict=True))
chart_footer(fig, records=records, reference_date=reference_date,
             n=f"{int(windows['known'].max())} alumni with known status",
             extra=f"knowledge rate: {knowledge_note}")
save_figure(fig, "03-in-field-rate-by-window")
plt.show()

# %% [markdown]
# ## Ever in the field, and in the field now
#
# *Ever in the field*: alumni with any in-field post after the term / all
# alumni. This is the form of the only published figure (about 40% of the 34
# advisors who had finished by 31 May 2013, Cabinet Office), so it is also
# computed as of that date. *Currently in the field*: alumni in the field on
# their latest confirmed date / alumni whose status was confirmed in the 12
# months before the reference date; its comparator is the MOFA peacebuilding
# programme (113 of 192 graduates with known status at international
# organisations, 2024), whose field is narrower (international organisations
# only).

# %%
ever = ever_in_field(records, reference_date=reference_date)
ever_2013 = ever_in_field(records, reference_date="2013-05-31")
now = currently_in_field(records, reference_date=reference_date)
summary = pd.DataFrame([
    {"measure": f"ever in the field\nto {reference_date}", "people": ever.loc[0, "ever_in_field"],
     "of": ever.loc[0, "alumni"], "rate": ever.loc[0, "ever_in_field_rate"]},
    {"measure": "ever in the field\nto 2013-05-31", "people": ever_2013.loc[0, "ever_in_field"],
     "of": ever_2013.loc[0, "alumni"], "rate": ever_2013.loc[0, "ever_in_field_rate"]},
    {"measure": f"currently in the field\non {reference_date}", "people": now.loc[0, "in_field"],
     "of": now.loc[0, "confirmed"], "rate": now.loc[0, "in_field_rate"]},
])
summary_protected = protect_rates(summary, numerator="people", denominator="of", rate_cols="rate", policy=policy)
print(display_table(summary_protected, decimals=3).replace("\n", " ", regex=True).to_string(index=False))

cao = comparators.loc["ever_in_field_2013"]
mofa = comparators.loc["currently_in_field"]
fig, ax = plt.subplots(figsize=(10, 5.5))
rate_bars(summary_protected, x="measure", rate="rate", numerator="people", denominator="of", ax=ax,
          target=target,
          comparators={f"Cabinet Office 2013: about {cao['value']:.0%} of {int(cao['denominator'])}": ("ever in the field\nto 2013-05-31", cao["value"]),
                       f"MOFA peacebuilding programme: {mofa['value_text']} (international organisations only)":
                           (f"currently in the field\non {reference_date}", mofa["value"])})
ever_rate = float(ever.loc[0, "ever_in_field_rate"])
ax.set_title(f"{ever_rate:.0%} of alumni have held an in-field post since their term")
ax.set_xlabel("")
ax.set_ylabel("alumni (%)")
chart_footer(fig, records=records, reference_date=reference_date, n=f"{int(ever.loc[0, 'alumni'])} alumni",
             extra=f"status confirmed in the last 12 months: {float(now.loc[0, 'knowledge_rate']):.0%} of alumni")
save_figure(fig, "03-ever-and-currently-in-field")
plt.show()

# %% [markdown]
# ## How long until a first in-field post?
#
# Kaplan–Meier estimate of the share of alumni who have started an in-field
# post, by months since term end (a post already held when the term ends
# counts at 0). Alumni without one are censored at their last confirmed date
# (or the reference date), so people we lost track of do not pull the curve
# down. The band is the 95% pointwise confidence band (log-log); the curve
# stops where fewer than `k` people remain at risk.

# %%
to_first = time_to_first_in_field(records, reference_date=reference_date)
first_curve = kaplan_meier(to_first)
half_time = km_median(first_curve)
reached_24 = 1 - first_curve.loc[first_curve["time_months"] <= 24, "survival"].iloc[-1]
print(f"alumni: {len(to_first)}; first in-field post observed: {int(to_first['event'].sum())}; "
      f"censored: {int((~to_first['event']).sum())}")
print(f"estimated share with an in-field post within 24 months: {reached_24:.2f}")

fig, ax = plt.subplots(figsize=(8, 5))
km_plot(first_curve, ax=ax, label="first in-field post (95% band)", min_at_risk=k)
ax.axhline(target, color="#CC3311", linewidth=1.5, label=f"Target {target:.0%}")
ax.legend(frameon=False, loc="lower right")
median_text = f"half of alumni reach the field within {half_time:.0f} months" if half_time == half_time \
    else "fewer than half of alumni have reached the field"
ax.set_title(f"An estimated {reached_24:.0%} hold an in-field post within 24 months;\n{median_text}")
ax.set_xlabel("months since term end")
ax.set_ylabel("alumni with a first in-field post (%)")
chart_footer(fig, records=records, reference_date=reference_date, n=f"{len(to_first)} alumni",
             extra=f"{int(to_first['event'].sum())} first posts observed")
save_figure(fig, "03-time-to-first-in-field-post")
plt.show()

# %% [markdown]
# ## Once in the field, how long do they stay?
#
# Kaplan–Meier estimate of the share still in the field, by months since the
# first in-field post after the term. Consecutive in-field posts with gaps of
# up to 3 months count as one spell; a spell still running at the last
# confirmed date is censored. Only alumni who reached the field are counted.

# %%
retention = retention_in_field(records, reference_date=reference_date)
stay_curve = kaplan_meier(retention)
stay_median = km_median(stay_curve)
print(f"alumni who reached the field: {len(retention)}; left the field: {int(retention['event'].sum())}; "
      f"still in the field or censored: {int((~retention['event']).sum())}")

fig, ax = plt.subplots(figsize=(8, 5))
km_plot(stay_curve, ax=ax, cumulative=False, label="still in the field (95% band)", min_at_risk=k,
        color="#117733")
ax.set_title(f"Half of those who reach the field stay at least {stay_median:.0f} months"
             if stay_median == stay_median else "More than half of those who reach the field are still there")
ax.set_xlabel("months since the first in-field post")
ax.set_ylabel("still in the field (%)")
chart_footer(fig, records=records, reference_date=reference_date, n=f"{len(retention)} alumni who reached the field")
save_figure(fig, "03-retention-in-field")
plt.show()
