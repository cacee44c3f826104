"""Exhibits of notebook 02: where alumni went, by sector, operation, organisation, role, grade, region.

People, not posts: a person counts once in a category and may count in
several. Categories with fewer than ``t`` people (``t`` = k) are pooled into
one "Other" row shown last, so a free-text employer is never named for fewer
than k people. What a reader can do with that:

* sectors, role families, grades and regions are fixed public lists, so the
  codes missing from a chart are exactly the pooled or empty ones, each known
  to hold fewer than ``t`` people: the pooled row is published only when it
  names none of them (:func:`pool_is_safe`), and the reader's model holds
  every code of the list with that bound;
* sectors are tied to the headline: whoever is ever in the field served in
  an in-field sector, and only they did; operations and their kinds are tied
  to the sector "UN peace operation": operations and kinds count posts in that
  sector, and every such post has a kind (or no operation recorded);
* organisations outside the peace operations are an open list (free text):
  their pooled row cannot be set against a list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.disclosure.model import POOL, Family
from analysis.disclosure.protect import Protected
from analysis.disclosure.text import display_order, leader
from analysis.i18n import N_, _
from analysis.measures.destinations import OTHER
from analysis.measures.status import post_term_placements
from analysis.records.fields import GRADES, ROLE_FAMILIES
from analysis.report.exhibits.base import Draft, Exhibit, FamilyRef, Publication
from analysis.report.exhibits.fostering import HEADLINE
from analysis.report.exhibits.wording import count_text, n_people, quoted, row_of
from analysis.report.people import NO, YES, alumni
from analysis.report.study import Study

__all__ = ["EXHIBITS", "KINDS", "MAX_OPERATIONS", "pool_is_safe"]

#: Kinds of peace-operation post (``unrecorded``: a post in the sector with no operation code).
KINDS = ("peacekeeping", "political", "support", "unrecorded")
#: At most this many operations are named; the rest join the pooled row.
MAX_OPERATIONS = 9
#: At most this many organisations are named.
MAX_ORGANISATIONS = 15


def pool_is_safe(pool: int, candidates: int, threshold: int, k: int) -> bool:
    """Whether a pooled row of ``pool`` people over ``candidates`` listed codes names none of them.

    Each candidate code holds fewer than ``threshold`` people (that is why it
    is pooled), and the pooled row is at most their sum: a code is then at
    least ``pool - (candidates - 1) * (threshold - 1)``. When that is 1 or
    more a reader knows the code holds 1..threshold-1 people.

    Examples
    --------
    >>> pool_is_safe(4, 2, 3, 3), pool_is_safe(4, 3, 3, 3), pool_is_safe(1, 1, 3, 3)
    (False, True, False)
    """
    if pool <= 0:
        return True
    return pool - (candidates - 1) * (threshold - 1) < 1


def _posts(study: Study, pub: Publication) -> pd.DataFrame:
    if "posts" not in pub.shared:
        p = post_term_placements(study.records, study.reference_date)
        alumni_ids = set(pub.people.frame.index[pub.people.values("serving") == NO])
        pub.shared["posts"] = p[p["advisor_id"].isin(alumni_ids)]
    return pub.shared["posts"]


def _membership(pub: Publication, posts: pd.DataFrame, column: str, codes: Sequence[str]) -> dict[str, np.ndarray]:
    index = pub.people.frame.index
    out = {}
    for code in codes:
        ids = set(posts.loc[posts[column] == code, "advisor_id"])
        out[code] = index.isin(list(ids))
    return out


def _split(members: dict[str, np.ndarray], threshold: int, top: int | None) -> tuple[list[str], list[str]]:
    """Codes shown (``threshold`` or more people, the largest ``top``) and pooled (the rest, zeros included)."""
    sizes = {c: int(m.sum()) for c, m in members.items()}
    shown = sorted((c for c, n in sizes.items() if n >= threshold), key=lambda c: (-sizes[c], c))
    if top is not None:
        shown = shown[:top]
    pooled = [c for c in members if c not in shown]
    return shown, pooled


def _frame(study: Study, level: str, shown: list[str], members: dict[str, np.ndarray], pool: int | None
           ) -> pd.DataFrame:
    rows = [{level: c, "label": study.labels.level(level, c), "people": int(members[c].sum())} for c in shown]
    if pool is not None:
        rows.append({level: OTHER, "label": study.labels.other(), "people": pool})
    return pd.DataFrame(rows, columns=[level, "label", "people"]).astype({"people": "int64"})


def _ordered(level: str) -> Callable[[Protected], Protected]:
    return lambda table: display_order(table, value="people", label="label", last=[OTHER], key=level)


def _sectors(study: Study, pub: Publication) -> Draft:
    """Sectors are attributes of the people (sector bits), tied to ``ever`` and to the peace operations."""
    if "sectors" in pub.shared:
        return pub.shared["sectors"]
    k = study.policy.threshold
    posts = _posts(study, pub)
    codes = [str(c) for c in study.records.reference.sectors.index]
    members = _membership(pub, posts, "sector", codes)
    people = pub.people
    names = people.bits("sector", members)
    in_field = [names[c] for c in study.records.reference.in_field_sectors if c in names]
    for name in in_field:
        people.rule("a post in an in-field sector after the term: ever in the field", ever=NO, **{name: YES})
    people.rule("ever in the field: a post in an in-field sector after the term", ever=YES,
                **{name: NO for name in in_field})
    shown, pooled = _split(members, k, None)
    union = np.zeros(len(people.frame), dtype=bool)
    for c in pooled:
        union |= members[c]
    pool = int(union.sum())
    publish_pool = pool > 0 and pool_is_safe(pool, len(pooled), k, k)
    cells = [alumni(**{names[c]: YES}) for c in shown]
    if pooled:
        pool_name = "sector:" + POOL
        people.flag(pool_name, union)
        for c in pooled:
            people.rule("a pooled sector is in the pooled row", **{pool_name: NO, names[c]: YES})
        people.rule("the pooled row holds the pooled sectors", **{pool_name: YES, **{names[c]: NO for c in pooled}})
        people.rule("an advisor still serving is in no sector", serving=YES, **{pool_name: YES})
        if publish_pool:
            cells.append(alumni(**{pool_name: YES}))
    frame = _frame(study, "sector", shown, members, pool if publish_pool else None)
    # what a reader knows of a code missing from the list: fewer than k (or none)
    bounds = [(alumni(**{names[c]: YES}), k - 1) for c in pooled]
    floors = {"people": [k] * len(shown) + [None] * (len(cells) - len(shown))}
    draft = Draft(frame, cells={"people": cells}, finish=_ordered("sector"), bounds=bounds, floors=floors,
                  meta={"pool_threshold": k, "pooled_codes": len(pooled), "pool_published": publish_pool})
    pub.shared["sectors"] = draft
    return draft


def _operations(study: Study, pub: Publication) -> tuple[list[str], str | None]:
    """Operation and kind attributes (posts in the peace-operation sector); returns shown operations."""
    if "operations" in pub.shared:
        return pub.shared["operations"]
    _sectors(study, pub)
    k = study.policy.threshold
    people = pub.people
    posts = _posts(study, pub)
    peace = posts[posts["sector"] == "un_peace_operation"]
    kinds_of = study.records.reference.operations["kind"]
    peace = peace.assign(kind=peace["operation"].map(kinds_of).fillna("unrecorded"))
    ops = sorted(str(o) for o in peace["operation"].dropna().unique())
    op_members = _membership(pub, peace, "operation", ops)
    shown, pooled = _split(op_members, k, MAX_OPERATIONS)
    peace_name = "sector:un_peace_operation"
    kind_members = _membership(pub, peace, "kind", KINDS)
    kind_names = people.bits("kind", kind_members)
    op_names = people.bits("operation", {o: op_members[o] for o in shown})
    for name in kind_names.values():
        people.rule("a kind of peace-operation post is a post in the sector", **{name: YES, peace_name: NO})
    people.rule("a post in the peace-operation sector has a kind", **{peace_name: YES,
                                                                     **{n: NO for n in kind_names.values()}})
    for op, name in op_names.items():
        kind = str(kinds_of.get(op, "unrecorded"))
        people.rule("an operation's post is of the operation's kind", **{name: YES, kind_names[kind]: NO})
    pool_name = None
    if pooled:
        pool_name = "operation:" + POOL
        union = np.zeros(len(people.frame), dtype=bool)
        for o in pooled:
            union |= op_members[o]
        people.flag(pool_name, union)
        people.rule("an advisor still serving is at no operation", serving=YES, **{pool_name: YES})
        people.rule("a pooled operation's post has a kind", **{pool_name: YES, **{
            kind_names[kd]: NO for kd in ("peacekeeping", "political", "support")}})
    for kind in ("peacekeeping", "political", "support"):
        own = [op_names[o] for o in shown if str(kinds_of.get(o)) == kind]
        where = {kind_names[kind]: YES, **{n: NO for n in own}}
        if pool_name:
            where[pool_name] = NO
        people.rule(f"a {kind} post is at a listed or a pooled operation", **where)
    people.rule("no operation is recorded only for posts without one", **{
        kind_names["unrecorded"]: YES, peace_name: NO})
    pub.shared["operations"] = (shown, pool_name, op_members, pooled)
    return pub.shared["operations"]


def _too_few_in_peace_operations(study: Study, pub: Publication) -> Draft | None:
    """The withheld exhibit when fewer than k alumni served in UN peace operations (else None).

    The sector's count is then not shown (it is pooled), and a reader knows it
    holds fewer than k: every operation and kind, each at most that many, would
    be a count of 1..k-1 however it is shown.
    """
    k = study.policy.threshold
    peace = int((pub.people.values("sector:un_peace_operation") == YES).sum()) if \
        "sector:un_peace_operation" in pub.people.attributes else 0
    if peace >= k:
        return None
    message = _("Fewer than {k} alumni served in UN peace operations: their operations and kinds of post are not "
                "shown.").format(k=k)
    frame = pd.DataFrame({"label": pd.Series(dtype=str), "people": pd.Series(dtype="int64")})
    return Draft(frame, meta={"publishable": False, "empty_message": message},
                 protect=lambda policy: Protected(data=frame, suppressed=pd.DataFrame(False, index=frame.index,
                                                                                      columns=frame.columns),
                                                  policy=policy, meta={"publishable": False,
                                                                       "empty_message": message}))


def _peace_operations(study: Study, pub: Publication) -> Draft:
    _sectors(study, pub)
    if (withheld := _too_few_in_peace_operations(study, pub)) is not None:
        return withheld
    shown, pool_name, members, pooled = _operations(study, pub)
    rows = [{"operation": o, "label": study.labels.operation(o), "people": int(members[o].sum())} for o in shown]
    cells = [alumni(**{f"operation:{o}": YES}) for o in shown]
    if pool_name:
        pool = int(pub.people.values(pool_name).eq(YES).sum())
        if pool:
            rows.append({"operation": OTHER, "label": study.labels.other(), "people": pool})
            cells.append(alumni(**{pool_name: YES}))
    frame = pd.DataFrame(rows, columns=["operation", "label", "people"]).astype({"people": "int64"})
    floors = {"people": [study.policy.threshold] * len(shown) + [None] * (len(cells) - len(shown))}
    return Draft(frame, cells={"people": cells}, finish=_ordered("operation"), floors=floors)


def _mission_kinds(study: Study, pub: Publication) -> Draft:
    _sectors(study, pub)
    if (withheld := _too_few_in_peace_operations(study, pub)) is not None:
        return withheld
    _operations(study, pub)
    values = pub.people.frame
    rows, cells = [], []
    for kind in KINDS:
        name = f"kind:{kind}"
        n = int((values[name] == YES).sum())
        if n == 0 and kind == "unrecorded":
            continue
        rows.append({"mission_kind": kind, "label": study.labels.code("mission_kind", kind), "people": n})
        cells.append(alumni(**{name: YES}))
    frame = pd.DataFrame(rows, columns=["mission_kind", "label", "people"]).astype({"people": "int64"})
    return Draft(frame, cells={"people": cells},
                 finish=lambda t: display_order(t, value="people", label="label", last=["unrecorded"],
                                                key="mission_kind"))


def _family(name: str, column: str, codes: Sequence[str] | None, *, closed: bool, top: int | None = None,
            exclude_peace: bool = False) -> Callable[[Study, Publication], Draft]:
    """A multi-valued destination with its own list (organisations, roles, grades, regions)."""

    def compute(study: Study, pub: Publication) -> Draft:
        k = study.policy.threshold
        posts = _posts(study, pub)
        if exclude_peace:
            posts = posts[posts["sector"] != "un_peace_operation"]
        present = sorted(str(c) for c in posts[column].dropna().unique())
        listed = list(codes) if codes is not None else present
        members = _membership(pub, posts, column, listed)
        shown, pooled = _split(members, k, top)
        union = np.zeros(len(pub.people.frame), dtype=bool)
        for c in pooled:
            union |= members[c]
        pool = int(union.sum())
        publish_pool = pool > 0 and (not closed or pool_is_safe(pool, len(pooled), k, k))
        family = Family(name, "advisors", alumni(), members, pool=tuple(pooled), bound=k - 1 if closed else None,
                        closed=closed)
        cells = [FamilyRef(name, c) for c in shown] + ([FamilyRef(name, POOL)] if publish_pool else [])
        frame = _frame(study, column, shown, members, pool if publish_pool else None)
        floors = {"people": [k] * len(shown) + [None] * (len(cells) - len(shown))}
        return Draft(frame, cells={"people": cells}, families=[family], finish=_ordered(column), floors=floors,
                     meta={"pool_threshold": k, "pool_published": publish_pool})

    return compute


def _describe(level: str, template: str, fallback: str, xlabel: str | None = None) -> Callable:
    def describe(study: Study, table: Protected, done: dict) -> dict[str, Any]:
        if table.meta.get("publishable") is False:
            return {"title": _(fallback), "publishable": False, "empty_message": table.meta.get("empty_message")}
        codes = table.labels(level)
        # the rows overlap (a person in several), so only small cells are hidden
        top = leader(table, value="people", exclude=[i for i, c in enumerate(codes) if c == OTHER], hidden_small=False)
        title = _(template).format(name=table.labels("label")[top]) if top is not None else _(fallback)
        head = done[HEADLINE]
        alumni_n = quoted(head, "numerator", row_of(head, "measure", "alumni"))
        notes = [_("posts after the term; a person can count in several bars"),
                 _("categories of fewer than {k} people pooled into 'Other'").format(k=table.policy.threshold)]
        if table.meta.get("pool_published") is False and table.meta.get("pooled_codes", 1):
            notes[-1] = _("categories of fewer than {k} people not shown").format(k=table.policy.threshold)
        return {"title": title, "xlabel": _(xlabel) if xlabel else _("alumni with at least one post (people)"),
                "ylabel": "", "n": n_people(alumni_n, table.marker, _("alumni")), "notes": notes,
                "empty_message": _("Nothing to show: fewer than {k} alumni in every category.").format(
                    k=table.policy.threshold)}

    return describe


def _describe_sectors(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    meta = _describe("sector", N_("{name} drew the most alumni"), N_("Sectors alumni went to"))(study, table, done)
    if table.meta.get("publishable") is False or not len(table):
        return meta
    peace_row = row_of(table, "sector", "un_peace_operation")
    codes = table.labels("sector")
    top = leader(table, value="people", exclude=[i for i, c in enumerate(codes) if c == OTHER], hidden_small=False)
    if peace_row is not None and top is not None and top != peace_row and quoted(table, "people", peace_row):
        meta["title"] = _("{name} drew the most alumni; {n} joined a UN peace operation").format(
            name=table.labels("label")[top], n=count_text(table, "people", peace_row))
    return meta


def _describe_kinds(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    meta = _describe("mission_kind", N_("{name}: the most common kind of post"),
                     N_("Posts at UN peace operations by kind"), N_("alumni with at least one such post (people)")
                     )(study, table, done)
    if table.meta.get("publishable") is False:
        return meta
    pko = quoted(table, "people", row_of(table, "mission_kind", "peacekeeping"))
    spm = quoted(table, "people", row_of(table, "mission_kind", "political"))
    if pko is not None and spm is not None:
        meta["title"] = _("{a} alumni served in UN peacekeeping operations, {b} in special political missions").format(
            a=count_text(table, "people", row_of(table, "mission_kind", "peacekeeping")),
            b=count_text(table, "people", row_of(table, "mission_kind", "political")))
    meta["notes"] = [_("posts at UN peace operations after the term; a person can count in several bars")]
    return meta


EXHIBITS = [
    Exhibit("02-destinations-by-sector", _sectors, _describe_sectors),
    Exhibit("02-peace-operations", _peace_operations,
            _describe("operation", N_("{name} is the peace operation most alumni joined"),
                      N_("UN peace operations alumni joined"))),
    Exhibit("02-organisations", _family("organisation", "organisation", None, closed=False, top=MAX_ORGANISATIONS,
                                        exclude_peace=True),
            _describe("organisation", N_("{name} employed the most alumni"), N_("Organisations alumni worked for"))),
    Exhibit("02-role-families", _family("role_family", "role_family", ROLE_FAMILIES, closed=True),
            _describe("role_family", N_("{name} is the most common kind of work after the term"),
                      N_("Kinds of work after the term"))),
    Exhibit("02-grades", _family("grade", "grade", GRADES, closed=True),
            _describe("grade", N_("{name} is the most common grade after the term"),
                      N_("Grades of posts after the term"))),
    Exhibit("02-regions", _family("region", "region", ("Africa", "Americas", "Asia-Pacific", "Europe", "Middle East"),
                                  closed=True),
            _describe("region", N_("{name} is the region where most alumni served"),
                      N_("Regions where alumni served"))),
    Exhibit("02-mission-kinds", _mission_kinds, _describe_kinds),
]
