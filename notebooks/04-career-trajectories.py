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
# Each alumnus's career (advisors still serving are left out) is turned into a
# monthly sequence of states from the start of the term over ten years:
# *advisor* during the term, then the kind of
# employer held that month (UN peace operation, other UN, other international,
# Japanese government, other), *no post* when the history is confirmed and no
# post covers the month, and unknown once the history is no longer confirmed or
# the month lies after the reference date. The statistics follow the
# definitions of R's TraMineR, so they can be checked against it. What is
# published is protected like every table: months and states holding fewer
# than `k` people are pooled, and no chart shows one person's career. These
# month-by-month exhibits are linked to each other (states by month, moves,
# time in each state), so they are published only when at least 50 careers are
# followed, and only when the report publishes the number of alumni; otherwise
# each says so instead of drawing.

# %% [markdown] tags=["lang-ja"]
# # 04 · 月単位で見たキャリアの軌跡
#
# 各修了者のキャリア（在任中の研究員は含めない）を、任期開始から10年間の月ごとの状態の系列に変換する。任期中は*研究員*、その後はその月に勤務していた雇用主の種類（国連平和活動、平和活動以外の国連機関、国連以外の国際機関、日本政府、その他）、経歴が確認済みでその月に職がない場合は*職なし*、経歴が確認できなくなった後や基準日より後の月は不明とする。統計はRのTraMineRの定義に従っており、TraMineRで検証できる。公表する内容は他の表と同様に秘匿処理を行う。`k`人未満の月と状態は合算し、一人のキャリアを示す図は公表しない。これらの月単位の図表（月ごとの状態、移動、各状態の期間）は互いに関連しているため、追跡できるキャリアが50件以上で、かつ報告書が修了者数を公表している場合に限り公表し、それ以外の場合は各図表でその旨を示す。

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

# %% [markdown] tags=["lang-ja"]
# ## 状態分布図：6か月ごとのキャリアの状況
#
# 任期開始後6か月ごとの各時点で、その時点で**状態が判明している人のうち**各状態にある人の割合を示す（欠測状態を除いたTraMineRの `seqdplot`）。右に行くほど各棒の背後にある人数は減少する。最近の採用者は後の月に達しておらず、また経歴が確認されなくなる人もいるためである。ある時点で`k`人未満しかいない状態は、まとめて一つの灰色の帯として描き、**c** と表示する。

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

# %% [markdown] tags=["lang-ja"]
# ## インデックスプロット：一人一本のキャリア
#
# 一人につき1本の横線を引き、月ごとの状態で色分けし、似たキャリアが隣り合うように並べる。線1本が一人のキャリアであるため、この図は、データが合成データと宣言され（`declare_synthetic`）、*かつ*ファイルが生成プログラムの出力であることが検証できる場合に限り描画する。実際の記録では表示しない。

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

# %% [markdown] tags=["lang-ja"]
# ## キャリアの変化の頻度と移動先
#
# 月単位で見ると、キャリアはほとんど変化しない。翌月に状態が変わる月の割合は、どの状態でも小さい（TraMineRの `seqtrate` の対角要素）。変化がどこで生じているかは、*連続する異なる状態*の間の移動（TraMineRの `seqdss`）に表れる。ある状態から別の状態への移動を1回ずつ数える。`k`件未満の移動のセルと、それを逆算できるセルは **c** と表示する。

# %%
changes = ctx.table("04-monthly-changes")
ctx.publish(destination_bars(changes, by="label", count="change_rate", colour_by="state",
                             ax=new_axes(rows=len(changes))), changes)

# %%
moves = ctx.table("04-moves-between-states")
ctx.publish(count_heatmap(moves, index="from_label", columns="to_label", values="moves", ax=new_axes(height=6)), moves)

# %% [markdown] tags=["lang-en"]
# ## Mean time in each state
#
# Average number of months spent in each state over the 120 months followed
# (TraMineR's `seqmeant`); unknown months count for no state, so the bars add
# up to the average number of known months per person. A state fewer than `k`
# people were ever in is shown as **c**.

# %% [markdown] tags=["lang-ja"]
# ## 各状態の平均滞在期間
#
# 追跡した120か月間に各状態で過ごした平均月数（TraMineRの `seqmeant`）。不明の月はどの状態にも数えないため、棒の合計は一人当たりの判明している月数の平均になる。経験者が`k`人未満の状態は **c** と表示する。

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

# %% [markdown] tags=["lang-ja"]
# ## キャリア類型
#
# 最初の6年間のキャリアが判明している人について、最適マッチング（ある系列を別の系列に変換する挿入・削除・置換の最小コストの組合せ。置換コストは遷移率から算出、TraMineR `sm = "TRATE"`）で比較し、PAMにより最大四つの類型に分類する。`k`人未満の類型が生じる場合は類型数を減らす。各類型は構成員が最も長く過ごした状態で名付け、各状態が類型の月数に占める割合で図示する（経験した構成員が`k`人未満の状態は **c** として合算）。また、年ごとに最も多くの構成員がいる状態をつないだ経路で要約するが、この経路は`k`人以上の構成員がまさにその経路をたどった場合に限り公表する。一人の構成員のキャリアで類型を代表させることはない。

# %%
types = ctx.table("04-career-typology")
ctx.show(types, ["name", "people", "typical_path"])
ctx.publish(type_bars(types, ax=new_axes(rows=len(types) + 3)), types)
