"""Exhibits of notebook 04: career trajectories month by month, and a typology of careers.

Careers are monthly sequences from the term start over ten years, in the
coarse states (advisor, UN peace operation, other UN, other international,
Japanese government, other, no post). What is published:

* a chronogram of the alumni at six-month time points: the people in each
  state at each point are populations of the report's advisors (their state at
  that point is an attribute), tied by the rules a reader knows: the term is
  one spell from the start, and a history known to a month was known to every
  earlier month;
* career types of at least k people (their sizes are populations too),
  described by the share of their months in each state and a typical path at
  least k members follow (never a medoid, which is one person's career);
* moves between distinct successive states (TraMineR ``seqdss``): counts of
  events, protected like people;
* mean months in each state and the share of months followed by a change:
  statistics whose numerators (person-months, changes) are not published,
  rounded so that each implies a numerator range at least k wide;
* the index plot (one line per person) only for records declared synthetic
  *and* verified as the generator's output.

Rates of change, moves and career types need numbers to mean anything: they
are published when at least :data:`~analysis.config.SEQUENCE_MIN_PEOPLE`
careers are followed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.config import SEQUENCE_MIN_PEOPLE
from analysis.disclosure.model import Attribute, Universe, predicate
from analysis.disclosure.protect import Protected, declare_no_person_counts
from analysis.disclosure.sequences import TOTAL_STATE, typical_path
from analysis.disclosure.text import display_order, leader
from analysis.i18n import N_, _, fmt_count, fmt_pct
from analysis.measures.status import ADVISOR, NO_POST
from analysis.report.exhibits.base import Draft, Exhibit, Publication, statistic_step
from analysis.report.exhibits.wording import n_people
from analysis.report.people import NA, NO, YES, alumni
from analysis.report.study import Study
from analysis.sequences.careers import build_sequences
from analysis.sequences.clara import clara_clusters
from analysis.sequences.distances import optimal_matching
from analysis.sequences.statistics import (
    distinct_successive_states,
    mean_time_in_state,
    transition_counts,
)
from analysis.sequences.typology import cluster_sequences

__all__ = ["EXHIBITS", "HORIZON_MONTHS", "STEP_MONTHS"]

UNKNOWN = "unknown"

#: Months followed from the term start.
HORIZON_MONTHS = 120
#: Chronograms are drawn at every sixth month (coarser time keeps cells above k).
STEP_MONTHS = 6
#: Career types asked for (fewer when a type would hold fewer than k people).
MAX_TYPES = 4
#: The typical path is read every twelfth month (one point a year).
PATH_STEP_MONTHS = 12
#: Career types compare the first six years (term included) of careers known that long.
TYPOLOGY_MONTHS = 72
#: Above this many distinct careers the typology samples (CLARA) instead of computing every
#: pairwise distance: the full matrix grows with the square of the count.
FULL_PAM_MAX_DISTINCT = 1_000
#: CLARA: subsamples, and distinct careers in each (WeightedCluster's seqclararange draws 100
#: samples of 40 + 2k; fewer, larger samples suit a handful of types).
CLARA_SAMPLES = 5
CLARA_SAMPLE_SIZE = 1_000
ALL = "all"


def careers(study: Study, pub: Publication) -> dict[str, Any]:
    """Sequences, career types and their protected state counts, computed once per build.

    The typology compares like with like: the first :data:`TYPOLOGY_MONTHS`
    months of the careers known for at least that long (recent intakes and
    careers lost from view early are left out and counted in a note).
    """
    shared = pub.shared
    if "careers" in shared:
        return shared["careers"]
    seqs = build_sequences(study.records, reference_date=study.reference_date, anchor="term_start",
                           horizon_months=HORIZON_MONTHS, coarsen=True)
    # Alumni only: an advisor still serving would add advisor months that, set against the term
    # lengths of notebook 01 (alumni), count the people serving for that long.
    seqs = seqs[seqs.index.isin(set(pub.people.frame.index[pub.people.values("serving") == NO]))]
    states = [str(s) for s in seqs.dtypes.iloc[0].categories] if seqs.shape[1] else []
    threshold = study.policy.threshold
    followed = seqs.iloc[:, :TYPOLOGY_MONTHS]
    complete = followed.notna().all(axis=1) if followed.shape[1] == TYPOLOGY_MONTHS else followed.notna().all(axis=1) & False
    typed = followed[complete]
    too_few = len(seqs) < SEQUENCE_MIN_PEOPLE
    if too_few:
        clusters = pd.DataFrame({"cluster": pd.Series(dtype=int), "weight": pd.Series(dtype=float)})
    elif len(typed) >= threshold and len(typed.drop_duplicates()) > FULL_PAM_MAX_DISTINCT:
        clusters = _sampled_types(typed, threshold, seed=study.params.typology_seed)
    elif len(typed) >= threshold:
        distances = optimal_matching(typed, sub_costs="TRATE", indel="auto", condensed=True)
        k = min(MAX_TYPES, len(distances.counts))
        clusters = cluster_sequences(distances, k=k, method="pam", seed=study.params.typology_seed,
                                     min_size=threshold)
    else:
        clusters = pd.DataFrame({"cluster": pd.Series(dtype=int), "weight": pd.Series(dtype=float)})
    shared["careers"] = {"seqs": seqs, "typed": typed, "states": states, "clusters": clusters,
                         "left_out": int((~complete).sum()), "too_few": too_few}
    _attributes(pub, shared["careers"])
    return shared["careers"]


def _attributes(pub: Publication, found: dict[str, Any]) -> None:
    """Each alumnus's state at every drawn time point, and career type, as attributes with their rules."""
    people = pub.people
    seqs, states = found["seqs"], found["states"]
    times = list(range(0, min(HORIZON_MONTHS, seqs.shape[1]), STEP_MONTHS))
    found["times"] = times
    domain = (NA, UNKNOWN, *states)
    for t in times:
        column = seqs[t].astype(object).where(seqs[t].notna(), UNKNOWN) if t in seqs.columns else UNKNOWN
        values = pd.Series(column, index=seqs.index).reindex(people.frame.index).fillna(NA)
        name = f"st{t}"
        people.add(name, values, domain)
        people.rule("an advisor still serving is not in the chronogram", serving=YES, **{name: [*states, UNKNOWN]})
        people.rule("every alumnus is in the chronogram", serving=NO, **{name: NA})
    known = [s for s in states]
    for t, u in zip(times, times[1:], strict=False):
        people.rule("a history known to a month was known to every earlier month",
                    **{f"st{t}": UNKNOWN, f"st{u}": known})
        if t >= STEP_MONTHS:
            people.rule("the term is one spell from its start", **{f"st{t}": [s for s in domain if s != ADVISOR],
                                                                   f"st{u}": ADVISOR})
    clusters = found["clusters"]
    if len(clusters):
        labels = pd.Series([str(int(c)) for c in clusters["cluster"]], index=found["typed"].index)
        types = tuple(sorted(set(labels), key=int))
        values = labels.reindex(people.frame.index).fillna("none")
        people.add("type", values, ("none", *types))
        last = (TYPOLOGY_MONTHS // STEP_MONTHS) * STEP_MONTHS
        before = last - STEP_MONTHS
        if f"st{before}" in people.attributes:
            people.rule(f"a career typed is known through its first {TYPOLOGY_MONTHS} months",
                        type=list(types), **{f"st{before}": [NA, UNKNOWN]})
        if f"st{last}" in people.attributes:
            people.rule(f"a career known at month {last} is typed", type="none", serving=NO,
                        **{f"st{last}": known})


def _sampled_types(typed: pd.DataFrame, threshold: int, *, seed: int) -> pd.DataFrame:
    """CLARA career types: up to :data:`MAX_TYPES`, fewer while a type holds fewer than ``threshold``."""
    k = MAX_TYPES
    while True:
        clusters = clara_clusters(typed, k=k, sub_costs="TRATE", indel="auto", samples=CLARA_SAMPLES,
                                  sample_size=CLARA_SAMPLE_SIZE, seed=seed)
        if k == 1 or clusters.groupby("cluster")["weight"].sum().min() >= threshold:
            clusters.attrs.update(k_requested=MAX_TYPES, seed=seed)
            return clusters
        k -= 1


def _withheld(title: str) -> dict[str, Any]:
    """What a pattern exhibit says when too few careers are followed for it to mean anything."""
    return {"title": title, "publishable": False,
            "empty_message": _("Fewer than {m} careers are followed: too few for rates of change, moves and career "
                               "types to be read, so they are not published.").format(m=SEQUENCE_MIN_PEOPLE)}


def _chronogram(study: Study, pub: Publication) -> Draft:
    """People in each state at each time point (and the number known), as populations of the advisors."""
    found = careers(study, pub)
    frame = pub.people.frame
    rows, cells = [], []
    for t in found["times"]:
        column = frame[f"st{t}"]
        for state in found["states"]:
            rows.append({"panel": ALL, "time": t, "state": state, "people": int((column == state).sum()),
                         "label": study.labels.state(state)})
            cells.append(alumni(**{f"st{t}": state}))
        rows.append({"panel": ALL, "time": t, "state": TOTAL_STATE, "people": int(column.isin(found["states"]).sum()),
                     "label": _("All known")})
        cells.append(alumni(**{f"st{t}": found["states"]}))
    table = pd.DataFrame(rows, columns=["panel", "time", "state", "people", "label"]).astype({"people": "int64"})
    # points after the last with anyone known are not drawn; the rest are drawn where their stack is shown
    last = table.loc[(table["state"] == TOTAL_STATE) & (table["people"] > 0), "time"].max()
    keep = table["time"] <= (last if last == last else -1)
    table, cells = table[keep].reset_index(drop=True), [c for c, k in zip(cells, keep, strict=True) if k]

    def finish(protected: Protected) -> Protected:
        data = protected.data
        totals = data["state"] == TOTAL_STATE
        shown = pd.Series(~protected.hidden("people") & totals.to_numpy(), index=data.index)
        drawn_times = set(data.loc[shown & (data["people"].fillna(0) > 0), "time"])
        return protected.with_labels(drawn=["yes" if t in drawn_times else "no" for t in data["time"]])

    return Draft(table, cells={"people": cells}, finish=finish)


def _post_term_leader(table: Protected) -> int | None:
    """Row of the state (other than advisor and no post) that certainly holds the most people summed
    over the drawn time points: its shown total beats the runner-up's even if every hidden cell were
    the runner-up's.
    """
    frame = table.data.assign(hidden=table.hidden("people"))
    frame = frame[frame["drawn"] == "yes"]
    hidden_total = 0.0
    for _time, group in frame.groupby("time"):
        total = group.loc[group["state"] == TOTAL_STATE, "people"]
        shown = group.loc[(group["state"] != TOTAL_STATE) & ~group["hidden"], "people"].sum()
        if len(total) and pd.notna(total.iloc[0]):
            hidden_total += float(total.iloc[0]) - float(shown)
    frame = frame[~frame["state"].isin([ADVISOR, NO_POST, TOTAL_STATE]) & ~frame["hidden"]]
    totals = frame.groupby("state")["people"].sum().sort_values(ascending=False)
    totals = totals[totals > 0]
    if totals.empty:
        return None
    runner_up = float(totals.iloc[1]) if len(totals) > 1 else 0.0
    if float(totals.iloc[0]) <= runner_up + hidden_total:
        return None
    return table.labels("state").index(totals.index[0])


def _describe_chronogram(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    top = _post_term_leader(table)
    title = (_("After the term, {state} holds the largest share of careers").format(state=table.labels("label")[top])
             if top is not None else _("Careers month by month after the term started"))
    totals = [v for s, v, d in zip(table.labels("state"), table.values("people"), table.labels("drawn"), strict=True)
              if s == TOTAL_STATE and d == "yes" and v == v]
    n = _("n = {n} alumni at the start, fewer later").format(n=fmt_count(totals[0])) if totals else ""
    return {"title": title, "xlabel": _("months since the term started"),
            "ylabel": _("share of people whose state is known (%)"), "n": n,
            "notes": [_("every {step} months; states of fewer than {k} people, and cells that would let one be worked "
                        "out, pooled in grey (c)").format(step=STEP_MONTHS, k=table.policy.threshold),
                      _("a time point whose number of people known is hidden is not drawn")]}


def _index_plot(study: Study, pub: Publication) -> Draft:
    seqs = careers(study, pub)["seqs"]

    def protect(policy):
        if not study.index_plot_allowed:
            empty = declare_no_person_counts(pd.DataFrame({"state": pd.Series(dtype=str)}), policy=policy)
            return empty.with_meta(publishable=False)
        frame = seqs.astype(object).where(seqs.notna(), None).reset_index(drop=True)
        frame.columns = [str(c) for c in frame.columns]
        return declare_no_person_counts(frame, policy=policy).with_meta(publishable=True)

    return Draft(pd.DataFrame(), protect=protect)


def _describe_index_plot(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if not study.index_plot_allowed:
        return {"title": _("Index plot withheld: one line per person is drawn only for declared synthetic data"),
                "publishable": False,
                "empty_message": _("One line per person is one person's career: this chart is drawn only for "
                                   "data declared synthetic and verified as the generator's output.")}
    return {"title": _("Every career, one line per person, sorted by path (synthetic data only)"),
            "xlabel": _("months since the term started"), "ylabel": _("advisors (one line each)"),
            "n": n_people(float(len(table)), table.marker, _("advisors")),
            "notes": [_("individual-level chart: synthetic data only")]}


def _moves(study: Study, pub: Publication) -> Draft:
    """Moves between distinct successive states: a universe of events (one per move), from and to."""
    found = careers(study, pub)
    states = found["states"]
    dss = distinct_successive_states(found["seqs"]) if len(found["seqs"]) else pd.DataFrame()
    pairs = []
    for person, row in dss.iterrows():
        spells = [v for v in row.tolist() if v is not None and v == v]
        pairs += [(f"{person}:{i}", a, b) for i, (a, b) in enumerate(zip(spells, spells[1:], strict=False))]
    events = pd.DataFrame(pairs, columns=["move", "from", "to"]).set_index("move")
    universe = Universe("moves", events, [Attribute("from", tuple(states)), Attribute("to", tuple(states))],
                        unit="events")
    rows, cells = [], []
    used = [s for s in states if (events["from"] == s).any() or (events["to"] == s).any()]
    for a in used:
        for b in used:
            if a == b:
                continue
            rows.append({"from_state": a, "to_state": b, "from_label": study.labels.state(a),
                         "to_label": study.labels.state(b),
                         "moves": int(((events["from"] == a) & (events["to"] == b)).sum())})
            cells.append(predicate("moves", **{"from": a, "to": b}))
    frame = pd.DataFrame(rows, columns=["from_state", "to_state", "from_label", "to_label", "moves"]).astype(
        {"moves": "int64"})
    return Draft(frame, cells={"moves": cells}, universes=[universe], meta={"too_few": found["too_few"]})


def _describe_moves(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if table.meta.get("too_few"):
        return _withheld(_("Moves between successive states: too few careers to publish"))
    values = table.values("moves")
    top = leader(table, value="moves", hidden_small=False) if len(table) else None
    if top is not None and values[top] > 0:
        title = _("The most frequent move: from {a} to {b}").format(a=table.labels("from_label")[top],
                                                                    b=table.labels("to_label")[top])
    else:
        # a hidden cell may hold as many moves as a shown one: no move is named the most frequent
        title = _("Moves between successive states")
    return {"title": title, "xlabel": _("next state"), "ylabel": _("state before the move"),
            "notes": [_("moves between distinct successive states (TraMineR seqdss); cells of fewer than {k} moves "
                        "shown as c").format(k=table.policy.threshold)]}


def _monthly(study: Study, pub: Publication) -> Draft:
    """Month to month: the share of each state's person-months followed by a change of state.

    Neither the changes nor the person-months are published: the share is a
    statistic rounded so that the changes it implies span at least k.
    """
    found = careers(study, pub)
    counts = (transition_counts(found["seqs"], alphabet=found["states"]) if len(found["seqs"])
              else pd.DataFrame(0, index=found["states"], columns=found["states"]))
    total = counts.sum(axis=1)
    stays = pd.Series(np.diag(counts.to_numpy()), index=counts.index)
    frame = pd.DataFrame({"state": counts.index, "label": [study.labels.state(s) for s in counts.index],
                          "change_rate": ((total - stays) / total.where(total > 0)).to_numpy(dtype=float),
                          "months": total.to_numpy(dtype=float)})
    frame = frame[frame["months"] > 0].reset_index(drop=True)
    denominators = frame.pop("months").to_numpy()
    return Draft(frame, statistics={"change_rate": denominators}, meta={"too_few": found["too_few"], "csv": True},
                 finish=lambda t: display_order(t, value="change_rate", label="label"))


def _describe_monthly(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if table.meta.get("too_few"):
        return _withheld(_("Changes of state month to month: too few careers to publish"))
    rates = [v for v in table.values("change_rate") if v == v]
    title = (_("Careers are stable month to month: in every state shown, at most {pct} of months are followed by "
               "a change").format(pct=fmt_pct(max(rates))) if rates else _("Changes of state month to month"))
    return {"title": title, "xlabel": _("share of months followed by a change of state (%)"), "ylabel": "",
            "notes": [_("person-months followed from the term start; each share rounded so that the number of changes "
                        "it implies spans at least {k}").format(k=table.policy.threshold)]}


def _mean_time(study: Study, pub: Publication) -> Draft:
    """Mean months per alumnus in each state: person-months / alumni, rounded so the months it implies span k."""
    found = careers(study, pub)
    seqs, states = found["seqs"], found["states"]
    mean = mean_time_in_state(seqs, alphabet=states) if len(seqs) else pd.Series(0.0, index=states)
    frame = pd.DataFrame({"state": states, "label": [study.labels.state(s) for s in states],
                          "mean_months": mean.reindex(states).to_numpy(dtype=float)})
    return Draft(frame, statistics={"mean_months": np.full(len(frame), float(len(seqs)))},
                 meta={"too_few": found["too_few"], "csv": True},
                 finish=lambda t: display_order(t, value="mean_months", label="label"))


def _describe_mean_time(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if table.meta.get("too_few"):
        return _withheld(_("Time in each state: too few careers to publish"))
    return {"title": _("Average months in each state over the first {h} months").format(h=HORIZON_MONTHS),
            "xlabel": _("mean months per person"), "ylabel": "",
            "notes": [_("means rounded to {step} months").format(step=f"{table.meta['precision']['mean_months'] or 1:g}")]}


_TYPE_NAMES = {
    "UN peace operation": N_("UN field careers"),
    "other UN": N_("Other UN careers"),
    "other international": N_("Other international organisations"),
    "Japanese government": N_("Japanese government"),
    "other": N_("Government, NGO, academia or private sector"),
    NO_POST: N_("Mostly no post recorded"),
}


def type_state_shares(typed: pd.DataFrame, clusters: pd.DataFrame, states: list[str]) -> pd.DataFrame:
    """Per type and state: the share of the type's months spent in the state, and the people ever in it."""
    rows = []
    for cluster in sorted(clusters["cluster"].unique()):
        members = typed[clusters["cluster"] == cluster]
        months = members.stack().value_counts()
        total = float(months.sum())
        for state in states:
            rows.append({"type": int(cluster), "state": state, "share": float(months.get(state, 0)) / total if total else 0.0,
                         "people": int((members == state).any(axis=1).sum())})
    return pd.DataFrame(rows, columns=["type", "state", "share", "people"]).astype(
        {"type": "int64", "share": float, "people": "int64"})


def _type_name(study: Study, shares: Protected, cluster: int, taken: set[str]) -> str:
    """A type's name: the state (other than the advisor term) holding most of its shown months."""
    rows = [i for i, t in enumerate(shares.labels("type")) if t == cluster]
    shown = [(shares.values("share")[i], shares.labels("state")[i]) for i in rows
             if np.isfinite(shares.values("share")[i]) and shares.labels("state")[i] != ADVISOR]
    shown.sort(key=lambda item: (-item[0], item[1]))
    if not shown or shown[0][0] <= 0:
        return _("Mixed careers")
    hidden = sum(1 for i in rows if not np.isfinite(shares.values("share")[i]))
    hidden_share = 1 - sum(v for v, _s in shown) - sum(shares.values("share")[i] for i in rows
                                                       if shares.labels("state")[i] == ADVISOR and
                                                       np.isfinite(shares.values("share")[i]))
    if hidden and hidden_share >= shown[0][0]:
        return _("Mixed careers")
    name = _(_TYPE_NAMES[shown[0][1]]) if shown[0][1] in _TYPE_NAMES else _("Mixed careers")
    if name in taken and len(shown) > 1:
        name = _("{name}, with {other}").format(name=name, other=study.labels.state(shown[1][1]))
    return name


def _path_text(study: Study, spells: list[tuple[str, int]]) -> str:
    parts = []
    for state, points in spells:
        years = points * PATH_STEP_MONTHS / 12
        parts.append(_("{state} ({years:g} yr)").format(state=study.labels.state(state), years=years))
    return " → ".join(parts)


def _types(study: Study, pub: Publication) -> Draft:
    """Career types: size (a population: the type is an attribute), name, typical path, share of months per state.

    The shares are statistics over the type's months (people x months
    followed), rounded so that the person-months each implies span at least k.
    """
    from analysis.disclosure.policy import DisclosurePolicy

    found = careers(study, pub)
    k = study.policy.threshold
    clusters, typed, states = found["clusters"], found["typed"], found["states"]
    frame = pd.DataFrame(columns=["type", "name", "people", "typical_path"])
    cells: list = []
    shares_table = None
    if len(clusters) and not found["too_few"]:
        shares = type_state_shares(typed, clusters, states).drop(columns="people")
        sizes = clusters.groupby("cluster").size()
        months = shares["type"].map(sizes).to_numpy(dtype=float) * TYPOLOGY_MONTHS
        steps = [statistic_step(m, k) for m in months]
        step = max(s for s in steps if s is not None) if any(s is not None for s in steps) else None
        values = shares["share"].to_numpy(dtype=float)
        shares["share"] = np.round(np.round(values / step) * step, 4) if step else np.nan
        shares_table = declare_no_person_counts(shares).with_labels(
            label=[study.labels.state(s) for s in shares["state"]]).with_meta(precision={"share": step})
        policy = DisclosurePolicy("suppress", k)
        rows, taken = [], set()
        for cluster in sorted(clusters["cluster"].unique()):
            members = typed[clusters["cluster"] == cluster]
            name = _type_name(study, shares_table, int(cluster), taken)
            taken.add(name)
            path = typical_path(members, policy, every=PATH_STEP_MONTHS)
            rows.append({"type": int(cluster), "name": name, "people": len(members),
                         "typical_path": _path_text(study, path[0]) if path else _(
                             "(no path shared by {k} or more members)").format(k=k)})
            cells.append(alumni(type=str(int(cluster))))
        frame = pd.DataFrame(rows, columns=["type", "name", "people", "typical_path"])
    frame = frame.astype({"people": "int64"})
    sampling = ({key: clusters.attrs[key] for key in ("samples", "sample_size", "seed")}
                if clusters.attrs.get("method") == "clara" else None)
    total = int(frame["people"].sum()) if len(frame) else 0
    return Draft(frame, cells={"people": cells},
                 meta={"shares": shares_table, "total": total, "left_out": found["left_out"], "sampling": sampling,
                       "too_few": found["too_few"]})


def _describe_types(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if table.meta.get("too_few") or not len(table):
        return _withheld(_("Career types: too few careers to publish"))
    top = leader(table, value="people", total=table.meta.get("total"), hidden_small=False)
    title = (_("{n} career types; the largest is “{name}”").format(n=len(table), name=table.labels("name")[top])
             if top is not None and len(table) > 1 else _("Career types"))
    return {"title": title, "xlabel": _("share of the type's months in each state (%)"), "ylabel": "",
            "n": n_people(float(table.meta.get("total", 0)), table.marker, _("advisors with six years known")),
            "notes": [_("types from optimal matching (TraMineR TRATE costs) and PAM; up to {k} types, fewer when a "
                        "type would hold fewer than {m} people").format(k=MAX_TYPES, m=table.policy.threshold),
                      *([] if not table.meta.get("sampling") else [
                          _("too many distinct careers to compare every pair: PAM ran on {samples} random samples of "
                            "{size} distinct careers (CLARA, seed {seed}) and every career joined its nearest type"
                            ).format(samples=table.meta["sampling"]["samples"],
                                     size=fmt_count(table.meta["sampling"]["sample_size"]),
                                     seed=table.meta["sampling"]["seed"])]),
                      _("each type described by its states, not by one member's career"),
                      _("shares of months rounded to {step}").format(
                          step=fmt_pct((table.meta.get("shares") and table.meta["shares"].meta["precision"]["share"])
                                        or 0.01))]}


EXHIBITS = [
    Exhibit("04-chronogram", _chronogram, _describe_chronogram),
    Exhibit("04-index-plot", _index_plot, _describe_index_plot),
    Exhibit("04-moves-between-states", _moves, _describe_moves),
    Exhibit("04-monthly-changes", _monthly, _describe_monthly),
    Exhibit("04-mean-time-in-state", _mean_time, _describe_mean_time),
    Exhibit("04-career-typology", _types, _describe_types),
]
