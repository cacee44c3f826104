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
# ---

# %% [markdown]
# # 01 · What the records hold
#
# This notebook describes the advisor records before any outcome is measured:
# how many people joined in each fiscal year, how long their terms lasted, why
# they left, whether every row of the input was loaded, and, most importantly
# for everything that follows, **how much of their later career we actually
# know** (the knowledge rate). Every table and chart passes through the
# disclosure rule: counts of fewer than `k` people are shown as **c**.

# %% tags=["parameters"]
data_dir = "../data/raw"
reference_date = "2026-09-30"
k = 3
target = 0.5

# %%
# ruff: noqa: E402 (imports follow the papermill parameters cell)
import matplotlib.pyplot as plt
import pandas as pd

from analysis.charts import count_bars, rate_bars
from analysis.disclosure import (
    declare_no_person_counts,
    display_table,
    protect_counts,
    protect_rates,
)
from analysis.figures import chart_footer, save_figure
from analysis.measures import alumni, knowledge_and_in_field_rates
from analysis.notebooks import start_notebook
from analysis.overview import exit_reasons, intake_counts, term_length_bands

records, policy = start_notebook(data_dir, k=k)

# %% [markdown]
# ## Data quality: every input row is accounted for
#
# The loader checks every rule of the data model (unique ids, known advisors,
# dates that parse, terms of at most 24 months, placements inside the lifetime
# of their operation, known country codes) and either loads a row or lists it
# in the rejection report. The counts below must reconcile: rows read = rows
# loaded + rows rejected. These are counts of records, not statistics about
# people.

# %%
quality = pd.DataFrame(
    [
        {"table": name, "rows_read": c.rows_read, "rows_loaded": c.rows_loaded,
         "rows_rejected": c.rows_rejected, "reconciles": c.reconciles}
        for name, c in records.report.counts.items()
    ]
)
print(display_table(declare_no_person_counts(quality, policy=policy)).to_string(index=False))
print(f"problems found: {len(records.report.problems)}")

# %% [markdown]
# ## Intakes by fiscal year
#
# Advisors are recruited once or twice a year, by fiscal-year half (April or
# October start). The chart counts people by the fiscal year of their intake;
# the denominator is every advisor appointed by the reference date.

# %%
intakes = intake_counts(records, reference_date=reference_date)
intakes_protected = protect_counts(intakes, count_cols="advisors", policy=policy)
first_fy, last_fy = intakes["intake_fy"].iloc[[0, -1]]

fig, ax = plt.subplots(figsize=(10, 4.5))
count_bars(intakes_protected, x="intake_fy", y="advisors", ax=ax)
ax.set_title(f"About {intakes['advisors'].mean():.0f} advisors joined each fiscal year, {first_fy}–{last_fy}")
ax.set_xlabel("fiscal year of intake (April–March)")
ax.set_ylabel("advisors appointed (people)")
ax.tick_params(axis="x", rotation=60)
chart_footer(fig, records=records, reference_date=reference_date, n=f"{intakes['advisors'].sum()} advisors")
save_figure(fig, "01-intakes-by-fiscal-year")
plt.show()

# %% [markdown]
# ## Term lengths
#
# Published terms run from 6 to 24 months; many advisors leave early for a
# field post. Lengths are in months (365.25/12 days) from term start to term
# end, for advisors whose term has ended. Advisors still serving are not
# counted here.

# %%
ended = alumni(records, reference_date)
terms = term_length_bands(records, reference_date=reference_date)
terms_protected = protect_counts(terms, count_cols="people", policy=policy)
print(display_table(terms_protected).to_string(index=False))

fig, ax = plt.subplots(figsize=(7, 4.5))
count_bars(terms_protected, x="term_months", y="people", ax=ax)
longest = terms.loc[terms["people"].idxmax(), "term_months"]
ax.set_title(f"Most terms lasted {longest} months")
ax.set_xlabel("term length (months)")
ax.set_ylabel("alumni (people)")
chart_footer(fig, records=records, reference_date=reference_date, n=f"{len(ended)} alumni")
save_figure(fig, "01-term-lengths")
plt.show()

# %% [markdown]
# ## Why terms ended
#
# `left_for_post` means the advisor left before the end of the planned term to
# take up a post; `completed` means the term ran its course; `other` covers
# every other reason. The denominator is again all alumni.

# %%
exits = exit_reasons(records, reference_date=reference_date)
exits_protected = protect_counts(exits, count_cols="people", policy=policy)
print(display_table(exits_protected).to_string(index=False))

fig, ax = plt.subplots(figsize=(7, 4.5))
count_bars(exits_protected, x="exit_reason", y="people", ax=ax)
top = exits.iloc[0]
ax.set_title(f"Most common end of term: {top['exit_reason'].replace('_', ' ')} "
             f"({top['people'] / len(ended):.0%} of alumni)")
ax.set_xlabel("reason the term ended")
ax.set_ylabel("alumni (people)")
chart_footer(fig, records=records, reference_date=reference_date, n=f"{len(ended)} alumni")
save_figure(fig, "01-exit-reasons")
plt.show()

# %% [markdown]
# ## How much of their careers do we know? The knowledge rate
#
# An outcome rate means little without the share of people whose outcome is
# known. For each window T (6, 15 and 24 months after term end), the knowledge
# rate is: alumni whose status on term end + T is known (their history is
# confirmed up to that date) / alumni whose term ended at least T months before
# the reference date. The dashed line is the NACE first-destination standard
# (at least 65% known), a US graduate-outcomes convention used here as a
# yardstick, not a target set for this programme.

# %%
windows = knowledge_and_in_field_rates(records, reference_date=reference_date)
knowledge = protect_rates(windows, numerator="known", denominator="eligible",
                          rate_cols="knowledge_rate", policy=policy)
columns = ["window_months", "known", "eligible", "knowledge_rate"]
print(display_table(knowledge[columns], decimals=3).to_string(index=False))

nace = records.reference.comparators.set_index("comparable_to").loc["knowledge_rate"]
fig, ax = plt.subplots(figsize=(7, 4.5))
rate_bars(knowledge, x="window_months", rate="knowledge_rate", numerator="known",
          denominator="eligible", ax=ax, comparators={f"NACE standard ({nace['value_text']})": nace["value"]})
lowest = windows["knowledge_rate"].min()
ax.set_title(f"The status of at least {lowest:.0%} of alumni is known at every window")
ax.set_xlabel("months after term end")
ax.set_ylabel("alumni with known status (%)")
chart_footer(fig, records=records, reference_date=reference_date,
             n=f"{int(windows['eligible'].max())} alumni with a closed window")
save_figure(fig, "01-knowledge-rate-by-window")
plt.show()
