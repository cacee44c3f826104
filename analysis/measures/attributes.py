"""One row per advisor: every outcome the headline measures count, person by person.

The headline table (:mod:`analysis.measures.headline`), the cohort tables and
the disclosure model all count the same people; this table is the per-person
form of their definitions, so a count of any of them is a sum over its rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.config import CURRENT_STATUS_MONTHS, DEFAULT_WINDOWS_MONTHS, PUBLISHED_2013_DATE
from analysis.measures._common import DateLike, add_months, months_between, ts
from analysis.measures.cohorts import TERM_BANDS
from analysis.measures.status import (
    classify_placements,
    cohort_columns,
    post_term_placements,
    status_on,
)
from analysis.records.validation import Records

__all__ = ["WINDOW_STATES", "person_outcomes"]

#: Status of an alumnus at a window: not yet reached, reached but not known, known outside, known in the field.
WINDOW_STATES = ("open", "unknown", "out", "in")


def _ever_and_recent(records: Records, ref: pd.Timestamp, ids: pd.Index) -> tuple[pd.Series, pd.Series]:
    advisors = records.advisors.set_index("advisor_id").reindex(ids)
    p = post_term_placements(records, ref)
    placed = set(p.loc[p["is_in_field"], "advisor_id"])
    ever = pd.Series(ids.isin(placed), index=ids)
    recent_from = add_months(pd.Series([ref]), -CURRENT_STATUS_MONTHS).iloc[0]
    recent = advisors["history_confirmed_on"] >= recent_from
    return ever, recent.fillna(False).astype(bool)


def person_outcomes(records: Records, *, reference_date: DateLike,
                    windows: Sequence[int] = DEFAULT_WINDOWS_MONTHS) -> pd.DataFrame:
    """Per advisor appointed by the reference date: term, exit and every headline outcome.

    Columns: ``intake_fy``; ``is_alumnus`` (term ended on or before the
    reference date); ``term_band`` (upper edge of the term-length band in
    months, :data:`~analysis.measures.cohorts.TERM_BANDS`) and ``exit_reason``
    (alumni); ``status_<T>`` for each window T (:data:`WINDOW_STATES`: the
    window has not closed, its status is unknown, known outside the field,
    known in the field; alumni only); ``ever_in_field``,
    ``confirmed_recently`` (history confirmed within the 12 months before the
    reference date) and ``currently_in_field`` (alumni); ``alumnus_2013``,
    ``ever_in_field_2013`` and ``confirmed_2013`` (the same as of 2013-05-31).
    Summing a column over the rows gives the headline's numerators and
    denominators (``tests/test_measures.py`` checks it).
    """
    ref = ts(reference_date)
    a = cohort_columns(records.advisors)
    a = a[a["term_start"] <= ref].set_index("advisor_id").sort_index()
    ids = a.index
    alum = a["term_end"].notna() & (a["term_end"] <= ref)
    out = pd.DataFrame({"intake_fy": a["intake_fy"], "is_alumnus": alum}, index=ids)
    months = months_between(a["term_start"], a["term_end"] + pd.Timedelta(days=1))
    bands = pd.cut(months, bins=[0, *TERM_BANDS], labels=list(TERM_BANDS), include_lowest=True)
    out["term_band"] = pd.array(bands.astype("float").where(alum), dtype="Int64")
    out["exit_reason"] = a["exit_reason"].where(alum).astype("string")
    placements = classify_placements(records)
    for window in windows:
        when = add_months(a["term_end"], int(window))
        closed = alum & (when <= ref)
        status = status_on(records, when.where(closed), placements)
        state = pd.Series("open", index=ids, dtype="string")
        state[closed] = "unknown"
        state[closed & status["is_known"]] = "out"
        state[closed & status["is_known"] & status["is_in_field"]] = "in"
        out[f"status_{int(window)}"] = state.where(alum)
    ever, recent = _ever_and_recent(records, ref, ids)
    out["ever_in_field"] = ever & alum
    out["confirmed_recently"] = recent & alum
    when = a["history_confirmed_on"].clip(upper=ref).where(out["confirmed_recently"])
    now = status_on(records, when, placements)
    out["currently_in_field"] = out["confirmed_recently"] & now["is_in_field"].fillna(False).astype(bool)
    then = ts(PUBLISHED_2013_DATE)
    alum_then = a["term_end"].notna() & (a["term_end"] <= then)
    ever_then, recent_then = _ever_and_recent(records, then, ids)
    out["alumnus_2013"] = alum_then
    out["ever_in_field_2013"] = ever_then & alum_then
    out["confirmed_2013"] = recent_then & alum_then
    return out
