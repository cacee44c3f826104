"""The headline measures as published: the page's table with numbered notes, ``headline.csv`` and ``.json``.

The page shows a narrow table (measure, rate with its interval, numerator /
denominator, knowledge rate) with the definitions and comparators as
numbered notes under it; the CSV and JSON keep every column. All three come
from the same protected exhibit.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.disclosure.export import write_csv, write_text_atomic
from analysis.disclosure.protect import Protected
from analysis.i18n import _, fmt_count, fmt_date, fmt_pct
from analysis.report.study import Study

__all__ = ["CSV_COLUMNS", "headline_html", "headline_records", "write_headline"]

#: Columns of headline.csv and headline.json, in order.
CSV_COLUMNS = [
    "measure", "label", "definition", "reference_date", "numerator", "denominator", "rate", "ci_lower", "ci_upper",
    "knowledge_numerator", "knowledge_denominator", "knowledge_rate", "comparator", "comparator_value",
    "comparator_population", "comparator_field", "comparator_respondents", "comparator_as_of", "comparator_source",
]
DECIMALS = 4


def _value(table: Protected, column: str, i: int) -> float | None:
    value = table.values(column)[i]
    return float(value) if np.isfinite(value) else None


def headline_html(table: Protected) -> str:
    """The page's headline table: four narrow columns, then numbered notes (definition, comparator)."""
    esc = html.escape
    marker = table.marker
    rows, notes = [], []
    for i in range(len(table)):
        label = table.labels("label")[i]
        rate = _value(table, "rate", i)
        low, high = _value(table, "ci_lower", i), _value(table, "ci_upper", i)
        rate_text = marker if rate is None else fmt_pct(rate)
        if rate is not None and low is not None and high is not None:
            rate_text += f' <span class="interval">({fmt_pct(low)}–{fmt_pct(high)})</span>'
        num, den = _value(table, "numerator", i), _value(table, "denominator", i)
        fraction = f"{marker if num is None else fmt_count(num)} / {marker if den is None else fmt_count(den)}"
        knowledge = _value(table, "knowledge_rate", i)
        measure = table.labels("measure")[i]
        knowledge_text = "" if measure == "alumni" or measure.startswith("knowledge_rate") else (
            marker if knowledge is None else fmt_pct(knowledge))
        note = [esc(table.labels("definition")[i])]
        comparator = table.labels("comparator")[i]
        if comparator:
            source = str(table.labels("comparator_source")[i]).split(";")[0].strip()
            note.append(esc(_("Comparator: {comparator} (population: {population}; field: {field}; who is counted: "
                              "{respondents}). Source: {source}").format(
                comparator=comparator, population=table.labels("comparator_population")[i],
                field=table.labels("comparator_field")[i], respondents=table.labels("comparator_respondents")[i],
                source=source)))
        notes.append(" ".join(note))
        rows.append(f'<tr><th scope="row">{esc(label)} <sup><a href="#headline-note-{i + 1}">{i + 1}</a></sup></th>'
                    f'<td class="num">{rate_text}</td><td class="num">{esc(fraction)}</td>'
                    f'<td class="num">{esc(knowledge_text)}</td></tr>')
    headers = [_("Measure"), _("Rate (95% interval)"), _("Numerator / denominator"), _("Knowledge rate")]
    classes = [""] + [' class="num"'] * (len(headers) - 1)
    head = "<thead><tr>" + "".join(f'<th scope="col"{cls}>{esc(text)}</th>'
                                   for cls, text in zip(classes, headers, strict=True)) + "</tr></thead>"
    note_items = "".join(f'<li id="headline-note-{i + 1}">{n}</li>' for i, n in enumerate(notes))
    suppressed = table.suppressed.to_numpy().any()
    marker_note = ('<p class="table-note">' + esc(_(
        "{marker}: suppressed to protect individuals (fewer than {k} people, or a cell that would let one be "
        "worked out).").format(marker=marker, k=table.policy.threshold)) + "</p>") if suppressed else ""
    return (f'<table class="report-table headline">{head}<tbody>{"".join(rows)}</tbody></table>\n{marker_note}'
            f'<ol class="notes">{note_items}</ol>\n')


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        x = float(value)
        if math.isnan(x) or math.isinf(x):
            return None
        return round(x, DECIMALS)
    return str(value)


def headline_records(table: Protected) -> list[dict[str, Any]]:
    """One dict per measure: suppressed values as None, with ``suppressed_columns``."""
    rows = []
    for i in range(len(table)):
        row, hidden = {}, []
        for column in CSV_COLUMNS:
            if table.suppressed[column].iloc[i]:
                row[column] = None
                hidden.append(column)
            else:
                row[column] = _json_value(table.data[column].iloc[i])
        row["suppressed_columns"] = hidden
        rows.append(row)
    return rows


def write_headline(table: Protected, folder: Path, *, study: Study) -> tuple[Path, Path]:
    """Write ``headline.csv`` (formula-safe, atomic) and ``headline.json`` into ``folder``."""
    from dataclasses import replace

    subset = replace(table, data=table.data[CSV_COLUMNS], suppressed=table.suppressed[CSV_COLUMNS])
    csv_path = write_csv(subset, folder / "headline.csv", decimals=DECIMALS)
    policy = table.policy
    document = {
        "disclosure": {"kind": policy.kind, "k": policy.k, "threshold": policy.threshold, "marker": policy.marker},
        "is_synthetic": bool(study.is_synthetic),
        "language": study.params.lang,
        "measures": headline_records(table),
        "reference_date": study.params.reference_date.isoformat(),
        "reference_date_text": fmt_date(study.params.reference_date),
        "source": study.source_label(),
        "target": float(study.params.target),
    }
    json_path = write_text_atomic(folder / "headline.json",
                                  json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
    return csv_path, json_path
