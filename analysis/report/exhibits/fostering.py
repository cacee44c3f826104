"""Exhibits of notebook 03: the headline measures and the fostering objective.

Every count is a population of the report's advisors
(:func:`headline_populations`), so the same figure is hidden the same way in
the headline, the windows chart, the summary chart, the cohort tables and
every footer; the life tables count people in life-table intervals, an
attribute tied to the knowledge windows by the rules a reader can apply.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.config import CURRENT_STATUS_MONTHS, PUBLISHED_2013_DATE
from analysis.disclosure.model import Predicate
from analysis.disclosure.policy import DisclosurePolicy
from analysis.disclosure.protect import Protected
from analysis.disclosure.survival import (
    LifeTable,
    exact_median,
    life_table,
    rounded_life_table,
    value_at,
)
from analysis.disclosure.text import shown_range
from analysis.i18n import _, fmt_date, fmt_months, fmt_pct, join_list
from analysis.measures.survival import retention_in_field, time_to_first_in_field
from analysis.report.exhibits.base import Draft, Exhibit, Publication, add_rate_columns
from analysis.report.exhibits.wording import n_people, quoted, row_of
from analysis.report.people import CLOSED, KNOWN, NA, NO, WINDOWS, YES, alumni, appointed
from analysis.report.study import Study

__all__ = ["EXHIBITS", "HEADLINE", "headline_populations"]

HEADLINE = "03-headline"


def measure_label(measure: str, window: int | None) -> str:
    """The measure's name as a reader sees it (translated)."""
    if measure.startswith("in_field_"):
        return _("In the field {months} after the term").format(months=fmt_months(window))
    if measure.startswith("knowledge_rate_"):
        return _("Status known {months} after the term (knowledge rate)").format(months=fmt_months(window))
    return {
        "ever_in_field": _("Ever in the field after the term"),
        "ever_in_field_2013": _("Ever in the field, as of {date}").format(date=fmt_date(PUBLISHED_2013_DATE)),
        "currently_in_field": _("In the field at the latest confirmation (confirmed within {n} months)").format(
            n=CURRENT_STATUS_MONTHS),
        "alumni": _("Alumni (term ended)"),
    }[measure]


def measure_definition(measure: str, window: int | None) -> str:
    """Numerator / denominator in words; never a count."""
    if measure.startswith("in_field_"):
        return _("Alumni in the field at term end + {months} / alumni whose status at that date is known. "
                 "Alumni whose {months} have not yet passed on the reference date are not counted. "
                 "Knowledge rate: alumni with known status / alumni whose {months} have passed.").format(
            months=fmt_months(window))
    if measure.startswith("knowledge_rate_"):
        return _("Alumni whose status at term end + {months} is known (history confirmed to that date) / "
                 "alumni whose term ended at least {months} before the reference date.").format(
            months=fmt_months(window))
    return {
        "ever_in_field": _("Alumni who have held an in-field post after their term (including a post begun "
                           "during the term and continuing after it) / all alumni. Knowledge rate: alumni whose "
                           "status was confirmed in the {n} months before the reference date / all alumni."),
        "ever_in_field_2013": _("The same measure on {date}, the date of the one published figure: alumni by "
                                "then with an in-field post begun by then / alumni by then."),
        "currently_in_field": _("Alumni in the field on the date of their latest confirmation / alumni whose "
                                "status was confirmed in the {n} months before the reference date. Knowledge "
                                "rate: those confirmed / all alumni."),
        "alumni": _("Advisors whose term had ended by the reference date / advisors appointed by then."),
    }[measure].format(n=CURRENT_STATUS_MONTHS, date=fmt_date(PUBLISHED_2013_DATE))


def _comparator_text(row: pd.Series | None) -> dict[str, Any]:
    from analysis.i18n import get_language

    empty = {"comparator": "", "comparator_value": np.nan, "comparator_population": "", "comparator_field": "",
             "comparator_respondents": "", "comparator_as_of": "", "comparator_source": ""}
    if row is None:
        return empty

    def text(column: str) -> str:
        ja = f"{column}_ja"
        value = row.get(ja) if get_language() == "ja" and ja in row.index and pd.notna(row.get(ja)) else row.get(column)
        return "" if value is None or pd.isna(value) else str(value)

    return {"comparator": f"{text('programme')}: {text('value_text')}", "comparator_value": float(row["value"]),
            "comparator_population": text("population"), "comparator_field": text("field"),
            "comparator_respondents": text("respondents"),
            "comparator_as_of": "" if pd.isna(row.get("as_of")) else str(row["as_of"]),
            "comparator_source": text("source")}


def headline_populations(measure: str, window: int | None) -> tuple[Predicate, Predicate, Predicate, Predicate]:
    """Whom a headline row counts: numerator, denominator, knowledge numerator and denominator."""
    if measure.startswith(("in_field_", "knowledge_rate_")):
        w = f"w{window}"
        known, eligible = alumni(**{w: KNOWN}), alumni(**{w: CLOSED})
        if measure.startswith("in_field_"):
            return alumni(**{w: "in"}), known, known, eligible
        return known, eligible, known, eligible
    if measure == "ever_in_field":
        return alumni(ever=YES), alumni(), alumni(recent=YES), alumni()
    if measure == "ever_in_field_2013":
        return alumni(e13=YES), alumni(a13=YES), alumni(r13=YES), alumni(a13=YES)
    if measure == "currently_in_field":
        return alumni(current=YES), alumni(recent=YES), alumni(recent=YES), alumni()
    if measure == "alumni":
        return alumni(), appointed(), alumni(), appointed()
    raise ValueError(f"unknown headline measure {measure!r}")


def _headline(study: Study, pub: Publication) -> Draft:
    head = study.headline()
    head = add_rate_columns(head, "rate", "numerator", "denominator", "ci_lower", "ci_upper")
    cells: dict[str, list] = {"numerator": [], "denominator": [], "knowledge_numerator": [],
                              "knowledge_denominator": []}
    for row in head.itertuples():
        window = None if pd.isna(row.window_months) else int(row.window_months)
        for column, population in zip(cells, headline_populations(row.measure, window), strict=True):
            cells[column].append(population)
    labels, definitions, comparators = [], [], []
    for row in head.itertuples():
        window = None if pd.isna(row.window_months) else int(row.window_months)
        labels.append(measure_label(row.measure, window))
        definitions.append(measure_definition(row.measure, window))
        comparators.append(_comparator_text(study.records.reference.comparator(row.comparable_to)
                                            if row.comparable_to else None))
    head.insert(1, "label", labels)
    head.insert(2, "definition", definitions)
    head = pd.concat([head, pd.DataFrame(comparators)], axis=1)
    head["window_months"] = head["window_months"].astype("Int64")
    return Draft(head, cells=cells, rates={"rate": ("numerator", "denominator"),
                                           "knowledge_rate": ("knowledge_numerator", "knowledge_denominator")},
                 intervals={("ci_lower", "ci_upper"): ("numerator", "denominator")}, weight=2.0)


def _describe_headline(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    return {"title": _("Headline measures"), "notes": [], "caption": _(
        "Every outcome rate is shown with its knowledge rate (the share of people whose status is known).")}


def _windows(study: Study, pub: Publication) -> Draft:
    head = study.headline()
    rows = head[head["measure"].str.startswith("in_field_")].reset_index(drop=True)
    frame = pd.DataFrame({
        "window_months": rows["window_months"].astype(int),
        "label": [fmt_months(int(w)) for w in rows["window_months"]],
        "in_field": rows["numerator"], "known": rows["denominator"], "eligible": rows["knowledge_denominator"],
    })
    frame = add_rate_columns(frame, "in_field_rate", "in_field", "known", "ci_lower", "ci_upper")
    frame = add_rate_columns(frame, "knowledge_rate", "known", "eligible")
    windows = [int(w) for w in frame["window_months"]]
    cells = {"in_field": [alumni(**{f"w{w}": "in"}) for w in windows],
             "known": [alumni(**{f"w{w}": KNOWN}) for w in windows],
             "eligible": [alumni(**{f"w{w}": CLOSED}) for w in windows]}
    return Draft(frame, cells=cells, weight=2.0, rates={"in_field_rate": ("in_field", "known"),
                                          "knowledge_rate": ("known", "eligible")},
                 intervals={("ci_lower", "ci_upper"): ("in_field", "known")})


def _describe_windows(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    target = study.params.target
    span = shown_range(table, value="in_field_rate")
    if span is None:
        title = _("In the field 6, 15 and 24 months after the term: too few people to show")
    else:
        low, high = span
        rates = fmt_pct(low) if low == high else f"{fmt_pct(low)}–{fmt_pct(high)}"
        # Name only the windows whose rate is shown: a hidden one is neither claimed nor ranked.
        hidden = table.hidden("in_field_rate")
        months = [int(w) for w, h in zip(table.labels("window_months"), hidden, strict=True) if not h]
        if len(months) == len(table) and len(months) > 1:
            windows = _("{first}–{last} months").format(first=months[0], last=months[-1])
        else:
            windows = join_list([fmt_months(m) for m in months])
        if high < target:
            template = _("{rates} of alumni with known status were in the field {windows} after their term, "
                         "below the {target} target")
        elif low >= target:
            template = _("{rates} of alumni with known status were in the field {windows} after their term, "
                         "at or above the {target} target")
        else:
            template = _("{rates} of alumni with known status were in the field {windows} after their term, "
                         "around the {target} target")
        title = template.format(rates=rates, windows=windows, target=fmt_pct(target))
    knowledge = join_list([
        f"{lab} {fmt_pct(v) if v is not None else table.marker}"
        for lab, v in zip(table.labels("label"), [quoted(table, "knowledge_rate", i) for i in range(len(table))],
                          strict=True)])
    swiss = study.records.reference.comparator("in_field_24")
    comparators = {}
    if swiss is not None:
        comparators[_("{programme}: {value} (a broader field, respondents only)").format(
            programme=study.labels.comparator(swiss, "programme"), value=study.labels.comparator(swiss, "value_text"))] = (fmt_months(24), float(swiss["value"]))
    head = done[HEADLINE]
    alumni = quoted(head, "numerator", row_of(head, "measure", "alumni"))
    return {
        "title": title,
        "xlabel": _("time after the term ended (in the field / alumni with known status)"),
        "ylabel": _("alumni in the field (%)"),
        "n": n_people(alumni, table.marker, _("alumni")),
        "notes": [_("knowledge rate: {rates}").format(rates=knowledge),
                  _("whiskers: 95% Wilson intervals")],
        "comparators": comparators, "target": target,
    }


def _summary(study: Study, pub: Publication) -> Draft:
    head = study.headline()
    rows = head[head["measure"].isin(["ever_in_field", "ever_in_field_2013", "currently_in_field"])].reset_index(drop=True)
    frame = pd.DataFrame({"measure": rows["measure"], "label": [measure_label(m, None) for m in rows["measure"]],
                          "people": rows["numerator"], "of": rows["denominator"]})
    frame = add_rate_columns(frame, "rate", "people", "of", "ci_lower", "ci_upper")
    populations = [headline_populations(m, None) for m in rows["measure"]]
    cells = {"people": [p[0] for p in populations], "of": [p[1] for p in populations]}
    return Draft(frame, cells=cells, weight=2.0, rates={"rate": ("people", "of")},
                 intervals={("ci_lower", "ci_upper"): ("people", "of")})


def _describe_summary(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    ever = quoted(table, "rate", row_of(table, "measure", "ever_in_field"))
    title = (_("{pct} of alumni have held an in-field post since their term").format(pct=fmt_pct(ever))
             if ever is not None else _("Ever and currently in the field"))
    reference = study.records.reference
    comparators = {}
    cao = reference.comparator("ever_in_field_2013")
    if cao is not None:
        comparators[_("Cabinet Office 2013: {value}").format(value=study.labels.comparator(cao, "value_text"))] = (
            measure_label("ever_in_field_2013", None), float(cao["value"]))
    mofa = reference.comparator("currently_in_field")
    if mofa is not None:
        comparators[_("{programme}: {value} (another population: MOFA programme graduates)").format(
            programme=study.labels.comparator(mofa, "programme"), value=study.labels.comparator(mofa, "value_text"))] = (measure_label("currently_in_field", None),
                                                                        float(mofa["value"]))
    head = done[HEADLINE]
    knowledge = quoted(head, "knowledge_rate", row_of(head, "measure", "currently_in_field"))
    return {
        "title": title, "xlabel": "", "ylabel": _("alumni (%)"),
        "n": n_people(quoted(head, "numerator", row_of(head, "measure", "alumni")), table.marker, _("alumni")),
        "notes": [_("status confirmed within {n} months: {pct} of alumni").format(
            n=CURRENT_STATUS_MONTHS, pct=fmt_pct(knowledge) if knowledge is not None else table.marker)],
        "comparators": comparators, "target": study.params.target,
    }


def _life_table(study: Study, pub: Publication, which: str) -> tuple[LifeTable, pd.DataFrame]:
    """The grouped life table of ``which`` (``ttf``: time to a first in-field post; ``ret``: retention),
    with each alumnus's interval added to the people as an attribute, and the rules that tie it to the rest.
    """
    key = f"life-table:{which}"
    if key in pub.shared:
        return pub.shared[key]
    if which == "ttf":
        durations = time_to_first_in_field(study.records, reference_date=study.reference_date)
    else:
        durations = retention_in_field(study.records, reference_date=study.reference_date,
                                       max_gap_months=study.retention_gap_months)
    # the same intervals under either policy (HESA rounds the counts of these intervals)
    lt = life_table(durations, DisclosurePolicy("suppress", study.policy.k))
    people = pub.people
    if lt.publishable:
        labels = lt.labels.reindex(people.frame.index).fillna(NA)
        people.add(which, labels, (NA, *lt.values))
        if which == "ttf":
            people.rule("every alumnus is in the curve of time to a first in-field post", serving=NO, ttf=NA)
            people.rule("an advisor still serving is not in the curve", serving=YES, ttf=list(lt.values))
            events = [v for v in lt.values if v.startswith("e")]
            people.rule("a first in-field post after the term: ever in the field", ttf=events, ever=NO)
            for w in WINDOWS:
                not_by_w = [v for v in lt.values if not (v.startswith("e") and lt.spans[v][0] < w)]
                people.rule(f"in the field {w} months after the term: a first in-field post by then",
                            ttf=not_by_w, **{f"w{w}": "in"})
                short = [v for v in lt.values if v.startswith("w") and lt.spans[v][1] < w]
                if short:
                    people.rule(f"known {w} months after the term: followed for at least {w} months",
                                ttf=short, **{f"w{w}": KNOWN})
                long = [v for v in lt.values if lt.spans[v][0] >= w + 1]
                if long:
                    people.rule(f"followed for more than {w + 1} months: known {w} months after the term",
                                ttf=long, **{f"w{w}": ["open", "unknown"]})
        else:
            people.rule("whoever reached the field is in the retention curve", ever=YES, ret=NA)
            people.rule("only those who reached the field are in the retention curve", ever=NO, ret=list(lt.values))
    pub.shared[key] = (lt, durations)
    return lt, durations


def _curve(study: Study, pub: Publication, which: str) -> Draft:
    lt, durations = _life_table(study, pub, which)
    frame = lt.table.copy()
    base = alumni() if which == "ttf" else alumni(ever=YES)
    cells: dict[str, list] = {"at_risk": [], "events": [], "censored": []}
    for j in range(len(frame)):
        cells["at_risk"].append(base if j == 0 else alumni(**{which: lt.at_risk(j)}))
        cells["events"].append(alumni(**{which: f"e{j}"}))
        cells["censored"].append(alumni(**{which: f"w{j}"}))
    median = exact_median(durations, lt, study.policy.k)
    meta = {"publishable": lt.publishable, "n": lt.n, "median": median}
    if not lt.publishable:
        return Draft(frame, meta=meta, protect=lambda policy: Protected(
            data=frame, suppressed=pd.DataFrame(False, index=frame.index, columns=frame.columns), policy=policy,
            counts=("at_risk", "events", "censored"), meta=meta))
    draft = Draft(frame, cells=cells, fixed=True, weight=3.0, meta=meta)
    draft.meta["hesa_curve"] = True
    return draft


def survival_table(table: Protected) -> Protected:
    """A life table as published under HESA rounding: the curve and band from the rounded counts."""
    if table.policy.kind != "hesa" or not len(table) or not table.meta.get("hesa_curve"):
        return table
    from dataclasses import replace

    return replace(table, data=rounded_life_table(table.data))


def _median_text(median: tuple) -> tuple[str, str]:
    """The median and its interval as text, or why they are not given."""
    m, lo, hi, reason = median
    if m is None:
        return "", reason
    interval = (_("95% interval {lo} to {hi}").format(lo=fmt_months(lo), hi=fmt_months(hi))
                if lo is not None and hi is not None else _("95% interval withheld"))
    return fmt_months(m), interval


def _first_post(study: Study, pub: Publication) -> Draft:
    return _curve(study, pub, "ttf")


def _describe_first_post(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if not table.meta.get("publishable") or not len(table):
        return {"title": _("Time to a first in-field post: too few people to draw a curve"), "n": "", "notes": [],
                "publishable": False,
                "empty_message": _("Too few alumni reached the field, or too few are followed, to draw a curve whose "
                                   "every step holds at least {k} people.").format(k=table.policy.threshold)}
    at_24 = value_at(table, 24, "cumulative")
    median, interval = _median_text(table.meta["median"])
    if at_24 == at_24 and median:
        title = _("An estimated {pct} held an in-field post within 24 months of their term; half reached the "
                  "field within {m} ({interval})").format(pct=fmt_pct(at_24), m=median, interval=interval)
    elif at_24 == at_24 and interval == "not reached":
        title = _("An estimated {pct} held an in-field post within 24 months of their term; fewer than half "
                  "have reached the field").format(pct=fmt_pct(at_24))
    elif at_24 == at_24:
        title = _("An estimated {pct} held an in-field post within 24 months of their term").format(pct=fmt_pct(at_24))
    else:
        title = _("Time to a first in-field post after the term")
    head = done[HEADLINE]
    notes = [_("steps grouped so each holds at least {k} events; curve stops where fewer than {m} remain "
               "at risk").format(k=table.policy.threshold, m=table.policy.min_at_risk),
             _("band: 95% pointwise (log-log)")]
    if interval == "withheld":
        notes.append(_("median withheld: read off the exact curve it would split a step of fewer than {k} events"
                       ).format(k=table.policy.threshold))
    return {
        "title": title, "xlabel": _("months since the term ended"),
        "ylabel": _("alumni with a first in-field post (%)"),
        "n": n_people(quoted(head, "numerator", row_of(head, "measure", "alumni")), table.marker, _("alumni")),
        "notes": notes, "label": _("first in-field post (95% band)"),
    }


def _retention(study: Study, pub: Publication) -> Draft:
    return _curve(study, pub, "ret")


def _describe_retention(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if not table.meta.get("publishable") or not len(table):
        return {"title": _("Retention in the field: too few people to draw a curve"), "n": "", "notes": [],
                "publishable": False,
                "empty_message": _("Too few alumni reached the field to draw a curve whose every step holds at least "
                                   "{k} people.").format(k=table.policy.threshold)}
    median, interval = _median_text(table.meta["median"])
    if median:
        title = _("Half of those who reached the field stayed at least {m} ({interval})").format(
            m=median, interval=interval)
    elif interval == "not reached":
        title = _("More than half of those who reached the field are still there")
    else:
        title = _("How long alumni stay in the field once there")
    head = done[HEADLINE]
    reached = quoted(head, "numerator", row_of(head, "measure", "ever_in_field"))
    notes = [_("in-field posts less than {gap} apart count as one spell").format(
        gap=fmt_months(study.retention_gap_months)),
        _("steps grouped so each holds at least {k} events").format(k=table.policy.threshold)]
    if interval == "withheld":
        notes.append(_("median withheld: read off the exact curve it would split a step of fewer than {k} events"
                       ).format(k=table.policy.threshold))
    return {
        "title": title, "xlabel": _("months since the first in-field post after the term"),
        "ylabel": _("still in the field (%)"),
        "n": n_people(reached, table.marker, _("alumni who reached the field")),
        "notes": notes, "label": _("still in the field (95% band)"),
    }


EXHIBITS = [
    Exhibit(HEADLINE, _headline, _describe_headline),
    Exhibit("03-in-field-rate-by-window", _windows, _describe_windows),
    Exhibit("03-ever-and-currently-in-field", _summary, _describe_summary),
    Exhibit("03-time-to-first-in-field-post", _first_post, _describe_first_post),
    Exhibit("03-retention-in-field", _retention, _describe_retention),
]
