"""The career typology samples (CLARA) when there are too many distinct careers, and says so.

A 200-advisor generated data set has a few dozen distinct six-year careers; the
threshold for sampling is lowered here so that this small set takes the path a
100,000-advisor data set takes in the report.
"""

from __future__ import annotations

import pytest

from analysis.records import synthetic
from analysis.report.exhibits import compute_exhibits, trajectories
from analysis.report.exhibits.base import Publication, choose_grouping
from analysis.report.study import Parameters, Study


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> Study:
    folder = tmp_path_factory.mktemp("typology") / "data"
    synthetic.write(folder, n_advisors=200, seed=5)
    return Study.load(Parameters(data_dir=folder, declare_synthetic=True))


def _typology(study, monkeypatch, *, seed=0):
    monkeypatch.setattr(trajectories, "FULL_PAM_MAX_DISTINCT", 10)
    monkeypatch.setattr(trajectories, "CLARA_SAMPLE_SIZE", 15)
    found = trajectories.careers(study, Publication(study, choose_grouping(study)))
    assert len(found["typed"].drop_duplicates()) > 10  # the sampled path is taken
    return found


def test_large_inputs_are_sampled_and_the_footer_says_so(study, monkeypatch):
    found = _typology(study, monkeypatch)
    clusters = found["clusters"]
    assert clusters.attrs["method"] == "clara"
    assert clusters.attrs["samples"] == trajectories.CLARA_SAMPLES
    assert clusters.attrs["sample_size"] == 15
    # every type holds at least k people (types merge until they do)
    assert clusters.groupby("cluster")["weight"].sum().min() >= study.policy.threshold
    exhibits = compute_exhibits(study)
    table = exhibits["04-career-typology"]
    assert table.meta["sampling"] == {"samples": 5, "sample_size": 15, "seed": 0}
    assert any("CLARA, seed 0" in note and "5 random samples of 15" in note for note in table.meta["notes"])


def test_sampling_is_reproducible_with_its_seed(study, monkeypatch):
    first = _typology(study, monkeypatch)["clusters"]["cluster"]
    again = _typology(study, monkeypatch)["clusters"]["cluster"]
    assert first.equals(again)


def test_small_inputs_compare_every_pair(study):
    clusters = trajectories.careers(study, Publication(study, choose_grouping(study)))["clusters"]
    assert clusters.attrs.get("method") != "clara"
    exhibits = compute_exhibits(study)
    assert exhibits["04-career-typology"].meta.get("sampling") is None
    assert not any("CLARA" in note for note in exhibits["04-career-typology"].meta["notes"])
