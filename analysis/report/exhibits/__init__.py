"""Every table and chart the report publishes, computed from one study and protected together.

One module per notebook; :data:`EXHIBITS` lists them in build order (the
headline first: other exhibits quote its protected figures in their footers).
"""

from __future__ import annotations

from analysis.disclosure.protect import Protected
from analysis.report.exhibits import (
    cohorts,
    destinations,
    fostering,
    overview,
    secretariat,
    trajectories,
)
from analysis.report.exhibits.base import Draft, Exhibit, build_exhibits
from analysis.report.study import Study

__all__ = ["EXHIBITS", "Draft", "Exhibit", "compute_exhibits"]

EXHIBITS: list[Exhibit] = [
    fostering.EXHIBITS[0],  # the headline: other exhibits quote it
    *overview.EXHIBITS,
    *destinations.EXHIBITS,
    *fostering.EXHIBITS[1:],
    *trajectories.EXHIBITS,
    *cohorts.EXHIBITS,
    *secretariat.EXHIBITS,
]


def compute_exhibits(study: Study, *, withhold: set[str] = frozenset()) -> dict[str, Protected]:
    """Every exhibit of the report, protected together (name -> table with its reader-facing text).

    ``withhold``: exhibits to leave out (a build does so when its own audit finds
    something, which is a defect to report); each says why in the report's language.
    """
    return build_exhibits(study, EXHIBITS, withhold=withhold)
