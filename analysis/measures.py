"""Measures against the two objectives.

Every function takes the validated :class:`~analysis.loading.Records` and a
``reference_date`` and returns a tidy DataFrame whose numerators and
denominators are columns (never a bare percentage). ``by`` groups by cohort
columns (``intake_fy``, ``intake_half``, ``intake``) or any advisor column.

Definitions (DESIGN.md, "Measures against the fostering objective")
-------------------------------------------------------------------
*Alumni*: advisors whose ``term_end`` is on or before the reference date.
*In the field*: in a sector flagged ``is_in_field`` in ``sectors.csv``.
*Status* on a date: :func:`analysis.classify.status_on` (overlap rule there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from analysis.classify import classify_placements, cohort_columns, status_on
from analysis.config import DEFAULT_WINDOWS_MONTHS
from analysis.fields import GRADES
from analysis.loading import Records

DAYS_PER_MONTH = 365.25 / 12
PUBLISHED_2013_DATE = "2013-05-31"

DateLike = str | dt.date | pd.Timestamp


def _ts(date: DateLike) -> pd.Timestamp:
    return pd.Timestamp(date)


def _by(by: str | Sequence[str] | None) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def _advisors(records: Records) -> pd.DataFrame:
    return cohort_columns(records.advisors)


def _rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator > 0)).astype("Float64")


def _group_sum(frame: pd.DataFrame, by: list[str], columns: list[str]) -> pd.DataFrame:
    if not by:
        return frame[columns].sum().to_frame().T.astype("int64")
    return frame.groupby(by, observed=True, sort=True)[columns].sum().reset_index()


def alumni(records: Records, reference_date: DateLike) -> pd.DataFrame:
    """Advisors whose term ended on or before ``reference_date``, with cohort columns."""
    a = _advisors(records)
    return a[a["term_end"].notna() & (a["term_end"] <= _ts(reference_date))].reset_index(drop=True)


def knowledge_and_in_field_rates(
    records: Records,
    *,
    reference_date: DateLike,
    windows: Sequence[int] = DEFAULT_WINDOWS_MONTHS,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Knowledge rate and in-field rate at ``T`` months after term end.

    For each window ``T`` (months) and group:

    * ``alumni``: term ended on or before the reference date;
    * ``window_open``: alumni whose ``term_end + T months`` is after the
      reference date; excluded from both rates (counted here so none vanish);
    * ``eligible``: ``alumni - window_open`` (denominator of the knowledge rate);
    * ``known``: eligible alumni whose status on ``term_end + T`` is known
      (``history_confirmed_on`` on or after that date);
    * ``in_field``: known alumni in the field on that date;
    * ``knowledge_rate = known / eligible``; ``in_field_rate = in_field / known``.
    """
    ref = _ts(reference_date)
    a = alumni(records, ref).set_index("advisor_id")
    placements = classify_placements(records)
    keys = _by(by)
    rows = []
    for months in windows:
        when = a["term_end"] + pd.DateOffset(months=int(months))
        closed = when <= ref
        status = status_on(records, when.where(closed), placements)
        frame = a[keys].copy() if keys else pd.DataFrame(index=a.index)
        frame["alumni"] = 1
        frame["window_open"] = (~closed).astype(int)
        frame["eligible"] = closed.astype(int)
        frame["known"] = (closed & status["is_known"]).astype(int)
        frame["in_field"] = (closed & status["is_known"] & status["is_in_field"]).astype(int)
        summed = _group_sum(frame, keys, ["alumni", "window_open", "eligible", "known", "in_field"])
        summed.insert(0, "window_months", int(months))
        rows.append(summed)
    out = pd.concat(rows, ignore_index=True)
    out["knowledge_rate"] = _rate(out["known"], out["eligible"])
    out["in_field_rate"] = _rate(out["in_field"], out["known"])
    out.insert(0, "reference_date", ref.date().isoformat())
    return out


def _post_term(placements: pd.DataFrame, ref: pd.Timestamp) -> pd.DataFrame:
    return placements[placements["is_post_term"] & (placements["start"] <= ref)]


def ever_in_field(
    records: Records, *, reference_date: DateLike, by: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Alumni with any in-field placement after the term, up to the reference date.

    ``ever_in_field / alumni``: comparable in form to the one published figure
    (about 40% of the 34 who had finished by 2013-05-31, cumulative, no window).
    Placements count when they start on or after ``term_start`` and on or
    before the reference date. ``knowledge_rate`` alongside: alumni whose
    history is confirmed within the 12 months before the reference date /
    alumni (an alumnus not confirmed recently may have had a post we do not know).
    """
    ref = _ts(reference_date)
    a = alumni(records, ref)
    p = _post_term(classify_placements(records), ref)
    placed = set(p.loc[p["is_in_field"], "advisor_id"])
    frame = a[_by(by)].copy()
    frame["alumni"] = 1
    frame["ever_in_field"] = a["advisor_id"].isin(placed).astype(int)
    frame["confirmed_last_12_months"] = (a["history_confirmed_on"] >= ref - pd.DateOffset(months=12)).astype(int)
    out = _group_sum(frame, _by(by), ["alumni", "ever_in_field", "confirmed_last_12_months"])
    out["ever_in_field_rate"] = _rate(out["ever_in_field"], out["alumni"])
    out["knowledge_rate"] = _rate(out["confirmed_last_12_months"], out["alumni"])
    out.insert(0, "reference_date", ref.date().isoformat())
    return out


def currently_in_field(
    records: Records, *, reference_date: DateLike, by: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Alumni in the field now, among alumni with a recently confirmed status.

    Denominator ``confirmed``: alumni whose ``history_confirmed_on`` lies within
    the 12 months before the reference date (MOFA peacebuilding-programme
    practice: status confirmed in the last year). Their status is read on
    ``min(reference_date, history_confirmed_on)``, the latest date it is known.
    ``knowledge_rate = confirmed / alumni``.
    """
    ref = _ts(reference_date)
    a = alumni(records, ref).set_index("advisor_id")
    recent = a["history_confirmed_on"] >= ref - pd.DateOffset(months=12)
    when = a["history_confirmed_on"].clip(upper=ref).where(recent)
    status = status_on(records, when)
    frame = a[_by(by)].copy() if by else pd.DataFrame(index=a.index)
    frame["alumni"] = 1
    frame["confirmed"] = recent.astype(int)
    frame["in_field"] = (recent & status["is_in_field"]).astype(int)
    out = _group_sum(frame, _by(by), ["alumni", "confirmed", "in_field"])
    out["in_field_rate"] = _rate(out["in_field"], out["confirmed"])
    out["knowledge_rate"] = _rate(out["confirmed"], out["alumni"])
    out.insert(0, "reference_date", ref.date().isoformat())
    return out


# --- time to event -----------------------------------------------------------


def _months(delta: pd.Series) -> pd.Series:
    return delta.dt.days / DAYS_PER_MONTH


def time_to_first_in_field(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """One row per alumnus: months from term end to the first in-field post.

    ``event`` is True when an in-field post starts on or before
    ``min(reference_date, history_confirmed_on)`` (a post already held when the
    term ends counts at 0 months); otherwise the alumnus is censored there.
    ``duration_months`` uses 365.25/12-day months.
    """
    ref = _ts(reference_date)
    a = alumni(records, ref).set_index("advisor_id")
    p = _post_term(classify_placements(records), ref)
    first = p[p["is_in_field"]].groupby("advisor_id")["start"].min().reindex(a.index)
    horizon = a["history_confirmed_on"].clip(upper=ref)
    event = first.notna() & (first <= horizon)
    end = first.where(event, horizon)
    duration = _months(end - a["term_end"]).clip(lower=0)
    return pd.DataFrame({"duration_months": duration, "event": event.astype(bool),
                         "intake_fy": cohort_columns(a.reset_index()).set_index("advisor_id")["intake_fy"]})


def retention_in_field(records: Records, *, reference_date: DateLike, max_gap_months: int = 3) -> pd.DataFrame:
    """One row per alumnus who reached the field: months in the field before leaving it.

    In-field placements after the term are merged into one spell while the gap
    between them is at most ``max_gap_months``. The spell's end is the event
    (leaving the field) when it falls on or before ``min(reference_date,
    history_confirmed_on)`` and the person is not in post there; otherwise the
    spell is censored at that date.
    """
    ref = _ts(reference_date)
    a = alumni(records, ref).set_index("advisor_id")
    p = _post_term(classify_placements(records), ref)
    p = p[p["is_in_field"]].sort_values(["advisor_id", "start"])
    horizon = p["advisor_id"].map(a["history_confirmed_on"].clip(upper=ref))
    ends = p["end_effective"].where(p["end_effective"] < horizon, horizon)
    p = p.assign(end_c=ends)
    running_end = p.groupby("advisor_id")["end_c"].cummax()
    previous_end = running_end.groupby(p["advisor_id"]).shift()
    new_spell = previous_end.isna() | (p["start"] > previous_end + pd.DateOffset(months=max_gap_months))
    p["spell"] = new_spell.astype(int).groupby(p["advisor_id"]).cumsum()
    first_spell = p[p["spell"] == 1].groupby("advisor_id").agg(start=("start", "min"), end=("end_c", "max"))
    first_spell = first_spell[first_spell.index.isin(a.index)]
    limit = a["history_confirmed_on"].clip(upper=ref).reindex(first_spell.index)
    event = first_spell["end"] < limit
    duration = _months(first_spell["end"] - first_spell["start"])
    return pd.DataFrame({"duration_months": duration, "event": event.astype(bool)})


def kaplan_meier(durations: pd.DataFrame, *, confidence: float = 0.95) -> pd.DataFrame:
    """Kaplan–Meier estimate with pointwise confidence band.

    ``durations`` has ``duration_months`` and ``event`` (as returned by
    :func:`time_to_first_in_field` or :func:`retention_in_field`). Uses
    statsmodels' ``SurvfuncRight`` (Greenwood standard errors); the band is the
    log-log transformed interval (as lifelines and R's ``conf.type="log-log"``),
    which stays inside [0, 1]. Returns one row per distinct event time plus a
    row at 0: ``time_months``, ``survival``, ``ci_lower``, ``ci_upper``,
    ``at_risk``, ``events``, and ``cumulative = 1 - survival``.
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    columns = ["time_months", "survival", "ci_lower", "ci_upper", "at_risk", "events", "cumulative"]
    n = len(durations)
    start = pd.DataFrame([[0.0, 1.0, 1.0, 1.0, n, 0, 0.0]], columns=columns)
    if n == 0 or not durations["event"].any():
        return start
    sf = SurvfuncRight(durations["duration_months"].to_numpy(float), durations["event"].to_numpy(int))
    s = sf.surv_prob
    se = sf.surv_prob_se
    z = stats.norm.ppf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_s = np.log(s)
        theta = se / (s * np.abs(log_s))
        lower = s ** np.exp(z * theta)
        upper = s ** np.exp(-z * theta)
    lower = np.where((s > 0) & (s < 1), lower, s)
    upper = np.where((s > 0) & (s < 1), upper, s)
    table = pd.DataFrame({
        "time_months": sf.surv_times, "survival": s, "ci_lower": lower, "ci_upper": upper,
        "at_risk": sf.n_risk.astype(int), "events": sf.n_events.astype(int),
    })
    table["cumulative"] = 1 - table["survival"]
    return pd.concat([start, table], ignore_index=True)


def km_median(curve: pd.DataFrame) -> float:
    """Median time (months): first time the survival falls to 0.5 or below; NaN if never.

    The lifelines convention (R's ``survfit`` instead averages with the next
    event time when the curve sits exactly at 0.5); 1e-12 absorbs rounding.
    """
    below = curve.loc[curve["survival"] <= 0.5 + 1e-12, "time_months"]
    return float(below.iloc[0]) if len(below) else float("nan")


# --- destinations --------------------------------------------------------------

DESTINATION_LEVELS = ("sector", "organisation", "operation", "role_family", "grade", "region",
                      "duty_country_iso3", "mission_kind", "parent_department", "coarse_group")


def destination_mix(
    records: Records, *, reference_date: DateLike, level: str = "sector", post_term_only: bool = True
) -> pd.DataFrame:
    """Placements after the term (started by the reference date) counted by ``level``.

    Returns ``level``, ``placements`` (number of placements) and ``people``
    (distinct alumni with at least one such placement; the unit disclosure
    control protects), sorted by people then placements (descending) then name.
    """
    if level not in DESTINATION_LEVELS:
        raise ValueError(f"level must be one of {DESTINATION_LEVELS}")
    ref = _ts(reference_date)
    p = classify_placements(records)
    p = _post_term(p, ref) if post_term_only else p[p["start"] <= ref]
    p = p[p["advisor_id"].isin(alumni(records, ref)["advisor_id"])] if post_term_only else p
    p = p.dropna(subset=[level])
    out = p.groupby(level, sort=True).agg(placements=("placement_id", "size"), people=("advisor_id", "nunique")).reset_index()
    return out.sort_values(["people", "placements", level], ascending=[False, False, True], kind="stable").reset_index(drop=True)


def first_and_latest_posts(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """One row per alumnus with a post after the term: their first and latest post.

    First = earliest start (ties: overlap priority); latest = the post held on
    the latest date known (latest start on or before the reference date; ties:
    overlap priority). Columns ``first_<x>`` and ``latest_<x>`` for sector,
    grade, organisation and role_family, plus ``intake_fy``.
    """
    ref = _ts(reference_date)
    a = alumni(records, ref).set_index("advisor_id")
    p = _post_term(classify_placements(records), ref)
    p = p[p["advisor_id"].isin(a.index)]
    ordered = p.sort_values(["advisor_id", "start", "priority"])
    cols = ["sector", "grade", "organisation", "role_family"]
    first = ordered.groupby("advisor_id").first()[cols].add_prefix("first_")
    latest = ordered.groupby("advisor_id").last()[cols].add_prefix("latest_")
    out = first.join(latest)
    out["intake_fy"] = a["intake"].str.slice(0, 6).reindex(out.index)
    return out.reset_index()


def sector_flows(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """People by sector of first post after the term (rows) and latest post (columns)."""
    posts = first_and_latest_posts(records, reference_date=reference_date)
    order = records.reference.sectors.index.tolist()
    table = pd.crosstab(posts["first_sector"], posts["latest_sector"])
    present = [s for s in order if s in table.index or s in table.columns]
    return table.reindex(index=present, columns=present, fill_value=0).rename_axis(index="first_sector", columns="latest_sector")


UN_LADDER = ("UNV", "NO-A", "NO-B", "NO-C", "NO-D", "FS", "P-1", "P-2", "P-3", "P-4", "P-5", "D-1", "D-2")


def grade_progression(records: Records, *, reference_date: DateLike, by: str | None = "intake_fy") -> pd.DataFrame:
    """Grade at first post vs latest post after the term, on the UN grade ladder.

    Only alumni whose first and latest posts both carry a ladder grade
    (``UNV``, ``NO-A``...``NO-D``, ``FS``, ``P-1``...``D-2``, in that order) count.
    Per group: ``people``, ``moved_up``, ``same``, ``moved_down``,
    ``mean_steps`` (ladder positions gained, latest minus first).
    """
    posts = first_and_latest_posts(records, reference_date=reference_date)
    rank = {g: i for i, g in enumerate(UN_LADDER)}
    first = posts["first_grade"].map(rank)
    latest = posts["latest_grade"].map(rank)
    ok = first.notna() & latest.notna()
    steps = (latest - first)[ok]
    frame = pd.DataFrame({"steps": steps, "people": 1, "moved_up": (steps > 0).astype(int),
                          "same": (steps == 0).astype(int), "moved_down": (steps < 0).astype(int)})
    keys = _by(by)
    if keys:
        frame[keys] = posts.loc[ok, keys]
    out = _group_sum(frame, keys, ["people", "moved_up", "same", "moved_down"])
    sums = _group_sum(frame, keys, ["steps"])
    out["mean_steps"] = (sums["steps"] / out["people"].where(out["people"] > 0)).astype("Float64")
    return out


def grade_crosstab(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """People by grade at first post (rows) and latest post (columns), in ladder order (all grades)."""
    posts = first_and_latest_posts(records, reference_date=reference_date)
    table = pd.crosstab(posts["first_grade"], posts["latest_grade"])
    present = [g for g in GRADES if g in table.index or g in table.columns]
    return table.reindex(index=present, columns=present, fill_value=0).rename_axis(index="first_grade", columns="latest_grade")


# --- objective 2 -----------------------------------------------------------------


def fiscal_year(dates: pd.Series) -> pd.Series:
    """Japanese fiscal year (April-March) of each date, as an integer (FY2008 = 2008)."""
    return (dates.dt.year - (dates.dt.month < 4).astype(int)).astype("Int64")


def advisor_years(records: Records, *, reference_date: DateLike) -> pd.DataFrame:
    """Advisor-years served per fiscal year: days in post within the FY / 365.25.

    Terms are clipped to the reference date (serving advisors count up to it).
    Returns ``fiscal_year``, ``advisors`` (people serving at some point in the
    FY) and ``advisor_years``.
    """
    ref = _ts(reference_date)
    a = records.advisors
    a = a[a["term_start"] <= ref]
    end = a["term_end"].fillna(ref).clip(upper=ref)
    first_fy, last_fy = fiscal_year(a["term_start"]), fiscal_year(end)
    spans = pd.DataFrame({"advisor_id": a["advisor_id"], "start": a["term_start"], "end": end,
                          "fy": [list(range(int(f), int(t) + 1)) for f, t in zip(first_fy, last_fy, strict=True)]}).explode("fy")
    spans["fy"] = spans["fy"].astype(int)
    fy_start = pd.to_datetime(spans["fy"].astype(str) + "-04-01")
    fy_end = pd.to_datetime((spans["fy"] + 1).astype(str) + "-03-31")
    days = (spans["end"].where(spans["end"] < fy_end, fy_end) - spans["start"].where(spans["start"] > fy_start, fy_start)).dt.days + 1
    spans["advisor_years"] = days.clip(lower=0) / 365.25
    out = spans.groupby("fy").agg(advisors=("advisor_id", "nunique"), advisor_years=("advisor_years", "sum")).reset_index()
    return out.rename(columns={"fy": "fiscal_year"})


def secretariat_outputs(records: Records, *, reference_date: DateLike, by_type: bool = True) -> pd.DataFrame:
    """Activities per advisor-year by fiscal year (and activity type).

    Numerator ``activities``: activities starting in the fiscal year (on or
    before the reference date). Denominator ``advisor_years`` from
    :func:`advisor_years`. ``per_advisor_year = activities / advisor_years``.
    Every fiscal year with advisors appears; types with no activity show 0.
    """
    ref = _ts(reference_date)
    years = advisor_years(records, reference_date=ref)
    act = records.activities[records.activities["start"] <= ref].assign(fiscal_year=lambda d: fiscal_year(d["start"]))
    if by_type:
        from analysis.fields import ACTIVITY_TYPES

        grid = pd.MultiIndex.from_product([years["fiscal_year"], ACTIVITY_TYPES], names=["fiscal_year", "activity_type"])
        counts = act.groupby(["fiscal_year", "activity_type"]).size().reindex(grid, fill_value=0).rename("activities").reset_index()
    else:
        counts = act.groupby("fiscal_year").size().reindex(years["fiscal_year"], fill_value=0).rename("activities").reset_index()
    out = counts.merge(years, on="fiscal_year", how="left")
    out["per_advisor_year"] = (out["activities"] / out["advisor_years"].where(out["advisor_years"] > 0)).astype("Float64")
    return out


# --- headline ----------------------------------------------------------------------

HEADLINE_COLUMNS = [
    "measure", "definition", "reference_date", "numerator", "denominator", "rate",
    "knowledge_numerator", "knowledge_denominator", "knowledge_rate",
    "comparator", "comparator_value", "comparator_definition", "comparator_source",
]


def _headline_row(measure: str, definition: str, ref: str, num: int, den: int,
                  k_num: int | None = None, k_den: int | None = None, comparator: pd.Series | None = None) -> dict:
    row = {"measure": measure, "definition": definition, "reference_date": ref, "numerator": int(num),
           "denominator": int(den), "rate": num / den if den else np.nan,
           "knowledge_numerator": k_num, "knowledge_denominator": k_den,
           "knowledge_rate": (k_num / k_den) if k_den else np.nan,
           "comparator": "", "comparator_value": np.nan, "comparator_definition": "", "comparator_source": ""}
    if comparator is not None:
        as_of = "" if pd.isna(comparator["as_of"]) else f", {comparator['as_of']}"
        row.update(comparator=f"{comparator['programme']} ({comparator['value_text']}{as_of})",
                   comparator_value=float(comparator["value"]), comparator_definition=comparator["definition"],
                   comparator_source=comparator["source"])
    return row


def headline_table(records: Records, *, reference_date: DateLike, policy=None,
                   windows: Sequence[int] = DEFAULT_WINDOWS_MONTHS) -> pd.DataFrame:
    """The measures an evaluator quotes, each with its denominator and knowledge rate.

    One row per measure: ``numerator``, ``denominator``, ``rate`` (0-1), the
    knowledge rate's own numerator and denominator, and, where one exists, a
    comparator from ``data/reference/comparators.csv`` with its definition and
    source (so unlike measures are not compared unknowingly). The table is
    protected by :mod:`analysis.disclosure` under ``policy`` (default: suppress
    counts below 3).
    """
    from analysis.disclosure import DisclosurePolicy, protect_rates

    policy = policy or DisclosurePolicy()
    ref = _ts(reference_date)
    ref_text = ref.date().isoformat()
    comp = records.reference.comparators.set_index("comparable_to")

    def comparator(key: str) -> pd.Series | None:
        return comp.loc[key] if key in comp.index else None

    a = records.advisors
    appointed = int((a["term_start"] <= ref).sum())
    rows = []
    windowed = knowledge_and_in_field_rates(records, reference_date=ref, windows=windows)
    for r in windowed.itertuples():
        rows.append(_headline_row(
            f"In the field {r.window_months} months after term end",
            f"alumni in the field at term end + {r.window_months} months / alumni with known status then "
            f"({r.window_open} alumni whose window has not closed are excluded)",
            ref_text, r.in_field, r.known, r.known, r.eligible,
            comparator(f"in_field_{r.window_months}")))
    ever = ever_in_field(records, reference_date=ref).iloc[0]
    rows.append(_headline_row(
        "Ever in the field after the term",
        "alumni with any in-field post after the term / all alumni (knowledge: status confirmed in the last 12 months)",
        ref_text, ever["ever_in_field"], ever["alumni"], ever["confirmed_last_12_months"], ever["alumni"]))
    then = ever_in_field(records, reference_date=PUBLISHED_2013_DATE).iloc[0]
    rows.append(_headline_row(
        "Ever in the field, as of 2013-05-31",
        "alumni by 2013-05-31 with an in-field post started by then / alumni by 2013-05-31 (the published figure's form)",
        PUBLISHED_2013_DATE, then["ever_in_field"], then["alumni"], then["confirmed_last_12_months"], then["alumni"],
        comparator("ever_in_field_2013")))
    now = currently_in_field(records, reference_date=ref).iloc[0]
    rows.append(_headline_row(
        "Currently in the field",
        "alumni in the field on their latest confirmed date / alumni confirmed in the 12 months before the reference date",
        ref_text, now["in_field"], now["confirmed"], now["confirmed"], now["alumni"],
        comparator("currently_in_field")))
    first_window = windowed.iloc[0]
    rows.append(_headline_row(
        f"Knowledge rate {int(first_window['window_months'])} months after term end",
        "alumni whose status at term end + T is known / alumni whose term ended at least T months before the reference date",
        ref_text, first_window["known"], first_window["eligible"], first_window["known"], first_window["eligible"],
        comparator("knowledge_rate")))
    alumni_n = int(ever["alumni"])
    rows.append(_headline_row("Alumni (term ended)", f"advisors whose term ended by the reference date / advisors appointed ({appointed})",
                              ref_text, alumni_n, appointed))
    table = pd.DataFrame(rows, columns=HEADLINE_COLUMNS)
    table["knowledge_numerator"] = table["knowledge_numerator"].fillna(0).astype(int)
    table["knowledge_denominator"] = table["knowledge_denominator"].fillna(0).astype(int)
    table = protect_rates(table, numerator="numerator", denominator="denominator", rate_cols="rate", policy=policy)
    return protect_rates(table, numerator="knowledge_numerator", denominator="knowledge_denominator",
                         rate_cols="knowledge_rate", policy=policy)


# --- intervals ----------------------------------------------------------------------


def wilson_interval(numerator, denominator, confidence: float = 0.95):
    """Wilson score interval for a proportion ``numerator / denominator``.

    ``(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)`` with ``z`` the
    two-sided normal quantile of ``confidence`` (1.96 for 95%). Works on scalars
    or arrays; a zero denominator gives NaN. Returns ``(lower, upper)`` as shares (0-1).
    """
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    z = stats.norm.ppf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
        lower = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
        upper = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    if lower.ndim == 0:
        return float(lower), float(upper)
    return lower, upper
