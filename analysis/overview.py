"""Descriptive tables of the records: intakes, terms, exits, pooled cohorts, Secretariat missions.

Each returns a tidy table of counts of people (or activities) ready for
:mod:`analysis.disclosure`; nothing here is protected yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.classify import cohort_columns
from analysis.loading import Records
from analysis.measures import DAYS_PER_MONTH, DateLike, advisor_years, alumni, secretariat_outputs

TERM_BANDS = (0, 6.5, 12.5, 18.5, 24.5)
TERM_LABELS = ("up to 6", "7–12", "13–18", "19–24")
POOL_YEARS = 5
FIRST_FISCAL_YEAR = 2005


def intake_counts(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """Advisors appointed (term started by the reference date) per intake fiscal year: ``intake_fy``, ``advisors``."""
    a = cohort_columns(records.advisors)
    a = a[a["term_start"] <= pd.Timestamp(reference_date)]
    return a.groupby("intake_fy", sort=True).size().rename("advisors").reset_index()


def term_length_bands(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """Alumni by term length band (months of 365.25/12 days from term start to term end).

    Bands: up to 6, 7–12, 13–18, 19–24 months; every band listed, empty ones as 0.
    """
    ended = alumni(records, reference_date)
    months = (ended["term_end"] - ended["term_start"]).dt.days / DAYS_PER_MONTH
    bands = pd.cut(months, bins=list(TERM_BANDS), labels=list(TERM_LABELS))
    out = bands.value_counts(sort=False).rename("people").rename_axis("term_months").reset_index()
    out["term_months"] = out["term_months"].astype(str)
    return out


def exit_reasons(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """Alumni by exit reason, most frequent first (ties by name): ``exit_reason``, ``people``."""
    ended = alumni(records, reference_date)
    out = ended["exit_reason"].value_counts().rename("people").rename_axis("exit_reason").reset_index()
    return out.sort_values(["people", "exit_reason"], ascending=[False, True], kind="stable").reset_index(drop=True)


def intake_group(intake_fy: pd.Series, *, years: int = POOL_YEARS, first_year: int = FIRST_FISCAL_YEAR) -> pd.Series:
    """Label of the ``years``-fiscal-year group of each ``FY2008`` label, e.g. ``FY2005–09``."""
    year = intake_fy.str.slice(2, 6).astype(int)
    first = year - (year - first_year) % years
    return "FY" + first.astype(str) + "–" + (first + years - 1).astype(str).str.slice(2, 4)


def pool_intakes(
    table: pd.DataFrame,
    *,
    counts: Sequence[str],
    rates: Mapping[str, tuple[str, str]] | None = None,
    years: int = POOL_YEARS,
    first_year: int = FIRST_FISCAL_YEAR,
) -> pd.DataFrame:
    """Sum a by-``intake_fy`` table of counts into pooled groups of ``years`` fiscal years.

    Small cohorts (about five people a year) cannot be published one by one;
    pooling keeps each group above the disclosure threshold more often.
    ``rates`` maps a new rate column to its (numerator, denominator) count
    columns, recomputed from the pooled counts. A ``window_months`` column, if
    present, is kept as a key. Returns ``cohort`` plus the keys and columns.
    """
    keys = [c for c in ("window_months",) if c in table.columns]
    pooled = (table.assign(cohort=intake_group(table["intake_fy"], years=years, first_year=first_year))
              .groupby([*keys, "cohort"], sort=True)[list(counts)].sum().reset_index())
    for name, (numerator, denominator) in (rates or {}).items():
        pooled[name] = (pooled[numerator] / pooled[denominator].where(pooled[denominator] > 0)).astype("Float64")
    return pooled


def activities_by_type(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """Activities of each type over all fiscal years, per advisor-year served.

    ``activities`` (all years to the reference date), ``advisor_years`` (all
    advisor-years served), ``per_advisor_year`` and ``advisors`` (people
    appointed by the reference date: the n behind the average). Most frequent first.
    """
    by_type = secretariat_outputs(records, reference_date=reference_date, by_type=True)
    total_years = float(advisor_years(records, reference_date=reference_date)["advisor_years"].sum())
    out = by_type.groupby("activity_type", as_index=False)["activities"].sum()
    out["advisor_years"] = total_years
    out["per_advisor_year"] = (out["activities"] / total_years if total_years else float("nan"))
    out["advisors"] = int((records.advisors["term_start"] <= pd.Timestamp(reference_date)).sum())
    return out.sort_values(["per_advisor_year", "activity_type"], ascending=[False, True], kind="stable").reset_index(drop=True)


def mission_participation(
    records: Records,
    *,
    reference_date: DateLike,
    types: Sequence[str] = ("election_observation", "mission_support"),
) -> pd.DataFrame:
    """People and activities per mission (activity type, country, operation).

    ``advisors`` (distinct people), ``activities``, ``first_year`` and
    ``last_year`` (calendar years of the starts), for activities starting by the
    reference date. ``operation`` is ``(none)`` when not linked to an operation.
    """
    act = records.activities
    act = act[act["activity_type"].isin(list(types)) & (act["start"] <= pd.Timestamp(reference_date))]
    act = act.assign(year=act["start"].dt.year.astype(str), operation=act["operation"].fillna("(none)"))
    return (act.groupby(["activity_type", "country_iso3", "operation"], sort=True)
            .agg(advisors=("advisor_id", "nunique"), activities=("activity_id", "size"),
                 first_year=("year", "min"), last_year=("year", "max")).reset_index())
