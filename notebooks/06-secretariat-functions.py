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

# %% [markdown] tags=["lang-ja"]
# # 06 · 事務局の機能強化：研究員は任期中に何をしたか
#
# 本制度の第二の目的は、国際平和協力本部事務局の機能強化である。記録には、各研究員の任期中の活動（調査研究、選挙監視、ミッション支援、研修講師、シンポジウム、広報・講演）が記載されている。在任する研究員の数は年度によって異なるため、活動件数を**研究員の人年**（当該年度の在任日数 ÷ 365.25 を研究員について合計したもの）で割る。研究員`k`人未満の平均は **c** と表示する。

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
# ## Activities per advisor-year, by five fiscal years
#
# Numerator: activities starting in the period (fiscal years run April–March).
# Denominator: advisor-years served in that period. Few advisors serve in
# some single years, so the average is taken over five fiscal years, the groups
# notebook 05 uses. The period still running on the reference date is always
# joined to the one before it and marked *to date* (how many serve now is not
# shown), and a period with fewer than k advisors is joined to its neighbour.

# %% [markdown] tags=["lang-ja"]
# ## 5年度ごとの研究員一人年当たりの活動件数
#
# 分子は当該期間（年度は4月～翌年3月）に開始した活動、分母は当該期間の研究員の在任人年である。単年度では在任者が少ない年度もあるため、ノートブック05と同じ5年度ごとの期間で平均する。基準日時点で進行中の期間は常に前の期間と合わせて*基準日まで*と表示し（現在の在任者数は示さない）、研究員がk人未満の期間は隣の期間と合わせる。

# %%
per_year = ctx.table("06-activities-per-advisor-year")
ctx.publish(count_bars(per_year, x="period", y="per_advisor_year", label="label", label_bars=False,
                       ax=new_axes()), per_year)

# %% [markdown] tags=["lang-en"]
# ## Which kinds of activity?
#
# All fiscal years together: activities of each kind per advisor-year served.

# %% [markdown] tags=["lang-ja"]
# ## どのような種類の活動か
#
# 全年度の合計で、種類別の活動件数を研究員の在任人年当たりで示す。

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

# %% [markdown] tags=["lang-ja"]
# ## 研究員が参加した政府派遣ミッション
#
# 国際平和協力法に基づく日本の選挙監視ミッション及びその他のミッションへの支援を、**研究員**（人数）で数え、ミッション（国及び国連の活動、最初と最後の活動の年）別に示す。二つのミッションに参加した人は両方で数える。参加した研究員が`k`人未満のミッションは*その他*に合算する。

# %%
missions = ctx.table("06-missions")
ctx.publish(destination_bars(missions, by="mission", count="advisors", ax=new_axes(rows=len(missions))), missions)
