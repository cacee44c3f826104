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
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["lang-en"]
# # 03 · Is the system fostering people for international peace cooperation?
#
# The first objective of the advisor system is to foster human resources in
# international peace cooperation. This notebook measures it the way an
# evaluator quotes it: the **headline table** first (each measure with its
# numerator, denominator and knowledge rate, and a comparator only where one
# exists, with its own population, field and source), then the in-field rate at
# fixed windows after the term, ever and currently in the field, and the time
# it takes to reach a first in-field post and to leave the field again.
#
# "In the field" means a post in a sector flagged `is_in_field` in
# `data/reference/sectors.csv` (UN peace operations, the UN Secretariat, UN
# funds, programmes and agencies, other international organisations); the list
# is an editable table, not code. A post counts as an outcome when it is held
# after the term ended, including one begun during the term and continuing
# after it (time 0); a post wholly inside the term does not.

# %% tags=["parameters"]
data_dir = "data/raw"
reference_date = "2026-09-30"
k = 3
target = 0.5
lang = "en"
policy = "suppress"
declare_synthetic = False
output_dir = None
snapshot = None
snapshot_sha256 = ""

# %%
from analysis.plots.charts import km_plot, rate_bars
from analysis.plots.theme import new_axes
from analysis.report.context import start_notebook

ctx = start_notebook("03-fostering-objective", globals())

# %% [markdown] tags=["lang-en"]
# ## Headline measures
#
# One row per measure: numerator / denominator = rate, with the knowledge rate
# (how many of the people concerned have a known status). Counts of fewer than
# `k` people, and cells that would let one be worked out from the other tables
# of this report, are shown as **c**.

# %%
ctx.show(ctx.table("03-headline"), ["label", "numerator", "denominator", "rate", "knowledge_rate"])

# %% [markdown] tags=["lang-en"]
# ## In the field 6, 15 and 24 months after the term
#
# For each window T the denominator is the alumni whose status at term end + T
# is **known**; alumni whose window has not closed by the reference date, and
# alumni whose history is not confirmed that far, are left out (the knowledge
# rate in the footer says how many of those eligible are known). Whiskers are
# 95% Wilson intervals: with groups this small, differences of ten points
# between windows are within noise. The red line is the evaluator's target; the
# dashed line over 24 months is the Swiss UN Volunteers figure (87% still
# working in international cooperation two years after, cinfo 2014), which
# counts a broader field and only those who answered the survey.

# %%
windows = ctx.table("03-in-field-rate-by-window")
ctx.publish(rate_bars(windows, x="label", rate="in_field_rate", numerator="in_field", denominator="known",
                      lower="ci_lower", upper="ci_upper", ax=new_axes(height=5)), windows)

# %% [markdown] tags=["lang-en"]
# ## Ever in the field, and in the field now
#
# *Ever in the field*: alumni with any in-field post after the term / all
# alumni. This is the form of the only published figure (about 40% of the 34
# advisors who had finished by 31 May 2013, Cabinet Office), so it is also
# computed as of that date. *In the field at the latest confirmation*: alumni in
# the field on the date their status was last confirmed / alumni confirmed in
# the 12 months before the reference date. Its comparator, the MOFA
# peacebuilding programme (113 of 192 graduates with known status at the UN or
# international organisations, 2024), counts the same field as this system; the
# difference is the population (that programme's graduates).

# %%
summary = ctx.table("03-ever-and-currently-in-field")
ctx.publish(rate_bars(summary, x="label", rate="rate", numerator="people", denominator="of", lower="ci_lower",
                      upper="ci_upper", ax=new_axes(height=5.5)), summary)

# %% [markdown] tags=["lang-en"]
# ## How long until a first in-field post?
#
# Kaplan–Meier estimate of the share of alumni who have held an in-field post,
# by months since the term ended (a post already held then counts at 0).
# Alumni without one are censored at their last confirmed date (or the
# reference date), so people we lost track of do not pull the curve down. To
# publish it safely the event times are grouped so that every step holds at
# least `k` first posts, people whose follow-up ends are withdrawn in groups of
# at least `k`, and the curve stops where few remain at risk; the band is the
# 95% pointwise confidence band (log-log). The title quotes the median with
# its interval.

# %%
first_post = ctx.table("03-time-to-first-in-field-post")
ctx.publish(km_plot(first_post, ax=new_axes(height=5)), first_post)

# %% [markdown] tags=["lang-en"]
# ## Once in the field, how long do they stay?
#
# Kaplan–Meier estimate of the share still in the field, by months since the
# first in-field post after the term. Consecutive in-field posts less than
# three months apart count as one spell (a parameter, stated in the footer); a
# spell still running at the last confirmed date is censored. Only alumni who
# reached the field are counted.

# %%
retention = ctx.table("03-retention-in-field")
ctx.publish(km_plot(retention, cumulative=False, color="#117733", ax=new_axes(height=5)), retention)
