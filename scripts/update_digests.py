"""Rebuild the small test report and write its published files' digests (``make digests``).

Prints the files whose digest changed, so the change can be looked at before it is committed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from published import ADVISORS, DIGESTS, REFERENCE_DATE, SEED, committed, digests, write  # noqa: E402

from analysis.records import synthetic  # noqa: E402
from analysis.report.build import build  # noqa: E402
from analysis.report.study import Parameters  # noqa: E402


def main() -> int:
    before = committed() if DIGESTS.exists() else {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        synthetic.write(data, n_advisors=ADVISORS, seed=SEED)
        params = Parameters(data_dir=data, reference_date=REFERENCE_DATE, k=3, target=0.5, declare_synthetic=True)
        out = build(params, Path(tmp) / "report", progress=False, audit=True, pdf=False)
        after = digests(out)
        write(out)
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            state = "new" if name not in before else "removed" if name not in after else "changed"
            print(f"{state:8} {name}")
    print(f"wrote {DIGESTS.relative_to(ROOT)} ({len(after)} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
