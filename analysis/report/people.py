"""The advisors of one report as a reader can reason about them: attributes and the rules they obey.

Every count of people the report publishes is a predicate over the
attributes below (:class:`~analysis.disclosure.model.Predicate`); the rules are
what the data model and the programme guarantee, so a reader can use them
too. Nothing here is published as such: ``disclosure.json`` lists the
attribute names, their public value lists and the rules, never a person.

Attributes of every advisor appointed by the reference date
----------------------------------------------------------
``serving``            ``yes`` while the term has not ended on the reference date
``cohort``             the intake group (five fiscal years, or joined groups)
``exit``, ``term``     how the term ended and its length band (``n/a`` while serving)
``w6``, ``w15``, ``w24`` status at term end + 6/15/24 months: ``open`` (not yet
                       reached), ``unknown``, ``out`` (known, outside the field),
                       ``in`` (known, in the field); ``n/a`` while serving
``ever``, ``recent``, ``current``  ever in the field after the term; confirmed in
                       the last 12 months; in the field at the latest confirmation
``a13``, ``e13``, ``r13``  alumnus, ever in the field and confirmed recently, as of 2013-05-31

Exhibits add more (sectors and operations served in, life-table intervals,
states at chronogram time points, career types) with the rules that tie them to these.

The rules
---------
Each is a combination no advisor can have (:class:`~analysis.disclosure.model.Forbid`).
A rule the records themselves break is not declared (a reader relying on it
would be wrong) and is noted; the loader refuses such records wherever the
data model allows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.config import DEFAULT_WINDOWS_MONTHS, PUBLISHED_2013_DATE
from analysis.disclosure.model import (
    Attribute,
    Family,
    Forbid,
    Predicate,
    Universe,
    _condition,
    predicate,
)
from analysis.measures._common import add_months
from analysis.measures.attributes import WINDOW_STATES, person_outcomes
from analysis.measures.cohorts import FIRST_FISCAL_YEAR, POOL_YEARS, TERM_BANDS
from analysis.records.fields import EXIT_REASONS
from analysis.records.fiscal import fiscal_year_end, fiscal_year_of, fiscal_year_start, intake_start
from analysis.records.validation import MAX_TERM_MONTHS

__all__ = ["ADVISORS", "CLOSED", "KNOWN", "NA", "NO", "YES", "Grouping", "People", "WINDOWS", "alumni", "appointed"]

ADVISORS = "advisors"
YES, NO, NA = "yes", "no", "n/a"
BOOL = (NO, YES)
WINDOWS = tuple(int(w) for w in DEFAULT_WINDOWS_MONTHS)
KNOWN = ("out", "in")
CLOSED = ("unknown", "out", "in")


def appointed(**where) -> Predicate:
    """Predicate: the advisors appointed by the reference date, with further conditions."""
    return predicate(ADVISORS, **where)


def alumni(**where) -> Predicate:
    """Predicate: the alumni (term ended), with further conditions (the one spelling of every alumni count)."""
    return predicate(ADVISORS, serving=NO, **where)


def _ts(day: dt.date | str) -> pd.Timestamp:
    return pd.Timestamp(day)


@dataclass(frozen=True)
class Grouping:
    """How intake fiscal years are grouped for publication: spans of fiscal years, in order.

    The default is five-fiscal-year groups from FY2005; :meth:`joined` joins
    the last ``n`` groups into one (the running group with the one before it).
    """

    spans: tuple[tuple[int, int], ...]

    @classmethod
    def five_years(cls, reference_date: dt.date | pd.Timestamp, *, width: int = POOL_YEARS,
                   first_year: int = FIRST_FISCAL_YEAR) -> Grouping:
        last_fy = fiscal_year_of(pd.Timestamp(reference_date).date())
        spans = tuple((y, y + width - 1) for y in range(first_year, last_fy + 1, width))
        return cls(spans)

    def joined(self, n: int) -> Grouping:
        """The last ``n`` groups joined into one (``n`` <= 1: unchanged)."""
        if n <= 1 or len(self.spans) < 2:
            return self
        n = min(n, len(self.spans))
        head, tail = self.spans[:-n], self.spans[-n:]
        return Grouping((*head, (tail[0][0], tail[-1][1])))

    @staticmethod
    def label(span: tuple[int, int]) -> str:
        first, last = span
        return f"FY{first}–{str(last)[2:]}"

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.label(s) for s in self.spans)

    def of(self, fiscal_years: pd.Series) -> pd.Series:
        """Group label of each fiscal year (int)."""
        out = pd.Series(index=fiscal_years.index, dtype=object)
        for span in self.spans:
            out[(fiscal_years >= span[0]) & (fiscal_years <= span[1])] = self.label(span)
        if out.isna().any():
            raise ValueError("a fiscal year falls outside every intake group")
        return out.astype(str)


class People:
    """The advisors universe of one report: an attribute frame, its value lists and its rules."""

    def __init__(self, records, reference_date: pd.Timestamp, grouping: Grouping):
        self.records = records
        self.reference_date = pd.Timestamp(reference_date)
        self.grouping = grouping
        self.outcomes = person_outcomes(records, reference_date=self.reference_date, windows=WINDOWS)
        self.frame = pd.DataFrame(index=self.outcomes.index)
        self.attributes: dict[str, Attribute] = {}
        self.rules: list[Forbid] = []
        self.notes: list[str] = []
        self.families: dict[str, Family] = {}
        self._base()

    # -- building ------------------------------------------------------------------------
    def add(self, name: str, values: pd.Series | Sequence[str], domain: Sequence[str]) -> None:
        """Add an attribute (idempotent: the same name must carry the same values)."""
        series = pd.Series(list(values), index=self.frame.index, dtype=object).astype(str)
        if name in self.attributes:
            if tuple(self.attributes[name].values) != tuple(domain) or not series.equals(self.frame[name]):
                raise ValueError(f"attribute {name!r} added twice with different values")
            return
        self.attributes[name] = Attribute(name, tuple(str(d) for d in domain))
        self.frame[name] = series

    def flag(self, name: str, mask: Iterable[bool]) -> None:
        """Add a yes/no attribute."""
        self.add(name, np.where(np.asarray(list(mask), dtype=bool), YES, NO), BOOL)

    def rule(self, reason: str, *, assumption: bool = False, **where: Iterable[str] | str) -> None:
        """Declare that no advisor has this combination (skipped, with a note, when one does)."""
        condition = _condition(where)
        mask = np.ones(len(self.frame), dtype=bool)
        for name, values in condition:
            mask &= self.frame[name].isin(values).to_numpy()
        if mask.any():
            self.notes.append(f"not declared (the records break it for {int(mask.sum())} advisors): {reason}")
            return
        forbid = Forbid(condition, reason, assumption)
        if forbid not in self.rules:
            self.rules.append(forbid)

    def family(self, family: Family) -> Family:
        self.families.setdefault(family.name, family)
        return self.families[family.name]

    def universe(self) -> Universe:
        return Universe(ADVISORS, self.frame, list(self.attributes.values()), self.rules)

    # -- the attributes every report has ------------------------------------------------------
    def _base(self) -> None:
        o = self.outcomes
        ref = self.reference_date
        serving = ~o["is_alumnus"].to_numpy(dtype=bool)
        self.add("serving", np.where(serving, YES, NO), BOOL)
        fy = o["intake_fy"].str.slice(2, 6).astype(int)
        self.add("cohort", self.grouping.of(fy), self.grouping.labels)
        self.add("exit", o["exit_reason"].fillna(NA), (NA, *EXIT_REASONS))
        self.add("term", o["term_band"].astype("string").fillna(NA), (NA, *(str(b) for b in TERM_BANDS)))
        for w in WINDOWS:
            self.add(f"w{w}", o[f"status_{w}"].fillna(NA), (NA, *WINDOW_STATES))
        for name, column in (("ever", "ever_in_field"), ("recent", "confirmed_recently"),
                             ("current", "currently_in_field"), ("a13", "alumnus_2013"),
                             ("e13", "ever_in_field_2013"), ("r13", "confirmed_2013")):
            self.flag(name, o[column].to_numpy(dtype=bool))
        # serving advisors have no outcome; alumni have every one
        for name in ("exit", "term", *(f"w{w}" for w in WINDOWS)):
            values = [v for v in self.attributes[name].values if v != NA]
            self.rule(f"an advisor still serving has no {name}", serving=YES, **{name: values})
            self.rule(f"every alumnus has a {name}", serving=NO, **{name: NA})
        for name in ("ever", "recent", "current", "a13", "e13", "r13"):
            self.rule(f"an advisor still serving is not counted in {name}", serving=YES, **{name: YES})
        # windows: a longer window closes after a shorter one; what is known later was known earlier
        for short, long in zip(WINDOWS, WINDOWS[1:], strict=False):
            self.rule(f"the {long}-month window closes after the {short}-month one",
                      **{f"w{short}": "open", f"w{long}": CLOSED})
            self.rule(f"a history confirmed {long} months after the term was confirmed {short} months after it",
                      **{f"w{short}": "unknown", f"w{long}": KNOWN})
        for w in WINDOWS:
            self.rule(f"in the field {w} months after the term: an in-field post after the term",
                      **{f"w{w}": "in", "ever": NO})
        self.rule("in the field at the latest confirmation: confirmed, and in the field after the term",
                  current=YES, recent=NO)
        self.rule("in the field at the latest confirmation: an in-field post after the term", current=YES, ever=NO)
        self.rule("ever in the field by 2013: an alumnus by then", e13=YES, a13=NO)
        self.rule("ever in the field by 2013: ever in the field since", e13=YES, ever=NO)
        self.rule("confirmed by 2013: an alumnus by then", r13=YES, a13=NO)
        then = _ts(PUBLISHED_2013_DATE)
        for w in WINDOWS:
            if add_months(pd.Series([then]), w).iloc[0] <= ref:
                self.rule(f"a term ended by 2013-05-31 is more than {w} months before the reference date",
                          a13=YES, **{f"w{w}": "open"})
        for span, label in zip(self.grouping.spans, self.grouping.labels, strict=True):
            self._group_rules(span, label, assumption=False)
            self._group_rules(span, label, assumption=True)

    def _group_rules(self, span: tuple[int, int], label: str, *, assumption: bool) -> None:
        """What the calendar says of an intake group: who can still serve, which windows can have closed.

        Guaranteed: terms start within their intake's fiscal year and last at
        most 24 months. Assumed (``assumption``): terms start on the intake
        days, April 1 and October 1, as the report describes recruitment.
        """
        ref = self.reference_date
        first, last = span
        earliest_start = _ts(fiscal_year_start(first))
        latest_start = _ts(intake_start(last, 2) if assumption else fiscal_year_end(last))
        latest_end = latest_start + pd.DateOffset(months=MAX_TERM_MONTHS) - pd.Timedelta(days=1)
        then = _ts(PUBLISHED_2013_DATE)
        how = " (terms start on the intake days)" if assumption else ""
        if latest_end <= ref:
            self.rule(f"every term of {label} has ended{how}", assumption=assumption, cohort=label, serving=YES)
        if latest_end <= then:
            self.rule(f"every term of {label} had ended by 2013-05-31{how}", assumption=assumption, cohort=label,
                      a13=NO)
        if earliest_start > then:
            self.rule(f"no term of {label} had ended by 2013-05-31", cohort=label, a13=YES)
        for w in WINDOWS:
            if add_months(pd.Series([earliest_start]), w).iloc[0] > ref:
                self.rule(f"no one of {label} can be {w} months past the term", cohort=label, **{f"w{w}": CLOSED})
            if add_months(pd.Series([latest_end]), w).iloc[0] <= ref:
                self.rule(f"every {w}-month window of {label} has closed{how}", assumption=assumption,
                          cohort=label, **{f"w{w}": "open"})

    # -- helpers for exhibits -------------------------------------------------------------------
    def values(self, name: str) -> pd.Series:
        return self.frame[name]

    def bits(self, prefix: str, memberships: Mapping[str, np.ndarray], *, post_term: bool = True) -> dict[str, str]:
        """Add one yes/no attribute per code (``prefix:code``); returns code -> attribute name.

        ``post_term``: the codes describe posts after the term, which an advisor
        still serving does not hold.
        """
        names = {}
        for code, mask in memberships.items():
            name = f"{prefix}:{code}"
            self.flag(name, mask)
            if post_term:
                self.rule(f"an advisor still serving holds no {prefix} after the term", serving=YES, **{name: YES})
            names[code] = name
        return names

    def members_of(self, ids: Iterable[str]) -> np.ndarray:
        """Boolean membership over the universe's advisors."""
        return self.frame.index.isin(list(ids))
