"""Exhibits of notebook 06: strengthening the Secretariat (objective 2).

Activity rates are published per advisor-year, never as activity counts, and
advisor-years are quoted rounded to whole years. A rate times the
advisor-years still gives the number of activities, so a kind of activity is
shown only when at least k advisors took part in it. Missions are counted in
people; missions with fewer than k advisors are pooled.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.disclosure.ledger import Ledger
from analysis.disclosure.protect import Protected, protect_counts, protect_means
from analysis.disclosure.text import display_order, leader
from analysis.i18n import _, fmt_fiscal_group
from analysis.measures.activities import (
    activities_by_type,
    advisor_years,
    mission_participation,
    outputs_by_period,
    secretariat_outputs,
)
from analysis.measures.destinations import OTHER
from analysis.report.exhibits.base import Draft, Exhibit
from analysis.report.study import Study

__all__ = ["EXHIBITS"]


def _per_year(study: Study, ledger: Ledger, shared: dict) -> Draft:
    outputs = outputs_by_period(study.records, reference_date=study.reference_date,
                                min_advisors=study.policy.threshold, join_running=True)
    frame = pd.DataFrame({
        "period": outputs["period"].astype(str),
        "label": [fmt_fiscal_group(p) + (_(" (to date)") if partial else "")
                  for p, partial in zip(outputs["period"], outputs["is_partial"], strict=True)],
        "per_advisor_year": outputs["per_advisor_year"].astype(float).round(1),
        "advisors": outputs["advisors"].astype("int64"),
    })

    def protect(policy):
        # Five-year periods: one or two advisors serve in some fiscal years, and a yearly average
        # hidden for that reason would itself say so. The number serving stays unpublished.
        table = protect_means(frame, mean_cols="per_advisor_year", n_col="advisors", policy=policy)
        return table.without("advisors").with_meta(csv=True)

    return Draft(frame, protect=protect)


def _overall_rate(study: Study) -> tuple[float, float]:
    years = advisor_years(study.records, reference_date=study.reference_date)
    outputs = secretariat_outputs(study.records, reference_date=study.reference_date, by_type=False)
    total_years = float(years["advisor_years"].sum())
    return (float(outputs["activities"].sum()) / total_years if total_years else float("nan")), total_years


def _describe_per_year(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    overall, total_years = _overall_rate(study)
    shown = np.isfinite(table.values("per_advisor_year")).any()
    title = (_("Each advisor-year produced about {n} Secretariat activities").format(n=f"{overall:.0f}")
             if shown and overall == overall else _("Secretariat activities per advisor-year"))
    return {"title": title, "xlabel": _("five fiscal years (April–March)"), "ylabel": _("activities per advisor-year"),
            "n": _("about {n} advisor-years").format(n=f"{round(total_years):,}"),
            "notes": [_("the period still running is joined to the one before it; a period with fewer than {k} "
                        "advisors is joined to its neighbour").format(k=table.policy.threshold)],
            "overall": overall}


def _by_type(study: Study, ledger: Ledger, shared: dict) -> Draft:
    pooled = activities_by_type(study.records, reference_date=study.reference_date)
    frame = pd.DataFrame({"activity_type": pooled["activity_type"],
                          "label": [study.labels.code("activity_type", t) for t in pooled["activity_type"]],
                          # one decimal: with one denominator for every kind, more digits would
                          # give each kind's number of activities back
                          "per_advisor_year": pooled["per_advisor_year"].astype(float).round(1),
                          "doers": pooled["doers"].astype("int64")})

    def protect(policy):
        # A rate times the advisor-years gives the number of activities: shown only for kinds of
        # activity at least k advisors took part in (the number who did stays unpublished).
        table = protect_means(frame, mean_cols="per_advisor_year", n_col="doers", policy=policy).without("doers")
        table = table.with_meta(csv=True)
        return display_order(table, value="per_advisor_year", label="label")

    return Draft(frame, protect=protect)


def _describe_by_type(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    top = leader(table, value="per_advisor_year", hidden_small=False)  # a hidden average can be anything
    title = (_("{name} is the most frequent activity of advisors").format(name=table.labels("label")[top])
             if top is not None else _("Kinds of Secretariat activity"))
    _overall, total_years = _overall_rate(study)
    return {"title": title, "xlabel": _("activities per advisor-year"), "ylabel": "",
            "n": _("about {n} advisor-years").format(n=f"{round(total_years):,}"),
            "notes": [_("kinds of activity fewer than {k} advisors took part in shown as c").format(
                k=table.policy.threshold)]}


def _missions(study: Study, ledger: Ledger, shared: dict) -> Draft:
    missions = mission_participation(study.records, reference_date=study.reference_date)
    threshold = study.policy.threshold
    labels = []
    for row in missions.itertuples():
        place = study.labels.country(row.country_iso3)
        years = str(row.first_year) if row.first_year == row.last_year else f"{row.first_year}–{row.last_year}"
        kind = study.labels.code("activity_type", row.activity_type)
        if row.operation:
            labels.append(_("{kind}: {place}, {operation} ({years})").format(kind=kind, place=place,
                                                                           operation=row.operation, years=years))
        else:
            labels.append(_("{kind}: {place} ({years})").format(kind=kind, place=place, years=years))
    frame = pd.DataFrame({"mission": labels, "activity_type": missions["activity_type"],
                          "advisors": missions["advisors"].astype("int64")})
    small = frame["advisors"] < threshold
    if small.any():
        act = study.records.activities
        pooled_ids = set()
        for row in missions[small.to_numpy()].itertuples():
            mask = (act["activity_type"] == row.activity_type) & (act["country_iso3"].fillna("") == row.country_iso3) \
                & (act["operation"].fillna("") == row.operation) & (act["start"] <= study.reference_date)
            pooled_ids |= set(act.loc[mask, "advisor_id"])
        other = pd.DataFrame({"mission": [study.labels.other()], "activity_type": [OTHER], "advisors": [len(pooled_ids)]})
        frame = pd.concat([frame[~small], other], ignore_index=True)

    def protect(policy):
        table = protect_counts(frame, count_cols="advisors", policy=policy, totals_known=False)
        return display_order(table, value="advisors", label="mission", last=[OTHER], key="activity_type")

    return Draft(frame, protect=protect)


def _describe_missions(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    codes = table.labels("activity_type")
    top = leader(table, value="advisors", exclude=[i for i, c in enumerate(codes) if c == OTHER], hidden_small=True)
    title = (_("Most advisors took part in: {mission}").format(mission=table.labels("mission")[top])
             if top is not None else _("Government missions advisors took part in"))
    return {"title": title, "xlabel": _("advisors taking part (people)"), "ylabel": "",
            "notes": [_("a person can count in several bars"),
                      _("missions with fewer than {k} advisors pooled into 'Other'").format(k=table.policy.threshold)],
            "empty_message": _("Nothing to show: fewer than {k} advisors took part in any mission.").format(
                k=table.policy.threshold)}


EXHIBITS = [
    Exhibit("06-activities-per-advisor-year", _per_year, _describe_per_year),
    Exhibit("06-activities-by-type", _by_type, _describe_by_type),
    Exhibit("06-missions", _missions, _describe_missions),
]
