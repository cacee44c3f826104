"""Descriptive statistics of state sequences, following R TraMineR.

Input convention for every function
-----------------------------------
``seqs`` is a wide :class:`pandas.DataFrame`: one row per individual (any
index), one column per time point in chronological order (any labels), values
are state labels (strings) and ``NaN``/``None`` marks a missing state.
Sequences of different lengths are padded with trailing missing values.

Missing values follow TraMineR's defaults (``with.missing = FALSE``): a missing
state is never counted as a state. TraMineR distinguishes *void* elements
(trailing padding after the end of a sequence) from *missing* elements (leading
or internal gaps); the two only differ where a function says so
(:func:`sequence_frequencies` prints internal and leading gaps as ``*``, void is
dropped).

``weights`` are case weights aligned to the rows (a 1-D array, or a Series with
the same index as ``seqs``); the default gives every row a weight of 1. The
alphabet is the sorted set of observed states unless ``alphabet=`` lists the
states (order kept); a listed state that never occurs is reported with zeros.

States are encoded once as integer codes (``-1`` = missing) and every statistic
is computed with vectorised ``numpy`` counting (``bincount``), never with a
Python loop over individuals or time points. The one loop left is over spell
positions in :func:`turbulence`, whose distinct-subsequence count is a
recurrence along the spells of each sequence (vectorised across sequences).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "MISSING_CODE",
    "encode_states",
    "state_distribution",
    "valid_counts",
    "cross_sectional_entropy",
    "transition_rates",
    "transition_counts",
    "state_counts",
    "distinct_successive_states",
    "dss_transition_counts",
    "mean_time_in_state",
    "sequence_frequencies",
    "within_entropy",
    "turbulence",
    "substitution_costs",
    "sequence_lengths",
    "spell_strings",
]

#: Integer code of a missing (or void) element in an encoded sequence matrix.
MISSING_CODE = -1
#: Symbol TraMineR prints for a missing element (its default ``nr`` code).
MISSING_SYMBOL = "*"


# --------------------------------------------------------------------------- #
# Encoding and argument checks
# --------------------------------------------------------------------------- #
def encode_states(
    seqs: pd.DataFrame, *, alphabet: Sequence[str] | None = None
) -> tuple[np.ndarray, list[str]]:
    """Encode a wide sequence table as integer state codes.

    Parameters
    ----------
    seqs : DataFrame
        Rows = individuals, ordered columns = time points, values = states,
        missing = ``NaN``/``None``.
    alphabet : sequence of str, optional
        States in the order wanted. Default: sorted observed states.

    Returns
    -------
    codes : ndarray of int16, shape (n_rows, n_time_points)
        Position of each state in ``alphabet``; ``-1`` (:data:`MISSING_CODE`)
        for a missing element.
    alphabet : list of str

    Raises
    ------
    ValueError
        If a state occurs that is not in the given ``alphabet``, or if the
        alphabet repeats a state.
    """
    if not isinstance(seqs, pd.DataFrame):
        raise TypeError("seqs must be a wide pandas DataFrame (rows = people, columns = time)")
    n, t = seqs.shape
    raw, uniques = _factorize(seqs)
    if alphabet is None:
        alphabet = sorted(uniques)
    else:
        alphabet = list(alphabet)
        if len(set(alphabet)) != len(alphabet):
            raise ValueError("alphabet lists a state more than once")
        known = set(alphabet)
        unknown = sorted(str(u) for u in uniques if u not in known)
        if unknown:
            raise ValueError(f"states not in the alphabet: {unknown}")
    if len(alphabet) >= np.iinfo(np.int16).max:
        raise ValueError("alphabet too large (at most 32766 states)")
    position = {state: i for i, state in enumerate(alphabet)}
    # lookup[k] = alphabet position of factorize code k; the extra last entry
    # maps the NA sentinel (-1) to MISSING_CODE.
    lookup = np.array([position[u] for u in uniques] + [MISSING_CODE], dtype=np.int16)
    codes = lookup[raw].reshape(n, t)
    return codes, alphabet


def _factorize(seqs: pd.DataFrame) -> tuple[np.ndarray, list]:
    """Flat integer codes (-1 = missing) and the observed states they index.

    Fast path: when every column is categorical with the same categories (as
    :func:`analysis.sequences.careers.build_sequences` returns), the stored codes
    are used directly instead of hashing every string; the per-column step only
    collects each column's code array (vectorised over people).
    """
    dtypes = list(seqs.dtypes)
    first = dtypes[0] if dtypes else None
    if isinstance(first, pd.CategoricalDtype) and all(
        isinstance(d, pd.CategoricalDtype) and d.categories.equals(first.categories) for d in dtypes
    ):
        codes = np.column_stack([seqs[c].cat.codes.to_numpy() for c in seqs.columns]).astype(np.int64)
        present = np.flatnonzero(np.bincount(codes[codes >= 0].ravel(), minlength=len(first.categories)))
        remap = np.full(len(first.categories) + 1, -1, dtype=np.int64)
        remap[present] = np.arange(len(present))
        return remap[codes].ravel(), [first.categories[i] for i in present]
    if dtypes and all(isinstance(d, pd.StringDtype) for d in dtypes):
        # String columns (pandas' default ``str`` dtype): stack the columns' arrays
        # and factorise in their own storage, ~15x faster than converting every
        # cell to a Python object first.
        arrays = [column.array for _, column in seqs.items()]
        if all(a.dtype == arrays[0].dtype for a in arrays):
            stacked = type(arrays[0])._concat_same_type(arrays)  # ExtensionArray interface
        else:
            stacked = pd.concat([pd.Series(a) for a in arrays], ignore_index=True).array
        raw, uniques = stacked.factorize(use_na_sentinel=True)
        return raw.reshape(seqs.shape[1], -1).T.ravel(), list(uniques)
    raw, uniques = pd.factorize(seqs.to_numpy(dtype=object).ravel(), use_na_sentinel=True)
    return raw, list(uniques)


def _weights(weights: object, seqs: pd.DataFrame) -> np.ndarray:
    """Case weights as a float array aligned to the rows of ``seqs`` (default 1)."""
    n = len(seqs)
    if weights is None:
        return np.ones(n)
    if isinstance(weights, pd.Series):
        if weights.index.equals(seqs.index):
            w = weights.to_numpy(dtype=float)
        elif len(weights.index) == n and weights.index.is_unique and set(weights.index) == set(
            seqs.index
        ):
            w = weights.reindex(seqs.index).to_numpy(dtype=float)
        else:
            raise ValueError("weights Series must have the same index as seqs")
    else:
        w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or w.shape[0] != n:
        raise ValueError(f"weights must be 1-D with one value per row ({n}), got shape {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite and non-negative")
    return w


def sequence_lengths(codes: np.ndarray) -> np.ndarray:
    """Length of each encoded sequence: position of its last non-missing element + 1.

    This is TraMineR's ``seqlength`` (``with.missing = TRUE``): trailing missing
    values are void (outside the sequence), leading and internal ones count.
    An entirely missing row has length 0.
    """
    valid = codes >= 0
    t = codes.shape[1]
    last = t - np.argmax(valid[:, ::-1], axis=1)
    return np.where(valid.any(axis=1), last, 0)


def _left_justify(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Remove missing elements: valid states shifted left, ``-1`` padding on the right.

    Returns the compressed codes and the number of valid elements per row.
    """
    valid = codes >= 0
    order = np.argsort(~valid, axis=1, kind="stable")
    packed = np.take_along_axis(codes, order, axis=1)
    n_valid = valid.sum(axis=1)
    packed[np.arange(codes.shape[1])[None, :] >= n_valid[:, None]] = MISSING_CODE
    return packed, n_valid


def _state_counts_per_row(codes: np.ndarray, k: int) -> np.ndarray:
    """Number of time units each row spends in each state, shape (n_rows, k)."""
    n = codes.shape[0]
    valid = codes >= 0
    rows = np.broadcast_to(np.arange(n)[:, None], codes.shape)[valid]
    flat = rows.astype(np.int64) * k + codes[valid]
    return np.bincount(flat, minlength=n * k).reshape(n, k)


def _entropy(p: np.ndarray, axis: int) -> np.ndarray:
    """Shannon entropy (natural log) of distributions along ``axis``; 0 log 0 = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    return 0.0 - terms.sum(axis=axis)  # 0.0 - x turns -0.0 into 0.0


def _transition_counts(codes: np.ndarray, w: np.ndarray, k: int) -> np.ndarray:
    """Weighted counts of transitions between consecutive non-missing positions (k x k)."""
    a = codes[:, :-1]
    b = codes[:, 1:]
    ok = (a >= 0) & (b >= 0)
    flat = a[ok].astype(np.int64) * k + b[ok]
    ww = np.broadcast_to(w[:, None], a.shape)[ok]
    return np.bincount(flat, weights=ww, minlength=k * k).reshape(k, k)


def _rates_from_counts(counts: np.ndarray) -> np.ndarray:
    """Row-normalise transition counts; a row with no outgoing transition is all 0."""
    out = counts.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(out[:, None] > 0, counts / out[:, None], 0.0)
    return rates


def _trate_costs(rates: np.ndarray, cval: float = 2.0) -> np.ndarray:
    """TraMineR TRATE substitution costs ``cval - p(i->j) - p(j->i)``, 0 on the diagonal."""
    costs = cval - rates - rates.T
    np.fill_diagonal(costs, 0.0)
    return costs


# --------------------------------------------------------------------------- #
# Cross-sectional statistics
# --------------------------------------------------------------------------- #
def valid_counts(seqs: pd.DataFrame, weights: object = None) -> pd.Series:
    """Weighted number of individuals with a known (non-missing) state per time point.

    Matches the ``ValidStates`` element of TraMineR ``seqstatd(seqdata,
    weighted = TRUE, with.missing = FALSE)``: the sum of the case weights of the
    rows whose state at that time point is not missing (void or internal gap).

    Parameters
    ----------
    seqs : DataFrame
        Wide sequence table (see module docstring).
    weights : array-like or Series, optional
        Case weights aligned to the rows; default 1 for every row, which makes
        the result a head count.

    Returns
    -------
    Series
        Indexed by time point (the columns of ``seqs``), unit: weighted persons.
    """
    w = _weights(weights, seqs)
    known = seqs.notna().to_numpy()
    return pd.Series(w @ known, index=seqs.columns, name="n_valid", dtype=float)


def state_distribution(
    seqs: pd.DataFrame, weights: object = None, *, alphabet: Sequence[str] | None = None
) -> pd.DataFrame:
    """Cross-sectional state distribution at every time point (TraMineR ``seqstatd``).

    Matches the ``Frequencies`` table of ``seqstatd(seqdata, weighted = TRUE,
    with.missing = FALSE)``: the share of each state among the individuals whose
    state is *known* at that time point. Missing elements (void or internal
    gaps) are excluded from numerator and denominator.

    Parameters
    ----------
    seqs : DataFrame
        Wide sequence table (see module docstring).
    weights : array-like or Series, optional
        Case weights; default 1 per row.
    alphabet : sequence of str, optional
        States to report, in order; unobserved states get zero shares.

    Returns
    -------
    DataFrame
        Index = states, columns = time points. Values are proportions in
        [0, 1] whose denominator is the weighted number of valid states at the
        time point; each column sums to 1, or is all ``NaN`` when no state is
        known at that time point. ``df.attrs["n_valid"]`` holds that
        denominator as a Series (see :func:`valid_counts`).
    """
    codes, alphabet = encode_states(seqs, alphabet=alphabet)
    w = _weights(weights, seqs)
    k = len(alphabet)
    n, t = codes.shape
    valid = codes >= 0
    flat = (np.arange(t, dtype=np.int64)[None, :] * k + codes)[valid]
    ww = np.broadcast_to(w[:, None], codes.shape)[valid]
    counts = np.bincount(flat, weights=ww, minlength=t * k).reshape(t, k)
    n_valid = counts.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = counts / n_valid[:, None]
    shares[n_valid == 0] = np.nan
    out = pd.DataFrame(shares.T, index=pd.Index(alphabet, name="state"), columns=seqs.columns)
    out.attrs["n_valid"] = pd.Series(n_valid, index=seqs.columns, name="n_valid")
    return out


def cross_sectional_entropy(
    seqs: pd.DataFrame,
    weights: object = None,
    *,
    alphabet: Sequence[str] | None = None,
    normalise: bool = True,
) -> pd.Series:
    """Shannon entropy of the state distribution at each time point.

    Matches the ``Entropy`` element of TraMineR ``seqstatd(seqdata, weighted =
    TRUE, with.missing = FALSE, norm = TRUE)``: ``-sum(p * log(p))`` over the
    shares of :func:`state_distribution` (missing states excluded), divided by
    ``log(alphabet size)`` when ``normalise`` (the alphabet size counts states
    given in ``alphabet`` that never occur).

    Returns
    -------
    Series
        Indexed by time point. Normalised: in [0, 1]; otherwise in nats.
        ``NaN`` where no state is known at the time point; with a one-state
        alphabet the normalised value is ``NaN`` (0/0, as in TraMineR).
    """
    dist = state_distribution(seqs, weights, alphabet=alphabet)
    p = dist.to_numpy().T
    h = _entropy(np.nan_to_num(p), axis=1)
    h[dist.attrs["n_valid"].to_numpy() == 0] = np.nan
    if normalise:
        with np.errstate(divide="ignore", invalid="ignore"):
            h = h / np.log(len(dist.index))
    return pd.Series(h, index=seqs.columns, name="entropy")


# --------------------------------------------------------------------------- #
# Transitions and durations
# --------------------------------------------------------------------------- #
def transition_rates(
    seqs: pd.DataFrame, weights: object = None, *, alphabet: Sequence[str] | None = None
) -> pd.DataFrame:
    """Transition rates between states (TraMineR ``seqtrate``).

    Matches ``seqtrate(seqdata, time.varying = FALSE, weighted = TRUE, lag = 1,
    with.missing = FALSE)``: the rate from state *i* to state *j* is the
    weighted number of positions *t* with state *i* at *t* and *j* at *t + 1*,
    divided by the weighted number of positions with *i* at *t* and a
    non-missing state at *t + 1*. Transitions are only counted between two
    consecutive non-missing positions (a gap or the end of a sequence breaks
    the chain); self-transitions (staying in a state) are counted.

    A state with no outgoing transition (never observed, or only observed
    right before a gap or at the end of a sequence) gets a row of zeros,
    exactly as TraMineR does; such a row does not sum to 1.

    Returns
    -------
    DataFrame
        Index = origin state (``from``), columns = destination state (``to``),
        values = proportions in [0, 1]. ``df.attrs["n_from"]`` is the weighted
        number of transitions out of each state (the denominator).
    """
    codes, alphabet = encode_states(seqs, alphabet=alphabet)
    w = _weights(weights, seqs)
    counts = _transition_counts(codes, w, len(alphabet))
    rates = _rates_from_counts(counts)
    out = pd.DataFrame(
        rates, index=pd.Index(alphabet, name="from"), columns=pd.Index(alphabet, name="to")
    )
    out.attrs["n_from"] = pd.Series(counts.sum(axis=1), index=alphabet, name="n_from")
    return out


def transition_counts(
    seqs: pd.DataFrame, weights: object = None, *, alphabet: Sequence[str] | None = None
) -> pd.DataFrame:
    """Weighted numbers of transitions behind :func:`transition_rates` (same rules, counts not shares).

    Returns
    -------
    DataFrame
        Index = origin state (``from``), columns = destination state (``to``),
        values = weighted numbers of consecutive non-missing position pairs
        (person-months for monthly sequences), staying included.
    """
    codes, alphabet = encode_states(seqs, alphabet=alphabet)
    counts = _transition_counts(codes, _weights(weights, seqs), len(alphabet))
    return pd.DataFrame(counts, index=pd.Index(alphabet, name="from"), columns=pd.Index(alphabet, name="to"))


def state_counts(
    seqs: pd.DataFrame, weights: object = None, *, alphabet: Sequence[str] | None = None, every: int = 1
) -> pd.DataFrame:
    """Weighted number of individuals in each state at every ``every``-th time point (long table).

    The counts behind :func:`state_distribution` (TraMineR ``seqstatd``
    frequencies times the valid count), at time points ``columns[::every]``.

    Returns
    -------
    DataFrame
        Columns ``time`` (the column label), ``state``, ``people`` (weighted
        count; a whole number without weights), one row per time point and
        state of the alphabet, zeros included, time-major.
    """
    if every < 1:
        raise ValueError("every must be at least 1")
    picked = seqs.iloc[:, ::every]
    codes, alphabet = encode_states(picked, alphabet=alphabet)
    w = _weights(weights, seqs)
    k = len(alphabet)
    t = codes.shape[1]
    valid = codes >= 0
    flat = (np.arange(t, dtype=np.int64)[None, :] * k + codes)[valid]
    counts = np.bincount(flat, weights=np.broadcast_to(w[:, None], codes.shape)[valid], minlength=t * k)
    return pd.DataFrame({
        "time": np.repeat(np.asarray(picked.columns), k),
        "state": np.tile(np.asarray(alphabet, dtype=object), t),
        "people": counts if weights is not None else counts.astype(np.int64),
    })


def distinct_successive_states(seqs: pd.DataFrame) -> pd.DataFrame:
    """Each sequence as its distinct successive states (TraMineR ``seqdss``), left-justified.

    Missing elements are dropped first (a gap does not split a spell), then
    runs of the same state collapse to one element: ``A A B B B A`` -> ``A B A``.

    Returns
    -------
    DataFrame
        Same index as ``seqs``; columns 0, 1, ... (spell number); values the
        states, missing after the last spell.
    """
    codes, alphabet = encode_states(seqs)
    packed, n_valid = _left_justify(codes)
    if packed.shape[1] == 0:
        return pd.DataFrame(index=seqs.index)
    starts = np.ones_like(packed, dtype=bool)
    starts[:, 1:] = packed[:, 1:] != packed[:, :-1]
    starts &= packed >= 0
    n_spells = starts.sum(axis=1)
    width = int(n_spells.max()) if len(n_spells) else 0
    out = np.full((len(packed), width), MISSING_CODE, dtype=np.int16)
    rows, cols = np.nonzero(starts)
    position = np.cumsum(starts, axis=1)[rows, cols] - 1
    out[rows, position] = packed[rows, cols]
    labels = np.array([*alphabet, None], dtype=object)
    return pd.DataFrame(labels[out], index=seqs.index, columns=pd.RangeIndex(width, name="spell"))


def dss_transition_counts(
    seqs: pd.DataFrame, weights: object = None, *, alphabet: Sequence[str] | None = None
) -> pd.DataFrame:
    """Moves between distinct successive states: how often state *i* is followed by a different state *j*.

    The transition matrix of :func:`distinct_successive_states` (the
    ``seqdss`` view, where the movement is: the monthly matrix is near the
    identity). Counts are weighted numbers of moves; the diagonal is 0.

    Returns
    -------
    DataFrame
        Index = origin state (``from``), columns = destination state (``to``).
    """
    dss = distinct_successive_states(seqs)
    if alphabet is None:
        alphabet = sorted({v for v in dss.to_numpy().ravel() if v is not None and not pd.isna(v)})
    return transition_counts(dss, weights, alphabet=alphabet)


def substitution_costs(
    seqs: pd.DataFrame, weights: object = None, *, alphabet: Sequence[str] | None = None
) -> pd.DataFrame:
    """Substitution costs derived from transition rates (TraMineR method ``"TRATE"``).

    Matches ``seqcost(seqdata, method = "TRATE", cval = 2, time.varying = FALSE,
    weighted = TRUE, with.missing = FALSE)$sm`` (and the older ``seqsubm``):
    ``cost(i, j) = 2 - p(i -> j) - p(j -> i)`` with the rates of
    :func:`transition_rates`, and 0 on the diagonal. Costs lie in [0, 2]; a
    state that never occurs is at cost 2 from every other state. (TraMineR's
    ``seqcost`` also proposes an indel cost of half the largest substitution
    cost; see :func:`analysis.sequences.distances.optimal_matching`.)

    Returns
    -------
    DataFrame
        Square, symmetric, index and columns = alphabet; unit: cost (same unit
        as the indel cost of the distance that uses it).
    """
    rates = transition_rates(seqs, weights, alphabet=alphabet)
    costs = _trate_costs(rates.to_numpy())
    states = list(rates.index)
    return pd.DataFrame(costs, index=pd.Index(states), columns=pd.Index(states))


def mean_time_in_state(
    seqs: pd.DataFrame,
    weights: object = None,
    *,
    alphabet: Sequence[str] | None = None,
    serr: bool = False,
) -> pd.Series | pd.DataFrame:
    """Mean time spent in each state per sequence (TraMineR ``seqmeant``).

    Matches ``seqmeant(seqdata, weighted = TRUE, with.missing = FALSE, prop =
    FALSE, serr = serr)``: for every sequence, count the time units spent in
    each state (missing elements count for no state), then take the weighted
    mean over *all* sequences — the denominator is the total weight of all
    rows, including rows that are entirely missing.

    Parameters
    ----------
    serr : bool, default False
        Also return TraMineR's ``serr = TRUE`` columns: ``Var`` (weighted
        variance ``sum(w (x - mean)^2) * W / (W^2 - sum(w^2))`` with ``W`` the
        total weight; with unit weights the usual ``n - 1`` variance),
        ``Stdev`` and ``SE = sqrt(Var / W)``. ``NaN`` when ``W^2 == sum(w^2)``
        (a single row).

    Returns
    -------
    Series or DataFrame
        Indexed by state; unit: time units (the spacing of the columns, e.g.
        months). A Series named ``mean`` by default, a DataFrame with columns
        ``Mean, Var, Stdev, SE`` when ``serr``.
    """
    codes, alphabet = encode_states(seqs, alphabet=alphabet)
    w = _weights(weights, seqs)
    per_row = _state_counts_per_row(codes, len(alphabet))
    total = w.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (w @ per_row) / total
    index = pd.Index(alphabet, name="state")
    if not serr:
        return pd.Series(mean, index=index, name="mean")
    denom = total**2 - np.sum(w**2)  # 0 for a single row: variance undefined
    spread = w @ (per_row - mean) ** 2
    var = spread * total / denom if denom > 0 else np.full(len(mean), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(var / total)
    return pd.DataFrame({"Mean": mean, "Var": var, "Stdev": np.sqrt(var), "SE": se}, index=index)


# --------------------------------------------------------------------------- #
# Distinct sequences
# --------------------------------------------------------------------------- #
def _unique_rows(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct rows of an integer matrix: (distinct rows, inverse, counts).

    Rows are compared as raw bytes, which is much faster than
    ``np.unique(axis=0)``; the order of the distinct rows is deterministic.
    """
    codes = np.ascontiguousarray(codes)
    n, t = codes.shape
    if n == 0:
        return codes.copy(), np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    if t == 0:
        return codes[:1].copy(), np.zeros(n, dtype=np.intp), np.array([n])
    keys = codes.view(np.dtype((np.void, codes.dtype.itemsize * t))).ravel()
    _, first, inverse, counts = np.unique(
        keys, return_index=True, return_inverse=True, return_counts=True
    )
    return codes[first], inverse.ravel(), counts


def spell_strings(codes: np.ndarray, alphabet: Sequence[str]) -> np.ndarray:
    """State-permanence (SPS) strings such as ``"(A,3)-(B,2)"`` for encoded sequences.

    This is TraMineR's SPS format (``seqformat(from = "STS", to = "SPS")``,
    default ``xfix = "()"`` and ``sdsep = ","``): one ``(state,duration)`` token
    per spell. Leading and internal missing elements appear as spells of
    ``"*"`` (TraMineR's missing code); trailing missing elements are void and
    are dropped. An entirely missing row gives the empty string.
    """
    n, t = codes.shape
    lengths = sequence_lengths(codes)
    inside = np.arange(t)[None, :] < lengths[:, None]
    change = np.ones_like(inside)
    change[:, 1:] = codes[:, 1:] != codes[:, :-1]
    rows, starts = np.nonzero(inside & change)
    next_same_row = np.append(rows[1:] == rows[:-1], False)
    ends = np.where(next_same_row, np.append(starts[1:], 0), lengths[rows])
    symbols = np.array([*map(str, alphabet), MISSING_SYMBOL], dtype=object)
    states = symbols[codes[rows, starts]]  # code -1 picks the last symbol, "*"
    tokens = "(" + pd.Series(states, dtype=object) + "," + pd.Series(ends - starts).astype(str) + ")"
    joined = tokens.groupby(rows).agg("-".join)
    out = np.full(n, "", dtype=object)
    out[joined.index.to_numpy()] = joined.to_numpy()
    return out


def sequence_frequencies(seqs: pd.DataFrame, weights: object = None) -> pd.DataFrame:
    """Frequency table of distinct sequences (TraMineR ``seqtab``).

    Matches ``seqtab(seqdata, idxs = 0, weighted = TRUE, format = "SPS")``:
    identical sequences are grouped, their weights summed (``freq``, TraMineR's
    ``Freq``) and expressed as a percentage of the total weight (``percent``,
    TraMineR's ``Percent``). Two sequences are identical when they have the
    same state, or the same missing status, at every position up to their end;
    trailing missing values (void) are ignored. Sequences that are entirely
    missing are dropped, as TraMineR does, so they are in no denominator.
    Sequences are written in TraMineR's SPS notation ``"(A,3)-(B,2)"``
    (``seqtab`` itself prints ``A/3-B/2``), with ``*`` for a missing spell.

    Returns
    -------
    DataFrame
        One row per distinct sequence, sorted by ``freq`` (descending) then
        ``sequence``; columns ``sequence`` (str), ``count`` (unweighted number
        of individuals), ``freq`` (sum of weights; equals ``count`` when
        unweighted) and ``percent`` (``100 * freq / total weight``).
    """
    codes, alphabet = encode_states(seqs)
    w = _weights(weights, seqs)
    distinct, inverse, counts = _unique_rows(codes)
    freq = np.bincount(inverse, weights=w, minlength=len(distinct))
    keep = sequence_lengths(distinct) > 0
    table = pd.DataFrame(
        {
            "sequence": spell_strings(distinct[keep], alphabet),
            "count": counts[keep].astype(np.int64),
            "freq": freq[keep],
        }
    )
    total = table["freq"].sum()
    table["percent"] = 100.0 * table["freq"] / total if total > 0 else np.nan
    table = table.sort_values(["freq", "sequence"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)


# --------------------------------------------------------------------------- #
# Within-sequence indicators
# --------------------------------------------------------------------------- #
def within_entropy(
    seqs: pd.DataFrame, *, alphabet: Sequence[str] | None = None, normalise: bool = True
) -> pd.Series:
    """Entropy of each individual's state distribution (TraMineR ``seqient``).

    Matches ``seqient(seqdata, norm = TRUE, base = exp(1), with.missing =
    FALSE)``: for each sequence, ``-sum(p * log(p))`` where ``p`` is the
    proportion of its *non-missing* time units spent in each state, divided by
    ``log(alphabet size)`` when ``normalise``. The position of the spells does
    not matter. A sequence with no known state has entropy 0, as in TraMineR
    (its distribution is empty); with a one-state alphabet the normalised
    entropy is ``NaN`` (0/0), also as in TraMineR.

    Returns
    -------
    Series
        Indexed like ``seqs``; in [0, 1] when normalised, otherwise in nats.
    """
    codes, alphabet = encode_states(seqs, alphabet=alphabet)
    per_row = _state_counts_per_row(codes, len(alphabet)).astype(float)
    total = per_row.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(total > 0, per_row / total, 0.0)
    h = _entropy(p, axis=1)
    if normalise:
        with np.errstate(divide="ignore", invalid="ignore"):
            h = h / np.log(len(alphabet))
    return pd.Series(h, index=seqs.index, name="entropy")


def _distinct_subsequences(dss: np.ndarray, n_spells: np.ndarray, k: int) -> np.ndarray:
    """Number of distinct subsequences (empty one included) of each row of ``dss``.

    ``dss`` holds the distinct successive states of each sequence (codes,
    left-justified, ``-1`` padded). Uses the recurrence ``N_s = 2 N_{s-1} -
    N_{l-1}`` where ``l`` is the previous position of the same state
    (Elzinga 2006), iterated over spell positions and vectorised across rows.
    Counts are floats: they reach 2**240 for long alternating sequences.
    """
    n = dss.shape[0]
    count = np.ones(n)
    before_last = np.zeros((n, k))  # count just before the last occurrence of each state
    rows = np.arange(n)
    for s in range(dss.shape[1] if n else 0):
        active = rows[n_spells > s]
        state = dss[active, s]
        previous = before_last[active, state]
        before_last[active, state] = count[active]
        count[active] = 2.0 * count[active] - previous
    return count


def _turbulence_parts(codes: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-row (phi, variance of spell durations, maximum variance) for ``seqST``."""
    packed, n_valid = _left_justify(codes)
    n, t = packed.shape
    inside = np.arange(t)[None, :] < n_valid[:, None]
    change = np.ones_like(inside)
    change[:, 1:] = packed[:, 1:] != packed[:, :-1]
    starts = inside & change
    n_spells = starts.sum(axis=1)
    rows, pos = np.nonzero(starts)
    next_same_row = np.append(rows[1:] == rows[:-1], False)
    durations = np.where(next_same_row, np.append(pos[1:], 0), n_valid[rows]) - pos
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = n_valid / n_spells
        sq_dev = (durations - mean[rows]) ** 2
        var = np.bincount(rows, weights=sq_dev, minlength=n) / n_spells
        var_max = (n_spells - 1) * (1.0 - mean) ** 2
    dss, _ = _left_justify(np.where(starts, packed, MISSING_CODE))
    phi = _distinct_subsequences(dss, n_spells, k)
    return phi, var, var_max


def turbulence(
    seqs: pd.DataFrame, *, alphabet: Sequence[str] | None = None, normalise: bool = False
) -> pd.Series:
    """Elzinga & Liefbroer (2007) sequence turbulence (TraMineR ``seqST``).

    Matches ``seqST(seqdata, norm = normalise, with.missing = FALSE, type =
    1)``. Missing elements are removed first (TraMineR's ``seqdss``/``seqdur``
    with ``with.missing = FALSE`` skip them, so a spell interrupted by a gap
    continues after it). Then, with ``phi`` the number of distinct
    subsequences of the distinct-successive-states sequence (DSS, the empty
    subsequence included), ``s2`` the population variance of the spell
    durations (denominator = number of spells) and ``s2max = (n_spells - 1) *
    (1 - mean duration)^2``::

        T = log2(phi * (s2max + 1) / (s2 + 1))

    ``normalise=True`` applies TraMineR's ``norm = TRUE``: ``(T - 1) / (Tmax -
    1)``, with ``Tmax`` the turbulence of the sequence cycling through the
    whole alphabet (unobserved states included) over the longest sequence
    length (internal gaps counted, trailing void not), and values with ``T <
    1`` set to 0.

    Returns
    -------
    Series
        Indexed like ``seqs``; unitless (bits when not normalised; a single
        spell gives 1). ``NaN`` for a sequence with no known state.
    """
    codes, alphabet = encode_states(seqs, alphabet=alphabet)
    k = len(alphabet)
    distinct, inverse, _ = _unique_rows(codes)
    phi, var, var_max = _turbulence_parts(distinct, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.log2(phi * (var_max + 1.0) / (var + 1.0))
    if normalise:
        max_length = int(sequence_lengths(distinct).max()) if len(distinct) else 0
        cycle = (np.arange(max_length) % k).astype(np.int16)[None, :]
        phi_m, var_m, var_max_m = _turbulence_parts(cycle, k)
        with np.errstate(divide="ignore", invalid="ignore"):
            t_max = np.log2(phi_m * (var_max_m + 1.0) / (var_m + 1.0))[0]
            value = np.where(value < 1, 0.0, (value - 1.0) / (t_max - 1.0))
    return pd.Series(value[inverse], index=seqs.index, name="turbulence")
