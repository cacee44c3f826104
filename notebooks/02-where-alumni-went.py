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
# # 02 · Where did the alumni go?
#
# Destinations of former advisors after their term: by sector, the UN peace
# operations and UN or other organisations they joined most often, the kind of
# work (role family), the grade, the region of the duty station, and
# peacekeeping versus special political missions. The unit is **people**: a
# person with several posts in one category counts once in it, but can appear
# in several categories (so the bars of one chart do not add up to the number
# of alumni). Only posts started after the term began and by the reference
# date count. Categories with fewer than `k` people show **c**.

# %% tags=["parameters"]
data_dir = "../data/raw"
reference_date = "2026-09-30"
k = 3
target = 0.5

# %%
# ruff: noqa: E402 (imports follow the papermill parameters cell)
import matplotlib.pyplot as plt

from analysis.charts import destination_bars
from analysis.disclosure import display_table, protect_counts
from analysis.figures import chart_footer, save_figure
from analysis.measures import alumni, destination_mix
from analysis.notebooks import start_notebook
from analysis.palette import state_label

records, policy = start_notebook(data_dir, k=k)
n_alumni = len(alumni(records, reference_date))
print(f"alumni on {reference_date}: {n_alumni}")


# %%
def protected_mix(level, top=None):
    """Destination table at ``level``, protected (people can be in several rows: no known total)."""
    mix = destination_mix(records, reference_date=reference_date, level=level)
    mix = mix.head(top) if top else mix
    return protect_counts(mix, count_cols=["people", "placements"], policy=policy, totals_known=False)


def draw(table, level, *, title, ylabel, name, height=5):
    fig, ax = plt.subplots(figsize=(9, height))
    destination_bars(table, by=level, ax=ax)
    ax.set_title(title)
    ax.set_xlabel("alumni with at least one post (people)")
    ax.set_ylabel(ylabel)
    chart_footer(fig, records=records, reference_date=reference_date, n=f"{n_alumni} alumni",
                 extra="a person can count in several bars")
    save_figure(fig, name)
    return fig


# %% [markdown]
# ## Destinations by sector
#
# Sectors come from `data/reference/sectors.csv`; the colours are the same on
# every chart of the report.

# %%
sectors = protected_mix("sector")
print(display_table(sectors).to_string(index=False))
top_sector = sectors.iloc[0]
shown = display_table(sectors).set_index("sector")["people"]
draw(sectors, "sector", title=f"{state_label(top_sector['sector'])} drew the most alumni; "
     f"{shown.get('un_peace_operation', '0')} joined a UN peace operation",
     ylabel="sector of the post", name="02-destinations-by-sector")
plt.show()

# %% [markdown]
# ## Most frequent UN peace operations
#
# Peace operations (peacekeeping operations and special political missions)
# from the UN Peace and Security Data Hub list; the 12 most frequent.

# %%
operations = protected_mix("operation", top=12)
print(display_table(operations).to_string(index=False))
draw(operations, "operation", title=f"{operations.iloc[0]['operation']} is the peace operation most alumni joined",
     ylabel="UN peace operation", name="02-peace-operations", height=6)
plt.show()

# %% [markdown]
# ## Most frequent organisations
#
# Coded organisations (UN entities, other international organisations,
# ministries) and free-text employers; the 15 most frequent.

# %%
organisations = protected_mix("organisation", top=15)
print(display_table(organisations).to_string(index=False))
draw(organisations, "organisation", title=f"{organisations.iloc[0]['organisation']} employed the most alumni",
     ylabel="organisation", name="02-organisations", height=6.5)
plt.show()

# %% [markdown]
# ## Role families and grades
#
# The kind of work (role family, from the role title) and the grade of the
# post (UN professional P-1…D-2, national officer NO-A…NO-D, field service FS,
# UN Volunteer, consultant, national civil service, other).

# %%
roles = protected_mix("role_family")
print(display_table(roles).to_string(index=False))
draw(roles, "role_family", title=f"{roles.iloc[0]['role_family'].replace('_', ' ').capitalize()} "
     "is the most common kind of work after the term", ylabel="role family", name="02-role-families")
plt.show()

# %%
grades = protected_mix("grade")
print(display_table(grades).to_string(index=False))
p_grades = grades[grades["grade"].str.startswith("P-")]
draw(grades, "grade", title="Among UN posts, P-3 is the most common grade"
     if len(p_grades) and p_grades.iloc[0]["grade"] == "P-3" else "Grades of posts held after the term",
     ylabel="grade", name="02-grades")
plt.show()

# %% [markdown]
# ## Regions of the duty station

# %%
regions = protected_mix("region")
print(display_table(regions).to_string(index=False))
draw(regions, "region", title=f"{regions.iloc[0]['region']} is the region where most alumni served",
     ylabel="region of the duty station", name="02-regions", height=4)
plt.show()

# %% [markdown]
# ## Peacekeeping operations versus special political missions
#
# `peacekeeping` and `political` are posts at UN peace operations by their
# kind (DPO- and DPPA-led); `agency` is any other UN post (Secretariat, funds,
# programmes, specialised agencies); `other` is every post outside the UN.

# %%
kinds = protected_mix("mission_kind")
print(display_table(kinds).to_string(index=False))
kind_people = display_table(kinds).set_index("mission_kind")["people"]
draw(kinds, "mission_kind", title=f"{kind_people.get('peacekeeping', '0')} alumni served in peacekeeping operations, "
     f"{kind_people.get('political', '0')} in special political missions",
     ylabel="kind of post", name="02-mission-kinds", height=3.5)
plt.show()
