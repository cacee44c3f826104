"""Protected tables as an evaluator reads them: HTML (report, JupyterLab) and plain text (nbval).

Numbers are right-aligned with thousands separators, shares are shown as
percentages, suppressed cells show the marker with one explanation under the
table, and codes never appear (the exhibits carry display labels).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.disclosure.export import write_csv
from analysis.disclosure.protect import Protected
from analysis.i18n import _, fmt_count, fmt_pct

__all__ = ["TABLES_FOLDER", "header", "is_published_table", "render_html", "render_text", "shown_columns",
           "write_table"]

#: Folder of the published CSVs inside a report.
TABLES_FOLDER = "tables"

#: Columns that hold codes or helpers, never shown to a reader.
HIDDEN_COLUMNS = frozenset({
    "intake_fy", "sector", "operation", "organisation", "role_family", "grade", "region", "mission_kind",
    "exit_reason", "activity_type", "state", "panel", "drawn", "measure", "window_months", "term_band", "cohort",
    "fiscal_year", "comparable_to", "ci_lower", "ci_upper", "time",
})


def header(column: str) -> str:
    """Column header in the current language."""
    headers = {
        "label": "", "people": _("People"), "advisors": _("Advisors"), "alumni": _("Alumni"),
        "in_field": _("In the field"), "known": _("Known status"), "eligible": _("Alumni whose window has passed"),
        "in_field_rate": _("In the field (%)"), "knowledge_rate": _("Knowledge rate (%)"),
        "ever_in_field": _("Ever in the field"), "ever_in_field_rate": _("Ever in the field (%)"),
        "rate": _("Rate (%)"), "of": _("Of"), "numerator": _("Numerator"), "denominator": _("Denominator"),
        "knowledge_numerator": _("Known"), "knowledge_denominator": _("Of"), "per_advisor_year": _("Per advisor-year"),
        "mean_months": _("Mean months"), "records": _("Records"), "file": _("File"), "column": _("Column"),
        "rule": _("Rule"), "rows_read": _("Rows read"), "rows_loaded": _("Rows loaded"),
        "rows_rejected": _("Rows rejected"), "reconciles": _("Reconciles"), "mission": _("Mission"),
        "name": _("Career type"), "typical_path": _("Typical path (followed by at least k people)"),
        "start_months": _("From month"), "end_months": _("To month"), "at_risk": _("At risk"), "events": _("Events"),
        "censored": _("Censored"), "survival": _("Estimate"), "cumulative": _("Cumulative (%)"),
        "definition": _("Definition"), "reference_date": _("Reference date"),
    }
    return headers.get(str(column), str(column).replace("_", " "))


def shown_columns(table: Protected, columns: Sequence[str] | None = None) -> list[str]:
    """The columns to show: those asked for, else every column but codes and helpers."""
    if columns is not None:
        return list(columns)
    return [c for c in table.columns if str(c) not in HIDDEN_COLUMNS]


def _is_share(column: str) -> bool:
    return column == "rate" or column.endswith("_rate") or column in ("cumulative", "survival")


def _cell(table: Protected, column: str, value: object, hidden: bool) -> tuple[str, bool]:
    """Text of one cell and whether it is numeric."""
    if hidden:
        return table.marker, True
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "", pd.api.types.is_numeric_dtype(table.data[column].dtype)
    if isinstance(value, bool | np.bool_):
        return (_("yes") if value else _("no")), False
    if isinstance(value, int | np.integer):
        return fmt_count(value), True
    if isinstance(value, float | np.floating):
        if _is_share(column):
            return fmt_pct(float(value)), True
        if column in table.counts:
            return fmt_count(value), True
        return f"{float(value):,.2f}", True
    return str(value), False


def _rows(table: Protected, columns: list[str]) -> list[list[tuple[str, bool]]]:
    out = []
    for i in range(len(table)):
        row = []
        for column in columns:
            hidden = bool(table.suppressed[column].iloc[i])
            row.append(_cell(table, column, table.data[column].iloc[i], hidden))
        out.append(row)
    return out


def _index_header(table: Protected) -> str | None:
    index = table.index
    if isinstance(index, pd.RangeIndex) and index.equals(pd.RangeIndex(len(index))):
        return None
    return str(index.name or "")


def render_html(table: Protected, columns: Sequence[str] | None = None, *, caption: str = "") -> str:
    """The table as an HTML ``<table>`` (class ``report-table``), with a note when cells are suppressed."""
    columns = shown_columns(table, columns)
    index_header = _index_header(table)
    esc = html.escape
    head = ([f'<th scope="col">{esc(index_header)}</th>'] if index_header is not None else [])
    for column in columns:
        numeric = pd.api.types.is_numeric_dtype(table.data[column].dtype)
        num_class = ' class="num"' if numeric else ""
        head.append(f'<th scope="col"{num_class}>{esc(header(column))}</th>')
    body = []
    for i, row in enumerate(_rows(table, columns)):
        cells = [f'<th scope="row">{esc(str(table.index[i]))}</th>'] if index_header is not None else []
        for text, numeric in row:
            classes = ["num"] if numeric else []
            if text == table.marker and numeric:
                classes.append("suppressed")
            cls = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{cls}>{esc(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    note = ""
    if table.suppressed[columns].to_numpy().any() if columns else False:
        note = ('<p class="table-note">' + esc(_("{marker}: suppressed to protect individuals (fewer than {k} people, "
                                                  "or a cell that would let one be worked out).").format(
            marker=table.marker, k=table.policy.threshold)) + "</p>")
    if not len(table):
        empty = table.meta.get("empty_message") or _("Nothing to show.")
        return f'<p class="table-note">{esc(empty)}</p>\n'
    return (f'<table class="report-table">{cap}<thead><tr>{"".join(head)}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>\n{note}\n')


def render_text(table: Protected, columns: Sequence[str] | None = None) -> str:
    """The table as aligned plain text (what nbval compares), the marker in suppressed cells."""
    columns = shown_columns(table, columns)
    if not len(table):
        return table.meta.get("empty_message") or _("Nothing to show.")
    index_header = _index_header(table)
    headers = ([index_header] if index_header is not None else []) + [header(c) for c in columns]
    rows = []
    for i, row in enumerate(_rows(table, columns)):
        rows.append(([str(table.index[i])] if index_header is not None else []) + [text for text, _n in row])
    numeric = ([False] if index_header is not None else []) + [
        pd.api.types.is_numeric_dtype(table.data[c].dtype) for c in columns]
    widths = [max(len(h), *(len(r[j]) for r in rows)) for j, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric, strict=True))

    return "\n".join([line(headers).rstrip(), *(line(r).rstrip() for r in rows)])


def is_published_table(table: Protected) -> bool:
    """Whether a protected table gets a CSV: tables of counts, and of statistics whose counts stay unpublished
    (meta ``csv``); never a withheld (empty) table, nor one line per person.
    """
    return bool(len(table) and not table.meta.get("individual_level") and (table.counts or table.meta.get("csv")))


def write_table(table: Protected, folder: Path, name: str | None = None) -> Path | None:
    """``folder/tables/<name>.csv`` for a published table (None when it is not published)."""
    name = name or table.name
    if not name or not is_published_table(table):
        return None
    target = Path(folder) / TABLES_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    # The build folder is moved into place whole when complete: no flush per file.
    return write_csv(table, target / f"{name}.csv", decimals=4, durable=False)
