"""Load and validate the record tables: ``load_records`` and ``validate_records``.

Every rule of DESIGN.md is checked and every problem is collected before
anything is returned: each names file, spreadsheet line, column, value and the
rule broken. No row disappears silently: per table, rows read = rows loaded +
rows rejected (:class:`~analysis.problems.TableCount`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.fields import PERSONAL_DATA_COLUMNS, TABLES
from analysis.paths import RAW_DIR, RECORD_FILES, REFERENCE_DIR, WORKBOOK_NAME
from analysis.problems import DataError, Problem, TableCount, ValidationReport
from analysis.reading import LINE, read_csv_text, read_workbook_sheet
from analysis.reference import Reference, load_reference
from analysis.schemas import BOOLEAN_TEXT, parse_dates, record_schema, rule_text

#: Marker file written by the synthetic generator; its presence labels every chart.
SYNTHETIC_MARKER = "SYNTHETIC.md"
MAX_TERM_MONTHS = 24


@dataclass
class Records:
    """Validated records and the reference tables they were checked against.

    Dates are ``datetime64`` (day precision); a ``<column>_month_only`` boolean
    marks dates given as ``YYYY-MM``. In ``placements``, ``sector`` is filled
    from the reference tables for coded organisations and ``operation`` from the
    organisation when the organisation is itself a peace operation.
    """

    advisors: pd.DataFrame
    activities: pd.DataFrame
    placements: pd.DataFrame
    reference: Reference
    data_dir: Path
    is_synthetic: bool
    report: ValidationReport = field(default_factory=ValidationReport)

    @property
    def source_label(self) -> str:
        """What to print under every chart built from these records."""
        if self.is_synthetic:
            return "Source: synthetic demonstration data (not real advisors)"
        return f"Source: advisor records in {self.data_dir.name}/"


class _Table:
    """One table being validated: its text, file label and problems per line."""

    def __init__(self, name: str, file: str, text: pd.DataFrame | None):
        self.name, self.file, self.text = name, file, text
        self.problems: list[Problem] = []
        self.structural = False

    def add(self, mask: pd.Series, column: str, rule: str | pd.Series, values: pd.Series | None = None) -> None:
        """Record ``rule`` for every row where ``mask`` is true."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        rows = self.text.loc[mask]
        shown = (values if values is not None else rows[column]).loc[mask]
        rules = rule.loc[mask] if isinstance(rule, pd.Series) else [rule] * int(mask.sum())
        for line, value, text in zip(rows[LINE], shown, rules, strict=True):
            self.problems.append(Problem(self.file, int(line), column, "" if pd.isna(value) else str(value), text))

    @property
    def bad_lines(self) -> set[int]:
        return {p.line for p in self.problems if p.line > 1}


def _read_tables(data_dir: Path) -> tuple[dict[str, _Table], list[Problem]]:
    workbook = data_dir / WORKBOOK_NAME
    csvs = [data_dir / name for name in RECORD_FILES.values()]
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), 0, "", "", "data folder not found")])
    use_workbook = workbook.exists() and not any(p.exists() for p in csvs)
    if workbook.exists() and any(p.exists() for p in csvs):
        problems.append(Problem(WORKBOOK_NAME, 0, "", "", "both the workbook and CSV files are present: keep one source of records"))
    tables = {}
    for table, name in RECORD_FILES.items():
        if use_workbook:
            text, found = read_workbook_sheet(workbook, table)
            label = f"{WORKBOOK_NAME}[{table}]"
        else:
            text, found = read_csv_text(data_dir / name)
            label = name
        problems.extend(found)
        tables[table] = _Table(table, label, text)
    return tables, problems


def _check_columns(t: _Table) -> None:
    fields = TABLES[t.name]
    known = {f.name for f in fields}
    for column in t.text.columns.drop(LINE):
        normal = column.lower().replace(" ", "").replace("_", "").replace("-", "")
        if normal in PERSONAL_DATA_COLUMNS:
            t.problems.append(Problem(t.file, 1, column, column, "personal data column refused: records must be pseudonymous (remove names, e-mails, birth dates)"))
            t.structural = True
        elif column not in known:
            t.problems.append(Problem(t.file, 1, column, column, f"unknown column (expected: {', '.join(f.name for f in fields)})"))
            t.structural = True
    for f in fields:
        if f.name not in t.text.columns:
            if f.required:
                t.problems.append(Problem(t.file, 1, f.name, "", "required column missing"))
                t.structural = True
            else:
                t.text[f.name] = pd.Series(pd.NA, index=t.text.index, dtype="string")


def _check_cells(t: _Table, codes: dict[str, list[str]]) -> None:
    schema = record_schema(t.name, codes)
    try:
        schema.validate(t.text, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        cases = cases[cases["index"].notna() & cases["column"].notna()]
        lines = t.text[LINE].to_numpy()
        first_line = {}
        for row in cases.itertuples(index=False):
            rule = rule_text(str(row.check))
            index = int(row.index)
            value = "" if pd.isna(row.failure_case) else str(row.failure_case)
            if rule.startswith("duplicate"):
                key = (row.column, value)
                column_values = t.text[row.column]
                first_line.setdefault(key, int(lines[np.flatnonzero((column_values == value).fillna(False).to_numpy())[0]]))
                if first_line[key] == lines[index]:
                    continue  # the first occurrence is kept as the reference for the message
                rule = f"{rule} (first on line {first_line[key]})"
            t.problems.append(Problem(t.file, int(lines[index]), str(row.column), value, rule))


def _typed(t: _Table) -> pd.DataFrame:
    """Text frame -> typed frame. Cells that failed their checks become missing."""
    frame = t.text.copy()
    bad = {(p.line, p.column) for p in t.problems}
    for f in TABLES[t.name]:
        if f.name not in frame:
            continue
        failed = frame[LINE].map(lambda line, c=f.name: (line, c) in bad) if bad else pd.Series(False, index=frame.index)
        column = frame[f.name].mask(failed.astype(bool))
        if f.kind == "date":
            frame[f.name], frame[f"{f.name}_month_only"] = parse_dates(column)
        elif f.kind == "number":
            frame[f.name] = pd.to_numeric(column.astype(object), errors="coerce").astype("Float64")
        elif f.kind == "boolean":
            frame[f.name] = column.str.lower().map(BOOLEAN_TEXT).fillna(False).astype(bool)
        else:
            frame[f.name] = column
    return frame


def _fiscal_half(dates: pd.Series) -> pd.Series:
    year = dates.dt.year - (dates.dt.month < 4).astype(int)
    half = np.where(dates.dt.month.between(4, 9), "H1", "H2")
    return ("FY" + year.astype("Int64").astype("string") + "-" + pd.Series(half, index=dates.index)).where(dates.notna())


def _check_advisors(t: _Table, a: pd.DataFrame) -> None:
    ended = a["term_end"].notna()
    t.add(ended & (a["term_end"] < a["term_start"]), "term_end", "term_end is before term_start")
    limit = a["term_start"] + pd.DateOffset(months=MAX_TERM_MONTHS)
    t.add(ended & (a["term_end"] >= limit), "term_end", f"term longer than {MAX_TERM_MONTHS} months (the maximum term)")
    expected = _fiscal_half(a["term_start"])
    t.add(a["intake"].notna() & expected.notna() & (a["intake"] != expected), "intake",
          "intake does not match term_start (expected " + expected.fillna("") + ")")
    t.add(ended & a["exit_reason"].isna() & ~t.text["exit_reason"].notna(), "exit_reason", "exit_reason is required once term_end is set")
    t.add(~ended & a["exit_reason"].notna() & t.text["term_end"].isna(), "exit_reason", "exit_reason given but term_end is empty (still serving?)")
    t.add(a["history_confirmed_on"] < a["term_start"], "history_confirmed_on", "history_confirmed_on is before term_start")


def _advisor_lookup(advisors: pd.DataFrame, ids: pd.Series, column: str) -> pd.Series:
    first = advisors.drop_duplicates("advisor_id").set_index("advisor_id")[column]
    return ids.map(first)


def _check_known_advisor(t: _Table, frame: pd.DataFrame, advisors: pd.DataFrame) -> None:
    known = frame["advisor_id"].isin(advisors["advisor_id"].dropna().unique())
    t.add(frame["advisor_id"].notna() & ~known, "advisor_id", "advisor_id not found in advisors")


def _check_period(t: _Table, frame: pd.DataFrame) -> None:
    t.add(frame["end"].notna() & frame["start"].notna() & (frame["end"] < frame["start"]), "end", "end is before start")


def _check_activities(t: _Table, act: pd.DataFrame, advisors: pd.DataFrame) -> None:
    _check_known_advisor(t, act, advisors)
    _check_period(t, act)
    term_start = _advisor_lookup(advisors, act["advisor_id"], "term_start")
    term_end = _advisor_lookup(advisors, act["advisor_id"], "term_end")
    outside = (act["start"] < term_start) | (term_end.notna() & (act["start"] > term_end))
    t.add(outside & act["start"].notna(), "start", "activity starts outside the advisor's term")


def _check_placements(t: _Table, p: pd.DataFrame, advisors: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    _check_known_advisor(t, p, advisors)
    _check_period(t, p)
    orgs = ref.organisations
    operations = ref.operations
    free = p["organisation_is_free_text"]
    coded = p["organisation"].notna() & ~free
    known = p["organisation"].isin(orgs.index.tolist())
    t.add(coded & ~known, "organisation",
          "unknown organisation code: use a code of data/reference or set organisation_is_free_text to true")
    t.add(free & p["sector"].isna() & t.text["sector"].isna(), "sector", "sector is required for a free-text organisation")
    reference_sector = p["organisation"].map(orgs["sector"]).where(coded & known)
    t.add(reference_sector.notna() & p["sector"].notna() & (p["sector"] != reference_sector), "sector",
          "sector disagrees with the reference table for this organisation (expected " + reference_sector.fillna("") + ")")
    is_operation = coded & p["organisation"].isin(operations.index.tolist())
    t.add(is_operation & p["operation"].notna() & (p["operation"] != p["organisation"]), "operation",
          "operation differs from the organisation, which is itself a peace operation")
    operation = p["operation"].where(p["operation"].notna(), p["organisation"].where(is_operation))
    has_op = operation.notna() & operation.isin(operations.index.tolist())
    first_year = operation.map(operations["start_year"]).astype("Float64")
    last_year = operation.map(operations["end_year"]).astype("Float64")
    last_day = p["end"].where(p["end"].notna(), p["start"])
    span = operation.fillna("") + " (" + first_year.astype("Int64").astype("string").fillna("?") + "-" + last_year.astype("Int64").astype("string").fillna("ongoing") + ")"
    too_early = has_op & p["start"].notna() & (p["start"].dt.year < first_year)
    too_late = has_op & last_day.notna() & last_year.notna() & (last_day.dt.year > last_year)
    t.add(too_early | too_late, "start", "placement must lie inside the lifetime of " + span)
    hosts = operation.map(ref.operation_hosts())
    # A frozenset per row: compare in Python (Series.where would treat a set as list-like).
    in_host = pd.Series(
        [not ok or not isinstance(h, frozenset) or not h or c in h
         for ok, h, c in zip(has_op.tolist(), hosts.tolist(), p["duty_country_iso3"].fillna("").tolist(), strict=True)],
        index=p.index,
    )
    t.add(has_op & p["duty_country_iso3"].notna() & ~in_host, "duty_country_iso3",
          "duty country is not a host country of " + operation.fillna("") + " (" + hosts.map(lambda h: ";".join(sorted(h)) if isinstance(h, frozenset) else "").fillna("") + ")")
    confirmed = _advisor_lookup(advisors, p["advisor_id"], "history_confirmed_on")
    t.add(p["start"] > confirmed, "start", "placement starts after the advisor's history_confirmed_on")
    return p.assign(
        sector=p["sector"].where(p["sector"].notna(), reference_sector).astype("string"),
        operation=operation.astype("string"),
    )


def validate_records(data_dir: Path | str = RAW_DIR, reference_dir: Path | str = REFERENCE_DIR) -> tuple[Records, ValidationReport]:
    """Validate the records in ``data_dir``; never raises for bad records.

    Returns the rows that passed every rule and the report (problems, counts).
    Rows with any problem are left out of the returned records and listed in
    ``report.rejected_rows()``; counts reconcile per table.
    """
    data_dir = Path(data_dir)
    ref = load_reference(reference_dir)
    tables, problems = _read_tables(data_dir)
    codes = {
        "sectors": ref.sectors.index.tolist(),
        "countries": ref.countries.index.tolist(),
        "operations": ref.operations.index.tolist(),
    }
    typed: dict[str, pd.DataFrame] = {}
    for t in tables.values():
        if t.text is None:
            continue
        _check_columns(t)
        if t.structural:
            continue
        _check_cells(t, codes)
        typed[t.name] = _typed(t)

    # Rules across tables need readable advisors; when advisors.csv itself cannot
    # be read, its own problem is reported and these rules wait for the fix.
    advisors = typed.get("advisors")
    if advisors is not None:
        _check_advisors(tables["advisors"], advisors)
        if "activities" in typed:
            _check_activities(tables["activities"], typed["activities"], advisors)
        if "placements" in typed:
            typed["placements"] = _check_placements(tables["placements"], typed["placements"], advisors, ref)

    report = ValidationReport(problems=problems)
    loaded: dict[str, pd.DataFrame] = {}
    for name, t in tables.items():
        report.problems.extend(t.problems)
        count = TableCount(file=t.file)
        if t.text is not None:
            count.rows_read = len(t.text)
            if name in typed and not t.structural:
                bad = typed[name][LINE].isin(sorted(t.bad_lines))
                loaded[name] = typed[name].loc[~bad].reset_index(drop=True)
                count.rows_loaded = len(loaded[name])
                count.rows_rejected = int(bad.sum())
            else:
                count.rows_rejected = count.rows_read
        report.counts[name] = count
    empty = {name: pd.DataFrame(columns=[LINE] + [f.name for f in TABLES[name]]) for name in TABLES}
    records = Records(
        advisors=loaded.get("advisors", empty["advisors"]),
        activities=loaded.get("activities", empty["activities"]),
        placements=loaded.get("placements", empty["placements"]),
        reference=ref,
        data_dir=data_dir,
        is_synthetic=(data_dir / SYNTHETIC_MARKER).exists(),
        report=report,
    )
    return records, report


def load_records(data_dir: Path | str = RAW_DIR, reference_dir: Path | str = REFERENCE_DIR) -> Records:
    """Load the validated records of ``data_dir`` with the reference tables.

    Raises :class:`~analysis.problems.DataError` listing every problem found
    (file, line, column, value, rule) when any rule is broken: nothing is
    returned half-loaded.
    """
    records, report = validate_records(data_dir, reference_dir)
    if not report.ok:
        raise DataError(report.problems, report)
    return records
