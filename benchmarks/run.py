"""``make bench``: every stage from 100 to 200,000 advisors, the floors beside them, one table.

For each size the synthetic generator writes a data set; then each stage runs
as its own command, timed from outside (wall clock, interpreter start
included) while the peak resident memory of its whole process tree (kernels
and Chromium included) is sampled from ``/proc`` every 0.1 s:

``validate``
    ``python -m analysis validate DIR`` (read, check, reconcile every row).
``pyarrow floor``
    a process that imports pyarrow and parses the same three files with its CSV
    reader, every column as text: what validation cannot beat.
``arrow + trim``
    the pyarrow floor plus trimming every cell and making empty ones missing
    (what validation must do before any rule), shown against the pyarrow floor.

The floors and ``validate`` are the best of two runs each; the report on the
default data too (its floor likewise).
``measures``, ``sequences``, ``seq stats``
    timed inside one process (``--stages``): the headline measures, building the
    monthly sequences, and four sequence statistics.
``report``
    ``python -m analysis report`` (validation, tables, notebooks, page, audit,
    PDF) on the default data (110 advisors) and at 1,000, 10,000 and 100,000.
``report floor``
    ``benchmarks/report_floor.py``: one process that imports the library, loads
    the records, computes every table and renders every figure once.

Then ``compare_sequenzo.py --sizes 1000`` times the sequence statistics and the
distance matrices against sequenzo on the same 1,000 distinct careers of 240
months, results asserted equal (it stops with an error otherwise).

The last lines check the targets of issue 14. Nothing here is asserted by a
test. Linux only (``/proc``). Usage: ``.venv/bin/python benchmarks/run.py
[--sizes 100 1000] [--report-sizes 1000] [--no-sequenzo]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
SIZES = (100, 1_000, 10_000, 100_000, 200_000)
REPORT_SIZES = (1_000, 10_000, 100_000)
REFERENCE_DATE = "2026-09-30"
PAGE = os.sysconf("SC_PAGE_SIZE")

#: Targets of issue 14.
VALIDATE_SECONDS_100K = 5.0
VALIDATE_X_FLOOR = 4.0
VALIDATE_GROWTH_10K_100K = 11.0
REPORT_SECONDS_DEFAULT = 15.0
REPORT_X_FLOOR = 1.5
REPORT_SECONDS_100K = 300.0
REPORT_MB_100K = 4096.0
SEQUENZO_RATIO = 2.0


# --------------------------------------------------------------------------- measuring a command


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants now."""
    tree = _children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss(pid)
        stack.extend(tree.get(pid, []))
    return total


def measure(command: list[str], *, env: dict | None = None) -> dict:
    """Run ``command``; return wall seconds, peak tree memory (MB) and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "LC_ALL": "C.UTF-8", **(env or {})})
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}\n{err[-3000:]}")
    return {"seconds": seconds, "mb": peak[0] / 2**20, "stdout": out}


def best(runs: int, command: list[str]) -> dict:
    """The fastest of ``runs`` runs of ``command`` (its peak memory is the largest seen)."""
    results = [measure(command) for _ in range(runs)]
    return {**min(results, key=lambda r: r["seconds"]), "mb": max(r["mb"] for r in results)}


# --------------------------------------------------------------------------- stages run in a child


def pyarrow_floor(data_dir: Path) -> None:
    """Parse the three record files with pyarrow, every column as text (the validation floor)."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    rows = 0
    for name in ("advisors.csv", "activities.csv", "placements.csv"):
        path = data_dir / name
        with path.open("rb") as handle:
            header = handle.readline().decode("utf-8-sig").strip().split(",")
        table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False))
        rows += table.num_rows
    print(json.dumps({"rows": rows}))


def trimmed_floor(data_dir: Path) -> None:
    """The pyarrow floor plus what every validator of these files must do next: each cell
    trimmed of white space and an empty one made missing, column by column on every core (as
    ``analysis.records.reading`` does), no rule checked."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pacsv

    def clean(column: pa.ChunkedArray) -> pa.ChunkedArray:
        trimmed = pc.utf8_trim_whitespace(column)
        return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, trimmed.type), trimmed)

    rows = 0
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for name in ("advisors.csv", "activities.csv", "placements.csv"):
            path = data_dir / name
            with path.open("rb") as handle:
                header = handle.readline().decode("utf-8-sig").strip().split(",")
            table = pacsv.read_csv(path, parse_options=pacsv.ParseOptions(newlines_in_values=True),
                                   convert_options=pacsv.ConvertOptions(
                                       column_types=dict.fromkeys(header, pa.large_string()), strings_can_be_null=False))
            rows += sum(len(column) for column in pool.map(clean, table.columns)) // max(table.num_columns, 1)
    print(json.dumps({"rows": rows}))


def stages(data_dir: Path) -> None:
    """Headline measures, sequences and sequence statistics, timed in this process."""
    from analysis import load_records
    from analysis import sequences as st
    from analysis.measures.headline import headline_table
    from analysis.sequences.careers import build_sequences

    records = load_records(data_dir)
    out = {}
    start = time.perf_counter()
    headline_table(records, reference_date=REFERENCE_DATE)
    out["measures"] = time.perf_counter() - start
    start = time.perf_counter()
    seqs = build_sequences(records, reference_date=REFERENCE_DATE, coarsen=True)
    out["sequences"] = time.perf_counter() - start
    start = time.perf_counter()
    st.state_distribution(seqs)
    st.cross_sectional_entropy(seqs)
    st.transition_rates(seqs)
    st.mean_time_in_state(seqs)
    out["seq stats"] = time.perf_counter() - start
    out["placements"] = len(records.placements)
    print(json.dumps(out))


# --------------------------------------------------------------------------- the run


def _last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


def report_command(data: Path, out: Path, *, synthetic: bool) -> list[str]:
    return [PY, "-m", "analysis", "report", "--data", str(data), "--out", str(out), "--quiet",
            *(["--declare-synthetic"] if synthetic else [])]


def sequenzo_ratios() -> tuple[list[str], dict[str, float]]:
    result = measure([PY, "benchmarks/compare_sequenzo.py", "--sizes", "1000"])
    lines = result["stdout"].splitlines()
    ratios = {}
    for line in lines:
        match = re.match(r"\s*1,000\s+(.+?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+yes\s*$", line)
        if match:
            ratios[match.group(1).strip()] = float(match.group(4))
    return lines, ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--report-sizes", type=int, nargs="*", default=list(REPORT_SIZES))
    parser.add_argument("--no-sequenzo", action="store_true", help="skip the comparison with sequenzo")
    parser.add_argument("--pyarrow-floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--trimmed-floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stages", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pyarrow_floor:
        return pyarrow_floor(args.pyarrow_floor)
    if args.trimmed_floor:
        return trimmed_floor(args.trimmed_floor)
    if args.stages:
        return stages(args.stages)

    rows: list[tuple] = []  # (stage, advisors, seconds, mb, floor seconds)
    by = {}

    def add(stage: str, n: int, result: dict, floor: float | None = None) -> None:
        rows.append((stage, n, result["seconds"], result.get("mb"), floor))
        by[(stage, n)] = result["seconds"]
        print(f"  {stage:<14} {n:>9,}  {result['seconds']:8.2f} s", file=sys.stderr, flush=True)

    print(f"benchmarks/run.py: {os.cpu_count()} cores, Python {sys.version.split()[0]}; reference date "
          f"{REFERENCE_DATE}; wall seconds of each whole command, peak MB of its process tree\n")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        sizes = sorted(set(args.sizes) | set(args.report_sizes))
        for n in sizes:
            data = tmp_dir / f"n{n}"
            add("generate", n, measure([PY, "-m", "analysis", "generate", "--out", str(data), "--advisors", str(n)]))
            if n in args.sizes:
                # Best of two runs of each: a run on this VM varies by 10-20%.
                floor = best(2, [PY, __file__, "--pyarrow-floor", str(data)])
                add("pyarrow floor", n, floor)
                add("arrow + trim", n, best(2, [PY, __file__, "--trimmed-floor", str(data)]), floor["seconds"])
                add("validate", n, best(2, [PY, "-m", "analysis", "validate", str(data)]), floor["seconds"])
                inner = measure([PY, __file__, "--stages", str(data)])
                figures = _last_json(inner["stdout"])
                for stage in ("measures", "sequences", "seq stats"):
                    add(stage, n, {"seconds": figures[stage], "mb": None})
            if n in args.report_sizes:
                floor = measure([PY, "benchmarks/report_floor.py", "--data", str(data)])
                add("report floor", n, floor)
                add("report", n, measure(report_command(data, tmp_dir / f"report-{n}", synthetic=True)),
                    floor["seconds"])
        # The default data (110 advisors): best of two runs of each, the report as `make report` builds it.
        default = ROOT / "data" / "raw"
        floors = [measure([PY, "benchmarks/report_floor.py", "--data", str(default)]) for _ in range(2)]
        reports = [measure(report_command(default, tmp_dir / "report-default", synthetic=True)) for _ in range(2)]
        floor = min(floors, key=lambda r: r["seconds"])
        add("report floor", 110, floor)
        add("report", 110, min(reports, key=lambda r: r["seconds"]), floor["seconds"])

    print(f"{'stage':<14} {'advisors':>9} {'seconds':>9} {'peak MB':>8} {'growth':>7} {'floor s':>8} {'x floor':>8}")
    previous: dict[str, tuple[int, float]] = {}
    for stage, n, seconds, mb, floor in sorted(rows, key=lambda r: (_ORDER.index(r[0]), r[1])):
        growth = ""
        if stage in previous and n > previous[stage][0] and previous[stage][1] > 0:
            growth = f"{seconds / previous[stage][1]:6.1f}x"
        previous[stage] = (n, seconds)
        shown_mb = "" if mb is None else f"{mb:8.0f}"
        ratio = "" if floor is None else f"{seconds / floor:7.2f}x"
        shown_floor = "" if floor is None else f"{floor:8.2f}"
        print(f"{stage:<14} {n:>9,} {seconds:9.2f} {shown_mb:>8} {growth:>7} {shown_floor:>8} {ratio:>8}")

    ratios: dict[str, float] = {}
    if not args.no_sequenzo:
        lines, ratios = sequenzo_ratios()
        print("\nagainst sequenzo (compare_sequenzo.py --sizes 1000; equal results asserted):")
        for line in lines:
            print(f"  {line}")

    print("\ntargets (issue 14)")

    def check(label: str, value: float | None, ok: bool | None, shown: str) -> None:
        verdict = "not measured" if value is None else ("met" if ok else "NOT met")
        print(f"  {label:<58} {shown:>18}  {verdict}")

    def get(stage: str, n: int) -> float | None:
        return by.get((stage, n))

    v100k, f100k, v10k = get("validate", 100_000), get("pyarrow floor", 100_000), get("validate", 10_000)
    check("validate 100,000 advisors, whole command < 5 s", v100k, v100k is not None and v100k < VALIDATE_SECONDS_100K,
          "-" if v100k is None else f"{v100k:.2f} s")
    ratio = None if v100k is None or not f100k else v100k / f100k
    check("validate 100,000 within 4x the pyarrow floor", ratio, ratio is not None and ratio <= VALIDATE_X_FLOOR,
          "-" if ratio is None else f"{ratio:.2f}x")
    growth = None if v100k is None or not v10k else v100k / v10k
    check("validate growth 10,000 -> 100,000 at most 11x", growth,
          growth is not None and growth <= VALIDATE_GROWTH_10K_100K, "-" if growth is None else f"{growth:.1f}x")
    r, rf = get("report", 110), get("report floor", 110)
    check("make report on the default data < 15 s", r, r is not None and r < REPORT_SECONDS_DEFAULT,
          "-" if r is None else f"{r:.2f} s")
    ratio = None if r is None or not rf else r / rf
    check("report within 1.5x its floor (default data)", ratio, ratio is not None and ratio <= REPORT_X_FLOOR,
          "-" if ratio is None else f"{ratio:.2f}x")
    big = next((row for row in rows if row[0] == "report" and row[1] == 100_000), None)
    check("report at 100,000 advisors < 5 min", None if big is None else big[2],
          big is not None and big[2] < REPORT_SECONDS_100K, "-" if big is None else f"{big[2]:.0f} s")
    check("report at 100,000 advisors < 4 GB (whole process tree)", None if big is None else big[3],
          big is not None and big[3] < REPORT_MB_100K, "-" if big is None else f"{big[3]:.0f} MB")
    for name in ("optimal_matching (TRATE matrix, 240 m)", "hamming (TRATE matrix)"):
        value = ratios.get(name)
        check(f"{name} >= 2x sequenzo", value, value is not None and value >= SEQUENZO_RATIO,
              "-" if value is None else f"{value:.2f}x")


_ORDER = ["generate", "pyarrow floor", "arrow + trim", "validate", "measures", "sequences", "seq stats", "report floor", "report"]


if __name__ == "__main__":
    main()
