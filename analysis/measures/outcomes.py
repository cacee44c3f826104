"""Outcome rates against the fostering objective: windows, ever, currently in the field.

Every function takes the validated :class:`~analysis.records.Records` and a
``reference_date`` and returns a tidy DataFrame whose numerators and
denominators are columns (never a bare percentage), unprotected: disclosure
control is applied by the publication layer (:mod:`analysis.disclosure`).
``by`` groups by cohort columns (``intake_fy``, ``intake_half``, ``intake``)
or any advisor column.

Definitions (DESIGN.md, "Measures against the fostering objective")
-------------------------------------------------------------------
*Alumni*: advisors whose ``term_end`` is on or before the reference date.
*In the field*: in a sector flagged ``is_in_field`` in ``sectors.csv``.
*Status* on a date: :func:`analysis.measures.status.status_on`.
*After the term*: a post held on any day after ``term_end``, including one
that started during the term and runs past its end (time 0); a post wholly
inside the term is a concurrent activity, never an outcome
(:func:`analysis.measures.status.post_term_placements`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.config import CURRENT_STATUS_MONTHS, DEFAULT_WINDOWS_MONTHS, PUBLISHED_2013_DATE
from analysis.measures._common import DateLike, add_months, group_sum, keys, rate, ts
from analysis.measures.status import (
    classify_placements,
    cohort_columns,
    post_term_placements,
    status_on,
)
from analysis.records.validation import Records

__all__ = [
    "alumni",
    "currently_in_field",
    "ever_in_field",
    "fostering_summary",
    "knowledge_and_in_field_rates",
]


def alumni(records: Records, reference_date: DateLike) -> pd.DataFrame:
    """Advisors whose term ended on or before ``reference_date``, with cohort columns."""
    a = cohort_columns(records.advisors)
    return a[a["term_end"].notna() & (a["term_end"] <= ts(reference_date))].reset_index(drop=True)


def knowledge_and_in_field_rates(
    records: Records,
    *,
    reference_date: DateLike,
    windows: Sequence[int] = DEFAULT_WINDOWS_MONTHS,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Knowledge rate and in-field rate at ``T`` calendar months after term end.

    For each window ``T`` (months) and group:

    * ``alumni``: term ended on or before the reference date;
    * ``window_open``: alumni whose ``term_end + T months`` is after the
      reference date; excluded from both rates (counted here so none vanish);
    * ``eligible``: ``alumni - window_open`` (denominator of the knowledge rate);
    * ``known``: eligible alumni whose status on ``term_end + T`` is known
      (``history_confirmed_on`` on or after that date);
    * ``in_field``: known alumni in the field on that date;
    * ``knowledge_rate = known / eligible``; ``in_field_rate = in_field / known``.
    """
    ref = ts(reference_date)
    a = alumni(records, ref).set_index("advisor_id")
    placements = classify_placements(records)
    columns = keys(by)
    rows = []
    for months in windows:
        when = add_months(a["term_end"], int(months))
        closed = when <= ref
        status = status_on(records, when.where(closed), placements)
        frame = a[columns].copy() if columns else pd.DataFrame(index=a.index)
        frame["alumni"] = 1
        frame["window_open"] = (~closed).astype(int)
        frame["eligible"] = closed.astype(int)
        frame["known"] = (closed & status["is_known"]).astype(int)
        frame["in_field"] = (closed & status["is_known"] & status["is_in_field"]).astype(int)
        summed = group_sum(frame, columns, ["alumni", "window_open", "eligible", "known", "in_field"])
        summed.insert(0, "window_months", int(months))
        rows.append(summed)
    out = pd.concat(rows, ignore_index=True)
    out["knowledge_rate"] = rate(out["known"], out["eligible"])
    out["in_field_rate"] = rate(out["in_field"], out["known"])
    out.insert(0, "reference_date", ref.date().isoformat())
    return out


def ever_in_field(
    records: Records, *, reference_date: DateLike, by: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Alumni who have held an in-field post after the term, up to the reference date.

    ``ever_in_field / alumni``: the form of the one published figure (about 40%
    of the 34 who had finished by 2013-05-31, cumulative, no window). A post
    counts when it is held after the term (see the module docstring) and
    started on or before the reference date. ``knowledge_rate`` alongside:
    alumni whose history is confirmed within the 12 months before the
    reference date / alumni (an alumnus not confirmed recently may have had a
    post we do not know).
    """
    ref = ts(reference_date)
    a = alumni(records, ref)
    p = post_term_placements(records, ref)
    placed = set(p.loc[p["is_in_field"], "advisor_id"])
    frame = a[keys(by)].copy()
    frame["alumni"] = 1
    frame["ever_in_field"] = a["advisor_id"].isin(placed).astype(int)
    recent = add_months(pd.Series([ref]), -CURRENT_STATUS_MONTHS).iloc[0]
    frame["confirmed_last_12_months"] = (a["history_confirmed_on"] >= recent).astype(int)
    out = group_sum(frame, keys(by), ["alumni", "ever_in_field", "confirmed_last_12_months"])
    out["ever_in_field_rate"] = rate(out["ever_in_field"], out["alumni"])
    out["knowledge_rate"] = rate(out["confirmed_last_12_months"], out["alumni"])
    out.insert(0, "reference_date", ref.date().isoformat())
    return out


def currently_in_field(
    records: Records, *, reference_date: DateLike, by: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Alumni in the field on their latest confirmation, among those confirmed in the last 12 months.

    Denominator ``confirmed``: alumni whose ``history_confirmed_on`` lies within
    the 12 months before the reference date (MOFA peacebuilding-programme
    practice: status confirmed in the last year). Their status is read on
    ``min(reference_date, history_confirmed_on)``, the latest date it is known.
    ``knowledge_rate = confirmed / alumni``.
    """
    ref = ts(reference_date)
    a = alumni(records, ref).set_index("advisor_id")
    recent = a["history_confirmed_on"] >= add_months(pd.Series([ref]), -CURRENT_STATUS_MONTHS).iloc[0]
    when = a["history_confirmed_on"].clip(upper=ref).where(recent)
    status = status_on(records, when)
    frame = a[keys(by)].copy() if by else pd.DataFrame(index=a.index)
    frame["alumni"] = 1
    frame["confirmed"] = recent.astype(int)
    frame["in_field"] = (recent & status["is_in_field"]).astype(int)
    out = group_sum(frame, keys(by), ["alumni", "confirmed", "in_field"])
    out["in_field_rate"] = rate(out["in_field"], out["confirmed"])
    out["knowledge_rate"] = rate(out["confirmed"], out["alumni"])
    out.insert(0, "reference_date", ref.date().isoformat())
    return out


def fostering_summary(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """Ever in the field (to the reference date and to 2013-05-31) and currently in the field.

    One row per measure, ``measure`` being ``ever_in_field``,
    ``ever_in_field_2013`` or ``currently_in_field``, with ``reference_date``,
    ``people`` (numerator), ``of`` (denominator: alumni, alumni by
    2013-05-31, alumni confirmed in the last 12 months), ``rate`` and the
    knowledge rate's ``known`` / ``known_of`` (confirmed in the last 12
    months / alumni; for the 2013 row, as of 2013-05-31).
    """
    ever = ever_in_field(records, reference_date=reference_date).iloc[0]
    then = ever_in_field(records, reference_date=PUBLISHED_2013_DATE).iloc[0]
    now = currently_in_field(records, reference_date=reference_date).iloc[0]
    ref = ts(reference_date).date().isoformat()
    rows = [
        ("ever_in_field", ref, ever["ever_in_field"], ever["alumni"], ever["confirmed_last_12_months"], ever["alumni"]),
        ("ever_in_field_2013", PUBLISHED_2013_DATE, then["ever_in_field"], then["alumni"],
         then["confirmed_last_12_months"], then["alumni"]),
        ("currently_in_field", ref, now["in_field"], now["confirmed"], now["confirmed"], now["alumni"]),
    ]
    out = pd.DataFrame(rows, columns=["measure", "reference_date", "people", "of", "known", "known_of"])
    for column in ("people", "of", "known", "known_of"):
        out[column] = out[column].astype("int64")
    out["rate"] = rate(out["people"], out["of"])
    return out
