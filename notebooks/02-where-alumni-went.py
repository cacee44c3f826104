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
# # 02 · Where did the alumni go?
#
# Destinations of former advisors after their term: by sector, the UN peace
# operations and other organisations they joined most often, the kind of work
# (role family), the grade, the region of the duty station, and peacekeeping
# versus special political missions. The unit is **people**: a person with
# several posts in one category counts once in it, but can appear in several
# categories, so the bars of one chart do not add up to the number of alumni.
# A post counts when it is held after the term ended (including one begun
# during the term and continuing after it), up to the reference date.
# Categories with fewer than `k` people are pooled into one *Other* row, shown
# last, so an employer is never named for one or two people.

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
from analysis.plots.theme import new_axes
from analysis.report.context import start_notebook

ctx = start_notebook("02-where-alumni-went", globals())

# %% [markdown] tags=["lang-en"]
# ## Destinations by sector
#
# Sectors come from `data/reference/sectors.csv`; the colours are the same on
# every chart of the report. The first five sectors count as "in the field of
# international peace cooperation".

# %%
sectors = ctx.table("02-destinations-by-sector")
ctx.publish(destination_bars(sectors, by="label", colour_by="sector", ax=new_axes(rows=len(sectors))), sectors)

# %% [markdown] tags=["lang-en"]
# ## UN peace operations
#
# Peacekeeping operations, special political missions and support offices
# (`data/reference/un_peace_operations.csv`, with their dated duty stations),
# the most frequent first.

# %%
operations = ctx.table("02-peace-operations")
ctx.publish(destination_bars(operations, by="label", ax=new_axes(rows=len(operations))), operations)

# %% [markdown] tags=["lang-en"]
# ## Organisations
#
# UN entities, other international organisations, Japanese ministries and
# agencies, and employers recorded as free text, the most frequent first.

# %%
organisations = ctx.table("02-organisations")
ctx.publish(destination_bars(organisations, by="label", ax=new_axes(rows=len(organisations))), organisations)

# %% [markdown] tags=["lang-en"]
# ## Kinds of work and grades
#
# The kind of work (role family) and the grade of the post: UN professional
# P-1 to D-2, national officer NO-A to NO-D, field service FS, UN Volunteer,
# consultant, national civil service, other.

# %%
roles = ctx.table("02-role-families")
ctx.publish(destination_bars(roles, by="label", ax=new_axes(rows=len(roles))), roles)

# %%
grades = ctx.table("02-grades")
ctx.publish(destination_bars(grades, by="label", ax=new_axes(rows=len(grades))), grades)

# %% [markdown] tags=["lang-en"]
# ## Regions of the duty station

# %%
regions = ctx.table("02-regions")
ctx.publish(destination_bars(regions, by="label", ax=new_axes(rows=len(regions))), regions)

# %% [markdown] tags=["lang-en"]
# ## Peacekeeping operations, special political missions and the rest
#
# Posts at UN peace operations by their kind; *other UN post* is any other post
# in the UN system (Secretariat, funds, programmes, specialised agencies);
# *outside the UN* is every other employer.

# %%
kinds = ctx.table("02-mission-kinds")
ctx.publish(destination_bars(kinds, by="label", ax=new_axes(rows=len(kinds))), kinds)
