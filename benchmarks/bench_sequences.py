"""Time the sequence statistics, distances and typologies on random careers.

Generates seeded random-walk state sequences (:func:`random_careers`: 8 states,
240 months; each month a person switches to a random state with probability
3%; 30% of people have a missing tail of 1-120 months) for 1,000, 10,000 and
100,000 people, then times every statistic of
:mod:`analysis.sequences.statistics`, the distinct-sequence step and the
distance matrices of :mod:`analysis.sequences.distances` (computed over
distinct sequences). Pairwise distances grow with the square of the number of
distinct sequences (and optimal matching with the square of the length too), so
they are skipped above a cap, with the reason printed. At every size the CLARA
typology (:func:`analysis.sequences.clara.clara_clusters`, OM with TRATE costs,
k = 6, 5 samples of 500) runs on random careers of 120 months, which needs no
full matrix. Prints a plain-text table: size, function, seconds, distinct
sequences. ``benchmarks/compare_sequenzo.py`` uses the same generator
(``full_length=True``).

Run: ``.venv/bin/python benchmarks/bench_sequences.py`` (about 2 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis import sequences as st
from analysis.sequences.clara import clara_clusters
from analysis.sequences.distances import distinct_sequences, hamming, optimal_matching
from analysis.sequences.typology import cluster_sequences

N_STATES = 8
N_MONTHS = 240
SWITCH_PROBABILITY = 0.03
SHARE_WITH_MISSING_TAIL = 0.3
STATES = [f"state_{i}" for i in range(N_STATES)]
#: Optimal matching costs ~0.5 ns per cell (two worker processes) of n_distinct^2 / 2 * 240^2 cells.
OM_MAX_DISTINCT = 1_000
#: Hamming builds a dense n_distinct^2 float64 matrix (8,000 -> 512 MB).
HAMMING_MAX_DISTINCT = 8_000
#: Months of the careers given to CLARA (the report's horizon).
CLARA_MONTHS = 120


def random_careers(
    n: int,
    seed: int,
    *,
    months: int = N_MONTHS,
    full_length: bool = False,
    distinct: bool = False,
) -> pd.DataFrame:
    """Seeded random-walk careers: ``n`` people x ``months`` months, 8 sticky states.

    Each month a person switches to a random state (possibly the same) with
    probability 3%. Unless ``full_length``, 30% of people have a missing tail
    of 1 to ``months // 2`` months. ``distinct=True`` redraws until the ``n``
    rows are ``n`` distinct sequences (duplicates are rare: a career that never
    switches). Vectorised; columns are month labels (``"2005-01"``, ...), values
    ``"state_0"`` .. ``"state_7"`` (``None`` = missing), index ``person``.
    """
    rng = np.random.default_rng(seed)
    frame = _draw(n, rng, months, full_length)
    if distinct:
        frame = frame.drop_duplicates()
        while len(frame) < n:
            frame = pd.concat([frame, _draw(n, rng, months, full_length)]).drop_duplicates()
        frame = frame.iloc[:n]
        frame.index = pd.RangeIndex(n, name="person")
    return frame


def _draw(n: int, rng: np.random.Generator, months: int, full_length: bool) -> pd.DataFrame:
    """One batch of :func:`random_careers` from ``rng``."""
    switch = rng.random((n, months)) < SWITCH_PROBABILITY
    switch[:, 0] = True
    draws = rng.integers(0, N_STATES, size=(n, months))
    last_switch = np.maximum.accumulate(np.where(switch, np.arange(months), 0), axis=1)
    codes = np.take_along_axis(draws, last_switch, axis=1)
    values = np.array(STATES, dtype=object)[codes]
    if not full_length:
        tail = rng.random(n) < SHARE_WITH_MISSING_TAIL
        end = np.where(tail, months - rng.integers(1, months // 2 + 1, size=n), months)
        values[np.arange(months)[None, :] >= end[:, None]] = None
    columns = pd.period_range("2005-01", periods=months, freq="M").astype(str)
    return pd.DataFrame(values, index=pd.RangeIndex(n, name="person"), columns=columns)


def timed(func: Callable[..., object], *args: object, **kwargs: object) -> tuple[float, object]:
    """Wall-clock seconds of one call, and its result."""
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def report(size: int, name: str, seconds: float | None, distinct: int, note: str = "") -> None:
    """Print one row of the table."""
    secs = f"{seconds:8.2f}" if seconds is not None else "skipped"
    tail = f"{distinct:,}" + (f"  ({note})" if note else "")
    print(f"{size:>8,}  {name:<34} {secs:>8}  {tail}", flush=True)


def bench_size(size: int, seed: int) -> None:
    """Time every function on ``size`` random careers."""
    seqs = random_careers(size, seed)
    w = np.random.default_rng(seed + 1).uniform(0.5, 2.0, size)
    seconds, (_, _, counts, _) = timed(distinct_sequences, seqs)
    n_distinct = len(counts)
    report(size, "distinct_sequences", seconds, n_distinct)
    statistics = [
        ("state_distribution (weighted)", st.state_distribution, (w,), {}),
        ("valid_counts (weighted)", st.valid_counts, (w,), {}),
        ("cross_sectional_entropy", st.cross_sectional_entropy, (w,), {}),
        ("transition_rates (weighted)", st.transition_rates, (w,), {}),
        ("substitution_costs TRATE", st.substitution_costs, (w,), {}),
        ("mean_time_in_state serr", st.mean_time_in_state, (w,), {"serr": True}),
        ("sequence_frequencies", st.sequence_frequencies, (w,), {}),
        ("within_entropy", st.within_entropy, (), {}),
        ("turbulence (normalised)", st.turbulence, (), {"normalise": True}),
    ]
    for name, func, args, kwargs in statistics:
        report(size, name, timed(func, seqs, *args, **kwargs)[0], n_distinct)

    full = seqs[seqs.iloc[:, -1].notna()]  # Hamming needs sequences of equal length
    n_full = len(distinct_sequences(full)[2])
    if n_full <= HAMMING_MAX_DISTINCT:
        report(size, "hamming (240-month subset)", timed(hamming, full, condensed=True)[0], n_full)
    else:
        report(size, "hamming (240-month subset)", None, n_full, f"> cap {HAMMING_MAX_DISTINCT:,}")

    careers = random_careers(size, seed, months=CLARA_MONTHS)
    n_careers = len(distinct_sequences(careers)[2])
    seconds, _ = timed(clara_clusters, careers, k=6, weights=w)
    report(size, f"clara_clusters OM k=6 ({CLARA_MONTHS} m)", seconds, n_careers)

    if n_distinct > OM_MAX_DISTINCT:
        reason = f"> cap {OM_MAX_DISTINCT:,}: n_distinct^2/2 x 240^2 DP cells"
        report(size, "optimal_matching", None, n_distinct, reason)
        return
    seconds, om = timed(optimal_matching, seqs, sub_costs="TRATE", weights=w, condensed=True)
    report(size, "optimal_matching TRATE float64", seconds, n_distinct)
    seconds, _ = timed(
        optimal_matching, seqs, sub_costs="TRATE", weights=w, condensed=True, dtype=np.float32
    )
    report(size, "optimal_matching TRATE float32", seconds, n_distinct)
    for method in ("ward", "pam"):
        seconds, _ = timed(cluster_sequences, om, k=6, method=method, weights=w)
        report(size, f"cluster_sequences {method} k=6", seconds, n_distinct)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    print(f"{'size':>8}  {'function':<34} {'seconds':>8}  distinct sequences")
    print("-" * 72)
    start = time.perf_counter()
    for size in args.sizes:
        bench_size(size, args.seed)
    print("-" * 72)
    print(f"total {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
