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
# # 01 · What the records hold
#
# Before any outcome is measured: whether every row of the input was loaded,
# which records are unusual, how many people joined each year, how long their
# terms lasted, why they ended, and, most important for everything that
# follows, **how much of their later careers we actually know** (the knowledge
# rate). Every table and chart passes through the disclosure rule: counts of
# fewer than `k` people, and cells that would let one be worked out, are shown
# as **c**.

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
from analysis.plots.charts import count_bars, rate_bars
from analysis.plots.theme import new_axes
from analysis.report.context import start_notebook

ctx = start_notebook("01-records-overview", globals())

# %% [markdown] tags=["lang-en"]
# ## Data quality: every input row is accounted for
#
# The loader checks every rule of the data model (unique ids, known advisors,
# dates that parse, terms of at most 24 months, known country and organisation
# codes) and refuses a record that cannot be true; the report is built only
# from records without errors. The counts below are rows of the files, not
# people, and must reconcile: rows read = rows loaded + rows rejected.

# %%
ctx.show(ctx.table("01-data-quality"))

# %% [markdown] tags=["lang-en"]
# Records that are unusual but possible (a duty station outside those listed
# for the operation at that date, a post a few months outside an operation's
# dates during its start-up or drawdown, a grade unusual for the employer)
# are loaded and counted here by rule. The record keeper sees each one, with
# its file, line and column, in `python -m analysis validate`.

# %%
ctx.show(ctx.table("01-warnings"))

# %% [markdown] tags=["lang-en"]
# ## Intakes by fiscal year
#
# Advisors are recruited once or twice a year as vacancies arise, by
# fiscal-year half (April or October start). The chart counts people by the
# fiscal year of their intake; the denominator is every advisor appointed by
# the reference date.

# %%
intakes = ctx.table("01-intakes-by-fiscal-year")
ctx.publish(count_bars(intakes, x="intake_fy", y="advisors", label="label", ax=new_axes()), intakes)

# %% [markdown] tags=["lang-en"]
# ## Term lengths
#
# Published terms run from 6 to 24 months; many advisors leave early for a
# field post. Lengths are calendar months from term start to term end, for
# advisors whose term has ended.

# %%
terms = ctx.table("01-term-lengths")
ctx.publish(count_bars(terms, x="term_band", y="people", label="label", ax=new_axes(height=4)), terms)

# %% [markdown] tags=["lang-en"]
# ## Why terms ended
#
# *Left early for a post*: the advisor left before the end of the planned term
# to take up a post; *completed*: the term ran its course; *other*: every other
# reason. The denominator is again all alumni.

# %%
exits = ctx.table("01-exit-reasons")
ctx.publish(count_bars(exits, x="exit_reason", y="people", label="label", ax=new_axes(height=4)), exits)

# %% [markdown] tags=["lang-en"]
# ## How much of their careers do we know? The knowledge rate
#
# An outcome rate means little without the share of people whose outcome is
# known. For each window T (6, 15 and 24 months after the term), the knowledge
# rate is: alumni whose status at term end + T is known (their history is
# confirmed up to that date) / alumni whose term ended at least T months
# before the reference date. The dashed line is the NACE first-destination
# standard (at least 65% known), a US graduate-outcomes convention used here
# as a yardstick, not a target set for this programme.

# %%
knowledge = ctx.table("01-knowledge-rate-by-window")
ctx.publish(rate_bars(knowledge, x="label", rate="knowledge_rate", numerator="known", denominator="eligible",
                      ax=new_axes()), knowledge)
