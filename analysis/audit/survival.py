"""Kaplan-Meier curves read back from their SVG: steps, bands, withdrawals."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from analysis.audit.folder import (  # the shared reading helpers
    Z95,
    _Report,
)
from analysis.audit.svg import AxesInfo


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
