"""Rows sorted by value with a hidden row among them."""

from __future__ import annotations

import math

from analysis.audit.folder import (  # the shared reading helpers
    _POOLED,
    _norm,
    _number,
    _Report,
)


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
