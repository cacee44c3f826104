"""What counts as a published figure, and its committed digests.

The small report of ``tests/test_report.py`` (30 generated advisors, seed 7,
reference date 2026-09-30, k = 3, English) is the one whose published files
are pinned: every figure (SVG and PNG), every table CSV and the headline
files. ``tests/published-digests.json`` holds their SHA-256; a change to any
of them fails ``test_published_files_match_the_committed_digests``.

When a change is intended (a new chart, a corrected measure), rebuild the
digests with ``make digests``, look at the figures it lists, and commit the
new file with the reason in the commit message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

DIGESTS = Path(__file__).resolve().parent / "published-digests.json"
ADVISORS, SEED = 30, 7
REFERENCE_DATE = dt.date(2026, 9, 30)
PATTERNS = ("figures/*.svg", "figures/*.png", "tables/*.csv", "headline.csv", "headline.json")


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every published figure, table and headline file of a built report."""
    files = sorted({p for pattern in PATTERNS for p in folder.glob(pattern)})
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def committed() -> dict[str, str]:
    return json.loads(DIGESTS.read_text(encoding="utf-8"))["files"]


def write(folder: Path) -> Path:
    document = {
        "about": "SHA-256 of the published files of the small test report (tests/published.py); "
                 "rebuild with `make digests` when a change is intended",
        "report": {"advisors": ADVISORS, "seed": SEED, "reference_date": REFERENCE_DATE.isoformat(), "k": 3,
                   "lang": "en"},
        "files": digests(folder),
    }
    DIGESTS.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return DIGESTS
