"""Numbers of people quoted in text: titles, footers, captions, notes, findings, JSON."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from analysis.audit.folder import (  # the shared reading helpers
    _JA_PEOPLE,
    _N_EQUALS,
    _PEOPLE_NUMBER,
    _THRESHOLD_AFTER,
    _THRESHOLD_BEFORE,
    _number,
    _Report,
    _short,
)


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
