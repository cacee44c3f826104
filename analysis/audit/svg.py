"""Reading matplotlib SVG files back into shapes and data units (private helper of the audit).

matplotlib writes every artist as a group: ``axes_N`` holds the axes'
background patch, ``matplotlib.axis_1`` (x) and ``matplotlib.axis_2`` (y)
with one ``xtick_N``/``ytick_N`` group per tick (grid line or tick marker and
the label), then the artists in drawing order (``patch_N`` bars,
``line2d_N`` lines, collections as ``<use>`` of a path in ``<defs>``,
``text_N`` texts). An artist given a ``gid`` is written with that id instead
(``"suppressed"``, ``"km-band"``, ``"chart-footer"``...). With
``svg.fonttype="path"`` the characters are glyph paths, but matplotlib writes
each line of text as an XML comment just before its glyphs, which is what is
read here. Coordinates are absolute (points, y down) except for ``<use>``,
which is translated by its ``x``/``y``.

Only what the audit needs is read: axes with their tick scales, filled
rectangles, polylines, polygons of collections, texts and images.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Axis",
    "AxesInfo",
    "Polyline",
    "Rect",
    "SvgFigure",
    "SvgText",
    "parse_number",
    "parse_svg",
]

_NS = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}href"
#: Ids matplotlib gives by default; any other group id is a ``gid`` set by the caller.
_DEFAULT_ID = re.compile(
    r"^(figure|axes|patch|line2d|text|xtick|ytick|legend|matplotlib\.axis|PolyCollection|"
    r"FillBetweenPolyCollection|LineCollection|PathCollection|QuadMesh|PatchCollection|image|"
    r"EventCollection|TriMesh|Collection|BarContainer|ErrorbarContainer|annotation)(_\d+)?$|^[mph][0-9a-f]{6,}$|"
    r"^image[0-9a-f]+$")
_TRANSLATE = re.compile(r"translate\(\s*([-+0-9.eE]+)[ ,]+([-+0-9.eE]+)\s*\)")
_PATH_TOKEN = re.compile(r"[MLQCZmlqcz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")


@dataclass(frozen=True)
class SvgText:
    """One text artist: its lines (from matplotlib's comments) and where its first line is drawn."""

    lines: tuple[str, ...]
    x: float
    y: float
    gid: str
    axes: int | None
    tick: str | None  # "x" or "y" for a tick label
    tick_index: int | None
    legend: bool
    axis_label: str | None  # "x" or "y" for an axis label

    @property
    def text(self) -> str:
        """The lines joined with spaces (a wrapped title or footer read as one sentence)."""
        return " ".join(line.strip() for line in self.lines if line.strip())


@dataclass(frozen=True)
class Rect:
    """An axis-aligned filled rectangle (a bar, a stacked band, a heat-map cell)."""

    x0: float
    x1: float
    y0: float
    y1: float
    gid: str
    fill: str
    order: int


@dataclass(frozen=True)
class Polyline:
    """A line or polygon: its vertices in drawing order."""

    points: tuple[tuple[float, float], ...]
    gid: str
    kind: str  # "line" (line2d), "collection" (PolyCollection / FillBetween), "patch"
    stroke: str
    closed: bool


@dataclass
class Axis:
    """Ticks of one axis: ``(position in points, label)``; positions are exact when read from a grid line or marker."""

    ticks: list[tuple[float | None, float | None, str]] = field(default_factory=list)  # (exact pos, approx pos, label)
    label: str = ""

    def numeric(self) -> tuple[Callable[[float], float] | None, bool]:
        """A map from points to data units from the numeric tick labels, and whether they are percentages.

        Returns ``(None, False)`` when fewer than two ticks have a number and
        an exact position, or when they do not lie on one straight line.
        """
        pairs = []
        percent = False
        for exact, _approx, label in self.ticks:
            value, is_percent = parse_number(label)
            if value is None or exact is None:
                continue
            percent = percent or is_percent
            pairs.append((exact, value))
        if len(pairs) < 2:
            return None, False
        (p0, v0) = pairs[0]
        (p1, v1) = max(pairs, key=lambda pv: abs(pv[0] - p0))
        if abs(p1 - p0) < 1e-9:
            return None, False
        slope = (v1 - v0) / (p1 - p0)
        span = max(abs(v) for _p, v in pairs) or 1.0
        if any(abs(v0 + slope * (p - p0) - v) > 1e-6 * span for p, v in pairs):
            return None, False
        return (lambda p, p0=p0, v0=v0, slope=slope: v0 + slope * (p - p0)), percent

    def categories(self) -> list[tuple[float, str]]:
        """Tick positions (exact, else approximate) and labels, in drawing order."""
        out = []
        for exact, approx, label in self.ticks:
            pos = exact if exact is not None else approx
            if pos is not None:
                out.append((pos, label))
        return out


@dataclass
class AxesInfo:
    """One axes: its frame, scales and artists."""

    index: int
    bbox: tuple[float, float, float, float] | None = None  # x0, x1, y0 (top), y1 (bottom)
    x: Axis = field(default_factory=Axis)
    y: Axis = field(default_factory=Axis)
    rects: list[Rect] = field(default_factory=list)
    lines: list[Polyline] = field(default_factory=list)
    images: int = 0
    quadmesh: bool = False
    texts: list[SvgText] = field(default_factory=list)


@dataclass
class SvgFigure:
    """A parsed figure: its axes and every text (figure-level texts have ``axes=None``)."""

    path: Path
    axes: list[AxesInfo]
    texts: list[SvgText]
    gids: set[str]

    def title(self) -> str:
        """The figure's title: the topmost text drawn above the first axes with data, else ''."""
        for ax in self.axes:
            if ax.bbox is None:
                continue
            above = [t for t in ax.texts if t.tick is None and t.axis_label is None and not t.legend
                     and t.y < ax.bbox[2] and not t.gid]
            if above:
                return min(above, key=lambda t: t.y).text
        return ""


def parse_number(text: str) -> tuple[float | None, bool]:
    """A tick or cell label as a number: ``"1,000"``, ``"−5"``, ``"20%"`` (-> 0.2, True); None if not a number."""
    t = unicodedata.normalize("NFKC", str(text)).strip().replace("\u2212", "-").replace(" ", "")
    percent = t.endswith("%")
    if percent:
        t = t[:-1]
    if not t or not _NUMBER.match(t) or t in ("-", "+", "."):
        return None, False
    try:
        value = float(t.replace(",", ""))
    except ValueError:
        return None, False
    return (value / 100.0, True) if percent else (value, False)


def _path_points(d: str) -> tuple[list[tuple[float, float]], bool]:
    """Vertices of an SVG path (end points of curves), and whether it is closed."""
    tokens = _PATH_TOKEN.findall(d or "")
    points: list[tuple[float, float]] = []
    closed = False
    command = "M"
    numbers: list[float] = []
    arity = {"M": 2, "L": 2, "Q": 4, "C": 6}

    def flush() -> None:
        n = arity.get(command.upper(), 2)
        while len(numbers) >= n:
            chunk = numbers[:n]
            del numbers[:n]
            points.append((chunk[-2], chunk[-1]))

    for token in tokens:
        if token.isalpha():
            flush()
            numbers.clear()
            command = token
            if token in "Zz":
                closed = True
        else:
            numbers.append(float(token))
    flush()
    return points, closed


def _style(element: ET.Element, key: str) -> str:
    style = element.get("style") or ""
    for part in style.split(";"):
        if ":" in part:
            name, value = part.split(":", 1)
            if name.strip() == key:
                return value.strip()
    return element.get(key) or ""


def _as_rect(points: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    if not 4 <= len(points) <= 5:
        return None
    xs = sorted({round(x, 6) for x, _y in points})
    ys = sorted({round(y, 6) for _x, y in points})
    if len(xs) > 2 or len(ys) > 2:
        return None
    # every vertex must be a corner of the box (axis-aligned)
    return xs[0], xs[-1], ys[0], ys[-1]


def _clean(text: str) -> str:
    return (text or "").strip()


def parse_svg(path: Path | str) -> SvgFigure:
    """Parse a matplotlib SVG file into axes, shapes and texts.

    Parameters
    ----------
    path : path-like
        The SVG file.

    Returns
    -------
    SvgFigure
    """
    path = Path(path)
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.parse(path, parser).getroot()
    defs: dict[str, ET.Element] = {}
    for element in root.iter(f"{_NS}path"):
        if element.get("id"):
            defs[element.get("id")] = element
    figure = SvgFigure(path=path, axes=[], texts=[], gids=set())
    order = [0]

    def walk(element: ET.Element, ctx: dict) -> None:
        for child in list(element):
            tag = child.tag
            if tag is ET.Comment:
                continue
            name = tag.replace(_NS, "") if isinstance(tag, str) else ""
            if name in ("defs", "metadata", "style", "clipPath"):
                continue
            if name == "g":
                if not child.get("id") and "scale(" in (child.get("transform") or ""):
                    continue  # the glyphs of a text (read from its comment)
                _group(child, ctx)
            elif name == "path":
                _shape(child, ctx, _path_points(child.get("d", "")), (0.0, 0.0))
            elif name == "use":
                href = child.get(_XLINK) or child.get("href") or ""
                target = defs.get(href.lstrip("#"))
                if target is not None and not href.startswith("#DejaVu") and "Gothic" not in href:
                    dx, dy = float(child.get("x") or 0), float(child.get("y") or 0)
                    if ctx.get("tick") is not None:
                        tick_pos = dx if ctx["tick"] == "x" else dy
                        ctx["tick_marker"].append(tick_pos)
                    else:
                        _shape(target, ctx, _path_points(target.get("d", "")), (dx, dy), use=True)
            elif name == "image" and ctx.get("axes") is not None:
                figure.axes[ctx["axes"]].images += 1

    def _group(group: ET.Element, ctx: dict) -> None:
        gid = group.get("id") or ""
        new = dict(ctx)
        if gid and not _DEFAULT_ID.match(gid):
            new["gid"] = gid
            figure.gids.add(gid)
        new.pop("background", None)
        if re.fullmatch(r"axes_\d+", gid):
            new["axes"] = len(figure.axes)
            new["gid"] = ""
            figure.axes.append(AxesInfo(index=len(figure.axes)))
            first = next((c for c in group if isinstance(c.tag, str)), None)
            new["background_id"] = first.get("id") if first is not None and first.tag == f"{_NS}g" else None
        elif gid and gid == ctx.get("background_id"):
            new["background"] = True
        elif gid == "matplotlib.axis_1":
            new["axis"] = "x"
        elif gid == "matplotlib.axis_2":
            new["axis"] = "y"
        elif re.fullmatch(r"[xy]tick_\d+", gid):
            new["tick"] = gid[0]
            new["tick_index"] = int(gid.split("_")[1])
            new["tick_line"] = []
            new["tick_marker"] = []
            new["tick_text"] = []
        elif re.fullmatch(r"legend_\d+", gid):
            new["legend"] = True
        elif re.fullmatch(r"QuadMesh_\d+", gid) and ctx.get("axes") is not None:
            figure.axes[ctx["axes"]].quadmesh = True
        if gid.startswith(("PolyCollection", "FillBetweenPolyCollection")):
            new["collection"] = True
        # texts: comments directly inside this group, each followed by its glyph group
        comments = [c for c in group if c.tag is ET.Comment]
        if comments:
            lines, position = [], None
            children = list(group)
            for i, c in enumerate(children):
                if c.tag is ET.Comment:
                    lines.append(_clean(c.text))
                    if position is None:
                        for nxt in children[i + 1:]:
                            if nxt.tag is ET.Comment:
                                break
                            match = _TRANSLATE.search(nxt.get("transform") or "")
                            if match:
                                position = (float(match.group(1)), float(match.group(2)))
                                break
            x, y = position if position else (float("nan"), float("nan"))
            text = SvgText(lines=tuple(lines), x=x, y=y, gid=new.get("gid", ""), axes=new.get("axes"),
                           tick=new.get("tick"), tick_index=new.get("tick_index"), legend=bool(new.get("legend")),
                           axis_label=new.get("axis") if new.get("tick") is None and new.get("axis") else None)
            figure.texts.append(text)
            if text.axes is not None:
                figure.axes[text.axes].texts.append(text)
            if new.get("tick") is not None:
                new["tick_text"].append(text)
            if text.axis_label and text.axes is not None:
                axis = figure.axes[text.axes].x if text.axis_label == "x" else figure.axes[text.axes].y
                axis.label = text.text
        walk(group, new)
        if re.fullmatch(r"[xy]tick_\d+", gid) and new.get("axes") is not None:
            ax = figure.axes[new["axes"]]
            axis = ax.x if gid[0] == "x" else ax.y
            exact = None
            if new["tick_marker"]:
                exact = new["tick_marker"][0]
            elif new["tick_line"]:
                exact = new["tick_line"][0]
            label = "\n".join(new["tick_text"][0].lines) if new["tick_text"] else ""
            approx = None
            if new["tick_text"]:
                t = new["tick_text"][0]
                approx = t.x if gid[0] == "x" else t.y - 3.5
            axis.ticks.append((exact, approx, label))

    def _shape(element: ET.Element, ctx: dict, parsed: tuple[list[tuple[float, float]], bool],
               offset: tuple[float, float], use: bool = False) -> None:
        points, closed = parsed
        if not points:
            return
        points = [(x + offset[0], y + offset[1]) for x, y in points]
        if ctx.get("tick") is not None:
            xs = {round(x, 6) for x, _ in points}
            ys = {round(y, 6) for _, y in points}
            if ctx["tick"] == "x" and len(xs) == 1:
                ctx["tick_line"].append(points[0][0])
            elif ctx["tick"] == "y" and len(ys) == 1:
                ctx["tick_line"].append(points[0][1])
            return
        index = ctx.get("axes")
        if index is None or ctx.get("legend"):
            return
        ax = figure.axes[index]
        fill = _style(element, "fill")
        box = _as_rect(points) if closed or len(points) == 5 else None
        if ctx.get("axis") is not None:
            return
        if ctx.get("background"):
            if box is not None and ax.bbox is None:
                ax.bbox = box
            return
        order[0] += 1
        if box is not None and fill not in ("none", "") and not ctx.get("collection"):
            ax.rects.append(Rect(box[0], box[1], box[2], box[3], ctx.get("gid", ""), fill, order[0]))
        elif box is not None and ctx.get("gid") == "suppressed":
            ax.rects.append(Rect(box[0], box[1], box[2], box[3], "suppressed", fill or "none", order[0]))
        else:
            kind = "collection" if (use or ctx.get("collection")) else "line"
            ax.lines.append(Polyline(tuple(points), ctx.get("gid", ""), kind, _style(element, "stroke"), closed))

    walk(root, {"gid": ""})
    return figure

