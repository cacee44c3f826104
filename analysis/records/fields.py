"""The field dictionary: the one description of every column of every record table.

The validation schemas (:mod:`analysis.records.schemas`), the data dictionary a user reads
(``data/DICTIONARY.md``) and the blank templates (``data/templates/``) are all
generated from :data:`TABLES`, so they cannot drift apart.

Kinds of field
--------------
``id``        pseudonymous identifier: letters, digits, ``-`` and ``_`` only
``text``      free text
``code``      one of a fixed list of values (``allowed``) or of a reference table
``date``      ISO ``YYYY-MM-DD``; ``YYYY-MM`` accepted, stored as the first of the
              month and flagged in ``<column>_month_only``
``number``    decimal number
``boolean``   ``true``/``false`` (also ``1``/``0``, ``yes``/``no``); empty = false
``intake``    fiscal year and half, ``FY2008-H1`` (April start) or ``FY2008-H2``
              (October start)
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_REASONS = ("completed", "left_for_post", "other")
ACTIVITY_TYPES = (
    "research",
    "election_observation",
    "mission_support",
    "training_delivered",
    "symposium",
    "outreach",
)
ROLE_FAMILIES = (
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
)
#: The UN grade ladder, lowest to highest: the one order used by the grade-progression
#: measure, the synthetic generator and every chart of grades.
UN_GRADE_LADDER = (
    "UNV",
    "NO-A",
    "NO-B",
    "NO-C",
    "NO-D",
    "FS",
    "P-1",
    "P-2",
    "P-3",
    "P-4",
    "P-5",
    "D-1",
    "D-2",
)
#: Grades outside the ladder (no rank).
OTHER_GRADES = ("consultant", "national civil service", "other")
#: Every allowed grade: the ladder in order, then the others.
GRADES = UN_GRADE_LADDER + OTHER_GRADES
GENDERS = ("female", "male", "other", "not_stated")

#: Column names refused anywhere: records are pseudonymous (compared after
#: lower-casing and removing spaces, ``-`` and ``_``).
PERSONAL_DATA_COLUMNS = (
    "name",
    "fullname",
    "firstname",
    "lastname",
    "familyname",
    "givenname",
    "surname",
    "email",
    "emailaddress",
    "mail",
    "birthdate",
    "dateofbirth",
    "dob",
    "phone",
    "telephone",
    "mobile",
    "address",
    "postaddress",
    "passport",
    "passportnumber",
    "mynumber",
    "nationalid",
)


@dataclass(frozen=True)
class Field:
    """One column of one record table.

    ``required``: the column must be present in the file. ``nullable``: a cell
    may be empty. ``allowed``: a tuple of codes, or the name of a reference
    table (``"sectors"``, ``"countries"``, ``"operations"``) whose codes apply.
    """

    name: str
    kind: str
    description: str
    unit: str = ""
    required: bool = True
    nullable: bool = False
    unique: bool = False
    allowed: tuple[str, ...] | str | None = None
    example: str = ""


ADVISORS = (
    Field("advisor_id", "id", "Pseudonymous advisor identifier; never a name.", unique=True, example="ADV-0001"),
    Field("intake", "intake", "Recruitment intake: fiscal year (April-March) and half; H1 starts in April, H2 in October. Must match term_start.", example="FY2008-H1"),
    Field("term_start", "date", "First day of the advisor term.", unit="date", example="2008-04-01"),
    Field("term_end", "date", "Last day of the advisor term; empty while serving. At most 24 months after term_start.", unit="date", nullable=True, example="2008-12-31"),
    Field("exit_reason", "code", "Why the term ended: completed the term, left early for a post, other; empty while serving.", nullable=True, allowed=EXIT_REASONS, example="left_for_post"),
    Field("specialisation", "text", "Main area of expertise or research theme area.", nullable=True, example="DDR"),
    Field("prior_sector", "code", "Sector of the main work before the term (a code of data/reference/sectors.csv).", nullable=True, allowed="sectors", example="ngo"),
    Field("prior_years", "number", "Years of relevant work experience before the term.", unit="years", nullable=True, example="4.5"),
    Field("gender", "code", "Optional; leave empty or drop the column if not collected.", required=False, nullable=True, allowed=GENDERS, example="female"),
    Field("history_confirmed_on", "date", "Date up to which this person's career history is known to be complete (last survey or contact). Up to it, a month with no placement means no post; after it, status is unknown.", unit="date", example="2026-09-30"),
)

ACTIVITIES = (
    Field("activity_id", "id", "Identifier of the activity record.", unique=True, example="ACT-00001"),
    Field("advisor_id", "id", "The advisor who carried out the activity (must be in advisors).", example="ADV-0001"),
    Field("activity_type", "code", "Kind of Secretariat activity.", allowed=ACTIVITY_TYPES, example="election_observation"),
    Field("title", "text", "Short title of the activity.", example="Constituent Assembly election observation, Nepal"),
    Field("country_iso3", "code", "Country where it took place (ISO 3166-1 alpha-3; Kosovo XKX).", nullable=True, allowed="countries", example="NPL"),
    Field("operation", "code", "UN peace operation concerned, if any (acronym of data/reference/un_peace_operations.csv).", nullable=True, allowed="operations", example="UNMIN"),
    Field("start", "date", "First day of the activity.", unit="date", example="2008-03-28"),
    Field("end", "date", "Last day of the activity (same as start for a one-day event).", unit="date", example="2008-04-17"),
)

PLACEMENTS = (
    Field("placement_id", "id", "Identifier of the placement record.", unique=True, example="PLC-00001"),
    Field("advisor_id", "id", "The advisor (must be in advisors).", example="ADV-0001"),
    Field("organisation", "text", "Employer: a code from the reference tables (UN operation acronym, UN entity or other organisation acronym), or free text when organisation_is_free_text is true.", example="UNPOS"),
    Field("organisation_is_free_text", "boolean", "true when organisation is not a reference code (a ministry, NGO, university...); sector is then required.", required=False, nullable=True, example="false"),
    Field("sector", "code", "Sector of the employer; derived from the reference tables for coded organisations (must agree if given), required for free-text ones.", nullable=True, allowed="sectors", example="un_peace_operation"),
    Field("operation", "code", "UN peace operation the post belonged to, if any; the placement must fall inside its lifetime and in one of its host countries.", nullable=True, allowed="operations", example="UNPOS"),
    Field("role_title", "text", "Job title as held.", nullable=True, example="DDR Officer"),
    Field("role_family", "code", "Family of the role.", allowed=ROLE_FAMILIES, example="ddr"),
    Field("grade", "code", "Grade or contract type.", allowed=GRADES, example="P-3"),
    Field("duty_country_iso3", "code", "Duty station country (ISO 3166-1 alpha-3; Kosovo XKX).", allowed="countries", example="SOM"),
    Field("start", "date", "First day in post.", unit="date", example="2008-12-01"),
    Field("end", "date", "Last day in post; empty if still in post on history_confirmed_on.", unit="date", nullable=True, example=""),
)

#: Every record table, in loading order.
TABLES: dict[str, tuple[Field, ...]] = {
    "advisors": ADVISORS,
    "activities": ACTIVITIES,
    "placements": PLACEMENTS,
}

TABLE_DESCRIPTIONS = {
    "advisors": "One row per advisor: the term and what is known of the career after it.",
    "activities": "One row per activity during the term (objective 2: strengthening the Secretariat).",
    "placements": "One row per post held before or after the term.",
}


def field_map(table: str) -> dict[str, Field]:
    """Fields of ``table`` by column name."""
    return {f.name: f for f in TABLES[table]}


def date_columns(table: str) -> list[str]:
    """Names of the date columns of ``table``."""
    return [f.name for f in TABLES[table] if f.kind == "date"]
