"""Sequence statistics against hand-worked TraMineR definitions.

Toy data used throughout (3 people x 4 months)::

    p1: A A B B
    p2: A B B C
    p3: B B B C
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.sequences.statistics import (
    cross_sectional_entropy,
    encode_states,
    mean_time_in_state,
    sequence_frequencies,
    state_distribution,
    substitution_costs,
    transition_rates,
    turbulence,
    valid_counts,
    within_entropy,
)

MONTHS = ["m1", "m2", "m3", "m4"]
LN2, LN3 = math.log(2), math.log(3)


@pytest.fixture
def toy() -> pd.DataFrame:
    return pd.DataFrame(
        [list("AABB"), list("ABBC"), list("BBBC")], index=["p1", "p2", "p3"], columns=MONTHS
    )


@pytest.fixture
def gappy() -> pd.DataFrame:
    """Missing values: internal gap, leading gap, shorter sequence, all missing."""
    return pd.DataFrame(
        [
            ["A", None, "A", "A"],  # q1: internal gap at m2
            [None, "B", "B", None],  # q2: leading missing, trailing void
            ["A", "A", None, None],  # q3: 2 months long
            [None, None, None, None],  # q4: nothing known
        ],
        index=["q1", "q2", "q3", "q4"],
        columns=MONTHS,
    )


# --------------------------------------------------------------------------- #
# Encoding
# --------------------------------------------------------------------------- #
def test_encode_states_sorted_alphabet_and_missing_code(gappy):
    codes, alphabet = encode_states(gappy)
    assert alphabet == ["A", "B"]
    assert codes.tolist()[0] == [0, -1, 0, 0]
    assert codes.tolist()[3] == [-1, -1, -1, -1]


def test_encode_states_rejects_state_outside_alphabet(toy):
    with pytest.raises(ValueError, match="not in the alphabet"):
        encode_states(toy, alphabet=["A", "B"])


# --------------------------------------------------------------------------- #
# seqstatd
# --------------------------------------------------------------------------- #
def test_state_distribution_by_hand(toy):
    dist = state_distribution(toy)
    # m1: A A B -> A 2/3, B 1/3 ; m2: A B B ; m3: B B B ; m4: B C C
    expected = np.array(
        [[2 / 3, 1 / 3, 0, 0], [1 / 3, 2 / 3, 1, 1 / 3], [0, 0, 0, 2 / 3]]
    )
    np.testing.assert_allclose(dist.to_numpy(), expected)
    assert list(dist.index) == ["A", "B", "C"] and list(dist.columns) == MONTHS
    np.testing.assert_allclose(dist.sum(), 1.0)
    assert dist.attrs["n_valid"].tolist() == [3, 3, 3, 3]


def test_state_distribution_weighted(toy):
    # weights 1, 2, 1 -> m1: A = (1 + 2) / 4, B = 1 / 4 ; m4: B = 1/4, C = 3/4
    dist = state_distribution(toy, [1, 2, 1])
    assert dist.loc["A", "m1"] == pytest.approx(0.75)
    assert dist.loc["C", "m4"] == pytest.approx(0.75)
    assert dist.attrs["n_valid"].tolist() == [4, 4, 4, 4]


def test_weights_series_aligned_by_index(toy):
    w = pd.Series([1.0, 2.0, 1.0], index=["p1", "p2", "p3"])[["p3", "p1", "p2"]]
    pd.testing.assert_frame_equal(state_distribution(toy, w), state_distribution(toy, [1, 2, 1]))
    with pytest.raises(ValueError, match="same index"):
        state_distribution(toy, pd.Series([1.0, 1.0, 1.0], index=["x", "y", "z"]))
    with pytest.raises(ValueError, match="one value per row"):
        state_distribution(toy, [1.0, 2.0])


def test_state_distribution_missing_and_unused_state(gappy):
    dist = state_distribution(gappy, alphabet=["A", "B", "C"])
    # valid states: m1 {q1 A, q3 A}, m2 {q2 B, q3 A}, m3 {q1 A, q2 B}, m4 {q1 A}
    np.testing.assert_allclose(dist.loc["A"], [1, 0.5, 0.5, 1])
    np.testing.assert_allclose(dist.loc["B"], [0, 0.5, 0.5, 0])
    np.testing.assert_allclose(dist.loc["C"], [0, 0, 0, 0])  # listed, never occurs
    assert dist.attrs["n_valid"].tolist() == [2, 2, 2, 1]
    pd.testing.assert_series_equal(valid_counts(gappy), dist.attrs["n_valid"])


def test_all_missing_column_gives_nan():
    seqs = pd.DataFrame([["A", None, "B"], ["B", None, None]], columns=[1, 2, 3])
    dist = state_distribution(seqs)
    assert dist[2].isna().all() and dist.attrs["n_valid"][2] == 0
    assert np.isnan(cross_sectional_entropy(seqs)[2])
    assert valid_counts(seqs, [2.0, 3.0]).tolist() == [5.0, 0.0, 2.0]


def test_cross_sectional_entropy_by_hand(toy):
    h = cross_sectional_entropy(toy)
    # m1: -(2/3 ln 2/3 + 1/3 ln 1/3) = 0.6365 nats, / ln 3 (alphabet A, B, C)
    h_m1 = -(2 / 3 * math.log(2 / 3) + 1 / 3 * math.log(1 / 3))
    np.testing.assert_allclose(h.to_numpy(), [h_m1 / LN3, h_m1 / LN3, 0.0, h_m1 / LN3])
    raw = cross_sectional_entropy(toy, normalise=False)
    assert raw["m1"] == pytest.approx(h_m1)


def test_cross_sectional_entropy_alphabet_size_counts_unused_states(gappy):
    # m2: A 1/2, B 1/2 -> ln 2 nats; normalised by ln 3 because C is in the alphabet
    h = cross_sectional_entropy(gappy, alphabet=["A", "B", "C"])
    assert h["m2"] == pytest.approx(LN2 / LN3)
    assert h["m1"] == 0.0


# --------------------------------------------------------------------------- #
# seqtrate and TRATE costs
# --------------------------------------------------------------------------- #
def test_transition_rates_by_hand(toy):
    rates = transition_rates(toy)
    # transitions: p1 AA AB BB ; p2 AB BB BC ; p3 BB BB BC
    # from A: AA 1, AB 2 (3) ; from B: BB 4, BC 2 (6) ; from C: none -> row of 0
    expected = [[1 / 3, 2 / 3, 0], [0, 2 / 3, 1 / 3], [0, 0, 0]]
    np.testing.assert_allclose(rates.to_numpy(), expected)
    assert rates.attrs["n_from"].tolist() == [3, 6, 0]


def test_transition_rates_weighted(toy):
    # weights 1, 2, 1: from A: AA 1, AB 1 + 2 = 3 -> 1/4, 3/4 ; from B: BB 1+2+2 = 5, BC 2+1 = 3
    rates = transition_rates(toy, [1, 2, 1])
    np.testing.assert_allclose(rates.loc["A"], [0.25, 0.75, 0])
    np.testing.assert_allclose(rates.loc["B"], [0, 5 / 8, 3 / 8])


def test_transition_rates_skip_gaps(gappy):
    # only q1 m3->m4 (A->A), q2 m2->m3 (B->B) and q3 m1->m2 (A->A) have two known months
    rates = transition_rates(gappy, alphabet=["A", "B", "C"])
    np.testing.assert_allclose(rates.to_numpy(), [[1, 0, 0], [0, 1, 0], [0, 0, 0]])
    assert rates.attrs["n_from"].tolist() == [2, 1, 0]


def test_trate_substitution_costs_by_hand(toy):
    costs = substitution_costs(toy)
    # A-B: 2 - 2/3 - 0 ; A-C: 2 - 0 - 0 ; B-C: 2 - 1/3 - 0 ; 0 on the diagonal
    expected = [[0, 4 / 3, 2], [4 / 3, 0, 5 / 3], [2, 5 / 3, 0]]
    np.testing.assert_allclose(costs.to_numpy(), expected)
    unused = substitution_costs(toy, alphabet=["A", "B", "C", "D"])
    assert unused.loc["D"].tolist() == [2, 2, 2, 0]


# --------------------------------------------------------------------------- #
# seqmeant
# --------------------------------------------------------------------------- #
def test_mean_time_in_state_by_hand(toy):
    # months in A: 2, 1, 0 -> 1 ; B: 2, 2, 3 -> 7/3 ; C: 0, 1, 1 -> 2/3
    np.testing.assert_allclose(mean_time_in_state(toy).to_numpy(), [1, 7 / 3, 2 / 3])
    # weighted 1, 2, 1: A (2 + 2 + 0) / 4 = 1 ; B (2 + 4 + 3) / 4 ; C (0 + 2 + 1) / 4
    np.testing.assert_allclose(mean_time_in_state(toy, [1, 2, 1]).to_numpy(), [1, 9 / 4, 3 / 4])


def test_mean_time_serr_by_hand(toy):
    table = mean_time_in_state(toy, serr=True)
    # A: values 2, 1, 0, mean 1 -> Var = (1 + 0 + 1) / (3 - 1) = 1, SE = sqrt(1 / 3)
    assert table.loc["A", "Var"] == pytest.approx(1.0)
    assert table.loc["A", "SE"] == pytest.approx(math.sqrt(1 / 3))
    weighted = mean_time_in_state(toy, [1, 2, 1], serr=True)
    # W = 4, sum w^2 = 6: Var = (1*1 + 2*0 + 1*1) * 4 / (16 - 6) = 0.8, SE = sqrt(0.8 / 4)
    assert weighted.loc["A", "Var"] == pytest.approx(0.8)
    assert weighted.loc["A", "SE"] == pytest.approx(math.sqrt(0.2))
    assert list(weighted.columns) == ["Mean", "Var", "Stdev", "SE"]


def test_mean_time_denominator_includes_all_missing_rows(gappy):
    # A: q1 3 months, q3 2 -> 5 / 4 rows ; B: q2 2 -> 2 / 4 ; C never
    mt = mean_time_in_state(gappy, alphabet=["A", "B", "C"])
    np.testing.assert_allclose(mt.to_numpy(), [1.25, 0.5, 0.0])


# --------------------------------------------------------------------------- #
# seqtab
# --------------------------------------------------------------------------- #
def test_sequence_frequencies_sps_and_order():
    seqs = pd.DataFrame(
        [list("AABB"), list("AABB"), list("ABBC"), list("BBBC")], columns=MONTHS
    )
    table = sequence_frequencies(seqs, weights=[1, 1, 3, 1])
    # weighted: (A,1)-(B,2)-(C,1) 3, (A,2)-(B,2) 2, (B,3)-(C,1) 1 of 6
    assert table["sequence"].tolist() == ["(A,1)-(B,2)-(C,1)", "(A,2)-(B,2)", "(B,3)-(C,1)"]
    assert table["count"].tolist() == [1, 2, 1]
    np.testing.assert_allclose(table["freq"], [3, 2, 1])
    np.testing.assert_allclose(table["percent"], [50, 100 / 3, 100 / 6])
    # unweighted: ties sorted by the sequence string
    assert sequence_frequencies(seqs)["sequence"].tolist()[0] == "(A,2)-(B,2)"


def test_sequence_frequencies_missing(gappy):
    table = sequence_frequencies(gappy)
    # q4 (all missing) is dropped; gaps print as *, trailing void is dropped
    assert set(table["sequence"]) == {"(A,1)-(*,1)-(A,2)", "(*,1)-(B,2)", "(A,2)"}
    np.testing.assert_allclose(table["percent"], [100 / 3] * 3)


# --------------------------------------------------------------------------- #
# seqient and seqST
# --------------------------------------------------------------------------- #
def test_within_entropy_by_hand(toy):
    h = within_entropy(toy)
    # p1: A 2, B 2 -> ln 2 ; p2: A 1, B 2, C 1 -> 1.5 ln 2 ; p3: B 3, C 1
    h3 = -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    np.testing.assert_allclose(h.to_numpy(), [LN2 / LN3, 1.5 * LN2 / LN3, h3 / LN3])
    assert list(h.index) == ["p1", "p2", "p3"]


def test_within_entropy_missing(gappy):
    # one state each (gaps ignored) -> 0; all missing -> 0 as in TraMineR
    assert within_entropy(gappy, alphabet=["A", "B", "C"]).tolist() == [0, 0, 0, 0]


def test_turbulence_by_hand(toy):
    t = turbulence(toy)
    # p1 AABB: DSS AB, phi = 4 ({}, A, B, AB); durations 2, 2: var 0, vmax = 1 * (1 - 2)^2 = 1
    #   T = log2(4 * 2 / 1) = 3
    # p2 ABBC: DSS ABC, phi = 8; durations 1, 2, 1: mean 4/3, var 2/9, vmax = 2 * (1/3)^2 = 2/9
    #   T = log2(8) = 3
    # p3 BBBC: DSS BC, phi = 4; durations 3, 1: var 1, vmax 1 -> T = log2(4) = 2
    np.testing.assert_allclose(t.to_numpy(), [3, 3, 2])


def test_turbulence_normalised(toy):
    # Tmax: A B C A (alphabet cycled over the longest length, 4): phi = 15, var 0
    t_max = math.log2(15)
    expected = [(3 - 1) / (t_max - 1), (3 - 1) / (t_max - 1), (2 - 1) / (t_max - 1)]
    np.testing.assert_allclose(turbulence(toy, normalise=True).to_numpy(), expected)


def test_turbulence_missing(gappy):
    t = turbulence(gappy)
    # q1 A . A A -> gap removed, one spell of 3: phi 2, var 0, vmax 0 -> log2(2) = 1
    assert t["q1"] == pytest.approx(1.0)
    assert t["q3"] == pytest.approx(1.0)
    assert np.isnan(t["q4"])


def test_distinct_subsequences_repeated_states():
    # A B A: DSS ABA; subsequences {}, A, B, AB, BA, AA, ABA -> 7; durations all 1
    seqs = pd.DataFrame([list("ABA")])
    assert turbulence(seqs).iloc[0] == pytest.approx(math.log2(7))


def test_sequences_of_different_lengths():
    seqs = pd.DataFrame([["A", "B", "B", "B"], ["A", "A", None, None]])
    # shares at months 3-4 only count the first person
    assert state_distribution(seqs).loc["B"].tolist() == [0, 0.5, 1, 1]
    np.testing.assert_allclose(mean_time_in_state(seqs).to_numpy(), [1.5, 1.5])
    assert sequence_frequencies(seqs)["sequence"].tolist() == ["(A,1)-(B,3)", "(A,2)"]


# --------------------------------------------------------------------------- counts, seqdss


def test_state_counts_every_other_time_point():
    from analysis.sequences.statistics import state_counts

    seqs = pd.DataFrame([["A", "A", "B", None], ["A", "B", "B", "B"], [None, "B", "A", "A"]])
    got = state_counts(seqs, alphabet=["A", "B"], every=2)
    # time 0: A, A, (missing) -> A 2, B 0; time 2: B, B, A -> A 1, B 2
    assert got.values.tolist() == [[0, "A", 2], [0, "B", 0], [2, "A", 1], [2, "B", 2]]


def test_distinct_successive_states_and_their_transitions():
    from analysis.sequences.statistics import (
        distinct_successive_states,
        dss_transition_counts,
        transition_counts,
    )

    seqs = pd.DataFrame([["A", "A", "B", None, "B", "A"], ["A", "B", "B", "C", None, None]])
    dss = distinct_successive_states(seqs)
    # a gap does not split a spell: A A B _ B A -> A B A; A B B C -> A B C
    assert dss.iloc[0].tolist() == ["A", "B", "A"] and dss.iloc[1].tolist() == ["A", "B", "C"]
    moves = dss_transition_counts(seqs)
    # A->B twice, B->A once, B->C once; no staying in the seqdss view
    assert moves.loc["A", "B"] == 2 and moves.loc["B", "A"] == 1 and moves.loc["B", "C"] == 1
    assert np.diag(moves.to_numpy()).sum() == 0
    monthly = transition_counts(seqs, alphabet=["A", "B", "C"])
    # consecutive known pairs: (A,A) (A,B) (B,A) | (A,B) (B,B) (B,C); the gap breaks (B,_) and (_,B)
    assert monthly.loc["A", "A"] == 1 and monthly.loc["A", "B"] == 2 and monthly.loc["B", "B"] == 1
    assert monthly.to_numpy().sum() == 6
