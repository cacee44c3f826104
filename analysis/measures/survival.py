"""Time to event: time to the first in-field post, retention in the field, Kaplan-Meier.

Durations are in calendar months (:func:`analysis.measures._common.months_between`),
the same unit as the windows of :mod:`analysis.measures.outcomes`, so "24 months"
means the same date in both. Time 0 is the day after the term ended.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import (
    ndtri,  # standard normal quantile, as scipy.stats.norm.ppf (lighter import)
)

from analysis.config import RETENTION_GAP_MONTHS
from analysis.measures._common import DateLike, add_months, months_between, ts
from analysis.measures.outcomes import alumni
from analysis.measures.status import cohort_columns, post_term_placements
from analysis.records.validation import Records

__all__ = [
    "KM_COLUMNS",
    "kaplan_meier",
    "km_median",
    "km_value_at",
    "retention_in_field",
    "time_to_first_in_field",
]

#: Columns of a Kaplan-Meier table (:func:`kaplan_meier`).
KM_COLUMNS = ["time_months", "survival", "ci_lower", "ci_upper", "at_risk", "events", "censored", "cumulative"]


def time_to_first_in_field(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """One row per alumnus (index ``advisor_id``): months from term end to the first in-field post.

    The event is the first day an in-field post is held after the term
    (:func:`~analysis.measures.status.post_term_placements`): a post that
    started during the term and runs past its end counts at 0 months. It is
    an event when it falls on or before ``min(reference_date,
    history_confirmed_on)``; otherwise the alumnus is censored there.
    Columns: ``duration_months`` (calendar months after ``term_end``),
    ``event`` (bool), ``intake_fy``. A post starting the day after the term
    ends is at 0 months; a censored career counts up to the day after its
    last known day.
    """
    ref = ts(reference_date)
    a = alumni(records, ref).set_index("advisor_id")
    p = post_term_placements(records, ref)
    first = p[p["is_in_field"]].groupby("advisor_id")["outcome_start"].min().reindex(a.index)
    horizon = a["history_confirmed_on"].clip(upper=ref)
    event = first.notna() & (first <= horizon)
    # An event happens on the post's first day; a censored career is known through the
    # horizon day, so it is followed up to the day after.
    end = first.where(event, horizon + pd.Timedelta(days=1))
    time_zero = a["term_end"] + pd.Timedelta(days=1)
    duration = months_between(time_zero, end).clip(lower=0)
    intake = cohort_columns(a.reset_index()).set_index("advisor_id")["intake_fy"]
    return pd.DataFrame({"duration_months": duration, "event": event.astype(bool), "intake_fy": intake})


def retention_in_field(
    records: Records, *, reference_date: DateLike, max_gap_months: int = RETENTION_GAP_MONTHS
) -> pd.DataFrame:
    """One row per alumnus who reached the field: months in the field before leaving it.

    In-field posts held after the term are merged into one spell while the gap
    between them is at most ``max_gap_months`` calendar months (a parameter,
    shown in the chart footer). The spell starts on the first in-field day
    after the term (a post running through term end starts it at term end + 1
    day). The spell's end is the event (leaving the field) when it falls
    before ``min(reference_date, history_confirmed_on)``; otherwise the spell
    is censored there. The duration runs from the spell's first day to the
    day after its last (a spell of 1 January to 30 June lasts 6 months).
    Columns: ``duration_months``, ``event``.
    """
    ref = ts(reference_date)
    a = alumni(records, ref).set_index("advisor_id")
    p = post_term_placements(records, ref)
    p = p[p["is_in_field"] & p["advisor_id"].isin(a.index)].sort_values(["advisor_id", "outcome_start"])
    horizon = p["advisor_id"].map(a["history_confirmed_on"].clip(upper=ref))
    p = p.assign(end_c=p["end_effective"].where(p["end_effective"] < horizon, horizon))
    running_end = p.groupby("advisor_id")["end_c"].cummax()
    previous_end = running_end.groupby(p["advisor_id"]).shift()
    # A gap is the time without an in-field post: from the day after one ends to the next start.
    new_spell = previous_end.isna() | (
        p["outcome_start"] > add_months(previous_end + pd.Timedelta(days=1), max_gap_months))
    p["spell"] = new_spell.astype(int).groupby(p["advisor_id"]).cumsum()
    first = p[p["spell"] == 1].groupby("advisor_id").agg(start=("outcome_start", "min"), end=("end_c", "max"))
    limit = a["history_confirmed_on"].clip(upper=ref).reindex(first.index)
    event = first["end"] < limit
    # The spell covers its last day: it lasts until the day after.
    duration = months_between(first["start"], first["end"] + pd.Timedelta(days=1))
    return pd.DataFrame({"duration_months": duration, "event": event.astype(bool)})


def kaplan_meier(durations: pd.DataFrame, *, confidence: float = 0.95) -> pd.DataFrame:
    """Kaplan-Meier estimate with pointwise confidence band (unprotected: every event time).

    ``durations`` has ``duration_months`` and ``event`` (as returned by
    :func:`time_to_first_in_field` or :func:`retention_in_field`). Uses
    statsmodels' ``SurvfuncRight`` (Greenwood standard errors); the band is the
    log-log transformed interval (as lifelines and R's ``conf.type="log-log"``),
    which stays inside [0, 1]. Returns one row per distinct time plus a row
    at 0 (:data:`KM_COLUMNS`): ``time_months``, ``survival``, ``ci_lower``,
    ``ci_upper``, ``at_risk``, ``events``, ``censored`` (people censored at
    that time) and ``cumulative = 1 - survival``. This is the analyst's view;
    what is published goes through :func:`analysis.disclosure.survival.protect_survival`.
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    n = len(durations)
    start = pd.DataFrame([[0.0, 1.0, 1.0, 1.0, n, 0, 0, 0.0]], columns=KM_COLUMNS)
    if n == 0 or not durations["event"].any():
        start.attrs["end_months"] = float(durations["duration_months"].max()) if n else 0.0
        return start
    time = durations["duration_months"].to_numpy(float)
    event = durations["event"].to_numpy(bool)
    sf = SurvfuncRight(time, event.astype(int))
    s = sf.surv_prob
    lower, upper = loglog_band(s, sf.surv_prob_se, confidence)
    censored = pd.Series(time[~event]).value_counts().reindex(sf.surv_times, fill_value=0).to_numpy()
    table = pd.DataFrame({
        "time_months": sf.surv_times, "survival": s, "ci_lower": lower, "ci_upper": upper,
        "at_risk": sf.n_risk.astype(int), "events": sf.n_events.astype(int), "censored": censored.astype(int),
    })
    table["cumulative"] = 1 - table["survival"]
    out = pd.concat([start, table], ignore_index=True)
    out.attrs["end_months"] = float(time.max())  # the curve is defined (flat) up to the last follow-up
    return out


def loglog_band(s: np.ndarray, se: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Log-log transformed pointwise interval of a survival estimate ``s`` with standard error ``se``.

    ``theta = se / (s |log s|)``; lower ``s ** exp(z theta)``, upper ``s ** exp(-z theta)``;
    where ``s`` is 0 or 1 the band collapses onto ``s``.
    """
    s = np.asarray(s, dtype=float)
    se = np.asarray(se, dtype=float)
    z = float(ndtri(0.5 + confidence / 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        theta = se / (s * np.abs(np.log(s)))
        lower = s ** np.exp(z * theta)
        upper = s ** np.exp(-z * theta)
    inside = (s > 0) & (s < 1)
    return np.where(inside, lower, s), np.where(inside, upper, s)


def km_median(curve: pd.DataFrame, column: str = "survival") -> float:
    """Median time (months): first time ``column`` falls to 0.5 or below; NaN if never.

    The lifelines convention (R's ``survfit`` instead averages with the next
    event time when the curve sits exactly at 0.5); 1e-12 absorbs rounding.
    Pass ``column="ci_lower"`` / ``"ci_upper"`` for the limits of the median's
    confidence interval (Brookmeyer-Crowley style read-off of the band).
    """
    below = curve.loc[curve[column] <= 0.5 + 1e-12, "time_months"]
    return float(below.iloc[0]) if len(below) else float("nan")


def km_value_at(curve: pd.DataFrame, months: float, column: str = "survival") -> float:
    """Value of a Kaplan-Meier step function at ``months`` (the last step at or before it).

    ``column`` may be ``survival``, ``cumulative``, ``ci_lower`` or ``ci_upper``.
    NaN when the curve stops before ``months`` (its last time is earlier and it
    is not flat there by construction: a published curve stops where too few
    remain at risk).
    """
    c = curve.sort_values("time_months", kind="stable")
    upto = c[c["time_months"] <= months + 1e-12]
    if upto.empty:
        return float("nan")
    last_time = float(c["time_months"].iloc[-1])
    end = float(c.attrs.get("end_months", last_time))
    if months > end + 1e-12:
        return float("nan")
    return float(upto[column].iloc[-1])
