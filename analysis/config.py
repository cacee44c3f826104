"""Default parameters of the analysis (each one can be overridden where it is used)."""

from __future__ import annotations

import datetime as dt

#: Reference date of the measures: the synthetic data are current to 2026-09-30.
DEFAULT_REFERENCE_DATE = dt.date(2026, 9, 30)
#: Disclosure threshold: counts of fewer than K people are suppressed.
DEFAULT_K = 3
#: Evaluator-set target for the in-field rate, drawn as a line (share, 0-1).
DEFAULT_TARGET = 0.5
#: Windows after term end for the knowledge and in-field rates (months).
DEFAULT_WINDOWS_MONTHS = (6, 15, 24)
#: Date of the one published outcome figure (Cabinet Office: about 40% of 34 completers).
PUBLISHED_2013_DATE = "2013-05-31"
#: "Currently in the field" counts alumni whose status was confirmed within this many months.
CURRENT_STATUS_MONTHS = 12
#: Retention: in-field posts separated by at most this many months count as one spell.
RETENTION_GAP_MONTHS = 3
#: Fewest careers followed for the month-by-month sequence exhibits (chronogram, moves, monthly
#: changes, time in state, career types) to be published. With fewer, their many linked counts
#: (states by month, moves, person-months, spells) can be combined to rebuild parts of single
#: careers, whatever each table hides; a minimum base is the usual statistical-office remedy.
SEQUENCE_MIN_PEOPLE = 50
