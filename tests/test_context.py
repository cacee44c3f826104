"""The notebook context: parameters in, protected exhibits out, one way to show and to publish."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.errors import DataError
from analysis.paths import RAW_DIR, resolve_data_dir
from analysis.plots.charts import count_bars
from analysis.report.context import load_snapshot, open_context, start_notebook, write_snapshot


@pytest.fixture(scope="module")
def ctx():
    return start_notebook("01-records-overview", {"data_dir": "data/raw", "reference_date": "2026-09-30", "k": 3,
                                                  "target": 0.5, "other": "ignored"})


def test_parameters_reach_the_context_and_data_dir_resolves_from_the_project_root(ctx):
    assert ctx.params.data_dir == RAW_DIR == resolve_data_dir("data/raw") == resolve_data_dir(None)
    assert ctx.params.k == 3 and ctx.policy.k == 3 and str(ctx.params.reference_date) == "2026-09-30"
    with pytest.raises(ValueError, match="must define"):
        start_notebook("x", {"data_dir": "data/raw"})


def test_every_exhibit_is_protected_and_named(ctx):
    from analysis.disclosure.protect import Protected

    assert all(isinstance(t, Protected) and t.name == name for name, t in ctx.exhibits.items())
    with pytest.raises(KeyError, match="no exhibit"):
        ctx.table("99-nothing")


def test_show_displays_html_and_text_and_refuses_plain_frames(ctx, capsys):
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.instance()
    ctx.show(ctx.table("01-exit-reasons"))
    assert "01-exit-reasons" in ctx.values["tables"]
    with pytest.raises(TypeError):
        ctx.show(pd.DataFrame({"people": [1]}))


def test_publish_titles_foots_saves_and_records(tmp_path):
    local = open_context("01-records-overview", data_dir="data/raw", reference_date="2026-09-30", k=3,
                         output_dir=tmp_path)
    intakes = local.table("01-intakes-by-group")
    ax = count_bars(intakes, x="cohort", y="advisors", label="label", ax=plt.subplots()[1])
    local.publish(ax, intakes)
    assert (tmp_path / "figures" / "01-intakes-by-group.png").is_file()
    assert (tmp_path / "figures" / "01-intakes-by-group.svg").is_file()
    assert (tmp_path / "tables" / "01-intakes-by-group.csv").is_file()
    values = json.loads((tmp_path / "values" / "01-records-overview.json").read_text(encoding="utf-8"))
    figure = values["figures"]["01-intakes-by-group"]
    assert figure["title"] == intakes.meta["title"] and figure["n"].startswith("n = ")
    svg = (tmp_path / "figures" / "01-intakes-by-group.svg").read_text(encoding="utf-8")
    assert "Synthetic demonstration data" in svg and "Reference date 2026-09-30" in svg


def test_snapshot_round_trip_is_checked_by_digest(ctx, tmp_path):
    path = tmp_path / "study.pickle"
    digest = write_snapshot(ctx.study, ctx.exhibits, path)
    study, exhibits = load_snapshot(path, digest)
    assert study.params == ctx.params and set(exhibits) == set(ctx.exhibits)
    with pytest.raises(ValueError, match="does not match"):
        load_snapshot(path, "0" * 64)


def test_invalid_records_raise_with_every_problem(records_dir):
    (records_dir / "advisors.csv").write_text(
        (records_dir / "advisors.csv").read_text(encoding="utf-8").replace("FY2008-H1", "FY2008-H3"), encoding="utf-8")
    with pytest.raises(DataError, match="intake"):
        open_context("x", data_dir=records_dir, reference_date="2026-09-30", k=3)
