"""Classifying placements and working out each person's status on a date.

Status rule (shared with :mod:`analysis.sequences.careers`)
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

import weakref

import numpy as np
import pandas as pd

from analysis.records.fiscal import intake_fiscal_year, intake_half
from analysis.records.validation import Records

ADVISOR = "advisor"
NO_POST = "no_post"
UNKNOWN = "unknown"

#: One classification per Records object; an entry goes when its records are collected.
_CLASSIFIED: weakref.WeakKeyDictionary[Records, pd.DataFrame] = weakref.WeakKeyDictionary()

MISSION_KIND_LABELS = {
    "peacekeeping": "UN peacekeeping operation",
    "political": "UN special political mission",
}


def classify_placements(records: Records) -> pd.DataFrame:
    """Every placement with its classification.

    Adds: ``is_in_field`` (from ``sectors.csv``), ``coarse_group``,
    ``mission_kind`` (``peacekeeping`` / ``political`` / ``support`` for
    operations, else ``agency`` for other UN sectors, ``other``),
    ``parent_department`` (the operation's lead department when the post
    started: DPKO/DPA/DFS before 2019, DPO/DPPA/DOS from 2019), ``region`` of
    the duty country,
    ``end_effective`` (last day covered: ``end``, the end of its month for a
    month-precision end, or ``history_confirmed_on`` when in post),
    ``is_post_term`` (held on some day after the term ended: ``end_effective >
    term_end``; a post wholly inside the term, or any post of an advisor still
    serving, is False), ``outcome_start`` (the day the post starts counting as
    an outcome: ``max(start, term_end + 1 day)``) and ``priority`` (see the
    module docstring).
    The result is computed once per :class:`Records` object (records are
    immutable once loaded) and callers get a copy.
    """
    cached = _CLASSIFIED.get(records)
    if cached is not None:
        return cached.copy()
    ref = records.reference
    p = records.placements.copy()
    sectors = ref.sectors
    p["is_in_field"] = p["sector"].map(sectors["is_in_field"]).fillna(False).astype(bool)
    p["coarse_group"] = p["sector"].map(sectors["coarse_group"]).astype("string")
    ops = ref.operations
    kind = p["operation"].map(ops["kind"])
    un_other = p["sector"].isin(["un_secretariat", "un_fund_programme", "un_specialised_agency"])
    p["mission_kind"] = kind.where(kind.notna(), np.where(un_other, "agency", "other")).astype("string")
    p["parent_department"] = ref.department_at(p["operation"], p["start"]).astype("string")
    p["region"] = p["duty_country_iso3"].map(ref.countries["region"]).astype("string")
    advisors = records.advisors.set_index("advisor_id")
    confirmed = p["advisor_id"].map(advisors["history_confirmed_on"])
    month_end = p["end"] + pd.offsets.MonthEnd(0)
    end = p["end"].where(~p.get("end_month_only", False).astype(bool), month_end)
    p["end_effective"] = end.where(p["end"].notna(), confirmed)
    term_end = p["advisor_id"].map(advisors["term_end"])
    p["is_post_term"] = (term_end.notna() & (p["end_effective"] > term_end)).astype(bool)
    after_term = term_end + pd.Timedelta(days=1)
    p["outcome_start"] = p["start"].where(p["start"] > after_term, after_term).where(p["is_post_term"])
    p["priority"] = placement_priority(p)
    _CLASSIFIED[records] = p
    return p.copy()


def post_term_placements(records: Records, reference_date: pd.Timestamp) -> pd.DataFrame:
    """Placements that count as outcomes on ``reference_date``: the one definition of "after the term".

    A placement counts when it is held on some day after the advisor's term
    ended (``end_effective > term_end``: this includes a post that started
    during the term and runs past its end, whose outcome starts the day after
    the term, time 0) and it started on or before ``reference_date``. A post
    wholly inside the term is a concurrent activity, not an outcome; a post of
    an advisor still serving never counts. Used by the ever-in-field rate, the
    2013 figure, time to first post, retention, destinations and progression;
    the status rule and the sequences agree because they read the state on
    dates after the term.
    """
    p = classify_placements(records)
    return p[p["is_post_term"] & (p["start"] <= pd.Timestamp(reference_date))]


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
    return advisors.assign(intake_fy=intake_fiscal_year(advisors["intake"]), intake_half=intake_half(advisors["intake"]))
