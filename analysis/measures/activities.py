"""Objective 2, strengthening the Secretariat: activities per advisor-year, by type and mission.

Activities are counted where they start; advisor-years are days served in
each Japanese fiscal year (April-March) / 365.25, terms clipped to the
reference date. A fiscal year still running on the reference date is
flagged ``is_partial``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.measures._common import DateLike, ts
from analysis.measures.cohorts import group_years
from analysis.records.fields import ACTIVITY_TYPES
from analysis.records.fiscal import (
    fiscal_year,
    fiscal_year_end,
    fiscal_year_groups,
    fiscal_year_start,
    is_partial_fiscal_year,
)
from analysis.records.validation import Records

__all__ = ["activities_by_type", "advisor_years", "mission_participation", "outputs_by_period", "secretariat_outputs"]

DAYS_PER_YEAR = 365.25


def advisor_years(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """Advisor-years served per fiscal year: days in post within the FY / 365.25.

    Terms are clipped to the reference date (serving advisors count up to it).
    Returns ``fiscal_year`` (int), ``advisors`` (people serving at some point
    in the FY), ``advisor_years`` and ``is_partial`` (the FY had not ended on
    the reference date).
    """
    ref = ts(reference_date)
    spans = _served_by_fiscal_year(records, ref)
    if spans.empty:
        return pd.DataFrame({"fiscal_year": pd.Series(dtype=int), "advisors": pd.Series(dtype=int),
                             "advisor_years": pd.Series(dtype=float), "is_partial": pd.Series(dtype=bool)})
    out = spans.groupby("fy").agg(advisors=("advisor_id", "nunique"), advisor_years=("advisor_years", "sum")).reset_index()
    out = out.rename(columns={"fy": "fiscal_year"})
    out["is_partial"] = [is_partial_fiscal_year(int(y), ref) for y in out["fiscal_year"]]
    return out


def _served_by_fiscal_year(records: Records, ref: pd.Timestamp) -> pd.DataFrame:
    """One row per advisor and fiscal year served: ``advisor_id``, ``fy``, ``advisor_years`` (days / 365.25)."""
    a = records.advisors
    a = a[a["term_start"] <= ref]
    end = a["term_end"].fillna(ref).clip(upper=ref)
    first_fy, last_fy = fiscal_year(a["term_start"]), fiscal_year(end)
    spans = pd.DataFrame({
        "advisor_id": a["advisor_id"], "start": a["term_start"], "end": end,
        "fy": [list(range(int(f), int(t) + 1)) for f, t in zip(first_fy, last_fy, strict=True)],
    }).explode("fy")
    if spans.empty:
        return pd.DataFrame({"advisor_id": pd.Series(dtype=object), "fy": pd.Series(dtype=int),
                             "advisor_years": pd.Series(dtype=float)})
    spans["fy"] = spans["fy"].astype(int)
    fy_start = pd.to_datetime(spans["fy"].map(fiscal_year_start))
    fy_end = pd.to_datetime(spans["fy"].map(fiscal_year_end))
    first = spans["start"].where(spans["start"] > fy_start, fy_start)
    last = spans["end"].where(spans["end"] < fy_end, fy_end)
    spans["advisor_years"] = ((last - first).dt.days + 1).clip(lower=0) / DAYS_PER_YEAR
    return spans[["advisor_id", "fy", "advisor_years"]].reset_index(drop=True)


def outputs_by_period(records: Records, *, reference_date: DateLike, width: int = 5,
                      first_year: int = 2005, min_advisors: int = 1, join_running: bool = False) -> pd.DataFrame:
    """Secretariat activities per advisor-year by period of ``width`` fiscal years.

    One or two advisors serve in some fiscal years, so the yearly average is
    pooled: ``period`` (``FY2005–09``), ``activities`` (starting in the period,
    on or before the reference date), ``advisor_years`` (days served in the
    period / 365.25, terms clipped to the reference date), ``advisors``
    (distinct people serving at some point in the period: the n behind the
    average), ``per_advisor_year = activities / advisor_years`` and
    ``is_partial`` (the period's last fiscal year had not ended on the
    reference date). Periods with nobody serving are left out. A period with
    fewer than ``min_advisors`` people serving is joined to the period before
    it (the first to the one after), ``FY2020–29``: pooled, not hidden, since a
    hidden average would itself say that few served. With ``join_running`` the
    period still running on the reference date is always joined to the one
    before, whatever its size, so that joining it says nothing about how many
    serve now (a reader can bound that from the people appointed and those
    whose terms ended).
    """
    ref = ts(reference_date)
    spans = _served_by_fiscal_year(records, ref)
    columns = ["period", "activities", "advisor_years", "advisors", "per_advisor_year", "is_partial"]
    if spans.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    spans["period"] = fiscal_year_groups(spans["fy"], width=width, first_year=first_year)
    act = records.activities[records.activities["start"] <= ref]
    act_periods = fiscal_year_groups(fiscal_year(act["start"]).astype(int), width=width, first_year=first_year)

    def join(a: str, b: str) -> None:
        nonlocal act_periods
        joined = f"{a[:6]}–{b[-2:]}"
        spans["period"] = spans["period"].replace({a: joined, b: joined})
        act_periods = act_periods.replace({a: joined, b: joined})

    order = sorted(spans["period"].unique())
    if join_running and len(order) >= 2 and is_partial_fiscal_year(group_years(order[-1])[1], ref):
        join(order[-2], order[-1])
    while True:
        people = spans.groupby("period", sort=True)["advisor_id"].nunique()
        small = [p for p in people.index if people[p] < min_advisors]
        if not small or len(people) < 2:
            break
        order = list(people.index)
        at = order.index(small[0])
        join(*((order[at - 1], order[at]) if at > 0 else (order[0], order[1])))
    served = spans.groupby("period", sort=True).agg(advisors=("advisor_id", "nunique"),
                                                     advisor_years=("advisor_years", "sum"))
    served["activities"] = act_periods.value_counts().reindex(served.index, fill_value=0).astype("int64")
    out = served.reset_index()
    out["per_advisor_year"] = (out["activities"] / out["advisor_years"].where(out["advisor_years"] > 0)).astype("Float64")
    out["is_partial"] = [is_partial_fiscal_year(group_years(str(p))[1], ref) for p in out["period"]]
    return out[columns]



def secretariat_outputs(records: Records, *, reference_date: DateLike, by_type: bool = True) -> pd.DataFrame:
    """Activities per advisor-year by fiscal year (and activity type).

    Numerator ``activities``: activities starting in the fiscal year (on or
    before the reference date). Denominator ``advisor_years`` from
    :func:`advisor_years`. ``per_advisor_year = activities / advisor_years``.
    Every fiscal year with advisors appears; types with no activity show 0.
    """
    ref = ts(reference_date)
    years = advisor_years(records, reference_date=ref)
    act = records.activities[records.activities["start"] <= ref]
    act = act.assign(fiscal_year=fiscal_year(act["start"]))
    if by_type:
        grid = pd.MultiIndex.from_product([years["fiscal_year"], ACTIVITY_TYPES], names=["fiscal_year", "activity_type"])
        counts = (act.groupby(["fiscal_year", "activity_type"]).size()
                  .reindex(grid, fill_value=0).rename("activities").reset_index())
    else:
        counts = (act.groupby("fiscal_year").size().reindex(years["fiscal_year"], fill_value=0)
                  .rename("activities").reset_index())
    out = counts.merge(years, on="fiscal_year", how="left")
    out["per_advisor_year"] = (out["activities"] / out["advisor_years"].where(out["advisor_years"] > 0)).astype("Float64")
    return out


def activities_by_type(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """Activities of each type over all fiscal years, per advisor-year served.

    ``activities`` (all years to the reference date), ``advisor_years`` (all
    advisor-years served), ``per_advisor_year``, ``advisors`` (people
    appointed by the reference date: the n behind the average) and ``doers``
    (advisors with at least one activity of the type). One row per activity
    type in :data:`~analysis.records.fields.ACTIVITY_TYPES` order.
    """
    by_type = secretariat_outputs(records, reference_date=reference_date, by_type=True)
    total_years = float(advisor_years(records, reference_date=reference_date)["advisor_years"].sum())
    out = (by_type.groupby("activity_type", sort=False)["activities"].sum()
           .reindex(list(ACTIVITY_TYPES), fill_value=0).rename_axis("activity_type").reset_index())
    out["advisor_years"] = total_years
    out["per_advisor_year"] = (out["activities"] / total_years if total_years else float("nan"))
    out["advisors"] = int((records.advisors["term_start"] <= ts(reference_date)).sum())
    act = records.activities[records.activities["start"] <= ts(reference_date)]
    doers = act.groupby("activity_type")["advisor_id"].nunique()
    out["doers"] = out["activity_type"].map(doers).fillna(0).astype("int64")
    return out


def mission_participation(
    records: Records,
    *,
    reference_date: DateLike,
    types: Sequence[str] = ("election_observation", "mission_support"),
) -> pd.DataFrame:
    """People and activities per mission (activity type, country, operation).

    ``advisors`` (distinct people), ``activities``, ``first_year`` and
    ``last_year`` (calendar years of the starts, int), for activities
    starting by the reference date. ``operation`` is empty text when the
    activity is not linked to an operation.
    """
    act = records.activities
    act = act[act["activity_type"].isin(list(types)) & (act["start"] <= ts(reference_date))]
    act = act.assign(year=act["start"].dt.year.astype(int), operation=act["operation"].fillna(""),
                     country_iso3=act["country_iso3"].fillna(""))
    return (act.groupby(["activity_type", "country_iso3", "operation"], sort=True)
            .agg(advisors=("advisor_id", "nunique"), activities=("activity_id", "size"),
                 first_year=("year", "min"), last_year=("year", "max")).reset_index())
