"""Exhibits of notebook 03: the headline measures and the fostering objective.

Every count is registered in the ledger under the population it counts, so
the same figure is suppressed the same way in the headline, the windows
chart, the summary chart, the cohort tables and every footer.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.config import CURRENT_STATUS_MONTHS, PUBLISHED_2013_DATE
from analysis.disclosure.ledger import Key, Ledger, key
from analysis.disclosure.protect import Protected
from analysis.disclosure.survival import median_with_interval, protect_survival, value_at
from analysis.disclosure.text import shown_range
from analysis.i18n import _, fmt_date, fmt_months, fmt_pct, join_list
from analysis.measures.survival import retention_in_field, time_to_first_in_field
from analysis.report.exhibits.base import Draft, Exhibit, add_rate_columns
from analysis.report.exhibits.wording import n_people, quoted, row_of
from analysis.report.study import Study

__all__ = ["EXHIBITS", "HEADLINE", "headline_keys"]

HEADLINE = "03-headline"


def headline_keys(measure: str, window: int | None) -> tuple[Key, Key, Key, Key]:
    """Ledger keys of a headline row: numerator, denominator, knowledge numerator and denominator."""
    if measure.startswith("in_field_"):
        return key("in_field", window=window), key("known", window=window), \
            key("known", window=window), key("eligible", window=window)
    if measure.startswith("knowledge_rate_"):
        return key("known", window=window), key("eligible", window=window), \
            key("known", window=window), key("eligible", window=window)
    if measure == "ever_in_field":
        return key("ever_in_field"), key("alumni"), key("confirmed_recently"), key("alumni")
    if measure == "ever_in_field_2013":
        then = PUBLISHED_2013_DATE
        return key("ever_in_field", as_of=then), key("alumni", as_of=then), \
            key("confirmed_recently", as_of=then), key("alumni", as_of=then)
    if measure == "currently_in_field":
        return key("currently_in_field"), key("confirmed_recently"), key("confirmed_recently"), key("alumni")
    if measure == "alumni":
        return key("alumni"), key("appointed"), key("alumni"), key("appointed")
    raise ValueError(f"unknown headline measure {measure!r}")


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


def _register_rates(ledger: Ledger, frame: pd.DataFrame, pairs: list[tuple[str, str]],
                    keys: dict[str, list[Key]]) -> None:
    for num, den in pairs:
        for i in range(len(frame)):
            ledger.rate(keys[num][i], keys[den][i], frame[num].iloc[i], frame[den].iloc[i])


def register_population(ledger: Ledger, study: Study) -> None:
    """Structural relations between the headline populations.

    Alumni whose window has closed plus those whose window is still open make
    all alumni; alumni plus advisors still serving make those appointed. The
    open windows and the serving advisors are never shown, but a reader could
    subtract, so they are virtual cells; so are the people whose term had not
    ended by each window's date and those whose term ended between two
    windows' dates.
    """
    head = study.headline()
    alumni = int(head.loc[head["measure"] == "alumni", "numerator"].iloc[0])
    appointed = int(head.loc[head["measure"] == "alumni", "denominator"].iloc[0])
    ledger.add(key("alumni"), alumni)
    ledger.add(key("appointed"), appointed)
    ledger.add(key("serving"), appointed - alumni, published=False)
    ledger.partition([key("alumni"), key("serving")], key("appointed"))
    windows = []
    for row in head[head["measure"].str.startswith("in_field_")].itertuples():
        window = int(row.window_months)
        windows.append((window, int(row.knowledge_denominator)))
        ledger.add(key("eligible", window=window), row.knowledge_denominator)
        ledger.add(key("window_open", window=window), alumni - row.knowledge_denominator, published=False)
        ledger.partition([key("eligible", window=window), key("window_open", window=window)], key("alumni"))
        # Appointed minus eligible: the people whose term had not ended `window` months before the
        # reference date (open windows and those still serving together), a count of its own.
        ledger.add(key("not_ended", window=window), appointed - row.knowledge_denominator, published=False)
        ledger.partition([key("eligible", window=window), key("not_ended", window=window)], key("appointed"))
    # Eligible at a longer window are some of those eligible at a shorter one: the difference is the
    # people whose term ended between the two dates.
    windows.sort()
    for (short, short_n), (long, long_n) in zip(windows, windows[1:], strict=False):
        between = key("ended_between", window=f"{short}-{long}")
        ledger.add(between, short_n - long_n, published=False)
        ledger.partition([key("eligible", window=long), between], key("eligible", window=short))


def _headline(study: Study, ledger: Ledger, shared: dict) -> Draft:
    head = study.headline()
    register_population(ledger, study)
    head = add_rate_columns(head, "rate", "numerator", "denominator", "ci_lower", "ci_upper")
    keys: dict[str, list[Key]] = {"numerator": [], "denominator": [], "knowledge_numerator": [],
                                  "knowledge_denominator": []}
    for row in head.itertuples():
        window = None if pd.isna(row.window_months) else int(row.window_months)
        for column, cell in zip(keys, headline_keys(row.measure, window), strict=True):
            keys[column].append(cell)
    _register_rates(ledger, head, [("numerator", "denominator"), ("knowledge_numerator", "knowledge_denominator")],
                    keys)
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
    return Draft(head, keys=keys, rates={"rate": ("numerator", "denominator"),
                                         "knowledge_rate": ("knowledge_numerator", "knowledge_denominator")},
                 intervals={("ci_lower", "ci_upper"): ("numerator", "denominator")})


def _describe_headline(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    return {"title": _("Headline measures"), "notes": [], "caption": _(
        "Every outcome rate is shown with its knowledge rate (the share of people whose status is known).")}


def _windows(study: Study, ledger: Ledger, shared: dict) -> Draft:
    head = study.headline()
    rows = head[head["measure"].str.startswith("in_field_")].reset_index(drop=True)
    frame = pd.DataFrame({
        "window_months": rows["window_months"].astype(int),
        "label": [fmt_months(int(w)) for w in rows["window_months"]],
        "in_field": rows["numerator"], "known": rows["denominator"], "eligible": rows["knowledge_denominator"],
    })
    frame = add_rate_columns(frame, "in_field_rate", "in_field", "known", "ci_lower", "ci_upper")
    frame = add_rate_columns(frame, "knowledge_rate", "known", "eligible")
    keys = {"in_field": [key("in_field", window=w) for w in frame["window_months"]],
            "known": [key("known", window=w) for w in frame["window_months"]],
            "eligible": [key("eligible", window=w) for w in frame["window_months"]]}
    _register_rates(ledger, frame, [("in_field", "known"), ("known", "eligible")], keys)
    return Draft(frame, keys=keys, rates={"in_field_rate": ("in_field", "known"),
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


def _summary(study: Study, ledger: Ledger, shared: dict) -> Draft:
    head = study.headline()
    rows = head[head["measure"].isin(["ever_in_field", "ever_in_field_2013", "currently_in_field"])].reset_index(drop=True)
    frame = pd.DataFrame({"measure": rows["measure"], "label": [measure_label(m, None) for m in rows["measure"]],
                          "people": rows["numerator"], "of": rows["denominator"]})
    frame = add_rate_columns(frame, "rate", "people", "of", "ci_lower", "ci_upper")
    cells = [headline_keys(m, None) for m in rows["measure"]]
    keys = {"people": [c[0] for c in cells], "of": [c[1] for c in cells]}
    _register_rates(ledger, frame, [("people", "of")], keys)
    return Draft(frame, keys=keys, rates={"rate": ("people", "of")},
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


def _km_publishable(done: dict, measures: tuple[str, ...]) -> bool:
    """A curve is published only when the totals it adds up to are shown elsewhere."""
    head = done[HEADLINE]
    return all(quoted(head, column, row_of(head, "measure", m)) is not None
               for m in measures for column in ("numerator", "denominator"))


def _first_post(study: Study, ledger: Ledger, shared: dict) -> Draft:
    durations = time_to_first_in_field(study.records, reference_date=study.reference_date)
    return Draft(durations, protect=lambda policy: protect_survival(durations, policy))


def _describe_first_post(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if not (table.meta.get("publishable") and _km_publishable(done, ("ever_in_field", "alumni"))):
        return {"title": _("Time to a first in-field post: too few people to draw a curve"), "n": "", "notes": [],
                "publishable": False}
    at_24 = value_at(table, 24, "cumulative")
    median, low, high = median_with_interval(table)
    values = {"pct": fmt_pct(at_24) if at_24 == at_24 else "", "m": fmt_months(median) if median == median else "",
              "lo": fmt_months(low) if low == low else "?", "hi": fmt_months(high) if high == high else "?"}
    if at_24 == at_24 and median == median:
        template = _("An estimated {pct} held an in-field post within 24 months of their term; half reached the "
                     "field within {m} (95% interval {lo} to {hi})")
    elif at_24 == at_24:
        template = _("An estimated {pct} held an in-field post within 24 months of their term; fewer than half "
                     "have reached the field")
    elif median == median:
        template = _("Half of alumni reached the field within {m} of their term (95% interval {lo} to {hi})")
    else:
        template = _("Fewer than half of alumni have reached the field")
    title = template.format(**values)
    head = done[HEADLINE]
    return {
        "title": title, "xlabel": _("months since the term ended"),
        "ylabel": _("alumni with a first in-field post (%)"),
        "n": n_people(quoted(head, "numerator", row_of(head, "measure", "alumni")), table.marker, _("alumni")),
        "notes": [_("steps grouped so each holds at least {k} events; curve stops where fewer than {m} remain "
                    "at risk").format(k=table.policy.threshold, m=table.policy.min_at_risk),
                  _("band: 95% pointwise (log-log)")],
        "label": _("first in-field post (95% band)"),
    }


def _retention(study: Study, ledger: Ledger, shared: dict) -> Draft:
    durations = retention_in_field(study.records, reference_date=study.reference_date,
                                   max_gap_months=study.retention_gap_months)
    return Draft(durations, protect=lambda policy: protect_survival(durations, policy))


def _describe_retention(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if not (table.meta.get("publishable") and _km_publishable(done, ("ever_in_field",))):
        return {"title": _("Retention in the field: too few people to draw a curve"), "n": "", "notes": [],
                "publishable": False}
    median, low, high = median_with_interval(table)
    title = (_("Half of those who reached the field stayed at least {m} (95% interval {lo} to {hi})").format(
        m=fmt_months(median), lo=fmt_months(low) if low == low else "?", hi=fmt_months(high) if high == high else "?")
             if median == median else _("More than half of those who reached the field are still there"))
    head = done[HEADLINE]
    reached = quoted(head, "numerator", row_of(head, "measure", "ever_in_field"))
    return {
        "title": title, "xlabel": _("months since the first in-field post after the term"),
        "ylabel": _("still in the field (%)"),
        "n": n_people(reached, table.marker, _("alumni who reached the field")),
        "notes": [_("in-field posts less than {gap} apart count as one spell").format(
            gap=fmt_months(study.retention_gap_months)),
                  _("steps grouped so each holds at least {k} events").format(k=table.policy.threshold)],
        "label": _("still in the field (95% band)"),
    }


EXHIBITS = [
    Exhibit(HEADLINE, _headline, _describe_headline),
    Exhibit("03-in-field-rate-by-window", _windows, _describe_windows),
    Exhibit("03-ever-and-currently-in-field", _summary, _describe_summary),
    Exhibit("03-time-to-first-in-field-post", _first_post, _describe_first_post),
    Exhibit("03-retention-in-field", _retention, _describe_retention),
]
