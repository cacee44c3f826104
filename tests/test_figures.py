"""analysis.plots.theme: the theme, the chart footer and byte-identical figure exports."""

from __future__ import annotations

import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from analysis.plots.theme import chart_footer, new_axes, save_figure, set_theme
from analysis.records import synthetic
from analysis.records.validation import load_records
from analysis.report.study import Parameters, Study


def pd_date(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)

FOOTER = "Synthetic demonstration data (not real advisors) · Reference date 2026-09-30 · n = 15 advisors"


@pytest.fixture(scope="module")
def synthetic_records(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic") / "data"
    synthetic.write(folder, n_advisors=30, seed=3)
    return load_records(folder)


def _chart(_records=None, footer: str = FOOTER):
    """A small chart with a title, axis labels, a legend and the footer."""
    set_theme()
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.bar(["FY2008", "FY2009", "FY2010"], [5, 4, 6], label="advisors")
    ax.set_title("About five advisors joined each year")
    ax.set_xlabel("fiscal year of intake")
    ax.set_ylabel("advisors (people)")
    ax.legend()
    chart_footer(fig, footer)
    return fig


def test_set_theme_applies_the_suite_style():
    set_theme()
    assert list(mpl.rcParams["font.family"]) == ["DejaVu Sans", "IPAexGothic"]
    assert mpl.rcParams["text.parse_math"] is False
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


def test_japanese_text_is_drawn_without_missing_glyphs(tmp_path):
    """Japanese employer names and titles from the records are drawn with a font that has them."""
    set_theme()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        ax = new_axes(rows=4)
        ax.barh(range(4), [5, 4, 3, 3])
        ax.set_yticks(range(4), ["外務省", "広島大学", "国際協力機構（JICA）", "准教授"])
        ax.set_title("国連南スーダン共和国ミッション（UNMISS）: 2008年度前期")
        chart_footer(ax.figure, "合成データ · 基準日 2026年9月30日")
        first = save_figure(ax.figure, "02-japanese", folder=tmp_path / "a")
        second = save_figure(ax.figure, "02-japanese", folder=tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


@pytest.mark.parametrize(
    "name",
    ["3-too-short", "03_underscore", "03-Upper", "intakes", "03-", "03-a b", "../03-up", "03-x.png", "003-x"],
)
def test_bad_names_are_rejected(tmp_path, synthetic_records, name):
    fig = _chart(synthetic_records)
    with pytest.raises(ValueError, match="must look like"):
        save_figure(fig, name, folder=tmp_path)
    assert list(tmp_path.iterdir()) == []





def _footer_text(fig) -> str:
    texts = [t.get_text() for t in fig.texts if t.get_gid() == "chart-footer"]
    assert len(texts) == 1
    return texts[0]


def test_footer_from_the_study_names_synthetic_data_reference_date_and_n(synthetic_records, records_dir):
    study = Study(synthetic_records, Parameters(synthetic_records.data_dir, reference_date=pd_date("2026-09-30")))
    text = study.footer("n = 15 advisors", ["a person can count in several bars"])
    assert text == FOOTER + " · a person can count in several bars"
    real = Study(load_records(records_dir), Parameters(records_dir))
    assert "synthetic" not in real.footer().lower() and "records" in real.footer()


def test_footer_is_replaced_not_repeated():
    fig = _chart()
    chart_footer(fig, "second footer")
    assert _footer_text(fig) == "second footer"


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

