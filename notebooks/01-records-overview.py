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
# # 01 · What the records hold
#
# Before any outcome is measured: whether every row of the input was loaded,
# which records are unusual, how many people joined each year, how long their
# terms lasted, why they ended, and, most important for everything that
# follows, **how much of their later careers we actually know** (the knowledge
# rate). Every table and chart passes through the disclosure rule: counts of
# fewer than `k` people, and cells that would let one be worked out, are shown
# as **c**.

# %% [markdown] tags=["lang-ja"]
# # 01 · 記録の内容
#
# 成果を測定する前に、次の点を確認する。入力データの全行が読み込まれたか、通常とは異なる記録はどれか、各年度に何人が採用されたか、任期はどの程度の長さで、なぜ終了したか。そして、以降のすべての分析にとって最も重要な点として、**修了者のその後のキャリアを実際にどの程度把握しているか**（把握率）である。すべての表と図には秘匿ルールを適用しており、`k`人未満の数値と、他の値からそれを逆算できるセルは **c** と表示する。

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
from analysis.plots.charts import count_bars, rate_bars
from analysis.plots.theme import new_axes
from analysis.report.context import start_notebook

ctx = start_notebook("01-records-overview", globals())

# %% [markdown] tags=["lang-en"]
# ## Data quality: every input row is accounted for
#
# The loader checks every rule of the data model (unique ids, known advisors,
# dates that parse, terms of at most 24 months, known country and organisation
# codes) and refuses a record that cannot be true; the report is built only
# from records without errors. Every row of every file must be accounted for
# (rows read = rows loaded + rows rejected). The row counts themselves are
# left to `python -m analysis validate`: the advisors file holds one row per
# person appointed, a count the report may have to hide.

# %% [markdown] tags=["lang-ja"]
# ## データの品質：入力データの全行を照合
#
# 読込処理はデータモデルのすべてのルール（IDの一意性、既知の研究員であること、日付が解釈できること、任期が24か月以内であること、国コード及び機関コードが既知であること）を検査し、あり得ない記録は受け付けない。報告書はエラーのない記録のみから作成する。各ファイルのすべての行が照合されていなければならない（読取行数 = 読込行数 + 除外行数）。行数そのものは `python -m analysis validate` で確認する。研究員ファイルは採用された1人につき1行であり、報告書が秘匿すべき人数となり得るため公表しない。

# %%
ctx.show(ctx.table("01-data-quality"))

# %% [markdown] tags=["lang-en"]
# Records that are unusual but possible (a duty station outside those listed
# for the operation at that date, a post a few months outside an operation's
# dates during its start-up or drawdown, a grade unusual for the employer)
# are loaded and counted here by rule. The record keeper sees each one, with
# its file, line and column, in `python -m analysis validate`.

# %% [markdown] tags=["lang-ja"]
# 通常とは異なるがあり得る記録（その時点で当該活動の勤務地として登録されていない勤務地、活動の立ち上げ期又は縮小期に活動期間から数か月外れた職、雇用主としては珍しい等級）は、読み込んだ上でルール別にここで集計する。記録管理者は `python -m analysis validate` で、ファイル・行・列とともに各記録を確認できる。

# %%
ctx.show(ctx.table("01-warnings"))

# %% [markdown] tags=["lang-en"]
# ## Intakes by group of five fiscal years
#
# Advisors are recruited once or twice a year as vacancies arise, by
# fiscal-year half (April or October start). A single fiscal year's intake is
# too small to publish, so the chart counts people by five-year group
# of intake, the groups notebook 05 follows; the denominator is every advisor
# appointed by the reference date, and the latest group is still filling.

# %% [markdown] tags=["lang-ja"]
# ## 採用年度グループ（5年度ごと）別の採用数
#
# 研究員は欠員が生じた際に年1～2回、年度の前期（4月着任）又は後期（10月着任）に採用される。1年度ごとの採用数は公表できないほど少ないため、図はノートブック05と同じ5年度ごとの採用グループ別の人数を示す。分母は基準日までに採用されたすべての研究員であり、最新のグループは採用が続いている。

# %%
intakes = ctx.table("01-intakes-by-group")
ctx.publish(count_bars(intakes, x="cohort", y="advisors", label="label", ax=new_axes()), intakes)

# %% [markdown] tags=["lang-en"]
# ## Term lengths
#
# Published terms run from 6 to 24 months; many advisors leave early for a
# field post. Lengths are calendar months from term start to term end, for
# advisors whose term has ended.

# %% [markdown] tags=["lang-ja"]
# ## 任期の長さ
#
# 公表されている任期は6か月から24か月であり、分野内の職を得て任期途中で退職する研究員も多い。任期の長さは任期開始から任期終了までの暦月数であり、任期を終了した研究員について示す。

# %%
terms = ctx.table("01-term-lengths")
ctx.publish(count_bars(terms, x="term_band", y="people", label="label", ax=new_axes(height=4)), terms)

# %% [markdown] tags=["lang-en"]
# ## Why terms ended
#
# *Left early for a post*: the advisor left before the end of the planned term
# to take up a post; *completed*: the term ran its course; *other*: every other
# reason. The denominator is again all alumni.

# %% [markdown] tags=["lang-ja"]
# ## 任期終了の理由
#
# *就職のため任期途中で退職*：予定した任期の終了前に、職に就くため退職した。*任期満了*：予定どおり任期を終えた。*他の理由*：それ以外のすべての理由。分母は同じく全修了者である。

# %%
exits = ctx.table("01-exit-reasons")
ctx.publish(count_bars(exits, x="exit_reason", y="people", label="label", ax=new_axes(height=4)), exits)

# %% [markdown] tags=["lang-en"]
# ## How much of their careers do we know? The knowledge rate
#
# An outcome rate means little without the share of people whose outcome is
# known. For each window T (6, 15 and 24 months after the term), the knowledge
# rate is: alumni whose status at term end + T is known (their history is
# confirmed up to that date) / alumni whose term ended at least T months
# before the reference date. The dashed line is the NACE first-destination
# standard (at least 65% known), a US graduate-outcomes convention used here
# as a yardstick, not a target set for this programme.

# %% [markdown] tags=["lang-ja"]
# ## 修了者のキャリアをどの程度把握しているか：把握率
#
# 成果の率は、成果が判明している人の割合と併せて示さなければほとんど意味をなさない。各時点T（任期終了の6か月後、15か月後、24か月後）の把握率は、任期終了からTか月後の状況が判明している修了者（同日まで経歴を確認済みの者） ÷ 基準日のTか月以上前に任期を終了した修了者 である。破線はNACEの初職調査基準（65%以上の把握）であり、米国の大学卒業生の進路調査の慣行を目安として用いたもので、本制度に設定された目標ではない。

# %%
knowledge = ctx.table("01-knowledge-rate-by-window")
ctx.publish(rate_bars(knowledge, x="label", rate="knowledge_rate", numerator="known", denominator="eligible",
                      ax=new_axes()), knowledge)
