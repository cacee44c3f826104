"""Where alumni went: destination mix, first and latest posts, sector flows, grade progression.

Only posts held after the term count (:func:`analysis.measures.status.post_term_placements`),
and only those of alumni. Tables are unprotected counts: people (distinct
alumni, the unit disclosure control protects) and placements.
"""

from __future__ import annotations

import pandas as pd

from analysis.measures._common import DateLike, group_sum, keys, ts
from analysis.measures.outcomes import alumni
from analysis.measures.status import classify_placements, post_term_placements
from analysis.records.fields import GRADES, UN_GRADE_LADDER
from analysis.records.validation import Records

__all__ = [
    "DESTINATION_LEVELS",
    "OTHER",
    "destination_mix",
    "first_and_latest_posts",
    "grade_crosstab",
    "grade_progression",
    "sector_flows",
]

DESTINATION_LEVELS = ("sector", "organisation", "operation", "role_family", "grade", "region",
                      "duty_country_iso3", "mission_kind", "parent_department", "coarse_group")


def _alumni_posts(records: Records, ref: pd.Timestamp) -> pd.DataFrame:
    p = post_term_placements(records, ref)
    return p[p["advisor_id"].isin(alumni(records, ref)["advisor_id"])]


#: Code of the row that pools categories with too few people.
OTHER = "__other__"


def destination_mix(
    records: Records,
    *,
    reference_date: DateLike,
    level: str = "sector",
    post_term_only: bool = True,
    min_people: int = 1,
) -> pd.DataFrame:
    """Posts after the term (started by the reference date) counted by ``level``.

    Returns ``level``, ``placements`` (number of posts) and ``people``
    (distinct alumni with at least one such post), sorted by ``level``. A
    person with posts in two categories counts in both, so ``people`` does not
    add up to the number of alumni. ``post_term_only=False`` counts every post
    started by the reference date (before, during and after the term).

    ``min_people``: categories with fewer people are pooled into one row whose
    ``level`` is :data:`OTHER` (last), counting the *distinct* people of the
    pooled categories and ``categories`` of them; a free-text employer
    written as a person's name is then never a category of its own.
    """
    if level not in DESTINATION_LEVELS:
        raise ValueError(f"level must be one of {DESTINATION_LEVELS}")
    ref = ts(reference_date)
    if post_term_only:
        p = _alumni_posts(records, ref)
    else:
        p = classify_placements(records)
        p = p[p["start"] <= ref]
    p = p.dropna(subset=[level])
    out = (p.groupby(level, sort=True)
           .agg(placements=("placement_id", "size"), people=("advisor_id", "nunique")).reset_index())
    out["categories"] = 1
    small = out["people"] < min_people
    if small.any():
        pooled = p[p[level].isin(out.loc[small, level])]
        other = pd.DataFrame({level: [OTHER], "placements": [len(pooled)],
                              "people": [pooled["advisor_id"].nunique()], "categories": [int(small.sum())]})
        out = pd.concat([out[~small], other], ignore_index=True)
    return out


def first_and_latest_posts(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """One row per alumnus with a post after the term: their first and latest post.

    First = earliest start (ties: overlap priority); latest = latest start on or
    before the reference date (ties: overlap priority). Columns ``first_<x>``
    and ``latest_<x>`` for sector, grade, organisation and role_family, plus
    ``intake_fy``.
    """
    ref = ts(reference_date)
    a = alumni(records, ref).set_index("advisor_id")
    ordered = _alumni_posts(records, ref).sort_values(["advisor_id", "start", "priority"])
    cols = ["sector", "grade", "organisation", "role_family"]
    first = ordered.groupby("advisor_id").first()[cols].add_prefix("first_")
    latest = ordered.groupby("advisor_id").last()[cols].add_prefix("latest_")
    out = first.join(latest)
    out["intake_fy"] = a["intake_fy"].reindex(out.index)
    return out.reset_index()


def sector_flows(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """People by sector of first post after the term (rows) and latest post (columns), sectors in display order."""
    posts = first_and_latest_posts(records, reference_date=reference_date)
    order = records.reference.sectors.index.tolist()
    table = pd.crosstab(posts["first_sector"], posts["latest_sector"])
    present = [s for s in order if s in table.index or s in table.columns]
    return table.reindex(index=present, columns=present, fill_value=0).rename_axis(
        index="first_sector", columns="latest_sector")


def grade_progression(records: Records, *, reference_date: DateLike, by: str | None = "intake_fy") -> pd.DataFrame:
    """Grade at first post vs latest post after the term, on the UN grade ladder.

    Only alumni whose first and latest posts both carry a ladder grade
    (:data:`analysis.records.fields.UN_GRADE_LADDER`, in that order) count.
    Per group: ``people``, ``moved_up``, ``same``, ``moved_down``,
    ``mean_steps`` (ladder positions gained, latest minus first).
    """
    posts = first_and_latest_posts(records, reference_date=reference_date)
    rank = {g: i for i, g in enumerate(UN_GRADE_LADDER)}
    first = posts["first_grade"].map(rank)
    latest = posts["latest_grade"].map(rank)
    ok = first.notna() & latest.notna()
    steps = (latest - first)[ok]
    frame = pd.DataFrame({"steps": steps, "people": 1, "moved_up": (steps > 0).astype(int),
                          "same": (steps == 0).astype(int), "moved_down": (steps < 0).astype(int)})
    columns = keys(by)
    if columns:
        frame[columns] = posts.loc[ok, columns]
    out = group_sum(frame, columns, ["people", "moved_up", "same", "moved_down"])
    sums = group_sum(frame, columns, ["steps"])
    out["mean_steps"] = (sums["steps"] / out["people"].where(out["people"] > 0)).astype("Float64")
    return out


def grade_crosstab(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """People by grade at first post (rows) and latest post (columns), grades in ladder order."""
    posts = first_and_latest_posts(records, reference_date=reference_date)
    table = pd.crosstab(posts["first_grade"], posts["latest_grade"])
    present = [g for g in GRADES if g in table.index or g in table.columns]
    return table.reindex(index=present, columns=present, fill_value=0).rename_axis(
        index="first_grade", columns="latest_grade")
