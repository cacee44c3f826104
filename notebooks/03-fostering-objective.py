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
# # 03 · Is the system fostering people for international peace cooperation?
#
# The first objective of the advisor system is to foster human resources in
# international peace cooperation. This notebook measures it the way an
# evaluator quotes it: the **headline table** first (each measure with its
# numerator, denominator and knowledge rate, and a comparator only where one
# exists, with its own population, field and source), then the in-field rate at
# fixed windows after the term, ever and currently in the field, and the time
# it takes to reach a first in-field post and to leave the field again.
#
# "In the field" means a post in a sector flagged `is_in_field` in
# `data/reference/sectors.csv` (UN peace operations, the UN Secretariat, UN
# funds, programmes and agencies, other international organisations); the list
# is an editable table, not code. A post counts as an outcome when it is held
# after the term ended, including one begun during the term and continuing
# after it (time 0); a post wholly inside the term does not.

# %% [markdown] tags=["lang-ja"]
# # 03 · 本制度は国際平和協力の人材を育成しているか
#
# 研究員制度の第一の目的は、国際平和協力分野の人材育成である。本ノートブックでは、評価担当者が引用する形でこれを測定する。まず**主要指標の表**（各指標の分子、分母及び把握率と、比較対象がある場合に限りその対象集団・分野・出典を付した比較値）を示し、次に任期終了後の一定時点における分野内在職率、分野内での勤務経験と現在の在職、分野内の最初の職に就くまでの期間、及び分野を離れるまでの期間を示す。
#
# 「分野内」とは、`data/reference/sectors.csv` で `is_in_field` が設定されたセクター（国連平和活動、国連事務局、国連の基金・計画・専門機関、その他の国際機関）の職をいう。この一覧はコードではなく編集可能な表である。職は、任期終了後に就いていた場合に成果として数え、任期中に就き任期終了後も続いたもの（時点0）を含む。任期中に完結した職は数えない。

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
from analysis.plots.charts import km_plot, rate_bars
from analysis.plots.theme import new_axes
from analysis.report.context import start_notebook

ctx = start_notebook("03-fostering-objective", globals())

# %% [markdown] tags=["lang-en"]
# ## Headline measures
#
# One row per measure: numerator / denominator = rate, with the knowledge rate
# (how many of the people concerned have a known status). Counts of fewer than
# `k` people, and cells that would let one be worked out from the other tables
# of this report, are shown as **c**.

# %% [markdown] tags=["lang-ja"]
# ## 主要指標
#
# 指標ごとに1行で、分子 ÷ 分母 = 率、及び把握率（対象者のうち状況が判明している人の割合）を示す。`k`人未満の数値と、本報告書の他の表から逆算できるセルは **c** と表示する。

# %%
ctx.show(ctx.table("03-headline"), ["label", "numerator", "denominator", "rate", "knowledge_rate"])

# %% [markdown] tags=["lang-en"]
# ## In the field 6, 15 and 24 months after the term
#
# For each window T the denominator is the alumni whose status at term end + T
# is **known**; alumni whose window has not closed by the reference date, and
# alumni whose history is not confirmed that far, are left out (the knowledge
# rate in the footer says how many of those eligible are known). Whiskers are
# 95% Wilson intervals: with groups this small, differences of ten points
# between windows are within noise. The red line is the evaluator's target; the
# dashed line over 24 months is the Swiss UN Volunteers figure (87% still
# working in international cooperation two years after, cinfo 2014), which
# counts a broader field and only those who answered the survey.

# %% [markdown] tags=["lang-ja"]
# ## 任期終了の6か月後、15か月後、24か月後の分野内在職
#
# 各時点Tの分母は、任期終了からTか月後の状況が**判明している**修了者である。基準日までにその時点に達していない修了者と、経歴がその時点まで確認できていない修了者は除外する（対象となる修了者のうち状況が判明している人の割合は、脚注の把握率で示す）。ひげは95%信頼区間（Wilson法）である。この程度の小さな集団では、時点間の10ポイント程度の差は誤差の範囲内にある。赤線は評価担当者が設定した目標値である。24か月の位置の破線はスイス政府派遣の国連ボランティアの数値（2年後も国際協力分野で勤務している者が87%、cinfo 2014年）であり、より広い分野を対象とし、調査に回答した者のみを数えたものである。

# %%
windows = ctx.table("03-in-field-rate-by-window")
ctx.publish(rate_bars(windows, x="label", rate="in_field_rate", numerator="in_field", denominator="known",
                      lower="ci_lower", upper="ci_upper", ax=new_axes(height=5)), windows)

# %% [markdown] tags=["lang-en"]
# ## Ever in the field, and in the field now
#
# *Ever in the field*: alumni with any in-field post after the term / all
# alumni. This is the form of the only published figure (about 40% of the 34
# advisors who had finished by 31 May 2013, Cabinet Office), so it is also
# computed as of that date. *In the field at the latest confirmation*: alumni in
# the field on the date their status was last confirmed / alumni confirmed in
# the 12 months before the reference date. Its comparator, the MOFA
# peacebuilding programme (113 of 192 graduates with known status at the UN or
# international organisations, 2024), counts the same field as this system; the
# difference is the population (that programme's graduates).

# %% [markdown] tags=["lang-ja"]
# ## 分野内での勤務経験と現在の在職
#
# *分野内での勤務経験*：任期終了後に分野内の職に就いたことのある修了者 ÷ 全修了者。これは唯一の公表値（2013年5月31日までに任期を終えた研究員34人の約4割、内閣府）と同じ形の指標であるため、同日時点についても算出する。*最新の確認時点で分野内に在職*：最後に状況を確認した日に分野内に在職していた修了者 ÷ 基準日前12か月以内に状況を確認できた修了者。その比較対象である外務省の平和構築・開発におけるグローバル人材育成事業（状況が判明している修了生192人中113人が国連・国際機関に在職、2024年）は本制度と同じ分野を数えており、違いは対象集団（同事業の修了生）である。

# %%
summary = ctx.table("03-ever-and-currently-in-field")
ctx.publish(rate_bars(summary, x="label", rate="rate", numerator="people", denominator="of", lower="ci_lower",
                      upper="ci_upper", ax=new_axes(height=5.5)), summary)

# %% [markdown] tags=["lang-en"]
# ## How long until a first in-field post?
#
# Kaplan–Meier estimate of the share of alumni who have held an in-field post,
# by months since the term ended (a post already held then counts at 0).
# Alumni without one are censored at their last confirmed date (or the
# reference date), so people we lost track of do not pull the curve down. To
# publish it safely the event times are grouped so that every step holds at
# least `k` first posts, people whose follow-up ends are withdrawn in groups of
# at least `k`, and the curve stops where few remain at risk; the band is the
# 95% pointwise confidence band (log-log). The title quotes the median with
# its interval.

# %% [markdown] tags=["lang-ja"]
# ## 分野内の最初の職に就くまでの期間
#
# 任期終了からの月数別に、分野内の職に就いたことのある修了者の割合をカプラン・マイヤー法で推定する（任期終了時点で既に就いていた職は時点0で数える）。そうした職に就いていない修了者は最後に確認した日（又は基準日）で打ち切るため、追跡できなくなった人が曲線を押し下げることはない。安全に公表するため、各段に`k`件以上の最初の職が含まれるよう事象の時点をまとめ、追跡が終了した人は`k`人以上の単位でまとめて除き、リスク集合の人数が少なくなった時点で曲線を打ち切る。帯は各時点の95%信頼帯（log-log変換）である。表題には中央値とその信頼区間を示す。

# %%
first_post = ctx.table("03-time-to-first-in-field-post")
ctx.publish(km_plot(first_post, ax=new_axes(height=5)), first_post)

# %% [markdown] tags=["lang-en"]
# ## Once in the field, how long do they stay?
#
# Kaplan–Meier estimate of the share still in the field, by months since the
# first in-field post after the term. Consecutive in-field posts less than
# three months apart count as one spell (a parameter, stated in the footer); a
# spell still running at the last confirmed date is censored. Only alumni who
# reached the field are counted.

# %% [markdown] tags=["lang-ja"]
# ## 分野内に入った後、どのくらい在職を続けるか
#
# 任期終了後の分野内の最初の職からの月数別に、分野内に在職し続けている人の割合をカプラン・マイヤー法で推定する。間隔が3か月未満の連続する分野内の職は一続きの在職とみなす（この値はパラメータであり、脚注に記載する）。最後に確認した日にまだ続いている在職は打ち切りとする。分野内の職に就いた修了者のみを数える。

# %%
retention = ctx.table("03-retention-in-field")
ctx.publish(km_plot(retention, cumulative=False, color="#117733", ax=new_axes(height=5)), retention)
