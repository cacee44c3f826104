"""The report's floor: one process that imports the library, loads the records, computes every
table and renders every figure once (PNG and SVG), with no kernel, page, audit or PDF.

It runs the code cells of every notebook's ``py:percent`` source in this one process, with
the parameters the report build injects, so the floor does the same computing and drawing
as the report and nothing else. ``benchmarks/run.py`` compares ``make report`` with it.

Usage: ``python benchmarks/report_floor.py [--data data/raw] [--profile out.prof]``; prints
the seconds of each part as JSON on the last line.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def floor(data_dir: Path, *, declare_synthetic: bool = True) -> dict[str, float]:
    """Seconds of each part of the floor (``import``, ``load``, ``tables``, ``figures``, ``total``)."""
    import jupytext  # reading the notebooks' sources is not part of the floor

    from analysis.report.runner import notebook_scripts

    sources = [(script, [c for c in jupytext.read(script).cells if c.cell_type == "code"])
               for script in notebook_scripts()]
    start = time.perf_counter()
    import matplotlib

    matplotlib.use("Agg")
    from analysis.report.exhibits import compute_exhibits
    from analysis.report.snapshot import write_snapshot
    from analysis.report.study import Parameters, Study

    out = {"import": time.perf_counter() - start}
    params = Parameters(data_dir=data_dir, declare_synthetic=declare_synthetic)
    t = time.perf_counter()
    study = Study.load(params)
    out["load"] = time.perf_counter() - t
    t = time.perf_counter()
    exhibits = compute_exhibits(study)
    out["tables"] = time.perf_counter() - t
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = Path(tmp) / "study.pickle"
        digest = write_snapshot(study, exhibits, snapshot)
        parameters = {
            "data_dir": str(params.data_dir), "reference_date": params.reference_date.isoformat(), "k": params.k,
            "target": params.target, "lang": params.lang, "policy": params.policy,
            "declare_synthetic": params.declare_synthetic, "output_dir": str(Path(tmp) / "report"),
            "snapshot": str(snapshot), "snapshot_sha256": digest,
        }
        for script, cells in sources:
            namespace: dict = {"__name__": "__main__"}
            with contextlib.redirect_stdout(io.StringIO()):
                for cell in cells:
                    exec(compile(cell.source, str(script), "exec"), namespace)  # noqa: S102 - our own notebooks
                    if "parameters" in cell.metadata.get("tags", []):
                        namespace.update(parameters)
        out["figures"] = time.perf_counter() - t
    out["total"] = time.perf_counter() - start
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the whole floor here")
    args = parser.parse_args()
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(floor, args.data.resolve())
        profiler.dump_stats(args.profile)
    else:
        result = floor(args.data.resolve())
    print(json.dumps({k: round(v, 3) for k, v in result.items()}), file=sys.stdout)


if __name__ == "__main__":
    main()
