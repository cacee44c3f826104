"""The publication contract: every published column declared once, the output twin of ``records/fields.py``.

A :class:`Column` says what a published column holds (its :class:`Kind`),
in which unit, which population it counts or describes, how precisely it is
published, and its header in English and Japanese. Tables, charts, the HTML,
the CSV export, ``disclosure.json`` and the audit read these declarations,
never a column name guessed again elsewhere. :class:`Contract` is the registry;
the report's columns are declared in :mod:`analysis.report.columns`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Column", "Contract", "Kind"]


class Kind(StrEnum):
    """What a published column holds."""

    #: A count of people (advisors): protected cell by cell.
    PEOPLE = "people"
    #: A count of events (moves between states, records with a warning): protected like people.
    EVENTS = "events"
    #: A share of people, numerator / denominator of two count columns (0-1).
    SHARE = "share"
    #: A limit of the interval of a share (0-1).
    BOUND = "bound"
    #: A statistic whose numerator is not published (activities per advisor-year, mean months):
    #: rounded so that the numerator it implies spans at least k.
    STATISTIC = "statistic"
    #: A duration or a time point in months (an axis, not a count).
    MONTHS = "months"
    #: Text shown to the reader.
    LABEL = "label"
    #: A code (language-neutral key, not shown in the page).
    CODE = "code"
    #: A flag (true/false) describing the row, not people.
    FLAG = "flag"


COUNT_KINDS = frozenset({Kind.PEOPLE, Kind.EVENTS})


@dataclass(frozen=True)
class Column:
    """One published column.

    Attributes
    ----------
    name : str
        Column name in every table and CSV that publishes it.
    kind : Kind
    en, ja : str
        Header in English and Japanese (empty: no header, e.g. the row label).
    unit : str
        ``"people"``, ``"events"``, ``"share"``, ``"months"``, ``"activities per advisor-year"``...
    population : str
        Whom the column counts or describes, in words (``"alumni"``).
    numerator, denominator : str
        For a share: the count columns it divides.
    weight : float
        Cost of hiding one of its cells, relative to a detailed table's cell (1).
    shown : bool
        Whether the page shows it (codes and helpers are in the CSV only).
    """

    name: str
    kind: Kind
    en: str
    ja: str
    unit: str = ""
    population: str = ""
    numerator: str = ""
    denominator: str = ""
    weight: float = 1.0
    shown: bool = True

    @property
    def is_count(self) -> bool:
        return self.kind in COUNT_KINDS

    def header(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en

    def to_json(self) -> dict:
        out = {"kind": str(self.kind), "unit": self.unit, "population": self.population,
               "header_en": self.en, "header_ja": self.ja}
        if self.numerator:
            out.update(numerator=self.numerator, denominator=self.denominator)
        return out


class Contract:
    """The registry of published columns (one declaration per name)."""

    def __init__(self, columns: Iterable[Column]):
        self._columns: dict[str, Column] = {}
        for column in columns:
            if column.name in self._columns:
                raise ValueError(f"published column {column.name!r} declared twice")
            if column.kind is Kind.SHARE and not (column.numerator and column.denominator):
                raise ValueError(f"share column {column.name!r} needs its numerator and denominator")
            self._columns[column.name] = column

    def __contains__(self, name: object) -> bool:
        return name in self._columns

    def __getitem__(self, name: str) -> Column:
        try:
            return self._columns[name]
        except KeyError:
            raise KeyError(f"column {name!r} is not declared in the publication contract "
                           "(analysis/report/columns.py)") from None

    def get(self, name: str) -> Column | None:
        return self._columns.get(name)

    def __iter__(self):
        return iter(self._columns.values())

    def check(self, columns: Iterable[str]) -> None:
        """Raise naming every column that is not declared."""
        missing = [c for c in columns if c not in self._columns]
        if missing:
            raise KeyError(f"columns not declared in the publication contract: {missing}")
