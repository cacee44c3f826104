"""Exhibits of notebook 01: what the records hold (data quality, intakes by group, terms, exits, knowledge rate)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.disclosure.model import Attribute, Family, Universe, predicate
from analysis.disclosure.protect import Protected, declare_no_person_counts
from analysis.disclosure.text import leader
from analysis.i18n import _, fmt_fiscal_year, fmt_months, fmt_pct
from analysis.measures.cohorts import FIRST_FISCAL_YEAR, TERM_BANDS, exit_reasons, term_length_bands
from analysis.records.fiscal import fiscal_year_of
from analysis.report.exhibits.base import Draft, Exhibit, FamilyRef, Publication
from analysis.report.exhibits.cohorts import group_label
from analysis.report.exhibits.fostering import HEADLINE
from analysis.report.exhibits.wording import n_people, quoted, row_of
from analysis.report.people import alumni, appointed
from analysis.report.study import Study

__all__ = ["EXHIBITS"]


def _quality(study: Study, pub: Publication) -> Draft:
    report = study.records.report
    # Row counts stay with `validate`: the advisors file has one row per person appointed (a count
    # the report may have to hide), and the number of activity rows turns the per-kind activity
    # rates back into counts.
    frame = pd.DataFrame([{"file": c.file, "rows_rejected": c.rows_rejected,
                           "reconciles": _("yes") if c.reconciles else _("NO")}
                          for c in report.counts.values()])
    return Draft(frame, protect=lambda policy: declare_no_person_counts(frame, policy=policy))


def _describe_quality(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    return {"title": _("Every input row is accounted for"),
            "caption": _("Each record file's rows were read and loaded, or rejected with a reason (rows read = "
                         "rows loaded + rows rejected). A report is built only from records without errors; "
                         "`python -m analysis validate` gives the record keeper the row counts, which the "
                         "report does not publish.")}


def warning_counts(study: Study) -> pd.DataFrame:
    """Warnings by file, column and rule (unusual but possible records), with the records affected."""
    warnings = study.records.report.warnings
    if not warnings:
        return pd.DataFrame({"file": pd.Series(dtype=str), "column": pd.Series(dtype=str),
                             "rule": pd.Series(dtype=str), "records": pd.Series(dtype="int64")})
    frame = pd.DataFrame([{"file": w.file, "column": w.column, "rule": _(w.family or w.rule), "line": w.line}
                          for w in warnings])
    return (frame.groupby(["file", "column", "rule"], sort=True)["line"].nunique()
            .rename("records").reset_index())


def _warnings(study: Study, pub: Publication) -> Draft:
    """Records with a warning, by file, column and rule: records (events) that can carry several rules."""
    frame = warning_counts(study)
    warnings = study.records.report.warnings
    keys = [f"{r.file}|{r.column}|{r.rule}" for r in frame.itertuples()]
    lines = sorted({(w.file, w.line) for w in warnings})
    position = {line: i for i, line in enumerate(lines)}
    codes = {key: np.zeros(len(lines), dtype=bool) for key in keys}
    for w in warnings:
        codes[f"{w.file}|{w.column}|{_(w.family or w.rule)}"][position[(w.file, w.line)]] = True
    records = pd.DataFrame({"any": ["yes"] * len(lines)}, index=[f"{f}:{line}" for f, line in lines])
    universe = Universe("warned records", records, [Attribute("any", ("yes",))], unit="events")
    family = Family("warning", "warned records", predicate("warned records"), codes)
    return Draft(frame, cells={"records": [FamilyRef("warning", key) for key in keys]}, universes=[universe],
                 families=[family])


def _describe_warnings(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    return {"title": _("Unusual but possible records (warnings)"),
            "caption": _("Loaded and counted, listed here by rule; the record keeper sees each line with "
                         "`python -m analysis validate`."),
            "empty_message": _("No warnings: every record follows the usual patterns.")}


def _intakes(study: Study, pub: Publication) -> Draft:
    # Intake groups, as in notebook 05: with one or two intakes a year, a fiscal year's intake is a
    # count of one or two people, and listed years would bound the hidden ones.
    cohort = pub.people.values("cohort")
    groups = [g for g in pub.grouping.labels if (cohort == g).any()]
    frame = pd.DataFrame({"cohort": groups, "label": [group_label(g, study) for g in groups],
                          "advisors": [int((cohort == g).sum()) for g in groups]})
    return Draft(frame, cells={"advisors": [appointed(cohort=g) for g in groups]})


def _describe_intakes(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    head = done[HEADLINE]
    appointed = quoted(head, "denominator", row_of(head, "measure", "alumni"))
    years = fiscal_year_of(study.reference_date) - FIRST_FISCAL_YEAR + 1
    per_year = round(appointed / years) if appointed is not None and years > 0 else 0
    if per_year >= table.policy.threshold:  # a title never quotes fewer than k people
        title = _("About {n} advisors joined each fiscal year, {first}–{last}").format(
            n=per_year, first=fmt_fiscal_year(FIRST_FISCAL_YEAR), last=fmt_fiscal_year(fiscal_year_of(
                study.reference_date)))
    else:
        title = _("Advisors appointed by intake group")
    out = {"title": title, "xlabel": _("intake group (five fiscal years, April–March)"),
           "ylabel": _("advisors appointed (people)"), "n": n_people(appointed, table.marker, _("advisors"))}
    if len(table) and table.hidden("advisors").all():
        out["empty_message"] = _("The number of advisors appointed is not shown: with the alumni published "
                                 "elsewhere in the report it would tell how many are still serving, fewer than {k}."
                                 ).format(k=table.policy.threshold)
    return out


def _terms(study: Study, pub: Publication) -> Draft:
    frame = term_length_bands(study.records, reference_date=study.reference_date)
    labels = []
    for i, band in enumerate(frame["term_band"]):
        labels.append(_("up to {months}").format(months=fmt_months(band)) if i == 0 else
                      _("over {low}, up to {high}").format(low=fmt_months(TERM_BANDS[i - 1]), high=fmt_months(band)))
    frame.insert(1, "label", labels)
    return Draft(frame, cells={"people": [alumni(term=str(int(b))) for b in frame["term_band"]]})


def _describe_terms(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    head = done[HEADLINE]
    alumni = quoted(head, "numerator", row_of(head, "measure", "alumni"))
    top = leader(table, value="people", total=alumni, hidden_small=False)
    title = (_("Most common term length: {band}").format(band=table.labels("label")[top]) if top is not None
             else _("Term lengths of alumni"))
    return {"title": title, "xlabel": _("term length (calendar months)"), "ylabel": _("alumni (people)"),
            "n": n_people(alumni, table.marker, _("alumni"))}


def _exits(study: Study, pub: Publication) -> Draft:
    frame = exit_reasons(study.records, reference_date=study.reference_date)
    frame.insert(1, "label", [study.labels.code("exit_reason", r) for r in frame["exit_reason"]])
    return Draft(frame, cells={"people": [alumni(exit=r) for r in frame["exit_reason"]]})


def _describe_exits(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    head = done[HEADLINE]
    alumni = quoted(head, "numerator", row_of(head, "measure", "alumni"))
    top = leader(table, value="people", total=alumni, hidden_small=False)
    if top is not None and alumni:
        title = _("Most common end of term: {reason} ({pct} of alumni)").format(
            reason=table.labels("label")[top], pct=fmt_pct(table.values("people")[top] / alumni))
    else:
        title = _("Why terms ended")
    return {"title": title, "xlabel": _("how the term ended"), "ylabel": _("alumni (people)"),
            "n": n_people(alumni, table.marker, _("alumni"))}


def _knowledge(study: Study, pub: Publication) -> Draft:
    from analysis.report.exhibits.fostering import _windows

    return _windows(study, pub)


def _describe_knowledge(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    values = [v for v in table.values("knowledge_rate") if v == v]
    title = (_("The status of at least {pct} of alumni is known at every window").format(pct=fmt_pct(min(values)))
             if values and not table.hidden("knowledge_rate").any() else _("How much of the alumni's careers is known"))
    nace = study.records.reference.comparator("knowledge_rate")
    comparators = {}
    if nace is not None:
        comparators[_("NACE standard: {value}").format(value=study.labels.comparator(nace, "value_text"))] = float(nace["value"])
    head = done[HEADLINE]
    return {"title": title, "xlabel": _("time after the term ended (known / alumni whose window has passed)"),
            "ylabel": _("alumni with known status (%)"),
            "n": n_people(quoted(head, "numerator", row_of(head, "measure", "alumni")), table.marker, _("alumni")),
            "comparators": comparators}


EXHIBITS = [
    Exhibit("01-data-quality", _quality, _describe_quality),
    Exhibit("01-warnings", _warnings, _describe_warnings),
    Exhibit("01-intakes-by-group", _intakes, _describe_intakes),
    Exhibit("01-term-lengths", _terms, _describe_terms),
    Exhibit("01-exit-reasons", _exits, _describe_exits),
    Exhibit("01-knowledge-rate-by-window", _knowledge, _describe_knowledge),
]
