"""Checks on the sourced reference tables in ``data/reference/``.

The table checks use only pandas and pycountry, so a failure points at the CSV
files, not at the library code that reads them. The last section checks the
loader (:func:`analysis.records.reference.load_reference`) against values
worked out by hand from the same files.
"""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pycountry
import pytest

from analysis.errors import DataError
from analysis.paths import REFERENCE_DIR, REFERENCE_FILES
from analysis.records.reference import DEPARTMENT_REFORM_DATE, load_reference, period_bounds

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
ROLE_FAMILIES = [
    "political_affairs",
    "civil_affairs",
    "electoral",
    "ddr",
    "rule_of_law",
    "human_rights",
    "humanitarian",
    "programme_management",
    "research",
    "other",
]
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

#: Duty-station rows whose country lies outside the operation's region: (acronym, country) -> reason.
#: Only non-host rows may appear here (README: every host row is in its operation's region).
REGION_EXCEPTIONS: dict[tuple[str, str], str] = {
    ("UNAMA", "IRN"): "Tehran liaison office; Iran is coded Middle East, UNAMA Asia-Pacific",
    ("UNAMA", "KWT"): "Kuwait Joint Support Office (back office)",
    ("OSESG-SYRIA", "CHE"): "the Syria envoy's office and talks in Geneva",
}

VERIFICATION_VALUES = {"verified", "partially_verified", "general_knowledge"}
UN_ENTITY_VERIFICATION = re.compile(
    r"^(general_knowledge|name_category_(verified|general_knowledge);hq_(verified|general_knowledge))$"
)
#: Tokens of ``verified_fields`` in the new layout (start_year/end_year were renamed).
VERIFIED_FIELDS = {
    "full_name",
    "name_ja",
    "start_date",
    "mandate_end_date",
    "end_date",
    "department_before_2019",
    "department_from_2019",
    "current",
}
DATE_TEXT = r"\d{4}(-\d{2}(-\d{2})?)?"
GENERAL_KNOWLEDGE = "general knowledge"


def _load(key: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / REFERENCE_FILES[key], dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {key: _load(key) for key in REFERENCE_FILES}


@pytest.fixture(scope="module")
def country_region(tables) -> dict[str, str]:
    return dict(zip(tables["countries"]["iso3"], tables["countries"]["region"], strict=True))


@pytest.fixture(scope="module")
def ops(tables) -> pd.DataFrame:
    return tables["operations"].set_index("acronym", drop=False)


@pytest.fixture(scope="module")
def stations(tables) -> pd.DataFrame:
    return tables["duty_stations"]


def _first_day(text: pd.Series) -> pd.Series:
    """First day of YYYY / YYYY-MM / YYYY-MM-DD text (pandas only; NaT when empty)."""
    padded = text.where(text.str.len() != 4, text + "-01-01").where(text.str.len() != 7, text + "-01")
    return pd.to_datetime(padded.replace("", None), format="%Y-%m-%d")


def _last_day(text: pd.Series) -> pd.Series:
    """Last day of YYYY / YYYY-MM / YYYY-MM-DD text (pandas only; NaT when empty)."""
    first = _first_day(text)
    year_end = first + pd.offsets.YearEnd(0)
    month_end = first + pd.offsets.MonthEnd(0)
    return first.where(text.str.len() == 10, month_end.where(text.str.len() == 7, year_end))


def _hosts(stations: pd.DataFrame, acronym: str) -> set[str]:
    rows = stations[(stations["acronym"] == acronym) & (stations["role"] == "host")]
    return set(rows["country_iso3"])


def _is_only_general_knowledge(source: str) -> bool:
    return source.strip().lower().rstrip(".") in {GENERAL_KNOWLEDGE, "general_knowledge"}


# ------------------------------------------------------------------ all tables


@pytest.mark.parametrize("key", sorted(REFERENCE_FILES))
def test_file_is_utf8_lf_without_bom(key):
    raw = (REFERENCE_DIR / REFERENCE_FILES[key]).read_bytes()
    raw.decode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert raw.endswith(b"\n")


@pytest.mark.parametrize("key", sorted(REFERENCE_FILES))
def test_every_row_has_a_source_and_a_verification(tables, key):
    frame = tables[key]
    assert len(frame) > 0
    assert {"source", "verification"} <= set(frame.columns)
    empty = frame.loc[frame["source"].str.strip() == "", frame.columns[0]].tolist()
    assert not empty, f"{key}: rows without source: {empty}"
    unverified = frame.loc[frame["verification"].str.strip() == "", frame.columns[0]].tolist()
    assert not unverified, f"{key}: rows without verification: {unverified}"


@pytest.mark.parametrize("key", [*ORG_TABLES, "duty_stations"])
def test_verification_is_filled_in(tables, key):
    frame = tables[key]
    if key == "un_entities":
        bad = frame.loc[~frame["verification"].str.match(UN_ENTITY_VERIFICATION), "acronym"]
    else:
        bad = frame.loc[~frame["verification"].isin(VERIFICATION_VALUES), "acronym"]
    assert bad.empty, f"{key}: bad verification on {bad.tolist()}"


@pytest.mark.parametrize("key", ["operations", "duty_stations", "other_organisations"])
def test_verified_only_when_the_source_is_not_general_knowledge(tables, key):
    # A row marked verified must cite something other than general knowledge.
    frame = tables[key]
    verified = frame[frame["verification"] == "verified"]
    bad = verified.loc[verified["source"].map(_is_only_general_knowledge), frame.columns[0]].tolist()
    assert not bad, f"{key}: verified rows resting on general knowledge only: {bad}"
    # Conversely a row whose only source is general knowledge is not verified at all.
    only_gk = frame[frame["source"].map(_is_only_general_knowledge)]
    assert set(only_gk["verification"]) <= {"general_knowledge"}, only_gk[[frame.columns[0], "verification"]]


def test_duty_station_and_other_org_verified_rows_cite_no_general_knowledge(tables):
    # Stricter for these two tables: nothing in a verified row comes from general knowledge.
    for key in ("duty_stations", "other_organisations"):
        frame = tables[key]
        verified = frame[frame["verification"] == "verified"]
        bad = verified.loc[verified["source"].str.contains(GENERAL_KNOWLEDGE, case=False), frame.columns[0]]
        assert bad.empty, (key, bad.tolist())


def test_un_entity_verification_follows_its_source(tables):
    ents = tables["un_entities"]
    name_verified = ents["verification"].str.startswith("name_category_verified")
    assert not ents.loc[name_verified, "source"].map(_is_only_general_knowledge).any()
    # "hq_verified" may not rest on a source that says the headquarters is general knowledge.
    hq_verified = ents["verification"].str.endswith("hq_verified")
    says_hq_gk = ents["source"].str.contains(r"HQ (?:from )?general knowledge", case=False)
    assert ents.loc[hq_verified & says_hq_gk, "acronym"].tolist() == []
    # The two rows with no name check at all: UNAIDS and UNMAS.
    assert set(ents.loc[ents["verification"] == "general_knowledge", "acronym"]) == {"UNAIDS", "UNMAS"}


def test_verified_fields_match_verification(tables):
    for row in tables["operations"].itertuples():
        fields = set(row.verified_fields.split(";")) - {""}
        assert fields <= VERIFIED_FIELDS, (row.acronym, fields)
        if row.verification == "general_knowledge":
            assert not fields, row.acronym
        else:
            assert fields, row.acronym


def test_data_hub_mirror_is_labelled_third_party(tables):
    # The GitHub copy of the UN Peace and Security Data Hub file is a third-party mirror:
    # every citation of it carries "(third-party mirror)" right after the file name.
    cited = 0
    for key in REFERENCE_FILES:
        for source in tables[key]["source"]:
            cited += source.count("DPPADPOSS-PKO.csv")
            unlabelled = re.findall(r"DPPADPOSS-PKO\.csv(?! \(third-party mirror\))", source)
            assert not unlabelled, (key, source[:200])
    # It is cited by most operations rows and host rows (74 + 85 when this test was written).
    assert cited >= 100


# ------------------------------------------------------------------ Japanese names


@pytest.mark.parametrize(
    ("key", "column", "source_column"),
    [
        ("sectors", "label_ja", "label_ja_source"),
        ("role_families", "label_ja", "source"),
        ("operations", "name_ja", "name_ja_source"),
        ("un_entities", "name_ja", "name_ja_source"),
        ("other_organisations", "name_ja", "name_ja_source"),
    ],
)
def test_japanese_names_with_their_source(tables, key, column, source_column):
    frame = tables[key]
    assert column in frame.columns and source_column in frame.columns
    assert (frame[column].str.strip() != "").all(), key
    assert (frame[source_column].str.strip() != "").all(), key
    # Every Japanese name holds Japanese script (kana or kanji), not a copy of the English.
    japanese = frame[column].str.contains(r"[\u3040-\u30ff\u4e00-\u9fff]")
    assert japanese.all(), frame.loc[~japanese, column].tolist()


@pytest.mark.parametrize("key", ["operations", "un_entities"])
def test_japanese_names_end_with_the_acronym(tables, key):
    # README: 国連南スーダン共和国ミッション（UNMISS）: the acronym in full-width parentheses.
    frame = tables[key]
    ok = [name.endswith(f"（{acronym}）") for name, acronym in zip(frame["name_ja"], frame["acronym"], strict=True)]
    assert all(ok), frame.loc[[not x for x in ok], ["acronym", "name_ja"]]


@pytest.mark.parametrize(
    ("key", "code", "column", "expected"),
    [
        # Published Japanese-government forms (README tables).
        ("sectors", "un_secretariat", "label_ja", "国連事務局"),
        ("sectors", "ngo", "label_ja", "NGO・NPO"),
        ("role_families", "civil_affairs", "label_ja", "民政"),
        ("role_families", "political_affairs", "label_ja", "政務"),
        ("operations", "UNMISS", "name_ja", "国連南スーダン共和国ミッション（UNMISS）"),
    ],
)
def test_known_japanese_names(tables, key, code, column, expected):
    frame = tables[key].set_index(tables[key].columns[0])
    assert frame.loc[code, column] == expected


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


def test_no_full_name_shared_between_tables(tables):
    # Since the December 2026 pass the World Bank Group has one row only, so no full
    # name appears twice any more.
    names = pd.concat([tables[k]["full_name"] for k in ORG_TABLES])
    assert not names.duplicated().any(), names[names.duplicated()].tolist()


def test_world_bank_in_one_table_only(tables):
    everywhere = pd.concat([tables[k].assign(table=k) for k in ORG_TABLES])
    world_bank = everywhere[everywhere["full_name"].str.contains("World Bank")]
    assert world_bank[["table", "acronym"]].values.tolist() == [["un_entities", "WBG"]]
    assert world_bank["sector"].tolist() == ["un_specialised_agency"]
    assert "WBG" not in set(tables["other_organisations"]["acronym"])
    assert "WORLD BANK GROUP" not in set(everywhere["acronym"])


def test_unitad_and_mfo_present(tables):
    ents = tables["un_entities"].set_index("acronym")
    assert ents.loc["UNITAD", "sector"] == "un_secretariat"
    assert ents.loc["UNITAD", "headquarters_country_iso3"] == "IRQ"
    assert "UNITAD" not in set(tables["operations"]["acronym"])
    other = tables["other_organisations"].set_index("acronym")
    assert other.loc["MFO", "full_name"].startswith("Multinational Force and Observers")
    assert other.loc["MFO", "sector"] == "other_international"


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


@pytest.mark.parametrize("key", ["un_entities", "other_organisations"])
def test_headquarters_countries_are_known(tables, country_region, key):
    hq = tables[key]["headquarters_country_iso3"]
    unknown = sorted(set(hq) - set(country_region))
    assert not unknown


# ------------------------------------------------------------------ sectors and role families


def test_sectors_table(tables):
    sectors = tables["sectors"]
    assert sectors["sector"].tolist() == SECTORS
    assert sectors["display_order"].astype(int).tolist() == list(range(1, len(SECTORS) + 1))
    assert set(sectors["is_in_field"]) <= {"true", "false"}
    assert set(sectors.loc[sectors["is_in_field"] == "true", "sector"]) == IN_FIELD
    assert dict(zip(sectors["sector"], sectors["coarse_group"], strict=True)) == COARSE_GROUP
    assert (sectors["label"].str.strip() != "").all()
    assert sectors["source"].str.contains("article050.html", regex=False).all()


def test_role_families_table(tables):
    families = tables["role_families"]
    assert families["role_family"].tolist() == ROLE_FAMILIES
    assert families["display_order"].astype(int).tolist() == list(range(1, len(ROLE_FAMILIES) + 1))
    assert (families["label"].str.strip() != "").all()


@pytest.mark.parametrize("key", ["un_entities", "other_organisations"])
def test_org_sectors_are_known(tables, key):
    unknown = set(tables[key]["sector"]) - set(SECTORS)
    assert not unknown


def test_un_entity_sector_follows_category(tables):
    ents = tables["un_entities"]
    assert set(ents["category"]) <= set(UN_CATEGORY_SECTOR)
    assert (ents["category"].map(UN_CATEGORY_SECTOR) == ents["sector"]).all()
    assert "UNV" in set(ents["acronym"])


# ------------------------------------------------------------------ operations: layout and dates


def test_operations_layout(tables):
    ops = tables["operations"]
    for removed in ("parent_department", "start_year", "end_year", "host_iso3"):
        assert removed not in ops.columns
    for column in ("start_date", "mandate_end_date", "end_date", "department_before_2019", "department_from_2019"):
        assert column in ops.columns
    # 71 UN peacekeeping operations since 1948 (the official count); support offices are their own kind.
    assert ops["kind"].value_counts().to_dict() == {"peacekeeping": 71, "political": 42, "support": 3}


def test_dates_are_written_as_dates(tables):
    ops = tables["operations"]
    assert ops["start_date"].str.fullmatch(DATE_TEXT).all()
    for column in ("mandate_end_date", "end_date"):
        assert ops[column].str.fullmatch(f"({DATE_TEXT})?").all(), column
    st = tables["duty_stations"]
    for column in ("start", "end"):
        assert st[column].str.fullmatch(f"({DATE_TEXT})?").all(), column


def test_dates_in_order(tables):
    ops = tables["operations"]
    start, mandate_end, end = _first_day(ops["start_date"]), _last_day(ops["mandate_end_date"]), _last_day(ops["end_date"])
    # Running operations have neither end; ended ones have both.
    assert (mandate_end.isna() == end.isna()).all(), ops.loc[mandate_end.isna() != end.isna(), "acronym"].tolist()
    ended = end.notna()
    assert (mandate_end[ended] >= start[ended]).all()
    # The end includes the liquidation, so it is never before the mandate end.
    assert (end[ended] >= mandate_end[ended]).all(), ops.loc[ended & (end < mandate_end), "acronym"].tolist()


@pytest.mark.parametrize(
    ("acronym", "mandate_end", "end"),
    [
        # Liquidation ends found in the December 2026 pass (README, "Dates found").
        ("UNMIL", "2018-03-30", "2018-06-28"),
        ("UNAMID", "2020-12-31", "2022-06-30"),
        ("MINUSMA", "2023-06-30", "2024-11"),
        ("UNITAMS", "2023-12-03", "2024-08-31"),
        ("UNOCI", "2017-06-30", "2017-06-30"),
        ("MENUB", "2015-11-18", "2015-12-31"),
        ("UNMIS", "2011-07-09", "2011-09"),
        # Corrected: UNAMA replaced UNSMA on 28 March 2002 (not 2001).
        ("UNSMA", "2002-03-28", "2002-03-28"),
        ("UNPOS", "2013-06-03", "2013-06-03"),
        ("UNSOA", "2015-11-09", "2015-11-09"),
        ("UNTMIS", "2026-10-31", "2026-10-31"),
    ],
)
def test_end_dates(ops, acronym, mandate_end, end):
    assert ops.loc[acronym, "mandate_end_date"] == mandate_end
    assert ops.loc[acronym, "end_date"] == end


@pytest.mark.parametrize(
    ("before", "after", "handover_day"),
    [
        # Renamings and successions: the successor starts on (or the day after) the end of the first.
        ("UNSMA", "UNAMA", "2002-03-28"),
        ("UNPOS", "UNSOM", "2013-06-03"),
        ("UNSOA", "UNSOS", "2015-11-09"),
    ],
)
def test_successions_meet(ops, before, after, handover_day):
    assert ops.loc[before, "end_date"] == handover_day
    assert ops.loc[after, "start_date"] == handover_day


def test_monuc_to_monusco_and_unsom_to_untmis(ops):
    # MONUC ran to 30 June 2010 and MONUSCO from 1 July 2010; UNSOM to 31 Oct 2024, UNTMIS from 1 Nov 2024.
    assert (ops.loc["MONUC", "end_date"], ops.loc["MONUSCO", "start_date"]) == ("2010-06-30", "2010-07-01")
    assert (ops.loc["UNSOM", "end_date"], ops.loc["UNTMIS", "start_date"]) == ("2024-10-31", "2024-11-01")


def test_operation_regions_are_known(tables):
    assert set(tables["operations"]["region"]) <= REGIONS


# ------------------------------------------------------------------ corrections


def test_corrected_full_names(ops):
    assert ops.loc["UNISFA", "full_name"] == "United Nations Interim Security Force for Abyei"
    assert ops.loc["ONUC", "full_name"] == "United Nations Operation in the Congo"


def test_support_offices_present(ops):
    assert ops.loc["UNSOA", "full_name"] == "United Nations Support Office for AMISOM"
    assert ops.loc["UNSOS", "full_name"] == "United Nations Support Office in Somalia"
    assert ops.loc[["UNSOA", "UNSOS", "UNSOH"], "kind"].tolist() == ["support"] * 3
    # UNSOA began with resolution 1863 (16 January 2009); UNSOS replaced it on 9 November 2015.
    assert ops.loc["UNSOA", "start_date"] == "2009-01-16"
    assert ops.loc["UNSOS", "start_date"] == "2015-11-09"
    assert ops.loc["UNSOS", "end_date"] == ""


def test_unef_i_hosted_by_egypt_not_israel(stations):
    # UNEF I stood on the Egyptian side only (Sinai and the Gaza Strip, then under
    # Egyptian administration, coded PSE by today's code).
    assert _hosts(stations, "UNEF I") == {"EGY", "PSE"}
    assert "ISR" not in set(stations.loc[stations["acronym"] == "UNEF I", "country_iso3"])
    assert _hosts(stations, "UNEF II") == {"EGY"}


def test_undof_on_the_golan_only(stations):
    rows = stations[stations["acronym"] == "UNDOF"]
    assert rows["country_iso3"].tolist() == ["SYR"]


# ------------------------------------------------------------------ departments


def test_departments_of_the_time(tables):
    ops = tables["operations"]
    assert set(ops["department_before_2019"]) <= {"DPKO", "DPA", "DFS", "OSPA", ""}
    assert set(ops["department_from_2019"]) <= {"DPO", "DPPA", "DOS", ""}
    start, end = _first_day(ops["start_date"]), _last_day(ops["end_date"])
    reform = pd.Timestamp("2019-01-01")
    # No department after the reform for an operation that ended before it, and
    # none before it for one that started after it; every other row has both.
    ended_before = end.notna() & (end < reform)
    started_after = start >= reform
    assert ((ops["department_from_2019"] == "") == ended_before).all(), ops.loc[
        (ops["department_from_2019"] == "") != ended_before, "acronym"].tolist()
    assert ((ops["department_before_2019"] == "") == started_after).all(), ops.loc[
        (ops["department_before_2019"] == "") != started_after, "acronym"].tolist()


def test_departments_by_kind(tables):
    ops = tables["operations"]
    kind, before, after = ops["kind"], ops["department_before_2019"], ops["department_from_2019"]
    assert set(before[kind == "support"]) <= {"DFS", ""}
    assert set(after[kind == "support"]) == {"DOS", ""}  # UNSOA ended in 2015
    assert set(after[kind == "peacekeeping"]) == {"DPO", ""}
    assert set(after[kind == "political"]) == {"DPPA", ""}
    assert set(before[kind == "peacekeeping"]) == {"DPKO", "OSPA"}
    assert set(before[kind == "political"]) == {"DPA", "DPKO", ""}


def test_peacekeeping_before_dpko_was_run_by_ospa(tables):
    # DPKO was created in 1992. Peacekeeping operations that had ended by March 1992
    # were run by the Office for Special Political Affairs (14 rows incl. UNAMIC).
    pk = tables["operations"][tables["operations"]["kind"] == "peacekeeping"]
    end = _last_day(pk["end_date"])
    ended_early = end.notna() & (end <= pd.Timestamp("1992-03-31"))
    assert ((pk["department_before_2019"] == "OSPA") == ended_early).all()
    assert int(ended_early.sum()) == 14
    assert set(pk.loc[ended_early, "acronym"]) >= {"UNEF I", "ONUC", "UNTAG", "ONUCA", "UNAMIC"}


def test_political_missions_led_by_dpko(tables):
    ops = tables["operations"]
    dpko_political = set(ops.loc[(ops["kind"] == "political") & (ops["department_before_2019"] == "DPKO"), "acronym"])
    # UNSMA, MICAH and MINUCI (issue), UNAMA (UN fact sheet 2013), UNOTIL, UNIOSIL, BINUB (README).
    assert dpko_political == {"UNSMA", "MICAH", "MINUCI", "UNAMA", "UNOTIL", "UNIOSIL", "BINUB"}


# ------------------------------------------------------------------ duty stations


def test_duty_station_codes_are_known(tables, country_region):
    st = tables["duty_stations"]
    assert set(st["role"]) == {"host", "support", "regional", "headquarters"}
    assert set(st["acronym"]) == set(tables["operations"]["acronym"])  # every operation has rows
    assert set(st["country_iso3"]) <= set(country_region)
    # README gives (acronym, country_iso3, role, start) as the key, but UNSOS has two KEN
    # support rows from its start (Nairobi back office, Mombasa logistics base): the
    # location tells them apart.
    assert not st.duplicated(["acronym", "country_iso3", "role", "start", "location"]).any()


def test_every_operation_has_a_host_row(tables):
    hosts = set(tables["duty_stations"].loc[tables["duty_stations"]["role"] == "host", "acronym"])
    assert hosts == set(tables["operations"]["acronym"])


def test_spans_lie_inside_the_operation(tables, ops):
    st = tables["duty_stations"]
    start, end = _first_day(st["start"]), _last_day(st["end"])
    op_start = _first_day(st["acronym"].map(ops["start_date"]))
    op_end = _last_day(st["acronym"].map(ops["end_date"]))
    assert (start.isna() | (start >= op_start)).all(), st.loc[start < op_start, ["acronym", "start"]]
    assert (end.isna() | op_end.isna() | (end <= op_end)).all(), st.loc[end > op_end, ["acronym", "end"]]
    assert (start.isna() | end.isna() | (end >= start)).all()


def test_host_rows_in_the_operation_region(tables, country_region, ops):
    st = tables["duty_stations"]
    region = st["acronym"].map(ops["region"])
    off = st[st["country_iso3"].map(country_region) != region]
    assert set(zip(off["acronym"], off["country_iso3"], strict=True)) == set(REGION_EXCEPTIONS)
    assert set(off["role"]) <= {"support", "regional", "headquarters"}


def test_unpos_sat_in_nairobi_until_january_2012(stations):
    unpos = stations[stations["acronym"] == "UNPOS"].set_index(["country_iso3", "role"])
    # Nairobi from the start (empty start = the operation's start, 15 April 1995) to 24 January 2012.
    assert unpos.loc[("KEN", "headquarters"), ["start", "end"]].tolist() == ["", "2012-01-24"]
    # Then Mogadishu, with a Nairobi office kept.
    assert unpos.loc[("SOM", "host"), ["start", "end"]].tolist() == ["2012-01-24", ""]
    assert unpos.loc[("KEN", "regional"), ["start", "end"]].tolist() == ["2012-01-24", ""]


@pytest.mark.parametrize(
    ("acronym", "country", "role", "start", "end"),
    [
        ("UNSMIL", "TUN", "headquarters", "2014-07", "2018"),  # Tunis after staff left Libya
        ("OSESGY", "JOR", "headquarters", "2017", ""),  # the Yemen envoy's office in Amman
        ("UNSOA", "KEN", "headquarters", "", ""),  # Nairobi
        ("SESG-GL", "KEN", "headquarters", "", ""),  # the Great Lakes envoy in Nairobi
        ("UNMIK", "SRB", "regional", "", ""),  # UNMIK Office in Belgrade
        ("UNITAMS", "UGA", "support", "2024-07-23", ""),  # RSCE took over the liquidation
    ],
)
def test_support_regional_and_headquarters_locations(stations, acronym, country, role, start, end):
    rows = stations[(stations["acronym"] == acronym) & (stations["country_iso3"] == country) & (stations["role"] == role)]
    assert rows[["start", "end"]].values.tolist() == [[start, end]]


def test_entebbe_regional_service_centre_clients(stations):
    entebbe = stations[(stations["country_iso3"] == "UGA") & (stations["role"] == "support")]
    assert set(entebbe["acronym"]) == {"MONUC", "MONUSCO", "UNAMID", "UNISFA", "UNMISS", "MINUSCA", "UNSOA", "UNITAMS"}


# ------------------------------------------------------------------ the loader


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def test_period_bounds_by_hand():
    first, last = period_bounds(pd.Series(["2011", "2011-09", "2012-02", "2011-09-15", "", None, "2011-13"]))
    assert first.tolist()[:4] == [pd.Timestamp("2011-01-01"), pd.Timestamp("2011-09-01"), pd.Timestamp("2012-02-01"),
                                  pd.Timestamp("2011-09-15")]
    # A year ends on 31 December, a month on its last day (29 February in the leap year 2012),
    # a day on itself.
    assert last.tolist()[:4] == [pd.Timestamp("2011-12-31"), pd.Timestamp("2011-09-30"), pd.Timestamp("2012-02-29"),
                                 pd.Timestamp("2011-09-15")]
    assert first.iloc[4:].isna().all() and last.iloc[4:].isna().all()


def test_period_bounds_refuse_what_is_not_a_calendar_date():
    # Year 0, 30 February, a one-digit month and full-width digits are not dates: they are
    # reported ("not a date"), not guessed. Spaces around a value are ignored.
    first, last = period_bounds(pd.Series(["0000", "2011-02-30", "2011-9", "２０１１", " 2011-02 "]))
    assert first.iloc[:4].isna().all() and last.iloc[:4].isna().all()
    assert (first.iloc[4], last.iloc[4]) == (pd.Timestamp("2011-02-01"), pd.Timestamp("2011-02-28"))


def test_loaded_operation_dates(ref):
    o = ref.operations
    # "2011-09" as an end means the whole of September; the mandate ended on 9 July 2011.
    assert o.loc["UNMIS", "mandate_end"] == pd.Timestamp("2011-07-09")
    assert o.loc["UNMIS", "end"] == pd.Timestamp("2011-09-30")
    assert o.loc["MINUSMA", "end"] == pd.Timestamp("2024-11-30")
    # UNSMA's start is known to the year only: read as 1 January 1993.
    assert o.loc["UNSMA", "start"] == pd.Timestamp("1993-01-01")
    assert pd.isna(o.loc["UNTSO", "end"])


def test_loaded_duty_station_spans(ref):
    st = ref.duty_stations
    nairobi = st[(st["acronym"] == "UNPOS") & (st["role"] == "headquarters")].iloc[0]
    # An empty start is the operation's start: UNPOS opened on 15 April 1995.
    assert (nairobi["span_start"], nairobi["span_end"]) == (pd.Timestamp("1995-04-15"), pd.Timestamp("2012-01-24"))
    mogadishu = st[(st["acronym"] == "UNPOS") & (st["country_iso3"] == "SOM")].iloc[0]
    # An empty end is the operation's end (3 June 2013).
    assert mogadishu["span_end"] == pd.Timestamp("2013-06-03")
    tunis = st[(st["acronym"] == "UNSMIL") & (st["country_iso3"] == "TUN")].iloc[0]
    assert (tunis["span_start"], tunis["span_end"]) == (pd.Timestamp("2014-07-01"), pd.Timestamp("2018-12-31"))


def test_comparator_lookup(ref):
    cao = ref.comparator("ever_in_field_2013")
    # The Cabinet Office figure: about 40% (約4割) of the 34 who had finished by 31 May 2013.
    assert cao["comparator_id"] == "cao_2013"
    assert cao["value"] == pytest.approx(0.40)
    assert cao["denominator"] == "34"
    assert cao["as_of"] == "2013-05-31"
    mofa = ref.comparator("currently_in_field")
    # 113 of 192 = 0.5885..., published as 58.9%.
    assert mofa["value"] == pytest.approx(113 / 192, abs=0.0005)
    assert ref.comparator("in_field_24")["value"] == pytest.approx(0.87)
    assert ref.comparator("no_such_measure") is None


def test_department_at(ref):
    operations = pd.Series(["UNAMA", "UNAMA", "UNAMA", "UNSOS", "UNSOS", "UNMIK", "UNSMA", "MICAH", "MINUCI",
                            "UNPOS", "UNEF I", "UNMHA", "UNMISS"])
    dates = pd.Series(pd.to_datetime(["2010-06-01", "2018-12-31", "2019-01-01", "2016-01-01", "2020-01-01",
                                      "2005-01-01", "2000-01-01", "2000-06-01", "2003-06-01", "2010-01-01",
                                      "1960-01-01", "2019-06-01", "2019-01-01"]))
    assert pd.Timestamp("2019-01-01") == DEPARTMENT_REFORM_DATE
    assert ref.department_at(operations, dates).tolist() == [
        "DPKO", "DPKO", "DPPA",  # UNAMA: DPKO-led until 31 Dec 2018, DPPA from the reform day
        "DFS", "DOS",  # UNSOS: DFS until the reform, then DOS
        "DPKO",  # UNMIK in 2005
        "DPKO", "DPKO", "DPKO",  # the DPKO-led political missions UNSMA, MICAH, MINUCI
        "DPA",  # UNPOS
        "OSPA",  # UNEF I, before DPKO existed
        "DPPA",  # UNMHA began after the reform
        "DPO",  # UNMISS on the reform day
    ]


def test_duty_station_matches(ref):
    cases = [
        # (operation, country, start, end, expected, why)
        ("UNPOS", "KEN", "2009-01-01", "2011-06-30", True, "Nairobi until 24 Jan 2012"),
        ("UNPOS", "SOM", "2009-01-01", "2011-06-30", False, "Mogadishu only from 24 Jan 2012"),
        ("UNPOS", "SOM", "2011-06-01", "2012-06-30", True, "overlaps the Mogadishu span"),
        ("UNPOS", "KEN", "2012-06-01", "2013-05-31", True, "Nairobi office kept after the move"),
        ("UNSMIL", "TUN", "2015-01-01", "2015-12-31", True, "Tunis 2014-07 to 2018"),
        ("UNSMIL", "TUN", "2012-01-01", "2013-12-31", False, "before the move to Tunis"),
        ("UNSMIL", "TUN", "2019-03-01", "2019-12-31", False, "the Tunis span ends with 2018"),
        ("OSESGY", "JOR", "2016-01-01", "2016-12-31", False, "Amman from 2017"),
        ("OSESGY", "JOR", "2017-01-01", "2017-01-01", True, "first day of the Amman span"),
        ("UNDOF", "ISR", "2010-01-01", "2010-12-31", False, "Golan coded SYR only"),
        ("UNDOF", "SYR", "2010-01-01", "2010-12-31", True, "Golan"),
        ("UNEF I", "PSE", "1960-01-01", "1960-12-31", True, "Gaza Strip"),
        ("UNEF I", "ISR", "1960-01-01", "1960-12-31", False, "not hosted by Israel"),
        ("UNMISS", "UGA", "2012-01-01", "2012-12-31", True, "Entebbe service centre"),
        ("UNMISS", "KEN", "2012-01-01", "2012-12-31", False, "no Nairobi row"),
    ]
    got = ref.duty_station_matches(
        pd.Series([c[0] for c in cases]),
        pd.Series([c[1] for c in cases]),
        pd.Series(pd.to_datetime([c[2] for c in cases])),
        pd.Series(pd.to_datetime([c[3] for c in cases])),
    )
    assert list(zip(got.tolist(), [c[5] for c in cases], strict=True)) == [(c[4], c[5]) for c in cases]


def test_duty_station_matches_with_nothing_to_check(ref):
    got = ref.duty_station_matches(
        pd.Series(["UNPOS", None, "UNPOS"]),
        pd.Series([None, "SOM", "KEN"]),
        pd.Series(pd.to_datetime(["2009-01-01", "2009-01-01", "2010-05-01"])),
        pd.Series(pd.to_datetime([None, None, None])),
    )
    # No country or no operation: nothing to check (True). No end: the start day only,
    # and on 1 May 2010 UNPOS sat in Nairobi.
    assert got.tolist() == [True, True, True]


def test_organisations_share_one_code_space(ref):
    orgs = ref.organisations
    assert not orgs.index.duplicated().any()
    assert orgs.loc["UNSOS", "sector"] == "un_peace_operation"
    assert orgs.loc["UNSOS", "kind"] == "support"
    assert orgs.loc["WBG", "sector"] == "un_specialised_agency"
    assert orgs.loc["MFO", "sector"] == "other_international"
    assert orgs.loc["JICA", "sector"] == "japanese_government"
    assert orgs.loc["UNITAD", "table"] == "un_system_entities"
    assert ref.in_field_sectors == SECTORS[:5]


def _copy_reference(tmp_path):
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, folder)
    return folder


def test_loader_refuses_a_row_without_source(tmp_path):
    folder = _copy_reference(tmp_path)
    path = folder / REFERENCE_FILES["role_families"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[2, "source"] = ""  # the electoral row, on line 4 of the file
    frame.to_csv(path, index=False, lineterminator="\n")
    with pytest.raises(DataError) as caught:
        load_reference(folder)
    assert [(p.file, p.line, p.column) for p in caught.value.problems] == [("role_families.csv", 4, "source")]
    assert caught.value.problems[0].rule == "every reference row must carry its source"


def test_loader_refuses_unknown_station_operation_and_bad_date(tmp_path):
    folder = _copy_reference(tmp_path)
    path = folder / REFERENCE_FILES["duty_stations"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "acronym"] = "UNTSOX"  # line 2
    frame.loc[1, "end"] = "1999-13"  # line 3: no 13th month
    frame.to_csv(path, index=False, lineterminator="\n")
    with pytest.raises(DataError) as caught:
        load_reference(folder)
    found = {(p.file, p.line, p.column, p.value) for p in caught.value.problems}
    assert found == {
        ("operation_duty_stations.csv", 2, "acronym", "UNTSOX"),
        ("operation_duty_stations.csv", 3, "end", "1999-13"),
    }
