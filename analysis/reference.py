"""Reference tables: sectors, UN peace operations, UN entities, other organisations, countries.

Real, sourced tables kept in ``data/reference/`` (see its README). Every row
carries a ``source``. Which sectors count as "in the field of international peace
cooperation" is the editable ``is_in_field`` column of ``sectors.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.paths import REFERENCE_DIR, REFERENCE_FILES
from analysis.problems import DataError, Problem

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


@dataclass(frozen=True)
class Reference:
    """The reference tables, each indexed by its code."""

    sectors: pd.DataFrame
    operations: pd.DataFrame
    un_entities: pd.DataFrame
    other_organisations: pd.DataFrame
    countries: pd.DataFrame
    comparators: pd.DataFrame

    @property
    def organisations(self) -> pd.DataFrame:
        """Every coded organisation (operations, UN entities, other bodies) with its sector.

        Columns: ``full_name``, ``sector``, ``table`` (which reference table),
        ``kind`` (peacekeeping / political for operations, else the category).
        """
        ops = pd.DataFrame(
            {
                "full_name": self.operations["full_name"],
                "sector": "un_peace_operation",
                "table": "un_peace_operations",
                "kind": self.operations["kind"],
            }
        )
        un = pd.DataFrame(
            {
                "full_name": self.un_entities["full_name"],
                "sector": self.un_entities["sector"],
                "table": "un_system_entities",
                "kind": self.un_entities["category"],
            }
        )
        other = pd.DataFrame(
            {
                "full_name": self.other_organisations["full_name"],
                "sector": self.other_organisations["sector"],
                "table": "other_international_organisations",
                "kind": self.other_organisations["category"],
            }
        )
        return pd.concat([ops, un, other])

    @property
    def in_field_sectors(self) -> list[str]:
        """Sector codes flagged ``is_in_field`` in ``sectors.csv``."""
        return self.sectors.index[self.sectors["is_in_field"]].tolist()

    def operation_hosts(self) -> pd.Series:
        """Host countries of each operation as a set (empty set when none recorded)."""
        hosts = self.operations["host_iso3"].fillna("")
        return hosts.map(lambda s: frozenset(c.strip() for c in s.split(";") if c.strip()))


def _read(path: Path, key: str, problems: list[Problem]) -> pd.DataFrame:
    if not path.exists():
        problems.append(Problem(path.name, 0, "", "", "reference table not found"))
        return pd.DataFrame()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = frame.replace("", pd.NA)
    missing_source = frame["source"].isna() if "source" in frame else pd.Series(True, index=frame.index)
    for line in (frame.index[missing_source] + 2).tolist():
        problems.append(Problem(path.name, line, "source", "", "every reference row must carry its source"))
    index_col = {"sectors": "sector", "countries": "iso3", "comparators": "comparator_id"}.get(key, "acronym")
    duplicated = frame[index_col].duplicated()
    for line, value in zip(frame.index[duplicated] + 2, frame.loc[duplicated, index_col], strict=True):
        problems.append(Problem(path.name, int(line), index_col, str(value), "code appears more than once"))
    return frame.set_index(index_col, drop=False)


def load_reference(reference_dir: Path | str = REFERENCE_DIR) -> Reference:
    """Read and check the reference tables; raise :class:`DataError` listing every problem."""
    reference_dir = Path(reference_dir)
    problems: list[Problem] = []
    tables = {key: _read(reference_dir / name, key, problems) for key, name in REFERENCE_FILES.items()}
    if problems:
        raise DataError(problems)
    sectors = tables["sectors"]
    flag = sectors["is_in_field"].str.lower()
    bad = ~flag.isin(_TRUE | _FALSE)
    for line, value in zip((sectors.reset_index(drop=True).index[bad.to_numpy()] + 2), flag[bad], strict=True):
        problems.append(Problem("sectors.csv", int(line), "is_in_field", str(value), "must be true or false"))
    sectors = sectors.assign(is_in_field=flag.isin(_TRUE), display_order=pd.to_numeric(sectors["display_order"]))
    sectors = sectors.sort_values("display_order", kind="stable")
    operations = tables["operations"].assign(
        start_year=pd.to_numeric(tables["operations"]["start_year"]).astype("Int64"),
        end_year=pd.to_numeric(tables["operations"]["end_year"]).astype("Int64"),
    )
    for key in ("un_entities", "other_organisations"):
        unknown = ~tables[key]["sector"].isin(sectors.index)
        for code, value in tables[key].loc[unknown, "sector"].items():
            problems.append(Problem(REFERENCE_FILES[key], 0, "sector", f"{code}: {value}", "sector not in sectors.csv"))
    if problems:
        raise DataError(problems)
    return Reference(
        sectors=sectors,
        operations=operations,
        un_entities=tables["un_entities"],
        other_organisations=tables["other_organisations"],
        countries=tables["countries"],
        comparators=tables["comparators"].assign(value=pd.to_numeric(tables["comparators"]["value"])),
    )
