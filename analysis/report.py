"""Report build (``python -m analysis report``).

Validates the data and prints the headline counts. The notebook-based report
builds on this (see the notebook issue).
"""

from __future__ import annotations

import argparse

from analysis.problems import DataError


def build_report(args: argparse.Namespace) -> int:
    from analysis.loading import load_records

    try:
        records = load_records(args.data)
    except DataError as err:
        for problem in err.problems:
            print(problem)
        return 1
    a = records.advisors
    alumni = a["term_end"].notna() & (a["term_end"] <= str(args.reference_date))
    print(f"{records.source_label}")
    print(f"advisors: {len(a)} ({int(alumni.sum())} alumni on {args.reference_date}, {int((~alumni).sum())} serving)")
    print(f"placements: {len(records.placements)}; activities: {len(records.activities)}")
    return 0
