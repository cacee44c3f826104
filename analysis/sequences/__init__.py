"""Sequences layer: monthly career state sequences and their statistics, distances and typology.

The generic modules (:mod:`~analysis.sequences.statistics`,
:mod:`~analysis.sequences.distances`, :mod:`~analysis.sequences.typology`)
take any wide table (rows = individuals, ordered columns = time points,
values = state labels, missing = NaN) and never import the records layer;
:mod:`~analysis.sequences.careers` is the one module that builds such a table
from advisor records. Definitions follow R's TraMineR so results can be
checked against it.
"""

from analysis.sequences.statistics import (
    MISSING_CODE,
    cross_sectional_entropy,
    encode_states,
    mean_time_in_state,
    sequence_frequencies,
    sequence_lengths,
    spell_strings,
    state_distribution,
    substitution_costs,
    transition_rates,
    turbulence,
    valid_counts,
    within_entropy,
)

__all__ = [
    "MISSING_CODE",
    "build_sequences",
    "cross_sectional_entropy",
    "encode_states",
    "mean_time_in_state",
    "sequence_frequencies",
    "sequence_lengths",
    "spell_strings",
    "state_distribution",
    "substitution_costs",
    "transition_rates",
    "turbulence",
    "valid_counts",
    "within_entropy",
]


def __getattr__(name: str):
    # build_sequences reads advisor records; importing it lazily keeps
    # ``import analysis.sequences`` free of the records layer.
    if name == "build_sequences":
        from analysis.sequences.careers import build_sequences

        return build_sequences
    raise AttributeError(f"module 'analysis.sequences' has no attribute {name!r}")
