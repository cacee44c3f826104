"""Advisor career paths: records, measures, sequences, disclosure control, charts and the report.

Layers, data flowing one way (a lower layer never imports a higher one):

``records`` -> ``measures`` and ``sequences`` -> ``disclosure`` -> ``plots`` -> ``report``

Public entry points: :func:`load_records`, :func:`validate_records` and
:class:`DataError`; the command line is ``python -m analysis``.
"""

from analysis.errors import DataError
from analysis.records import Problem, Records, load_records, validate_records

__all__ = ["DataError", "Problem", "Records", "load_records", "validate_records"]
