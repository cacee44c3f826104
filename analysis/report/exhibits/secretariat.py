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

from analysis.disclosure.model import POOL, Family
from analysis.disclosure.protect import Protected
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
from analysis.report.exhibits.base import Draft, Exhibit, FamilyRef, Publication
from analysis.report.people import appointed
from analysis.report.study import Study

__all__ = ["EXHIBITS"]


def _per_year(study: Study, pub: Publication) -> Draft:
    # Five-year periods, the one still running joined to the one before (by the calendar, not by size).
    outputs = outputs_by_period(study.records, reference_date=study.reference_date, min_advisors=1,
                                join_running=True)
    frame = pd.DataFrame({
        "period": outputs["period"].astype(str),
        "label": [fmt_fiscal_group(p) + (_(" (to date)") if partial else "")
                  for p, partial in zip(outputs["period"], outputs["is_partial"], strict=True)],
        "per_advisor_year": outputs["per_advisor_year"].astype(float),
    })
    # activities / advisor-years: the activities it implies span at least k (advisor-years stay unpublished)
    return Draft(frame, statistics={"per_advisor_year": outputs["advisor_years"].to_numpy(dtype=float)},
                 meta={"csv": True})


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


def _by_type(study: Study, pub: Publication) -> Draft:
    pooled = activities_by_type(study.records, reference_date=study.reference_date)
    _overall, total_years = _overall_rate(study)
    frame = pd.DataFrame({"activity_type": pooled["activity_type"],
                          "label": [study.labels.code("activity_type", t) for t in pooled["activity_type"]],
                          "per_advisor_year": pooled["per_advisor_year"].astype(float)})
    # one denominator for every kind: the precision keeps each kind's number of activities at least k wide
    return Draft(frame, statistics={"per_advisor_year": np.full(len(frame), total_years)}, meta={"csv": True},
                 finish=lambda t: display_order(t, value="per_advisor_year", label="label"))


def _describe_by_type(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    top = leader(table, value="per_advisor_year", hidden_small=False)  # a hidden average can be anything
    title = (_("{name} is the most frequent activity of advisors").format(name=table.labels("label")[top])
             if top is not None else _("Kinds of Secretariat activity"))
    _overall, total_years = _overall_rate(study)
    return {"title": title, "xlabel": _("activities per advisor-year"), "ylabel": "",
            "n": _("about {n} advisor-years").format(n=f"{round(total_years):,}"),
            "notes": [_("rates rounded to {step} per advisor-year").format(
                step=f"{table.meta['precision']['per_advisor_year'] or 1:g}")]}


def _missions(study: Study, pub: Publication) -> Draft:
    """Advisors per government mission: a person can take part in several (an open list: a family)."""
    missions = mission_participation(study.records, reference_date=study.reference_date)
    threshold = study.policy.threshold
    act = study.records.activities
    index = pub.people.frame.index
    labels, members = [], {}
    for row in missions.itertuples():
        place = study.labels.country(row.country_iso3)
        years = str(row.first_year) if row.first_year == row.last_year else f"{row.first_year}–{row.last_year}"
        kind = study.labels.code("activity_type", row.activity_type)
        if row.operation:
            label = _("{kind}: {place}, {operation} ({years})").format(kind=kind, place=place,
                                                                     operation=row.operation, years=years)
        else:
            label = _("{kind}: {place} ({years})").format(kind=kind, place=place, years=years)
        mask = (act["activity_type"] == row.activity_type) & (act["country_iso3"].fillna("") == row.country_iso3) \
            & (act["operation"].fillna("") == row.operation) & (act["start"] <= study.reference_date)
        labels.append(label)
        members[label] = index.isin(list(set(act.loc[mask, "advisor_id"])))
    shown = [lab for lab in labels if members[lab].sum() >= threshold]
    pooled = [lab for lab in labels if lab not in shown]
    kinds = dict(zip(labels, missions["activity_type"], strict=True))
    rows = [{"mission": lab, "activity_type": kinds[lab], "advisors": int(members[lab].sum())} for lab in shown]
    cells = [FamilyRef("mission", lab) for lab in shown]
    union = np.zeros(len(index), dtype=bool)
    for lab in pooled:
        union |= members[lab]
    if union.any():
        rows.append({"mission": study.labels.other(), "activity_type": OTHER, "advisors": int(union.sum())})
        cells.append(FamilyRef("mission", POOL))
    frame = pd.DataFrame(rows, columns=["mission", "activity_type", "advisors"]).astype({"advisors": "int64"})
    family = Family("mission", "advisors", appointed(), members, pool=tuple(pooled))
    floors = {"advisors": [threshold] * len(shown) + [None] * (len(cells) - len(shown))}
    return Draft(frame, cells={"advisors": cells}, families=[family], floors=floors,
                 finish=lambda t: display_order(t, value="advisors", label="mission", last=[OTHER],
                                                key="activity_type"))


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
