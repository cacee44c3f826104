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
# # 04 · Career trajectories month by month
#
# Each advisor's career is turned into a monthly sequence of states from the
# start of the term: `advisor` while serving, then the sector of the post held
# in that month, `no_post` when the history is confirmed and no post covers the
# month, and missing (white) once the history is no longer confirmed or the
# month lies after the reference date. The statistics follow the definitions
# of R's TraMineR, so they can be checked against it. We follow the first
# 10 years (120 months) after the term start.

# %% tags=["parameters"]
data_dir = "../data/raw"
reference_date = "2026-09-30"
k = 3
target = 0.5

# %%
# ruff: noqa: E402 (imports follow the papermill parameters cell)
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.career_sequences import build_sequences
from analysis.disclosure import display_table, protect_counts
from analysis.figures import chart_footer, save_figure
from analysis.notebooks import start_notebook
from analysis.palette import state_label
from analysis.sequence_distances import optimal_matching
from analysis.sequence_plots import chronogram, index_plot, transition_heatmap, typology_panel
from analysis.sequence_typology import cluster_sequences, cluster_summary, dominant_states
from analysis.sequences import mean_time_in_state, state_distribution, transition_rates

records, policy = start_notebook(data_dir, k=k)

horizon = 120
seqs = build_sequences(records, reference_date=reference_date, anchor="term_start", horizon_months=horizon)
print(f"people: {len(seqs)}; months followed: {seqs.shape[1]}")

# %% [markdown]
# ## Chronogram: the state distribution month by month
#
# At each month, the share of people in each state **among those whose state
# is known** that month (missing months are left out, as TraMineR's `seqdplot`
# does). The number of people behind each month falls as we move right:
# recent cohorts have not reached month 120, and some histories stop being
# confirmed.

# %%
distribution = state_distribution(seqs)
after_term = mean_time_in_state(seqs).drop(["advisor", "no_post"], errors="ignore")
top_states = [state_label(s).lower() for s in after_term.sort_values(ascending=False).index[:2]]
fig, ax = plt.subplots(figsize=(10, 5.5))
chronogram(seqs, ax=ax)
ax.set_title(f"After the term, {top_states[0]} and {top_states[1]} hold the largest shares of careers")
ax.set_xlabel("months since the term started")
chart_footer(fig, records=records, reference_date=reference_date, n=f"{len(seqs)} advisors")
save_figure(fig, "04-chronogram")
plt.show()

# %% [markdown]
# ## Index plot: every career as one line
#
# One horizontal line per person, coloured by state month by month, sorted so
# that similar careers sit together. This chart shows individual careers; it
# is meant for the analysts and is drawn only when the data are synthetic:
# with the real records it is withheld, since one line is one person.

# %%
if records.is_synthetic:
    fig, ax = plt.subplots(figsize=(10, 7))
    index_plot(seqs, ax=ax)
    ax.set_title("Every career, one line per person, sorted by path")
    ax.set_xlabel("months since the term started")
    ax.set_ylabel("advisors (one line each)")
    chart_footer(fig, records=records, reference_date=reference_date, n=f"{len(seqs)} advisors",
                 extra="individual-level chart: synthetic data only")
    save_figure(fig, "04-index-plot")
    plt.show()
else:
    print("Index plot withheld: it shows individual careers and the records are real.")

# %% [markdown]
# ## Transition rates between states
#
# The probability that a person in state *row* one month is in state *column*
# the next month (TraMineR `seqtrate`), over all months and people with both
# months known. The diagonal (staying) dominates; the off-diagonal cells show
# where people go next when they move.

# %%
rates = transition_rates(seqs)
print(rates.round(3).to_string())
stay = float(pd.Series(np.diag(rates), index=rates.index).drop("advisor", errors="ignore").min())
fig, ax = plt.subplots(figsize=(10, 8))
transition_heatmap(rates, ax=ax)
ax.set_title(f"Careers are stable month to month: in every state at least {stay:.0%} stay the next month")
ax.set_xlabel("state next month")
ax.set_ylabel("state this month")
chart_footer(fig, records=records, reference_date=reference_date, n=f"{len(seqs)} advisors")
save_figure(fig, "04-transition-rates")
plt.show()

# %% [markdown]
# ## Mean time in each state
#
# Average number of months spent in each state over the 120 months followed
# (TraMineR `seqmeant`); missing months count for no state, so the bars add up
# to the average number of known months per person.

# %%
mean_time = mean_time_in_state(seqs)
print(mean_time.round(1).to_string())

# %% [markdown]
# ## A typology of careers
#
# Careers are compared with optimal matching (the cheapest set of insertions,
# deletions and substitutions turning one sequence into another; substitution
# costs from the transition rates, TraMineR `sm = "TRATE"`, `indel = "auto"`)
# and grouped into four types with PAM (partitioning around medoids). Each
# type is described by its size and its **representative career** (the medoid),
# written as (state, months) spells; representative careers are shown only for
# types of at least `k` people.

# %%
distances = optimal_matching(seqs, sub_costs="TRATE", indel="auto", condensed=True)
clusters = cluster_sequences(distances, k=4, method="pam")
summary = cluster_summary(clusters, seqs).reset_index()
summary["medoid_sequence"] = summary["medoid_sequence"].where(summary["n"] >= k, "")
sizes = protect_counts(summary[["cluster", "n", "medoid_sequence"]], count_cols="n", policy=policy)
print(display_table(sizes).to_string(index=False))

types = dominant_states(clusters, seqs, exclude=("advisor", "no_post"))
largest = summary.sort_values("n", ascending=False).iloc[0]
fig = plt.figure(figsize=(11, 7.5), layout="constrained")
typology_panel(seqs, clusters, fig=fig, min_size=k)
fig.suptitle(f"{len(summary)} career types; the largest ({largest['share']:.0%} of advisors) is most often in: "
             f"{state_label(types[largest['cluster']]).lower()}", x=0.0, ha="left", fontweight="bold")
chart_footer(fig, records=records, reference_date=reference_date, n=f"{len(seqs)} advisors")
save_figure(fig, "04-career-typology")
plt.show()
