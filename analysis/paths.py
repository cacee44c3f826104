"""Every path the project uses, anchored at the project root.

Notebooks and scripts import from here so that nothing depends on the working
directory (cookiecutter-data-science's ``config`` module).
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
REFERENCE_DIR = DATA_DIR / "reference"
TEMPLATES_DIR = DATA_DIR / "templates"
DICTIONARY_PATH = DATA_DIR / "DICTIONARY.md"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
FIGURES_DIR = REPORTS_DIR / "figures"
BENCHMARKS_DIR = PROJECT_ROOT / "benchmarks"

#: File name of each record table inside a data folder.
RECORD_FILES = {
    "advisors": "advisors.csv",
    "activities": "activities.csv",
    "placements": "placements.csv",
}
#: Marker file the synthetic generator writes into its output folder (with the files' hashes).
SYNTHETIC_MARKER = "SYNTHETIC.md"
#: Workbook alternative: one sheet per record table.
WORKBOOK_NAME = "records.xlsx"

#: File name of each reference table inside ``REFERENCE_DIR``.
REFERENCE_FILES = {
    "sectors": "sectors.csv",
    "operations": "un_peace_operations.csv",
    "duty_stations": "operation_duty_stations.csv",
    "role_families": "role_families.csv",
    "un_entities": "un_system_entities.csv",
    "other_organisations": "other_international_organisations.csv",
    "countries": "countries.csv",
    "comparators": "comparators.csv",
}


def resolve_data_dir(data_dir: str | Path | None) -> Path:
    """The records folder as an absolute path: ``None`` is ``data/raw``; a relative path is read from
    the project root (never from the working folder, so notebooks and scripts agree).
    """
    if data_dir is None:
        return RAW_DIR
    path = Path(data_dir).expanduser()
    return path if path.is_absolute() else (PROJECT_ROOT / path).resolve()
