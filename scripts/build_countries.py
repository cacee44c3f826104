"""Rebuild ``data/reference/countries.csv`` (dev-time script, not used by the analysis).

The table lists every ISO 3166-1 country in ``pycountry`` plus Kosovo (``XKX``), with the
five-region grouping of the UN peacekeeping site that the shared reference tables use:
Africa, Americas, Asia-Pacific, Europe and Middle East.

How the region is derived:

1. Take the continent from ``country_converter`` (column ``continent``):
   Africa -> Africa, America -> Americas, Europe -> Europe, Asia and Oceania -> Asia-Pacific.
   Central, South, East and South-East Asia therefore fall in Asia-Pacific.
2. Apply the overrides in ``OVERRIDES`` below (Middle East set, Egypt, Cyprus, Caucasus,
   Türkiye, and the four territories that ``country_converter`` files under Antarctica).

This is a dev-time script. It needs ``country_converter``, which is not a project
dependency, so run it from a throwaway environment, for example::

    python3 -m venv /tmp/ccvenv
    /tmp/ccvenv/bin/pip install country_converter pycountry==26.2.16 "pandas<3"
    /tmp/ccvenv/bin/python scripts/build_countries.py           # rewrite the CSV
    /tmp/ccvenv/bin/python scripts/build_countries.py --check   # exit 1 if the CSV differs

``country_converter`` 1.3.2 cannot load its data under pandas 3 (Namibia's ISO2 code "NA" is
read as missing), hence ``pandas<3`` in the throwaway environment. The output is sorted by
``iso3`` and is deterministic for given pycountry and country_converter versions; both versions
are written into the ``source`` column.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import sys
from importlib.metadata import version
from pathlib import Path

# Load analysis/paths.py on its own: importing the ``analysis`` package would pull in the
# project's full dependency stack, which the throwaway environment does not have.
_spec = importlib.util.spec_from_file_location(
    "_project_paths", Path(__file__).resolve().parents[1] / "analysis" / "paths.py"
)
_paths = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_paths)
REFERENCE_DIR: Path = _paths.REFERENCE_DIR
REFERENCE_FILES: dict[str, str] = _paths.REFERENCE_FILES

REGIONS = ("Africa", "Americas", "Asia-Pacific", "Europe", "Middle East")

CONTINENT_TO_REGION = {
    "Africa": "Africa",
    "America": "Americas",
    "Europe": "Europe",
    "Asia": "Asia-Pacific",
    "Oceania": "Asia-Pacific",
}

_ME = "Middle East as grouped on the UN peacekeeping site"
#: iso3 -> (region, reason). Every row not listed here follows CONTINENT_TO_REGION.
OVERRIDES: dict[str, tuple[str, str]] = {
    **{
        code: ("Middle East", _ME)
        for code in (
            "ARE",
            "BHR",
            "IRN",
            "IRQ",
            "ISR",
            "JOR",
            "KWT",
            "LBN",
            "OMN",
            "PSE",
            "QAT",
            "SAU",
            "SYR",
            "YEM",
        )
    },
    "EGY": (
        "Middle East",
        _ME + "; consistent with UNEF I/II and UNTSO (Middle East) in un_peace_operations.csv",
    ),
    "CYP": (
        "Europe",
        "Cyprus under Europe, as UNFICYP and OSASG-Cyprus are in un_peace_operations.csv",
    ),
    "ARM": ("Europe", "Caucasus under Europe"),
    "AZE": ("Europe", "Caucasus under Europe"),
    "GEO": ("Europe", "Caucasus under Europe, as UNOMIG is in un_peace_operations.csv"),
    "TUR": (
        "Europe",
        "project decision: Türkiye under Europe (UN regional group WEOG; member of the Council "
        "of Europe, OSCE and NATO; hosts no UN peace operation); the UN geoscheme has it in Western Asia",
    ),
    "ATA": (
        "Americas",
        "no UN region; placed with the nearest continent (the Antarctic Peninsula faces South America)",
    ),
    "BVT": ("Americas", "uninhabited; UN M49 lists it under South America"),
    "SGS": ("Americas", "no permanent population; UN M49 lists it under South America"),
    "HMD": (
        "Asia-Pacific",
        "uninhabited Australian territory; UN M49 lists it under Australia and New Zealand",
    ),
}

KOSOVO = ("XKX", "XK", "Kosovo")


def build_rows() -> list[dict[str, str]]:
    import country_converter as coco
    import pycountry

    pyc_v = version("pycountry")
    cc_v = version("country_converter")
    base = f"pycountry {pyc_v} (ISO 3166-1)"
    continent = coco.CountryConverter().data.set_index("ISO3")["continent"]

    entries = [(c.alpha_3, c.alpha_2, c.name) for c in pycountry.countries]
    entries.append(KOSOVO)
    rows = []
    for iso3, iso2, name in sorted(entries):
        cont = continent.get(iso3)
        if iso3 in OVERRIDES:
            region, reason = OVERRIDES[iso3]
            rule = f"region override: {reason}"
        else:
            region = CONTINENT_TO_REGION[cont]
            rule = f"region from country_converter {cc_v} continent {cont} -> {region}"
        source = (
            base
            if iso3 != "XKX"
            else (
                "user-assigned code XKX/XK for Kosovo (not an official ISO 3166-1 code; used e.g. by "
                "the World Bank); not in pycountry"
            )
        )
        rows.append(
            {
                "iso3": iso3,
                "iso2": iso2,
                "name": name,
                "region": region,
                "source": f"{source}; {rule}",
            }
        )
    assert all(r["region"] in REGIONS for r in rows)
    return rows


def render(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=["iso3", "iso2", "name", "region", "source"], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the file on disk differs"
    )
    args = parser.parse_args(argv)
    path = REFERENCE_DIR / REFERENCE_FILES["countries"]
    text = render(build_rows())
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is out of date", file=sys.stderr)
            return 1
        print(f"{path} is up to date")
        return 0
    path.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {path} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
