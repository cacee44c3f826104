"""Shared fixtures: a tiny valid data set written to a temporary folder.

UNPOS sat in Nairobi (KEN) until January 2012, so the DDR post of 2009-2011 is coded KEN: the
fixture loads without warnings.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

# Agg in this process only: setting MPLBACKEND in the environment would reach the
# notebook kernels nbval starts and stop them drawing their (compared) figures.
matplotlib.use("Agg")

ADVISORS = """advisor_id,intake,term_start,term_end,exit_reason,specialisation,prior_sector,prior_years,gender,history_confirmed_on
A1,FY2008-H1,2008-04-01,2008-12-31,left_for_post,DDR,ngo,4.5,female,2026-09-30
A2,FY2008-H2,2008-10-01,2010-09-30,completed,PKO policy,academia,3,,2020-01-31
"""
PLACEMENTS = """placement_id,advisor_id,organisation,organisation_is_free_text,sector,operation,role_title,role_family,grade,duty_country_iso3,start,end
P1,A1,UNPOS,false,,,DDR Officer,ddr,P-3,KEN,2009-01-01,2011-06-30
P2,A2,Japan Platform,true,ngo,,Programme Officer,programme_management,other,JPN,2010-11,
"""
ACTIVITIES = """activity_id,advisor_id,activity_type,title,country_iso3,operation,start,end
X1,A1,election_observation,Nepal CA election,NPL,UNMIN,2008-04-04,2008-04-17
"""


def write_records(folder: Path, advisors: str = ADVISORS, placements: str = PLACEMENTS, activities: str = ACTIVITIES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("advisors.csv", advisors), ("placements.csv", placements), ("activities.csv", activities)):
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def records_dir(tmp_path: Path) -> Path:
    """A folder holding the tiny valid data set above."""
    return write_records(tmp_path / "records")


@pytest.fixture(autouse=True)
def _isolated_matplotlib():
    """Every test starts from the same rcParams (set_theme changes them) and closes its figures."""
    import matplotlib.pyplot as plt

    with matplotlib.rc_context():
        yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """Every test starts in English and leaves English behind (start_notebook sets the kernel's language)."""
    from analysis.i18n import set_language

    set_language("en")
    yield
    set_language("en")
