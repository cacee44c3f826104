"""Classifying placements and working out each person's status on a date.

Status rule (shared with :mod:`analysis.career_sequences`)
----------------------------------------------------------
On a date ``d`` a person is:

* ``advisor`` while serving (``term_start <= d <= term_end``; no ``term_end`` =
  still serving);
* ``unknown`` after ``history_confirmed_on`` (their history is not known to be
  complete beyond it);
* otherwise the **sector** of the placement that covers ``d`` (``start <= d <=
  end``; an empty ``end`` means in post up to ``history_confirmed_on``; a
  month-precision ``end`` covers its whole month), or ``no_post`` when none does.

Overlapping placements: when several placements cover ``d``, the one with the
highest :func:`placement_priority` wins: an **in-field** placement beats one
outside the field; then the **later start** wins (the newer job); then the
**lower placement_id** (a fixed, arbitrary tie-break so results never depend on
row order).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.loading import Records

ADVISOR = "advisor"
NO_POST = "no_post"
UNKNOWN = "unknown"

MISSION_KIND_LABELS = {
    "peacekeeping": "UN peacekeeping operation",
    "political": "UN special political mission",
}


def classify_placements(records: Records) -> pd.DataFrame:
    """Every placement with its classification.

    Adds: ``is_in_field`` (from ``sectors.csv``), ``coarse_group``,
    ``mission_kind`` (``peacekeeping`` / ``political`` for operations, else
    ``agency`` for other UN sectors, ``other``), ``parent_department`` (DPO for
    peacekeeping, DPPA for political missions), ``region`` of the duty country,
    ``end_effective`` (last day covered: ``end``, the end of its month for a
    month-precision end, or ``history_confirmed_on`` when in post), ``is_post_term``
    (starts on or after the term start) and ``priority`` (see module docstring).
    The result is cached on ``records`` while its frames are the same objects.
    """
    key = (id(records.placements), id(records.advisors), id(records.reference))
    cached = records.__dict__.get("_classified")
    if cached is not None and cached[0] == key:
        return cached[1].copy()
    ref = records.reference
    p = records.placements.copy()
    sectors = ref.sectors
    p["is_in_field"] = p["sector"].map(sectors["is_in_field"]).fillna(False).astype(bool)
    p["coarse_group"] = p["sector"].map(sectors["coarse_group"]).astype("string")
    ops = ref.operations
    kind = p["operation"].map(ops["kind"])
    un_other = p["sector"].isin(["un_secretariat", "un_fund_programme", "un_specialised_agency"])
    p["mission_kind"] = kind.where(kind.notna(), np.where(un_other, "agency", "other")).astype("string")
    p["parent_department"] = p["operation"].map(ops["parent_department"]).astype("string")
    p["region"] = p["duty_country_iso3"].map(ref.countries["region"]).astype("string")
    advisors = records.advisors.set_index("advisor_id")
    confirmed = p["advisor_id"].map(advisors["history_confirmed_on"])
    month_end = p["end"] + pd.offsets.MonthEnd(0)
    end = p["end"].where(~p.get("end_month_only", False).astype(bool), month_end)
    p["end_effective"] = end.where(p["end"].notna(), confirmed)
    p["is_post_term"] = p["start"] >= p["advisor_id"].map(advisors["term_start"])
    p["priority"] = placement_priority(p)
    # Measures call this several times on the same records: keep one result per
    # records object (a new placements/advisors frame gives a new key). Callers
    # get a copy, so changing it cannot change the cache.
    records.__dict__["_classified"] = (key, p)
    return p.copy()


def placement_priority(placements: pd.DataFrame) -> np.ndarray:
    """Rank of each placement under the overlap rule: larger wins.

    Order: in-field before not in-field, then later ``start``, then lower
    ``placement_id``. Returns integers 0..n-1 aligned with ``placements``.
    """
    order = np.lexsort((
        -pd.factorize(placements["placement_id"], sort=True)[0],  # lower id wins -> larger rank
        placements["start"].to_numpy().astype("datetime64[D]").astype(np.int64),
        placements["is_in_field"].to_numpy().astype(int),
    ))
    rank = np.empty(len(placements), dtype=np.int64)
    rank[order] = np.arange(len(placements))
    return rank


def status_on(records: Records, dates: pd.Series, placements: pd.DataFrame | None = None) -> pd.DataFrame:
    """Status of each advisor on one date each.

    ``dates`` is a datetime Series indexed by ``advisor_id`` (NaT allowed: the
    status is then missing). Returns a DataFrame indexed like ``dates`` with
    ``date``, ``state`` (``advisor``, a sector code, ``no_post`` or ``unknown``),
    ``is_known``, ``is_in_field`` and the winning ``placement_id``.
    """
    p = classify_placements(records) if placements is None else placements
    advisors = records.advisors.set_index("advisor_id")
    out = pd.DataFrame({"date": dates})
    term_start = dates.index.map(advisors["term_start"])
    term_end = dates.index.map(advisors["term_end"])
    confirmed = dates.index.map(advisors["history_confirmed_on"])
    serving = (dates >= term_start) & ((dates <= term_end) | pd.isna(term_end))
    unknown = ~serving & (dates > confirmed)
    # Candidate placements covering the date, resolved by priority.
    cand = p[["advisor_id", "start", "end_effective", "sector", "is_in_field", "priority", "placement_id"]].merge(
        pd.DataFrame({"advisor_id": dates.index, "date": dates.to_numpy()}).dropna(), on="advisor_id"
    )
    cand = cand[(cand["start"] <= cand["date"]) & (cand["date"] <= cand["end_effective"])]
    best = cand.sort_values("priority").drop_duplicates("advisor_id", keep="last").set_index("advisor_id")
    state = pd.Series(NO_POST, index=dates.index, dtype="string")
    state.loc[best.index] = best["sector"]
    state = state.mask(serving, ADVISOR).mask(unknown, UNKNOWN).mask(dates.isna())
    out["state"] = state
    out["is_known"] = (state.notna() & (state != UNKNOWN)).astype(bool)
    in_field = set(records.reference.in_field_sectors)
    out["is_in_field"] = state.isin(list(in_field)).fillna(False).astype(bool)
    out["placement_id"] = best["placement_id"].reindex(dates.index)
    return out


def cohort_columns(advisors: pd.DataFrame) -> pd.DataFrame:
    """Advisors with ``intake_fy`` (``FY2008``) and ``intake_half`` (``H1``/``H2``) added."""
    return advisors.assign(
        intake_fy=advisors["intake"].str.slice(0, 6),
        intake_half=advisors["intake"].str.slice(7, 9),
    )
