"""Dissimilarities between state sequences: Hamming, optimal matching, LCS.

Definitions follow R TraMineR ``seqdist`` (methods ``"HAM"``, ``"OM"``,
``"LCS"``). Every distance is computed once per *distinct* sequence and then
expanded to individuals with an inverse index, so thousands of people cost
what their distinct careers cost. ``condensed=True`` returns the distinct-level
result (:class:`DistinctDistances`) for the typology instead of the
individual-level ``n x n`` table.

Hamming is one sparse-times-dense product over the distinct sequences (see
:func:`_hamming_matrix`): each run of equal states of one sequence adds the
difference of two prefix sums of its costs against the other sequence, so a
career with 7 spells costs ~15 operations per pair instead of a lookup per
month (the former dense ``onehot @ costs @ onehot.T`` product, ``T x k``
multiply-adds per pair, took 5-10x longer at 5,000 sequences of 240 months).

Optimal matching is an exact Needleman-Wunsch dynamic programme, vectorised
with ``numpy`` over pairs. With ``Q = D - (i + j) * indel`` every cell is
``min(Q[i-1, j], Q[i, j-1], Q[i-1, j-1] + saving)``, and a cell depends only on
the two previous anti-diagonals of the ``(time of x) x (time of y)`` grid, so
one anti-diagonal is updated for one reference sequence against a *tile* of
about 1,000 other sequences per array operation: one add and two minimums per
cell. Each reference is paired with the next ``m // 2`` distinct sequences in
circular order (each pair once, every tile full width; few sequences: blocks of
references against all later ones); each pair keeps the orientation of a
one-sided sweep, so the results are bit for bit those of the previous kernel.
The savings are read as contiguous slices, one per run of equal states of the
reference (time reversed), not gathered cell by cell. References are shared out
to worker threads (numpy releases the GIL inside each array operation).

Profile of the previous kernel (line timing, 1,000 sequences x 240 months,
TRATE costs, one core, 1.14 ns per cell): gathering the savings of each
diagonal 29%, the add 17%, the two minimums 18% and 25%, Python index
arithmetic 10%; the whole row of later sequences was one array (10 MB per
diagonal at 5,000 sequences, out of cache), and it used one core.
Measured while rewriting it: numpy is ~4x slower on strided 2-D views than on
contiguous arrays (0.8 vs 0.2 ns per element), so every operand is contiguous;
a row-by-row formulation with ``np.minimum.accumulate`` runs at 3-12 ns per
element, so anti-diagonals stay; threads pay off only with wide tiles (each
array operation hands the GIL back and forth: 2 threads give ~1.4x, not 2x).
Now 0.9-1.0 ns per cell on one core and 0.6-0.75 ns with two: 1,000 sequences
x 240 months take ~20 s (previously ~32 s); sequenzo 0.1.42 (C++ with OpenMP)
needs ~2 ns per cell on the same 2 cores (``benchmarks/compare_sequenzo.py``).
Exact OM cannot avoid the ``T^2`` cells per pair; the distinct-sequence step is
what keeps large populations affordable. Not used: spell (run-length)
compression, which does not preserve OM; stripping a common prefix or suffix,
which is exact here (one indel cost, non-negative costs, zero diagonal: a
shared first state can always be matched at cost 0) and is what sequenzo does
per pair, but cannot shorten a sweep whose pairs have different prefixes;
float32 is used only where exact (costs multiples of 1/1024, e.g. CONSTANT and
LCS), as before.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.sequences import (
    MISSING_CODE,
    _left_justify,
    _rates_from_counts,
    _transition_counts,
    _trate_costs,
    _unique_rows,
    _weights,
    encode_states,
    sequence_lengths,
)

__all__ = [
    "DistinctDistances",
    "distinct_sequences",
    "hamming",
    "optimal_matching",
    "lcs",
]

SubCosts = Literal["TRATE", "CONSTANT"] | pd.DataFrame | None
Missing = Literal["drop", "state", "error"]

#: Elements of one anti-diagonal buffer of the OM kernel (cells x pairs): a tile
#: of ``_OM_TILE_ELEMENTS // (T + 1)`` pairs (about 1,000 at 240 months) is
#: large enough to amortise the Python overhead of each array operation and to
#: keep worker threads out of each other's way on the GIL.
_OM_TILE_ELEMENTS = 2**18
#: At most this many worker threads for OM (each still needs the GIL between
#: array operations, about a fifth of its time).
_OM_MAX_THREADS = 4
#: Below this many DP cells OM runs in the calling thread only.
_OM_THREAD_MIN_CELLS = 2e8
#: Columns of the Hamming matrix per block of the sparse product (one per thread).
_HAMMING_BLOCK = 256


@dataclass(frozen=True)
class DistinctDistances:
    """Distances between distinct sequences, with the map back to individuals.

    Attributes
    ----------
    matrix : ndarray, shape (n_distinct, n_distinct)
        Symmetric distance matrix between distinct sequences (float64).
    inverse : ndarray of int, shape (n_rows,)
        ``inverse[i]`` is the distinct sequence of row ``i`` of ``seqs``.
    counts : ndarray of int, shape (n_distinct,)
        Number of individuals having each distinct sequence.
    index : Index
        Row index of the original ``seqs``.
    codes : ndarray of int16, shape (n_distinct, n_time_points)
        The distinct sequences as alphabet codes, ``-1`` = missing.
    alphabet : list of str
    """

    matrix: np.ndarray
    inverse: np.ndarray
    counts: np.ndarray
    index: pd.Index
    codes: np.ndarray
    alphabet: list[str]

    def expand(self) -> pd.DataFrame:
        """Individual-level ``n x n`` distance table (index and columns = ``index``)."""
        n = len(self.inverse)
        full = np.empty((n, n))
        for i, row in enumerate(self.inverse.tolist()):  # row by row: ~2x faster than np.ix_
            np.take(self.matrix[row], self.inverse, out=full[i])
        return pd.DataFrame(full, index=self.index, columns=self.index, copy=False)


def distinct_sequences(
    seqs: pd.DataFrame, *, alphabet: Sequence[str] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Distinct sequences of a wide sequence table.

    Two rows are the same sequence when they agree at every time point,
    missing values included (a gap at a different month makes a different
    sequence).

    Returns
    -------
    codes : ndarray of int16, shape (n_distinct, n_time_points)
        Alphabet positions, ``-1`` for missing.
    inverse : ndarray of int, shape (n_rows,)
        Distinct sequence of each row: ``codes[inverse]`` rebuilds the table.
    counts : ndarray of int, shape (n_distinct,)
        Number of rows per distinct sequence.
    alphabet : list of str
    """
    codes, alphabet = encode_states(seqs, alphabet=alphabet)
    distinct, inverse, counts = _unique_rows(codes)
    return distinct, inverse, counts, alphabet


# --------------------------------------------------------------------------- #
# Costs
# --------------------------------------------------------------------------- #
def _cost_matrix(
    sub_costs: SubCosts,
    codes: np.ndarray,
    alphabet: list[str],
    weights: np.ndarray,
    *,
    constant: float,
    with_missing: bool,
) -> np.ndarray:
    """Substitution-cost matrix over the alphabet, plus a missing state if asked.

    ``"CONSTANT"`` (and ``None``) give ``constant`` off the diagonal;
    ``"TRATE"`` gives ``2 - p(i->j) - p(j->i)`` from the transition rates
    (weighted). With ``with_missing`` the last row/column is the missing state:
    its rates enter the TRATE denominators (TraMineR ``with.missing = TRUE``)
    and its cost to every state is fixed at ``constant`` for the named methods
    (TraMineR's ``miss.cost``) or at the largest cost of a user matrix.
    """
    k = len(alphabet)
    size = k + 1 if with_missing else k
    if sub_costs is None or (isinstance(sub_costs, str) and sub_costs == "CONSTANT"):
        costs = np.full((size, size), float(constant))
        np.fill_diagonal(costs, 0.0)
        return costs
    if isinstance(sub_costs, str) and sub_costs == "TRATE":
        coded = codes
        if with_missing:
            lengths = sequence_lengths(codes)
            inside = np.arange(codes.shape[1])[None, :] < lengths[:, None]
            coded = np.where(inside & (codes < 0), k, codes)
        costs = _trate_costs(_rates_from_counts(_transition_counts(coded, weights, size)), 2.0)
        if with_missing:
            costs[k, :k] = costs[:k, k] = constant
        return costs
    if isinstance(sub_costs, pd.DataFrame):
        missing = [s for s in alphabet if s not in sub_costs.index or s not in sub_costs.columns]
        if missing:
            raise ValueError(f"sub_costs has no row/column for states {missing}")
        costs = sub_costs.loc[alphabet, alphabet].to_numpy(dtype=float)
        if np.any(~np.isfinite(costs)) or np.any(costs < 0):
            raise ValueError("substitution costs must be finite and non-negative")
        if np.any(np.diag(costs) != 0):
            raise ValueError("substitution costs must be 0 on the diagonal")
        if with_missing:
            top = costs.max() if k else 1.0
            costs = np.pad(costs, ((0, 1), (0, 1)), constant_values=top)
            costs[k, k] = 0.0
        return costs
    raise ValueError('sub_costs must be "TRATE", "CONSTANT", None or a DataFrame')


# --------------------------------------------------------------------------- #
# Hamming
# --------------------------------------------------------------------------- #
def _hamming_matrix(symbols: np.ndarray, costs: np.ndarray) -> np.ndarray:
    """``sum_t costs[symbols[a, t], symbols[b, t]]`` for every pair of rows (float64).

    Run-length form: for each row ``b`` and symbol ``s``, the prefix sums
    ``P_b[s, t] = sum_{t' < t} costs[s, symbols[b, t']]``; a run of symbol ``s``
    of row ``a`` over ``[t0, t1)`` contributes ``P_b[s, t1] - P_b[s, t0]``. So the
    whole matrix is one sparse-times-dense product ``R @ P``, where ``R`` has a
    ``+1`` and a ``-1`` per run of each row (about 15 per row for careers with 7
    spells, instead of a cost lookup per time point). scipy releases the GIL in
    the product, so blocks of columns go to worker threads; for symmetric costs
    only the upper triangle is computed and mirrored. Costs that are multiples
    of 1/1024 (unit, ``"CONSTANT"``) are summed exactly, in float32; other costs
    in float64, rounding at ~1e-14 of the distance.
    """
    m, length = symbols.shape
    matrix = np.zeros((m, m))
    if m < 2 or length == 0:
        return matrix
    present = np.bincount(symbols.ravel(), minlength=costs.shape[0]) > 0
    recode = np.cumsum(present) - 1
    symbols = recode[symbols]
    costs = costs[np.ix_(present, present)]
    u = costs.shape[0]
    # float32 when every partial sum is exact in it (costs multiples of 1/1024,
    # e.g. unit and "CONSTANT"): half the memory traffic, same result.
    scaled = costs * 1024.0
    top = float(np.abs(costs).max(initial=0.0))
    exact = np.all(scaled == np.round(scaled)) and 2.0 * length * top * 1024.0 < 2.0**24
    dtype = np.float32 if exact else np.float64
    costs = costs.astype(dtype)
    # prefix[s, t, b] = sum over t' < t of costs[s, symbols[b, t']]
    by_time = np.ascontiguousarray(symbols.T)
    prefix = np.empty((u, length + 1, m), dtype=dtype)
    prefix[:, 0] = 0.0
    for t in range(length):
        np.add(prefix[:, t], costs[:, by_time[t]], out=prefix[:, t + 1])
    prefix = prefix.reshape(u * (length + 1), m)
    starts = np.ones((m, length), dtype=bool)
    starts[:, 1:] = symbols[:, 1:] != symbols[:, :-1]
    rows, first = np.nonzero(starts)
    last = np.empty_like(first)
    last[:-1] = first[1:]
    last[np.r_[rows[1:] != rows[:-1], True]] = length
    base = symbols[rows, first] * (length + 1)
    columns = np.empty(2 * len(rows), dtype=np.int64)
    columns[0::2] = base + last
    columns[1::2] = base + first
    indptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(2 * np.bincount(rows, minlength=m), out=indptr[1:])
    signs = np.tile(np.array([1.0, -1.0], dtype=dtype), len(rows))
    runs = sparse.csr_array((signs, columns, indptr), shape=(m, u * (length + 1)))
    symmetric = np.allclose(costs, costs.T, rtol=0.0, atol=1e-12 * top)

    def block(j0: int, j1: int) -> None:  # columns j0..j1-1 (disjoint writes)
        n_rows = j1 if symmetric else m
        part = runs[:n_rows] @ prefix[:, j0:j1]
        matrix[:n_rows, j0:j1] = part
        if symmetric:  # mirror: rows j0..j1-1 left of the diagonal, and the diagonal block
            matrix[j0:j1, :j0] = part[:j0].T
            square = matrix[j0:j1, j0:j1]
            lower = np.tril_indices(j1 - j0, -1)
            square[lower] = square.T[lower]

    edges = list(range(0, m, _HAMMING_BLOCK)) + [m]
    blocks = list(zip(edges[:-1], edges[1:], strict=True))[::-1]  # largest first
    n_threads = _worker_threads(float(m) * m * length) if len(blocks) > 1 else 1
    if n_threads == 1:
        for j0, j1 in blocks:
            block(j0, j1)
    else:
        with ThreadPoolExecutor(n_threads) as pool:
            for future in [pool.submit(block, j0, j1) for j0, j1 in blocks]:
                future.result()
    np.fill_diagonal(matrix, 0.0)
    return matrix


def hamming(
    seqs: pd.DataFrame,
    *,
    sub_costs: SubCosts = None,
    weights: object = None,
    missing: Literal["state", "error"] = "state",
    alphabet: Sequence[str] | None = None,
    condensed: bool = False,
) -> pd.DataFrame | DistinctDistances:
    """Hamming distance: sum over time points of the substitution cost.

    Matches TraMineR ``seqdist(method = "HAM")``: defined only for sequences of
    equal length (TraMineR ``seqlength``: up to the last non-missing state;
    trailing missing values are void). ``sub_costs=None`` or ``"CONSTANT"``
    costs 1 per mismatch (the classic Hamming count); ``"TRATE"`` uses
    :func:`analysis.sequences.substitution_costs` (estimated with
    ``weights``); a DataFrame gives the costs per pair of states.

    Missing values: TraMineR's default (``with.missing = FALSE``) refuses
    sequences with internal gaps (``missing="error"`` does the same). The
    default ``missing="state"`` is TraMineR's ``with.missing = TRUE``: a gap is
    an extra state, at cost 0 from another gap and at cost 1 (``"CONSTANT"``),
    2 (``"TRATE"``) or the largest given cost (DataFrame) from any state.

    Computed on distinct sequences (or directly on the rows when nearly all
    are distinct) as one sparse product over the runs of each sequence (see
    the module docstring).

    Returns
    -------
    DataFrame or DistinctDistances
        ``n x n`` table indexed by ``seqs.index`` (unit: cost; with unit costs,
        number of months that differ), or the distinct-level result when
        ``condensed``.

    Raises
    ------
    ValueError
        If the sequences do not all have the same length, or
        ``missing="error"`` and a sequence has an internal gap.
    """
    codes, alphabet = encode_states(seqs, alphabet=alphabet)
    w = _weights(weights, seqs)
    distinct, inverse, counts = _unique_rows(codes)
    lengths = sequence_lengths(distinct)
    if len(np.unique(lengths)) > 1:
        raise ValueError(
            "Hamming distance needs sequences of equal length; lengths (last non-missing "
            f"time point) range from {lengths.min()} to {lengths.max()}"
        )
    length = int(lengths[0]) if len(lengths) else 0
    body = distinct[:, :length]
    gaps = body < 0
    if missing not in ("state", "error"):
        raise ValueError("missing must be 'state' or 'error' for Hamming")
    if missing == "error" and gaps.any():
        raise ValueError("sequences have internal or leading missing values; use missing='state'")
    k = len(alphabet)
    constant = 2.0 if isinstance(sub_costs, str) and sub_costs == "TRATE" else 1.0
    costs = _cost_matrix(sub_costs, codes, alphabet, w, constant=constant, with_missing=True)
    symbols = np.where(gaps, k, body)
    if not condensed and len(seqs) <= 1.25 * len(distinct):
        # (Nearly) every row distinct: compute the table in row order directly
        # instead of expanding (one n x n array less to fill; identical rows get
        # exactly 0, the sum of zero costs).
        matrix = _hamming_matrix(symbols[inverse], costs)
        return pd.DataFrame(matrix, index=seqs.index, columns=seqs.index, copy=False)
    matrix = _hamming_matrix(symbols, costs)
    result = DistinctDistances(matrix, inverse, counts, seqs.index, distinct, alphabet)
    return result if condensed else result.expand()


# --------------------------------------------------------------------------- #
# Optimal matching
# --------------------------------------------------------------------------- #
def _x_runs(codes: np.ndarray) -> list[tuple[int, int, int]]:
    """Runs of equal states of one sequence: ``(first row, last row, state)``, rows 1-based."""
    change = np.flatnonzero(codes[1:] != codes[:-1]) + 1
    starts = np.concatenate(([0], change)).tolist()
    ends = np.concatenate((change, [len(codes)])).tolist()
    return [(s + 1, e, int(codes[s])) for s, e in zip(starts, ends, strict=True)]


def _om_sweep(
    gains: np.ndarray, runs: list[tuple[int, int, int]], lx: int, ly: int, flat: list[np.ndarray]
) -> np.ndarray:
    """Q at ``(lx, ly)`` for one reference sequence against a tile of ``w`` others.

    ``gains[c, u, o]`` is the saving of state ``c`` against other ``o`` at its
    position ``ly - u`` (time reversed, so that the cells of one anti-diagonal
    that lie in one run of the reference read consecutive rows). ``runs`` are
    the runs of the reference (:func:`_x_runs`); ``flat`` three scratch buffers.
    Every operand is contiguous (numpy is ~4x slower on strided 2-D views).
    """
    w = gains.shape[2]
    size = (lx + 1) * w
    buffers = [b[:size].reshape(lx + 1, w) for b in flat]
    for b in buffers:
        b.fill(0)  # Q = 0 on both borders
    add, minimum = np.add, np.minimum
    for diag in range(2, lx + ly + 1):
        cur, prev1, prev2 = buffers[diag % 3], buffers[(diag - 1) % 3], buffers[(diag - 2) % 3]
        lo, hi = max(1, diag - ly), min(lx, diag - 1)  # rows i on this diagonal
        off = ly - diag
        for first, last, state in runs:
            if first > hi:
                break
            a, b = max(first, lo), min(last, hi)
            if a <= b:  # cells (i, diag - i), a <= i <= b: Q[i-1, j-1] + saving
                add(prev2[a - 1 : b], gains[state, off + a : off + b + 1], out=cur[a : b + 1])
        seg = cur[lo : hi + 1]
        minimum(seg, prev1[lo - 1 : hi], out=seg)  # Q[i-1, j]
        minimum(seg, prev1[lo : hi + 1], out=seg)  # Q[i, j-1]
    return buffers[(lx + ly) % 3][lx]


def _om_block(
    padded: np.ndarray,
    lengths: np.ndarray,
    table: np.ndarray,
    r0: int,
    r1: int,
    out: np.ndarray,
) -> None:
    """Q of the references ``r0 .. r1-1`` against every later sequence, written to ``out``.

    Several references at once (for the last rows, where each has few later
    sequences): the savings are gathered per cell from ``table``. Pairs with
    ``o <= r`` inside the block are computed but never read.
    """
    m, t = padded.shape
    o0 = r0 + 1
    lx, ly = int(lengths[r0]), int(lengths[o0])
    if lx == 0 or ly == 0:
        return
    k1 = table.shape[0]
    others = padded[o0:, :ly]
    # gains[c * ly + j, o]: saving of state c against sequence o at its position j.
    gains = np.ascontiguousarray(table[:, others.T]).reshape(k1 * ly, m - o0)
    xrows = padded[r0:r1, :lx].T * ly  # (lx, block): row offsets in ``gains``
    buffers = [np.zeros((lx + 1, r1 - r0, m - o0), dtype=table.dtype) for _ in range(3)]
    for diag in range(2, lx + ly + 1):
        cur, prev1, prev2 = buffers[diag % 3], buffers[(diag - 1) % 3], buffers[(diag - 2) % 3]
        lo, hi = max(1, diag - ly), min(lx, diag - 1)
        i = np.arange(lo, hi + 1)
        sub = gains[xrows[i - 1] + (diag - i - 1)[:, None]]  # (len, block, n_other)
        np.add(prev2[lo - 1 : hi], sub, out=sub)
        np.minimum(sub, prev1[lo - 1 : hi], out=sub)
        np.minimum(sub, prev1[lo : hi + 1], out=cur[lo : hi + 1])
    out[r0:r1, o0:] = buffers[(lx + ly) % 3][lx]


def _worker_threads(n_cells: float) -> int:
    """Worker threads for ``n_cells`` units of work: the usable cores (at most ``_OM_MAX_THREADS``)."""
    if n_cells < _OM_THREAD_MIN_CELLS:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(_OM_MAX_THREADS, cores))


def _om_kernel(x: np.ndarray, lengths: np.ndarray, savings: np.ndarray, dtype) -> np.ndarray:
    """Savings part of the OM distance between all pairs of rows of ``x``.

    Parameters
    ----------
    x : ndarray of int, shape (m, T)
        Sequences (codes ``0..k-1``), left-justified, padded with ``-1``, sorted
        by decreasing length.
    lengths : ndarray of int, shape (m,)
    savings : ndarray, shape (k, k)
        ``min(sub, 2 * indel) - 2 * indel`` (<= 0): what a substitution saves
        compared with a deletion plus an insertion.

    Returns
    -------
    ndarray, shape (m, m)
        ``Q`` such that ``OM(x_a, x_b) = Q[a, b] + (len_a + len_b) * indel``.

    Notes
    -----
    With ``Q[i, j] = D[i, j] - (i + j) * indel`` the Needleman-Wunsch recurrence
    becomes ``Q[i, j] = min(Q[i-1, j], Q[i, j-1], Q[i-1, j-1] + savings[x_i,
    y_j])`` with ``Q = 0`` on both borders. Padding positions save nothing, which
    leaves ``Q`` unchanged past the end of a sequence, so ``Q`` at the last
    padded cell equals ``Q`` at the true lengths. The grid is swept by
    anti-diagonals ``i + j = const``; each cell needs only the two previous
    diagonals, so a diagonal is updated for one reference sequence against a
    tile of later sequences at once (:func:`_om_sweep`), or, for the last rows,
    for a block of references (:func:`_om_block`). References are shared out
    to worker threads (numpy releases the GIL inside each array operation).
    """
    m, t = x.shape
    k = savings.shape[0]
    table = np.zeros((k + 1, k + 1), dtype=dtype)  # state k = padding, saves nothing
    table[:k, :k] = savings
    table_t = np.ascontiguousarray(table.T)
    padded = np.where(x < 0, k, x).astype(np.intp)
    reversed_codes = np.ascontiguousarray(padded[:, ::-1].T)  # (T, m), time reversed
    out = np.zeros((m, m))
    width = max(64, _OM_TILE_ELEMENTS // (t + 1))  # pairs per tile
    half = m // 2
    if half >= width // 2:
        # One reference per sweep, against the next ``half`` sequences in circular
        # order (each pair exactly once: for even m the sequences of the second
        # half skip the opposite one), in tiles of equal width.
        items = [(r, half if (m % 2 or r < half) else half - 1) for r in range(m)]
    else:
        # Few sequences: blocks of references against all later sequences.
        items = []
        r = 0
        while r < m - 1:
            block = max(1, min(m - 1 - r, width // (m - 1 - r)))
            items.append((r, -block))
            r += block

    def run(r0: int, count: int, flat: list[np.ndarray]) -> None:
        if count < 0:
            _om_block(padded, lengths, table, r0, r0 - count, out)
            return
        lx = int(lengths[r0])
        if lx == 0 or count == 0:
            return
        runs = _x_runs(padded[r0, :lx])
        last = r0 + 1 + count  # others: r0 + 1 .. last - 1, modulo m
        # Later sequences use savings[x_r0, y_o]; earlier ones (after the wrap)
        # savings[x_o, y_r0], so every pair keeps the orientation (first = earlier
        # row) and the exact floating-point sums of the one-sided sweep.
        ranges = [(r0 + 1, min(m, last), table)]
        if last > m:
            ranges.append((0, last - m, table_t))
        for begin, end, costs in ranges:
            if end <= begin:
                continue
            n_tiles = -(-(end - begin) // width)
            edges = (begin + ((end - begin) * np.arange(n_tiles + 1)) // n_tiles).tolist()
            for o0, o1 in zip(edges[:-1], edges[1:], strict=True):
                ly = int(lengths[o0])  # the longest of the tile (sorted)
                if ly == 0:
                    break
                gains = np.ascontiguousarray(costs[:, reversed_codes[t - ly :, o0:o1]])
                out[r0, o0:o1] = _om_sweep(gains, runs, lx, ly, flat)

    counter = itertools.count()
    stop = threading.Event()

    def worker() -> None:
        flat = [np.empty((t + 1) * width, dtype=dtype) for _ in range(3)]
        while not stop.is_set():
            item = next(counter)  # atomic under the GIL
            if item >= len(items):
                return
            run(*items[item], flat)

    longest = int(lengths.max(initial=0))
    n_threads = _worker_threads(m * (m - 1) / 2 * longest**2)
    if n_threads == 1:
        worker()
    else:
        with ThreadPoolExecutor(n_threads - 1) as pool:
            helpers = [pool.submit(worker) for _ in range(n_threads - 1)]
            try:
                worker()
            finally:
                stop.set()  # on an error or interrupt, the helpers stop after their item
            for helper in helpers:
                helper.result()
    if items and items[0][1] < 0:
        out = np.triu(out, 1)  # blocks also filled pairs o <= r inside the block
    return out + out.T  # every pair was written once, at (r, o) or (o, r)


def _prepare(
    seqs: pd.DataFrame,
    sub_costs: SubCosts,
    indel: float | Literal["auto"],
    weights: object,
    missing: Missing,
    alphabet: Sequence[str] | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], np.ndarray, np.ndarray, float]:
    """Encode, deduplicate, treat missing values and build the cost matrix for OM.

    Returns ``(distinct, inverse, counts, alphabet, work, costs, indel)`` where
    ``work`` holds one row per distinct sequence, ready for the kernel: states
    left-justified after dropping gaps (``"drop"``) or gaps recoded as the extra
    state ``len(alphabet)`` (``"state"``), ``-1`` padding.
    """
    if missing not in ("drop", "state", "error"):
        raise ValueError("missing must be 'drop', 'state' or 'error'")
    codes, alphabet = encode_states(seqs, alphabet=alphabet)
    w = _weights(weights, seqs)
    distinct, inverse, counts = _unique_rows(codes)
    lengths = sequence_lengths(distinct)
    inside = np.arange(distinct.shape[1])[None, :] < lengths[:, None]
    gaps = inside & (distinct < 0)
    if missing == "error" and gaps.any():
        raise ValueError(
            "sequences have internal or leading missing values; use missing='drop' or 'state'"
        )
    with_missing = missing == "state"
    costs = _cost_matrix(sub_costs, codes, alphabet, w, constant=2.0, with_missing=with_missing)
    k = len(alphabet)
    if indel == "auto":
        named_constant = sub_costs is None or (
            isinstance(sub_costs, str) and sub_costs == "CONSTANT"
        )
        indel = 1.0 if named_constant else float(costs[:k, :k].max()) / 2.0
    indel = float(indel)
    if not indel > 0:
        raise ValueError("indel must be positive")
    if with_missing:
        work = np.where(gaps, k, distinct).astype(distinct.dtype)
        work[~inside] = MISSING_CODE
    else:
        work = _left_justify(distinct)[0]
    return distinct, inverse, counts, alphabet, work, costs, indel


def _exact_in_float32(savings: np.ndarray, indel: float, max_length: int) -> bool:
    """Whether every partial sum of the DP is exact in float32.

    True when all savings are multiples of 1/1024 (e.g. integer costs such as
    CONSTANT and LCS) and the largest possible saving stays below 2**24 / 1024.
    """
    scaled = savings * 1024.0
    return bool(np.all(scaled == np.round(scaled)) and 2.0 * indel * max_length * 1024.0 < 2.0**24)


def _om_distinct(work: np.ndarray, costs: np.ndarray, indel: float, dtype) -> np.ndarray:
    """OM distances between the rows of ``work`` (left-justified codes, ``-1`` padding).

    Rows that became identical after dropping gaps are computed once.
    """
    unique, back, _ = _unique_rows(work)
    lengths = (unique >= 0).sum(axis=1)
    order = np.argsort(-lengths, kind="stable")
    savings = np.minimum(costs, 2.0 * indel) - 2.0 * indel
    if dtype is None:
        exact = _exact_in_float32(savings, indel, int(lengths.max(initial=0)))
        dtype = np.float32 if exact else np.float64
    q = _om_kernel(unique[order], lengths[order], savings, dtype)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    q = q[np.ix_(rank, rank)]
    dist = q + (lengths[:, None] + lengths[None, :]) * indel
    np.fill_diagonal(dist, 0.0)
    return dist[np.ix_(back, back)]


def optimal_matching(
    seqs: pd.DataFrame,
    *,
    sub_costs: SubCosts = "TRATE",
    indel: float | Literal["auto"] = 1.0,
    weights: object = None,
    missing: Missing = "drop",
    alphabet: Sequence[str] | None = None,
    condensed: bool = False,
    dtype: type | None = None,
) -> pd.DataFrame | DistinctDistances:
    """Optimal matching (edit) distance (TraMineR ``seqdist(method = "OM")``).

    The cheapest sequence of insertions/deletions (``indel`` each) and
    substitutions (``sub_costs``) turning one sequence into the other,
    computed by the Needleman-Wunsch recurrence (see module docstring for the
    vectorisation). Sequences may have different lengths.

    Parameters
    ----------
    sub_costs : {"TRATE", "CONSTANT"} or DataFrame, default "TRATE"
        ``"TRATE"``: ``2 - p(i->j) - p(j->i)`` from the (``weights``-weighted)
        transition rates, TraMineR ``sm = "TRATE"``. ``"CONSTANT"``: 2 for every
        pair of different states, TraMineR ``sm = "CONSTANT"``. A DataFrame
        indexed by state on both axes (non-negative, zero diagonal).
    indel : float or "auto", default 1.0
        Insertion/deletion cost. TraMineR's own default is ``"auto"``: 1 for
        ``"CONSTANT"``, half the largest substitution cost otherwise; pass
        ``indel="auto"`` to reproduce it.
    weights : array-like, optional
        Case weights, used only to estimate ``"TRATE"`` costs.
    missing : {"drop", "state", "error"}, default "drop"
        Trailing missing values are always void (they only shorten the
        sequence). For leading/internal gaps: ``"drop"`` removes the missing
        positions and aligns the remaining states (the sequence is treated as
        shorter; this is this library's choice, consistent with how
        ``seqST``/``seqdss`` skip gaps); ``"state"`` is TraMineR
        ``with.missing = TRUE`` (a gap is an extra state costing 2 from any
        state with the named methods, the largest cost with a DataFrame);
        ``"error"`` is TraMineR's default ``with.missing = FALSE``, which
        refuses sequences with gaps. Without gaps the three agree.
    condensed : bool, default False
        Return the distinct-level :class:`DistinctDistances` instead of the
        ``n x n`` table.
    dtype : {None, np.float64, np.float32}, default None
        Working precision of the dynamic programme. ``None`` uses float32 when
        it is exact (every cost a multiple of 1/1024, e.g. ``"CONSTANT"``) and
        float64 otherwise (e.g. ``"TRATE"``). Forcing ``np.float32`` is about
        1.3x faster with absolute errors of order 1e-4.

    Returns
    -------
    DataFrame or DistinctDistances
        Symmetric distances (unit: cost), index/columns = ``seqs.index``.

    Notes
    -----
    Substitution costs above ``2 * indel`` are never used by an optimal
    alignment (a deletion plus an insertion is cheaper), so they are capped at
    ``2 * indel`` internally; TraMineR warns about such costs.
    """
    distinct, inverse, counts, alphabet, work, costs, indel = _prepare(
        seqs, sub_costs, indel, weights, missing, alphabet
    )
    matrix = _om_distinct(work, costs, indel, dtype)
    result = DistinctDistances(matrix, inverse, counts, seqs.index, distinct, alphabet)
    return result if condensed else result.expand()


def lcs(
    seqs: pd.DataFrame,
    *,
    missing: Missing = "drop",
    alphabet: Sequence[str] | None = None,
    condensed: bool = False,
) -> pd.DataFrame | DistinctDistances:
    """Longest-common-subsequence distance (TraMineR ``seqdist(method = "LCS")``).

    ``LCS(x, y) = |x| + |y| - 2 * (length of the longest common
    subsequence)``, which TraMineR computes as optimal matching with indel
    cost 1 and a constant substitution cost of 2; so does this function (see
    :func:`optimal_matching` for ``missing``). Unit: time units (months not
    shared in common order).
    """
    return optimal_matching(
        seqs,
        sub_costs="CONSTANT",
        indel=1.0,
        missing=missing,
        alphabet=alphabet,
        condensed=condensed,
    )
