"""Exhibits of notebook 05: outcomes by intake, pooled into five-fiscal-year groups.

The groups' numerators and denominators add up to the headline figures, and
the alumni of a group plus those still serving make the intakes of its
fiscal years (notebook 01): all of it is registered in the ledger, so no
group's hidden cell can be worked out from the headline or the intakes.
Groups with nobody in the denominator are left out (not drawn as 0 / 0).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from analysis.disclosure.ledger import Ledger, key
from analysis.disclosure.protect import Protected
from analysis.disclosure.text import leader
from analysis.i18n import _, fmt_fiscal_group, fmt_pct
from analysis.measures.cohorts import (
    group_before_window,
    group_terms_ended,
    group_years,
    intake_counts,
    intake_group,
    pool_intakes,
)
from analysis.measures.outcomes import ever_in_field, knowledge_and_in_field_rates
from analysis.records.fiscal import fiscal_year_of
from analysis.report.exhibits.base import Draft, Exhibit, add_rate_columns
from analysis.report.exhibits.fostering import HEADLINE, register_population
from analysis.report.exhibits.wording import n_people, quoted, row_of
from analysis.report.study import Study

__all__ = ["EXHIBITS", "group_label", "register_groups"]

WINDOW = 24


def group_label(group: str, study: Study) -> str:
    """A five-fiscal-year group's label, marked "to date" while its last year is still to come."""
    text = fmt_fiscal_group(group)
    return _("{group} (to date)").format(group=text) if group_years(group)[1] > fiscal_year_of(
        study.reference_date) else text


def register_groups(study: Study, ledger: Ledger) -> None:
    """Intakes of each group's fiscal years = its alumni + those still serving (idempotent)."""
    register_population(ledger, study)
    intakes = intake_counts(study.records, reference_date=study.reference_date)
    intakes["cohort"] = intake_group(intakes["intake_fy"])
    ever = pool_intakes(ever_in_field(study.records, reference_date=study.reference_date, by="intake_fy"),
                        counts=["alumni"]).set_index("cohort")["alumni"]
    for group, part in intakes.groupby("cohort"):
        # Only the group's total is registered: naming its intake years (even as unpublished
        # cells) would tell a reader which years had an intake, each of at least one person.
        appointed = int(part["advisors"].sum())
        ledger.add(key("appointed", cohort=group), appointed)
        alumni = int(ever.get(group, 0))
        ledger.add(key("alumni", cohort=group), alumni)
        # A reader who takes terms to start on the intake days (April 1, October 1) concludes that
        # nobody of a group is serving once its last possible term has ended. Where that is true,
        # the zero is treated as known, not hidden (where it is not, the reader's conclusion is wrong).
        ran_out = group_terms_ended(group, study.reference_date, intake_days=True)
        serving = appointed - alumni
        ledger.add(key("serving", cohort=group), serving, published=False, known=ran_out and serving == 0)
        ledger.partition([key("alumni", cohort=group), key("serving", cohort=group)], key("appointed", cohort=group))
    all_groups = sorted(intakes["cohort"].unique())
    ledger.partition([key("alumni", cohort=g) for g in all_groups], key("alumni"))


def _in_field(study: Study, ledger: Ledger, shared: dict) -> Draft:
    rates = knowledge_and_in_field_rates(study.records, reference_date=study.reference_date, by="intake_fy",
                                         windows=(WINDOW,))
    pooled = pool_intakes(rates, counts=["in_field", "known"])
    register_groups(study, ledger)
    # A group whose first fiscal year began less than 24 months before the reference date cannot
    # have anyone 24 months past their term: a reader knows its counts are 0.
    for row in pooled.itertuples():
        if group_before_window(row.cohort, WINDOW, study.reference_date) and row.known == 0:
            for column in ("in_field", "known"):
                ledger.add(key(column, window=WINDOW, cohort=row.cohort), 0, known=True)
    for column in ("in_field", "known"):
        ledger.partition([key(column, window=WINDOW, cohort=g) for g in pooled["cohort"]], key(column, window=WINDOW),
                         pooled[column].tolist())
    frame = pooled[pooled["known"] > 0].reset_index(drop=True)[["cohort", "in_field", "known"]]
    frame.insert(1, "label", [group_label(g, study) for g in frame["cohort"]])
    frame = add_rate_columns(frame, "in_field_rate", "in_field", "known", "ci_lower", "ci_upper")
    keys = {"in_field": [key("in_field", window=WINDOW, cohort=g) for g in frame["cohort"]],
            "known": [key("known", window=WINDOW, cohort=g) for g in frame["cohort"]]}
    for i in range(len(frame)):
        ledger.rate(keys["in_field"][i], keys["known"][i], frame["in_field"].iloc[i], frame["known"].iloc[i])
    # Alumni of known status are some of the group's alumni: a shown "known" bounds a hidden group size.
    alumni = pool_intakes(ever_in_field(study.records, reference_date=study.reference_date, by="intake_fy"),
                          counts=["alumni"]).set_index("cohort")["alumni"]
    for group, known in zip(pooled["cohort"], pooled["known"], strict=True):
        if key("alumni", cohort=group) in ledger.values:
            ledger.rate(key("known", window=WINDOW, cohort=group), key("alumni", cohort=group), known,
                        int(alumni.get(group, 0)))
    return Draft(frame, keys=keys, rates={"in_field_rate": ("in_field", "known")},
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


def _ever(study: Study, ledger: Ledger, shared: dict) -> Draft:
    ever = pool_intakes(ever_in_field(study.records, reference_date=study.reference_date, by="intake_fy"),
                        counts=["alumni", "ever_in_field"])
    register_groups(study, ledger)
    ledger.partition([key("ever_in_field", cohort=g) for g in ever["cohort"]], key("ever_in_field"),
                     ever["ever_in_field"].tolist())
    frame = ever[ever["alumni"] > 0].reset_index(drop=True)[["cohort", "ever_in_field", "alumni"]]
    frame.insert(1, "label", [group_label(g, study) for g in frame["cohort"]])
    frame = add_rate_columns(frame, "ever_in_field_rate", "ever_in_field", "alumni", "ci_lower", "ci_upper")
    keys = {"ever_in_field": [key("ever_in_field", cohort=g) for g in frame["cohort"]],
            "alumni": [key("alumni", cohort=g) for g in frame["cohort"]]}
    for i in range(len(frame)):
        ledger.rate(keys["ever_in_field"][i], keys["alumni"][i], frame["ever_in_field"].iloc[i], frame["alumni"].iloc[i])
    return Draft(frame, keys=keys, rates={"ever_in_field_rate": ("ever_in_field", "alumni")},
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
