"""The snapshot a build hands its notebooks: the validated study and its protected exhibits.

The build validates and computes once, writes this pickle, and every notebook
reads it back (checked by its SHA-256) instead of validating again. Kept apart
from :mod:`analysis.report.context` so that the build process, which draws no
chart, does not import matplotlib to write it.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.disclosure.protect import Protected
    from analysis.report.study import Study

__all__ = ["load_snapshot", "write_snapshot"]


def write_snapshot(study: Study, exhibits: dict[str, Protected], path: Path) -> str:
    """Pickle the study and its exhibits for the notebooks of one build; returns the file's SHA-256."""
    data = pickle.dumps((study, exhibits), protocol=pickle.HIGHEST_PROTOCOL)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def load_snapshot(path: str | Path, sha256: str) -> tuple[Study, dict[str, Protected]]:
    """Read a snapshot written by this build (refused unless its SHA-256 matches)."""
    data = Path(path).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValueError(f"the snapshot {path} does not match its digest: rebuild the report")
    return pickle.loads(data)  # noqa: S301 - written by this build, checked by digest
