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

# %% [markdown] tags=["lang-ja"]
# # 02 · 修了者はどこへ進んだか
#
# 任期終了後の元研究員の進路を、セクター別、最も多く勤務した国連平和活動及びその他の機関、職務の種類（職務分野）、等級、勤務地の地域、並びに国連平和維持活動（PKO）と特別政治ミッションの別に示す。単位は**人**である。同じ区分に複数の職がある人はその区分で一人と数えるが、複数の区分に現れることがあるため、一つの図の棒を合計しても修了者数とは一致しない。職は、任期終了後に就いていたもの（任期中に就き任期終了後も続いたものを含む）を基準日まで数える。`k`人未満の区分は最後に示す一つの*その他*の行に合算するため、一人や二人について雇用主の名称が示されることはない。

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

# %% [markdown] tags=["lang-ja"]
# ## セクター別の進路
#
# セクターは `data/reference/sectors.csv` による。色は報告書のすべての図で共通である。最初の五つのセクターを「国際平和協力分野」として数える。

# %%
sectors = ctx.table("02-destinations-by-sector")
ctx.publish(destination_bars(sectors, by="label", colour_by="sector", ax=new_axes(rows=len(sectors))), sectors)

# %% [markdown] tags=["lang-en"]
# ## UN peace operations
#
# Peacekeeping operations, special political missions and support offices
# (`data/reference/un_peace_operations.csv`, with their dated duty stations),
# the most frequent first.

# %% [markdown] tags=["lang-ja"]
# ## 国連平和活動
#
# 国連平和維持活動（PKO）、特別政治ミッション及び支援事務所（`data/reference/un_peace_operations.csv`、時期別の勤務地を含む）を、多い順に示す。

# %%
operations = ctx.table("02-peace-operations")
ctx.publish(destination_bars(operations, by="label", ax=new_axes(rows=len(operations))), operations)

# %% [markdown] tags=["lang-en"]
# ## Organisations
#
# UN entities, other international organisations, Japanese ministries and
# agencies, and employers recorded as free text, the most frequent first.

# %% [markdown] tags=["lang-ja"]
# ## 機関
#
# 国連の機関、その他の国際機関、日本の府省・機関、及び自由記述で記録された雇用主を、多い順に示す。

# %%
organisations = ctx.table("02-organisations")
ctx.publish(destination_bars(organisations, by="label", ax=new_axes(rows=len(organisations))), organisations)

# %% [markdown] tags=["lang-en"]
# ## Kinds of work and grades
#
# The kind of work (role family) and the grade of the post: UN professional
# P-1 to D-2, national officer NO-A to NO-D, field service FS, UN Volunteer,
# consultant, national civil service, other.

# %% [markdown] tags=["lang-ja"]
# ## 職務分野と等級
#
# 職の職務の種類（職務分野）と等級を示す。等級は、国連の専門職 P-1～D-2、ナショナル・オフィサー NO-A～NO-D、フィールド・サービス FS、国連ボランティア、コンサルタント、国家公務員、その他である。

# %%
roles = ctx.table("02-role-families")
ctx.publish(destination_bars(roles, by="label", ax=new_axes(rows=len(roles))), roles)

# %%
grades = ctx.table("02-grades")
ctx.publish(destination_bars(grades, by="label", ax=new_axes(rows=len(grades))), grades)

# %% [markdown] tags=["lang-en"]
# ## Regions of the duty station

# %% [markdown] tags=["lang-ja"]
# ## 勤務地の地域

# %%
regions = ctx.table("02-regions")
ctx.publish(destination_bars(regions, by="label", ax=new_axes(rows=len(regions))), regions)

# %% [markdown] tags=["lang-en"]
# ## Peacekeeping operations, special political missions and the rest
#
# Posts at UN peace operations by their kind; *other UN post* is any other post
# in the UN system (Secretariat, funds, programmes, specialised agencies);
# *outside the UN* is every other employer.

# %% [markdown] tags=["lang-ja"]
# ## 国連平和維持活動、特別政治ミッション、その他
#
# 国連平和活動での職をその種類別に示す。*国連のその他の職*は国連システム内の他の職（事務局、基金、計画、専門機関）、*国連以外*はそれ以外のすべての雇用主である。

# %%
kinds = ctx.table("02-mission-kinds")
ctx.publish(destination_bars(kinds, by="label", ax=new_axes(rows=len(kinds))), kinds)
