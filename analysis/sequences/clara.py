"""CLARA typology of careers for inputs too large for a full distance matrix.

PAM (:func:`analysis.sequences.typology.weighted_pam`) needs the distances
between all distinct sequences: ``n^2 / 2`` dynamic programmes and ``8 n^2``
bytes, out of reach at tens of thousands of distinct careers. CLARA
(Kaufman & Rousseeuw, *Finding Groups in Data*, ch. 3), as R WeightedCluster's
``seqclararange`` applies it to sequences, clusters random subsamples instead:

1. draw ``samples`` subsamples of ``sample_size`` distinct sequences, without
   replacement, with probability proportional to their weight (number of
   people times case weight);
2. run weighted PAM on each subsample's distance matrix;
3. compute the distances from *every* distinct sequence to the ``k`` medoids
   of each subsample (``O(n k)`` memory) and the total weighted distance of
   every sequence to its nearest medoid;
4. keep the subsample whose medoids give the lowest total; every sequence
   joins its nearest medoid.

With no more distinct sequences than ``sample_size`` this is PAM on all of
them, and :func:`clara_clusters` returns exactly
:func:`analysis.sequences.typology.cluster_sequences` with ``method="pam"``;
so it does when the full matrix costs no more than the subsamples' matrices
(``n^2 <= samples x sample_size^2``, up to 1,118 distinct sequences with the
defaults).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from analysis.sequences.distances import (
    DistinctDistances,
    SubCosts,
    _hamming_problem,
    _om_problem,
    _Problem,
)
from analysis.sequences.statistics import _weights
from analysis.sequences.typology import cluster_sequences, weighted_pam

__all__ = ["clara_clusters"]

#: Smallest default subsample (WeightedCluster's ``40 + 2k`` is tiny for careers).
MIN_SAMPLE_SIZE = 500


def _problem(
    seqs: pd.DataFrame,
    distance: str,
    sub_costs: SubCosts,
    indel: float | Literal["auto"],
    weights: object,
) -> _Problem:
    """The distance problem over the distinct sequences of ``seqs``."""
    if distance == "OM":
        return _om_problem(seqs, sub_costs, indel, weights, "drop", None)
    if distance == "LCS":
        return _om_problem(seqs, "CONSTANT", 1.0, weights, "drop", None)
    if distance == "HAM":
        return _hamming_problem(seqs, sub_costs, weights, "state", None)
    raise ValueError("distance must be 'OM', 'LCS' or 'HAM'")


def _frame(
    index: pd.Index,
    inverse: np.ndarray,
    w: np.ndarray,
    mass: np.ndarray,
    medoids: np.ndarray,
    assignment: np.ndarray,
) -> pd.DataFrame:
    """The result table, numbered and labelled as :func:`cluster_sequences` does."""
    k = len(medoids)
    cluster_mass = np.bincount(assignment, weights=mass, minlength=k)
    first_row = np.full(k, len(inverse))
    np.minimum.at(first_row, assignment[inverse], np.arange(len(inverse)))
    order = np.lexsort((first_row, -cluster_mass))
    new_number = np.empty_like(order)
    new_number[order] = np.arange(1, k + 1)
    frame = pd.DataFrame(index=index)
    frame["cluster"] = new_number[assignment][inverse]
    frame["weight"] = w
    frame["is_medoid"] = inverse == medoids[assignment[inverse]]
    first_with = pd.Series(np.arange(len(inverse))).groupby(inverse).first()
    medoid_rows = first_with.reindex(medoids[order]).to_numpy()
    frame.attrs["medoids"] = pd.Series(
        index[medoid_rows], index=pd.Index(np.arange(1, k + 1), name="cluster"), name="medoid"
    )
    return frame


def clara_clusters(
    seqs: pd.DataFrame,
    *,
    k: int,
    distance: Literal["OM", "LCS", "HAM"] = "OM",
    sub_costs: SubCosts = "TRATE",
    indel: float | Literal["auto"] = "auto",
    samples: int = 5,
    sample_size: int | None = None,
    seed: int = 0,
    weights: object = None,
) -> pd.DataFrame:
    """Partition individuals into ``k`` career types by CLARA (PAM on subsamples).

    Parameters
    ----------
    seqs : DataFrame
        Wide sequence table (rows = individuals, ordered columns = time points,
        values = states, missing = NaN).
    k : int
        Number of clusters.
    distance : {"OM", "LCS", "HAM"}, default "OM"
        :func:`~analysis.sequences.distances.optimal_matching` (with
        ``sub_costs`` and ``indel``, gaps dropped),
        :func:`~analysis.sequences.distances.lcs` or
        :func:`~analysis.sequences.distances.hamming` (with ``sub_costs``;
        ``None`` for unit costs).
    sub_costs : {"TRATE", "CONSTANT"}, DataFrame or None, default "TRATE"
        Substitution costs (ignored for LCS); TRATE costs are estimated on all
        of ``seqs``, weighted by ``weights`` (as TraMineR does with weighted
        sequences).
    indel : float or "auto", default "auto"
        Indel cost for OM; ``"auto"`` is TraMineR's default (half the largest
        substitution cost; 1 for CONSTANT).
    samples : int, default 5
        Number of subsamples.
    sample_size : int, optional
        Distinct sequences per subsample. Default ``max(40 + 2 k, 500)``
        (WeightedCluster's ``40 + 2 k``, raised for careers), at most the number
        of distinct sequences.
    seed : int, default 0
        Seeds the subsampling (``numpy.random.default_rng(seed)``) and PAM's
        tie-breaking order: the result is reproducible.
    weights : array-like or Series, optional
        Case weights aligned to the individuals; default 1.

    Returns
    -------
    DataFrame
        As :func:`analysis.sequences.typology.cluster_sequences`: indexed by
        individual, ``cluster`` (1..k by decreasing weighted size), ``weight``
        and ``is_medoid``; ``attrs["medoids"]`` (cluster -> label of the first
        individual with the medoid sequence), ``attrs["method"] = "clara"``,
        ``attrs["samples"]``, ``attrs["sample_size"]``, ``attrs["full_pam"] =
        False``, ``attrs["cost"]`` (weighted sum of distances to the medoids)
        and ``attrs["k_requested"]`` (``k``). When PAM ran on all distinct
        sequences (``n_distinct^2 <= samples x sample_size^2``) the result is
        exactly ``cluster_sequences(method="pam")``'s, ``attrs["method"]``
        included (``"pam"``: every pair was compared), with ``samples = 1``,
        ``sample_size = n_distinct`` and ``full_pam = True``.

    Notes
    -----
    Memory is ``O(n k samples)`` beyond the subsample matrices. Time is
    ``samples`` PAM runs on ``sample_size^2 / 2`` distances plus the distances
    from every distinct sequence to at most ``samples x k`` medoids.
    """
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError("k must be a positive integer")
    if samples < 1:
        raise ValueError("samples must be at least 1")
    problem = _problem(seqs, distance, sub_costs, indel, weights)
    w = _weights(weights, seqs)
    mass = np.bincount(problem.inverse, weights=w, minlength=len(problem.counts))
    n_distinct = len(mass)
    if not 1 <= k <= n_distinct:
        raise ValueError(f"k must be between 1 and the number of distinct sequences ({n_distinct})")
    if np.any(mass <= 0):
        raise ValueError("every distinct sequence needs a positive total weight")
    size = max(40 + 2 * k, MIN_SAMPLE_SIZE) if sample_size is None else int(sample_size)
    if size < k:
        raise ValueError("sample_size must be at least k")
    if n_distinct <= size or n_distinct**2 <= samples * size**2:
        # PAM on everything (no dearer than the subsamples' matrices): exactly
        # cluster_sequences(method="pam").
        dd = DistinctDistances(
            problem.pairwise(), problem.inverse, problem.counts, seqs.index, problem.distinct,
            problem.alphabet,
        )
        frame = cluster_sequences(dd, k=k, method="pam", weights=w, seed=seed)
        medoid_ids = np.unique(problem.inverse[frame["is_medoid"].to_numpy()])
        frame.attrs.update(
            k_requested=k, samples=1, sample_size=n_distinct, full_pam=True,
            cost=float(mass @ dd.matrix[:, medoid_ids].min(axis=1)),
        )
        return frame
    rng = np.random.default_rng(seed)
    p = mass / mass.sum()
    candidates = []
    for _ in range(samples):
        sample = np.sort(rng.choice(n_distinct, size=size, replace=False, p=p))
        medoids, _, _ = weighted_pam(problem.pairwise(sample), mass[sample], k, seed=seed)
        candidates.append(sample[medoids])
    targets, position = np.unique(np.concatenate(candidates), return_inverse=True)
    to_targets = problem.to(targets)  # (n_distinct, n_targets)
    best = None
    for s, medoids in enumerate(candidates):
        columns = position.ravel()[s * k : (s + 1) * k]
        cost = float(mass @ to_targets[:, columns].min(axis=1))
        if best is None or cost < best[0]:
            best = (cost, medoids, columns)
    cost, medoids, columns = best
    assignment = np.argmin(to_targets[:, columns], axis=1)  # ties: first medoid
    assignment[medoids] = np.arange(k)  # a medoid is in its own cluster
    frame = _frame(seqs.index, problem.inverse, w, mass, medoids, assignment)
    frame.attrs.update(
        method="clara", k_requested=k, samples=samples, sample_size=size, full_pam=False,
        cost=cost,
    )
    return frame
