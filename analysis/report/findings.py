"""Findings first: the sentences that open the report, written from the protected exhibits.

Each sentence quotes a headline value with its denominator, its knowledge
rate and its interval, exactly as the tables show them; a sentence whose
values are suppressed is left out (never quoted), so the summary changes with
the data and never reveals more than the tables.
"""

from __future__ import annotations

import numpy as np

from analysis.config import PUBLISHED_2013_DATE
from analysis.disclosure.protect import Protected
from analysis.i18n import _, fmt_count, fmt_date, fmt_months, fmt_pct, sentence
from analysis.report.exhibits.fostering import HEADLINE
from analysis.report.study import Study

__all__ = ["findings"]


def _row(table: Protected, measure: str) -> dict[str, float] | None:
    labels = table.labels("measure")
    if measure not in labels:
        return None
    i = labels.index(measure)
    out = {}
    for column in ("numerator", "denominator", "rate", "ci_lower", "ci_upper", "knowledge_rate"):
        value = table.values(column)[i]
        out[column] = float(value) if np.isfinite(value) else None
    return out


def _complete(row: dict[str, float] | None, *columns: str) -> bool:
    return row is not None and all(row.get(c) is not None for c in columns)


def findings(study: Study, exhibits: dict[str, Protected]) -> list[str]:
    """Five to eight sentences stating what was found (fewer when values are suppressed)."""
    head = exhibits[HEADLINE]
    out: list[str] = []
    for window in (24, 6):
        row = _row(head, f"in_field_{window}")
        if not _complete(row, "rate", "denominator", "ci_lower", "ci_upper"):
            continue
        values = {"rate": fmt_pct(row["rate"]), "n": fmt_count(row["denominator"]), "months": fmt_months(window),
                  "low": fmt_pct(row["ci_lower"]), "high": fmt_pct(row["ci_upper"])}
        if row["knowledge_rate"] is not None:
            out.append(_("{rate} of {n} alumni with known status ({knowledge} known) were in the field {months} "
                         "after their term; 95% interval {low}–{high}.").format(
                knowledge=fmt_pct(row["knowledge_rate"]), **values))
        else:  # the share known is suppressed (it would give a small count away): said, not quoted
            out.append(_("{rate} of {n} alumni with known status were in the field {months} after their term; "
                         "95% interval {low}–{high} (the share known is withheld to protect small counts).").format(
                **values))
    row = _row(head, "ever_in_field")
    if _complete(row, "rate", "denominator", "knowledge_rate", "ci_lower", "ci_upper"):
        out.append(_("{rate} of all {n} alumni have held an in-field post since their term (95% interval "
                     "{low}–{high}); the status of {knowledge} was confirmed in the last 12 months.").format(
            rate=fmt_pct(row["rate"]), n=fmt_count(row["denominator"]), low=fmt_pct(row["ci_lower"]),
            high=fmt_pct(row["ci_upper"]), knowledge=fmt_pct(row["knowledge_rate"])))
    row = _row(head, "ever_in_field_2013")
    cao = study.records.reference.comparator("ever_in_field_2013")
    if _complete(row, "rate", "denominator") and cao is not None:
        out.append(_("On {date}, {rate} of the {n} alumni by then had held an in-field post; the Cabinet Office "
                     "published {published}.").format(date=fmt_date(PUBLISHED_2013_DATE), rate=fmt_pct(row["rate"]),
                                                      n=fmt_count(row["denominator"]), published=study.labels.comparator(cao, "value_text")))
    row = _row(head, "currently_in_field")
    if _complete(row, "rate", "denominator", "knowledge_rate"):
        out.append(_("{rate} of the {n} alumni whose status was confirmed in the last 12 months were in the field "
                     "at their latest confirmation ({knowledge} of alumni confirmed).").format(
            rate=fmt_pct(row["rate"]), n=fmt_count(row["denominator"]), knowledge=fmt_pct(row["knowledge_rate"])))
    elif _complete(row, "rate", "denominator"):
        out.append(_("{rate} of the {n} alumni whose status was confirmed in the last 12 months were in the field "
                     "at their latest confirmation (the share confirmed is withheld to protect small counts).").format(
            rate=fmt_pct(row["rate"]), n=fmt_count(row["denominator"])))
    curve = exhibits.get("03-time-to-first-in-field-post")
    if curve is not None and curve.meta.get("publishable") and len(curve):
        median, low, high, _reason = curve.meta.get("median", (None, None, None, ""))
        if median is not None and low is not None and high is not None:
            out.append(_("Half of alumni held a first in-field post within {m} of their term (95% interval {lo} "
                         "to {hi}).").format(m=fmt_months(median), lo=fmt_months(low), hi=fmt_months(high)))
    row = _row(head, "knowledge_rate_6")
    nace = study.records.reference.comparator("knowledge_rate")
    if _complete(row, "rate") and nace is not None:
        template = (_("The knowledge rate 6 months after the term is {rate}, which meets the NACE standard of "
                      "{standard}.") if row["rate"] >= float(nace["value"]) else
                    _("The knowledge rate 6 months after the term is {rate}, which falls short of the NACE standard "
                      "of {standard}."))
        out.append(template.format(rate=fmt_pct(row["rate"]), standard=study.labels.comparator(nace, "value_text")))
    sectors = exhibits.get("02-destinations-by-sector")
    if sectors is not None and sectors.meta.get("title") and len(sectors) and sectors.any_shown:
        out.append(sentence(sectors.meta["title"]))
    return out[:8]
