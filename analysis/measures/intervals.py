"""Confidence intervals for proportions."""

from __future__ import annotations

import numpy as np
from scipy.special import (
    ndtri,  # standard normal quantile, as scipy.stats.norm.ppf (lighter import)
)

__all__ = ["wilson_interval"]


def wilson_interval(numerator, denominator, confidence: float = 0.95):
    """Wilson score interval for a proportion ``numerator / denominator``.

    ``(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)`` with ``z`` the
    two-sided normal quantile of ``confidence`` (1.96 for 95%). Works on scalars
    or arrays; a zero denominator gives NaN. Returns ``(lower, upper)`` as shares (0-1).

    Examples
    --------
    >>> [round(x, 4) for x in wilson_interval(3, 10)]
    [0.1078, 0.6032]
    """
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    z = float(ndtri(0.5 + confidence / 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
        lower = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
        upper = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    if lower.ndim == 0:
        return float(lower), float(upper)
    return lower, upper
