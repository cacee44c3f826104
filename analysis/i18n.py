"""Languages: the message catalogue and the formatting of dates, fiscal years, numbers and rates.

Every string the library shows a reader goes through :func:`_` (``gettext``),
whose English source text is the message id. Translations live in gettext
``.po`` files under ``analysis/locale/<lang>/LC_MESSAGES/analysis.po``
(extracted and updated with Babel, see the README), read directly with
Babel's ``read_po`` so no compiled ``.mo`` file needs to be kept in step.

The language is a process-wide setting chosen once per notebook or build
(:func:`set_language`); :func:`use_language` sets it for a ``with`` block.
Both English and Japanese are fully supported; ``tests/test_i18n.py`` fails
when a message has no Japanese translation.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

__all__ = [
    "LANGUAGES",
    "N_",
    "fmt_count",
    "fmt_date",
    "fmt_fiscal_year",
    "fmt_intake",
    "fmt_months",
    "fmt_pct",
    "gettext",
    "get_language",
    "join_list",
    "ngettext",
    "pgettext",
    "sentence",
    "set_language",
    "use_language",
]

#: Languages the report is built in.
LANGUAGES = ("en", "ja")
#: Folder of the message catalogues (package data).
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "analysis"

_state = {"lang": "en"}


def set_language(lang: str) -> None:
    """Choose the language of every message and format from now on (``"en"`` or ``"ja"``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    _state["lang"] = lang


def get_language() -> str:
    """The language in use (``"en"`` or ``"ja"``)."""
    return _state["lang"]


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Use ``lang`` inside a ``with`` block, then restore the previous language."""
    previous = get_language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(previous)


@functools.cache
def catalog(lang: str) -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    """Translations of ``lang`` (msgid -> msgstr; plural msgids -> tuple of forms); empty for English."""
    if lang == "en":
        return {}
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    out: dict = {}
    for message in po:
        if not message.id or not message.string or message.fuzzy:
            continue
        if message.context:
            out[(message.context, message.id)] = message.string
            continue
        if isinstance(message.id, tuple):
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(forms):
                out[message.id] = forms
        else:
            out[message.id] = message.string
    return out


def gettext(message: str) -> str:
    """``message`` in the current language (the English text itself when untranslated)."""
    found = catalog(get_language()).get(message)
    return found if isinstance(found, str) else message


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for translation without translating it now (``gettext_noop``)."""
    return message


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, where the same English word needs two translations."""
    found = catalog(get_language()).get((context, message))
    return found if isinstance(found, str) else message


def join_list(items: list[str]) -> str:
    """Items joined as a list in the current language: ``a, b`` / ``a、b``."""
    return ("、" if get_language() == "ja" else ", ").join(items)


def sentence(text: str) -> str:
    """``text`` ended as a sentence: a full stop (``.`` or ``。``) unless it already ends with one."""
    stop = "。" if get_language() == "ja" else "."
    return text if text.endswith((".", "。", "!", "?")) else text + stop


def ngettext(singular: str, plural: str, n: int) -> str:
    """Singular or plural ``message`` for ``n`` in the current language (Japanese has one form)."""
    found = catalog(get_language()).get((singular, plural))
    if isinstance(found, tuple):
        return found[0]
    return singular if n == 1 else plural


def fmt_count(n: float | int) -> str:
    """A count with thousands separators (``1,234``; the same in Japanese)."""
    value = float(n)
    return f"{int(round(value)):,}" if value.is_integer() else f"{value:,.1f}"


def fmt_pct(share: float, decimals: int = 0) -> str:
    """A share (0-1) as a percentage: ``33%`` (Japanese uses the same sign, no space)."""
    return f"{share * 100:.{decimals}f}%"


def fmt_date(date: dt.date | str | pd.Timestamp) -> str:
    """A date: ``2026-09-30`` in English, ``2026年9月30日`` in Japanese."""
    day = pd.Timestamp(date).date()
    if get_language() == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def fmt_fiscal_year(year: int | str) -> str:
    """A fiscal year: ``FY2008`` in English, ``2008年度`` in Japanese (accepts 2008 or ``"FY2008"``)."""
    number = int(str(year).removeprefix("FY"))
    return f"{number}年度" if get_language() == "ja" else f"FY{number}"


def fmt_fiscal_group(label: str) -> str:
    """A group of fiscal years ``FY2005–09``: ``2005–2009年度`` in Japanese."""
    if get_language() != "ja" or not label.startswith("FY"):
        return label
    first, _, last = label[2:].partition("–")
    if not last:
        return fmt_fiscal_year(label)
    century = first[:2] if len(last) == 2 else ""
    return f"{first}–{century}{last}年度"


def fmt_intake(intake: str) -> str:
    """An intake ``FY2008-H1``: ``FY2008 (April)`` / ``2008年度前期``."""
    year, _, half = intake.partition("-")
    if get_language() == "ja":
        return f"{fmt_fiscal_year(year)}{'前期' if half == 'H1' else '後期'}"
    return f"{year} ({'April' if half == 'H1' else 'October'} intake)"


def fmt_months(months: float) -> str:
    """A duration in months: ``24 months`` / ``24か月``."""
    value = f"{months:.0f}" if float(months).is_integer() else f"{months:.1f}"
    return f"{value}か月" if get_language() == "ja" else (f"{value} month" if value == "1" else f"{value} months")
