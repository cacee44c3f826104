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
# # 05 · Cohorts: has the outcome changed across intakes?
#
# About five advisors join each year, so a rate for one intake year rests on a
# handful of people: it would be too noisy to read and could identify someone.
# Intakes are therefore **pooled into 5-fiscal-year groups** (FY2005–FY2009,
# FY2010–FY2014, ...). Each group's rates are computed from the summed counts,
# protected with the disclosure rule (a rate whose numerator, or whose
# complement, is fewer than `k` people is shown as **c**), and drawn with 95%
# Wilson intervals. The latest group has had the least time: its longer
# windows are mostly still open.

# %% tags=["parameters"]
data_dir = "../data/raw"
reference_date = "2026-09-30"
k = 3
target = 0.5

# %%
# ruff: noqa: E402 (imports follow the papermill parameters cell)
import matplotlib.pyplot as plt

from analysis.charts import rate_bars
from analysis.disclosure import display_table, protect_rates
from analysis.figures import chart_footer, save_figure
from analysis.measures import ever_in_field, knowledge_and_in_field_rates
from analysis.notebooks import start_notebook
from analysis.overview import pool_intakes

records, policy = start_notebook(data_dir, k=k)


# %% [markdown]
# ## In the field 24 months after the term, by pooled intake
#
# Denominator: alumni of the group whose status 24 months after their term
# end is known. The knowledge rate is not shown by group: the number of alumni
# whose status is *unknown* is a small count in most groups, and publishing it
# next to the denominator would reveal it (the overall knowledge rate is in
# notebooks 01 and 03).

# %%
windows = knowledge_and_in_field_rates(records, reference_date=reference_date, by="intake_fy", windows=(24,))
by_cohort = pool_intakes(windows, counts=["alumni", "eligible", "known", "in_field"],
                         rates={"in_field_rate": ("in_field", "known")})
protected = protect_rates(by_cohort[["cohort", "in_field", "known", "in_field_rate"]], numerator="in_field",
                          denominator="known", rate_cols="in_field_rate", policy=policy)
print(display_table(protected, decimals=3).to_string(index=False))

fig, ax = plt.subplots(figsize=(9, 5))
rate_bars(protected, x="cohort", rate="in_field_rate", numerator="in_field", denominator="known", ax=ax,
          target=target)
shown = by_cohort[by_cohort["known"] >= k]
best = shown.loc[shown["in_field_rate"].idxmax(), "cohort"] if len(shown) else "none"
ax.set_title(f"In-field rate at 24 months by pooled intake: highest for {best},\n"
             "but every interval is wide")
ax.set_xlabel("intake group (fiscal years; in field / alumni with known status)")
ax.set_ylabel("alumni in the field 24 months after term (%)")
chart_footer(fig, records=records, reference_date=reference_date,
             n=f"{int(by_cohort['known'].sum())} alumni with known status")
save_figure(fig, "05-in-field-24-months-by-cohort")
plt.show()

# %% [markdown]
# ## Ever in the field, by pooled intake
#
# Denominator: all alumni of the group. Older groups have had longer to reach
# the field, so this cumulative measure favours them: read it together with
# the windowed rate above.

# %%
ever = pool_intakes(ever_in_field(records, reference_date=reference_date, by="intake_fy"),
                    counts=["alumni", "ever_in_field", "confirmed_last_12_months"],
                    rates={"ever_in_field_rate": ("ever_in_field", "alumni")})
ever_protected = protect_rates(ever.drop(columns="confirmed_last_12_months"), numerator="ever_in_field", denominator="alumni",
                               rate_cols="ever_in_field_rate", policy=policy)
print(display_table(ever_protected, decimals=3).to_string(index=False))

fig, ax = plt.subplots(figsize=(9, 5))
rate_bars(ever_protected, x="cohort", rate="ever_in_field_rate", numerator="ever_in_field",
          denominator="alumni", ax=ax, target=target)
ax.set_title("Ever-in-field rate by pooled intake: older groups have had longer to get there")
ax.set_xlabel("intake group (fiscal years; ever in field / alumni)")
ax.set_ylabel("alumni ever in the field (%)")
chart_footer(fig, records=records, reference_date=reference_date, n=f"{int(ever['alumni'].sum())} alumni")
save_figure(fig, "05-ever-in-field-by-cohort")
plt.show()
