"""analysis.plots.theme: the theme, the chart footer and byte-identical figure exports."""

from __future__ import annotations

import datetime as dt

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from analysis import synthetic
from analysis.plots.theme import (
    FIGURES_ENV,
    FIGURES_LINK_ENV,
    chart_footer,
    save_figure,
    set_theme,
)
from analysis.records.validation import load_records

REFERENCE_DATE = dt.date(2026, 9, 30)


@pytest.fixture(scope="module")
def synthetic_records(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic") / "data"
    synthetic.write(folder, n_advisors=30, seed=3)
    return load_records(folder)


@pytest.fixture
def real_records(records_dir):
    """The tiny hand-made data set of conftest.py: a folder without SYNTHETIC.md."""
    return load_records(records_dir)


@pytest.fixture(autouse=True)
def _no_figures_env(monkeypatch):
    monkeypatch.delenv(FIGURES_ENV, raising=False)
    monkeypatch.delenv(FIGURES_LINK_ENV, raising=False)


def _chart(records):
    """A small chart with a title, axis labels, a legend and the footer."""
    set_theme()
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.bar(["FY2008", "FY2009", "FY2010"], [5, 4, 6], label="advisors")
    ax.set_title("About five advisors joined each year")
    ax.set_xlabel("fiscal year of intake")
    ax.set_ylabel("advisors (people)")
    ax.legend()
    chart_footer(fig, records=records, reference_date=REFERENCE_DATE, n=15)
    return fig


def test_set_theme_applies_the_suite_style():
    set_theme()
    assert list(mpl.rcParams["font.family"]) == ["DejaVu Sans"]
    assert mpl.rcParams["axes.grid"] is True
    assert mpl.rcParams["axes.facecolor"] == "white"
    assert mpl.rcParams["svg.hashsalt"]


def test_two_saves_are_byte_identical(tmp_path, synthetic_records):
    written = []
    for run in ("first", "second"):
        fig = _chart(synthetic_records)
        written.append(save_figure(fig, "03-in-field-rate-by-window", folder=tmp_path / run))
        plt.close(fig)
    first, second = written
    assert [p.name for p in first] == ["03-in-field-rate-by-window.png", "03-in-field-rate-by-window.svg"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two saves"


def test_saved_files_carry_no_timestamp_or_version(tmp_path, synthetic_records):
    png, svg = save_figure(_chart(synthetic_records), "01-intakes", folder=tmp_path)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"Software" not in png.read_bytes()
    text = svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in text
    assert "Matplotlib v" not in text


def test_saving_keeps_the_figure_size_and_uses_200_dpi(tmp_path, synthetic_records):
    fig = _chart(synthetic_records)
    png, _ = save_figure(fig, "01-size", folder=tmp_path)
    assert tuple(fig.get_size_inches()) == (6, 3.5)
    width = int.from_bytes(png.read_bytes()[16:20], "big")
    # tight bounding box: close to 6 in x 200 dpi, never the 100-dpi screen size
    assert 900 < width < 1400


def test_no_folder_and_no_environment_writes_nothing(tmp_path, synthetic_records, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert save_figure(_chart(synthetic_records), "02-nothing") == []
    assert list(tmp_path.iterdir()) == []


def test_environment_variable_names_the_folder(tmp_path, synthetic_records, monkeypatch):
    monkeypatch.setenv(FIGURES_ENV, str(tmp_path / "figures"))
    written = save_figure(_chart(synthetic_records), "02-from-env")
    assert [p.parent for p in written] == [tmp_path / "figures"] * 2
    assert all(p.is_file() for p in written)


@pytest.mark.parametrize(
    "name",
    ["3-too-short", "03_underscore", "03-Upper", "intakes", "03-", "03-a b", "../03-up", "03-x.png", "003-x"],
)
def test_bad_names_are_rejected(tmp_path, synthetic_records, name):
    fig = _chart(synthetic_records)
    with pytest.raises(ValueError, match="must look like"):
        save_figure(fig, name, folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_bad_name_rejected_even_when_nothing_would_be_written(synthetic_records):
    with pytest.raises(ValueError):
        save_figure(_chart(synthetic_records), "bad name")


def _footer_text(fig) -> str:
    texts = [t.get_text() for t in fig.texts if t.get_gid() == "chart-footer"]
    assert len(texts) == 1
    return texts[0]


def test_footer_names_synthetic_data_reference_date_and_n(synthetic_records):
    text = _footer_text(_chart(synthetic_records))
    assert "synthetic demonstration data" in text
    assert "Reference date 2026-09-30" in text
    assert "n = 15" in text


def test_footer_of_real_records_names_their_folder(real_records):
    fig, _ = plt.subplots()
    chart_footer(fig, records=real_records, reference_date="2026-09-30", extra="c = fewer than 3 people")
    text = _footer_text(fig)
    assert "synthetic" not in text
    assert "records/" in text
    assert "n =" not in text
    assert text.endswith("c = fewer than 3 people")


def test_footer_accepts_text_n_and_is_replaced_not_repeated(synthetic_records):
    fig = _chart(synthetic_records)
    chart_footer(fig, records=synthetic_records, reference_date="2026-09-30", n="34 alumni")
    assert _footer_text(fig).endswith("n = 34 alumni")


def test_footer_is_below_everything_and_kept_in_the_saved_figure(tmp_path, synthetic_records):
    fig = _chart(synthetic_records)
    ax = fig.axes[0]
    save_figure(fig, "01-footer", folder=tmp_path)  # places the footer again
    renderer = fig.canvas.get_renderer()
    footer = next(t for t in fig.texts if t.get_gid() == "chart-footer")
    footer_box = footer.get_window_extent(renderer)
    label_box = ax.xaxis.label.get_window_extent(renderer)
    assert footer_box.y1 <= label_box.y0
    assert fig.get_tightbbox(renderer).y0 * fig.dpi <= footer_box.y0 + 1


def test_footer_text_in_the_svg(tmp_path, synthetic_records):
    _, svg = save_figure(_chart(synthetic_records), "01-footer-svg", folder=tmp_path)
    assert 'id="chart-footer"' in svg.read_text(encoding="utf-8")

