"""Reading a published report folder as an attacker would: its tables, headline, stated values and manifest."""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.audit.svg import parse_number

__all__ = ["Finding"]

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
        """Count columns of a table: the manifest's, else those the contract declares as counts, else by name."""
        listed = self.manifest.get("tables", {}).get(table.name, {}).get("counts")
        if listed is not None:
            return [c for c in listed if c in table.header]
        contract = self.manifest.get("contract") or {}
        if contract:
            return [c for c in table.header if (contract.get(c) or {}).get("kind") in ("people", "events")]
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


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(text)).lower().split())


def _short(text: str, width: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


