"""Exhibits of notebook 01: what the records hold (data quality, intakes, terms, exits, knowledge rate)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.disclosure.ledger import Ledger, key
from analysis.disclosure.protect import Protected, declare_no_person_counts, protect_counts
from analysis.disclosure.text import leader
from analysis.i18n import _, fmt_fiscal_year, fmt_months, fmt_pct
from analysis.measures.cohorts import TERM_BANDS, exit_reasons, intake_counts, term_length_bands
from analysis.report.exhibits.base import Draft, Exhibit
from analysis.report.exhibits.fostering import HEADLINE, register_population
from analysis.report.exhibits.wording import n_people, quoted, row_of
from analysis.report.study import Study

__all__ = ["EXHIBITS"]


def _quality(study: Study, ledger: Ledger, shared: dict) -> Draft:
    report = study.records.report
    frame = pd.DataFrame([{"file": c.file, "rows_read": c.rows_read, "rows_loaded": c.rows_loaded,
                           "rows_rejected": c.rows_rejected, "reconciles": _("yes") if c.reconciles else _("NO")}
                          for c in report.counts.values()])
    return Draft(frame, protect=lambda policy: declare_no_person_counts(frame, policy=policy))


def _describe_quality(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    return {"title": _("Every input row is accounted for"),
            "caption": _("Rows of the record files (records, not people): rows read = rows loaded + rows "
                         "rejected. A report is built only from records without errors.")}


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


def _warnings(study: Study, ledger: Ledger, shared: dict) -> Draft:
    frame = warning_counts(study)
    return Draft(frame, protect=lambda policy: protect_counts(frame, count_cols="records", policy=policy,
                                                              totals_known=False))


def _describe_warnings(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    return {"title": _("Unusual but possible records (warnings)"),
            "caption": _("Loaded and counted, listed here by rule; the record keeper sees each line with "
                         "`python -m analysis validate`."),
            "empty_message": _("No warnings: every record follows the usual patterns.")}


def _intakes(study: Study, ledger: Ledger, shared: dict) -> Draft:
    frame = intake_counts(study.records, reference_date=study.reference_date)
    frame.insert(1, "label", [fmt_fiscal_year(fy) for fy in frame["intake_fy"]])
    register_population(ledger, study)
    keys = [key("appointed", intake_fy=fy) for fy in frame["intake_fy"]]
    ledger.partition(keys, key("appointed"), frame["advisors"].tolist())
    return Draft(frame, keys={"advisors": keys})


def _describe_intakes(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    head = done[HEADLINE]
    appointed = quoted(head, "denominator", row_of(head, "measure", "alumni"))
    per_year = round(appointed / len(table)) if appointed is not None and len(table) else 0
    if per_year >= table.policy.threshold:  # a title never quotes fewer than k people
        title = _("About {n} advisors joined each fiscal year, {first}–{last}").format(
            n=per_year, first=table.labels("label")[0], last=table.labels("label")[-1])
    else:
        title = _("Advisors appointed by fiscal year of intake")
    return {"title": title, "xlabel": _("fiscal year of intake (April–March)"),
            "ylabel": _("advisors appointed (people)"), "n": n_people(appointed, table.marker, _("advisors"))}


def _terms(study: Study, ledger: Ledger, shared: dict) -> Draft:
    frame = term_length_bands(study.records, reference_date=study.reference_date)
    labels = []
    for i, band in enumerate(frame["term_band"]):
        labels.append(_("up to {months}").format(months=fmt_months(band)) if i == 0 else
                      _("over {low}, up to {high}").format(low=fmt_months(TERM_BANDS[i - 1]), high=fmt_months(band)))
    frame.insert(1, "label", labels)
    register_population(ledger, study)
    keys = [key("alumni", term_band=int(b)) for b in frame["term_band"]]
    ledger.partition(keys, key("alumni"), frame["people"].tolist())
    return Draft(frame, keys={"people": keys})


def _describe_terms(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    head = done[HEADLINE]
    alumni = quoted(head, "numerator", row_of(head, "measure", "alumni"))
    top = leader(table, value="people", total=alumni, hidden_small=False)
    title = (_("Most common term length: {band}").format(band=table.labels("label")[top]) if top is not None
             else _("Term lengths of alumni"))
    return {"title": title, "xlabel": _("term length (calendar months)"), "ylabel": _("alumni (people)"),
            "n": n_people(alumni, table.marker, _("alumni"))}


def _exits(study: Study, ledger: Ledger, shared: dict) -> Draft:
    frame = exit_reasons(study.records, reference_date=study.reference_date)
    frame.insert(1, "label", [study.labels.code("exit_reason", r) for r in frame["exit_reason"]])
    register_population(ledger, study)
    keys = [key("alumni", exit_reason=r) for r in frame["exit_reason"]]
    ledger.partition(keys, key("alumni"), frame["people"].tolist())
    return Draft(frame, keys={"people": keys})


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


def _knowledge(study: Study, ledger: Ledger, shared: dict) -> Draft:
    from analysis.report.exhibits.fostering import _windows

    return _windows(study, ledger, shared)


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
    Exhibit("01-intakes-by-fiscal-year", _intakes, _describe_intakes),
    Exhibit("01-term-lengths", _terms, _describe_terms),
    Exhibit("01-exit-reasons", _exits, _describe_exits),
    Exhibit("01-knowledge-rate-by-window", _knowledge, _describe_knowledge),
]
