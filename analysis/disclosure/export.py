"""Showing and exporting protected tables: text rendering, formula-safe atomic CSV, the last check.

Only a :class:`~analysis.disclosure.protect.Protected` table can be rendered
or written: suppressed cells become the policy's marker (``"c"`` or ``".."``)
even if a value was put back into them, and every CSV cell is neutralised
against spreadsheet formula injection.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.disclosure.policy import DisclosurePolicy
from analysis.disclosure.protect import Protected
from analysis.errors import DisclosureError

__all__ = ["assert_no_small_counts", "display_table", "format_value", "safe_cell", "write_csv"]

#: First characters that make Excel, LibreOffice or Google Sheets read a cell as a
#: formula (OWASP "CSV Injection"; NUL from OWASP ASVS 1.2.10).
_FORMULA_TRIGGERS = frozenset("=+-@\t\r\0")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _format_number(value: Any, decimals: int | None = None) -> str:
    """A number as text: no trailing ``.0``, no exponent, ``-0`` shown as ``0``."""
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    x = float(value)
    if not np.isfinite(x):
        return "inf" if x > 0 else "-inf" if x < 0 else ""
    if decimals is not None:
        text = np.format_float_positional(x, precision=decimals, unique=False, trim="-")
    else:
        text = np.format_float_positional(x, trim="-")
    return "0" if text in ("-0", "0", "-0.", "0.") else text


def format_value(value: Any, decimals: int | None = None) -> str:
    """One cell as text: missing -> ``""``, numbers without trailing ``.0`` or exponent."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float | np.floating) and np.isnan(value):
        return ""
    if isinstance(value, int | float | np.integer | np.floating | bool | np.bool_):
        return _format_number(value, decimals)
    return str(value)


def _check(table: Any, policy: DisclosurePolicy | None) -> Protected:
    if not isinstance(table, Protected):
        raise DisclosureError(
            "only a Protected table can be shown or exported: protect it with protect_*, or use "
            "declare_no_person_counts for a table with no statistics about people"
        )
    if policy is not None and policy != table.policy:
        raise DisclosureError(f"table was protected under {table.policy}, not {policy}")
    return table


def display_table(table: Protected, policy: DisclosurePolicy | None = None, *,
                  decimals: int | None = None) -> pd.DataFrame:
    """Render a protected table as text: suppressed cells as the marker, numbers tidy.

    Parameters
    ----------
    table : Protected
        Output of a ``protect_*`` function (possibly filtered with ``take``/``select``).
    policy : DisclosurePolicy, optional
        The policy the table must have been protected under.
    decimals : int, optional
        Floats are rounded to this many decimals first (trailing zeros dropped).

    Returns
    -------
    DataFrame of str
        Same index and columns.

    Raises
    ------
    DisclosureError
        Not a Protected table, or protected under another policy.
    """
    table = _check(table, policy)
    columns = {}
    for j, name in enumerate(table.columns):
        flags = table.suppressed.iloc[:, j].to_numpy()
        texts = [format_value(v, decimals) for v in table.data.iloc[:, j].tolist()]
        columns[name] = [table.marker if f else t for f, t in zip(flags, texts, strict=True)]
    return pd.DataFrame(columns, index=table.index, columns=table.columns, dtype=object)


def safe_cell(value: Any) -> str:
    """Text of one CSV cell, neutralised against formula injection.

    Rendered as :func:`format_value` would. If the text starts with ``=``,
    ``+``, ``-``, ``@``, a tab, a carriage return or NUL (also after leading
    spaces, which some spreadsheets skip) and is not as a whole a plain number
    (``-3.5``), a single quote is put in front so spreadsheets show it as text.

    Examples
    --------
    >>> safe_cell("=SUM(A1)"), safe_cell(-3.5), safe_cell("c")
    ("'=SUM(A1)", '-3.5', 'c')
    """
    text = format_value(value)
    core = text.lstrip(" ")
    if core[:1] in _FORMULA_TRIGGERS and not _NUMBER.fullmatch(core):
        return "'" + text
    return text


def _label_text(label: Any) -> str:
    if isinstance(label, tuple):
        return " ".join(format_value(part) for part in label if format_value(part))
    return format_value(label)


def write_text_atomic(path: Path, text: str, *, durable: bool = True) -> Path:
    """Write ``text`` (UTF-8, LF line ends) so a reader sees the old file or the new one, never half.

    The temporary file is created in the same folder with the default
    permissions (the process umask applies as for any new file; an existing
    file's mode is kept), flushed to disk (unless ``durable`` is False: for a
    file inside a folder that is itself moved into place when complete, such
    as a report being built) and moved into place with ``os.replace``.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = target.stat().st_mode & 0o7777
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target


def csv_text(table: Protected, *, decimals: int | None = None) -> str:
    """The CSV text :func:`write_csv` writes (header, then one line per row)."""
    import io

    shown = display_table(table, decimals=decimals)
    index = table.index
    if not (isinstance(index, pd.RangeIndex) and index.equals(pd.RangeIndex(len(index)))):
        names = [_label_text(n) if n is not None else f"level_{i}" if i else "index" for i, n in enumerate(index.names)]
        index_cols = [[_label_text(v) for v in index.get_level_values(i)] for i in range(index.nlevels)]
    else:
        names, index_cols = [], []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in names + [_label_text(c) for c in table.columns]])
    body = shown.to_numpy(dtype=object)
    for i in range(body.shape[0]):
        writer.writerow([safe_cell(v) for v in [col[i] for col in index_cols] + list(body[i])])
    return buffer.getvalue()


def write_csv(
    table: Protected,
    path: str | os.PathLike[str],
    *,
    policy: DisclosurePolicy | None = None,
    count_cols: Sequence[Hashable] | None = None,
    decimals: int | None = None,
    durable: bool = True,
) -> Path:
    """Write a protected table as a CSV file for publication, atomically.

    UTF-8, LF line ends, no BOM; suppressed cells as the marker; every
    header and cell through :func:`safe_cell`; a meaningful index (anything
    but the default 0..n-1) written as the first column(s). The same table
    always gives the same bytes.

    Parameters
    ----------
    table : Protected
        The table.
    path : path-like
        Destination file; its folder must exist.
    policy : DisclosurePolicy, optional
        The policy the table must have been protected under.
    count_cols : sequence, optional
        Columns checked by :func:`assert_no_small_counts` first (default: the
        table's count columns).
    decimals : int, optional
        Passed to :func:`display_table`.
    durable : bool, default True
        Flush the file to disk before moving it into place (see
        :func:`write_text_atomic`).

    Returns
    -------
    Path

    Raises
    ------
    DisclosureError
        Not protected (or under another policy), or a shown count is 1..k-1.
    """
    table = _check(table, policy)
    assert_no_small_counts(table, count_cols=table.counts if count_cols is None else count_cols,
                           k=table.policy.threshold)
    return write_text_atomic(Path(path), csv_text(table, decimals=decimals), durable=durable)


def assert_no_small_counts(table: Protected | pd.DataFrame, *, count_cols: Sequence[Hashable] | Hashable,
                           k: int) -> None:
    """Raise if any *shown* count of people in ``count_cols`` is 1..k-1.

    Works on a :class:`Protected` table (suppressed cells skipped even if a
    value was put back) and on a rendered one from :func:`display_table`
    (markers and other text are skipped).

    Raises
    ------
    DisclosureError
        Naming every offending column, row label and value.
    """
    cols = [count_cols] if isinstance(count_cols, str) or not isinstance(count_cols, Iterable) else list(count_cols)
    frame = table.data if isinstance(table, Protected) else table
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise KeyError(f"columns not in the table: {missing}")
    problems: list[str] = []
    for col in cols:
        series = frame[col]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            series = pd.to_numeric(series.astype("string").str.lstrip("'"), errors="coerce")
        values = pd.to_numeric(series, errors="coerce").astype("Float64")
        small = ((values >= 1) & (values < k)).fillna(False).to_numpy(dtype=bool)
        if isinstance(table, Protected):
            small &= ~table.hidden(col)
        for i in np.flatnonzero(small):
            problems.append(f"column {col!r}, row {frame.index[i]!r}: {_format_number(values.iloc[i])}")
    if problems:
        raise DisclosureError(f"counts of 1 to {k - 1} people would be published: " + "; ".join(problems))
