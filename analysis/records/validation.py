"""Load and validate the record tables: ``load_records`` and ``validate_records``.

Every rule of DESIGN.md is checked and every problem is collected before
anything is returned: each names file, spreadsheet line, column, value and the
rule broken. No row disappears silently: per table, rows read = rows loaded +
rows rejected (:class:`~analysis.records.problems.TableCount`).
"""

from __future__ import annotations

import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.errors import DataError
from analysis.i18n import N_
from analysis.paths import RAW_DIR, RECORD_FILES, REFERENCE_DIR, SYNTHETIC_MARKER, WORKBOOK_NAME
from analysis.records.fields import PERSONAL_DATA_COLUMNS, TABLES, UN_GRADE_LADDER
from analysis.records.fiscal import intake_of
from analysis.records.problems import Problem, TableCount, ValidationReport
from analysis.records.reading import LINE, read_csv_text, read_workbook_sheet
from analysis.records.reference import Reference, load_reference
from analysis.records.schemas import BOOLEAN_TEXT, RULE_DATE, cell_problems, parse_dates
from analysis.records.vectorised import isin, lookup, side_by_side

MAX_TERM_MONTHS = 24


@dataclass(frozen=True, eq=False)
class Records:
    """Validated records and the reference tables they were checked against.

    Dates are ``datetime64`` (day precision); a ``<column>_month_only`` boolean
    marks dates given as ``YYYY-MM``. In ``placements``, ``sector`` is filled
    from the reference tables for coded organisations and ``operation`` from the
    organisation when the organisation is itself a peace operation.

    Frozen: the frames are not replaced after loading, so results computed
    from a Records object (e.g. the placement classification) stay valid.
    Compared and hashed by identity.
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


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


@dataclass(frozen=True)
class _DateText:
    """Dates to write into a message, written out only on the rows reported (strftime ``fmt``)."""

    dates: pd.Series
    fmt: str
    missing: str = ""

    def on(self, mask: pd.Series) -> list[str]:
        text = self.dates.loc[mask].dt.strftime(self.fmt)
        return (text.fillna(self.missing) if self.missing else text).tolist()


class _Table:
    """One table being validated: its text, file label and problems per line."""

    def __init__(self, name: str, file: str, text: pd.DataFrame | None):
        self.name, self.file, self.text = name, file, text
        self.problems: list[Problem] = []
        self.structural = False
        self.dates: dict[str, tuple[pd.Series, pd.Series]] = {}  # column -> (dates, month-only flags)

    def add(self, mask: pd.Series, column: str, template: str, *, values: pd.Series | None = None,
            severity: str = "error", translate: tuple[str, ...] = (), family: str = "",
            **args: pd.Series | object) -> None:
        """Record a problem for every row where ``mask`` is true.

        The rule is ``template.format(**args)``; each argument is a scalar, a
        Series aligned with the table (its value on the row is used) or a
        :class:`_DateText` (its dates written out on the rows reported only).
        ``severity`` is "error" or "warning"; ``values`` replaces the cell value
        shown (default: the text of ``column``).
        """
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        rows = self.text.loc[mask]
        shown = (values if values is not None else rows[column]).loc[mask]
        n = int(mask.sum())
        per_row = {k: (v.loc[mask].tolist() if isinstance(v, pd.Series) else v.on(mask) if isinstance(v, _DateText)
                       else [v] * n) for k, v in args.items()}
        for i, (line, value) in enumerate(zip(rows[LINE], shown, strict=True)):
            row_args = {k: "" if _missing(vals[i]) else vals[i] for k, vals in per_row.items()}
            self.problems.append(Problem.from_template(
                self.file, int(line), column, "" if _missing(value) else str(value), template,
                severity=severity, translate=translate, family=family, **row_args))

    @property
    def bad_lines(self) -> set[int]:
        """Lines refused: those with an error (warnings do not refuse a record)."""
        return {p.line for p in self.problems if p.line > 1 and not p.is_warning}


def _read_tables(data_dir: Path) -> tuple[dict[str, _Table], list[Problem]]:
    workbook = data_dir / WORKBOOK_NAME
    csvs = [data_dir / name for name in RECORD_FILES.values()]
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), 0, "", "", N_("data folder not found"))])
    use_workbook = workbook.exists() and not any(p.exists() for p in csvs)
    if workbook.exists() and any(p.exists() for p in csvs):
        problems.append(Problem(WORKBOOK_NAME, 0, "", "", N_("both the workbook and CSV files are present: keep one source of records")))
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
            t.problems.append(Problem(t.file, 1, column, column, N_(
                "personal data column refused: records must be pseudonymous (remove names, e-mails, birth dates)")))
            t.structural = True
        elif column not in known:
            t.problems.append(Problem.from_template(t.file, 1, column, column, N_("unknown column (expected: {columns})"),
                                                    columns=", ".join(f.name for f in fields)))
            t.structural = True
    for f in fields:
        if f.name not in t.text.columns:
            if f.required:
                t.problems.append(Problem(t.file, 1, f.name, "", N_("required column missing")))
                t.structural = True
            else:
                t.text[f.name] = pd.Series(pd.NA, index=t.text.index, dtype="string")


def _check_cells(t: _Table, codes: dict[str, list[str]]) -> None:
    """The rules on each cell's text (required, unique, pattern, number, code), column by column."""
    for mask, column, template, args in cell_problems(t.text, t.name, codes, t.text[LINE]):
        t.add(mask, column, template, **args)


def _check_dates(t: _Table) -> None:
    """Parse every date column once; a value that is not a date is a problem (RULE_DATE)."""
    columns = [f.name for f in TABLES[t.name] if f.kind == "date" and f.name in t.text]
    parsed = side_by_side(lambda name: parse_dates(t.text[name]), columns)
    for name, (dates, month_only) in zip(columns, parsed, strict=True):
        t.dates[name] = (dates, month_only)
        t.add(t.text[name].notna() & dates.isna(), name, RULE_DATE)


def _typed(t: _Table) -> pd.DataFrame:
    """Text frame -> typed frame. Cells that failed their checks become missing."""
    frame = t.text.copy()
    bad: dict[str, set[int]] = {}
    for p in t.problems:
        bad.setdefault(p.column, set()).add(p.line)
    for f in TABLES[t.name]:
        if f.name not in frame:
            continue
        failed = frame[LINE].isin(sorted(bad[f.name])) if f.name in bad else pd.Series(False, index=frame.index)
        column = frame[f.name].mask(failed.astype(bool))
        if f.kind == "date":
            dates, month_only = t.dates[f.name]
            frame[f.name] = dates.mask(failed.astype(bool))
            frame[f"{f.name}_month_only"] = month_only & ~failed.astype(bool)
        elif f.kind == "number":
            frame[f.name] = pd.to_numeric(column.astype(object), errors="coerce").astype("Float64")
        elif f.kind == "boolean":
            frame[f.name] = column.str.lower().map(BOOLEAN_TEXT).fillna(False).astype(bool)
        else:
            frame[f.name] = column
    return frame


def _latest_day(frame: pd.DataFrame, column: str) -> pd.Series:
    """The latest day a date can mean: the last day of its month for a ``YYYY-MM`` date.

    A month-precision date is stored as the first of its month; a rule that a
    later day could satisfy (an end not before its start, a post inside an
    operation's dates) must give it the benefit of the whole month.
    """
    flag = frame.get(f"{column}_month_only")
    if flag is None:
        return frame[column]
    return frame[column].where(~flag.fillna(False).astype(bool), frame[column] + pd.offsets.MonthEnd(0))


def _check_advisors(t: _Table, a: pd.DataFrame) -> None:
    ended = a["term_end"].notna()
    t.add(ended & (_latest_day(a, "term_end") < a["term_start"]), "term_end", N_("term_end is before term_start"))
    limit = a["term_start"] + pd.DateOffset(months=MAX_TERM_MONTHS)
    t.add(ended & (a["term_end"] >= limit), "term_end", N_("term longer than {months} months (the maximum term)"),
          months=MAX_TERM_MONTHS)
    expected = intake_of(a["term_start"])
    t.add(a["intake"].notna() & expected.notna() & (a["intake"] != expected), "intake",
          N_("intake does not match term_start (expected {expected})"), expected=expected)
    t.add(ended & a["exit_reason"].isna() & ~t.text["exit_reason"].notna(), "exit_reason",
          N_("exit_reason is required once term_end is set"))
    t.add(~ended & a["exit_reason"].notna() & t.text["term_end"].isna(), "exit_reason",
          N_("exit_reason given but term_end is empty (still serving?)"))
    t.add(a["history_confirmed_on"] < a["term_start"], "history_confirmed_on",
          N_("history_confirmed_on is before term_start"))


def _advisor_lookup(advisors: pd.DataFrame, ids: pd.Series, columns: list[str]) -> pd.DataFrame:
    """``columns`` of the advisor (first row of each id) on each row of ``ids``; missing where unknown."""
    first = advisors.dropna(subset=["advisor_id"]).drop_duplicates("advisor_id").set_index("advisor_id")
    return lookup(ids, first[columns])


def _check_known_advisor(t: _Table, frame: pd.DataFrame, advisors: pd.DataFrame) -> None:
    known = isin(frame["advisor_id"], advisors["advisor_id"].dropna().unique())
    t.add(frame["advisor_id"].notna() & ~known, "advisor_id", N_("advisor_id not found in advisors"))


def _check_period(t: _Table, frame: pd.DataFrame) -> None:
    # A month-only end ("2010-11") may be any day of its month, so it is before the start
    # only when the whole month is.
    end = _latest_day(frame, "end")
    t.add(frame["end"].notna() & frame["start"].notna() & (end < frame["start"]), "end", N_("end is before start"))


def _check_activities(t: _Table, act: pd.DataFrame, advisors: pd.DataFrame) -> None:
    _check_known_advisor(t, act, advisors)
    _check_period(t, act)
    # A term_end given as "2008-12" may mean any day of December: its last day is used.
    latest_end = advisors.assign(term_end_latest=_latest_day(advisors, "term_end"))
    terms = _advisor_lookup(latest_end, act["advisor_id"], ["term_start", "term_end_latest", "term_end"])
    term_start, term_end = terms["term_start"], terms["term_end_latest"]
    outside = (_latest_day(act, "start") < term_start) | (term_end.notna() & (act["start"] > term_end))
    t.add(outside & act["start"].notna(), "start", N_("activity starts outside the advisor's term"), severity="warning")
    # An activity that starts in the term but runs past its end (a mission that outlasted the
    # contract) is possible but worth a look: its months after the term are not advisor service.
    ends_after = ~outside & act["start"].notna() & term_end.notna() & (act["end"] > term_end)
    t.add(ends_after, "end", N_("activity ends after the advisor's term ended ({term_end})"),
          term_end=_DateText(terms["term_end"], "%Y-%m-%d"), severity="warning",
          family=N_("activity ends after the advisor's term ended"))


#: A post this many months or fewer outside its operation's dates is a warning; more is an error.
OPERATION_DATE_TOLERANCE_MONTHS = 6
#: Sectors whose posts carry UN grades.
UN_SECTORS = ("un_peace_operation", "un_secretariat", "un_fund_programme", "un_specialised_agency")


def _check_placements(t: _Table, p: pd.DataFrame, advisors: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    _check_known_advisor(t, p, advisors)
    _check_period(t, p)
    orgs = ref.organisations
    operations = ref.operations
    free = p["organisation_is_free_text"]
    coded = p["organisation"].notna() & ~free
    known = isin(p["organisation"], orgs.index.tolist())
    t.add(coded & ~known, "organisation",
          N_("unknown organisation code: use a code of data/reference or set organisation_is_free_text to true"))
    t.add(free & p["sector"].isna() & t.text["sector"].isna(), "sector",
          N_("sector is required for a free-text organisation"))
    reference_sector = lookup(p["organisation"], orgs["sector"]).where(coded & known)
    t.add(reference_sector.notna() & p["sector"].notna() & (p["sector"] != reference_sector), "sector",
          N_("sector disagrees with the reference table for this organisation (expected {expected})"),
          expected=reference_sector)
    is_operation = coded & isin(p["organisation"], operations.index.tolist())
    t.add(is_operation & p["operation"].notna() & (p["operation"] != p["organisation"]), "operation",
          N_("operation differs from the organisation, which is itself a peace operation"))
    operation = p["operation"].where(p["operation"].notna(), p["organisation"].where(is_operation))
    has_op = operation.notna() & isin(operation, operations.index.tolist())
    # Lifetime, liquidation included: a few months outside is a warning (drawdown, late
    # contracts), far outside cannot be true.
    lifetime = lookup(operation, operations[["start", "end"]])
    first_day, last_day = lifetime["start"], lifetime["end"]
    confirmed = _advisor_lookup(advisors, p["advisor_id"], ["history_confirmed_on"])["history_confirmed_on"]
    # A month-only start ("2011-07") may be any day of its month: it is early only when
    # the whole month is. A month-only end is read as the first of its month (the
    # earliest day it can mean), so it is late only when the whole month is.
    start_latest = _latest_day(p, "start")
    # An empty end means "still in post on history_confirmed_on" (DESIGN.md): the post
    # runs to that day, so an open post at an operation that closed long before it
    # cannot be true either.
    # (An end that failed its own check is missing here but not empty in the file.)
    open_post = t.text["end"].isna() & p["start"].notna()
    end = p["end"].where(~open_post, confirmed.where(confirmed > p["start"], p["start"]))
    tolerance = pd.DateOffset(months=OPERATION_DATE_TOLERANCE_MONTHS)
    early = has_op & p["start"].notna() & first_day.notna() & (start_latest < first_day)
    late = has_op & end.notna() & last_day.notna() & (end > last_day)
    far_early = early & (start_latest < first_day - tolerance)
    far_late = late & (end > last_day + tolerance)
    # One template per case, so that each reads as a whole sentence in every language.
    span = {"operation": operation, "first": _DateText(first_day, "%Y-%m"),
            "last": _DateText(last_day, "%Y-%m", missing=N_("ongoing")),
            "months": OPERATION_DATE_TOLERANCE_MONTHS, "confirmed": _DateText(confirmed, "%Y-%m-%d")}
    far = N_("placement lies more than {months} months outside the dates of {operation} ({first} to {last})")
    near = N_("placement lies a few months outside the dates of {operation} ({first} to {last}) "
              "(possible during start-up or drawdown)")
    far_open = N_("placement lies more than {months} months outside the dates of {operation} ({first} to {last}); "
                  "end is empty, so the post runs to history_confirmed_on ({confirmed}): give the day it ended")
    near_open = N_("placement lies a few months outside the dates of {operation} ({first} to {last}) "
                   "(possible during start-up or drawdown); end is empty, so the post runs to "
                   "history_confirmed_on ({confirmed}): give the day it ended")
    t.add(far_early, "start", far, translate=("last",), **span)
    end_text = t.text["end"].where(t.text["end"].notna() | open_post, t.text["start"])
    far_late_only = far_late & ~far_early
    t.add(far_late_only & ~open_post, "end", far, values=end_text, translate=("last",), **span)
    t.add(far_late_only & open_post, "end", far_open, values=end_text, translate=("last",), **span)
    near_family = N_("placement lies a few months outside its operation's dates")
    t.add(early & ~far_early & ~far_late, "start", near, severity="warning", translate=("last",), family=near_family,
          **span)
    near_late = late & ~far_late & ~far_early & ~early
    t.add(near_late & ~open_post, "end", near, values=end_text, severity="warning", translate=("last",),
          family=near_family, **span)
    t.add(near_late & open_post, "end", near_open, values=end_text, severity="warning", translate=("last",),
          family=near_family, **span)
    # Duty stations: the post overlaps a listed span on some day it may have been held.
    station_end = _latest_day(p, "end").where(p["end"].notna(), start_latest)
    at_station = ref.duty_station_matches(operation.where(has_op), p["duty_country_iso3"], p["start"], station_end)
    elsewhere = has_op & p["duty_country_iso3"].notna() & ~at_station
    listed = {op: ref.stations_text(op) for op in operation[elsewhere].unique()}  # once per operation named
    stations = lookup(operation, pd.Series(listed, dtype="string"))
    t.add(elsewhere, "duty_country_iso3",
          N_("duty station is not among the listed locations of {operation} at that date ({stations})"),
          operation=operation, stations=stations, severity="warning",
          family=N_("duty station is not among the operation's listed locations at that date"))
    sector = p["sector"].where(p["sector"].notna(), reference_sector)
    un_grade = isin(p["grade"], list(UN_GRADE_LADDER))
    in_un = isin(sector, list(UN_SECTORS))
    t.add(sector.notna() & ~in_un & un_grade, "grade", N_("UN grade for a post outside the UN ({sector})"),
          sector=sector, severity="warning", family=N_("UN grade for a post outside the UN"))
    t.add(in_un & (p["grade"] == "national civil service"), "grade",
          N_("national civil service grade for a UN post"), severity="warning")
    t.add(p["start"] > confirmed, "start",
          N_("placement starts after the advisor's history_confirmed_on (update history_confirmed_on)"))
    return p.assign(sector=sector.astype("string"), operation=operation.astype("string"))


def validate_records(data_dir: Path | str = RAW_DIR, reference_dir: Path | str = REFERENCE_DIR) -> tuple[Records, ValidationReport]:
    """Validate the records in ``data_dir``; never raises for bad records.

    Returns the rows that passed every rule and the report (problems, counts).
    Rows with any problem are left out of the returned records and listed in
    ``report.rejected_rows()``; counts reconcile per table.
    """
    data_dir = Path(data_dir)
    # Whether the files are the generator's (their SHA-256 digests) is read alongside the checks.
    hashing = ThreadPoolExecutor(max_workers=1)
    synthetic = hashing.submit(is_generated, data_dir)
    hashing.shutdown(wait=False)
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
        _check_dates(t)
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
        is_synthetic=synthetic.result(),
        report=report,
    )
    return records, report


def file_digests(data_dir: Path) -> dict[str, str]:
    """SHA-256 of each record file present in ``data_dir`` (CSV files or the workbook)."""
    names = [*RECORD_FILES.values(), WORKBOOK_NAME]
    return {name: hashlib.sha256((data_dir / name).read_bytes()).hexdigest()
            for name in names if (data_dir / name).is_file()}


def is_generated(data_dir: Path) -> bool:
    """True when ``data_dir`` holds exactly what the synthetic generator wrote there.

    The generator's marker file lists the SHA-256 of every file it wrote; the
    records count as synthetic only when those files are present with those
    digests. Copying the marker next to real records therefore does not make
    them "synthetic": their digests differ.
    """
    marker = data_dir / SYNTHETIC_MARKER
    if not marker.is_file():
        return False
    listed = dict(re.findall(r"^sha256 ([\w.]+) ([0-9a-f]{64})$", marker.read_text(encoding="utf-8"), re.MULTILINE))
    return bool(listed) and listed == file_digests(data_dir)


def load_records(data_dir: Path | str = RAW_DIR, reference_dir: Path | str = REFERENCE_DIR, *,
                 strict: bool = False) -> Records:
    """Load the validated records of ``data_dir`` with the reference tables.

    Raises :class:`~analysis.errors.DataError` listing every error found
    (file, line, column, value, rule): nothing is returned half-loaded.
    Warnings (unusual but possible records) are loaded and listed in
    ``records.report.warnings``; with ``strict=True`` they are errors too.
    """
    records, report = validate_records(data_dir, reference_dir)
    problems = report.sorted_problems() if strict else report.errors
    if problems:
        raise DataError(problems, report)
    return records
