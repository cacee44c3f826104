"""The study: validated records plus the parameters of one report (reference date, policy, language).

Everything a notebook or the report build computes hangs off one
:class:`Study`, created once per build (or once per notebook run in
JupyterLab) and never changed afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from analysis.config import DEFAULT_K, DEFAULT_REFERENCE_DATE, DEFAULT_TARGET, RETENTION_GAP_MONTHS
from analysis.disclosure.policy import DisclosurePolicy
from analysis.i18n import _, fmt_date
from analysis.paths import resolve_data_dir
from analysis.records.validation import Records, load_records
from analysis.report.labels import Labels

__all__ = ["Parameters", "Study"]


@dataclass(frozen=True)
class Parameters:
    """The settings of one report: every one of them reaches a notebook through its parameters cell.

    Attributes
    ----------
    data_dir : Path
        Folder of the records (absolute; relative paths resolve from the project root).
    reference_date : date
        Reference date of every measure.
    k : int
        Disclosure threshold: counts of 1..k-1 people are never published.
    target : float
        The evaluator's target in-field rate (share, 0-1), drawn as a line.
    lang : str
        ``"en"`` or ``"ja"``.
    policy : str
        ``"suppress"`` (default) or ``"hesa"`` (HESA rounding).
    declare_synthetic : bool
        Explicit declaration that the records are synthetic: the index plot
        (one line per person) is drawn only when this is set *and* the files
        are verifiably the generator's output.
    typology_seed : int
        Seed of the career typology (sampling for large inputs, tie-breaks).
    """

    data_dir: Path
    reference_date: dt.date = DEFAULT_REFERENCE_DATE
    k: int = DEFAULT_K
    target: float = DEFAULT_TARGET
    lang: str = "en"
    policy: str = "suppress"
    declare_synthetic: bool = False
    typology_seed: int = 0

    def __post_init__(self) -> None:
        # One spelling of the folder everywhere (build, snapshot, each notebook's parameters).
        object.__setattr__(self, "data_dir", resolve_data_dir(self.data_dir))

    @classmethod
    def from_cell(cls, data_dir: str | Path | None, *, reference_date: str | dt.date, k: int, target: float,
                  lang: str = "en", policy: str = "suppress", declare_synthetic: bool = False,
                  typology_seed: int = 0) -> Parameters:
        """Parameters from the plain values of a notebook's parameters cell."""
        return cls(data_dir=resolve_data_dir(data_dir), reference_date=pd.Timestamp(reference_date).date(),
                   k=int(k), target=float(target), lang=lang, policy=policy,
                   declare_synthetic=bool(declare_synthetic), typology_seed=int(typology_seed))


@dataclass(frozen=True, eq=False)
class Study:
    """Validated records with the parameters of the report; the input of every exhibit."""

    records: Records
    params: Parameters
    labels: Labels = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", Labels(self.records.reference))

    @classmethod
    def load(cls, params: Parameters) -> Study:
        """Validate and load the records of ``params.data_dir`` (raises DataError listing every error)."""
        return cls(load_records(params.data_dir), params)

    @property
    def reference_date(self) -> pd.Timestamp:
        return pd.Timestamp(self.params.reference_date)

    @cached_property
    def policy(self) -> DisclosurePolicy:
        return DisclosurePolicy(kind=self.params.policy, k=self.params.k)

    @cached_property
    def _headline(self) -> pd.DataFrame:
        from analysis.measures.headline import headline_table

        return headline_table(self.records, reference_date=self.reference_date)

    def headline(self) -> pd.DataFrame:
        """The unprotected headline measures on the reference date (computed once; a copy each call)."""
        return self._headline.copy()

    @property
    def is_synthetic(self) -> bool:
        """The records are the generator's unchanged output (verified by file digests)."""
        return self.records.is_synthetic

    @property
    def index_plot_allowed(self) -> bool:
        """One line per person may be drawn: declared synthetic *and* verified synthetic."""
        return self.params.declare_synthetic and self.records.is_synthetic

    def source_label(self) -> str:
        """The data source, as every footer states it."""
        if self.is_synthetic:
            return _("Synthetic demonstration data (not real advisors)")
        return _("Advisor records ({folder})").format(folder=self.records.data_dir.name)

    def footer(self, n: str = "", notes: list[str] | tuple[str, ...] = ()) -> str:
        """The footer line: source, reference date, n and notes, joined with middle dots."""
        parts = [self.source_label(), _("Reference date {date}").format(date=fmt_date(self.reference_date))]
        if n:
            parts.append(n)
        parts.extend(notes)
        return " · ".join(parts)

    @property
    def retention_gap_months(self) -> int:
        return RETENTION_GAP_MONTHS
