"""Display names for codes, in the report's language: readers see names, never codes.

Sector, role-family, operation and organisation names come from the
reference tables (``label``/``label_ja``, ``full_name``/``name_ja``); the
small closed lists (exit reasons, activity types, regions, mission kinds,
career states) come from the message catalogue.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.i18n import _, get_language, pgettext
from analysis.measures.destinations import OTHER
from analysis.records.reference import Reference

__all__ = ["Labels"]

_ACRONYM = re.compile(r"[A-Z][A-Za-z]{1,11}")


def _closed_lists() -> dict[str, dict[str, str]]:
    """Labels of the small code lists (called each time, so the current language applies)."""
    return {
        "exit_reason": {"completed": _("Completed the term"), "left_for_post": _("Left early for a post"),
                        "other": _("Other reason")},
        "activity_type": {"research": pgettext("activity", "Research"), "election_observation": _("Election observation"),
                          "mission_support": _("Mission support"), "training_delivered": _("Training delivered"),
                          "symposium": _("Symposium"), "outreach": _("Outreach")},
        "mission_kind": {"peacekeeping": _("UN peacekeeping operation"),
                         "political": _("UN special political mission"),
                         "support": _("UN support office"), "agency": _("Other UN post"),
                         "other": _("Outside the UN")},
        "region": {"Africa": _("Africa"), "Americas": _("Americas"), "Asia-Pacific": _("Asia-Pacific"),
                   "Europe": _("Europe"), "Middle East": _("Middle East")},
        "state": {"advisor": _("Advisor (term)"), "no_post": _("No post"), "unknown": _("Unknown"),
                  "UN peace operation": _("UN peace operation"), "other UN": _("Other UN"),
                  "other international": _("Other international"), "Japanese government": _("Japanese government"),
                  "other": _("Other (government, NGO, academia, private)")},
        "grade": {"consultant": _("Consultant"), "national civil service": _("National civil service"),
                  "other": _("Other grade")},
        "role_family": {"political_affairs": _("Political affairs"), "civil_affairs": _("Civil affairs"),
                        "electoral": _("Electoral"), "ddr": _("DDR (disarmament, demobilization and reintegration)"),
                        "rule_of_law": _("Rule of law"), "human_rights": _("Human rights"),
                        "humanitarian": _("Humanitarian"), "programme_management": _("Programme management"),
                        "research": _("Research"), "other": _("Other")},
    }


class Labels:
    """Code -> display name for one set of reference tables, in the current language."""

    def __init__(self, reference: Reference):
        self.reference = reference

    def _ref(self, table: pd.DataFrame, code: str, english: str, japanese: str) -> str | None:
        if code not in table.index:
            return None
        column = japanese if get_language() == "ja" and japanese in table.columns else english
        value = table.loc[code, column]
        if pd.isna(value) or not str(value).strip():
            value = table.loc[code, english]
        return None if pd.isna(value) else str(value)

    def other(self, categories: int | None = None) -> str:
        """Label of the pooled row."""
        return _("Other (pooled: fewer than k people each)")

    def sector(self, code: str) -> str:
        if code == OTHER:
            return self.other()
        found = self._ref(self.reference.sectors, code, "label", "label_ja")
        return found[:1].upper() + found[1:] if found else self.state(code)

    def state(self, code: str) -> str:
        """Career states: ``advisor``, ``no_post``, sector codes and coarse groups."""
        lists = _closed_lists()["state"]
        if code in lists:
            return lists[code]
        if code in self.reference.sectors.index:
            return self.sector(code)
        return str(code)

    def role_family(self, code: str) -> str:
        if code == OTHER:
            return self.other()
        table = getattr(self.reference, "role_families", None)
        if table is not None and code in table.index:
            return self._ref(table, code, "label", "label_ja") or code
        return _closed_lists()["role_family"].get(code, code)

    def operation(self, code: str) -> str:
        if code == OTHER:
            return self.other()
        if not code:
            return _("No operation")
        ops = self.reference.operations
        if code not in ops.index:
            return code
        if get_language() == "ja" and "name_ja" in ops.columns and pd.notna(ops.loc[code, "name_ja"]):
            return str(ops.loc[code, "name_ja"])
        name = str(ops.loc[code, "full_name"]).replace("United Nations", "UN")
        return f"{name} ({code})"

    def organisation(self, code: str) -> str:
        """Coded organisations by name (operations as operations); free text as written."""
        if code == OTHER:
            return self.other()
        if code in self.reference.operations.index:
            return self.operation(code)
        orgs = self.reference.organisations
        if code in orgs.index:
            if get_language() == "ja" and "name_ja" in orgs.columns and pd.notna(orgs.loc[code, "name_ja"]):
                return str(orgs.loc[code, "name_ja"])
            name = str(orgs.loc[code, "full_name"]).replace("United Nations", "UN")
            # A real acronym (UNDP, JICA) helps the reader; an internal code (MOFA-JP) does not.
            return f"{name} ({code})" if _ACRONYM.fullmatch(code) and code not in name else name
        return str(code)

    @staticmethod
    def comparator(row: pd.Series, column: str) -> str:
        """A comparator's text (``programme``, ``value_text``, ...) in the current language."""
        japanese = f"{column}_ja"
        if get_language() == "ja" and japanese in row.index and pd.notna(row[japanese]) and str(row[japanese]).strip():
            return str(row[japanese])
        value = row.get(column)
        return "" if value is None or pd.isna(value) else str(value)

    def country(self, code: str) -> str:
        if not code:
            return _("No country")
        countries = self.reference.countries
        if code not in countries.index:
            return code
        if get_language() == "ja":  # CLDR territory names (Babel's locale data) by ISO alpha-2
            from babel import Locale

            name = Locale("ja").territories.get(str(countries.loc[code, "iso2"]))
            if name:
                return name
        return str(countries.loc[code, "name"])

    def code(self, kind: str, code: str) -> str:
        """Any code of one of the closed lists (``exit_reason``, ``activity_type``, ``region``, ...)."""
        if code == OTHER:
            return self.other()
        return _closed_lists().get(kind, {}).get(code, str(code))

    def level(self, level: str, code: str) -> str:
        """A destination category at ``level`` (as in :data:`analysis.measures.DESTINATION_LEVELS`)."""
        if level == "sector":
            return self.sector(code)
        if level == "operation":
            return self.operation(code)
        if level == "organisation":
            return self.organisation(code)
        if level == "role_family":
            return self.role_family(code)
        if level == "duty_country_iso3":
            return self.country(code)
        if level == "coarse_group":
            return self.state(code)
        if level in ("region", "mission_kind", "grade"):
            return self.code(level, code)
        return self.other() if code == OTHER else str(code)


def state_labels(reference) -> dict[str, set[str]]:
    """Every career state's display label in every language (what the audit reads published paths with)."""
    from analysis.i18n import LANGUAGES, use_language

    labels = Labels(reference)
    states = ["advisor", "no_post", *dict.fromkeys(reference.sectors["coarse_group"]), *reference.sectors.index]
    out: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        with use_language(lang):
            for state in states:
                out.setdefault(str(state), set()).add(labels.state(str(state)))
    return out
