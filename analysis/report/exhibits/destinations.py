"""Exhibits of notebook 02: where alumni went, by sector, operation, organisation, role, grade, region.

People, not posts: a person counts once in a category and may count in
several. Categories with fewer than k people are pooled into one "other" row
(last) before protection, so a free-text employer (or a name typed where an
employer should be) is never published for fewer than k people; the pooled
row itself is suppressed when it holds fewer than k. The counts overlap, so
no table adds up to a published total (``totals_known=False``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from analysis.disclosure.ledger import Ledger
from analysis.disclosure.protect import Protected, protect_counts
from analysis.disclosure.text import display_order, leader
from analysis.i18n import N_, _
from analysis.measures.destinations import OTHER, destination_mix
from analysis.report.exhibits.base import Draft, Exhibit
from analysis.report.exhibits.fostering import HEADLINE
from analysis.report.exhibits.wording import count_text, n_people, quoted, row_of
from analysis.report.study import Study

__all__ = ["EXHIBITS"]


def _mix(level: str, top: int | None = None) -> Callable[[Study, Ledger, dict], Draft]:
    def compute(study: Study, ledger: Ledger, shared: dict) -> Draft:
        mix = destination_mix(study.records, reference_date=study.reference_date, level=level,
                              min_people=study.policy.threshold)
        frame = mix[[level, "people"]].copy()
        frame.insert(1, "label", [study.labels.level(level, str(code)) for code in frame[level]])

        def protect(policy):
            table = protect_counts(frame, count_cols="people", policy=policy, totals_known=False)
            table = display_order(table, value="people", label="label", last=[OTHER], key=level)
            if top is not None and len(table) > top:
                table = table.take(range(top))
            return table

        return Draft(frame, protect=protect)

    return compute


def _describe(level: str, template: str, fallback: str, xlabel: str | None = None) -> Callable:
    def describe(study: Study, table: Protected, done: dict) -> dict[str, Any]:
        codes = table.labels(level)
        # the rows overlap (a person in several), so only small cells are hidden
        top = leader(table, value="people", exclude=[i for i, c in enumerate(codes) if c == OTHER], hidden_small=True)
        title = _(template).format(name=table.labels("label")[top]) if top is not None else _(fallback)
        head = done[HEADLINE]
        alumni = quoted(head, "numerator", row_of(head, "measure", "alumni"))
        return {"title": title, "xlabel": _(xlabel) if xlabel else _("alumni with at least one post (people)"), "ylabel": "",
                "n": n_people(alumni, table.marker, _("alumni")),
                "notes": [_("posts after the term; a person can count in several bars"),
                          _("categories of fewer than {k} people pooled into 'Other'").format(k=table.policy.threshold)],
                "empty_message": _("Nothing to show: fewer than {k} alumni in every category.").format(
                    k=table.policy.threshold)}

    return describe


def _describe_sectors(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    meta = _describe("sector", N_("{name} drew the most alumni"), N_("Sectors alumni went to"))(study, table, done)
    peace_row = row_of(table, "sector", "un_peace_operation")
    codes = table.labels("sector")
    top = leader(table, value="people", exclude=[i for i, c in enumerate(codes) if c == OTHER], hidden_small=True)
    if peace_row is not None and top is not None and top != peace_row:
        meta["title"] = _("{name} drew the most alumni; {n} joined a UN peace operation").format(
            name=table.labels("label")[top], n=count_text(table, "people", peace_row))
    return meta


def _describe_kinds(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    meta = _describe("mission_kind", N_("{name}: the most common kind of post"), N_("Kinds of post"))(study, table, done)
    pko = row_of(table, "mission_kind", "peacekeeping")
    spm = row_of(table, "mission_kind", "political")
    if pko is not None or spm is not None:
        meta["title"] = _("{a} alumni served in UN peacekeeping operations, {b} in special political missions").format(
            a=count_text(table, "people", pko) if pko is not None else "0",
            b=count_text(table, "people", spm) if spm is not None else "0")
    return meta


EXHIBITS = [
    Exhibit("02-destinations-by-sector", _mix("sector"), _describe_sectors),
    Exhibit("02-peace-operations", _mix("operation", top=12),
            _describe("operation", N_("{name} is the peace operation most alumni joined"), N_("UN peace operations alumni joined"))),
    Exhibit("02-organisations", _mix("organisation", top=15),
            _describe("organisation", N_("{name} employed the most alumni"), N_("Organisations alumni worked for"))),
    Exhibit("02-role-families", _mix("role_family"),
            _describe("role_family", N_("{name} is the most common kind of work after the term"), N_("Kinds of work after the term"))),
    Exhibit("02-grades", _mix("grade"),
            _describe("grade", N_("{name} is the most common grade after the term"), N_("Grades of posts after the term"))),
    Exhibit("02-regions", _mix("region"),
            _describe("region", N_("{name} is the region where most alumni served"), N_("Regions where alumni served"))),
    Exhibit("02-mission-kinds", _mix("mission_kind"), _describe_kinds),
]
