"""Counts the third attack on the published report linked across tables, now closed.

The attack (k = 3, 15 to 60 people) pinned the number of advisors still serving and
single intakes by combining: the advisors file's row count in the data-quality table
(the people appointed, hidden elsewhere), intake fiscal years listed one by one (each
at least one person), the number serving each fiscal year, and a group's alumni of
known status against its alumni. Each test below is one of those links, on a
hand-worked ledger or on the report's own exhibits for 30 generated advisors (the
data the attack used: ``generate --advisors 30 --seed 7``).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.disclosure.ledger import Ledger, key
from analysis.records import synthetic
from analysis.report.exhibits import compute_exhibits
from analysis.report.study import Parameters, Study
from tests.test_ledger import sensitive_pins

K = 3


@pytest.fixture(scope="module")
def exhibits(tmp_path_factory):
    folder = tmp_path_factory.mktemp("linked") / "data"
    synthetic.write(folder, n_advisors=30, seed=7)
    study = Study.load(Parameters(data_dir=folder, reference_date=pd.Timestamp("2026-09-30").date(), k=K))
    return compute_exhibits(study)


def test_known_of_a_group_bounds_its_alumni_so_the_gap_is_protected():
    # 7 alumni in the group, 5 of known status: the 2 of unknown status are a count below k.
    ledger = Ledger(k=K)
    ledger.rate(key("known", window=24, cohort="G"), key("alumni", cohort="G"), 5, 7)
    hidden = ledger.hidden([key("known", window=24, cohort="G"), key("alumni", cohort="G")])
    assert hidden.any()  # one of the two is suppressed ...
    assert not sensitive_pins(ledger)  # ... and neither it nor the 2 can be worked out


def test_a_gap_of_k_or_more_stays_shown():
    ledger = Ledger(k=K)
    ledger.rate(key("known", window=24, cohort="G"), key("alumni", cohort="G"), 4, 7)
    assert not ledger.hidden([key("known", window=24, cohort="G"), key("alumni", cohort="G")]).any()


def test_data_quality_publishes_no_row_counts(exhibits):
    table = exhibits["01-data-quality"]
    assert list(table.data.columns) == ["file", "rows_rejected", "reconciles"]
    assert set(table.data["reconciles"]) == {"yes"}


def test_intakes_are_published_by_five_year_group(exhibits):
    table = exhibits["01-intakes-by-group"]
    assert table.data["cohort"].tolist() == ["FY2005–09", "FY2010–14", "FY2015–19", "FY2020–24", "FY2025–29"]
    assert table.labels("label")[-1].endswith("(to date)")  # FY2026 is still running on 2026-09-30
    shown = table.values("advisors")
    assert all(v != v or v >= K for v in shown)


def test_the_number_serving_each_year_is_not_published(exhibits):
    table = exhibits["06-activities-per-advisor-year"]
    assert "advisors" not in table.data.columns
    # averaged over five fiscal years (one or two serve in some single years), the groups of notebook
    # 05; the period still running (FY2025–29 on 2026-09-30) is joined to the one before, always
    assert table.data["period"].tolist() == ["FY2005–09", "FY2010–14", "FY2015–19", "FY2020–29"]
    assert not table.hidden("per_advisor_year").any()


def test_no_group_shows_both_its_alumni_and_a_known_count_one_or_two_below(exhibits):
    alumni = dict(zip(exhibits["05-ever-in-field-by-cohort"].data["cohort"],
                      exhibits["05-ever-in-field-by-cohort"].values("alumni"), strict=True))
    in_field = exhibits["05-in-field-24-months-by-cohort"]
    for group, known in zip(in_field.data["cohort"], in_field.values("known"), strict=True):
        total = alumni.get(group, float("nan"))
        if known == known and total == total:
            assert not 1 <= total - known < K, (group, known, total)


def test_no_published_text_of_a_table_quotes_a_row_count(exhibits):
    table = exhibits["01-data-quality"]
    assert not re.search(r"\d", table.meta["caption"])


def _registered(tmp_path) -> list[tuple[tuple, object, dict]]:
    """Every (cell, value, options) the ledger registers while the 30-advisor report's tables are computed."""
    folder = tmp_path / "data"
    synthetic.write(folder, n_advisors=30, seed=7)
    study = Study.load(Parameters(data_dir=folder, reference_date=pd.Timestamp("2026-09-30").date(), k=K))
    seen = []
    real = Ledger.add

    def spy(self, cell, value, **kw):
        seen.append((cell, value, kw))
        return real(self, cell, value, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Ledger, "add", spy)
        compute_exhibits(study)
    return seen


def test_no_intake_year_is_named_even_as_an_unpublished_cell(tmp_path):
    # The fourth attack read the intake years each group's relation listed in disclosure.json
    # (a listed year holds at least one person): only the groups' totals are registered.
    seen = [cell for cell, _, _ in _registered(tmp_path)]
    assert any(dict(cell[1]).get("cohort") for cell in seen)
    assert not [cell for cell in seen if "intake_fy" in dict(cell[1])]


def test_a_group_too_recent_for_a_24_month_status_is_known_to_hold_none(tmp_path):
    # The fourth attack: FY2025–29 began 2025-04-01, and 24 months later is after 2026-09-30, so
    # nobody in it can have a 24-month status; treating its 0 as hidden let a total minus the
    # other groups pin a neighbour. The report registers that 0 as known to every reader.
    known = [(cell, value) for cell, value, kw in _registered(tmp_path) if kw.get("known")]
    assert (key("known", window=24, cohort="FY2025–29"), 0) in known
    assert (key("in_field", window=24, cohort="FY2025–29"), 0) in known
    # FY2020–24 began 2020-04-01: 24-month statuses are possible there, so nothing is assumed
    assert not [cell for cell, _ in known if dict(cell[1]).get("cohort") == "FY2020–24" and cell[0] == "known"]


def test_findings_say_when_the_share_known_is_withheld(tmp_path):
    # In this data the 6-month knowledge rate is suppressed (30 appointed, 28 whose term had ended
    # six months before: 2 left, a count below k), but the in-field rate itself is shown: 9 of 23.
    from analysis.report.findings import findings

    folder = tmp_path / "data"
    synthetic.write(folder, n_advisors=30, seed=7)
    study = Study.load(Parameters(data_dir=folder, reference_date=pd.Timestamp("2026-09-30").date(), k=K))
    said = findings(study, compute_exhibits(study))
    assert 5 <= len(said) <= 8
    six = [s for s in said if "6 months after their term" in s]
    assert six == ["39% of 23 alumni with known status were in the field 6 months after their term; 95% interval "
                   "22%–59% (the share known is withheld to protect small counts)."]
    assert not any("28" in s for s in said)  # the hidden eligible count is never quoted
