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
# # 06 · Strengthening the Secretariat: what advisors did during their terms
#
# The second objective of the system is to strengthen the functions of the
# Secretariat of the International Peace Cooperation Headquarters. The records
# list the activities of each advisor during the term: research, election
# observation, mission support, training delivered, symposia and outreach.
# Because the number of advisors serving varies from year to year, activity
# counts are divided by **advisor-years** (days served in the fiscal year /
# 365.25, summed over advisors). Averages based on fewer than `k` advisors are
# shown as **c**.

# %% tags=["parameters"]
data_dir = "../data/raw"
reference_date = "2026-09-30"
k = 3
target = 0.5

# %%
# ruff: noqa: E402 (imports follow the papermill parameters cell)
import matplotlib.pyplot as plt

from analysis.charts import count_bars, destination_bars
from analysis.disclosure import display_table, protect_counts, protect_means
from analysis.figures import chart_footer, save_figure
from analysis.measures import secretariat_outputs
from analysis.notebooks import start_notebook
from analysis.overview import activities_by_type, mission_participation

records, policy = start_notebook(data_dir, k=k)

# %% [markdown]
# ## Activities per advisor-year, by fiscal year
#
# Numerator: activities starting in the fiscal year (April–March). Denominator:
# advisor-years served in that year. The current fiscal year is partial (up to
# the reference date).

# %%
outputs = secretariat_outputs(records, reference_date=reference_date, by_type=False)
outputs["fiscal_year"] = "FY" + outputs["fiscal_year"].astype(str)
per_year = protect_means(outputs, mean_cols="per_advisor_year", n_col="advisors", policy=policy)
print(display_table(per_year, decimals=2).to_string(index=False))

fig, ax = plt.subplots(figsize=(11, 4.8))
count_bars(per_year, x="fiscal_year", y="per_advisor_year", ax=ax, label_bars=False)
overall = outputs["activities"].sum() / outputs["advisor_years"].sum()
ax.axhline(overall, color="0.3", linestyle="--", linewidth=1.2, label=f"all years: {overall:.1f}")
ax.legend(frameon=False, loc="upper left")
ax.set_title(f"Each advisor-year produced about {overall:.0f} Secretariat activities, steady across years")
ax.set_xlabel("fiscal year (April–March)")
ax.set_ylabel("activities per advisor-year")
ax.tick_params(axis="x", rotation=60)
chart_footer(fig, records=records, reference_date=reference_date,
             n=f"{outputs['advisor_years'].sum():.0f} advisor-years")
save_figure(fig, "06-activities-per-advisor-year")
plt.show()

# %% [markdown]
# ## Which kinds of activity?
#
# All fiscal years together: activities of each type per advisor-year served.

# %%
pooled = activities_by_type(records, reference_date=reference_date)
type_table = protect_means(pooled, mean_cols="per_advisor_year", n_col="advisors", policy=policy)
print(display_table(type_table, decimals=2).to_string(index=False))

fig, ax = plt.subplots(figsize=(8, 4.5))
destination_bars(type_table, by="activity_type", count="per_advisor_year", ax=ax)
ax.set_title(f"{type_table.iloc[0]['activity_type'].replace('_', ' ').capitalize()} is the most frequent "
             "activity of advisors")
ax.set_xlabel("activities per advisor-year")
chart_footer(fig, records=records, reference_date=reference_date,
             n=f"{pooled['advisor_years'].iloc[0]:.0f} advisor-years")
save_figure(fig, "06-activities-by-type")
plt.show()

# %% [markdown]
# ## Election observation and other missions
#
# Japan's government missions in which advisors took part: election
# observation (advisors led the Kathmandu branch of the observer team for the
# Constituent Assembly election in Nepal, 2008, and observed the Southern
# Sudan referendum, 2011) and support to other missions. Counted in
# **advisors** (people), by mission (country and UN operation), with the
# calendar years of the first and last activity; a person on two missions
# counts in both.

# %%
missions = mission_participation(records, reference_date=reference_date)
mission_table = protect_counts(missions, count_cols=["advisors", "activities"], policy=policy,
                               totals_known=False)
print(display_table(mission_table).to_string(index=False))

elections = mission_table[mission_table["activity_type"] == "election_observation"].copy()
elections["mission"] = elections["country_iso3"] + " " + elections["operation"] + " " + elections["first_year"]
fig, ax = plt.subplots(figsize=(8, 3.5))
destination_bars(elections, by="mission", count="advisors", ax=ax)
ax.set_title("Advisors joined the election observation missions to Nepal (2008) and Sudan (2011)")
ax.set_xlabel("advisors taking part (people)")
chart_footer(fig, records=records, reference_date=reference_date,
             extra="a person can count in several bars")
save_figure(fig, "06-election-observation")
plt.show()
