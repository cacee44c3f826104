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
# # 06 · Strengthening the Secretariat: what advisors did during their terms
#
# The second objective of the system is to strengthen the functions of the
# Secretariat of the International Peace Cooperation Headquarters. The records
# list the activities of each advisor during the term: research, election
# observation, mission support, training delivered, symposia and outreach.
# Because the number of advisors serving varies from year to year, activities
# are divided by **advisor-years** (days served in the fiscal year / 365.25,
# summed over advisors). Averages over fewer than `k` advisors are shown as
# **c**.

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
from analysis.plots.charts import count_bars, destination_bars
from analysis.plots.theme import new_axes
from analysis.report.context import start_notebook

ctx = start_notebook("06-secretariat-functions", globals())

# %% [markdown] tags=["lang-en"]
# ## Activities per advisor-year, by fiscal year
#
# Numerator: activities starting in the fiscal year (April–March). Denominator:
# advisor-years served in that year. The fiscal year still running on the
# reference date is marked *to date*.

# %%
per_year = ctx.table("06-activities-per-advisor-year")
ctx.publish(count_bars(per_year, x="fiscal_year", y="per_advisor_year", label="label", label_bars=False,
                       ax=new_axes()), per_year)

# %% [markdown] tags=["lang-en"]
# ## Which kinds of activity?
#
# All fiscal years together: activities of each kind per advisor-year served.

# %%
by_type = ctx.table("06-activities-by-type")
ctx.publish(destination_bars(by_type, by="label", count="per_advisor_year", ax=new_axes(rows=len(by_type))),
            by_type)

# %% [markdown] tags=["lang-en"]
# ## Government missions advisors took part in
#
# Japan's election observation missions and support to other missions under
# the International Peace Cooperation Act, counted in **advisors** (people),
# by mission (country and UN operation, with the years of the first and last
# activity). A person on two missions counts in both; missions with fewer than
# `k` advisors are pooled into *Other*.

# %%
missions = ctx.table("06-missions")
ctx.publish(destination_bars(missions, by="mission", count="advisors", ax=new_axes(rows=len(missions))), missions)
