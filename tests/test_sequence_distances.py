"""Hamming, optimal matching, LCS and the typology, by hand and against a naive DP."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist, squareform

from analysis.sequences.distances import (
    DistinctDistances,
    distinct_sequences,
    hamming,
    hamming_to,
    lcs,
    optimal_matching,
    optimal_matching_to,
)
from analysis.sequences.typology import (
    cluster_sequences,
    cluster_summary,
    weighted_pam,
    weighted_ward_linkage,
)


def frame(*rows: str | list) -> pd.DataFrame:
    """Sequences from strings ("AAB.", "." = missing) or lists."""
    data = [[None if c == "." else c for c in r] for r in rows]
    width = max(len(r) for r in data)
    data = [r + [None] * (width - len(r)) for r in data]
    return pd.DataFrame(data, index=[f"s{i}" for i in range(len(data))])


def naive_om(x: list, y: list, sub: dict, indel: float) -> float:
    """Textbook Needleman-Wunsch edit distance, pure Python."""
    d = [[0.0] * (len(y) + 1) for _ in range(len(x) + 1)]
    for i in range(len(x) + 1):
        d[i][0] = i * indel
    for j in range(len(y) + 1):
        d[0][j] = j * indel
    for i in range(1, len(x) + 1):
        for j in range(1, len(y) + 1):
            d[i][j] = min(
                d[i - 1][j] + indel,
                d[i][j - 1] + indel,
                d[i - 1][j - 1] + sub[x[i - 1], y[j - 1]],
            )
    return d[len(x)][len(y)]


# --------------------------------------------------------------------------- #
# Distinct sequences
# --------------------------------------------------------------------------- #
def test_distinct_sequences_roundtrip():
    seqs = frame("AAB", "AB.", "AAB", "A.B")
    codes, inverse, counts, alphabet = distinct_sequences(seqs)
    assert alphabet == ["A", "B"]
    assert len(codes) == 3 and sorted(counts.tolist()) == [1, 1, 2]
    assert codes.shape == (3, 3) and codes.min() == -1
    rebuilt = np.array(alphabet + [None], dtype=object)[codes[inverse]]
    expected = seqs.to_numpy(dtype=object)
    assert all(
        (a is None and pd.isna(b)) or a == b for a, b in zip(rebuilt.ravel(), expected.ravel(), strict=True)
    )


# --------------------------------------------------------------------------- #
# Hamming
# --------------------------------------------------------------------------- #
def test_hamming_by_hand():
    seqs = frame("AABB", "ABBC", "BBBC")
    d = hamming(seqs)
    # AABB vs ABBC differ at months 2 and 4 -> 2 ; AABB vs BBBC at 1, 2, 4 -> 3 ; ABBC vs BBBC -> 1
    np.testing.assert_allclose(d.to_numpy(), [[0, 2, 3], [2, 0, 1], [3, 1, 0]])
    assert list(d.index) == list(d.columns) == ["s0", "s1", "s2"]


def test_hamming_trate_costs_by_hand():
    seqs = frame("AABB", "ABBC", "BBBC")
    # TRATE costs (see test_sequence_statistics): A-B 4/3, A-C 2, B-C 5/3
    # AABB vs ABBC: A/B at month 2 + B/C at month 4 = 4/3 + 5/3 = 3
    d = hamming(seqs, sub_costs="TRATE")
    assert d.loc["s0", "s1"] == pytest.approx(3.0)
    # AABB vs BBBC: 4/3 + 4/3 + 5/3 = 13/3
    assert d.loc["s0", "s2"] == pytest.approx(13 / 3)


def test_hamming_custom_costs_and_missing_state():
    costs = pd.DataFrame([[0, 0.5], [0.5, 0]], index=["A", "B"], columns=["A", "B"])
    seqs = frame("A.B", "ABB", "AAB")
    d = hamming(seqs, sub_costs=costs)
    # gap vs state costs the largest given cost (0.5): s0 vs s1 = 0.5 ; s1 vs s2: B/A = 0.5
    np.testing.assert_allclose(d.to_numpy(), [[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]])
    assert hamming(seqs).loc["s0", "s1"] == 1.0  # constant costs: gap vs B costs 1
    with pytest.raises(ValueError, match="missing values"):
        hamming(seqs, missing="error")


def test_hamming_rejects_unequal_lengths():
    with pytest.raises(ValueError, match="equal length"):
        hamming(frame("AAB", "AA"))


# --------------------------------------------------------------------------- #
# Optimal matching and LCS by hand
# --------------------------------------------------------------------------- #
def test_om_constant_by_hand():
    seqs = frame("AB", "BA", "AAB")
    d = optimal_matching(seqs, sub_costs="CONSTANT")
    # AB -> BA: two substitutions cost 4, delete A + insert A cost 2 -> 2
    # AB -> AAB: insert one A -> 1 ; BA -> AAB: LCS "A" or "B" (1) -> 2 + 3 - 2 = 3
    np.testing.assert_allclose(d.to_numpy(), [[0, 2, 1], [2, 0, 3], [1, 3, 0]])


def test_om_cheap_substitution_and_indel():
    costs = pd.DataFrame([[0, 0.3], [0.3, 0]], index=["A", "B"], columns=["A", "B"])
    seqs = frame("AB", "BA")
    # two substitutions at 0.3 each beat any indel
    assert optimal_matching(seqs, sub_costs=costs).iloc[0, 1] == pytest.approx(0.6)
    # with indel 0.2 a deletion + insertion (0.4) beats 0.6
    assert optimal_matching(seqs, sub_costs=costs, indel=0.2).iloc[0, 1] == pytest.approx(0.4)


def test_om_trate_by_hand():
    seqs = frame("AABB", "ABBC", "BBBC")
    d = optimal_matching(seqs, sub_costs="TRATE", indel=1.0)
    # costs A-B 4/3, B-C 5/3. AABB -> BBBC: substitute A->B (4/3), delete A (1),
    # keep B B, insert C (1) = 10/3, cheaper than 4 substitutions/indels alternatives
    assert d.loc["s0", "s2"] == pytest.approx(10 / 3)
    # indel "auto" = half the largest TRATE cost = 1 here (A-C = 2)
    pd.testing.assert_frame_equal(optimal_matching(seqs, indel="auto"), d)


def test_lcs_by_hand():
    seqs = frame("ABCD", "ACBD", "AB")
    d = lcs(seqs)
    # ABCD vs ACBD: LCS ABD (3) -> 4 + 4 - 6 = 2 ; ABCD vs AB: 4 + 2 - 4 = 2 ; ACBD vs AB: LCS AB -> 2
    np.testing.assert_allclose(d.to_numpy(), [[0, 2, 2], [2, 0, 2], [2, 2, 0]])


def test_om_missing_modes():
    seqs = frame("A.AB", "AAB", "AAB.")
    # drop: A.AB -> AAB, identical to the others
    assert optimal_matching(seqs, sub_costs="CONSTANT").to_numpy().max() == 0
    # state: A*AB vs AAB: the gap costs an indel (1) or a substitution (2) -> 1
    d = optimal_matching(seqs, sub_costs="CONSTANT", missing="state")
    assert d.loc["s0", "s1"] == 1 and d.loc["s1", "s2"] == 0  # trailing NaN is void
    with pytest.raises(ValueError, match="missing values"):
        optimal_matching(seqs, missing="error")
    # all-missing sequence has length 0: distance = length of the other * indel
    empty = frame("AAB", "...")
    assert optimal_matching(empty, sub_costs="CONSTANT").iloc[0, 1] == 3


def test_om_unused_state_and_condensed():
    seqs = frame("AB", "AB", "BB", "AB")
    result = optimal_matching(seqs, sub_costs="CONSTANT", alphabet=["A", "B", "C"], condensed=True)
    assert isinstance(result, DistinctDistances)
    assert result.matrix.shape == (2, 2) and sorted(result.counts.tolist()) == [1, 3]
    full = result.expand()
    assert full.shape == (4, 4) and full.loc["s0", "s2"] == 2 and full.loc["s0", "s3"] == 0


def test_om_vectorised_equals_naive_dp_on_random_cases():
    rng = np.random.default_rng(20240611)
    for _ in range(30):
        k = int(rng.integers(2, 5))
        states = [chr(65 + i) for i in range(k)]
        n = int(rng.integers(2, 9))
        width = int(rng.integers(1, 9))
        rows = []
        for _ in range(n):
            length = int(rng.integers(0, width + 1))
            row = [states[c] for c in rng.integers(0, k, length)] + [None] * (width - length)
            for j in range(length):  # a few internal gaps
                if rng.random() < 0.15:
                    row[j] = None
            rows.append(row)
        seqs = pd.DataFrame(rows)
        raw = rng.uniform(0, 3, (k, k))
        sub = (raw + raw.T) / 2
        np.fill_diagonal(sub, 0)
        costs = pd.DataFrame(sub, index=states, columns=states)
        indel = float(rng.choice([0.5, 1.0, 1.6]))
        got = optimal_matching(seqs, sub_costs=costs, indel=indel, alphabet=states).to_numpy()
        table = {(a, b): sub[i, j] for i, a in enumerate(states) for j, b in enumerate(states)}
        kept = [[s for s in row if s is not None] for row in rows]  # missing="drop"
        want = [[naive_om(x, y, table, indel) for y in kept] for x in kept]
        np.testing.assert_allclose(got, want, atol=1e-9)


def test_om_float32_close_to_float64():
    rng = np.random.default_rng(3)
    seqs = pd.DataFrame(rng.choice(list("ABCD"), size=(20, 30)))
    d64 = optimal_matching(seqs, sub_costs="TRATE")
    d32 = optimal_matching(seqs, sub_costs="TRATE", dtype=np.float32)
    np.testing.assert_allclose(d32.to_numpy(), d64.to_numpy(), atol=1e-3)


# --------------------------------------------------------------------------- #
# Typology
# --------------------------------------------------------------------------- #
@pytest.fixture
def two_groups() -> pd.DataFrame:
    """5 + 4 people: advisor then NGO vs advisor then academia, plus near variants."""
    ngo = "V" * 4 + "N" * 4
    aca = "V" * 4 + "C" * 4
    rows = [ngo] * 4 + ["V" * 3 + "N" * 5] + [aca] * 3 + ["V" * 5 + "C" * 3]
    return frame(*rows)


@pytest.mark.parametrize("method", ["ward", "pam"])
def test_two_cluster_toy(two_groups, method):
    d = optimal_matching(two_groups, sub_costs="CONSTANT", condensed=True)
    clusters = cluster_sequences(d, k=2, method=method)
    # cluster 1 = the larger (NGO) group of 5, cluster 2 = the 4 academia careers
    assert clusters["cluster"].tolist() == [1] * 5 + [2] * 4
    assert clusters.attrs["medoids"].tolist() == ["s0", "s5"]
    assert clusters["is_medoid"].tolist() == [True] * 4 + [False] + [True] * 3 + [False]
    summary = cluster_summary(clusters, two_groups)
    assert summary["n"].tolist() == [5, 4]
    np.testing.assert_allclose(summary["share"], [5 / 9, 4 / 9])
    assert summary["medoid_sequence"].tolist() == ["(V,4)-(N,4)", "(V,4)-(C,4)"]
    # same result from the individual-level table
    full = cluster_sequences(d.expand(), k=2, method=method)
    assert full["cluster"].tolist() == clusters["cluster"].tolist()


def test_weights_change_cluster_numbering_and_sizes(two_groups):
    d = optimal_matching(two_groups, sub_costs="CONSTANT", condensed=True)
    w = np.array([1.0] * 5 + [3.0] * 4)
    clusters = cluster_sequences(d, k=2, method="pam", weights=w)
    assert clusters["cluster"].tolist() == [2] * 5 + [1] * 4  # academia now weighs 12 vs 5
    summary = cluster_summary(clusters, two_groups)
    assert summary["size"].tolist() == [12.0, 5.0] and summary["n"].tolist() == [4, 5]


def test_weighted_ward_equals_scipy_on_expanded_data():
    rng = np.random.default_rng(7)
    for _ in range(10):
        n = int(rng.integers(3, 12))
        dist = squareform(pdist(rng.normal(size=(n, 2))))
        counts = rng.integers(1, 4, n)
        expanded = np.repeat(np.arange(n), counts)
        z_full = linkage(squareform(dist[np.ix_(expanded, expanded)], checks=False), "ward")
        z_w = weighted_ward_linkage(dist, counts.astype(float))
        positive = np.sort(z_full[:, 2][z_full[:, 2] > 1e-12])
        np.testing.assert_allclose(np.sort(z_w[:, 2]), positive)
        for k in range(1, n + 1):
            a = fcluster(z_full, k, "maxclust")
            b = fcluster(z_w, k, "maxclust")[expanded]
            assert len(set(zip(a, b, strict=True))) == len(set(a)) == len(set(b))
        # unit masses: identical to scipy's Ward
        np.testing.assert_allclose(weighted_ward_linkage(dist, np.ones(n))[:, 2], linkage(squareform(dist), "ward")[:, 2])


def test_weighted_pam_swap_optimal_and_matches_expansion():
    rng = np.random.default_rng(11)
    for _ in range(10):
        n = int(rng.integers(4, 9))
        dist = squareform(pdist(rng.normal(size=(n, 2))))
        mass = rng.integers(1, 4, n).astype(float)
        medoids, assignment, cost = weighted_pam(dist, mass, 2)
        assert cost == pytest.approx(mass @ dist[np.arange(n), medoids[assignment]])
        # SWAP stops at a local optimum: no single medoid exchange lowers the weighted cost
        for slot, candidate in itertools.product(range(2), range(n)):
            trial = medoids.copy()
            trial[slot] = candidate
            assert mass @ dist[:, trial].min(axis=1) >= cost - 1e-9
        # a local optimum, but close to the brute-force optimum on these random points
        brute = min(mass @ dist[:, list(m)].min(axis=1) for m in itertools.combinations(range(n), 2))
        assert cost <= 1.05 * brute
        expanded = np.repeat(np.arange(n), mass.astype(int))
        _, _, cost_full = weighted_pam(dist[np.ix_(expanded, expanded)], np.ones(len(expanded)), 2)
        assert cost_full == pytest.approx(cost)


def test_distances_with_all_missing_column_unused_state_and_weights():
    seqs = frame("A.B", "A.A", "B.B")  # month 2 unknown for everybody
    # drop: AB, AA, BB ; AB vs AA: one substitution (2) or delete B + insert A (2)
    om = optimal_matching(seqs, sub_costs="CONSTANT", alphabet=["A", "B", "C"])
    np.testing.assert_allclose(om.to_numpy(), [[0, 2, 2], [2, 0, 4], [2, 4, 0]])
    # Hamming: the common gap costs nothing (gap vs gap), month 3 differs
    assert hamming(seqs).loc["s0", "s1"] == 1.0
    # TRATE with weights: no transition between two known months -> every rate 0, costs 2
    weighted = optimal_matching(seqs, weights=[1.0, 5.0, 2.0], indel="auto")
    pd.testing.assert_frame_equal(weighted, om)


# --------------------------------------------------------------------------- #
# Fast paths: tiled / threaded OM kernel, Hamming routes, string encoding
# --------------------------------------------------------------------------- #
def _random_frame(rng: np.random.Generator, n: int, width: int, k: int, gaps: bool) -> pd.DataFrame:
    """Sticky random sequences of varying length, optionally with internal gaps."""
    states = [chr(65 + i) for i in range(k)]
    rows = []
    for _ in range(n):
        length = int(rng.integers(0, width + 1))
        row = [states[int(rng.integers(0, k))]]
        for _ in range(length - 1):
            row.append(row[-1] if rng.random() < 0.7 else states[int(rng.integers(0, k))])
        row = row[:length]
        if gaps:
            row = [None if rng.random() < 0.1 else s for s in row]
        rows.append(row + [None] * (width - length))
    return pd.DataFrame(rows, dtype=object)


@pytest.mark.parametrize(
    ("tile", "processes"), [(1, False), (300, True), (10**6, False), (10**6, True)]
)
def test_om_kernel_paths_equal_naive_dp(monkeypatch, tile, processes):
    """Circular tiles (tile=1, 300) and reference blocks (10**6), on worker threads or forked
    processes, against the textbook DP."""
    import analysis.sequences._kernels as kernels

    monkeypatch.setattr(kernels, "OM_TILE_ELEMENTS", tile)
    monkeypatch.setattr(kernels, "PARALLEL_MIN_CELLS", 0)
    monkeypatch.setattr(kernels, "PROCESS_MIN_CELLS", 0 if processes else np.inf)
    monkeypatch.setattr(kernels, "MAX_WORKERS", 3)
    rng = np.random.default_rng(tile)
    for trial in range(6):
        k = int(rng.integers(2, 5))
        states = [chr(65 + i) for i in range(k)]
        seqs = _random_frame(rng, int(rng.integers(70, 140)), int(rng.integers(3, 12)), k, trial % 2 == 1)
        raw = rng.uniform(0, 3, (k, k))
        sub = (raw + raw.T) / 2
        np.fill_diagonal(sub, 0)
        indel = float(rng.choice([0.5, 1.0, 1.6]))
        costs = pd.DataFrame(sub, index=states, columns=states)
        got = optimal_matching(seqs, sub_costs=costs, indel=indel, alphabet=states).to_numpy()
        table = {(a, b): sub[i, j] for i, a in enumerate(states) for j, b in enumerate(states)}
        kept = [[s for s in row if s is not None] for row in seqs.itertuples(index=False)]
        want = [[naive_om(x, y, table, indel) for y in kept] for x in kept]
        np.testing.assert_allclose(got, want, atol=1e-9)


def test_om_kernel_paths_agree_bitwise_with_asymmetric_costs(monkeypatch):
    """Every path computes a pair in the same orientation: identical floats, even for asymmetric costs."""
    import analysis.sequences._kernels as kernels

    rng = np.random.default_rng(99)
    seqs = _random_frame(rng, 150, 10, 4, gaps=True)
    states = list("ABCD")
    sub = rng.uniform(0, 2.5, (4, 4))
    np.fill_diagonal(sub, 0)
    costs = pd.DataFrame(sub, index=states, columns=states)
    results = []
    for tile, workers, processes in [(10**6, 1, False), (1, 1, False), (1, 2, False), (500, 2, True)]:
        monkeypatch.setattr(kernels, "OM_TILE_ELEMENTS", tile)
        monkeypatch.setattr(kernels, "PARALLEL_MIN_CELLS", 0)
        monkeypatch.setattr(kernels, "PROCESS_MIN_CELLS", 0 if processes else np.inf)
        monkeypatch.setattr(kernels, "MAX_WORKERS", workers)
        results.append(optimal_matching(seqs, sub_costs=costs, indel=1.0, missing="state", alphabet=states))
    for other in results[1:]:
        pd.testing.assert_frame_equal(other, results[0], check_exact=True)


def naive_hamming(rows: list, cost) -> np.ndarray:
    """Sum over positions of cost(a, b), pure Python."""
    return np.array([[sum(cost(a, b) for a, b in zip(x, y, strict=True)) for y in rows] for x in rows])


@pytest.mark.parametrize("block", [256, 7])
def test_hamming_routes_equal_naive(monkeypatch, block):
    """Run-length product with symmetric (mirrored), asymmetric (full) and constant costs, with gaps;
    one block, or blocks of 7 columns on worker threads."""
    import analysis.sequences._kernels as kernels

    monkeypatch.setattr(kernels, "HAMMING_BLOCK", block)
    monkeypatch.setattr(kernels, "PARALLEL_MIN_CELLS", 0)
    rng = np.random.default_rng(12)
    states = list("ABCD")
    seqs = _random_frame(rng, 60, 9, 4, gaps=False)
    seqs = seqs.apply(lambda col: col.fillna("A"))  # equal lengths
    seqs.iloc[::7, 3] = None  # internal gaps: an extra symbol
    rows = [list(r) for r in seqs.itertuples(index=False)]
    sym = rng.uniform(0, 2, (4, 4))
    sym = (sym + sym.T) / 2
    asym = rng.uniform(0, 2, (4, 4))
    for sub in (sym, asym, np.full((4, 4), 0.3)):
        np.fill_diagonal(sub, 0)
        costs = pd.DataFrame(sub, index=states, columns=states)
        top = sub.max()

        def cost(a, b, sub=sub, top=top):
            if a is None or b is None:
                return 0.0 if a is b else top  # a gap costs the largest given cost
            return sub[states.index(a), states.index(b)]

        got = hamming(seqs, sub_costs=costs, alphabet=states).to_numpy()
        np.testing.assert_allclose(got, naive_hamming(rows, cost), atol=1e-9)
    unit = hamming(seqs).to_numpy()
    np.testing.assert_array_equal(unit, naive_hamming(rows, lambda a, b: float(a != b)))


def test_string_and_object_columns_encode_identically():
    rng = np.random.default_rng(4)
    obj = _random_frame(rng, 40, 8, 3, gaps=True)
    text = obj.astype("str")  # pandas' string dtype, missing kept as NaN
    assert all(isinstance(d, pd.StringDtype) for d in text.dtypes)
    a = distinct_sequences(obj)
    b = distinct_sequences(text)
    assert a[3] == b[3]
    for x, y in zip(a[:3], b[:3], strict=True):
        np.testing.assert_array_equal(x, y)
    pd.testing.assert_frame_equal(optimal_matching(text, sub_costs="CONSTANT"), optimal_matching(obj, sub_costs="CONSTANT"))


def test_hamming_direct_table_equals_expanded_distinct():
    """Few duplicates: the table is computed row by row; it equals the expanded distinct result."""
    rng = np.random.default_rng(21)
    seqs = pd.DataFrame(rng.choice(list("ABCD"), size=(80, 12)))
    seqs = pd.concat([seqs, seqs.iloc[:6]], ignore_index=True)  # 6 duplicated careers
    for sub_costs in (None, "TRATE"):
        direct = hamming(seqs, sub_costs=sub_costs)
        condensed = hamming(seqs, sub_costs=sub_costs, condensed=True)
        assert len(condensed.counts) < len(seqs) <= 1.25 * len(condensed.counts)
        np.testing.assert_allclose(direct.to_numpy(), condensed.expand().to_numpy(), atol=1e-12)
        assert (direct.to_numpy()[np.arange(6), np.arange(80, 86)] == 0).all()
        np.testing.assert_array_equal(direct.to_numpy(), direct.to_numpy().T)


# --------------------------------------------------------------------------- #
# Distances to a few targets
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(("tile", "processes"), [(10**6, False), (1, False), (1, True)])
def test_om_to_targets_equals_naive_dp(monkeypatch, tile, processes):
    """All sequences against a few targets, in tiles grouped by common prefix (skipped), with
    asymmetric costs (read as costs[row state, target state]) and every missing-value mode."""
    import analysis.sequences._kernels as kernels

    monkeypatch.setattr(kernels, "OM_TILE_ELEMENTS", tile)
    monkeypatch.setattr(kernels, "PARALLEL_MIN_CELLS", 0)
    monkeypatch.setattr(kernels, "PROCESS_MIN_CELLS", 0 if processes else np.inf)
    monkeypatch.setattr(kernels, "MAX_WORKERS", 2)
    rng = np.random.default_rng(31 + tile)
    states = list("ABC")
    seqs = _random_frame(rng, 150, 10, 3, gaps=True)
    seqs.iloc[::3, :4] = ["A", "A", "B", "B"]  # long shared prefixes
    seqs.iloc[1::3, :2] = ["A", "A"]
    seqs.iloc[-30:-15, 4:] = None  # prefixes of others, shorter than them
    seqs.iloc[-15:, 2:] = None
    sub = rng.uniform(0.2, 2.5, (3, 3))
    np.fill_diagonal(sub, 0)
    costs = pd.DataFrame(sub, index=states, columns=states)
    targets = [0, 3, 7, 1, 149]
    table = {(a, b): sub[i, j] for i, a in enumerate(states) for j, b in enumerate(states)}
    kept = [[s for s in row if s is not None] for row in seqs.itertuples(index=False)]
    got = optimal_matching_to(seqs, targets, sub_costs=costs, indel=1.0, alphabet=states)
    assert got.shape == (150, 5) and list(got.columns) == targets
    want = [[naive_om(x, kept[t], table, 1.0) for t in targets] for x in kept]
    np.testing.assert_allclose(got.to_numpy(), want, atol=1e-9)
    assert (got.to_numpy()[targets, np.arange(5)] == 0).all()
    # the same columns as the full matrix, for every missing-value mode and named costs
    for missing in ("drop", "state"):
        for sub_costs in ("TRATE", "CONSTANT"):
            full = optimal_matching(seqs, sub_costs=sub_costs, indel="auto", missing=missing)
            to = optimal_matching_to(seqs, targets, sub_costs=sub_costs, indel="auto", missing=missing)
            np.testing.assert_allclose(to.to_numpy(), full[targets].to_numpy(), atol=1e-9)
    # targets given as sequences (not rows of seqs): costs still estimated on seqs only
    extra = seqs.iloc[[5, 6]].set_axis(["x", "y"])
    to = optimal_matching_to(seqs, extra)
    np.testing.assert_allclose(to.to_numpy(), optimal_matching(seqs)[[5, 6]].to_numpy(), atol=1e-9)
    assert list(to.columns) == ["x", "y"]


def test_hamming_to_targets_equals_full_matrix():
    rng = np.random.default_rng(5)
    seqs = pd.DataFrame(rng.choice(list("ABCD"), size=(60, 15)))
    seqs.iloc[::5, 4] = None  # gaps: an extra state
    for sub_costs in (None, "TRATE"):
        full = hamming(seqs, sub_costs=sub_costs)
        to = hamming_to(seqs, [2, 10, 2], sub_costs=sub_costs)
        np.testing.assert_allclose(to.to_numpy(), full[[2, 10, 2]].to_numpy(), atol=1e-12)
    with pytest.raises(KeyError):
        hamming_to(seqs, [999])
    with pytest.raises(ValueError, match="same columns"):
        optimal_matching_to(seqs, seqs.iloc[:2, :5])


@pytest.mark.parametrize("processes", [False, True])
def test_om_common_prefix_skipped_exactly(monkeypatch, processes):
    """Tiles whose sequences all start with the whole reference (or are whole prefixes of it):
    the shared prefix is skipped and only its matches are counted."""
    import analysis.sequences._kernels as kernels

    monkeypatch.setattr(kernels, "OM_TILE_ELEMENTS", 1)  # tiles of 64 pairs
    monkeypatch.setattr(kernels, "PARALLEL_MIN_CELLS", 0)
    monkeypatch.setattr(kernels, "PROCESS_MIN_CELLS", 0 if processes else np.inf)
    rng = np.random.default_rng(17)
    tails = {"".join(rng.choice(list("ABC"), 14)) for _ in range(90)}
    rows = ["AAAAAA" + tail for tail in sorted(tails)][:70] + ["AAA", "AA", "AAAAA", "B", "AAB"]
    seqs = frame(*rows)
    sub = np.array([[0.0, 1.3, 0.7], [1.1, 0.0, 1.9], [0.4, 1.6, 0.0]])  # not symmetric
    costs = pd.DataFrame(sub, index=list("ABC"), columns=list("ABC"))
    table = {(a, b): sub[i, j] for i, a in enumerate("ABC") for j, b in enumerate("ABC")}
    got = optimal_matching(seqs, sub_costs=costs, indel=1.0).to_numpy()
    for i, j in itertools.combinations(range(len(rows)), 2):
        x, y = (rows[i], rows[j]) if len(rows[i]) >= len(rows[j]) else (rows[j], rows[i])
        assert got[i, j] == pytest.approx(naive_om(list(x), list(y), table, 1.0), abs=1e-9)
    targets = ["s70", "s71", "s0", "s74"]
    to = optimal_matching_to(seqs, targets, sub_costs=costs, indel=1.0).to_numpy()
    want = [[naive_om(list(x), list(rows[int(t[1:])]), table, 1.0) for t in targets] for x in rows]
    np.testing.assert_allclose(to, want, atol=1e-9)
