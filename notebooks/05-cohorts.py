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
# # 05 · Cohorts: has the outcome changed across intakes?
#
# About five advisors join each year, so a rate for one intake year rests on a
# handful of people: it would be too noisy to read and could identify someone.
# Intakes are therefore **pooled into five-fiscal-year groups** (FY2005–09,
# FY2010–14, ...). Each group's rate is computed from the summed counts and
# drawn with its 95% Wilson interval. The groups add up to the headline
# figures, and their alumni plus those still serving make the intakes shown in
# notebook 01, so they are protected together with those tables: a cell that
# would let a small count be worked out from them is shown as **c**. The
# latest group has had the least time (marked *to date*).

# %% [markdown] tags=["lang-ja"]
# # 05 · 採用年度別の比較：成果は採用時期によって変化したか
#
# 研究員の採用は毎年度五人程度であり、一つの採用年度の率は少数の人に基づくことになる。そのため、ばらつきが大きすぎて読み取れず、個人が特定されるおそれもある。そこで採用年度を**5年度ごとのグループにまとめる**（2005–2009年度、2010–2014年度、…）。各グループの率は合算した人数から算出し、95%信頼区間（Wilson法）とともに示す。各グループの合計は主要指標の数値と一致し、その修了者と在任中の研究員を合わせるとノートブック01に示す採用数になるため、これらの表と併せて秘匿処理を行う。それらから少数の人数を逆算できるセルは **c** と表示する。最新のグループは経過期間が最も短い（*基準日まで*と表示）。

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
from analysis.plots.charts import rate_bars
from analysis.plots.theme import new_axes
from analysis.report.context import start_notebook

ctx = start_notebook("05-cohorts", globals())

# %% [markdown] tags=["lang-en"]
# ## In the field 24 months after the term, by pooled intake
#
# Denominator: alumni of the group whose status 24 months after their term is
# known. Groups with no such alumni are left out rather than drawn as 0 / 0.

# %% [markdown] tags=["lang-ja"]
# ## 任期終了24か月後の分野内在職（採用年度グループ別）
#
# 分母は、任期終了から24か月後の状況が判明している当該グループの修了者である。該当する修了者がいないグループは、0 / 0 として描かずに除外する。

# %%
in_field = ctx.table("05-in-field-24-months-by-cohort")
ctx.publish(rate_bars(in_field, x="label", rate="in_field_rate", numerator="in_field", denominator="known",
                      lower="ci_lower", upper="ci_upper", ax=new_axes(height=5)), in_field)

# %% [markdown] tags=["lang-en"]
# ## Ever in the field, by pooled intake
#
# Denominator: all alumni of the group. Older groups have had longer to reach
# the field, so this cumulative measure favours them: read it together with
# the windowed rate above.

# %% [markdown] tags=["lang-ja"]
# ## 分野内での勤務経験（採用年度グループ別）
#
# 分母は当該グループの全修了者である。古いグループほど分野に入るまでの期間が長く取れているため、この累積指標は古いグループに有利になる。上の一定時点の率と併せて読む必要がある。

# %%
ever = ctx.table("05-ever-in-field-by-cohort")
ctx.publish(rate_bars(ever, x="label", rate="ever_in_field_rate", numerator="ever_in_field", denominator="alumni",
                      lower="ci_lower", upper="ci_upper", ax=new_axes(height=5)), ever)
