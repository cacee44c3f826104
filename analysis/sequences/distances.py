"""Dissimilarities between state sequences: Hamming, optimal matching, LCS.

Definitions follow R TraMineR ``seqdist`` (methods ``"HAM"``, ``"OM"``,
``"LCS"``). Every distance is computed once per *distinct* sequence and then
expanded to individuals with an inverse index, so thousands of people cost
what their distinct careers cost. ``condensed=True`` returns the distinct-level
result (:class:`DistinctDistances`) for the typology instead of the
individual-level ``n x n`` table; :func:`optimal_matching_to` and
:func:`hamming_to` give the distances from every sequence to a few target
sequences only (``O(n k)`` memory, for CLARA-style clustering of large inputs).

Algorithms (the numeric kernels are in :mod:`analysis.sequences._kernels`):

* **Hamming**: one sparse-times-dense product over the runs of equal states.
  A run of state ``s`` over months ``[t0, t1)`` of one sequence adds the
  difference of two prefix sums of the other sequence's costs against ``s``,
  so a career with 7 spells costs ~15 operations per pair, not one per month.
* **Optimal matching**: the exact Needleman-Wunsch dynamic programme, written
  on ``Q = D - (i + j) * indel`` so that each cell is ``min(Q[i-1, j], Q[i,
  j-1], Q[i-1, j-1] + saving)``. A cell depends only on the two previous
  anti-diagonals of the ``(time of x) x (time of y)`` grid, so one
  anti-diagonal is updated for one reference sequence against a tile of about
  1,000 other sequences per array operation (one add per run of the reference,
  two minimums), starting after the prefix that the reference shares with the
  whole tile (exact, and careers that all begin with the same spell share
  many). Long jobs are shared out to forked worker processes.

Measurements, profiles and the comparison with ``sequenzo`` are in
``benchmarks/README.md`` (section "Sequence distances").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analysis.sequences._kernels import (
    exact_in_float32,
    hamming_matrix,
    hamming_targets,
    om_pairs,
    om_to,
)
from analysis.sequences.statistics import (
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
    "hamming_to",
    "optimal_matching",
    "optimal_matching_to",
    "lcs",
]

SubCosts = Literal["TRATE", "CONSTANT"] | pd.DataFrame | None
Missing = Literal["drop", "state", "error"]


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
# Problems: encoded distinct sequences, costs and kernel rows
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class _Problem:
    """One distance problem over distinct sequences, ready for the kernels.

    Attributes
    ----------
    method : {"HAM", "OM"}
    distinct, inverse, counts, alphabet
        As returned by :func:`distinct_sequences` (of the rows encoded).
    rows : ndarray of int, shape (n_distinct, T')
        Kernel input per distinct sequence: Hamming symbols (gaps = an extra
        symbol), or for OM left-justified codes with ``-1`` padding.
    costs : ndarray, shape (k', k')
        Substitution costs over the kernel symbols.
    indel : float
        Insertion/deletion cost (OM only).
    dtype : type or None
        OM working precision (``None``: float32 only when exact).
    """

    method: Literal["HAM", "OM"]
    distinct: np.ndarray
    inverse: np.ndarray
    counts: np.ndarray
    alphabet: list[str]
    rows: np.ndarray
    costs: np.ndarray
    indel: float = 1.0
    dtype: type | None = None

    def pairwise(self, ids: np.ndarray | None = None) -> np.ndarray:
        """Distance matrix between the distinct sequences ``ids`` (default: all)."""
        rows = self.rows if ids is None else self.rows[np.asarray(ids)]
        if self.method == "HAM":
            return hamming_matrix(rows, self.costs)
        return _om_matrix(rows, self.costs, self.indel, self.dtype)

    def to(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Distances from every distinct sequence to the distinct sequences ``ids``.

        Returns an ``(n_distinct, len(ids))`` array; a sequence is at exactly 0
        from itself.
        """
        ids = np.asarray(ids, dtype=np.intp)
        if self.method == "HAM":
            dist = hamming_targets(self.rows, self.rows[ids], self.costs)
        else:
            dist = _om_matrix_to(self.rows, self.rows[ids], self.costs, self.indel, self.dtype)
        dist[ids, np.arange(len(ids))] = 0.0
        return dist


def _hamming_problem(
    seqs: pd.DataFrame,
    sub_costs: SubCosts,
    weights: object,
    missing: str,
    alphabet: Sequence[str] | None,
    cost_rows: int | None = None,
) -> _Problem:
    """Encode, deduplicate and check ``seqs`` for Hamming; costs from the first ``cost_rows`` rows."""
    if missing not in ("state", "error"):
        raise ValueError("missing must be 'state' or 'error' for Hamming")
    codes, alphabet = encode_states(seqs, alphabet=alphabet)
    n_cost = len(seqs) if cost_rows is None else cost_rows
    w = _weights(weights, seqs if cost_rows is None else seqs.iloc[:n_cost])
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
    if missing == "error" and gaps.any():
        raise ValueError("sequences have internal or leading missing values; use missing='state'")
    k = len(alphabet)
    constant = 2.0 if isinstance(sub_costs, str) and sub_costs == "TRATE" else 1.0
    costs = _cost_matrix(
        sub_costs, codes[:n_cost], alphabet, w, constant=constant, with_missing=True
    )
    symbols = np.where(gaps, k, body).astype(np.intp)
    return _Problem("HAM", distinct, inverse, counts, alphabet, symbols, costs)


def _om_problem(
    seqs: pd.DataFrame,
    sub_costs: SubCosts,
    indel: float | Literal["auto"],
    weights: object,
    missing: Missing,
    alphabet: Sequence[str] | None,
    dtype: type | None = None,
    cost_rows: int | None = None,
) -> _Problem:
    """Encode, deduplicate, treat missing values and build the cost matrix for OM.

    The kernel rows hold one row per distinct sequence: states left-justified
    after dropping gaps (``"drop"``) or gaps recoded as the extra state
    ``len(alphabet)`` (``"state"``), ``-1`` padding. Costs (TRATE) are
    estimated on the first ``cost_rows`` rows (default all).
    """
    if missing not in ("drop", "state", "error"):
        raise ValueError("missing must be 'drop', 'state' or 'error'")
    codes, alphabet = encode_states(seqs, alphabet=alphabet)
    n_cost = len(seqs) if cost_rows is None else cost_rows
    w = _weights(weights, seqs if cost_rows is None else seqs.iloc[:n_cost])
    distinct, inverse, counts = _unique_rows(codes)
    lengths = sequence_lengths(distinct)
    inside = np.arange(distinct.shape[1])[None, :] < lengths[:, None]
    gaps = inside & (distinct < 0)
    if missing == "error" and gaps.any():
        raise ValueError(
            "sequences have internal or leading missing values; use missing='drop' or 'state'"
        )
    with_missing = missing == "state"
    costs = _cost_matrix(
        sub_costs, codes[:n_cost], alphabet, w, constant=2.0, with_missing=with_missing
    )
    k = len(alphabet)
    if indel == "auto":
        named_constant = sub_costs is None or (
            isinstance(sub_costs, str) and sub_costs == "CONSTANT"
        )
        indel = 1.0 if named_constant else float(costs[:k, :k].max(initial=0.0)) / 2.0
    indel = float(indel)
    if not indel > 0:
        raise ValueError("indel must be positive")
    if with_missing:
        work = np.where(gaps, k, distinct).astype(distinct.dtype)
        work[~inside] = MISSING_CODE
    else:
        work = _left_justify(distinct)[0]
    return _Problem("OM", distinct, inverse, counts, alphabet, work, costs, indel, dtype)


def _savings(costs: np.ndarray, indel: float) -> np.ndarray:
    """What a substitution saves compared with a deletion plus an insertion (<= 0)."""
    return np.minimum(costs, 2.0 * indel) - 2.0 * indel


def _om_matrix(work: np.ndarray, costs: np.ndarray, indel: float, dtype) -> np.ndarray:
    """OM distances between the rows of ``work`` (left-justified codes, ``-1`` padding).

    Rows that became identical after dropping gaps are computed once.
    """
    unique, back, _ = _unique_rows(work)
    lengths = (unique >= 0).sum(axis=1)
    order = np.argsort(-lengths, kind="stable")
    savings = _savings(costs, indel)
    if dtype is None:
        exact = exact_in_float32(savings, indel, int(lengths.max(initial=0)))
        dtype = np.float32 if exact else np.float64
    q = om_pairs(unique[order], lengths[order], savings, dtype)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    q = q[np.ix_(rank, rank)]
    dist = q + (lengths[:, None] + lengths[None, :]) * indel
    np.fill_diagonal(dist, 0.0)
    return dist[np.ix_(back, back)]


def _om_matrix_to(
    work: np.ndarray, targets: np.ndarray, costs: np.ndarray, indel: float, dtype
) -> np.ndarray:
    """OM distances from every row of ``work`` to every row of ``targets`` (same coding)."""
    unique, back, _ = _unique_rows(work)
    lengths = (unique >= 0).sum(axis=1)
    target_lengths = (targets >= 0).sum(axis=1)
    savings = _savings(costs, indel)
    if dtype is None:
        longest = max(int(lengths.max(initial=0)), int(target_lengths.max(initial=0)))
        dtype = np.float32 if exact_in_float32(savings, indel, longest) else np.float64
    q = om_to(unique, lengths, targets, savings, dtype)
    dist = q + (lengths[:, None] + target_lengths[None, :]) * indel
    # A sequence identical to a target is at exactly 0 from it.
    _, both, _ = _unique_rows(np.concatenate((unique, targets.astype(unique.dtype))))
    same = both[: len(unique), None] == both[None, len(unique) :]
    dist[same] = 0.0
    return dist[back]


def _with_targets(seqs: pd.DataFrame, targets: object) -> tuple[pd.DataFrame, pd.Index]:
    """``seqs`` followed by the target sequences, and the targets' labels.

    ``targets`` is a wide DataFrame of sequences with the columns of ``seqs``,
    or labels of rows of ``seqs``.
    """
    if isinstance(targets, pd.DataFrame):
        if not targets.columns.equals(seqs.columns):
            raise ValueError("targets must have the same columns (time points) as seqs")
        labels = targets.index
        rows = targets
    else:
        labels = pd.Index(list(targets) if not isinstance(targets, pd.Index) else targets)
        if not seqs.index.is_unique:
            raise ValueError("seqs has duplicate labels: give the targets as a DataFrame")
        missing = labels.difference(seqs.index)
        if len(missing):
            raise KeyError(f"targets not in the index of seqs: {list(missing)[:5]}")
        rows = seqs.loc[labels]
    return pd.concat([seqs, rows], ignore_index=True), labels


def _expand_to(
    problem: _Problem, n_rows: int, index: pd.Index, labels: pd.Index
) -> pd.DataFrame:
    """Individual-level table of the distances to the targets (rows ``n_rows ..`` of the problem)."""
    target_ids = problem.inverse[n_rows:]
    unique_ids, position = np.unique(target_ids, return_inverse=True)
    dist = problem.to(unique_ids)[:, position.ravel()]
    return pd.DataFrame(dist[problem.inverse[:n_rows]], index=index, columns=labels, copy=False)


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
    the module docstring and :func:`analysis.sequences._kernels.hamming_matrix`).

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
    problem = _hamming_problem(seqs, sub_costs, weights, missing, alphabet)
    if not condensed and len(seqs) <= 1.25 * len(problem.distinct):
        # (Nearly) every row distinct: compute the table in row order directly
        # instead of expanding (one n x n array less to fill; identical rows get
        # exactly 0, the sum of zero costs).
        matrix = hamming_matrix(problem.rows[problem.inverse], problem.costs)
        return pd.DataFrame(matrix, index=seqs.index, columns=seqs.index, copy=False)
    return _pairwise_result(problem, seqs.index, condensed=condensed)


def _pairwise_result(problem, index: pd.Index, *, condensed: bool) -> DistinctDistances | pd.DataFrame:
    """Every pair's distance: over distinct careers (``condensed``) or expanded to every person."""
    result = DistinctDistances(problem.pairwise(), problem.inverse, problem.counts, index, problem.distinct,
                               problem.alphabet)
    return result if condensed else result.expand()


def hamming_to(
    seqs: pd.DataFrame,
    targets: pd.DataFrame | Sequence[object] | pd.Index,
    *,
    sub_costs: SubCosts = None,
    weights: object = None,
    missing: Literal["state", "error"] = "state",
    alphabet: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Hamming distances from every sequence of ``seqs`` to a few target sequences.

    The columns of :func:`hamming` for the targets only (``O(n x n_targets)``
    time and memory), with the same costs (estimated on ``seqs``) and the same
    missing-value rules.

    Parameters
    ----------
    targets : DataFrame or list-like of labels
        Target sequences (a wide table with the columns of ``seqs``), or
        labels of rows of ``seqs``.
    sub_costs, weights, missing, alphabet
        As for :func:`hamming`; ``weights`` (for ``"TRATE"``) align to ``seqs``.

    Returns
    -------
    DataFrame
        ``n x n_targets``: index ``seqs.index``, columns the target labels.
    """
    both, labels = _with_targets(seqs, targets)
    problem = _hamming_problem(both, sub_costs, weights, missing, alphabet, cost_rows=len(seqs))
    return _expand_to(problem, len(seqs), seqs.index, labels)


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
    problem = _om_problem(seqs, sub_costs, indel, weights, missing, alphabet, dtype)
    return _pairwise_result(problem, seqs.index, condensed=condensed)


def optimal_matching_to(
    seqs: pd.DataFrame,
    targets: pd.DataFrame | Sequence[object] | pd.Index,
    *,
    sub_costs: SubCosts = "TRATE",
    indel: float | Literal["auto"] = 1.0,
    weights: object = None,
    missing: Missing = "drop",
    alphabet: Sequence[str] | None = None,
    dtype: type | None = None,
) -> pd.DataFrame:
    """Optimal matching distances from every sequence of ``seqs`` to a few target sequences.

    The columns of :func:`optimal_matching` for the targets only: ``O(n x
    n_targets)`` time and memory instead of ``O(n^2)``, with the same costs
    (TRATE estimated on ``seqs``, with ``weights``), indel and missing-value
    rules, equal to the full matrix to ~1e-12. Each target is swept against
    tiles of the distinct sequences, skipping the months of prefix they share
    with it (exact; see :func:`analysis.sequences._kernels.om_to`).

    Parameters
    ----------
    targets : DataFrame or list-like of labels
        Target sequences (a wide table with the columns of ``seqs``), or
        labels of rows of ``seqs``.
    sub_costs, indel, weights, missing, alphabet, dtype
        As for :func:`optimal_matching`; ``weights`` align to ``seqs``. With a
        non-symmetric cost DataFrame the substitution cost is read as
        ``costs[state in seqs, state in target]``.

    Returns
    -------
    DataFrame
        ``n x n_targets``: index ``seqs.index``, columns the target labels.
    """
    both, labels = _with_targets(seqs, targets)
    problem = _om_problem(
        both, sub_costs, indel, weights, missing, alphabet, dtype, cost_rows=len(seqs)
    )
    return _expand_to(problem, len(seqs), seqs.index, labels)


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
