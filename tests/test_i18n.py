"""Languages: the Japanese catalogue covers the code, translations keep their placeholders,
dates and numbers are formatted per language, and every English notebook cell has its Japanese twin.

The report is read in Japanese at the Secretariat, so a message without a
translation is a defect: it would appear in English in the Japanese report.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from analysis.i18n import (
    LOCALE_DIR,
    fmt_date,
    fmt_fiscal_group,
    fmt_fiscal_year,
    fmt_intake,
    fmt_months,
    fmt_pct,
    get_language,
    gettext,
    ngettext,
    use_language,
)

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analysis"
CATALOGUE = LOCALE_DIR / "ja" / "LC_MESSAGES" / "analysis.po"
NOTEBOOK_SOURCES = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.py"))
#: Marker functions, as in ``make messages`` (``pybabel extract -k N_``) plus ``ngettext``.
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


@pytest.fixture(scope="module")
def catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="ja")


@pytest.fixture(scope="module")
def extracted() -> dict[str, str]:
    """Message id -> where Babel found it (``file:line``), over ``analysis/**.py``."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=[("analysis/**.py", "python")], keywords=KEYWORDS):
        found.setdefault(_key(message), f"{filename}:{lineno}")
    return found


def _literal_calls() -> dict[str, str]:
    """Every string literal passed to ``_``/``N_``/``gettext``/``ngettext`` in the package, with where it is.

    Read from the syntax tree, so calls inside f-strings count too (Babel does not
    see those on Python < 3.12).
    """
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _translated(catalogue) -> dict[str, str | tuple[str, ...]]:
    return {_key(m.id): m.string for m in catalogue
            if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)}


def _fields(text: str) -> list[tuple[str, str, str]]:
    """The ``str.format`` replacement fields of ``text``: (name, format spec, conversion), sorted."""
    return sorted((name, spec or "", conv or "") for _lit, name, spec, conv in string.Formatter().parse(text)
                  if name is not None)


def _strings(message) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a catalogue message (every plural form against the plural id)."""
    if isinstance(message.id, str):
        return [(message.id, message.string)]
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return [(message.id[1] if i else message.id[0], form) for i, form in enumerate(forms)]


# --------------------------------------------------------------------------- (a) coverage


def test_every_message_extracted_from_the_code_has_a_japanese_translation(catalogue, extracted):
    assert extracted, "Babel extracted no message from analysis/"
    translated = _translated(catalogue)
    missing = sorted(f"{where}: {message!r}" for message, where in extracted.items() if message not in translated)
    assert not missing, (
        f"{len(missing)} message(s) have no Japanese translation (run `make messages`, then translate them in "
        f"{CATALOGUE.relative_to(ROOT)}):\n" + "\n".join(missing))


def test_every_message_literal_in_the_code_has_a_japanese_translation(catalogue):
    """Also the ones Babel cannot see (``_()`` inside an f-string), which would stay English in the report."""
    translated = _translated(catalogue)
    missing = sorted(f"{where}: {message!r}" for message, where in _literal_calls().items()
                     if message not in translated)
    assert not missing, "message(s) without a Japanese translation:\n" + "\n".join(missing)


def test_babel_sees_every_message_of_the_code(extracted):
    unseen = sorted(f"{where}: {message!r}" for message, where in _literal_calls().items() if message not in extracted)
    assert not unseen, ("message(s) Babel cannot extract (a call to _() inside an f-string?); `make messages` "
                        "will not keep them in the catalogue:\n" + "\n".join(unseen))


def test_the_catalogue_is_complete_and_not_fuzzy(catalogue):
    empty = [_key(m.id) for m in catalogue if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [_key(m.id) for m in catalogue if m.id and m.fuzzy]
    assert not empty, f"untranslated entries: {empty}"
    assert not fuzzy, f"fuzzy entries (not used by analysis.i18n): {fuzzy}"


# --------------------------------------------------------------------------- (b) placeholders


def test_translations_keep_every_placeholder(catalogue):
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        for source, target in _strings(message):
            if _fields(source) != _fields(target):
                wrong.append(f"{source!r}: {_fields(source)} -> {target!r}: {_fields(target)}")
    assert not wrong, "placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


def test_translations_keep_percent_signs_and_the_suppression_marker(catalogue):
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        for source, target in _strings(message):
            if source.count("%") != target.count("%"):
                wrong.append(f"% signs: {source!r} -> {target!r}")
            if re.search(r"(?<![\w{])c(?![\w}])", source) and not re.search(r"(?<![A-Za-z{])c(?![A-Za-z}])", target):
                wrong.append(f"marker c: {source!r} -> {target!r}")
    assert not wrong, "\n".join(wrong)


def test_translations_format_with_the_arguments_the_code_passes(catalogue):
    """Every brace-formatted translation formats without error when given its msgid's fields."""
    for message in catalogue:
        if not message.id:
            continue
        for source, target in _strings(message):
            names = {name for name, _spec, _conv in _fields(source)}
            if not names:
                continue
            values = {name: 1 for name in names}
            assert isinstance(target.format(**values), str), source


# --------------------------------------------------------------------------- (c) formats and lookup


def test_japanese_formats():
    with use_language("ja"):
        assert fmt_date("2026-09-30") == "2026年9月30日"
        assert fmt_fiscal_year(2008) == "2008年度"
        assert fmt_fiscal_year("FY2008") == "2008年度"
        assert fmt_intake("FY2008-H1") == "2008年度前期"
        assert fmt_intake("FY2008-H2") == "2008年度後期"
        assert fmt_fiscal_group("FY2005–09") == "2005–2009年度"
        assert fmt_months(24) == "24か月"
        assert fmt_months(1) == "1か月"
        assert fmt_pct(0.33) == "33%"


def test_english_formats():
    with use_language("en"):
        assert fmt_date("2026-09-30") == "2026-09-30"
        assert fmt_fiscal_year(2008) == "FY2008"
        assert fmt_intake("FY2008-H1") == "FY2008 (April intake)"
        assert fmt_intake("FY2008-H2") == "FY2008 (October intake)"
        assert fmt_fiscal_group("FY2005–09") == "FY2005–09"
        assert fmt_months(24) == "24 months"
        assert fmt_months(1) == "1 month"
        assert fmt_pct(0.33) == "33%"


def test_gettext_returns_japanese_in_japanese_and_the_english_id_in_english():
    before = get_language()
    with use_language("ja"):
        assert gettext("alumni") == "修了者"
        assert gettext("Reference date") == "基準日"
        assert gettext("Election observation") == "選挙監視"
        assert gettext("n = {n} {noun}").format(n=89, noun=gettext("alumni")) == "n = 89人（修了者）"
        assert gettext("no such message, left as it is") == "no such message, left as it is"
        assert ngettext("no such message", "no such messages", 2) == "no such messages"
    with use_language("en"):
        assert gettext("alumni") == "alumni"
        assert gettext("Reference date") == "Reference date"
    assert get_language() == before


# --------------------------------------------------------------------------- (d) notebooks


def _cells(path: Path) -> list[tuple[list[str], str]]:
    """(tags, source) of every cell of a py:percent notebook; code cells carry the tag ``code``."""
    import jupytext

    return [(list(cell.metadata.get("tags", [])), cell.source) if cell.cell_type == "markdown" else (["code"], "")
            for cell in jupytext.read(path).cells]


def _headings(source: str) -> list[int]:
    levels, fenced = [], False
    for line in source.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = re.match(r"^(#{1,6})\s", line)
        if match and not fenced:
            levels.append(len(match.group(1)))
    return levels


def _code_spans(source: str) -> list[str]:
    return sorted(re.findall(r"`([^`]+)`", source))


def test_there_are_notebook_sources():
    assert len(NOTEBOOK_SOURCES) >= 6


@pytest.mark.parametrize("path", NOTEBOOK_SOURCES, ids=lambda p: p.stem)
def test_every_english_markdown_cell_is_followed_by_its_japanese_twin(path: Path):
    cells = _cells(path)
    english = [i for i, (tags, _src) in enumerate(cells) if "lang-en" in tags]
    assert english, f"{path.name}: no markdown cell tagged lang-en"
    for i in english:
        source = cells[i][1]
        assert i + 1 < len(cells) and "lang-ja" in cells[i + 1][0], (
            f"{path.name}: the lang-en cell starting {source.splitlines()[0]!r} is not followed by a lang-ja cell")
        japanese = cells[i + 1][1]
        assert _headings(japanese) == _headings(source), (
            f"{path.name}: headings differ: {source.splitlines()[0]!r} {_headings(source)} vs "
            f"{japanese.splitlines()[0]!r} {_headings(japanese)}")
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", japanese), f"{path.name}: lang-ja cell without Japanese"
        assert _code_spans(japanese) == _code_spans(source), f"{path.name}: code names differ in {japanese[:40]!r}"
    japanese_cells = [i for i, (tags, _src) in enumerate(cells) if "lang-ja" in tags]
    assert [i - 1 for i in japanese_cells] == english, f"{path.name}: a lang-ja cell has no lang-en cell before it"


@pytest.mark.parametrize("path", NOTEBOOK_SOURCES, ids=lambda p: p.stem)
def test_the_japanese_title_keeps_the_notebook_number(path: Path):
    cells = _cells(path)
    titles = {tag: src.splitlines()[0] for tags, src in cells for tag in ("lang-en", "lang-ja")
              if tag in tags and src.startswith("# ")}
    number = path.stem[:2]
    assert titles["lang-en"].startswith(f"# {number} · ")
    assert titles["lang-ja"].startswith(f"# {number} · ")
