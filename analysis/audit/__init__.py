"""Disclosure audit of a built report: try to recover a count of 1..k-1 people from the published files.

This is the check statistical offices do by hand before release, done as an
attacker who has only the report folder (``index.html``, ``figures/``,
``tables/``, ``headline.*``, ``values/``, ``disclosure.json``) and, optionally,
the records (to match published career paths against individuals). It does
not trust the library that built the report: every number is read back from
the files themselves, and the reader's model is rebuilt from the publication
contract in ``disclosure.json`` (whom each count counts, the attributes and
rules a reader knows), not guessed from column names.

Sections
--------
:mod:`~analysis.audit.folder`     reading the folder
:mod:`~analysis.audit.tables`     every shown count, the page's tables, rates beside their denominators
:mod:`~analysis.audit.reader`     the reader's model re-solved from the published values (LP and MILP)
:mod:`~analysis.audit.margins`    relations a reader can see without the manifest (Total rows, shared margins)
:mod:`~analysis.audit.figures`    chart geometry read back against the axes; what titles claim
:mod:`~analysis.audit.survival`   Kaplan-Meier steps and bands
:mod:`~analysis.audit.text`       numbers of people quoted anywhere in text
:mod:`~analysis.audit.order`      rows sorted by value around a hidden one
:mod:`~analysis.audit.sequences`  published typical paths followed by 1..k-1 individuals (with the records)

Each way of recovering a count is one :class:`Finding`; :func:`audit_report`
returns them sorted (same folder, same list).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from analysis.audit.figures import _check_figures
from analysis.audit.folder import Finding, _load
from analysis.audit.margins import _check_generic_differencing
from analysis.audit.order import _check_order
from analysis.audit.reader import check_reader
from analysis.audit.sequences import _check_sequences
from analysis.audit.survival import invert_km_band
from analysis.audit.tables import _check_html, _check_rates, _check_tables, recover_rate
from analysis.audit.text import _check_text, _json_texts

__all__ = ["Finding", "audit_report", "invert_km_band", "recover_rate"]


def audit_report(folder: Path | str, *, k: int, records: Any = None,
                 state_labels: dict[str, set[str]] | None = None) -> list[Finding]:
    """Try to recover a count of 1..k-1 people from a built report folder, as an attacker would.

    Parameters
    ----------
    folder : path-like
        The report folder (``index.html``, ``figures/``, ``tables/``, ``headline.json``,
        ``values/``, ``disclosure.json``).
    k : int
        Threshold: counts of 1..k-1 people must not be recoverable (5 under HESA rounding).
    records : analysis.records.Records, optional
        The validated records, to match published career paths against individuals.
    state_labels : dict, optional
        Each career state's display labels (every language), to read the published paths.

    Returns
    -------
    list of Finding
        Every way found, sorted; empty when nothing could be recovered.
    """
    folder = Path(folder)
    if isinstance(k, bool) or int(k) < 1:
        raise ValueError(f"k must be a whole number of people, at least 1, not {k!r}")
    if not (folder / "disclosure.json").is_file():
        raise FileNotFoundError(f"{folder} is not a built report (no disclosure.json): nothing to audit")
    report = _load(folder, int(k))
    _check_tables(report)
    _check_rates(report)
    check_reader(report)
    _check_generic_differencing(report)
    blocks = _check_html(report)
    blocks += _check_figures(report)
    blocks += _json_texts(report)
    _check_text(report, blocks)
    _check_order(report)
    _check_sequences(report, records, state_labels)
    unique = {(f.file, f.element, f.method, f.detail, "nan" if math.isnan(f.value) else f.value): f
              for f in report.findings}
    return sorted(unique.values(), key=Finding.sort_key)
