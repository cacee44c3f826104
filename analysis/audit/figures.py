"""Chart geometry read back against the axes, and what titles claim."""

from __future__ import annotations

import math
import re
from typing import Any

from analysis.audit.folder import (  # the shared reading helpers
    _N_EQUALS,
    _NOTHING_SHOWN,
    _PERCENT_RANGE,
    _POOLED,
    _RANKING,
    _RANKING_LOW,
    _fmt,
    _norm,
    _number,
    _Report,
    _short,
    _Table,
)
from analysis.audit.survival import _km_curves, _km_findings
from analysis.audit.svg import AxesInfo, Rect, SvgFigure, parse_number, parse_svg

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
    # a long table (a label on several rows, as states over time) ranks sums, not rows: its
    # title's claim is checked by the library's own sum bound, not row by row here
    long_table = len(set(labels)) < len(labels)
    if ranking and hidden_rows and value_col is not None and not long_table:
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
            if shown and hidden and abs(min(shown) - ends[0]) <= 0.006 and abs(max(shown) - ends[1]) <= 0.006 \
                    and not _names_only_shown_rows(title.replace(claimed.group(0), " "), labels,
                                                   [report.is_marker(t) for t in table.column(col)]):
                report.add(file, "title", math.nan, "title",
                           f"the title states the range {claimed.group(0)} of '{col}' as if complete, while "
                           f"{table.file} suppresses some of its rates")


def _names_only_shown_rows(title: str, labels: list[str], hidden: list[bool]) -> bool:
    """True when every row is labelled by a number ("6 months") and the title names exactly the shown ones."""
    leading = [re.match(r"\s*(\d+)", lab) for lab in labels]
    if not all(leading):
        return False
    said = set(re.findall(r"\d+", title))
    return all((m.group(1) in said) != h for m, h in zip(leading, hidden, strict=True))


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
