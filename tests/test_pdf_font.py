"""The PDF's Japanese font: IPAex Gothic without the radicals that would replace kanji in its text layer."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from analysis.report.pdf import _font_face, print_font


def test_radicals_dropped_kanji_kept_and_bytes_stable(tmp_path):
    (tmp_path / "a").mkdir()
    first = print_font(tmp_path / "a")
    assert first is not None
    cmap = TTFont(first)["cmap"].getBestCmap()
    assert 0x529B in cmap and 0x6708 in cmap  # 力 and 月 are drawn
    assert 0x2F12 not in cmap and 0x2F49 not in cmap  # ⼒ and ⽉ (their radicals) are gone
    assert not any(0x2E80 <= code <= 0x2FDF for code in cmap)
    (tmp_path / "b").mkdir()
    again = print_font(tmp_path / "b")
    assert first.read_bytes() == again.read_bytes()  # no save-time timestamp: same PDF bytes


def test_font_face_names_the_page_font(tmp_path):
    style = _font_face(tmp_path / "x.ttf")
    assert 'font-family: "IPAexGothic"' in style and (tmp_path / "x.ttf").as_uri() in style
    assert _font_face(None) == ""
