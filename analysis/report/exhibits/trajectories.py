"""Exhibits of notebook 04: career trajectories month by month, and a typology of careers.

Careers are monthly sequences from the term start over ten years, in the
coarse states (advisor, UN peace operation, other UN, other international,
Japanese government, other, no post). What is published:

* a chronogram of the whole group at six-month time points
  (:func:`analysis.disclosure.sequences.protect_state_counts`);
* career types of at least k people, named by the state that characterises
  them, each described by the share of its months in each state (shown only
  for states at least k members were ever in) and a typical path followed by
  at least k members (never a medoid, which is one person's career);
* moves between distinct successive states (TraMineR ``seqdss``) and the
  monthly transition counts, protected as cross-tables with known margins;
* mean months in each state, for states at least k people were ever in;
* the index plot (one line per person) only for records declared synthetic
  *and* verified as the generator's output.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from analysis.config import SEQUENCE_MIN_PEOPLE
from analysis.disclosure.ledger import Ledger
from analysis.disclosure.policy import DisclosureWarning
from analysis.disclosure.protect import (
    Protected,
    declare_no_person_counts,
    mask_thin_lines,
    protect_counts,
    protect_crosstab,
    protect_means,
    protect_rates,
)
from analysis.disclosure.sequences import TOTAL_STATE, protect_state_counts, typical_path
from analysis.disclosure.text import display_order, leader
from analysis.i18n import N_, _, fmt_count, fmt_pct
from analysis.measures.outcomes import alumni
from analysis.measures.status import ADVISOR, NO_POST
from analysis.report.exhibits.base import Draft, Exhibit
from analysis.report.exhibits.fostering import HEADLINE
from analysis.report.exhibits.wording import n_people, quoted, row_of
from analysis.report.study import Study
from analysis.sequences.careers import build_sequences
from analysis.sequences.clara import clara_clusters
from analysis.sequences.distances import optimal_matching
from analysis.sequences.statistics import (
    dss_transition_counts,
    mean_time_in_state,
    state_counts,
    transition_counts,
)
from analysis.sequences.typology import cluster_sequences

__all__ = ["EXHIBITS", "HORIZON_MONTHS", "STEP_MONTHS"]

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


def careers(study: Study, shared: dict) -> dict[str, Any]:
    """Sequences, career types and their protected state counts, computed once per build.

    The typology compares like with like: the first :data:`TYPOLOGY_MONTHS`
    months of the careers known for at least that long (recent intakes and
    careers lost from view early are left out and counted in a note).
    """
    if "careers" in shared:
        return shared["careers"]
    seqs = build_sequences(study.records, reference_date=study.reference_date, anchor="term_start",
                           horizon_months=HORIZON_MONTHS, coarsen=True)
    # Alumni only: an advisor still serving would add advisor months that, set against the term
    # lengths of notebook 01 (alumni), count the people serving for that long.
    seqs = seqs[seqs.index.isin(set(alumni(study.records, study.reference_date)["advisor_id"]))]
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
    counts = state_counts(seqs, alphabet=states, every=STEP_MONTHS).assign(panel=ALL)
    shared["careers"] = {"seqs": seqs, "typed": typed, "states": states, "clusters": clusters, "counts": counts,
                         "left_out": int((~complete).sum()), "protected": {}, "too_few": too_few}
    return shared["careers"]


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
    """What a sequence exhibit says when too few careers are followed to publish it."""
    return {"title": title, "publishable": False,
            "empty_message": _("Fewer than {m} careers are followed: month-by-month career charts and tables of so "
                               "few people could be combined to rebuild parts of single careers, so they are not "
                               "published.").format(m=SEQUENCE_MIN_PEOPLE)}


def _alumni_hidden(done: dict) -> dict[str, Any] | None:
    """The withheld exhibit when the report hides the number of alumni, which these charts count; else None."""
    head = done[HEADLINE]
    if quoted(head, "numerator", row_of(head, "measure", "alumni")) is not None:
        return None
    return {"title": _("Careers month by month: not published for these records"), "publishable": False,
            "empty_message": _("The careers followed here are every alumnus's, and the report does not publish "
                               "the number of alumni (it would give away how many are still serving, fewer than "
                               "{k}): month-by-month charts, which count them, are not published.").format(
                k=head.policy.threshold)}


def _protected_counts(study: Study, shared: dict, policy) -> Protected:
    found = careers(study, shared)
    if policy not in found["protected"]:
        # The typology's size is the number known through its first TYPOLOGY_MONTHS months: a height
        # published between two time points, which the drop rule must count as drawn.
        typed = len(found["typed"]) if len(found["clusters"]) else 0
        fixed = {ALL: [(TYPOLOGY_MONTHS - 1, typed)]} if typed else None
        found["protected"][policy] = protect_state_counts(found["counts"], policy, fixed=fixed)
    return found["protected"][policy]


def _with_labels(study: Study, table: Protected) -> Protected:
    labels = [study.labels.state(s) if s != TOTAL_STATE else _("All known") for s in table.labels("state")]
    return table.with_labels(label=labels)


def _chronogram(study: Study, ledger: Ledger, shared: dict) -> Draft:
    careers(study, shared)

    def protect(policy):
        table = _with_labels(study, _protected_counts(study, shared, policy))
        return table.with_meta(too_few=shared["careers"]["too_few"])

    return Draft(pd.DataFrame(), protect=protect)


def _post_term_leader(table: Protected) -> int | None:
    """Row of the state (other than advisor and no post) that certainly holds the most people summed
    over the drawn time points: its shown total beats the runner-up's even if every hidden cell were
    the runner-up's.
    """
    frame = table.data.assign(hidden=table.hidden("people"))
    frame = frame[frame["drawn"]]
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
    if table.meta.get("too_few"):
        return _withheld(_("Careers month by month: too few careers to publish"))
    if (withheld := _alumni_hidden(done)) is not None:
        return withheld
    top = _post_term_leader(table)
    title = (_("After the term, {state} holds the largest share of careers").format(state=table.labels("label")[top])
             if top is not None else _("Careers month by month after the term started"))
    totals = [v for s, v, d in zip(table.labels("state"), table.values("people"), table.labels("drawn"), strict=True)
              if s == TOTAL_STATE and d and v == v]
    n = _("n = {n} alumni at the start, fewer later").format(n=fmt_count(totals[0])) if totals else ""
    return {"title": title, "xlabel": _("months since the term started"),
            "ylabel": _("share of people whose state is known (%)"), "n": n,
            "notes": [_("every {step} months; states of fewer than {k} people pooled in grey (c)").format(
                step=STEP_MONTHS, k=table.policy.threshold),
                _("time points with fewer than {m} people known are not drawn").format(m=table.policy.min_at_risk)]}


def _index_plot(study: Study, ledger: Ledger, shared: dict) -> Draft:
    seqs = careers(study, shared)["seqs"]

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


def _crosstab(study: Study, shared: dict, counts: pd.DataFrame, policy) -> Protected:
    states = [s for s in counts.index if counts.loc[s].sum() > 0 or counts[s].sum() > 0]
    counts = counts.loc[states, states]
    # Margins are treated as known (the monthly changes table publishes totals close to them). A row or
    # column whose only moves are 1..k-1 cannot be protected inside the table: its total is itself a
    # small count, which the monthly changes table suppresses, so the engine's warning is expected here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        # A state with fewer than k moves out (or in): the monthly changes table hides its rate,
        # which says so, so its whole row (column) is masked.
        table = mask_thin_lines(protect_crosstab(counts.astype("int64"), policy=policy), counts)
    labels = [study.labels.state(s) for s in states]
    data = table.data.copy()
    data.index = pd.Index(labels, name=_("from"))
    data.columns = pd.Index(labels, name=_("to"))
    mask = table.suppressed.copy()
    mask.index, mask.columns = data.index, data.columns
    return Protected(data=data, suppressed=mask, policy=policy, counts=tuple(data.columns))


def _moves(study: Study, ledger: Ledger, shared: dict) -> Draft:
    found = careers(study, shared)
    counts = dss_transition_counts(found["seqs"], alphabet=found["states"]) if len(found["seqs"]) else pd.DataFrame()
    return Draft(counts, protect=lambda policy: _crosstab(study, shared, counts, policy).with_meta(
        too_few=found["too_few"]))


def _describe_moves(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if table.meta.get("too_few"):
        return _withheld(_("Moves between successive states: too few careers to publish"))
    if (withheld := _alumni_hidden(done)) is not None:
        return withheld
    values = table.data.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    values[table.suppressed.to_numpy()] = np.nan
    if np.isfinite(values).any() and np.nanmax(values) > 0:
        i, j = np.unravel_index(np.nanargmax(values), values.shape)
        title = _("The most frequent move shown: from {a} to {b}").format(a=table.index[i], b=table.columns[j])
    else:
        title = _("Moves between successive states: too few to show")
    return {"title": title, "xlabel": _("next state"), "ylabel": _("state before the move"),
            "notes": [_("moves between distinct successive states (TraMineR seqdss); cells of fewer than {k} moves, "
                        "and cells that would let one be worked out, shown as c").format(k=table.policy.threshold),
                      _("a state with fewer than {k} moves out (or in) is shown as c throughout, zeros included"
                        ).format(k=table.policy.threshold)]}


def _monthly(study: Study, ledger: Ledger, shared: dict) -> Draft:
    """Month to month: person-months in each state and the share followed by a change of state.

    Only the total of changes per state is published (a rate with its
    complement protected): where the changes go is the next table's job, and
    the monthly destination cells would repeat it almost cell for cell.
    """
    found = careers(study, shared)
    counts = (transition_counts(found["seqs"], alphabet=found["states"]) if len(found["seqs"])
              else pd.DataFrame(0, index=found["states"], columns=found["states"]))
    total = counts.sum(axis=1)
    stays = pd.Series(np.diag(counts.to_numpy()), index=counts.index)
    frame = pd.DataFrame({"state": counts.index, "label": [study.labels.state(s) for s in counts.index],
                          "changes": (total - stays).astype("int64").to_numpy(),
                          "person_months": total.astype("int64").to_numpy()})
    frame = frame[frame["person_months"] > 0].reset_index(drop=True)
    frame["change_rate"] = frame["changes"] / frame["person_months"]

    def protect(policy):
        table = protect_rates(frame, numerator="changes", denominator="person_months", rate_cols="change_rate",
                              policy=policy)
        # The counts stay unpublished: changes are the row sums of the moves table, and person-months
        # next to the mean time in state would give how many people end their history in each state.
        table = table.without("changes", "person_months").with_meta(too_few=found["too_few"], csv=True)
        return display_order(table, value="change_rate", label="label")

    return Draft(frame, protect=protect)


def _describe_monthly(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if table.meta.get("too_few"):
        return _withheld(_("Changes of state month to month: too few careers to publish"))
    if (withheld := _alumni_hidden(done)) is not None:
        return withheld
    rates = [v for v in table.values("change_rate") if v == v]
    hidden = table.hidden("change_rate").any()
    title = (_("Careers are stable month to month: in every state shown, at most {pct} of months are followed by "
               "a change").format(pct=fmt_pct(max(rates))) if rates else _("Changes of state month to month"))
    return {"title": title, "xlabel": _("share of months followed by a change of state (%)"), "ylabel": "",
            "notes": [_("person-months followed from the term start; rates on fewer than {k} changes (or all but "
                        "fewer than {k}) shown as c").format(k=table.policy.threshold)] if hidden else
            [_("person-months followed from the term start")]}


def _mean_time(study: Study, ledger: Ledger, shared: dict) -> Draft:
    found = careers(study, shared)
    seqs, states = found["seqs"], found["states"]
    mean = mean_time_in_state(seqs, alphabet=states) if len(seqs) else pd.Series(0.0, index=states)
    ever = pd.Series({s: int((seqs == s).any(axis=1).sum()) for s in states}) if len(seqs) else pd.Series(0, index=states)
    frame = pd.DataFrame({"state": states, "label": [study.labels.state(s) for s in states],
                          "mean_months": mean.reindex(states).to_numpy(dtype=float),
                          "people": ever.reindex(states).to_numpy(dtype="int64")})

    def protect(policy):
        table = protect_means(frame, mean_cols="mean_months", n_col="people", policy=policy)
        # The number of people behind each mean stays unpublished: mean x people is the months spent
        # in the state, which other tables could be subtracted from.
        table = table.without("people").with_meta(too_few=found["too_few"], csv=True)
        return display_order(table, value="mean_months", label="label")

    return Draft(frame, protect=protect)


def _describe_mean_time(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if table.meta.get("too_few"):
        return _withheld(_("Time in each state: too few careers to publish"))
    if (withheld := _alumni_hidden(done)) is not None:
        return withheld
    return {"title": _("Average months in each state over the first {h} months").format(h=HORIZON_MONTHS),
            "xlabel": _("mean months per person"), "ylabel": "",
            "notes": [_("means shown for states at least {k} people were ever in").format(k=table.policy.threshold)]}


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


def _types(study: Study, ledger: Ledger, shared: dict) -> Draft:
    """Career types: size, name, typical path, and the share of months in each state.

    A state's share of a type's months is shown only when at least k of its
    members were ever in that state (the rest are pooled as "c"), and a type
    never has fewer than k members, so no bar describes one person.
    """
    found = careers(study, shared)

    def protect(policy):
        clusters, typed, states = found["clusters"], found["typed"], found["states"]
        # Whole percentages: exact shares times the type's months give its person-months per state.
        shares = type_state_shares(typed, clusters, states).assign(share=lambda f: f["share"].round(2))
        shares_protected = protect_means(shares, mean_cols="share", n_col="people", policy=policy)
        shares_protected = shares_protected.with_labels(label=[study.labels.state(s) for s in shares["state"]])
        rows, taken = [], set()
        for cluster in sorted(clusters["cluster"].unique()):
            members = typed[clusters["cluster"] == cluster]
            name = _type_name(study, shares_protected, int(cluster), taken)
            taken.add(name)
            path = typical_path(members, policy, every=PATH_STEP_MONTHS)
            rows.append({"type": int(cluster), "name": name, "people": len(members),
                         "typical_path": _path_text(study, path[0]) if path else _(
                             "(no path shared by {k} or more members)").format(k=policy.threshold)})
        frame = pd.DataFrame(rows, columns=["type", "name", "people", "typical_path"])
        total = int(frame["people"].sum()) if len(frame) else 0
        table = protect_counts(frame.astype({"people": "int64"}), count_cols="people", policy=policy)
        sampling = ({key: clusters.attrs[key] for key in ("samples", "sample_size", "seed")}
                    if clusters.attrs.get("method") == "clara" else None)
        return table.with_meta(shares=shares_protected, total=total, left_out=found["left_out"], sampling=sampling,
                               too_few=found["too_few"])

    return Draft(pd.DataFrame(), protect=protect)


def _describe_types(study: Study, table: Protected, done: dict) -> dict[str, Any]:
    if table.meta.get("too_few"):
        return _withheld(_("Career types: too few careers to publish"))
    if (withheld := _alumni_hidden(done)) is not None:
        return withheld
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
                      _("a state's share shown when at least {m} members were ever in it").format(
                          m=table.policy.threshold)]}


EXHIBITS = [
    Exhibit("04-chronogram", _chronogram, _describe_chronogram),
    Exhibit("04-index-plot", _index_plot, _describe_index_plot),
    Exhibit("04-moves-between-states", _moves, _describe_moves),
    Exhibit("04-monthly-changes", _monthly, _describe_monthly),
    Exhibit("04-mean-time-in-state", _mean_time, _describe_mean_time),
    Exhibit("04-career-typology", _types, _describe_types),
]
