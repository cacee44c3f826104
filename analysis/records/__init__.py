"""Records layer: the field dictionary, reading, validation, reference tables and synthetic data.

The lowest layer: it imports nothing else of the library except
:mod:`analysis.paths`, :mod:`analysis.config` and :mod:`analysis.errors`.
"""

from analysis.records.problems import Problem, TableCount, ValidationReport
from analysis.records.reference import Reference, load_reference
from analysis.records.validation import Records, load_records, validate_records

__all__ = [
    "Problem",
    "Records",
    "Reference",
    "TableCount",
    "ValidationReport",
    "load_records",
    "load_reference",
    "validate_records",
]
