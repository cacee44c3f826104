"""CLARA typology: equal to PAM on small inputs, reproducible, sensible on separated groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.sequences.clara import clara_clusters
from analysis.sequences.distances import hamming, lcs, optimal_matching, optimal_matching_to
from analysis.sequences.typology import cluster_sequences


def frame(*rows: str) -> pd.DataFrame:
    """Sequences from strings ("AAB.", "." = missing)."""
    data = [[None if c == "." else c for c in r] for r in rows]
    width = max(len(r) for r in data)
    data = [r + [None] * (width - len(r)) for r in data]
    return pd.DataFrame(data, index=[f"p{i}" for i in range(len(data))])


@pytest.fixture
def three_groups() -> pd.DataFrame:
    """30 careers of 12 months in three clearly separated groups, each a family of variants.

    Group A stays in A with one month of B at a varying month, group B goes
    from B to C at a varying month, group C has two months of E inside D.
    """
    rows = []
    for shift in range(10):
        rows.append("A" * shift + "B" + "A" * (11 - shift))
    for shift in range(10):
        rows.append("B" * (1 + shift) + "C" * (11 - shift))
    for shift in range(10):
        rows.append("D" * (1 + shift) + "E" * 2 + "D" * (9 - shift))
    return frame(*rows)


def assert_same_clusters(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_series_equal(a.attrs["medoids"], b.attrs["medoids"])


@pytest.mark.parametrize(
    ("distance", "distances"),
    [
        ("OM", lambda s, w: optimal_matching(s, indel="auto", weights=w, condensed=True)),
        ("LCS", lambda s, w: lcs(s, condensed=True)),
        ("HAM", lambda s, w: hamming(s, sub_costs="TRATE", weights=w, condensed=True)),
    ],
)
def test_small_input_is_exactly_pam(three_groups, distance, distances):
    """No more distinct sequences than sample_size: PAM on all of them, as cluster_sequences does."""
    seqs = pd.concat([three_groups, three_groups.iloc[:4]], ignore_index=True)  # duplicates
    w = np.linspace(0.5, 2.0, len(seqs))
    for k in (1, 2, 3, 5):
        got = clara_clusters(seqs, k=k, distance=distance, weights=w, seed=3)
        want = cluster_sequences(distances(seqs, w), k=k, method="pam", weights=w, seed=3)
        assert_same_clusters(got, want)
        assert got.attrs["method"] == "pam"  # every pair compared
        assert got.attrs["samples"] == 1 and got.attrs["sample_size"] == 30
        assert got.attrs["full_pam"]


def test_separated_groups_found_from_small_samples(three_groups):
    clusters = clara_clusters(three_groups, k=3, samples=5, sample_size=6, seed=1)
    assert clusters.attrs["sample_size"] == 6 and clusters.attrs["samples"] == 5
    assert clusters.attrs["method"] == "clara" and not clusters.attrs["full_pam"]
    labels = clusters["cluster"].to_numpy()
    groups = np.repeat([0, 1, 2], 10)
    # each group is one cluster, and each cluster one group
    assert len(set(zip(groups, labels, strict=True))) == 3
    assert sorted(clusters["cluster"].unique().tolist()) == [1, 2, 3]
    # the medoids are members of their own cluster, marked as such
    for cluster, label in clusters.attrs["medoids"].items():
        assert clusters.loc[label, "cluster"] == cluster and clusters.loc[label, "is_medoid"]
    assert clusters["is_medoid"].sum() == 3


def test_every_sequence_joins_its_nearest_medoid(three_groups):
    seqs = three_groups
    clusters = clara_clusters(seqs, k=4, samples=3, sample_size=8, seed=5)
    medoids = clusters.attrs["medoids"]
    to_medoids = optimal_matching_to(seqs, medoids.to_numpy(), indel="auto")
    own = to_medoids.to_numpy()[np.arange(len(seqs)), clusters["cluster"].to_numpy() - 1]
    np.testing.assert_allclose(own, to_medoids.min(axis=1).to_numpy(), atol=1e-12)
    assert clusters.attrs["cost"] == pytest.approx(own.sum())
    # numbered by decreasing size
    sizes = clusters.groupby("cluster")["weight"].sum()
    assert sizes.is_monotonic_decreasing


def test_reproducible_with_seed():
    rng = np.random.default_rng(8)
    states = list("ABCD")
    rows = []
    for _ in range(120):
        row = [states[int(rng.integers(0, 4))]]
        for _ in range(19):
            row.append(row[-1] if rng.random() < 0.8 else states[int(rng.integers(0, 4))])
        rows.append("".join(row))
    seqs = frame(*rows)
    w = rng.uniform(0.5, 2.0, len(seqs))
    runs = [clara_clusters(seqs, k=3, samples=4, sample_size=25, seed=s, weights=w) for s in (0, 0, 1)]
    assert_same_clusters(runs[0], runs[1])
    assert runs[0].attrs["cost"] == runs[1].attrs["cost"]
    # another seed draws other subsamples (the partition may or may not change)
    assert runs[2].attrs["cost"] > 0 and runs[2]["weight"].tolist() == w.tolist()
    # more and larger samples never do worse than the best of fewer, smaller ones here
    best = clara_clusters(seqs, k=3, samples=10, sample_size=60, seed=0, weights=w)
    assert best.attrs["cost"] <= runs[0].attrs["cost"] * 1.05


def test_default_sample_size_and_errors(three_groups):
    assert clara_clusters(three_groups, k=2).attrs["sample_size"] == 30  # all 30 distinct
    # the full matrix is no dearer than 4 samples of 15: PAM on all 30
    pam = clara_clusters(three_groups, k=3, samples=4, sample_size=15)
    assert pam.attrs["samples"] == 1 and pam.attrs["sample_size"] == 30
    assert clara_clusters(three_groups, k=3, samples=3, sample_size=15).attrs["samples"] == 3
    with pytest.raises(ValueError, match="between 1"):
        clara_clusters(three_groups, k=31)
    with pytest.raises(ValueError, match="distance"):
        clara_clusters(three_groups, k=2, distance="DHD")
    with pytest.raises(ValueError, match="sample_size"):
        clara_clusters(three_groups, k=4, sample_size=3)
    with pytest.raises(ValueError, match="samples"):
        clara_clusters(three_groups, k=2, samples=0)
