"""Advisor career paths: records, measures, sequences, disclosure control, charts.

Public entry points: :func:`load_records` and :class:`DataError`.
"""

from analysis.loading import Records, load_records, validate_records
from analysis.problems import DataError, Problem

__all__ = ["DataError", "Problem", "Records", "load_records", "validate_records"]
