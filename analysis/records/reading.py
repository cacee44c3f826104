"""Reading record files (CSV or the Excel workbook) into text frames.

Every cell is read as text so that validation sees exactly what the file holds;
types are assigned only after the values have been checked. Each frame carries
a ``_line`` column: the line number a spreadsheet shows (header = 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd

from analysis.i18n import N_
from analysis.records.problems import Problem
from analysis.records.vectorised import side_by_side

LINE = "_line"
#: A file holding nothing but a byte-order mark and white space.
_BLANK = re.compile(rb"(\xef\xbb\xbf)?[ \r\n\t]*")


def _decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        value = repr(raw[err.start : err.start + 4])
        for encoding, label in (("cp932", "Shift-JIS (cp932)"), ("euc_jp", "EUC-JP")):
            try:
                raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            return None, [Problem.from_template(
                name, line, "", value,
                N_("file is not UTF-8; it looks like {encoding}: save it as UTF-8 (Excel: 'CSV UTF-8')"),
                encoding=label)]
        return None, [Problem(name, line, "", value, N_("file is not UTF-8"))]


def read_csv_text(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV file as text. Returns (frame or None, problems).

    Accepts a UTF-8 byte-order mark, CRLF line ends and any column order.
    Empty cells and cells holding only spaces become ``<NA>``.
    """
    name = path.name
    if not path.exists():
        return None, [Problem.from_template(name, 0, "", "", N_("file not found in {folder}/ (expected {name})"),
                                            folder=path.parent.name, name=name)]
    raw = path.read_bytes()
    if _BLANK.fullmatch(raw):
        return None, [Problem(name, 0, "", "", N_("file is empty: it needs at least the header row (see data/templates/)"))]
    fast = _read_with_arrow(raw)
    if fast is not None:
        return _tidy(fast, stripped=True), []
    text, problems = _decode(raw, name)
    if text is None:
        return None, problems
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as err:
        return None, [Problem.from_template(name, 0, "", "", N_("not a readable CSV file: {error}"), error=err)]
    header = next(csv.reader(io.StringIO(text)))
    duplicated = sorted({c.strip() for c in header if [h.strip() for h in header].count(c.strip()) > 1})
    if duplicated:
        return None, [Problem(name, 1, c, c, N_("column appears more than once in the header")) for c in duplicated]
    return _tidy(frame), []


def _read_with_arrow(raw: bytes) -> pd.DataFrame | None:
    """Every cell as text, read by pyarrow's CSV reader (multi-threaded, vectorised).

    Returns None when the file needs the careful path, which then reports
    exactly what is wrong or keeps the line numbers right: not UTF-8, a
    repeated header name, rows of the wrong width, or blank lines. Cells are
    stripped and empty cells are missing, as on the careful path.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pacsv

    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    end = raw.find(b"\n", start)
    try:
        first = raw[start:end if end >= 0 else len(raw)].decode("utf-8")
    except UnicodeDecodeError:
        return None
    header = next(csv.reader([first.rstrip("\r")]), [])
    if not header or len({h.strip() for h in header}) != len(header):
        return None
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(raw)[start:]),  # no copy of the file's bytes
            # A blank line is an error here (a row of one field), so the careful path, which
            # keeps the line numbers of the rows after it, takes such a file.
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(header, pa.large_string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        return None
    if table.column_names != header:
        return None

    def clean(column: pa.ChunkedArray) -> pd.Series:
        trimmed = pc.utf8_trim_whitespace(column)
        cleaned = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, trimmed.type), trimmed)
        return pd.Series(pd.arrays.ArrowStringArray(cleaned), dtype="string", copy=False)

    cleaned = side_by_side(clean, table.columns)
    return pd.DataFrame({name.strip(): column for name, column in zip(table.column_names, cleaned, strict=True)})


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_workbook_sheet(path: Path, sheet: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one sheet of the records workbook as text; Excel dates become ISO dates."""
    from openpyxl import load_workbook

    name = f"{path.name}[{sheet}]"
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet not in workbook.sheetnames:
            return None, [Problem.from_template(name, 0, "", "", N_("sheet '{sheet}' not found in {workbook}"),
                                                sheet=sheet, workbook=path.name)]
        rows = [[_cell_text(v) for v in row] for row in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows or not any(c.strip() for c in rows[0]):
        return None, [Problem(name, 0, "", "", N_("sheet is empty: it needs at least the header row"))]
    header, body = rows[0], rows[1:]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    frame = pd.DataFrame([r[:width] for r in body], columns=header[:width], dtype=str)
    return _tidy(frame), []


def _tidy(frame: pd.DataFrame, *, stripped: bool = False) -> pd.DataFrame:
    frame.columns = [str(c).strip() for c in frame.columns]
    if not stripped:
        frame = frame.astype("string")
        for column in frame.columns:
            text = frame[column].str.strip()
            frame[column] = text.mask(text == "")
    frame.insert(0, LINE, pd.RangeIndex(2, len(frame) + 2))
    # A blank line is not a record: it keeps its line number but is not read.
    blank = frame.drop(columns=LINE).isna().all(axis=1)
    return frame.loc[~blank].reset_index(drop=True)
