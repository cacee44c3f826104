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
# # 04 · Career trajectories month by month
#
# Each advisor's career is turned into a monthly sequence of states from the
# start of the term over ten years: *advisor* while serving, then the kind of
# employer held that month (UN peace operation, other UN, other international,
# Japanese government, other), *no post* when the history is confirmed and no
# post covers the month, and unknown once the history is no longer confirmed or
# the month lies after the reference date. The statistics follow the
# definitions of R's TraMineR, so they can be checked against it. What is
# published is protected like every table: months and states holding fewer
# than `k` people are pooled, and no chart shows one person's career.

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
from analysis.plots.charts import destination_bars
from analysis.plots.sequence_plots import (
                             count_heatmap,
                             protected_chronogram,
                             published_index_plot,
                             type_bars,
)
from analysis.plots.theme import new_axes
from analysis.report.context import start_notebook

ctx = start_notebook("04-career-trajectories", globals())

# %% [markdown] tags=["lang-en"]
# ## Chronogram: where careers stand, every six months
#
# At every sixth month after the term started, the share of people in each
# state **among those whose state is known** then (TraMineR's `seqdplot`
# without missing states). The number of people behind each bar falls as we
# move right: recent intakes have not reached the later months, and some
# histories stop being confirmed. States held by fewer than `k` people at a
# time point are drawn together as one grey band, marked **c**.

# %%
chronogram = ctx.table("04-chronogram")
ctx.publish(protected_chronogram(chronogram, ax=new_axes(height=5.2)), chronogram)

# %% [markdown] tags=["lang-en"]
# ## Index plot: every career as one line
#
# One horizontal line per person, coloured by state month by month, sorted so
# that similar careers sit together. One line is one person's career, so this
# chart is drawn only when the data are declared synthetic (`declare_synthetic`)
# *and* the files are verifiably the generator's output; with real records it
# is withheld.

# %%
index_plot = ctx.table("04-index-plot")
ctx.publish(published_index_plot(index_plot, ax=new_axes(height=6.5)), index_plot)

# %% [markdown] tags=["lang-en"]
# ## How often careers change, and where the moves go
#
# Month to month, careers barely move: the share of months followed by a
# change of state is small in every state (TraMineR's `seqtrate` diagonal).
# Where the movement is shows in the transitions between *distinct successive
# states* (TraMineR's `seqdss`): each move from one state to a different one,
# counted once. Cells of fewer than `k` moves, and cells that would let one be
# worked out, are shown as **c**.

# %%
changes = ctx.table("04-monthly-changes")
ctx.publish(destination_bars(changes, by="label", count="change_rate", colour_by="state",
                             ax=new_axes(rows=len(changes))), changes)

# %%
moves = ctx.table("04-moves-between-states")
ctx.publish(count_heatmap(moves, ax=new_axes(height=6)), moves)

# %% [markdown] tags=["lang-en"]
# ## Mean time in each state
#
# Average number of months spent in each state over the 120 months followed
# (TraMineR's `seqmeant`); unknown months count for no state, so the bars add
# up to the average number of known months per person. A state fewer than `k`
# people were ever in is shown as **c**.

# %%
mean_time = ctx.table("04-mean-time-in-state")
ctx.publish(destination_bars(mean_time, by="label", count="mean_months", colour_by="state",
                             ax=new_axes(rows=len(mean_time))), mean_time)

# %% [markdown] tags=["lang-en"]
# ## Career types
#
# Careers known for their first six years are compared with optimal matching
# (the cheapest set of insertions, deletions and substitutions turning one
# sequence into another; substitution costs from the transition rates,
# TraMineR `sm = "TRATE"`) and grouped with PAM into up to four types, fewer
# when a type would hold fewer than `k` people. Each type is named by the
# state its members spend most time in, drawn as the share of its months in
# each state (a state fewer than `k` members were ever in is pooled as **c**),
# and summarised by the state most members are in, year by year, published
# only when at least `k` members follow exactly that path: no type is
# represented by one member's career.

# %%
types = ctx.table("04-career-typology")
ctx.show(types, ["name", "people", "typical_path"])
ctx.publish(type_bars(types, ax=new_axes(rows=len(types) + 3)), types)
