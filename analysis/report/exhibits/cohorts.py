"""Exhibits of notebook 05: outcomes by intake group.

Intakes are grouped by five fiscal years, the group still running joined to
the one before it, and a group whose counts would be small joined to its
neighbour (:func:`analysis.report.exhibits.base.choose_grouping`). Every count
is a population of the report's advisors (cohort and outcome), so the groups
add up to the headline figures and to the intakes of notebook 01 in the
reader's model without being registered by hand. Groups with nobody in the
denominator are left out (not drawn as 0 / 0).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.disclosure.protect import Protected
from analysis.disclosure.text import leader
from analysis.i18n import _, fmt_fiscal_group, fmt_pct
from analysis.measures.cohorts import group_years
from analysis.records.fiscal import fiscal_year_of
from analysis.report.exhibits.base import Draft, Exhibit, Publication, add_rate_columns
from analysis.report.exhibits.fostering import HEADLINE
from analysis.report.exhibits.wording import n_people, quoted, row_of
from analysis.report.people import KNOWN, NO, YES, alumni
from analysis.report.study import Study

__all__ = ["EXHIBITS", "group_label"]

WINDOW = 24


def group_label(group: str, study: Study) -> str:
    """An intake group's label, marked "to date" while its last year is still to come."""
    text = fmt_fiscal_group(group)
    return _("{group} (to date)").format(group=text) if group_years(group)[1] > fiscal_year_of(
        study.reference_date) else text


def _counts(pub: Publication) -> pd.DataFrame:
    frame = pub.people.frame
    alum = frame["serving"] == NO
    rows = []
    for group in pub.grouping.labels:
        here = alum & (frame["cohort"] == group)
        status = frame.loc[here, f"w{WINDOW}"]
        rows.append({"cohort": group, "alumni": int(here.sum()),
                     "ever_in_field": int((here & (frame["ever"] == YES)).sum()),
                     "in_field": int((status == "in").sum()), "known": int(status.isin(KNOWN).sum())})
    return pd.DataFrame(rows)


def _in_field(study: Study, pub: Publication) -> Draft:
    counts = _counts(pub)
    frame = counts[counts["known"] > 0].reset_index(drop=True)[["cohort", "in_field", "known"]]
    frame.insert(1, "label", [group_label(g, study) for g in frame["cohort"]])
    frame = add_rate_columns(frame, "in_field_rate", "in_field", "known", "ci_lower", "ci_upper")
    cells = {"in_field": [alumni(cohort=g, **{f"w{WINDOW}": "in"}) for g in frame["cohort"]],
             "known": [alumni(cohort=g, **{f"w{WINDOW}": KNOWN}) for g in frame["cohort"]]}
    return Draft(frame, cells=cells, rates={"in_field_rate": ("in_field", "known")},
                 intervals={("ci_lower", "ci_upper"): ("in_field", "known")})


def _describe_in_field(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    best = leader(table, value="in_field_rate", hidden_small=False)  # a hidden rate can be anything
    shown = np.isfinite(table.values("in_field_rate")).sum()
    if best is not None and shown >= 2:
        title = _("In the field 24 months after the term: highest for {group} ({pct}), but every interval is wide"
                  ).format(group=table.labels("label")[best], pct=fmt_pct(table.values("in_field_rate")[best]))
    else:
        title = _("In the field 24 months after the term, by pooled intake")
    head = done[HEADLINE]
    known = quoted(head, "denominator", row_of(head, "measure", f"in_field_{WINDOW}"))
    return {"title": title, "xlabel": _("intake group (in the field / alumni with known status)"),
            "ylabel": _("alumni in the field 24 months after the term (%)"),
            "n": n_people(known, table.marker, _("alumni with known status")),
            "notes": [_("whiskers: 95% Wilson intervals"), _("groups with no alumni of known status left out")],
            "target": study.params.target}


def _ever(study: Study, pub: Publication) -> Draft:
    counts = _counts(pub)
    frame = counts[counts["alumni"] > 0].reset_index(drop=True)[["cohort", "ever_in_field", "alumni"]]
    frame.insert(1, "label", [group_label(g, study) for g in frame["cohort"]])
    frame = add_rate_columns(frame, "ever_in_field_rate", "ever_in_field", "alumni", "ci_lower", "ci_upper")
    cells = {"ever_in_field": [alumni(cohort=g, ever=YES) for g in frame["cohort"]],
             "alumni": [alumni(cohort=g) for g in frame["cohort"]]}
    return Draft(frame, cells=cells, rates={"ever_in_field_rate": ("ever_in_field", "alumni")},
                 intervals={("ci_lower", "ci_upper"): ("ever_in_field", "alumni")})


def _describe_ever(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    head = done[HEADLINE]
    alumni = quoted(head, "numerator", row_of(head, "measure", "alumni"))
    return {"title": _("Ever in the field by pooled intake: older groups have had longer to get there"),
            "xlabel": _("intake group (ever in the field / alumni)"), "ylabel": _("alumni ever in the field (%)"),
            "n": n_people(alumni, table.marker, _("alumni")), "notes": [_("whiskers: 95% Wilson intervals")],
            "target": study.params.target}


EXHIBITS = [
    Exhibit("05-in-field-24-months-by-cohort", _in_field, _describe_in_field),
    Exhibit("05-ever-in-field-by-cohort", _ever, _describe_ever),
]
