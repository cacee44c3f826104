"""Published career paths matched against the records."""

from __future__ import annotations

import math
import re
from typing import Any

from analysis.audit.folder import (  # the shared reading helpers
    _norm,
    _Report,
    _short,
)


def _check_sequences(report: _Report, records: Any, state_labels: dict[str, set[str]] | None) -> None:
    """``state_labels``: each state's display labels in every language (the report layer supplies them)."""
    table = report.tables.get("04-career-typology")
    if table is None or "typical_path" not in table.header or records is None or not state_labels:
        return
    from analysis.sequences.careers import build_sequences

    reference = report.headline.get("reference_date") if isinstance(report.headline, dict) else None
    if not reference:
        return
    seqs = build_sequences(records, reference_date=reference, anchor="term_start", horizon_months=120, coarsen=True)
    if not len(seqs):
        return
    sampled = seqs.iloc[:, ::12].astype(object)
    to_label = {state: {_norm(text) for text in texts} for state, texts in state_labels.items()}
    for i, path in enumerate(table.column("typical_path"), start=1):
        spells = []
        for part in re.split(r"\s*→\s*", path):
            match = re.match(r"^(.*?)\s*[(（]\s*(\d+(?:\.\d+)?)\s*(?:yr|年)\s*[)）]\s*$", part.strip())
            if not match:
                spells = []
                break
            spells.append((_norm(match.group(1)), round(float(match.group(2)))))
        if not spells:
            continue
        wanted = [lab for lab, years in spells for _ in range(years)]
        if len(wanted) > sampled.shape[1]:
            continue
        followers = 0
        for row in sampled.itertuples(index=False):
            ok = True
            for state, lab in zip(row[: len(wanted)], wanted, strict=True):
                if state is None or (isinstance(state, float) and math.isnan(state)) or lab not in to_label.get(
                        str(state), set()):
                    ok = False
                    break
            followers += ok
        if report.small(followers):
            report.add(table.file, f"row {i} column 'typical_path'", followers, "sequence",
                       f"the published path '{_short(path, 60)}' is followed (sampled yearly) by exactly "
                       f"{followers} individual(s) in the records")
