"""Measures layer: status rule, outcome rates, survival, destinations, cohorts, activities, headline.

Every function takes validated :class:`~analysis.records.Records` and a
reference date and returns an unprotected tidy table whose numerators and
denominators are columns. Disclosure control is the publication layer's job
(:mod:`analysis.disclosure`), which this layer never imports.
"""

from analysis.measures.activities import (
    activities_by_type,
    advisor_years,
    mission_participation,
    outputs_by_period,
    secretariat_outputs,
)
from analysis.measures.cohorts import (
    exit_reasons,
    intake_counts,
    intake_group,
    pool_intakes,
    term_length_bands,
)
from analysis.measures.destinations import (
    DESTINATION_LEVELS,
    destination_mix,
    first_and_latest_posts,
    grade_crosstab,
    grade_progression,
    sector_flows,
)
from analysis.measures.headline import headline_table
from analysis.measures.intervals import wilson_interval
from analysis.measures.outcomes import (
    alumni,
    currently_in_field,
    ever_in_field,
    fostering_summary,
    knowledge_and_in_field_rates,
)
from analysis.measures.status import classify_placements, post_term_placements, status_on
from analysis.measures.survival import (
    kaplan_meier,
    km_median,
    km_value_at,
    retention_in_field,
    time_to_first_in_field,
)

__all__ = [
    "DESTINATION_LEVELS",
    "activities_by_type",
    "advisor_years",
    "alumni",
    "classify_placements",
    "currently_in_field",
    "destination_mix",
    "ever_in_field",
    "exit_reasons",
    "first_and_latest_posts",
    "fostering_summary",
    "grade_crosstab",
    "grade_progression",
    "headline_table",
    "intake_counts",
    "outputs_by_period",
    "intake_group",
    "kaplan_meier",
    "km_median",
    "km_value_at",
    "knowledge_and_in_field_rates",
    "mission_participation",
    "pool_intakes",
    "post_term_placements",
    "retention_in_field",
    "secretariat_outputs",
    "sector_flows",
    "status_on",
    "term_length_bands",
    "time_to_first_in_field",
    "wilson_interval",
]
