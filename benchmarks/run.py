"""Scale and speed of the whole pipeline, from 100 to 200,000 advisors.

For each size the synthetic generator writes a data set, then a fresh
subprocess times, as separate figures:

* ``load``: loading and validating (``analysis.load_records``);
* ``headline``: every measure of the headline table (``measures.headline_table``);
* ``sequences``: building the monthly sequences (``career_sequences.build_sequences``);
* ``seq_stats``: state distribution, entropy, transition rates, mean time in state;
* ``typology``: optimal-matching distances over distinct sequences plus PAM (k=4),
  skipped above ``TYPOLOGY_MAX_DISTINCT`` distinct sequences (the matrix grows with
  the square of that count; the reason is printed).

Peak memory is the subprocess's maximum resident set size (``resource``), which
includes the interpreter and libraries. The table ends with the growth ratio of
each figure between consecutive sizes (10x the advisors should cost at most
about 12x the time, the distance matrix excepted).

Then: the full report on the default data, and its floor: starting one kernel and
importing pandas, matplotlib and seaborn, times the number of notebooks, divided
by the cores used.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/run.py [--sizes 100 1000]``).
Prints only; no test asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (100, 1_000, 10_000, 100_000, 200_000)
STAGES = ("load", "headline", "sequences", "seq_stats", "typology")
REFERENCE_DATE = "2026-09-30"
TYPOLOGY_MAX_DISTINCT = 3_000


def measure_one(data_dir: Path) -> dict:
    """Time each stage on one data set (run inside a fresh subprocess)."""
    from analysis import load_records
    from analysis import sequences as st
    from analysis.measures.outcomes import headline_table
    from analysis.sequences.careers import build_sequences
    from analysis.sequences.distances import distinct_sequences, optimal_matching
    from analysis.sequences.typology import cluster_sequences

    out: dict = {}

    def timed(name, func, *args, **kwargs):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        out[name] = time.perf_counter() - start
        return result

    records = timed("load", load_records, data_dir)
    timed("headline", headline_table, records, reference_date=REFERENCE_DATE)
    seqs = timed("sequences", build_sequences, records, reference_date=REFERENCE_DATE, coarsen=True)

    def stats(s):
        st.state_distribution(s)
        st.cross_sectional_entropy(s)
        st.transition_rates(s)
        st.mean_time_in_state(s)

    timed("seq_stats", stats, seqs)
    distinct = len(distinct_sequences(seqs)[2])
    out["distinct"] = distinct
    if distinct <= TYPOLOGY_MAX_DISTINCT:
        def typology(s):
            d = optimal_matching(s, sub_costs="TRATE", indel=1.0, condensed=True)
            return cluster_sequences(d, k=4, method="pam")

        timed("typology", typology, seqs)
    else:
        out["typology"] = None
        out["typology_skipped"] = f"{distinct:,} distinct sequences > {TYPOLOGY_MAX_DISTINCT:,} (matrix grows with the square)"
    out["advisors"] = len(records.advisors)
    out["placements"] = len(records.placements)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_size(n: int, workdir: Path) -> dict:
    data = workdir / f"n{n}"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "generate", "--out", str(data), "--advisors", str(n)],
                   check=True, capture_output=True, cwd=ROOT)
    generate = time.perf_counter() - start
    result = subprocess.run([sys.executable, __file__, "--one", str(data)], check=True, capture_output=True,
                            text=True, cwd=ROOT)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["generate"] = generate
    return figures


def kernel_floor(n_notebooks: int, cores: int) -> float:
    """Seconds to start one kernel and import pandas, matplotlib and seaborn."""
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        client.execute_interactive("import pandas, matplotlib, seaborn", timeout=120)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    one = time.perf_counter() - start
    return one, one * n_notebooks / cores


def report_time(workdir: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "report", "--out", str(workdir / "report")], check=True,
                   capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def fmt(value) -> str:
    return "skipped" if value is None else f"{value:8.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-report", action="store_true", help="skip timing the full report")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one)))
        return

    cores = os.cpu_count() or 1
    print(f"benchmarks/run.py on {cores} cores; reference date {REFERENCE_DATE}; seconds unless stated\n")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            figures = run_size(n, Path(tmp))
            rows.append((n, figures))
            print(f"  measured {n:,} advisors", file=sys.stderr)
        header = f"{'advisors':>9} {'placements':>10} " + " ".join(f"{s:>9}" for s in STAGES) + f" {'distinct':>9} {'peak MB':>8}"
        print(header)
        for n, f in rows:
            print(f"{n:>9,} {f['placements']:>10,} " + " ".join(f"{fmt(f[s]):>9}" for s in STAGES)
                  + f" {f['distinct']:>9,} {f['peak_rss_mb']:>8.0f}")
        for n, f in rows:
            if f.get("typology_skipped"):
                print(f"  typology at {n:,}: skipped, {f['typology_skipped']}")
        print("\ngrowth ratio of time between consecutive sizes")
        print(f"{'from -> to':>20} {'size':>6} " + " ".join(f"{s:>9}" for s in STAGES))
        for (n0, f0), (n1, f1) in zip(rows, rows[1:], strict=False):
            ratios = []
            for s in STAGES:
                ratios.append("   -" if f0[s] is None or f1[s] is None or f0[s] == 0 else f"{f1[s] / f0[s]:9.1f}")
            print(f"{f'{n0:,} -> {n1:,}':>20} {n1 / n0:6.1f} " + " ".join(f"{r:>9}" for r in ratios))
        if not args.no_report:
            notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
            one, floor = kernel_floor(len(notebooks), cores)
            total = report_time(Path(tmp))
            print(f"\nfull report on the default data: {total:.1f} s")
            print(f"floor: one kernel start + imports {one:.1f} s x {len(notebooks)} notebooks / {cores} cores = {floor:.1f} s")
            print(f"report / floor = {total / floor:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
