"""Typology of careers: clustering a sequence distance matrix.

Clustering works on *distinct* sequences carrying a mass (number of people
with that sequence times their case weights), which is exactly equivalent to
clustering the expanded individual-level data:

* **PAM** (partitioning around medoids, Kaufman & Rousseeuw) minimises
  ``sum_i mass_i * d(i, medoid(i))``; BUILD then SWAP, with masses in every
  sum, as R ``WeightedCluster::wcKMedoids`` does with weights.
* **Ward** minimises the within-cluster inertia. Running
  ``scipy.cluster.hierarchy.linkage`` on the distinct sequences ignores how
  many people share each one, which is *not* Ward on the individuals. Here, when
  every distinct sequence has mass 1, scipy's ``linkage(method="ward")`` is
  used directly; otherwise a weighted Lance-Williams Ward (nearest-neighbour
  chain, see :func:`weighted_ward_linkage`) starts from clusters of the given
  masses. On integer masses this is exactly the hierarchy (same heights above
  0, same partitions) of scipy's Ward on the expanded individual matrix, in
  which identical people merge first at height 0; the tests check this.
  Non-integer case weights extend it as masses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from analysis.sequences.distances import DistinctDistances
from analysis.sequences.statistics import _weights, encode_states, spell_strings

__all__ = ["cluster_sequences", "cluster_summary", "dominant_states", "weighted_ward_linkage", "weighted_pam"]

_TOL = 1e-10


# --------------------------------------------------------------------------- #
# Weighted Ward
# --------------------------------------------------------------------------- #
def weighted_ward_linkage(dist: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """Ward linkage of points that start as clusters of the given masses.

    Each point ``i`` is a cluster of ``m_i`` coincident individuals, so the
    starting Ward dissimilarity between ``i`` and ``j`` is ``d2(i, j) = 2 m_i
    m_j / (m_i + m_j) * dist(i, j)^2`` (what scipy's Ward reaches after merging
    the duplicates of the expanded data at height 0). Clusters then merge with
    the Lance-Williams update of scipy's ``"ward"`` (R ``"ward.D2"``)::

        d2(k, i+j) = ((m_i + m_k) d2(k, i) + (m_j + m_k) d2(k, j) - m_k d2(i, j))
                     / (m_i + m_j + m_k)

    and merge heights are ``sqrt(d2)``. (R ``hclust(d, "ward.D2", members =
    m)`` with the raw ``d`` skips the starting rescaling and is therefore not
    the expanded Ward.) Uses the nearest-neighbour chain, exact for Ward, with
    one vectorised row update per merge.

    Parameters
    ----------
    dist : ndarray, shape (n, n)
        Symmetric distances.
    mass : ndarray, shape (n,)
        Positive masses (e.g. number of people times case weight).

    Returns
    -------
    ndarray, shape (n - 1, 4)
        Linkage matrix in scipy format (cluster ids, height, number of points
        in the merged cluster), sorted by height; usable with
        ``scipy.cluster.hierarchy.fcluster``/``dendrogram``.
    """
    n = dist.shape[0]
    if n < 2:
        return np.zeros((0, 4))
    size = np.asarray(mass, dtype=float).copy()
    # Ward dissimilarity between two clusters of coincident points (masses
    # m_i, m_j): 2 m_i m_j / (m_i + m_j) * dist^2 (equal to dist^2 for singletons).
    d2 = 2.0 * np.outer(size, size) / (size[:, None] + size[None, :]) * np.asarray(dist, float) ** 2
    np.fill_diagonal(d2, np.inf)
    points = np.ones(n)  # number of distinct points per cluster (scipy's 4th column)
    active = np.ones(n, dtype=bool)
    label = np.arange(n)  # scipy-style cluster id currently stored in each slot
    merges = []
    chain: list[int] = []
    for _ in range(n - 1):
        if not chain:
            chain.append(int(np.flatnonzero(active)[0]))
        while True:
            a = chain[-1]
            row = np.where(active, d2[a], np.inf)
            row[a] = np.inf
            b = int(np.argmin(row))
            if len(chain) > 1 and row[chain[-2]] <= row[b]:
                b = chain[-2]
            if len(chain) > 1 and b == chain[-2]:
                break
            chain.append(b)
        chain.pop()
        chain.pop()
        ma, mb = size[a], size[b]
        dab = d2[a, b]
        new = ((ma + size) * d2[a] + (mb + size) * d2[b] - size * dab) / (ma + mb + size)
        merges.append((label[a], label[b], np.sqrt(max(dab, 0.0)), points[a] + points[b]))
        keep, drop = (a, b) if a < b else (b, a)
        d2[keep] = new
        d2[:, keep] = new
        d2[keep, keep] = np.inf
        active[drop] = False
        d2[drop] = np.inf
        d2[:, drop] = np.inf
        size[keep] = ma + mb
        points[keep] = points[a] + points[b]
        label[keep] = n + len(merges) - 1  # provisional id (merge order), see _relabel
    return _relabel(np.array(merges, dtype=float), n)


def _relabel(merges: np.ndarray, n: int) -> np.ndarray:
    """Sort merges by height (stable) and renumber clusters as scipy expects."""
    order = np.argsort(merges[:, 2], kind="stable")
    provisional_to_final = {}
    out = np.empty_like(merges)
    for row, idx in enumerate(order):
        a, b, h, m = merges[idx]
        a = provisional_to_final.get(int(a), int(a))
        b = provisional_to_final.get(int(b), int(b))
        provisional_to_final[n + int(idx)] = n + row
        out[row] = (min(a, b), max(a, b), h, m)
    return out


# --------------------------------------------------------------------------- #
# Weighted PAM
# --------------------------------------------------------------------------- #
def _pick(values: np.ndarray, rank: np.ndarray, best: Literal["min", "max"]) -> int:
    """Index of the smallest/largest value; exact ties go to the lowest ``rank``."""
    target = values.min() if best == "min" else values.max()
    scale = max(1.0, abs(float(target)))
    close = np.flatnonzero(np.abs(values - target) <= _TOL * scale)
    return int(close[np.argmin(rank[close])])


def weighted_pam(
    dist: np.ndarray, mass: np.ndarray, k: int, *, seed: int = 0, max_iter: int = 100
) -> tuple[np.ndarray, np.ndarray, float]:
    """Weighted partitioning around medoids: BUILD then SWAP.

    Minimises ``sum_i mass_i * min_m dist[i, m]``. BUILD adds, one at a time,
    the point that most reduces the cost; SWAP then applies the best
    (medoid, non-medoid) exchange while it lowers the cost by more than a
    relative 1e-10. Deterministic: exact ties are broken by a fixed random
    order of the points drawn from ``seed`` (so the result depends on ``seed``
    only when there are ties).

    Returns
    -------
    medoids : ndarray of int, shape (k,)
        Point indices of the medoids, in the order they were chosen.
    assignment : ndarray of int, shape (n,)
        Position in ``medoids`` of each point's nearest medoid.
    cost : float
        Final objective (mass-weighted sum of distances).
    """
    dist = np.asarray(dist, dtype=float)
    mass = np.asarray(mass, dtype=float)
    n = dist.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and the number of distinct sequences ({n})")
    rank = np.random.default_rng(seed).permutation(n)
    medoids = [_pick(mass @ dist, rank, "min")]
    nearest = dist[:, medoids[0]].copy()
    while len(medoids) < k:
        gain = mass @ np.maximum(nearest[:, None] - dist, 0.0)
        gain[medoids] = -np.inf
        new = _pick(gain, rank, "max")
        medoids.append(new)
        nearest = np.minimum(nearest, dist[:, new])
    medoids_arr = np.array(medoids)
    cost = float(mass @ nearest)
    for _ in range(max_iter):
        to_medoids = dist[:, medoids_arr]
        order = np.argsort(to_medoids, axis=1, kind="stable")
        first = to_medoids[np.arange(n), order[:, 0]]
        second = to_medoids[np.arange(n), order[:, 1]] if k > 1 else np.full(n, np.inf)
        best_value, best_swap = cost, None
        for slot in range(k):
            without = np.where(order[:, 0] == slot, second, first)
            new_cost = mass @ np.minimum(dist, without[:, None])
            new_cost[medoids_arr] = np.inf
            cand = _pick(new_cost, rank, "min")
            if new_cost[cand] < best_value - _TOL * max(1.0, abs(best_value)):
                best_value, best_swap = float(new_cost[cand]), (slot, cand)
        if best_swap is None:
            break
        medoids_arr[best_swap[0]] = best_swap[1]
        cost = best_value
    assignment = np.argmin(dist[:, medoids_arr], axis=1)
    return medoids_arr, assignment, cost


# --------------------------------------------------------------------------- #
# Public API
# --------------------------------------------------------------------------- #
def _as_distinct(distances: pd.DataFrame | DistinctDistances) -> DistinctDistances:
    """Accept an individual-level table or a distinct-level result."""
    if isinstance(distances, DistinctDistances):
        return distances
    if isinstance(distances, pd.DataFrame):
        values = distances.to_numpy(dtype=float)
        if values.shape[0] != values.shape[1]:
            raise ValueError("distance table must be square")
        n = values.shape[0]
        return DistinctDistances(
            values, np.arange(n), np.ones(n, dtype=int), distances.index, np.zeros((n, 0)), []
        )
    raise TypeError("distances must be a DataFrame or a DistinctDistances")


def cluster_sequences(
    distances: pd.DataFrame | DistinctDistances,
    *,
    k: int,
    method: Literal["ward", "pam"] = "ward",
    weights: object = None,
    seed: int = 0,
    min_size: float = 0,
) -> pd.DataFrame:
    """Partition individuals into ``k`` career types, with no type smaller than ``min_size``.

    See :func:`_cluster_once` for the parameters and the result; while a
    cluster's weighted size is below ``min_size``, ``k`` is lowered by one
    (down to a single type). ``attrs["k_requested"]`` records the ``k`` asked for.
    """
    requested = k
    while True:
        frame = _cluster_once(distances, k=k, method=method, weights=weights, seed=seed)
        sizes = frame.groupby("cluster")["weight"].sum()
        if k == 1 or sizes.min() >= min_size:
            frame.attrs["k_requested"] = requested
            return frame
        k -= 1


def _cluster_once(
    distances: pd.DataFrame | DistinctDistances,
    *,
    k: int,
    method: Literal["ward", "pam"] = "ward",
    weights: object = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Partition individuals into ``k`` career types.

    Parameters
    ----------
    distances : DataFrame or DistinctDistances
        Individual-level ``n x n`` distances (e.g. from
        :func:`analysis.sequences.distances.optimal_matching`), or the
        distinct-level result of ``condensed=True`` (faster: the clustering then
        runs on distinct sequences with mass = number of people x weight).
    k : int
        Number of clusters.
    method : {"ward", "pam"}
        ``"ward"``: hierarchical Ward (see module docstring for weights) cut at
        ``k`` clusters; ``"pam"``: weighted PAM (BUILD + SWAP).
    weights : array-like or Series, optional
        Case weights aligned to the individuals; default 1.
    seed : int
        Tie-breaking order for PAM (see :func:`weighted_pam`); unused by Ward.

    Returns
    -------
    DataFrame
        Indexed by individual: ``cluster`` (int, 1..k, numbered by decreasing
        weighted size), ``weight`` (the case weight used) and ``is_medoid``
        (True for the individuals whose sequence is their cluster's medoid).
        ``df.attrs["medoids"]`` is a Series: cluster -> index label of the first
        individual having the medoid sequence. The medoid of a cluster is the
        PAM medoid, or for Ward the member sequence with the smallest weighted
        sum of distances to the other members (TraMineR ``disscenter``).
        ``df.attrs["linkage"]`` holds the distinct-level linkage for Ward.
    """
    dd = _as_distinct(distances)
    frame = pd.DataFrame(index=dd.index)
    w = _weights(weights, frame)
    mass = np.bincount(dd.inverse, weights=w, minlength=len(dd.counts))
    n_distinct = len(mass)
    if not 1 <= k <= n_distinct:
        raise ValueError(f"k must be between 1 and the number of distinct sequences ({n_distinct})")
    if np.any(mass <= 0):
        raise ValueError("every distinct sequence needs a positive total weight")
    z = None
    if method == "pam":
        medoids, assignment, _ = weighted_pam(dd.matrix, mass, k, seed=seed)
    elif method == "ward":
        if n_distinct == 1:
            assignment = np.zeros(1, dtype=int)
        else:
            if np.all(mass == 1.0):
                z = linkage(squareform(dd.matrix, checks=False), method="ward")
            else:
                z = weighted_ward_linkage(dd.matrix, mass)
            assignment = fcluster(z, t=k, criterion="maxclust") - 1
        medoids = np.empty(assignment.max() + 1, dtype=int)
        for c in range(len(medoids)):
            members = np.flatnonzero(assignment == c)
            within = mass[members] @ dd.matrix[np.ix_(members, members)]
            medoids[c] = members[np.argmin(within)]
    else:
        raise ValueError("method must be 'ward' or 'pam'")
    # Number clusters 1..k by decreasing mass, ties by first individual.
    cluster_mass = np.bincount(assignment, weights=mass, minlength=len(medoids))
    first_row = np.full(len(medoids), len(dd.inverse))
    np.minimum.at(first_row, assignment[dd.inverse], np.arange(len(dd.inverse)))
    order = np.lexsort((first_row, -cluster_mass))
    new_number = np.empty_like(order)
    new_number[order] = np.arange(1, len(order) + 1)
    labels = new_number[assignment]
    medoid_of_row = medoids[assignment[dd.inverse]]
    frame["cluster"] = labels[dd.inverse]
    frame["weight"] = w
    frame["is_medoid"] = dd.inverse == medoid_of_row
    first_with = pd.Series(np.arange(len(dd.inverse))).groupby(dd.inverse).first()
    medoid_rows = first_with.reindex(medoids[order]).to_numpy()
    frame.attrs["medoids"] = pd.Series(
        dd.index[medoid_rows], index=pd.Index(np.arange(1, len(order) + 1), name="cluster"),
        name="medoid",
    )
    frame.attrs["method"] = method
    if z is not None:
        frame.attrs["linkage"] = z
    return frame


def cluster_summary(clusters: pd.DataFrame, seqs: pd.DataFrame) -> pd.DataFrame:
    """Size, share and representative career of each cluster.

    Parameters
    ----------
    clusters : DataFrame
        Output of :func:`cluster_sequences` (its ``weight`` column and
        ``attrs["medoids"]`` are used).
    seqs : DataFrame
        The wide sequence table the distances were computed from (same index).

    Returns
    -------
    DataFrame
        Indexed by cluster (1..k): ``n`` (number of individuals), ``size`` (sum
        of case weights; equals ``n`` when unweighted), ``share`` (``size`` /
        total weight, a proportion in [0, 1]), ``medoid`` (index label of an
        individual with the medoid sequence) and ``medoid_sequence`` (that
        sequence in SPS notation, e.g. ``"(advisor,24)-(ngo,36)"``).
    """
    if not clusters.index.equals(seqs.index):
        seqs = seqs.reindex(clusters.index)
    grouped = clusters.groupby("cluster")
    out = pd.DataFrame({"n": grouped.size(), "size": grouped["weight"].sum()})
    out["share"] = out["size"] / out["size"].sum()
    medoids = clusters.attrs.get("medoids")
    if medoids is not None:
        medoids = medoids.reindex(out.index)
        codes, alphabet = encode_states(seqs.loc[medoids.to_numpy()])
        out["medoid"] = medoids.to_numpy()
        out["medoid_sequence"] = spell_strings(codes, alphabet)
    out.index.name = "cluster"
    return out


def dominant_states(clusters: pd.DataFrame, seqs: pd.DataFrame, *, exclude: Sequence[str] = ("advisor",)) -> pd.Series:
    """Most frequent state of each cluster over all its known months (ties: first in sorted order).

    ``exclude`` leaves out states shared by everyone (by default the advisor
    term itself), so the label describes what distinguishes the careers.
    Returns a Series indexed by cluster.
    """
    long = seqs.reindex(clusters.index).stack().rename("state").reset_index(level=1, drop=True)
    long = long[~long.isin(list(exclude))]
    frame = pd.DataFrame({"cluster": clusters["cluster"].reindex(long.index).to_numpy(), "state": long.to_numpy()})
    counts = frame.groupby(["cluster", "state"]).size().rename("months").reset_index()
    counts = counts.sort_values(["cluster", "months", "state"], ascending=[True, False, True], kind="stable")
    return counts.drop_duplicates("cluster").set_index("cluster")["state"]
