"""Numeric kernels of :mod:`analysis.sequences.distances` (private).

Everything here works on small integer state codes and cost tables that the
public functions have already prepared; nothing here knows about pandas,
alphabets or missing-value rules.

* Hamming: one sparse-times-dense product over the runs of equal states
  (:func:`hamming_matrix`, :func:`hamming_targets`).
* Optimal matching: the Needleman-Wunsch dynamic programme swept by
  anti-diagonals, one reference sequence against a tile of others per array
  operation (:func:`om_pairs` for all pairs, :func:`om_to` for all sequences
  against a few targets).
* The worker pool (:func:`run_items`) that shares the items of work out to
  threads or, for long jobs, to forked worker processes writing into shared
  memory.
"""

from __future__ import annotations

import contextlib
import itertools
import mmap
import os
import signal
import threading
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse

#: Elements of one anti-diagonal buffer of the OM sweep (cells x pairs): a tile
#: of ``OM_TILE_ELEMENTS // (T + 1)`` pairs (about 1,000 at 240 months) is wide
#: enough to amortise the Python overhead of each array operation and small
#: enough to stay in the cache.
OM_TILE_ELEMENTS = 2**18
#: At most this many pairs per tile (short sequences): wider tiles fall out of
#: the cache when two workers run (measured 3x slower per cell at 4,096).
OM_MAX_TILE_WIDTH = 2048
#: All-pairs OM sweeps one reference against the next ``m // 2`` sequences when
#: that is at least this many pairs; with fewer sequences, blocks of references
#: are swept together (gathering the savings cell by cell, slower per cell).
OM_MIN_SWEEP_WIDTH = 128
#: At most this many workers (threads or processes).
MAX_WORKERS = 4
#: Below this many units of work (DP cells, or multiply-adds for Hamming) a
#: kernel runs in the calling thread only.
PARALLEL_MIN_CELLS = 2e8
#: From this many DP cells on, OM workers are forked processes rather than
#: threads (numpy holds the GIL between array operations: two threads gave
#: ~1.1-1.4x on two cores, two processes ~2x). Set ``USE_PROCESSES = False`` to
#: keep to threads.
PROCESS_MIN_CELLS = 3e8
USE_PROCESSES = True
#: Columns of the Hamming matrix per block of the sparse product (one per thread).
HAMMING_BLOCK = 256


# --------------------------------------------------------------------------- #
# Workers
# --------------------------------------------------------------------------- #
def worker_count(n_cells: float) -> int:
    """Workers for ``n_cells`` units of work: the usable cores (at most ``MAX_WORKERS``), or 1."""
    if n_cells < PARALLEL_MIN_CELLS:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores))


def use_processes(n_workers: int, n_cells: float) -> bool:
    """Whether a job of ``n_cells`` on ``n_workers`` workers should fork processes."""
    return (
        USE_PROCESSES
        and n_workers > 1
        and n_cells >= PROCESS_MIN_CELLS
        and hasattr(os, "fork")
        and hasattr(os, "waitpid")
    )


def shared_zeros(shape: tuple[int, ...], dtype, shared: bool) -> np.ndarray:
    """A zero-filled array, in memory shared with forked children when ``shared``."""
    if not shared:
        return np.zeros(shape, dtype=dtype)
    nbytes = max(1, int(np.prod(shape)) * np.dtype(dtype).itemsize)
    buffer = mmap.mmap(-1, nbytes)  # anonymous MAP_SHARED, zero-filled
    return np.frombuffer(buffer, dtype=dtype, count=int(np.prod(shape))).reshape(shape)


def run_items(
    work: Callable[[int, object], None],
    n_items: int,
    n_workers: int,
    *,
    processes: bool = False,
    make_state: Callable[[], object] | None = None,
) -> None:
    """Call ``work(item, state)`` for every item ``0 .. n_items - 1``, on ``n_workers`` workers.

    Items are handed out in order, one at a time, to whichever worker is free
    (so put the largest first). ``make_state()`` builds each worker's private
    scratch state. With ``processes`` the helpers are forked children (the
    calling process works too): ``work`` must write its results into arrays
    from :func:`shared_zeros`. A child that fails leaves its items undone, and
    the calling process then computes them itself, so an error is raised there
    with its usual traceback.
    """
    if n_items == 0:
        return
    make = make_state or (lambda: None)
    n_workers = max(1, min(n_workers, n_items))
    if n_workers == 1:
        state = make()
        for item in range(n_items):
            work(item, state)
        return
    if processes:
        _run_forked(work, n_items, n_workers, make)
        return
    counter = itertools.count()
    stop = threading.Event()

    def loop() -> None:
        state = make()
        while not stop.is_set():
            item = next(counter)  # atomic under the GIL
            if item >= n_items:
                return
            work(item, state)

    with ThreadPoolExecutor(n_workers - 1) as pool:
        helpers = [pool.submit(loop) for _ in range(n_workers - 1)]
        try:
            loop()
        finally:
            stop.set()  # on an error or interrupt, the helpers stop after their item
        for helper in helpers:
            helper.result()


def _run_forked(
    work: Callable[[int, object], None], n_items: int, n_workers: int, make: Callable[[], object]
) -> None:
    """:func:`run_items` with forked helper processes, items handed out through a pipe."""
    # The queue: one 8-byte item number per record, written before any reader
    # starts; a read of 8 bytes from a pipe is atomic, so each item goes to
    # exactly one worker. Batches of 512 (4 KiB) fit the smallest pipe buffer.
    done = shared_zeros((n_items,), np.uint8, True)
    start = 0
    while start < n_items:
        stop = min(n_items, start + 512)
        read_end, write_end = os.pipe()
        os.write(write_end, np.arange(start, stop, dtype=np.int64).tobytes())
        os.close(write_end)

        def loop(read_end: int = read_end) -> None:
            state = make()
            while True:
                record = os.read(read_end, 8)
                if len(record) < 8:
                    return
                item = int.from_bytes(record, "little", signed=True)
                work(item, state)
                done[item] = 1

        children = []
        try:
            with warnings.catch_warnings():
                # Python >= 3.12 warns when a multi-threaded process forks; the
                # children only run numpy on their own buffers and then _exit.
                warnings.simplefilter("ignore", DeprecationWarning)
                for _ in range(n_workers - 1):
                    try:
                        pid = os.fork()
                    except OSError:  # no memory or no process slot: fewer workers
                        break
                    if pid == 0:  # child
                        code = 1
                        try:
                            loop()
                            code = 0
                        except BaseException:  # noqa: BLE001 - reported by the parent
                            pass
                        finally:
                            os._exit(code)
                    children.append(pid)
            loop()
        except BaseException:
            for pid in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            raise
        finally:
            for pid in children:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
            os.close(read_end)
        start = stop
    missing = np.flatnonzero(done == 0)
    if len(missing):  # a child died: do its items here (raises its error, if any)
        state = make()
        for item in missing.tolist():
            work(item, state)


# --------------------------------------------------------------------------- #
# Hamming
# --------------------------------------------------------------------------- #
def _compact(symbols: np.ndarray, costs: np.ndarray, extra: np.ndarray | None = None):
    """Recode the symbols that occur to ``0 .. u-1`` and choose the working dtype.

    Returns ``(recode, costs, dtype, top)``: ``recode`` maps old to new symbols
    (``None`` when every symbol occurs), ``costs`` the costs between occurring
    symbols in ``dtype``, ``top`` the largest absolute cost. Costs that are
    multiples of 1/1024 (unit, ``"CONSTANT"``) are summed exactly in float32
    (half the memory traffic); others in float64.
    """
    seen = symbols.ravel() if extra is None else np.concatenate((symbols.ravel(), extra.ravel()))
    present = np.bincount(seen, minlength=costs.shape[0]) > 0
    recode = None
    if not present.all():
        recode = np.cumsum(present) - 1
        costs = costs[np.ix_(present, present)]
    length = symbols.shape[1]
    scaled = costs * 1024.0
    top = float(np.abs(costs).max(initial=0.0))
    exact = np.all(scaled == np.round(scaled)) and 2.0 * length * top * 1024.0 < 2.0**24
    dtype = np.float32 if exact else np.float64
    return recode, costs.astype(dtype), dtype, top


def _prefix_sums(symbols: np.ndarray, costs: np.ndarray) -> np.ndarray:
    """``P[t * u + s, b] = sum_{t' < t} costs[s, symbols[b, t']]``, shape ``((T + 1) u, m)``.

    Built month by month as ``P[t + 1] = P[t] + step`` with ``step[s, b] =
    costs[s, symbols[b, t]]`` (one contiguous add per month); ``step`` changes
    only in the columns of the sequences that switch state at ``t``, so it is
    updated there only.
    """
    m, length = symbols.shape
    u = costs.shape[0]
    by_time = np.ascontiguousarray(symbols.T)
    prefix = np.empty((length + 1, u, m), dtype=costs.dtype)
    prefix[0] = 0.0
    if length:
        step = np.ascontiguousarray(costs[:, by_time[0]])
        when, who = np.nonzero(by_time[1:] != by_time[:-1])  # switch between t and t + 1
        new = costs[:, by_time[when + 1, who]]  # the new step of each switch
        bounds = np.searchsorted(when, np.arange(length)).tolist()
        add = np.add
        for t in range(length):
            if t and bounds[t] > bounds[t - 1]:
                b0, b1 = bounds[t - 1], bounds[t]
                step[:, who[b0:b1]] = new[:, b0:b1]
            add(prefix[t], step, out=prefix[t + 1])
    return prefix.reshape((length + 1) * u, m)


def _run_matrix(symbols: np.ndarray, u: int, dtype) -> sparse.csr_array:
    """``R`` with ``(R @ P)[a, b] = sum_t costs[symbols[a, t], symbols[b, t]]``.

    A run of symbol ``s`` over months ``[t0, t1)`` of row ``a`` puts ``+1`` at
    column ``t1 * u + s`` and ``-1`` at ``t0 * u + s`` (see :func:`_prefix_sums`),
    except the ``-1`` of the first run (``P`` is 0 at month 0).
    """
    m, length = symbols.shape
    starts = np.ones((m, length), dtype=bool)
    starts[:, 1:] = symbols[:, 1:] != symbols[:, :-1]
    rows, first = np.nonzero(starts)
    last = np.empty_like(first)
    last[:-1] = first[1:]
    last[np.r_[rows[1:] != rows[:-1], True]] = length
    state = symbols[rows, first]
    columns = np.empty(2 * len(rows), dtype=np.int64)
    columns[0::2] = last * u + state
    columns[1::2] = first * u + state
    signs = np.tile(np.array([1.0, -1.0], dtype=dtype), len(rows))
    keep = np.ones(2 * len(rows), dtype=bool)
    keep[1::2] = first > 0
    indptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(np.repeat(rows, 2)[keep], minlength=m), out=indptr[1:])
    return sparse.csr_array(
        (signs[keep], columns[keep], indptr), shape=(m, (length + 1) * u)
    )


def hamming_matrix(symbols: np.ndarray, costs: np.ndarray) -> np.ndarray:
    """``sum_t costs[symbols[a, t], symbols[b, t]]`` for every pair of rows (float64).

    Run-length form: with the prefix sums ``P`` of every row's costs against
    each symbol (:func:`_prefix_sums`), a run of symbol ``s`` of row ``a`` over
    ``[t0, t1)`` contributes ``P_b[s, t1] - P_b[s, t0]``, so the whole matrix is
    one sparse-times-dense product ``R @ P``, where ``R`` has a ``+1`` and a
    ``-1`` per run of each row (about 15 per row for careers with 7 spells,
    instead of a cost lookup per time point). scipy releases the GIL in the
    product, so blocks of columns go to worker threads; for symmetric costs
    only the upper triangle is computed and mirrored (the result is exactly
    symmetric). Float32 when exact (see :func:`_compact`), else float64 with
    rounding at ~1e-14 of the distance.

    Parameters
    ----------
    symbols : ndarray of int, shape (m, T)
        Codes ``0 .. len(costs) - 1`` (no missing values: a gap is a symbol).
    costs : ndarray, shape (k, k)
    """
    m, length = symbols.shape
    if m < 2 or length == 0:
        return np.zeros((m, m))
    recode, costs, dtype, top = _compact(symbols, costs)
    if recode is not None:
        symbols = recode[symbols]
    prefix = _prefix_sums(symbols, costs)
    runs = _run_matrix(symbols, costs.shape[0], dtype)
    symmetric = np.allclose(costs, costs.T, rtol=0.0, atol=1e-12 * top)
    matrix = np.empty((m, m))
    edges = list(range(0, m, HAMMING_BLOCK)) + [m]
    blocks = list(zip(edges[:-1], edges[1:], strict=True))[::-1]  # largest first

    def work(item: int, _state: object) -> None:  # columns j0..j1-1 (disjoint writes)
        j0, j1 = blocks[item]
        n_rows = j1 if symmetric else m
        part = runs[:n_rows] @ prefix[:, j0:j1]
        matrix[:n_rows, j0:j1] = part
        if symmetric:  # mirror: rows j0..j1-1 left of the diagonal, and the diagonal block
            matrix[j0:j1, :j0] = part[:j0].T
            square = matrix[j0:j1, j0:j1]
            lower = np.tril_indices(j1 - j0, -1)
            square[lower] = square.T[lower]

    n_workers = worker_count(float(m) * m * length) if len(blocks) > 1 else 1
    run_items(work, len(blocks), n_workers)
    np.fill_diagonal(matrix, 0.0)
    return matrix


def hamming_targets(symbols: np.ndarray, targets: np.ndarray, costs: np.ndarray) -> np.ndarray:
    """``sum_t costs[symbols[a, t], targets[j, t]]`` for every row ``a`` and target ``j``.

    The product of :func:`hamming_matrix` restricted to the target columns:
    ``O(m x n_targets)`` memory.
    """
    m, length = symbols.shape
    n_targets = len(targets)
    if m == 0 or n_targets == 0 or length == 0:
        return np.zeros((m, n_targets))
    recode, costs, dtype, _ = _compact(symbols, costs, targets)
    if recode is not None:
        symbols, targets = recode[symbols], recode[targets]
    prefix = _prefix_sums(targets, costs)
    runs = _run_matrix(symbols, costs.shape[0], dtype)
    out = np.empty((m, n_targets))
    edges = list(range(0, m, 4096)) + [m]

    def work(item: int, _state: object) -> None:
        r0, r1 = edges[item], edges[item + 1]
        out[r0:r1] = runs[r0:r1] @ prefix

    run_items(work, len(edges) - 1, worker_count(float(m) * n_targets * length))
    return out


# --------------------------------------------------------------------------- #
# Optimal matching
# --------------------------------------------------------------------------- #
def exact_in_float32(savings: np.ndarray, indel: float, max_length: int) -> bool:
    """Whether every partial sum of the OM programme is exact in float32.

    True when all savings are multiples of 1/1024 (e.g. integer costs such as
    CONSTANT and LCS) and the largest possible saving stays below 2**24 / 1024.
    """
    scaled = savings * 1024.0
    return bool(np.all(scaled == np.round(scaled)) and 2.0 * indel * max_length * 1024.0 < 2.0**24)


def x_runs(codes: np.ndarray) -> list[tuple[int, int, int]]:
    """Runs of equal states of one sequence: ``(first row, last row, state)``, rows 1-based."""
    if len(codes) == 0:
        return []
    change = np.flatnonzero(codes[1:] != codes[:-1]) + 1
    starts = np.concatenate(([0], change)).tolist()
    ends = np.concatenate((change, [len(codes)])).tolist()
    return [(s + 1, e, int(codes[s])) for s, e in zip(starts, ends, strict=True)]


def om_sweep(
    gains: np.ndarray, runs: list[tuple[int, int, int]], lx: int, ly: int, flat: list[np.ndarray]
) -> np.ndarray:
    """Q at ``(lx, ly)`` for one reference sequence against a tile of ``w`` others.

    ``gains[c, u, o]`` is the saving of state ``c`` against other ``o`` at its
    position ``ly - u`` (time reversed, so that the cells of one anti-diagonal
    that lie in one run of the reference read consecutive rows). ``runs`` are
    the runs of the reference (:func:`x_runs`, states indexing ``gains``);
    ``flat`` three scratch buffers. Every operand is contiguous (numpy is
    several times slower on strided 2-D views): one add per run of the
    reference crossing the diagonal, and two minimums, per anti-diagonal.
    """
    w = gains.shape[2]
    size = (lx + 1) * w
    buffers = [b[:size].reshape(lx + 1, w) for b in flat]
    for b in buffers:
        b.fill(0)  # Q = 0 on both borders
    add, minimum = np.add, np.minimum
    starts = [run[0] for run in runs]
    ends = [run[1] for run in runs]
    states = [run[2] for run in runs]
    n_runs = len(runs)
    p0 = p1 = 0  # the runs crossing the diagonal: p0 .. p1 (both only move forward)
    for diag in range(2, lx + ly + 1):
        cur, prev1, prev2 = buffers[diag % 3], buffers[(diag - 1) % 3], buffers[(diag - 2) % 3]
        lo = diag - ly if diag > ly + 1 else 1  # rows i on this diagonal: lo .. hi
        hi = diag - 1 if diag <= lx else lx
        while ends[p0] < lo:
            p0 += 1
        while p1 + 1 < n_runs and starts[p1 + 1] <= hi:
            p1 += 1
        off = ly - diag
        # cells (i, diag - i) of one run, a <= i <= b: Q[i-1, j-1] + saving
        if p0 == p1:
            add(prev2[lo - 1 : hi], gains[states[p0], off + lo : off + hi + 1], out=cur[lo : hi + 1])
        else:
            b = ends[p0]
            add(prev2[lo - 1 : b], gains[states[p0], off + lo : off + b + 1], out=cur[lo : b + 1])
            for p in range(p0 + 1, p1):
                a, b = starts[p], ends[p]
                add(prev2[a - 1 : b], gains[states[p], off + a : off + b + 1], out=cur[a : b + 1])
            a = starts[p1]
            add(prev2[a - 1 : hi], gains[states[p1], off + a : off + hi + 1], out=cur[a : hi + 1])
        seg = cur[lo : hi + 1]
        minimum(seg, prev1[lo - 1 : hi], out=seg)  # Q[i-1, j]
        minimum(seg, prev1[lo : hi + 1], out=seg)  # Q[i, j-1]
    return buffers[(lx + ly) % 3][lx]


def om_block(
    padded: np.ndarray,
    lengths: np.ndarray,
    table: np.ndarray,
    r0: int,
    r1: int,
    out: np.ndarray,
) -> None:
    """Q of the references ``r0 .. r1-1`` against every later sequence, written to ``out``.

    Several references at once (few sequences, where one reference has too few
    partners for a wide sweep): the savings are gathered per cell from
    ``table``. Pairs with ``o <= r`` inside the block are computed but never read.
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


class _Sweeper:
    """Scratch buffers of one worker for :func:`om_sweep` (tiles of at most ``width`` pairs)."""

    def __init__(self, length: int, width: int, n_states: int, dtype) -> None:
        self.flat = [np.empty((length + 1) * width, dtype=dtype) for _ in range(3)]
        self.gains = np.empty(n_states * max(1, length) * width, dtype=dtype)
        self.index = np.empty(max(1, length) * width, dtype=np.intp)

    def sweep(
        self,
        x: np.ndarray,
        reversed_codes: np.ndarray,
        o0: int,
        o1: int,
        ly: int,
        table: np.ndarray,
        start: int = 0,
    ) -> np.ndarray:
        """Q of reference ``x`` (codes, true length) against others ``o0 .. o1-1``.

        ``reversed_codes`` is ``(T, m)``: the others' codes, time reversed
        (padding ``len(table) - 1``); ``ly`` the longest of the tile;
        ``table[c, d]`` the saving of reference state ``c`` against other state
        ``d``. ``start`` months of common prefix are skipped (on both sides).
        """
        t = reversed_codes.shape[0]
        w = o1 - o0
        lx = len(x) - start
        ly -= start
        # The skipped prefix: ``start`` matches, each saving table[c, c].
        skipped = table[x[:start], x[:start]].sum() if start else 0.0
        if lx <= 0 or ly <= 0:  # one side is all prefix: nothing else to align
            return np.full(w, skipped, dtype=table.dtype)
        runs = x_runs(x[start:])
        states = sorted({state for _, _, state in runs})
        slot = {state: n for n, state in enumerate(states)}
        runs = [(first, last, slot[state]) for first, last, state in runs]
        index = self.index[: ly * w].reshape(ly, w)
        np.copyto(index, reversed_codes[t - ly - start : t - start, o0:o1])
        gains = self.gains[: len(states) * ly * w].reshape(len(states), ly, w)
        for state in states:
            np.take(table[state], index, out=gains[slot[state]])
        q = om_sweep(gains, runs, lx, ly, self.flat)
        return q + skipped if start else q


def om_pairs(x: np.ndarray, lengths: np.ndarray, savings: np.ndarray, dtype) -> np.ndarray:
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
    dtype : np.float32 or np.float64
        Working precision.

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
    tile of other sequences at once (:func:`om_sweep`), from the end of the
    shortest prefix that the reference shares with the sequences of the tile
    (see :func:`om_to` for why that is exact). Each reference is paired
    with the next ``m // 2`` sequences in circular order (each pair exactly
    once; every tile full width); later sequences use ``savings[x_r, y_o]`` and
    the earlier ones after the wrap ``savings[x_o, y_r]``, so that every pair
    keeps one orientation (earlier row first) whichever path computes it. With
    few sequences, blocks of references go against all later ones
    (:func:`om_block`). The references are shared out to worker threads or
    processes (:func:`run_items`).
    """
    m, t = x.shape
    k = savings.shape[0]
    table = np.zeros((k + 1, k + 1), dtype=dtype)  # state k = padding, saves nothing
    table[:k, :k] = savings
    table_t = np.ascontiguousarray(table.T)
    padded = np.where(x < 0, k, x).astype(np.intp)
    reversed_codes = np.ascontiguousarray(padded[:, ::-1].T)  # (T, m), time reversed
    width = max(64, min(OM_MAX_TILE_WIDTH, OM_TILE_ELEMENTS // (t + 1)))  # pairs per tile
    half = m // 2
    longest = int(lengths.max(initial=0))
    n_cells = m * (m - 1) / 2 * longest**2
    n_workers = worker_count(n_cells)
    processes = use_processes(n_workers, n_cells)
    out = shared_zeros((m, m), np.float64, processes)
    if half >= min(width // 2, OM_MIN_SWEEP_WIDTH):
        # One reference per item, against the next ``half`` sequences in circular
        # order (for even m the sequences of the second half skip the opposite one).
        items = [(r, half if (m % 2 or r < half) else half - 1) for r in range(m)]
    else:
        items = []
        r = 0
        while r < m - 1:
            block = max(1, min(m - 1 - r, width // (m - 1 - r)))
            items.append((r, -block))
            r += block

    def work(item: int, sweeper: _Sweeper) -> None:
        r0, count = items[item]
        if count < 0:
            om_block(padded, lengths, table, r0, r0 - count, out)
            return
        lx = int(lengths[r0])
        if lx == 0 or count == 0:
            return
        last = r0 + 1 + count  # others: r0 + 1 .. last - 1, modulo m
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
                start = int(common_prefix(x[r0, :lx], x[o0:o1]).min())
                out[r0, o0:o1] = sweeper.sweep(
                    padded[r0, :lx], reversed_codes, o0, o1, ly, costs, start
                )

    def make() -> _Sweeper:
        return _Sweeper(t, min(width, max(1, half)), k + 1, dtype)

    run_items(work, len(items), n_workers, processes=processes, make_state=make)
    if items and items[0][1] < 0:
        out = np.triu(out, 1)  # blocks also filled pairs o <= r inside the block
    return out + out.T  # every pair was written once, at (r, o) or (o, r)


def common_prefix(x: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Length of the common prefix of ``x`` (1-D) with each row of ``others`` (padding excluded)."""
    t = min(len(x), others.shape[1])
    same = (others[:, :t] == x[None, :t]) & (others[:, :t] >= 0)
    prefix = np.argmin(same, axis=1)
    prefix[same.all(axis=1)] = t
    return prefix


def om_to(
    x: np.ndarray,
    lengths: np.ndarray,
    targets: np.ndarray,
    savings: np.ndarray,
    dtype,
) -> np.ndarray:
    """Savings part of the OM distance from every row of ``x`` to each target row.

    Parameters
    ----------
    x : ndarray of int, shape (m, T)
        Sequences, left-justified, ``-1`` padding (any order).
    lengths : ndarray of int, shape (m,)
    targets : ndarray of int, shape (n_targets, T)
        Target sequences, same coding.
    savings, dtype
        As for :func:`om_pairs`.

    Returns
    -------
    ndarray, shape (m, n_targets)
        ``Q`` with ``OM(x_a, target_j) = Q[a, j] + (len_a + len_j) * indel``,
        the substitution savings read as ``savings[x_a state, target state]``.

    Notes
    -----
    Each target is a reference swept against tiles of the other sequences
    (:func:`om_sweep`). The others are ordered, per target, by their common
    prefix with the target (in buckets of 8 months) and then by decreasing
    length, and each tile starts after the shortest common prefix in it:
    dropping a common prefix leaves the distance unchanged (one indel cost,
    non-negative costs, zero diagonal: an optimal alignment can match a shared
    first state at cost 0), and careers that share their first spell skip
    those cells. Memory is ``O(m x n_targets)`` plus the tiles.
    """
    m, t = x.shape
    n_targets = len(targets)
    k = savings.shape[0]
    table = np.zeros((k + 1, k + 1), dtype=dtype)
    table[:k, :k] = savings
    table_t = np.ascontiguousarray(table.T)  # target (reference) state first
    padded = np.where(x < 0, k, x).astype(np.intp)
    target_lengths = (targets >= 0).sum(axis=1)
    width = max(64, min(OM_MAX_TILE_WIDTH, OM_TILE_ELEMENTS // (t + 1)))
    plans = []
    for j in range(n_targets):
        target = targets[j, : target_lengths[j]]
        prefix = common_prefix(target, x)
        order = np.lexsort((-lengths, -(prefix // 8)))
        edges = list(range(0, m, width)) + [m]
        for o0, o1 in zip(edges[:-1], edges[1:], strict=True):
            rows = order[o0:o1]
            ly = int(lengths[rows].max(initial=0))
            start = int(prefix[rows].min(initial=0))
            cells = (len(target) - start) * (ly - start) * len(rows)
            plans.append((cells, j, rows, ly, start))
    plans.sort(key=lambda p: -p[0])  # largest first
    n_cells = float(sum(p[0] for p in plans))
    n_workers = worker_count(n_cells)
    processes = use_processes(n_workers, n_cells)
    out = shared_zeros((n_targets, m), np.float64, processes)

    def work(item: int, sweeper: _Sweeper) -> None:
        _, j, rows, ly, start = plans[item]
        if ly == 0 or target_lengths[j] == 0:
            return
        codes = np.ascontiguousarray(padded[rows][:, ::-1].T)  # (T, w), time reversed
        target = np.where(targets[j, : target_lengths[j]] < 0, k, targets[j, : target_lengths[j]])
        out[j, rows] = sweeper.sweep(target, codes, 0, len(rows), ly, table_t, start)

    def make() -> _Sweeper:
        return _Sweeper(t, min(width, max(1, m)), k + 1, dtype)

    run_items(work, len(plans), n_workers, processes=processes, make_state=make)
    return np.array(out.T)
