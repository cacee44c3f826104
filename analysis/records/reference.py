"""Reference tables: sectors, role families, UN peace operations and their duty stations, organisations, countries.

Real, sourced tables kept in ``data/reference/`` (see its README); every row
carries a ``source`` and a ``verification``. Which sectors count as "in the
field of international peace cooperation" is the editable ``is_in_field``
column of ``sectors.csv``.

Dates in the operations tables may be ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``: a start is read as the first day of that period and an end
as its last day, so "2011" as an end date covers the whole of 2011.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import DataError
from analysis.i18n import N_
from analysis.paths import REFERENCE_DIR, REFERENCE_FILES
from analysis.records.problems import Problem

__all__ = ["DEPARTMENT_REFORM_DATE", "Reference", "load_reference", "period_bounds"]

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
#: The 1 January 2019 reform: DPKO became DPO, DPA became DPPA, DFS became DOS.
DEPARTMENT_REFORM_DATE = pd.Timestamp("2019-01-01")
_INDEX = {"sectors": "sector", "countries": "iso3", "comparators": "comparator_id", "role_families": "role_family"}


_PERIOD = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _period(value: object) -> tuple[np.datetime64, np.datetime64]:
    """First and last day of one ``YYYY`` / ``YYYY-MM`` / ``YYYY-MM-DD`` text (NaT, NaT when not one)."""
    missing = np.datetime64("NaT", "s")
    match = _PERIOD.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return missing, missing
    year, month, day = (None if part is None else int(part) for part in match.groups())
    try:
        if day is not None:
            first = last = dt.date(year, month, day)
        elif month is not None:
            first = dt.date(year, month, 1)
            last = first.replace(day=calendar.monthrange(year, month)[1])
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:  # month 13, 30 February, year 0
        return missing, missing
    return np.datetime64(first, "s"), np.datetime64(last, "s")


def period_bounds(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day of each ``YYYY`` / ``YYYY-MM`` / ``YYYY-MM-DD`` value (NaT when empty or bad).

    Reference tables hold a few hundred rows: each value is read in Python.
    """
    bounds = [_period(value) for value in text.tolist()]
    first = np.array([b[0] for b in bounds], dtype="datetime64[s]")
    last = np.array([b[1] for b in bounds], dtype="datetime64[s]")
    return (pd.Series(first, index=text.index, dtype="datetime64[s]"),
            pd.Series(last, index=text.index, dtype="datetime64[s]"))


@dataclass(frozen=True, eq=False)
class Reference:
    """The reference tables, each indexed by its code.

    ``operations`` gains ``start`` (first day), ``mandate_end`` and ``end``
    (last day, liquidation included; NaT while running) from the text
    columns; ``duty_stations`` one row per dated span with ``span_start`` and
    ``span_end`` filled from the operation's lifetime where empty.
    """

    sectors: pd.DataFrame
    operations: pd.DataFrame
    duty_stations: pd.DataFrame
    un_entities: pd.DataFrame
    other_organisations: pd.DataFrame
    countries: pd.DataFrame
    comparators: pd.DataFrame
    role_families: pd.DataFrame

    @property
    def organisations(self) -> pd.DataFrame:
        """Every coded organisation (operations, UN entities, other bodies) with its sector.

        Columns: ``full_name``, ``name_ja``, ``sector``, ``table`` (which
        reference table), ``kind`` (peacekeeping / political / support for
        operations, else the category).
        """
        def part(frame: pd.DataFrame, sector: pd.Series | str, table: str, kind: pd.Series) -> pd.DataFrame:
            return pd.DataFrame({"full_name": frame["full_name"], "name_ja": frame.get("name_ja"), "sector": sector,
                                 "table": table, "kind": kind})

        return pd.concat([
            part(self.operations, "un_peace_operation", "un_peace_operations", self.operations["kind"]),
            part(self.un_entities, self.un_entities["sector"], "un_system_entities", self.un_entities["category"]),
            part(self.other_organisations, self.other_organisations["sector"], "other_international_organisations",
                 self.other_organisations["category"]),
        ])

    @property
    def in_field_sectors(self) -> list[str]:
        """Sector codes flagged ``is_in_field`` in ``sectors.csv``."""
        return self.sectors.index[self.sectors["is_in_field"]].tolist()

    def comparator(self, measure: str) -> pd.Series | None:
        """The comparator row whose ``comparable_to`` is ``measure`` (None when there is none)."""
        found = self.comparators[self.comparators["comparable_to"] == measure]
        return None if found.empty else found.iloc[0]

    def department_at(self, operations: pd.Series, dates: pd.Series) -> pd.Series:
        """Lead department of each operation on each date (DPKO/DPA before 2019, DPO/DPPA from 2019)."""
        ops = self.operations
        before = operations.map(ops["department_before_2019"])
        after = operations.map(ops["department_from_2019"])
        early = dates < DEPARTMENT_REFORM_DATE
        return before.where(early, after).where(before.where(early, after).notna(), before.fillna(after))

    def duty_station_matches(self, operations: pd.Series, countries: pd.Series, start: pd.Series,
                             end: pd.Series) -> pd.Series:
        """True where a post at an operation in a country overlaps one of its dated duty-station spans.

        Missing operation or country: True (nothing to check). ``end`` missing: the post is treated as
        a single day at ``start``.
        """
        posts = pd.DataFrame({"acronym": operations, "country_iso3": countries, "start": start,
                              "end": end.where(end.notna(), start), "row": np.arange(len(operations))})
        posts = posts.dropna(subset=["acronym", "country_iso3"])
        merged = posts.merge(self.duty_stations[["acronym", "country_iso3", "span_start", "span_end"]],
                             on=["acronym", "country_iso3"], how="inner")
        overlap = (merged["start"] <= merged["span_end"]) & (merged["end"] >= merged["span_start"])
        matches = np.ones(len(operations), dtype=bool)
        matches[posts["row"].to_numpy()] = False
        matches[merged.loc[overlap, "row"].to_numpy()] = True
        return pd.Series(matches, index=operations.index)

    def stations_text(self, operation: str) -> str:
        """The listed duty-station countries of an operation with their years, for messages."""
        rows = self.duty_stations[self.duty_stations["acronym"] == operation]
        parts = []
        for r in rows.itertuples():
            span = f"{r.span_start.year}-{'' if pd.isna(r.span_end) or r.open_end else r.span_end.year}"
            parts.append(f"{r.country_iso3} {span}")
        return "; ".join(parts)


def _read(path: Path, key: str, problems: list[Problem]) -> pd.DataFrame:
    if not path.exists():
        problems.append(Problem(path.name, 0, "", "", N_("reference table not found")))
        return pd.DataFrame()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = frame.replace("", pd.NA)
    for column in ("source", "verification"):
        missing = frame[column].isna() if column in frame else pd.Series(True, index=frame.index)
        for line in (frame.index[missing] + 2).tolist():
            problems.append(Problem.from_template(path.name, line, column, "",
                                                 N_("every reference row must carry its {name}"), name=column))
    if key == "duty_stations":
        return frame
    index_col = _INDEX.get(key, "acronym")
    duplicated = frame[index_col].duplicated()
    for line, value in zip(frame.index[duplicated] + 2, frame.loc[duplicated, index_col], strict=True):
        problems.append(Problem(path.name, int(line), index_col, str(value), N_("code appears more than once")))
    return frame.set_index(index_col, drop=False)


def _check_dates(frame: pd.DataFrame, name: str, columns: list[str], problems: list[Problem]) -> None:
    for column in columns:
        text = frame[column].reset_index(drop=True)
        first, _ = period_bounds(text)
        bad = text.notna() & first.isna()
        for line in (text.index[bad] + 2).tolist():
            problems.append(Problem(name, line, column, str(text[line - 2]), N_("not a date (YYYY, YYYY-MM or YYYY-MM-DD)")))


def load_reference(reference_dir: Path | str = REFERENCE_DIR) -> Reference:
    """Read and check the reference tables; raise :class:`~analysis.errors.DataError` listing every problem."""
    reference_dir = Path(reference_dir)
    problems: list[Problem] = []
    tables = {key: _read(reference_dir / name, key, problems) for key, name in REFERENCE_FILES.items()}
    if problems:
        raise DataError(problems)
    sectors = tables["sectors"]
    flag = sectors["is_in_field"].str.lower()
    bad = ~flag.isin(_TRUE | _FALSE)
    for line, value in zip((sectors.reset_index(drop=True).index[bad.to_numpy()] + 2), flag[bad], strict=True):
        problems.append(Problem(REFERENCE_FILES["sectors"], int(line), "is_in_field", str(value), N_("must be true or false")))
    sectors = sectors.assign(is_in_field=flag.isin(_TRUE), display_order=pd.to_numeric(sectors["display_order"]))
    sectors = sectors.sort_values("display_order", kind="stable")

    operations = tables["operations"]
    _check_dates(operations, REFERENCE_FILES["operations"], ["start_date", "mandate_end_date", "end_date"], problems)
    start, _ = period_bounds(operations["start_date"])
    _, mandate_end = period_bounds(operations["mandate_end_date"])
    _, end = period_bounds(operations["end_date"])
    operations = operations.assign(start=start, mandate_end=mandate_end, end=end.where(end.notna(), mandate_end))

    stations = tables["duty_stations"]
    _check_dates(stations, REFERENCE_FILES["duty_stations"], ["start", "end"], problems)
    unknown_op = ~stations["acronym"].isin(operations.index)
    for line, value in zip(stations.index[unknown_op] + 2, stations.loc[unknown_op, "acronym"], strict=True):
        problems.append(Problem(REFERENCE_FILES["duty_stations"], int(line), "acronym", str(value), N_("not an operation")))
    unknown_country = ~stations["country_iso3"].isin(tables["countries"].index)
    for line, value in zip(stations.index[unknown_country] + 2, stations.loc[unknown_country, "country_iso3"], strict=True):
        problems.append(Problem(REFERENCE_FILES["duty_stations"], int(line), "country_iso3", str(value), N_("unknown country")))
    span_start, _ = period_bounds(stations["start"])
    _, span_end = period_bounds(stations["end"])
    lifetime_start = stations["acronym"].map(operations["start"])
    lifetime_end = stations["acronym"].map(operations["end"])
    open_end = span_end.isna() & lifetime_end.isna()
    stations = stations.assign(
        span_start=span_start.where(span_start.notna(), lifetime_start),
        span_end=span_end.where(span_end.notna(), lifetime_end).fillna(pd.Timestamp("2262-01-01")),
        open_end=open_end,
    )
    for key in ("un_entities", "other_organisations"):
        unknown = ~tables[key]["sector"].isin(sectors.index)
        for code, value in tables[key].loc[unknown, "sector"].items():
            problems.append(Problem(REFERENCE_FILES[key], 0, "sector", f"{code}: {value}", N_("sector not in sectors.csv")))
    if problems:
        raise DataError(problems)
    return Reference(
        sectors=sectors,
        operations=operations,
        duty_stations=stations.reset_index(drop=True),
        un_entities=tables["un_entities"],
        other_organisations=tables["other_organisations"],
        countries=tables["countries"],
        comparators=tables["comparators"].assign(value=pd.to_numeric(tables["comparators"]["value"])),
        role_families=tables["role_families"].assign(
            display_order=pd.to_numeric(tables["role_families"]["display_order"])).sort_values("display_order"),
    )
