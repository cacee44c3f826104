"""Disclosure audit of a built report: try to recover a count of 1..k-1 people from the published files.

This is the check statistical offices do by hand before release, done as an
attacker who has only the report folder (``index.html``, ``figures/``,
``tables/``, ``headline.*``, ``values/``, ``disclosure.json``) and, optionally,
the records (to match published career paths against individuals). It does
not trust the library that built the report: every number is read back from
the files themselves.

What is tried
-------------
``table``
    Every shown count of people in a CSV, an HTML table or ``headline.json``
    (count columns: those listed in ``disclosure.json``, else those named like
    ``people``, ``alumni``, ``numerator``...); ``num / den`` cells give their
    complement too.
``differencing``
    The additive relations of ``disclosure.json`` with the published values
    (one unknown per population key; suppressed cells at least 1, derived
    quantities at least 0; under HESA rounding a shown value v stands for
    v-2..v+2): the smallest and largest value of every unknown by linear
    programming (HiGHS). Relations not in the manifest are found too: a row
    or column labelled "Total", and cross-table rows whose sums equal a count
    published under the same label in another table (checked on the rows
    shown in full). A rate shown next to its denominator (``0.933`` next to
    ``30``) gives back its numerator when only one is consistent with it.
``geometry``
    Bars read back from the SVG through the axis ticks (vertical and
    horizontal, rate bars with ``num / den`` tick labels, stacked 100% bars
    whose shares make whole people only for one plausible total), heat-map
    annotations.
``survival``
    Kaplan-Meier step lines with their log-log Greenwood band: each step's
    events and people at risk, and the people withdrawn between steps.
``text``
    Numbers of people quoted anywhere (titles, footers, notes, definitions,
    findings; English and Japanese).
``title``, ``order``
    Titles naming a suppressed category or claiming a ranking or range the
    shown values cannot support; rows sorted by value with a suppressed row
    among the shown ones; a chart with every bar suppressed under a ranking
    title.
``sequence``
    Published typical paths followed by 1..k-1 individuals (with the
    records), an index plot of individual careers in a report that does not
    declare synthetic data.

Each way of recovering a count is one :class:`Finding`; :func:`audit_report`
returns them sorted (same folder, same list).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np

from analysis.report._svg import AxesInfo, Rect, SvgFigure, parse_number, parse_svg

__all__ = ["Finding", "audit_report", "invert_km_band", "recover_rate"]

#: Columns counting people in tables the manifest does not describe.
COUNT_NAMES = frozenset({
    "people", "advisors", "alumni", "in_field", "known", "eligible", "ever_in_field", "numerator", "denominator",
    "knowledge_numerator", "knowledge_denominator", "at_risk", "events", "censored", "changes", "person_months",
    "records", "of", "members", "persons", "n",
})
#: Words naming people, after a number ("2 alumni", "2人").
_PEOPLE = r"(?:alumni|alumnus|alumna|advisors?|advisers?|people|persons?|members?|individuals?|researchers?)"
_BETWEEN = r"(?:(?:former|more|other|of|the|these|those|such|eligible|new|current|recent|remaining|additional|" \
           r"excluded|female|male|japanese|further|whose)\s+){0,2}"
_PEOPLE_NUMBER = re.compile(r"(?<![\w.,/\-–])(\d{1,6})(?![\w.,%/]|\s*%|-\w)\s+" + _BETWEEN + _PEOPLE + r"\b",
                            re.IGNORECASE)
_N_EQUALS = re.compile(r"(?<![\w])n\s*=\s*(\d{1,6})(?![\d.,])", re.IGNORECASE)
_JA_PEOPLE = re.compile(r"(?<![\d.,])(\d{1,6})\s*(?:人|名)(?!未満|以上|以下|前|称|目|当たり|あたり|につき)")
#: Words before a number that make it a threshold, not a count ("fewer than 3 people").
_THRESHOLD_BEFORE = re.compile(
    r"(?:fewer|less|more|greater|lower|higher|other)\s+than\s*$|(?:at\s+least|at\s+most|below|under|over|above|up\s+to|"
    r"minimum\s+of|maximum\s+of|min\.?|max\.?|threshold(?:\s+of)?|k\s*=|k\s+of|per|≥|≤|<|>|=<|>=)\s*$",
    re.IGNORECASE)
_THRESHOLD_AFTER = re.compile(r"^\s*(?:\S+\s+){0,2}?(?:or\s+more|or\s+fewer|or\s+less|or\s+above|\+)", re.IGNORECASE)
_RANKING = re.compile(r"\b(most|highest|largest|biggest|greatest|top|leading|lowest|least|fewest|smallest)\b|"
                      r"最も|最多|最大|最少|最小|一番", re.IGNORECASE)
_RANKING_LOW = re.compile(r"\b(lowest|least|fewest|smallest)\b|最少|最小", re.IGNORECASE)
_PERCENT_RANGE = re.compile(r"\d+(?:\.\d+)?\s*%?\s*[–\-~〜]\s*\d+(?:\.\d+)?\s*%")
_POOLED = re.compile(r"^(?:__other__|other \(pooled|その他（)", re.IGNORECASE)
_FRACTION = re.compile(r"^\s*([^\s/]+)\s*/\s*([^\s/]+)\s*$")
_NOTHING_SHOWN = re.compile(r"too few|nothing to show|not shown|cannot be shown|not drawn|少な|表示でき", re.IGNORECASE)
_TOTAL_LABELS = frozenset({"total", "all", "合計", "計", "全体"})
#: z of the 95% band (what the report draws).
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Finding:
    """One way to recover a count of 1..k-1 people (or a ranking of one) from the published files.

    Attributes
    ----------
    file : str
        Path relative to the report folder, e.g. ``"figures/02-grades.svg"``.
    element : str
        Where in the file, e.g. ``"bar 3 ('FY2010')"``, ``"row 2 column 'people'"``, ``"title"``.
    value : float
        The recovered count (1..k-1), or NaN when the finding is not a number (an order, a claim).
    method : str
        ``"table"``, ``"geometry"``, ``"differencing"``, ``"title"``, ``"order"``, ``"survival"``,
        ``"sequence"`` or ``"text"``.
    detail : str
        One sentence: how it was recovered.
    """

    file: str
    element: str
    value: float
    method: str
    detail: str

    def __str__(self) -> str:
        shown = "a ranking" if math.isnan(self.value) else f"{self.value:g}"
        return f"{self.file}: {self.element}: recovered {shown} ({self.method}): {self.detail}"

    def sort_key(self) -> tuple:
        return (self.file, self.element, self.method, -1.0 if math.isnan(self.value) else self.value, self.detail)


# --------------------------------------------------------------------------- reading the folder


@dataclass
class _Table:
    """A published CSV: header and rows of text, as a reader sees them."""

    file: str
    name: str
    header: list[str]
    rows: list[list[str]]

    def column(self, name: str) -> list[str]:
        j = self.header.index(name)
        return [row[j] if j < len(row) else "" for row in self.rows]

    def label_column(self, counts: Iterable[str] = ()) -> str | None:
        """The display labels: ``label``/``name`` if present, else the first non-count text column."""
        for name in ("label", "name"):
            if name in self.header:
                return name
        skip = set(counts)
        for name in self.header:
            if name not in skip:
                return name
        return None


@dataclass
class _Report:
    folder: Path
    k: int
    kind: str
    marker: str
    manifest: dict
    tables: dict[str, _Table]
    headline: dict
    values: dict[str, dict]
    findings: list[Finding] = field(default_factory=list)
    bounds: dict[tuple[str, int, str], tuple[float, float]] = field(default_factory=dict)

    def add(self, file: str, element: str, value: float, method: str, detail: str) -> None:
        self.findings.append(Finding(file, element, float(value), method, detail))

    def small(self, value: float) -> bool:
        return value is not None and not math.isnan(value) and 1 <= value <= self.k - 1

    def is_marker(self, text: str) -> bool:
        t = _cell(text)
        return t in (self.marker, "c", "..")

    def counts(self, table: _Table) -> list[str]:
        """Count columns of a table: the manifest's, else by name."""
        listed = self.manifest.get("tables", {}).get(table.name, {}).get("counts")
        if listed is not None:
            return [c for c in listed if c in table.header]
        named = [c for c in table.header if c.lower() in COUNT_NAMES]
        if named or len(table.header) < 3:
            return named
        # a cross-table: columns named like the row labels, holding whole numbers or the marker
        rows = {_norm(t) for t in table.column(table.header[0])}
        columns = table.header[1:]
        if sum(_norm(c) in rows for c in columns) * 2 >= len(columns) and all(
                self.is_marker(t) or (_number(t) is not None and float(_number(t) or 0).is_integer())
                for c in columns for t in table.column(c)):
            return columns
        return []

    def figure_meta(self, name: str) -> dict:
        for document in self.values.values():
            figures = document.get("figures", {}) if isinstance(document, dict) else {}
            if name in figures and isinstance(figures[name], dict):
                return figures[name]
        return {}


def _cell(text: Any) -> str:
    t = "" if text is None else str(text).strip()
    return t[1:] if t.startswith("'") else t


def _number(text: Any) -> float | None:
    value, percent = parse_number(_cell(text))
    return None if value is None or percent else value


def _read_csv(path: Path, folder: Path) -> _Table | None:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if not rows:
        return None
    return _Table(file=path.relative_to(folder).as_posix(), name=path.stem, header=rows[0], rows=rows[1:])


def _load(folder: Path, k: int) -> _Report:
    manifest: dict = {}
    if (folder / "disclosure.json").is_file():
        try:
            manifest = json.loads((folder / "disclosure.json").read_text(encoding="utf-8"))
        except ValueError:
            manifest = {}
    policy = manifest.get("policy", {}) if isinstance(manifest, dict) else {}
    headline: dict = {}
    if (folder / "headline.json").is_file():
        try:
            headline = json.loads((folder / "headline.json").read_text(encoding="utf-8"))
        except ValueError:
            headline = {}
    kind = str(policy.get("kind") or headline.get("disclosure", {}).get("kind") or "suppress")
    marker = str(policy.get("marker") or (".." if kind == "hesa" else "c"))
    tables: dict[str, _Table] = {}
    for path in sorted((folder / "tables").glob("*.csv")) if (folder / "tables").is_dir() else []:
        table = _read_csv(path, folder)
        if table is not None:
            tables[table.name] = table
    if (folder / "headline.csv").is_file():
        table = _read_csv(folder / "headline.csv", folder)
        if table is not None:
            tables.setdefault("headline", table)
    values: dict[str, dict] = {}
    for path in sorted((folder / "values").glob("*.json")) if (folder / "values").is_dir() else []:
        try:
            values[path.relative_to(folder).as_posix()] = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
    return _Report(folder=folder, k=k, kind=kind, marker=marker, manifest=manifest if isinstance(manifest, dict) else {},
                   tables=tables, headline=headline, values=values)


# --------------------------------------------------------------------------- 1. tables


def _check_tables(report: _Report) -> None:
    for table in report.tables.values():
        counts = report.counts(table)
        for col in counts:
            for i, text in enumerate(table.column(col), start=1):
                value = _number(text)
                if value is not None and report.small(value):
                    report.add(table.file, f"row {i} column '{col}'", value, "table",
                               f"the cell shows {_fmt(value)} people")
    measures = report.headline.get("measures", []) if isinstance(report.headline, dict) else []
    for i, measure in enumerate(measures):
        if not isinstance(measure, dict):
            continue
        name = measure.get("measure", i)
        pairs = (("numerator", "denominator"), ("knowledge_numerator", "knowledge_denominator"))
        for column in (c for pair in pairs for c in pair):
            value = measure.get(column)
            if isinstance(value, int | float) and report.small(float(value)):
                report.add("headline.json", f"measures[{i}] ('{name}') {column}", float(value), "table",
                           f"the headline shows {_fmt(value)} people")
        for num, den in pairs:
            a, b = measure.get(num), measure.get(den)
            if (isinstance(a, int | float) and isinstance(b, int | float) and report.kind != "hesa"
                    and report.small(float(b) - float(a))):
                report.add("headline.json", f"measures[{i}] ('{name}') {den} - {num}", float(b) - float(a),
                           "differencing", f"{_fmt(b)} - {_fmt(a)} people are without the outcome")
    for file, document in report.values.items():
        for name, rows in (document.get("tables", {}) or {}).items() if isinstance(document, dict) else []:
            for i, row in enumerate(_records(rows), start=1):
                for col, value in row.items():
                    if str(col).lower() in COUNT_NAMES and isinstance(value, int | float) and report.small(value):
                        report.add(file, f"tables.{name} row {i} column '{col}'", float(value), "table",
                                   f"the stated table shows {_fmt(value)} people")


def _records(rows: Any) -> list[dict]:
    if isinstance(rows, list):
        return [r for r in rows if isinstance(r, dict)]
    if isinstance(rows, dict) and isinstance(rows.get("data"), list) and isinstance(rows.get("columns"), list):
        return [dict(zip(rows["columns"], r, strict=False)) for r in rows["data"] if isinstance(r, list)]
    if isinstance(rows, dict) and rows and all(isinstance(v, list) for v in rows.values()):
        length = min(len(v) for v in rows.values())
        return [{c: v[i] for c, v in rows.items()} for i in range(length)]
    return []


def _fmt(value: Any) -> str:
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return str(value)


# --------------------------------------------------------------------------- HTML


class _Blocks(HTMLParser):
    """Text blocks of a page (paragraphs, list items, cells, headings, captions, alt texts) and its tables."""

    BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "td", "th", "dd", "dt",
                        "figcaption", "title", "summary", "blockquote", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.tables: list[dict] = []
        self._stack: list[tuple[str, list[str]]] = []
        self._skip = 0
        self._table: dict | None = None
        self._row: list[tuple[str, str]] | None = None
        self._cell: tuple[str, list[str]] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "img" and attributes.get("alt"):
            self.blocks.append((f"img alt ({attributes.get('src', '')})", attributes["alt"] or ""))
        if tag == "table":
            self._table = {"header": [], "rows": [], "caption": "", "classes": attributes.get("class") or ""}
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = (attributes.get("class") or "", [])
        if tag in self.BLOCKS:
            self._stack.append((tag, []))
        if tag == "br" and self._stack:
            self._stack[-1][1].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append((self._cell[0], " ".join("".join(self._cell[1]).split())))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            (self._table["header"] if self._in_head else self._table["rows"]).append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        if tag in self.BLOCKS:
            for index in range(len(self._stack) - 1, -1, -1):
                if self._stack[index][0] == tag:
                    name, parts = self._stack.pop(index)
                    text = " ".join("".join(parts).split())
                    if text:
                        self.blocks.append((name, text))
                    if self._stack and text:
                        self._stack[-1][1].append(" " + text + " ")
                    break

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._stack:
            self._stack[-1][1].append(data)
        if self._cell is not None:
            self._cell[1].append(data)
        if self._table is not None and self._stack and self._stack[-1][0] == "caption":
            self._table["caption"] += data


_HTML_COUNT = re.compile(r"\b(people|advisors?|alumni|persons|members|numerator|denominator|at risk|events|"
                         r"censored|in the field|known|eligible)\b|人数|人$|名$", re.IGNORECASE)


def _check_html(report: _Report) -> list[tuple[str, str, str]]:
    """Tables of index.html (cells and ``num / den`` cells); returns the page's text blocks for the text check."""
    path = report.folder / "index.html"
    if not path.is_file():
        return []
    parser = _Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    for t, table in enumerate(parser.tables, start=1):
        header = [text for _cls, text in (table["header"][-1] if table["header"] else [])]
        if re.search(r"records, not people|rows of the", table.get("caption", ""), re.IGNORECASE):
            continue
        for i, row in enumerate(table["rows"], start=1):
            for j, (_cls, text) in enumerate(row):
                name = header[j] if j < len(header) else ""
                fraction = _FRACTION.match(re.sub(r"\(.*?\)", "", text))
                element = f"table {t} row {i} column '{name}'"
                if fraction and _number(fraction.group(1)) is not None and _number(fraction.group(2)) is not None:
                    num, den = _number(fraction.group(1)), _number(fraction.group(2))
                    assert num is not None and den is not None
                    for value, what in ((num, "numerator"), (den, "denominator")):
                        if report.small(value):
                            report.add("index.html", element, value, "table", f"the {what} of '{text}' is {_fmt(value)}")
                    if report.kind != "hesa" and report.small(den - num):
                        report.add("index.html", element, den - num, "differencing",
                                   f"'{text}' leaves {_fmt(den - num)} people without the outcome")
                    continue
                value = _number(text)
                if (value is not None and name and _HTML_COUNT.search(name) and report.small(value)
                        and not re.search(r"%|rate|share|per\b|mean|average|months|years", name, re.IGNORECASE)):
                    report.add("index.html", element, value, "table", f"the cell shows {_fmt(value)} people")
    counters: dict[str, int] = {}
    out = []
    for tag, text in parser.blocks:
        counters[tag] = counters.get(tag, 0) + 1
        out.append(("index.html", f"{tag} {counters[tag]}", text))
    return out


# --------------------------------------------------------------------------- rates


def recover_rate(rate_text: str, den: float, *, hesa: bool, num: float | None = None) -> tuple[int, int] | None:
    """The one ``(numerator, denominator)`` consistent with a shown rate and denominator, if only one is.

    Parameters
    ----------
    rate_text : str
        The rate as printed (its decimals give its precision), e.g. ``"0.933"``.
    den : float
        The shown denominator (exact; under HESA rounding it stands for den-2..den+2).
    hesa : bool
        Whether shown counts are HESA-rounded.
    num : float, optional
        The shown numerator, when there is one (under HESA it stands for num-2..num+2).

    Returns
    -------
    tuple of int or None
        ``(n, d)`` when exactly one pair fits, else None.

    Examples
    --------
    >>> recover_rate("0.933", 30, hesa=True)
    (28, 30)
    """
    text = _cell(rate_text)
    value, percent = parse_number(text)
    if value is None:
        return None
    digits = text.rstrip("%").split(".")[1] if "." in text.rstrip("%") else ""
    decimals = len(digits) + (2 if percent else 0)
    tolerance = 0.5 * 10 ** (-decimals) + 1e-12
    dens = range(max(0, int(den) - 2), int(den) + 3) if hesa else [int(round(den))]
    found = set()
    for d in dens:
        if d <= 0:
            continue
        nums = (range(max(0, int(num) - 2), min(d, int(num) + 2) + 1) if (hesa and num is not None)
                else [int(round(num))] if num is not None else range(0, d + 1))
        for n in nums:
            if 0 <= n <= d and abs(n / d - value) <= tolerance:
                found.add((n, d))
    if len(found) == 1:
        return found.pop()
    numerators = {n for n, _d in found}
    complements = {d - n for n, d in found}
    if len(numerators) == 1 and found:
        n = numerators.pop()
        return (n, -1)
    if len(complements) == 1 and found:
        return (-1, complements.pop())
    return None


def _consistent(rate_text: str, value: float) -> bool:
    """Whether ``value`` rounds to the rate as printed."""
    text = _cell(rate_text).rstrip("%")
    shown, percent = parse_number(_cell(rate_text))
    if shown is None:
        return False
    decimals = (len(text.split(".")[1]) if "." in text else 0) + (2 if percent else 0)
    return abs(value - shown) <= 0.5 * 10 ** (-decimals) + 1e-12


def _rate_pairs(table: _Table, counts: list[str]) -> list[tuple[str, str, str]]:
    """(rate, numerator, denominator) columns of a table, by name."""
    pairs = []
    header = table.header
    for col in header:
        low = col.lower()
        if col in counts or not (low == "rate" or low.endswith("_rate") or low == "share"):
            continue
        if low == "rate":
            options = [("numerator", "denominator"), ("people", "of")]
        elif low == "knowledge_rate":
            options = [("knowledge_numerator", "knowledge_denominator"), ("known", "eligible")]
        else:
            stem = col[: -len("_rate")]
            after = [c for c in header[header.index(stem) + 1:] if c in counts] if stem in header else []
            options = [(stem, after[0])] if after else []
        for num, den in options:
            if num in header and den in header:
                pairs.append((col, num, den))
                break
    return pairs


def _check_rates(report: _Report) -> None:
    hesa = report.kind == "hesa"
    for table in report.tables.values():
        counts = report.counts(table)
        for rate, num_col, den_col in _rate_pairs(table, counts):
            for i, (r, n, d) in enumerate(zip(table.column(rate), table.column(num_col), table.column(den_col),
                                               strict=True), start=1):
                den = _number(d)
                if den is None or report.is_marker(r) or parse_number(_cell(r))[0] is None:
                    continue
                num = _number(n)
                if not hesa and num is not None:
                    continue  # both shown exactly: the table check covers them
                if hesa and num is not None and den > 0 and _consistent(r, num / den):
                    continue  # the rate of the rounded counts, as HESA publishes it: nothing more
                found = recover_rate(r, den, hesa=hesa, num=num)
                if found is None:
                    continue
                got_n, got_d = found
                if got_n >= 0 and got_d >= 0:
                    for value, what in ((got_n, f"'{num_col}'"), (got_d - got_n, f"'{den_col}' - '{num_col}'")):
                        if report.small(value):
                            report.add(table.file, f"row {i} column '{rate}'", value, "differencing",
                                       f"only {got_n}/{got_d} gives the rate {_cell(r)} next to {den_col} {_cell(d)}, "
                                       f"so {what} is {value}")
                elif got_n >= 0 and report.small(got_n):
                    report.add(table.file, f"row {i} column '{rate}'", got_n, "differencing",
                               f"every numerator consistent with the rate {_cell(r)} and {den_col} {_cell(d)} is {got_n}")
                elif got_d >= 0 and report.small(got_d):
                    report.add(table.file, f"row {i} column '{rate}'", got_d, "differencing",
                               f"every pair consistent with the rate {_cell(r)} and {den_col} {_cell(d)} leaves "
                               f"{got_d} people without the outcome")


# --------------------------------------------------------------------------- 2. differencing (linear programming)


@dataclass
class _System:
    """Unknowns with bounds and additive equations ``sum(coef * var) == rhs``."""

    lower: dict[str, float] = field(default_factory=dict)
    upper: dict[str, float] = field(default_factory=dict)
    equations: list[dict[str, float]] = field(default_factory=list)

    def bound(self, name: str, low: float, high: float = math.inf) -> None:
        self.lower[name] = max(self.lower.get(name, -math.inf), low)
        self.upper[name] = min(self.upper.get(name, math.inf), high)

    def solve(self, check: Iterable[str]) -> tuple[dict[str, tuple[float, float]], bool]:
        """Smallest and largest feasible value of each variable in ``check``; False when infeasible."""
        from scipy.optimize import linprog

        names = sorted(set(self.lower) | {v for eq in self.equations for v in eq})
        position = {n: i for i, n in enumerate(names)}
        parent = list(range(len(names)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for eq in self.equations:
            first, *rest = [position[v] for v in eq]
            for other in rest:
                parent[find(other)] = find(first)
        blocks: dict[int, list[int]] = {}
        for i in range(len(names)):
            blocks.setdefault(find(i), []).append(i)
        wanted = {position[c] for c in check if c in position}
        out: dict[str, tuple[float, float]] = {}
        feasible = True
        for block in blocks.values():
            targets = [i for i in block if i in wanted]
            if not targets:
                continue
            local = {v: j for j, v in enumerate(block)}
            rows = [eq for eq in self.equations if position[next(iter(eq))] in local]
            bounds = [(self.lower.get(names[v], 0.0), None if math.isinf(self.upper.get(names[v], math.inf))
                       else self.upper[names[v]]) for v in block]
            if not rows:
                for v in targets:
                    out[names[v]] = (bounds[local[v]][0], math.inf if bounds[local[v]][1] is None
                                     else bounds[local[v]][1])
                continue
            a_eq = np.zeros((len(rows), len(block)))
            for r, eq in enumerate(rows):
                for var, coef in eq.items():
                    a_eq[r, local[position[var]]] += coef
            b_eq = np.zeros(len(rows))
            for v in targets:
                objective = np.zeros(len(block))
                objective[local[v]] = 1.0
                low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
                if low.status != 0:
                    feasible = False
                    break
                high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
                out[names[v]] = (float(low.fun), float(-high.fun) if high.status == 0 else math.inf)
        return out, feasible


def _manifest_cells(report: _Report) -> tuple[dict[str, list[tuple[str, int, str, str]]], dict[str, list[str]]]:
    """Where each population key is published: key -> [(file, row, column, text)]; and table -> measure ids."""
    cells: dict[str, list[tuple[str, int, str, str]]] = {}
    measure_keys: dict[str, dict[str, str]] = {}
    for name, spec in sorted(report.manifest.get("tables", {}).items()):
        table = report.tables.get(name)
        if table is None or not isinstance(spec, dict):
            continue
        for col, keys in (spec.get("keys") or {}).items():
            if col not in table.header or not isinstance(keys, list):
                continue
            texts = table.column(col)
            measures = table.column("measure") if "measure" in table.header else None
            for i, (key, text) in enumerate(zip(keys, texts, strict=False), start=1):
                cells.setdefault(str(key), []).append((table.file, i, col, text))
                if measures is not None:
                    measure_keys.setdefault(measures[i - 1], {})[col] = str(key)
    for i, measure in enumerate(report.headline.get("measures", []) if isinstance(report.headline, dict) else []):
        if not isinstance(measure, dict):
            continue
        for col, key in measure_keys.get(str(measure.get("measure")), {}).items():
            if col in measure:
                value = measure[col]
                text = report.marker if value is None and col in (measure.get("suppressed_columns") or []) else (
                    "" if value is None else _fmt(value))
                cells.setdefault(key, []).append(("headline.json", i, col, text))
    return cells, {}


def _check_differencing(report: _Report) -> None:
    relations = report.manifest.get("relations") or []
    cells, _unused = _manifest_cells(report)
    system = _System()
    hesa = report.kind == "hesa"
    where_hidden: dict[str, tuple[str, int, str]] = {}
    shown: dict[str, float] = {}
    for key, places in cells.items():
        for file, row, col, text in places:
            value = _number(text)
            if value is not None:
                if key in shown and abs(shown[key] - value) > 1e-9 and not hesa:
                    report.add(file, f"row {row} column '{col}'", math.nan, "differencing",
                               f"the population '{key}' is published as {_fmt(shown[key])} and as {_fmt(value)}")
                shown[key] = value
            elif report.is_marker(text):
                where_hidden.setdefault(key, (file, row, col))
    known_zero = _known_zeros(report)
    for key in {*cells, *(m for rel in relations for m in rel.get("members", [])),
                *(rel.get("total") for rel in relations if rel.get("total"))}:
        if key in known_zero:
            system.bound(key, 0.0, 0.0)  # the report's stated rules make it 0 (no one serving, no one that far)
        elif key in shown:
            v = shown[key]
            if hesa:
                system.bound(key, max(0.0, v - 2), v + 2)
            else:
                system.bound(key, v, v)
        elif key in where_hidden:
            system.bound(key, 1.0)
        else:
            system.bound(key, 0.0)
    # A rate's numerator is hidden whenever its denominator holds fewer than k people (the
    # policy note says so), and may then be zero: a reader cannot assume one person there.
    for rel in relations:
        members, total = rel.get("members") or [], rel.get("total")
        if (len(members) == 2 and str(members[1]).startswith("not:") and members[0] in where_hidden
                and (total in where_hidden or (total in shown and shown[total] < report.k))):
            system.lower[members[0]] = 0.0
    for rel in relations:
        members, total = rel.get("members") or [], rel.get("total")
        if not members or not total:
            continue
        eq: dict[str, float] = {}
        for m in members:
            eq[m] = eq.get(m, 0.0) + 1.0
        eq[total] = eq.get(total, 0.0) - 1.0
        eq = {v: c for v, c in eq.items() if c}
        if eq:
            system.equations.append(eq)
    _report_system(report, system, where_hidden, "disclosure.json")


_GROUP_KEY = re.compile(r"^(serving|known|in_field)\|cohort=(FY\d{4}[–-]\d{2})(?:\|window=(\d+))?$")


def _known_zeros(report: _Report) -> set[str]:
    """Keys of group counts a reader knows are zero from the rules the report states.

    Nobody of a group is serving once its last possible term has ended (terms
    of at most 24 months, started by 31 March after the group's last fiscal
    year: what the data model guarantees, so a finding is never a false
    alarm; the protection also assumes the stricter April/October reading), and nobody of
    a group that began less than W months before the reference date can be W
    months past their term (:func:`~analysis.measures.cohorts.group_terms_ended`,
    :func:`~analysis.measures.cohorts.group_before_window`).
    """
    from analysis.measures.cohorts import group_before_window, group_terms_ended

    reference = report.headline.get("reference_date") if isinstance(report.headline, dict) else None
    if not reference:
        return set()
    try:
        day = dt.date.fromisoformat(str(reference))
    except ValueError:
        return set()
    out = set()
    for rel in report.manifest.get("relations") or []:
        for key in [*(rel.get("members") or []), rel.get("total") or ""]:
            match = _GROUP_KEY.match(str(key))
            if not match:
                continue
            measure, group, window = match.group(1), match.group(2).replace("-", "–"), match.group(3)
            serving_none = measure == "serving" and window is None and group_terms_ended(group, day)
            none_that_far = measure != "serving" and window is not None and group_before_window(group, int(window), day)
            if serving_none or none_that_far:
                out.add(str(key))
    return out


def _report_system(report: _Report, system: _System, where_hidden: dict[str, tuple[str, int, str]],
                   source: str) -> None:
    check = [v for v in system.lower if system.upper.get(v, math.inf) - system.lower[v] > 1e-9]
    if not check or not system.equations:
        return
    ranges, feasible = system.solve(check)
    if not feasible:
        report.add(source, "relations", math.nan, "differencing",
                   "the published counts do not satisfy the published additive relations")
        return
    for name in sorted(ranges):
        low, high = ranges[name]
        if high - low < 0.5 and report.small(round(low)):
            value = float(round(low))
            if name in where_hidden:
                file, row, col = where_hidden[name]
                element = f"row {row} column '{col}'" if file != "headline.json" else f"measures[{row}] {col}"
                what = f"the suppressed cell ({name})"
            else:
                file, element = source, f"key '{name}'"
                what = f"the derived count '{name}'"
            report.add(file, element, value, "differencing",
                       f"{what} is pinned to exactly {value:g} by the published totals and relations "
                       "(smallest = largest value by linear programming)")
        if name in where_hidden:
            report.bounds[(where_hidden[name][0], where_hidden[name][1], where_hidden[name][2])] = (low, high)


def _check_generic_differencing(report: _Report) -> None:
    """Relations a reader can establish without the manifest: Total rows, and cross-table margins."""
    totals: dict[str, list[tuple[str, str, float | None, bool]]] = {}
    for table in report.tables.values():
        counts = report.counts(table)
        label = table.label_column(counts)
        if label is None:
            continue
        for col in counts:
            for lab, text in zip(table.column(label), table.column(col), strict=True):
                totals.setdefault(_norm(lab), []).append((table.name, col, _number(text), report.is_marker(text)))
    for table in report.tables.values():
        _generic_table(report, table, totals)


def _generic_table(report: _Report, table: _Table,
                   totals: dict[str, list[tuple[str, str, float | None, bool]]]) -> None:
    """Relations of one table that a reader can establish without the manifest, solved exactly."""
    counts = report.counts(table)
    if not counts:
        return
    label = table.label_column(counts)
    labels = table.column(label) if label else [""] * len(table.rows)
    grid = [[table.column(c)[i] for c in counts] for i in range(len(table.rows))]
    hidden = [[report.is_marker(t) for t in row] for row in grid]
    if not any(any(row) for row in hidden):
        return
    system = _System()
    where: dict[str, tuple[str, int, str]] = {}

    def var(i: int, j: int) -> str:
        name = f"{table.name}|{i}|{counts[j]}"
        text = grid[i][j]
        value = _number(text)
        if name not in system.lower:
            if value is not None and report.kind == "hesa":
                system.bound(name, max(0.0, value - 2), value + 2)
            elif value is not None:
                system.bound(name, value, value)
            elif hidden[i][j]:
                system.bound(name, 1.0)
                where[name] = (table.file, i + 1, counts[j])
            else:
                system.bound(name, 0.0)
        return name

    # (a) a row labelled Total / All: each column adds up to it
    total_rows = [i for i, lab in enumerate(labels) if _norm(lab) in _TOTAL_LABELS]
    for t in total_rows:
        for j in range(len(counts)):
            members = [var(i, j) for i in range(len(grid)) if i not in total_rows]
            eq = {m: 1.0 for m in members}
            eq[var(t, j)] = -1.0
            system.equations.append(eq)
    # (a') a column named Total / All: each row adds up to it
    total_cols = [j for j, c in enumerate(counts) if _norm(c) in _TOTAL_LABELS]
    for t in total_cols:
        for i in range(len(grid)):
            eq = {var(i, j): 1.0 for j in range(len(counts)) if j not in total_cols}
            eq[var(i, t)] = -1.0
            system.equations.append(eq)
    # (b) a cross-table (several count columns) whose row sums are published elsewhere by label
    if len(counts) >= 2 and not total_cols:
        for source in _established_margins(report, table, counts, grid, hidden, labels, totals):
            src_name, src_col = source
            for i, lab in enumerate(labels):
                entry = next((e for e in totals.get(_norm(lab), []) if e[0] == src_name and e[1] == src_col), None)
                if entry is None:
                    continue
                total_name = f"{src_name}|{_norm(lab)}|{src_col}"
                if entry[2] is not None:
                    system.bound(total_name, entry[2], entry[2])
                else:
                    system.bound(total_name, 1.0 if entry[3] else 0.0)
                eq = {var(i, j): 1.0 for j in range(len(counts))}
                eq[total_name] = -1.0
                system.equations.append(eq)
    if system.equations:
        _report_system(report, system, where, table.file)


def _established_margins(report: _Report, table: _Table, counts: list[str], grid: list[list[str]],
                         hidden: list[list[bool]], labels: list[str],
                         totals: dict[str, list[tuple[str, str, float | None, bool]]]) -> list[tuple[str, str]]:
    """Other tables' count columns that equal this table's row sums on every row shown in full (and fit the rest)."""
    candidates: dict[tuple[str, str], list[bool]] = {}
    contradicted: set[tuple[str, str]] = set()
    for i, lab in enumerate(labels):
        values = [_number(t) for t in grid[i]]
        shown_sum = sum(v for v in values if v is not None)
        n_hidden = sum(hidden[i])
        for name, col, value, _hidden in totals.get(_norm(lab), []):
            if name == table.name or value is None:
                continue
            if n_hidden == 0 and all(v is not None for v in values):
                if shown_sum > 0:
                    candidates.setdefault((name, col), []).append(abs(value - shown_sum) < 1e-9)
            elif shown_sum + n_hidden > value:
                contradicted.add((name, col))  # the hidden cells hold at least one each
    return sorted(key for key, checks in candidates.items() if checks and all(checks) and key not in contradicted)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(text)).lower().split())


# --------------------------------------------------------------------------- 3. figures


_PEOPLE_AXIS = re.compile(r"people|alumni|advisors?|persons|members|人数|人\b|\(人\)|（人）", re.IGNORECASE)
_NOT_PEOPLE_AXIS = re.compile(r"\bper\b|rate|share|%|mean|average|months|years|ratio|割合|率|平均|月", re.IGNORECASE)


def _check_figures(report: _Report) -> list[tuple[str, str, str]]:
    texts: list[tuple[str, str, str]] = []
    folder = report.folder / "figures"
    if not folder.is_dir():
        return texts
    synthetic = bool(report.headline.get("is_synthetic")) if isinstance(report.headline, dict) else False
    for path in sorted(folder.glob("*.svg")):
        file = path.relative_to(report.folder).as_posix()
        try:
            figure = parse_svg(path)
        except Exception as err:  # noqa: BLE001 - an unreadable figure is reported, not fatal
            report.add(file, "file", math.nan, "geometry", f"the figure could not be read ({type(err).__name__})")
            continue
        table = report.tables.get(path.stem)
        meta = report.figure_meta(path.stem)
        title = str(meta.get("title") or figure.title())
        texts.extend(_figure_texts(file, figure, title))
        n_max = _figure_n(figure, meta)
        for ax in figure.axes:
            if ax.images and "index-plot" in path.stem and not synthetic:
                report.add(file, f"axes {ax.index + 1} image", math.nan, "sequence",
                           "an index plot draws every individual career, and the report does not declare its data "
                           "synthetic (headline.json is_synthetic is false)")
            if ax.quadmesh:
                _heatmap(report, file, ax)
                continue
            kms = _km_curves(ax)
            if kms:
                for number, (times, surv, lower, upper) in enumerate(kms, start=1):
                    _km_findings(report, file, number, times, surv, lower, upper, n_max)
                continue
            _bars(report, file, ax, table, title, n_max, figure)
        _title_claims(report, file, figure, table, title, n_max)
    return texts


def _figure_texts(file: str, figure: SvgFigure, title: str) -> list[tuple[str, str, str]]:
    out = []
    for i, text in enumerate(figure.texts, start=1):
        if not text.text:
            continue
        if text.gid == "chart-footer":
            element = "footer"
        elif text.text == title or (title and text.text and title.startswith(text.text)):
            element = "title"
        elif text.tick is not None:
            element = f"{text.tick}tick {text.tick_index} label"
        else:
            element = f"text {i}"
        out.append((file, element, text.text))
    return out


def _figure_n(figure: SvgFigure, meta: dict) -> int | None:
    numbers = []
    for text in [t.text for t in figure.texts] + [str(meta.get("n") or "")]:
        numbers += [int(m.group(1)) for m in _N_EQUALS.finditer(text)]
    return max(numbers) if numbers else None


def _orientation(ax: AxesInfo) -> tuple[str, Any, bool] | None:
    """("v" or "h", value map, percent) for a bar chart; None when no axis gives values."""
    xmap, xpct = ax.x.numeric()
    ymap, ypct = ax.y.numeric()
    rects = [r for r in ax.rects if r.gid != "suppressed"] or ax.rects
    if not rects:
        return None
    widths = {round(r.x1 - r.x0, 3) for r in rects}
    heights = {round(r.y1 - r.y0, 3) for r in rects}
    if ymap is not None and (xmap is None or (len(widths) == 1 and len(heights) > 1)):
        return "v", ymap, ypct
    if xmap is not None and (ymap is None or (len(heights) == 1 and len(widths) > 1)):
        return "h", xmap, xpct
    if ymap is not None and len(widths) == 1:
        return "v", ymap, ypct
    if xmap is not None and len(heights) == 1:
        return "h", xmap, xpct
    return None


def _bars(report: _Report, file: str, ax: AxesInfo, table: _Table | None, title: str, n_max: int | None,
          figure: SvgFigure) -> None:
    found = _orientation(ax)
    if found is None:
        return
    direction, scale, percent = found
    axis = ax.x if direction == "v" else ax.y
    value_axis = ax.y if direction == "v" else ax.x
    groups: dict[float, list[tuple[Rect, float, float]]] = {}
    for rect in ax.rects:
        if direction == "v":
            centre = round((rect.x0 + rect.x1) / 2, 2)
            a, b = scale(rect.y1), scale(rect.y0)
        else:
            centre = round((rect.y0 + rect.y1) / 2, 2)
            a, b = scale(rect.x0), scale(rect.x1)
        low, high = min(a, b), max(a, b)
        groups.setdefault(centre, []).append((rect, low, high - low))
    categories = axis.categories()

    def tick_of(centre: float) -> int:
        return min(range(len(categories)), key=lambda i: abs(categories[i][0] - centre)) if categories else 0

    def label_of(centre: float) -> str:
        return categories[tick_of(centre)][1].split("\n")[0] if categories else ""

    ordered = sorted(groups, key=lambda c: (tick_of(c), c))
    stacked = any(sum(1 for _r, _b, v in groups[c] if v > 1e-9) > 1 or any(b > 1e-9 for _r, b, v in groups[c] if v > 1e-9)
                  for c in ordered)
    top = max((parse_number(lab)[0] or 0.0 for _pos, lab in value_axis.categories()), default=0.0)
    if stacked:
        _stacked(report, file, ax, groups, ordered, label_of, value_axis, n_max, percent, top)
        return
    values = []
    for centre in ordered:
        shown = [(r, v) for r, _b, v in groups[centre] if r.gid != "suppressed"]
        if shown:
            values.append((centre, shown[0][1]))
    if percent or any(_fraction_label(lab, report) is not None for _pos, lab in categories):
        _rate_bars(report, file, ax, groups, ordered, label_of, categories, percent, top)
        return
    is_count = _bars_are_counts(report, table, [v for _c, v in values], value_axis.label, title)
    if not is_count:
        return
    for number, (centre, value) in enumerate(values, start=1):
        rounded = round(value)
        if abs(value - rounded) < 0.02 and report.small(rounded):
            report.add(file, f"bar {number} ('{label_of(centre)}')", rounded, "geometry",
                       f"the bar's length read against the axis ticks is {value:.3f} people")


def _fraction_label(label: str, report: _Report) -> tuple[str, str] | None:
    for line in label.split("\n"):
        match = re.search(r"(\S+)\s*/\s*(\S+)\s*$", line)
        if match and (_number(match.group(1)) is not None or report.is_marker(match.group(1))) and (
                _number(match.group(2)) is not None or report.is_marker(match.group(2))):
            return match.group(1), match.group(2)
    return None


def _bars_are_counts(report: _Report, table: _Table | None, values: list[float], axis_label: str, title: str) -> bool:
    if table is not None and values:
        counts = report.counts(table)
        for col in table.header:
            column = [_number(t) for t in table.column(col)]
            shown = [v for v in column if v is not None]
            if len(shown) == len(values) and all(abs(a - b) <= 1e-3 * max(1.0, abs(b)) for a, b in
                                                 zip(sorted(values), sorted(shown), strict=True)):
                return col in counts
    text = axis_label or ""
    return bool(_PEOPLE_AXIS.search(text)) and not _NOT_PEOPLE_AXIS.search(text)


def _rate_bars(report: _Report, file: str, ax: AxesInfo, groups: dict, ordered: list[float], label_of,
               categories: list[tuple[float, str]], percent: bool, top: float) -> None:
    scale = 1.0 if percent or top <= 1.5 else 0.01
    for number, (pos, label) in enumerate(categories, start=1):
        fraction = _fraction_label(label, report)
        if fraction is None:
            continue
        centre = min(ordered, key=lambda c: abs(c - pos)) if ordered else None
        drawn = None
        if centre is not None and abs(centre - pos) < 5:
            bars = [(r, v) for r, _b, v in groups[centre] if r.gid != "suppressed"]
            drawn = bars[0][1] * scale if bars else None
        num_t, den_t = fraction
        num, den = _number(num_t), _number(den_t)
        name = label.split("\n")[0] if label else str(number)
        element = f"bar {number} ('{_short(name)}')"
        hesa = report.kind == "hesa"
        if num is not None and den is not None:
            for value, what in ((num, "numerator"), (den, "denominator")):
                if report.small(value):
                    report.add(file, element, value, "geometry", f"the tick label '{num_t} / {den_t}' shows the {what}")
            if not hesa and report.small(den - num):
                report.add(file, element, den - num, "geometry",
                           f"the tick label '{num_t} / {den_t}' leaves {_fmt(den - num)} people without the outcome")
        elif drawn is not None and den is not None and report.is_marker(num_t) and not hesa:
            n = drawn * den
            if abs(n - round(n)) < 0.05:
                n = round(n)
                for value, what in ((n, "numerator"), (den - n, "complement")):
                    if report.small(value):
                        report.add(file, element, value, "geometry",
                                   f"the bar's height {drawn:.4f} times the shown denominator {_fmt(den)} gives the "
                                   f"{what}")
        elif drawn and num is not None and report.is_marker(den_t) and not hesa:
            d = num / drawn
            if abs(d - round(d)) < 0.05:
                d = round(d)
                for value, what in ((d, "denominator"), (d - num, "complement")):
                    if report.small(value):
                        report.add(file, element, value, "geometry",
                                   f"the shown numerator {_fmt(num)} over the bar's height {drawn:.4f} gives the {what}")


def _short(text: str, width: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _stacked(report: _Report, file: str, ax: AxesInfo, groups: dict, ordered: list[float], label_of,
             value_axis, n_max: int | None, percent: bool, top: float) -> None:
    """Stacked 100% bars: the only total N (up to the figure's n) that makes every share whole people."""
    if re.search(r"month|year|月|年", value_axis.label or "", re.IGNORECASE):
        return  # shares of time, not of people
    bound = n_max if n_max else 1000
    for number, centre in enumerate(ordered, start=1):
        segments = [(r, v) for r, _b, v in groups[centre] if v > 1e-9]
        total = sum(v for _r, v in segments)
        if len(segments) < 2 or not (abs(total - 100) < 0.5 or abs(total - 1) < 0.005):
            continue
        shares = [v / total for _r, v in segments]
        n0 = next((n for n in range(1, bound + 1)
                   if all(abs(s * n - round(s * n)) < 0.01 for s in shares)), None)
        if n0 is None or 2 * n0 <= bound:
            continue  # no whole-people reading, or N could be a multiple of n0: ambiguous
        for j, ((rect, _v), share) in enumerate(zip(segments, shares, strict=True), start=1):
            people = round(share * n0)
            if report.small(people):
                band = rect.gid or rect.fill
                report.add(file, f"bar {number} ('{label_of(centre)}') band {j} ({band})", people, "geometry",
                           f"the stack's shares are whole people only for N = {n0} (n = {bound}), "
                           f"so this band of {share:.2%} is {people} people")


def _heatmap(report: _Report, file: str, ax: AxesInfo) -> None:
    if ax.bbox is None:
        return
    x0, x1, y0, y1 = ax.bbox
    for text in ax.texts:
        if text.tick is not None or text.axis_label or text.legend:
            continue
        if not (x0 <= text.x <= x1 and y0 <= text.y <= y1):
            continue
        value = _number(text.text)
        if value is not None and report.small(value):
            report.add(file, f"annotation '{text.text}' at ({text.x:.0f}, {text.y:.0f})", value, "geometry",
                       f"the heat-map cell is annotated with {_fmt(value)} people")


# --------------------------------------------------------------------------- Kaplan-Meier


def _km_curves(ax: AxesInfo) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Step lines with a band: (times, S, S lower, S upper) per curve, S at each step (index 0 = 1)."""
    xmap, _ = ax.x.numeric()
    ymap, ypct = ax.y.numeric()
    if xmap is None or ymap is None:
        return []
    bands = [p for p in ax.lines if p.kind == "collection" and len(p.points) >= 6]
    out = []
    for line in ax.lines:
        if line.kind != "line" or line.gid in ("target", "comparator", "interval") or len(line.points) < 4:
            continue
        pts = [(xmap(x), ymap(y)) for x, y in line.points]
        if not _is_step(pts):
            continue
        levels: list[tuple[float, float]] = [pts[0]]
        for x, y in pts[1:]:
            if abs(y - levels[-1][1]) > 1e-9:
                levels.append((x, y))
        if len(levels) < 2:
            continue
        ys = np.array([y for _x, y in levels])
        cumulative = ys[0] < 0.5 and ys[-1] >= ys[0]
        s = 1 - ys if cumulative else ys
        times = np.array([x for x, _y in levels])
        band = _nearest_band(bands, line, xmap, ymap)
        if band is None:
            continue
        lo = np.full(len(levels), np.nan)
        hi = np.full(len(levels), np.nan)
        band_pts = [(xmap(x), ymap(y)) for x, y in band.points]
        ends = list(times[1:]) + [None]
        for j, (start, end) in enumerate(zip(times, ends, strict=True)):
            if end is not None and end - start > 1e-9:
                extent = _vertical_extent(band_pts, (start + end) / 2)
            elif end is None:
                extent = _last_extent(band_pts, start, (lo[j - 1], hi[j - 1]) if j else (np.nan, np.nan))
            else:
                extent = None
            if extent is not None:
                a, b = extent
                if cumulative:
                    a, b = 1 - b, 1 - a
                lo[j], hi[j] = a, b
        out.append((times, s, lo, hi))
    return out


def _is_step(points: list[tuple[float, float]]) -> bool:
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if abs(x0 - x1) > 1e-9 and abs(y0 - y1) > 1e-9:
            return False
    ys = [y for _x, y in points]
    return all(b <= a + 1e-9 for a, b in zip(ys, ys[1:], strict=False)) or all(
        b >= a - 1e-9 for a, b in zip(ys, ys[1:], strict=False))


def _nearest_band(bands, line, xmap, ymap):
    if not bands:
        return None
    preferred = [b for b in bands if b.gid == "km-band"] or bands
    x0 = line.points[0][0]
    return min(preferred, key=lambda b: abs(min(p[0] for p in b.points) - x0))


def _vertical_extent(points: list[tuple[float, float]], x: float) -> tuple[float, float] | None:
    ys = []
    for (xa, ya), (xb, yb) in zip(points, points[1:] + points[:1], strict=True):
        if min(xa, xb) < x < max(xa, xb):
            ys.append(ya + (yb - ya) * (x - xa) / (xb - xa))
    return (min(ys), max(ys)) if len(ys) >= 2 else None


def _last_extent(points: list[tuple[float, float]], x: float, previous: tuple[float, float]
                 ) -> tuple[float, float] | None:
    ys = sorted({round(y, 9) for px, y in points if abs(px - x) < 1e-7})
    rest = [y for y in ys if not any(abs(y - p) < 1e-7 for p in previous if not math.isnan(p))]
    if len(rest) == 2:
        return rest[0], rest[1]
    return None


def invert_km_band(s: Sequence[float], lower: Sequence[float], upper: Sequence[float], *, z: float = Z95
                   ) -> list[tuple[float, float]]:
    """People at risk and events of each step of a Kaplan-Meier curve, from its log-log Greenwood band.

    Parameters
    ----------
    s : sequence of float
        The estimate at the start (1) and after each step: ``s[0] = 1``.
    lower, upper : sequence of float
        The band's limits at the same points (``lower[0]``, ``upper[0]`` unused).
    z : float
        The band's normal quantile (1.96 for 95%).

    Returns
    -------
    list of (r, d)
        For each step j >= 1: people at risk ``r`` and events ``d`` (floats,
        NaN where the band collapses or the curve does not drop).

    Notes
    -----
    The band is ``S ** exp(±z θ)`` with ``θ = sqrt(V) / |ln S|`` and ``V``
    Greenwood's sum, so ``V = (θ ln S)²``. A step from ``S_{j-1}`` to ``S_j``
    has ``q = 1 - S_j / S_{j-1} = d / r`` and adds ``ΔV = q / (r (1 - q))`` to
    ``V``; hence ``r = q / ((1 - q) ΔV)`` and ``d = q r``.
    """
    s = np.asarray(s, dtype=float)
    theta = np.full(len(s), np.nan)
    for j in range(1, len(s)):
        if not 0 < s[j] < 1:
            continue
        log_s = math.log(s[j])
        estimates = []
        if 0 < lower[j] < 1:
            estimates.append(math.log(math.log(lower[j]) / log_s) / z)
        if 0 < upper[j] < 1:
            estimates.append(-math.log(math.log(upper[j]) / log_s) / z)
        if estimates:
            theta[j] = float(np.mean(estimates))
    variance = np.where(np.isfinite(theta), (theta * np.log(np.where(s > 0, s, 1.0))) ** 2, np.nan)
    variance[0] = 0.0
    out = []
    previous_v, previous_s = 0.0, 1.0
    for j in range(1, len(s)):
        v = variance[j]
        q = 1 - s[j] / previous_s if previous_s > 0 else math.nan
        delta = v - previous_v
        if not (np.isfinite(v) and q > 1e-12 and delta > 1e-15 and q < 1):
            out.append((math.nan, math.nan))
        else:
            r = q / ((1 - q) * delta)
            out.append((r, q * r))
        if np.isfinite(v):
            previous_v = v
        previous_s = s[j]
    return out


def _withdrawals(effective: list[float], events: list[int], n: int | None) -> list[list[int]]:
    """People withdrawn (censored) per step under each reading of the curve that fits whole people.

    A Kaplan-Meier curve uses the people at risk ``r_j`` (then ``c_j = r_j - d_j - r_{j+1}``);
    an actuarial life table uses ``r_j - c_j / 2``, which with the starting ``n`` gives every
    ``c_j`` in turn. Only readings where every withdrawal is a whole, non-negative number are kept.
    """
    readings = []
    if all(abs(r - round(r)) < 0.15 for r in effective):
        km = [round(effective[j] - events[j] - effective[j + 1]) for j in range(len(effective) - 1)]
        if all(c >= 0 for c in km):
            readings.append(km)
    if n is not None:
        at_risk, actuarial = float(n), []
        for r_eff, d in zip(effective, events, strict=True):
            c = 2 * (at_risk - r_eff)
            if c < -0.3 or abs(c - round(c)) > 0.3:
                actuarial = []
                break
            actuarial.append(round(c))
            at_risk -= d + round(c)
        if actuarial:
            readings.append(actuarial)
    return readings


def _km_findings(report: _Report, file: str, number: int, times: np.ndarray, surv: np.ndarray,
                 lower: np.ndarray, upper: np.ndarray, n: int | None) -> None:
    steps = invert_km_band(surv, lower, upper)
    curve = f"curve {number} " if number > 1 else ""
    effective: list[float] = []
    events: list[int] = []
    for j, (r, d) in enumerate(steps, start=1):
        clear = (np.isfinite(r) and r >= 0.5 and abs(2 * r - round(2 * r)) < 0.3 and abs(d - round(d)) < 0.15)
        if not clear:
            break  # later steps cannot be read without this one
        effective.append(float(r))
        events.append(round(d))
        if report.small(round(d)):
            report.add(file, f"{curve}step {j} (t = {times[j]:g})", round(d), "survival",
                       f"the drop {surv[j - 1]:.4f} -> {surv[j]:.4f} with the band's Greenwood variance gives "
                       f"{r:.4g} at risk and {round(d)} events")
    readings = _withdrawals(effective, events, n)
    if not readings:
        return
    for j in range(min(len(r) for r in readings)):
        values = {r[j] for r in readings}
        if len(values) == 1 and report.small(next(iter(values))):
            withdrawn = next(iter(values))
            report.add(file, f"{curve}step {j + 1} withdrawals", withdrawn, "survival",
                       f"the people at risk read from steps {j + 1} and {j + 2} differ by the {events[j]} events "
                       f"and {withdrawn} withdrawn (censored) people")


# --------------------------------------------------------------------------- 4. text


def _people_numbers(text: str) -> list[tuple[int, str]]:
    """Numbers of people quoted in ``text``: (value, the matched words); thresholds are left out."""
    text = unicodedata.normalize("NFKC", html.unescape(text))
    found: dict[int, tuple[int, str]] = {}
    for pattern in (_PEOPLE_NUMBER, _N_EQUALS, _JA_PEOPLE):
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 30): match.start()]
            after = text[match.end(1): match.end(1) + 30]
            if _THRESHOLD_BEFORE.search(before) or _THRESHOLD_AFTER.match(after):
                continue
            if pattern is _JA_PEOPLE and re.match(r"\s*(?:人|名)\s*(?:未満|以上|以下)", after):
                continue
            if pattern is _JA_PEOPLE and re.search(r"(?:k\s*=?|閾値)\s*$", before):
                continue
            found.setdefault(match.start(1), (int(match.group(1)), match.group(0)))
    return [found[position] for position in sorted(found)]


def _check_text(report: _Report, blocks: list[tuple[str, str, str]]) -> None:
    seen = set()
    for file, element, text in blocks:
        for value, words in _people_numbers(text):
            if report.small(value) and (file, element, value) not in seen:
                seen.add((file, element, value))
                report.add(file, element, value, "text", f"the text says '{_short(words, 60)}': "
                           f"'{_short(text, 80)}'")


def _json_texts(report: _Report) -> list[tuple[str, str, str]]:
    out = []

    def walk(file: str, path: str, value: Any) -> None:
        if isinstance(value, str):
            out.append((file, path, value))
        elif isinstance(value, dict):
            for key in sorted(value, key=str):
                walk(file, f"{path}.{key}" if path else str(key), value[key])
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(file, f"{path}[{i}]", item)

    for file, document in report.values.items():
        walk(file, "", document)
    if report.headline:
        walk("headline.json", "", report.headline)
    for table in report.tables.values():
        if table.file == "headline.csv":
            continue
        counts = set(report.counts(table))
        for j, col in enumerate(table.header):
            if col in counts:
                continue
            for i, row in enumerate(table.rows, start=1):
                if j < len(row) and _number(row[j]) is None and len(row[j]) > 3:
                    out.append((table.file, f"row {i} column '{col}'", row[j]))
    return out


# --------------------------------------------------------------------------- 5. titles and order


def _value_column(report: _Report, table: _Table) -> str | None:
    counts = report.counts(table)
    for col in counts:
        if any(report.is_marker(t) for t in table.column(col)):
            return col
    return counts[0] if counts else None


def _title_claims(report: _Report, file: str, figure: SvgFigure, table: _Table | None, title: str,
                  n_max: int | None) -> None:
    if not title:
        return
    nothing = "nothing-to-show" in figure.gids
    ranking = _RANKING.search(title)
    drawn_axes = [ax for ax in figure.axes if ax.bbox is not None and (ax.rects or ax.lines)]
    if ranking and not nothing and drawn_axes:
        rects = [r for ax in drawn_axes for r in ax.rects]
        if rects and all(r.gid == "suppressed" for r in rects):
            report.add(file, "title", math.nan, "title",
                       f"every bar is suppressed, yet the title claims a ranking ('{ranking.group(0)}')")
    if table is None:
        return
    counts = report.counts(table)
    label = table.label_column(counts)
    if label is None:
        return
    value_col = _value_column(report, table)
    rate_cols = [c for c in table.header if c.lower().endswith("rate") or c.lower() in ("rate", "share")]
    labels = table.column(label)
    codes = table.column(table.header[0])
    pooled = [bool(_POOLED.match(_norm(lab)) or _POOLED.match(_norm(code))) for lab, code in zip(labels, codes,
                                                                                                strict=True)]
    hidden_rows = []
    if value_col is not None:
        hidden_rows = [i for i, t in enumerate(table.column(value_col)) if report.is_marker(t) and not pooled[i]]
    named = [] if _NOTHING_SHOWN.search(title) else _named_rows(title, labels)
    crosstab = len(counts) > 2 and not report.manifest.get("tables", {}).get(table.name, {}).get("keys")
    named_columns = [c for c in counts if c in [table.header[j] for j in _named_rows(title, table.header)]]
    if crosstab:
        pairs = [(i, c) for i in named for c in named_columns]
        if pairs and all(report.is_marker(table.column(c)[i]) for i, c in pairs):
            report.add(file, "title", math.nan, "title",
                       f"the title names '{_short(labels[pairs[0][0]])}' and '{_short(pairs[0][1])}', whose cell is "
                       f"suppressed in {table.file}")
        named = []
    # The value a title quotes for a row it names: its rate when the title states a percentage,
    # else its count. (A row whose quoted value is shown may have other cells suppressed, such as
    # a knowledge rate: naming it claims nothing about those.)
    quoted_cols = [rate_cols[0]] if rate_cols and "%" in title else ([value_col] if value_col else counts)
    for i in named:
        row_hidden = any(report.is_marker(table.column(c)[i]) for c in quoted_cols)
        if row_hidden and not pooled[i]:
            report.add(file, "title", math.nan, "title",
                       f"the title names '{_short(labels[i])}', whose value is suppressed in {table.file}")
    if ranking and hidden_rows and value_col is not None:
        values = [_number(t) for t in table.column(value_col)]
        shown = [(v, i) for i, v in enumerate(values) if v is not None and not pooled[i]]
        if _RANKING_LOW.search(title):
            report.add(file, "title", math.nan, "title",
                       f"the title claims a lowest value ('{ranking.group(0)}') while {len(hidden_rows)} row(s) of "
                       f"{table.file} are suppressed and could be lower")
        elif shown:
            best = max(v for v, _i in shown)
            bound = _hidden_bound(report, table, value_col, hidden_rows, values, pooled, n_max)
            if bound >= best:
                held = "any number (no published total bounds it)" if math.isinf(bound) else f"up to {bound:g}"
                report.add(file, "title", math.nan, "title",
                           f"the title claims a ranking ('{ranking.group(0)}') but a suppressed row of {table.file} "
                           f"could hold {held}, at least the largest shown value {best:g}")
    claimed = _PERCENT_RANGE.search(title)
    if claimed:
        ends = [float(x) / 100 for x in re.findall(r"\d+(?:\.\d+)?", claimed.group(0))[:2]]
        for col in rate_cols:
            shown = [v for v in (_number(t) for t in table.column(col)) if v is not None]
            hidden = any(report.is_marker(t) for t in table.column(col))
            if shown and hidden and abs(min(shown) - ends[0]) <= 0.006 and abs(max(shown) - ends[1]) <= 0.006:
                report.add(file, "title", math.nan, "title",
                           f"the title states the range {claimed.group(0)} of '{col}' as if complete, while "
                           f"{table.file} suppresses some of its rates")


def _named_rows(title: str, labels: list[str]) -> list[int]:
    """Rows whose label the title names (longest labels first, so 'UN Secretariat' does not also name 'UN')."""
    text = _norm(title)
    # a span of categories ("FY2005–FY2026") names its ends, not their values
    for match in re.finditer(r"(\S+)\s*[–~〜]\s*(\S+)", text):
        ends = {_norm(match.group(1)).strip(",.;:()"), _norm(match.group(2)).strip(",.;:()")}
        if ends <= {_norm(lab) for lab in labels}:
            text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    taken: list[tuple[int, int]] = []
    named = []
    for i in sorted(range(len(labels)), key=lambda i: -len(labels[i])):
        lab = _norm(labels[i])
        if len(lab) < 2:
            continue
        for match in re.finditer(r"(?<![\w])" + re.escape(lab) + r"(?![\w])", text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            taken.append((match.start(), match.end()))
            named.append(i)
            break
    return sorted(named)


def _hidden_bound(report: _Report, table: _Table, col: str, hidden_rows: list[int], values: list[float | None],
                  pooled: list[bool], n_max: int | None) -> float:
    """The most a suppressed row could hold, as a reader can tell."""
    linked = [report.bounds.get((table.file, i + 1, col)) for i in hidden_rows]
    if linked and all(b is not None for b in linked):
        return max(b[1] for b in linked if b is not None)
    return float(report.k - 1)


def _check_order(report: _Report) -> None:
    for table in report.tables.values():
        counts = report.counts(table)
        if len(counts) != 1 or len(table.rows) < 4:
            continue
        col = counts[0]
        label = table.label_column(counts)
        texts = table.column(col)
        labels = table.column(label) if label else [""] * len(texts)
        codes = table.column(table.header[0])
        rows = [i for i in range(len(texts)) if not (_POOLED.match(_norm(labels[i])) or _POOLED.match(_norm(codes[i])))]
        shown = [(i, _number(texts[i])) for i in rows if _number(texts[i]) is not None]
        hidden = [i for i in rows if report.is_marker(texts[i])]
        if len(shown) < 3 or not hidden:
            continue
        values = [v for _i, v in shown]
        if not all(b <= a for a, b in zip(values, values[1:], strict=False)) or len(set(values)) < 3:
            continue
        if any(_is_sorted(table.column(c)) for c in table.header[:2] if c not in counts):
            continue  # a natural order (years, codes), not an order by value
        last_shown = shown[-1][0]
        for i in hidden:
            if i < last_shown:
                above = max(v for j, v in shown if j < i)
                below = min(v for j, v in shown if j > i)
                report.add(table.file, f"row {i + 1} column '{col}'", math.nan, "order",
                           f"the rows are sorted by value and this suppressed row sits between {above:g} and "
                           f"{below:g}")


def _is_sorted(texts: list[str]) -> bool:
    numbers = [_number(t) for t in texts]
    if all(n is not None for n in numbers):
        return all(b >= a for a, b in zip(numbers, numbers[1:], strict=False))  # type: ignore[operator]
    keys = [_norm(t) for t in texts]
    return keys == sorted(keys)


# --------------------------------------------------------------------------- 6. sequences


def _check_sequences(report: _Report, records: Any) -> None:
    table = report.tables.get("04-career-typology")
    if table is None or "typical_path" not in table.header or records is None:
        return
    from analysis.i18n import use_language
    from analysis.report.labels import Labels
    from analysis.sequences.careers import build_sequences

    reference = report.headline.get("reference_date") if isinstance(report.headline, dict) else None
    if not reference:
        return
    seqs = build_sequences(records, reference_date=reference, anchor="term_start", horizon_months=120, coarsen=True)
    if not len(seqs):
        return
    sampled = seqs.iloc[:, ::12].astype(object)
    states = {str(s) for s in seqs.dtypes.iloc[0].categories} if seqs.shape[1] else set()
    to_label: dict[str, set[str]] = {}
    labels = Labels(records.reference)
    for lang in ("en", "ja"):
        with use_language(lang):
            for state in states:
                to_label.setdefault(state, set()).add(_norm(labels.state(state)))
    for i, path in enumerate(table.column("typical_path"), start=1):
        spells = []
        for part in re.split(r"\s*→\s*", path):
            match = re.match(r"^(.*?)\s*[(（]\s*(\d+(?:\.\d+)?)\s*(?:yr|年)\s*[)）]\s*$", part.strip())
            if not match:
                spells = []
                break
            spells.append((_norm(match.group(1)), round(float(match.group(2)))))
        if not spells:
            continue
        wanted = [lab for lab, years in spells for _ in range(years)]
        if len(wanted) > sampled.shape[1]:
            continue
        followers = 0
        for row in sampled.itertuples(index=False):
            ok = True
            for state, lab in zip(row[: len(wanted)], wanted, strict=True):
                if state is None or (isinstance(state, float) and math.isnan(state)) or lab not in to_label.get(
                        str(state), set()):
                    ok = False
                    break
            followers += ok
        if report.small(followers):
            report.add(table.file, f"row {i} column 'typical_path'", followers, "sequence",
                       f"the published path '{_short(path, 60)}' is followed (sampled yearly) by exactly "
                       f"{followers} individual(s) in the records")


# --------------------------------------------------------------------------- entry point


def audit_report(folder: Path | str, *, k: int, records: Any = None) -> list[Finding]:
    """Try to recover a count of 1..k-1 people from a built report folder, as an attacker would.

    Parameters
    ----------
    folder : path-like
        The report folder (``index.html``, ``figures/``, ``tables/``, ``headline.json``,
        ``values/``, ``disclosure.json``).
    k : int
        Threshold: counts of 1..k-1 people must not be recoverable (5 under HESA rounding).
    records : analysis.records.Records, optional
        The validated records, to match published career paths against individuals.

    Returns
    -------
    list of Finding
        Every way found, sorted; empty when nothing could be recovered.
    """
    folder = Path(folder)
    if isinstance(k, bool) or int(k) < 1:
        raise ValueError(f"k must be a whole number of people, at least 1, not {k!r}")
    if not (folder / "disclosure.json").is_file():
        raise FileNotFoundError(f"{folder} is not a built report (no disclosure.json): nothing to audit")
    report = _load(folder, int(k))
    _check_tables(report)
    _check_rates(report)
    _check_differencing(report)
    _check_generic_differencing(report)
    blocks = _check_html(report)
    blocks += _check_figures(report)
    blocks += _json_texts(report)
    _check_text(report, blocks)
    _check_order(report)
    _check_sequences(report, records)
    unique = {(f.file, f.element, f.method, f.detail, "nan" if math.isnan(f.value) else f.value): f
              for f in report.findings}
    return sorted(unique.values(), key=Finding.sort_key)
