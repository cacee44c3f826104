"""Disclosure layer: the one publication layer through which everything about people leaves the library.

- :mod:`~analysis.disclosure.policy`: the policy (threshold k, or HESA rounding) and markers;
- :mod:`~analysis.disclosure.engine`: primary/secondary suppression over additive relations, checked exactly;
- :mod:`~analysis.disclosure.protect`: protecting tables, and the :class:`Protected` wrapper;
- :mod:`~analysis.disclosure.export`: text rendering, formula-safe atomic CSV, the last check.

It imports the records, measures and sequences layers, never plots or report.
"""

from analysis.disclosure.export import assert_no_small_counts, display_table, safe_cell, write_csv
from analysis.disclosure.policy import (
    DEFAULT_POLICY,
    HESA_MARKER,
    SUPPRESS_MARKER,
    DisclosurePolicy,
    DisclosureWarning,
    hesa_round,
)
from analysis.disclosure.protect import (
    Protected,
    declare_no_person_counts,
    protect_counts,
    protect_crosstab,
    protect_means,
    protect_rates,
)
from analysis.errors import DisclosureError

__all__ = [
    "DEFAULT_POLICY",
    "HESA_MARKER",
    "SUPPRESS_MARKER",
    "DisclosureError",
    "DisclosurePolicy",
    "DisclosureWarning",
    "Protected",
    "assert_no_small_counts",
    "declare_no_person_counts",
    "display_table",
    "hesa_round",
    "protect_counts",
    "protect_crosstab",
    "protect_means",
    "protect_rates",
    "safe_cell",
    "write_csv",
]
