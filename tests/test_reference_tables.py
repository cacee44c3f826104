"""Checks on the sourced reference tables in ``data/reference/``.

Only pandas and pycountry are used, so a failure points at the CSV files, not at the
library code that reads them.
"""

from __future__ import annotations

import re

import pandas as pd
import pycountry
import pytest

from analysis.paths import REFERENCE_DIR, REFERENCE_FILES

REGIONS = {"Africa", "Americas", "Asia-Pacific", "Europe", "Middle East"}
ORG_TABLES = ("operations", "un_entities", "other_organisations")

SECTORS = [
    "un_peace_operation",
    "un_secretariat",
    "un_fund_programme",
    "un_specialised_agency",
    "other_international",
    "japanese_government",
    "other_government",
    "ngo",
    "academia",
    "private_sector",
]
IN_FIELD = set(SECTORS[:5])
COARSE_GROUP = {
    "un_peace_operation": "UN peace operation",
    "un_secretariat": "other UN",
    "un_fund_programme": "other UN",
    "un_specialised_agency": "other UN",
    "other_international": "other international",
    "japanese_government": "Japanese government",
    "other_government": "other",
    "ngo": "other",
    "academia": "other",
    "private_sector": "other",
}
UN_CATEGORY_SECTOR = {
    "secretariat_department": "un_secretariat",
    "secretariat_office": "un_secretariat",
    "regional_commission": "un_secretariat",
    "fund_programme": "un_fund_programme",
    "other_entity": "un_fund_programme",
    "research_training": "un_fund_programme",
    "specialized_agency": "un_specialised_agency",
    "related_organization": "un_specialised_agency",
}

#: Operations whose host countries may lie outside the operation's region: acronym -> reason.
#: Empty today; add an entry (with the reason) rather than loosening the test.
REGION_EXCEPTIONS: dict[str, str] = {}

#: Bodies that appear in two organisation tables under different acronyms: full name -> reason.
SHARED_FULL_NAMES = {
    "World Bank Group": (
        "listed as a specialized agency (WORLD BANK GROUP) in the UN System Chart and kept as "
        "WBG in other_international_organisations.csv; the coder picks one acronym"
    ),
}

VERIFICATION_VALUES = {"verified", "partially_verified", "general_knowledge"}
UN_ENTITY_VERIFICATION = re.compile(
    r"^(general_knowledge|name_category_(verified|general_knowledge);hq_(verified|general_knowledge))$"
)
VERIFIED_FIELDS = {"full_name", "start_year", "end_year", "current"}


def _load(key: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / REFERENCE_FILES[key], dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {key: _load(key) for key in REFERENCE_FILES}


@pytest.fixture(scope="module")
def country_region(tables) -> dict[str, str]:
    return dict(zip(tables["countries"]["iso3"], tables["countries"]["region"], strict=True))


def _codes(cell: str) -> list[str]:
    return [c for c in cell.split(";") if c]


# ------------------------------------------------------------------ all tables


@pytest.mark.parametrize("key", sorted(REFERENCE_FILES))
def test_file_is_utf8_lf_without_bom(key):
    raw = (REFERENCE_DIR / REFERENCE_FILES[key]).read_bytes()
    raw.decode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert raw.endswith(b"\n")


@pytest.mark.parametrize("key", sorted(REFERENCE_FILES))
def test_every_row_has_a_source(tables, key):
    frame = tables[key]
    assert len(frame) > 0
    empty = frame.loc[frame["source"].str.strip() == "", frame.columns[0]].tolist()
    assert not empty, f"{key}: rows without source: {empty}"


@pytest.mark.parametrize("key", ORG_TABLES)
def test_verification_is_filled_in(tables, key):
    frame = tables[key]
    if key == "un_entities":
        bad = frame.loc[~frame["verification"].str.match(UN_ENTITY_VERIFICATION), "acronym"]
    else:
        bad = frame.loc[~frame["verification"].isin(VERIFICATION_VALUES), "acronym"]
    assert bad.empty, f"{key}: bad verification on {bad.tolist()}"


def test_verified_fields_match_verification(tables):
    ops = tables["operations"]
    for row in ops.itertuples():
        fields = set(row.verified_fields.split(";")) - {""}
        assert fields <= VERIFIED_FIELDS, (row.acronym, fields)
        if row.verification == "general_knowledge":
            assert not fields, row.acronym
        else:
            assert fields, row.acronym


# ------------------------------------------------------------------ acronyms


@pytest.mark.parametrize("key", ORG_TABLES)
def test_acronyms_unique_within_table(tables, key):
    acronyms = tables[key]["acronym"]
    assert (acronyms.str.strip() != "").all()
    assert not acronyms.duplicated().any(), acronyms[acronyms.duplicated()].tolist()


def test_acronyms_unique_across_tables(tables):
    together = pd.concat([tables[k]["acronym"] for k in ORG_TABLES])
    assert not together.duplicated().any(), together[together.duplicated()].tolist()
    folded = together.str.casefold()
    assert not folded.duplicated().any(), together[folded.duplicated()].tolist()


def test_full_names_shared_only_where_listed(tables):
    names = pd.concat([tables[k]["full_name"] for k in ORG_TABLES])
    repeated = set(names[names.duplicated()])
    assert repeated == set(SHARED_FULL_NAMES)


# ------------------------------------------------------------------ countries


def test_countries_are_pycountry_plus_kosovo(tables):
    countries = tables["countries"]
    expected = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    assert set(countries["iso3"]) == expected
    assert not countries["iso3"].duplicated().any()
    assert countries["iso3"].tolist() == sorted(countries["iso3"])
    iso2 = {c.alpha_3: c.alpha_2 for c in pycountry.countries} | {"XKX": "XK"}
    assert dict(zip(countries["iso3"], countries["iso2"], strict=True)) == iso2
    assert set(countries["region"]) == REGIONS
    assert "user-assigned" in countries.set_index("iso3").loc["XKX", "source"]


@pytest.mark.parametrize(
    ("iso3", "region"),
    [
        ("EGY", "Middle East"),
        ("IRN", "Middle East"),
        ("PSE", "Middle East"),
        ("YEM", "Middle East"),
        ("CYP", "Europe"),
        ("GEO", "Europe"),
        ("TUR", "Europe"),
        ("XKX", "Europe"),
        ("LBY", "Africa"),
        ("ESH", "Africa"),
        ("SDN", "Africa"),
        ("AFG", "Asia-Pacific"),
        ("TJK", "Asia-Pacific"),
        ("PNG", "Asia-Pacific"),
        ("HTI", "Americas"),
    ],
)
def test_region_rules(country_region, iso3, region):
    assert country_region[iso3] == region


def test_host_countries_are_known(tables, country_region):
    ops = tables["operations"]
    for row in ops.itertuples():
        codes = _codes(row.host_iso3)
        assert ";".join(codes) == row.host_iso3, f"{row.acronym}: malformed host_iso3"
        assert len(codes) == len(set(codes)), row.acronym
        unknown = [c for c in codes if c not in country_region]
        assert not unknown, f"{row.acronym}: unknown host {unknown}"


@pytest.mark.parametrize("key", ["un_entities", "other_organisations"])
def test_headquarters_countries_are_known(tables, country_region, key):
    hq = tables[key]["headquarters_country_iso3"]
    unknown = sorted(set(hq) - set(country_region))
    assert not unknown


# ------------------------------------------------------------------ sectors


def test_sectors_table(tables):
    sectors = tables["sectors"]
    assert sectors["sector"].tolist() == SECTORS
    assert sectors["display_order"].astype(int).tolist() == list(range(1, len(SECTORS) + 1))
    assert set(sectors["is_in_field"]) <= {"true", "false"}
    assert set(sectors.loc[sectors["is_in_field"] == "true", "sector"]) == IN_FIELD
    assert dict(zip(sectors["sector"], sectors["coarse_group"], strict=True)) == COARSE_GROUP
    assert (sectors["label"].str.strip() != "").all()
    assert sectors["source"].str.contains("article050.html", regex=False).all()


@pytest.mark.parametrize("key", ["un_entities", "other_organisations"])
def test_org_sectors_are_known(tables, key):
    unknown = set(tables[key]["sector"]) - set(SECTORS)
    assert not unknown


def test_un_entity_sector_follows_category(tables):
    ents = tables["un_entities"]
    assert set(ents["category"]) <= set(UN_CATEGORY_SECTOR)
    assert (ents["category"].map(UN_CATEGORY_SECTOR) == ents["sector"]).all()
    assert "UNV" in set(ents["acronym"])


# ------------------------------------------------------------------ operations


def test_parent_department_follows_kind(tables):
    ops = tables["operations"]
    assert set(ops["kind"]) == {"peacekeeping", "political"}
    assert ((ops["parent_department"] == "DPO") == (ops["kind"] == "peacekeeping")).all()
    assert set(ops["parent_department"]) == {"DPO", "DPPA"}


def test_years(tables):
    ops = tables["operations"]
    assert ops["start_year"].str.fullmatch(r"\d{4}").all()
    assert ops["end_year"].str.fullmatch(r"(\d{4})?").all()
    ended = ops[ops["end_year"] != ""]
    bad = ended.loc[ended["end_year"].astype(int) < ended["start_year"].astype(int), "acronym"]
    assert bad.empty, bad.tolist()


def test_operation_regions_are_known(tables):
    assert set(tables["operations"]["region"]) <= REGIONS


def test_single_host_region_matches(tables, country_region):
    ops = tables["operations"]
    mismatched = {}
    for row in ops.itertuples():
        codes = _codes(row.host_iso3)
        if (
            len(codes) == 1
            and row.acronym not in REGION_EXCEPTIONS
            and country_region[codes[0]] != row.region
        ):
            mismatched[row.acronym] = (codes[0], country_region[codes[0]], row.region)
    assert not mismatched


def test_multi_host_regions_match(tables, country_region):
    """Stricter than required: every host of a multi-country operation is in its region."""
    ops = tables["operations"]
    mismatched = {}
    for row in ops.itertuples():
        codes = _codes(row.host_iso3)
        if len(codes) > 1 and row.acronym not in REGION_EXCEPTIONS:
            off = [c for c in codes if country_region[c] != row.region]
            if off:
                mismatched[row.acronym] = off
    assert not mismatched


def test_region_exceptions_are_live(tables):
    assert set(REGION_EXCEPTIONS) <= set(tables["operations"]["acronym"])
