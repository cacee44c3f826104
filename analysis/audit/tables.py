"""Published cells read back: counts in the CSVs, the headline and the page's tables, rates beside their denominators."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from analysis.audit.folder import (  # the shared reading helpers
    _FRACTION,
    COUNT_NAMES,
    _cell,
    _fmt,
    _number,
    _records,
    _Report,
    _Table,
)
from analysis.audit.svg import parse_number


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
