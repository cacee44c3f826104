"""Seeded synthetic demonstration records, calibrated to the public facts.

No real advisor records are public. This generator writes records in the real
format, calibrated to what is published (``../shared/reference/``):

* about five advisors a year from FY2005, in April (H1) and October (H2) intakes;
* terms of 6 to 24 months, many leaving early for a field post;
* by 31 May 2013 roughly 42 appointed, 34 finished, about 40% of those ever at
  the UN or another international organisation;
* placements only at operations that existed at the time, in their host
  countries; role families and grades that progress; prior experience;
* ``history_confirmed_on`` dates that leave some alumni with unknown status;
* Secretariat activities including the Nepal 2008 election observation (UNMIN)
  and the Southern Sudan 2011 referendum (UNMIS).

Everything comes from one ``random.Random(seed)`` stream and the ``as_of`` date
parameter (never the clock), so the same arguments give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pandas as pd

from analysis.paths import RECORD_FILES, REFERENCE_DIR, SYNTHETIC_MARKER
from analysis.records.fields import TABLES, UN_GRADE_LADDER
from analysis.records.fiscal import fiscal_year_of, intake_start
from analysis.records.reference import Reference, load_reference

DEFAULT_SEED = 20050401
DEFAULT_ADVISORS = 110
DEFAULT_AS_OF = dt.date(2026, 9, 30)
FIRST_FISCAL_YEAR = 2005

SPECIALISATIONS = (
    "DDR", "civil-military relations", "rule of law", "electoral assistance", "peacebuilding",
    "humanitarian assistance", "PKO policy", "post-conflict environment", "gender and peace",
    "security sector reform", "education in peacebuilding",
)
RESEARCH_THEMES = (
    "Lessons of PRT deployment and civil-military relations",
    "UN PKO development and links with peacebuilding support",
    "Post-conflict employment policy and DDR theory",
    "Japanese SDF participation in UN PKO",
    "Environmental remediation after armed conflict",
    "Peacebuilding in education",
    "UN Triangular Partnership Programme: training PKO engineers",
    "Hybrid peace and refugee assistance",
    "Cash transfers for resilience and poverty reduction",
    "Electoral assistance in post-conflict transitions",
    "Protection of civilians mandates",
)
#: Larger multidimensional missions are likelier destinations (weight 4 vs 1).
MAJOR_OPERATIONS = {
    "UNMIS", "UNMISS", "UNMIT", "UNMIK", "MONUC", "MONUSCO", "UNAMID", "MINUSTAH", "MINUSMA",
    "MINUSCA", "UNMIL", "UNOCI", "UNAMA", "UNAMI", "UNMIN", "UNPOS", "UNSOM", "BINUB", "UNIPSIL",
    "UNIOGBIS", "UNSMIL", "UNMISET", "UNTAET", "UNOTIL", "UNITAMS",
}
PREFERRED_ORGANISATIONS = {
    "un_secretariat": ("DPPA", "DPO", "OCHA", "OHCHR", "DOS", "ODA", "PBPSO", "UNMAS", "UNODC"),
    "un_fund_programme": ("UNDP", "UNICEF", "WFP", "UNHCR", "UNFPA", "UNOPS", "UN-Women", "UNV", "UNITAR", "UNU"),
    "un_specialised_agency": ("IOM", "FAO", "WHO", "ILO", "UNESCO", "IAEA"),
    "other_international": ("OSCE", "EEAS", "AU", "ADB", "ICRC", "IFRC", "International IDEA", "DCAF", "ODIHR"),
    "japanese_government": ("MOFA-JP", "JICA", "JPC-MOD"),
    "other_government": ("ZIF",),
}
#: Employers written as free text, as a record keeper at the Secretariat writes them: Japanese
#: employers in Japanese, others in their own language. (Same number of names per sector as
#: before, so the random stream, and with it the calibration, is unchanged.)
FREE_TEXT_ORGANISATIONS = {
    "japanese_government": ("内閣府（他部局）", "防衛省", "在外日本国大使館"),
    "other_government": ("Foreign ministry of another country",),
    "ngo": ("ジャパン・プラットフォーム", "ピースウィンズ・ジャパン", "日本国際ボランティアセンター",
            "難民を助ける会", "Nonviolent Peaceforce", "Saferworld"),
    "academia": ("広島大学", "University of Bradford", "日本国際問題研究所", "Chatham House"),
    "private_sector": ("開発コンサルティング会社", "総合商社"),
}
#: Job titles for posts at employers written in Japanese.
JAPANESE_TITLES = {"political_affairs": "政策担当", "programme_management": "事業担当", "research": "研究員",
                   "humanitarian": "人道支援担当", "other": "職員"}
#: Title of a research post at a Japanese university.
JAPANESE_UNIVERSITY_TITLE = "准教授"


def _is_japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


FIELD_COUNTRIES = ("AFG", "SSD", "SDN", "COD", "TLS", "HTI", "SOM", "LBR", "CIV", "MLI", "CAF",
                   "NPL", "IRQ", "KEN", "JOR", "LBN", "MMR", "PHL", "UKR", "BIH", "XKX", "ETH")
#: Shares of advisors leaving early for a post and completing the term (the rest leave for other reasons).
LEFT_FOR_POST_SHARE = 0.24
COMPLETED_SHARE = 0.62
FIRST_POST_SECTORS = {  # sector of the first post after the term, unless left for a post
    "un_peace_operation": 0.05, "un_secretariat": 0.02, "un_fund_programme": 0.04,
    "un_specialised_agency": 0.02, "other_international": 0.03, "japanese_government": 0.30,
    "other_government": 0.03, "ngo": 0.20, "academia": 0.20, "private_sector": 0.07,
}
LEFT_FOR_POST_SECTORS = {
    "un_peace_operation": 0.45, "un_secretariat": 0.05, "un_fund_programme": 0.22,
    "un_specialised_agency": 0.06, "other_international": 0.10, "japanese_government": 0.05,
    "ngo": 0.04, "academia": 0.03,
}
PRIOR_SECTORS = {
    "ngo": 0.30, "un_fund_programme": 0.18, "other_international": 0.12, "japanese_government": 0.12,
    "academia": 0.15, "un_peace_operation": 0.08, "private_sector": 0.05,
}
ROLE_FAMILIES_BY_SECTOR = {
    "un_peace_operation": {"political_affairs": 0.25, "civil_affairs": 0.2, "electoral": 0.1, "ddr": 0.1,
                           "rule_of_law": 0.1, "human_rights": 0.1, "programme_management": 0.1, "humanitarian": 0.05},
    "un_secretariat": {"political_affairs": 0.4, "programme_management": 0.3, "humanitarian": 0.15, "human_rights": 0.15},
    "un_fund_programme": {"programme_management": 0.5, "humanitarian": 0.35, "other": 0.15},
    "un_specialised_agency": {"programme_management": 0.5, "humanitarian": 0.3, "other": 0.2},
    "other_international": {"political_affairs": 0.3, "electoral": 0.2, "programme_management": 0.3, "rule_of_law": 0.2},
    "japanese_government": {"political_affairs": 0.4, "programme_management": 0.4, "research": 0.2},
    "other_government": {"political_affairs": 0.5, "other": 0.5},
    "ngo": {"humanitarian": 0.5, "programme_management": 0.4, "other": 0.1},
    "academia": {"research": 0.9, "other": 0.1},
    "private_sector": {"other": 0.7, "programme_management": 0.3},
}
#: The rungs of the UN grade ladder the generator steps through (a subset, in ladder order).
CAREER_GRADES = tuple(g for g in UN_GRADE_LADDER if g in {"UNV", "P-2", "P-3", "P-4", "P-5", "D-1"})
#: International Peace Cooperation Symposia by fiscal year: the 1st in FY2009 and the 11th in FY2024
#: (published); the 3rd (2012-01-19), 10th (2024-03-04) and 11th (2025-03-14) dates are published,
#: the others are placed on 20 February and the years without one chosen to make 11 by FY2024.
SYMPOSIUM_DATES = {
    2009: dt.date(2010, 2, 20), 2010: dt.date(2011, 2, 20), 2011: dt.date(2012, 1, 19), 2012: dt.date(2013, 2, 20),
    2013: dt.date(2014, 2, 20), 2015: dt.date(2016, 2, 20), 2017: dt.date(2018, 2, 20), 2019: dt.date(2020, 2, 20),
    2022: dt.date(2023, 2, 20), 2023: dt.date(2024, 3, 4), 2024: dt.date(2025, 3, 14),
}
#: Chance that a serving advisor joins a government election observation mission (Japan sent 24
#: observers to Nepal in 2008, 6 of them officials; one advisor led the Kathmandu branch).
ELECTION_OBSERVATION_SHARE = 0.3
#: Government officials among Japan's 24 observers in Nepal (April 2008): at most this many advisors,
#: whatever the size of the data set.
NEPAL_GOVERNMENT_OBSERVERS = 6


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Generator:
    def __init__(self, ref: Reference, rng: random.Random, as_of: dt.date):
        self.rng, self.as_of, self.ref = rng, as_of, ref
        orgs = ref.organisations
        self.coded = {
            sector: tuple(c for c in codes if c in orgs.index and orgs.loc[c, "sector"] == sector)
            for sector, codes in PREFERRED_ORGANISATIONS.items()
        }
        hq = pd.concat([ref.un_entities["headquarters_country_iso3"], ref.other_organisations["headquarters_country_iso3"]])
        self.hq = {k: v for k, v in hq.dropna().items() if v in ref.countries.index}
        ops = ref.operations
        hosts = ref.duty_stations[ref.duty_stations["role"].isin(["host", "headquarters"])]
        self.operations = [
            (code, ops.loc[code, "start"].date(),
             None if pd.isna(ops.loc[code, "end"]) else ops.loc[code, "end"].date(),
             [(r.country_iso3, r.span_start.date(), r.span_end.date()) for r in hosts[hosts["acronym"] == code].itertuples()],
             4 if code in MAJOR_OPERATIONS else 1)
            for code in ops.index if (hosts["acronym"] == code).any()
        ]
        self.placements: list[dict] = []
        self.activities: list[dict] = []
        self.nepal_observers = 0
        self.term_last = dt.date.max

    # -- placements ---------------------------------------------------------
    def _operation(self, start: dt.date) -> tuple[str, dt.date | None, str] | None:
        """An operation running at ``start`` for at least six more months, and a host country then."""
        later = _add_months(start, 6)
        active = [o for o in self.operations if o[1] <= start and (o[2] is None or o[2] >= later)]
        if not active:
            return None
        code, _, last, stations, _ = self.rng.choices(active, weights=[o[4] for o in active])[0]
        here = [c for c, first, until in stations if first <= start <= until] or [c for c, _, _ in stations]
        return code, last, self.rng.choice(sorted(set(here)))

    def _grade(self, sector: str, level: int) -> str:
        if sector in ("un_peace_operation", "un_secretariat", "un_fund_programme", "un_specialised_agency"):
            if sector != "un_peace_operation" and self.rng.random() < 0.08:
                return "consultant"
            grade = CAREER_GRADES[min(level, len(CAREER_GRADES) - 1)]
            if sector == "un_peace_operation" and grade == "P-2" and self.rng.random() < 0.15:
                return "FS"
            return grade
        if sector == "other_international":
            return "consultant" if self.rng.random() < 0.3 else "other"
        if sector == "japanese_government":
            return "national civil service"
        if sector == "private_sector":
            return "consultant" if self.rng.random() < 0.5 else "other"
        return "other"

    def placement(self, advisor_id: str, sector: str, start: dt.date, months: int, level: int) -> dt.date | None:
        """Add one placement; returns its last day (None if ongoing at ``as_of``)."""
        rng = self.rng
        operation, free_text, country = "", False, "JPN"
        end: dt.date | None = _add_months(start, months) - dt.timedelta(days=1)
        if sector == "un_peace_operation":
            found = self._operation(start)
            if found is None:
                sector = "un_fund_programme"
            else:
                operation, op_end, country = found
                organisation = operation
                if op_end is not None and end > op_end:
                    end = op_end
        if sector != "un_peace_operation":
            coded = self.coded.get(sector, ())
            if coded and (sector not in FREE_TEXT_ORGANISATIONS or rng.random() < 0.6):
                organisation = rng.choice(coded)
                country = self.hq.get(organisation, "JPN")
                if sector in ("un_fund_programme", "un_specialised_agency", "other_international") and rng.random() < 0.6:
                    country = rng.choice(FIELD_COUNTRIES)
            else:
                organisation, free_text = rng.choice(FREE_TEXT_ORGANISATIONS[sector]), True
                country = "JPN" if sector in ("japanese_government", "academia") and rng.random() < 0.8 else rng.choice(FIELD_COUNTRIES)
        family = _weighted(rng, ROLE_FAMILIES_BY_SECTOR[sector])
        titles = {"political_affairs": "Political Affairs Officer", "civil_affairs": "Civil Affairs Officer",
                  "electoral": "Electoral Officer", "ddr": "DDR Officer", "rule_of_law": "Rule of Law Officer",
                  "human_rights": "Human Rights Officer", "humanitarian": "Humanitarian Affairs Officer",
                  "programme_management": "Programme Officer", "research": "Researcher", "other": "Officer"}
        title = titles[family]
        if free_text and _is_japanese(organisation):
            title = JAPANESE_TITLES[family]
            if family == "research" and organisation.endswith("大学"):
                title = JAPANESE_UNIVERSITY_TITLE
        if end is not None and end >= self.as_of:
            end = None
        self.placements.append({
            "advisor_id": advisor_id, "organisation": organisation,
            "organisation_is_free_text": "true" if free_text else "false",
            "sector": sector if free_text else "", "operation": operation if operation and organisation != operation else "",
            "role_title": title, "role_family": family, "grade": self._grade(sector, level),
            "duty_country_iso3": country, "start": start, "end": end, "_sector": sector,
        })
        return end

    # -- one advisor --------------------------------------------------------
    def advisor(self, number: int, width: int, fiscal_year: int, half: int) -> dict:
        rng = self.rng
        advisor_id = f"ADV-{number:0{width}d}"
        first_day = intake_start(fiscal_year, half)
        term_start = _add_months(first_day, rng.choices((0, 1, 2), weights=(85, 10, 5))[0])
        first_placement = len(self.placements)
        prior_sector = _weighted(rng, PRIOR_SECTORS)
        prior_years = round(rng.uniform(2.0, 9.5), 1)
        # Prior experience: one or two posts ending shortly before the term.
        prior_end = term_start - dt.timedelta(days=1 + 30 * rng.randint(0, 5))
        prior_months = max(6, int(prior_years * 12))
        prior_start = _add_months(prior_end + dt.timedelta(days=1), -prior_months)
        level = 1 if prior_years < 4 else 2
        self.placement(advisor_id, prior_sector, prior_start, prior_months, level - 1)
        draw = rng.random()
        if draw < LEFT_FOR_POST_SHARE:
            exit_reason, months = "left_for_post", rng.randint(6, 23)
        elif draw < LEFT_FOR_POST_SHARE + COMPLETED_SHARE:
            exit_reason, months = "completed", 24
        else:
            exit_reason, months = "other", rng.randint(12, 23)
        term_end = _add_months(term_start, months) - dt.timedelta(days=1)
        serving = term_end > self.as_of
        self._activities(advisor_id, term_start, min(term_end, self.as_of))
        if serving:
            confirmed = self.as_of
        else:
            self._career(advisor_id, exit_reason, term_end, level)
            u = rng.random()
            if u < 0.62:
                confirmed = self.as_of - dt.timedelta(days=rng.randint(0, 120))
            elif u < 0.88:
                span = (self.as_of - term_end).days
                confirmed = term_end + dt.timedelta(days=rng.randint(min(180, span), span))
            else:
                confirmed = term_end + dt.timedelta(days=rng.randint(0, 60))
            confirmed = min(max(confirmed, term_end), self.as_of)
        self._truncate(first_placement, confirmed)
        return {
            "advisor_id": advisor_id, "intake": f"FY{fiscal_year}-H{half}", "term_start": term_start,
            "term_end": None if serving else term_end, "exit_reason": "" if serving else exit_reason,
            "specialisation": rng.choice(SPECIALISATIONS), "prior_sector": prior_sector,
            "prior_years": f"{prior_years:.1f}", "gender": rng.choices(("female", "male", "not_stated"), weights=(55, 42, 3))[0],
            "history_confirmed_on": confirmed,
        }

    def _career(self, advisor_id: str, exit_reason: str, term_end: dt.date, level: int) -> None:
        rng = self.rng
        start = term_end + dt.timedelta(days=1)
        if exit_reason == "left_for_post":
            sector = _weighted(rng, LEFT_FOR_POST_SECTORS)
        else:
            start = _add_months(start, rng.choice((0, 0, 1, 2, 3, 4, 6, 9, 12)))
            sector = _weighted(rng, FIRST_POST_SECTORS)
        while start <= self.as_of:
            months = rng.randint(12, 36) if sector == "un_peace_operation" else rng.randint(6, 48)
            end = self.placement(advisor_id, sector, start, months, level)
            if end is None or rng.random() < 0.04:
                return
            if self.placements[-1]["grade"] in CAREER_GRADES and rng.random() < 0.45:
                level += 1
            start = _add_months(end + dt.timedelta(days=1), rng.choice((0, 0, 0, 1, 2, 3, 6)))
            sector = self.placements[-1]["_sector"]
            if rng.random() > 0.6:
                sector = _weighted(rng, FIRST_POST_SECTORS if rng.random() < 0.7 else LEFT_FOR_POST_SECTORS)

    def _truncate(self, first: int, confirmed: dt.date) -> None:
        """Forget what happened after ``confirmed``: that is what unknown status means.

        ``first`` is the position of this advisor's first placement in the list.
        """
        kept = []
        for p in self.placements[first:]:
            if p["start"] > confirmed:
                continue
            if p["end"] is not None and p["end"] > confirmed:
                p["end"] = None
            kept.append(p)
        self.placements[first:] = kept

    # -- activities ---------------------------------------------------------
    def _activity(self, advisor_id: str, kind: str, title: str, country: str, operation: str,
                  start: dt.date, end: dt.date) -> None:
        # An advisor whose term ends during a fixed-date event takes part until the last day.
        end = min(end, max(start, self.term_last))
        self.activities.append({"advisor_id": advisor_id, "activity_type": kind, "title": title,
                                "country_iso3": country, "operation": operation, "start": start, "end": end})

    def _activities(self, advisor_id: str, first: dt.date, last: dt.date) -> None:
        rng = self.rng
        self.term_last = last
        self._activity(advisor_id, "research", rng.choice(RESEARCH_THEMES), "JPN", "", first, last)

        def serving(day: dt.date) -> bool:
            return first <= day <= last

        # The random draw comes first so that capping never shifts the stream (same bytes
        # whenever the cap does not bind, as at the default size).
        if (serving(dt.date(2008, 4, 10)) and rng.random() < ELECTION_OBSERVATION_SHARE
                and self.nepal_observers < NEPAL_GOVERNMENT_OBSERVERS):
            self.nepal_observers += 1
            self._activity(advisor_id, "election_observation", "Constituent Assembly election observation, Nepal (Kathmandu branch)",
                           "NPL", "UNMIN", max(first, dt.date(2008, 3, 28)), dt.date(2008, 4, 17))
        if serving(dt.date(2011, 1, 9)) and rng.random() < ELECTION_OBSERVATION_SHARE:
            self._activity(advisor_id, "election_observation", "Southern Sudan self-determination referendum observation",
                           "SDN", "UNMIS", max(first, dt.date(2011, 1, 3)), dt.date(2011, 1, 16))
        for op, country, begin, finish, title in (
            ("MINUSTAH", "HTI", dt.date(2010, 2, 1), dt.date(2013, 1, 31), "Support to the Japanese engineering unit, Haiti"),
            ("UNMISS", "SSD", dt.date(2012, 1, 1), dt.date(2017, 5, 31), "Support to the Japanese engineering unit, South Sudan"),
            ("UNDOF", "SYR", dt.date(2005, 4, 1), dt.date(2012, 12, 31), "Support to the Japanese transport unit, Golan Heights"),
        ):
            day = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
            if begin <= day <= finish and rng.random() < 0.35:
                self._activity(advisor_id, "mission_support", title, country, op, day,
                               min(day + dt.timedelta(days=rng.randint(7, 28)), max(day, last)))
        if serving(dt.date(2019, 11, 15)) and rng.random() < 0.5:
            self._activity(advisor_id, "training_delivered", "Lecture at the Ethiopian Peace Support Training Centre", "ETH", "",
                           dt.date(2019, 11, 11), dt.date(2019, 11, 22))
        if serving(dt.date(2023, 6, 15)) and rng.random() < 0.5:
            self._activity(advisor_id, "mission_support", "UN Triangular Partnership Programme, Indonesia", "IDN", "",
                           dt.date(2023, 6, 12), dt.date(2023, 7, 14))
        for fiscal_year, day in SYMPOSIUM_DATES.items():
            if serving(day) and rng.random() < 0.5:
                self._activity(advisor_id, "symposium", f"International Peace Cooperation Symposium FY{fiscal_year}: presentation",
                               "JPN", "", day, day)
        span = max(0, (last - first).days)
        for _ in range(rng.randint(0, 3)):
            day = first + dt.timedelta(days=rng.randint(0, span))
            self._activity(advisor_id, "training_delivered", "Pre-deployment training for International Peace Cooperation Corps",
                           "JPN", "", day, min(day + dt.timedelta(days=2), max(day, last)))
        for _ in range(rng.randint(0, 4)):
            day = first + dt.timedelta(days=rng.randint(0, span))
            self._activity(advisor_id, "outreach", rng.choice(("Outside lecture on international peace cooperation",
                                                               "Explanatory article (@PKO now!)")), "JPN", "", day, day)


def _intakes(rng: random.Random, n_advisors: int, as_of: dt.date) -> list[tuple[int, int]]:
    """The intake of each advisor, in order: one or two intakes a year, as vacancies arise.

    Each fiscal year from FY2005 has both an April and an October intake
    (55%), an April intake only (25%) or an October intake only (20%);
    intake sizes vary (relative weights 0.6-1.4), and the advisors are spread
    over them in proportion, so the default 110 advisors give about five a year.
    """
    intakes: list[tuple[int, int]] = []
    for year in range(FIRST_FISCAL_YEAR, fiscal_year_of(as_of) + 1):
        draw = rng.random()
        halves = (1, 2) if draw < 0.55 else (1,) if draw < 0.8 else (2,)
        intakes += [(year, half) for half in halves if intake_start(year, half) <= as_of]
    weights = [rng.uniform(0.6, 1.4) for _ in intakes]
    total = sum(weights)
    bounds, running = [], 0.0
    for w in weights:
        running += w
        bounds.append(running / total)
    out, position = [], 0
    for number in range(n_advisors):
        share = (number + 0.5) / n_advisors
        while bounds[position] < share:
            position += 1
        out.append(intakes[position])
    return out


def generate(n_advisors: int = DEFAULT_ADVISORS, seed: int = DEFAULT_SEED, as_of: dt.date = DEFAULT_AS_OF,
             reference: Reference | None = None) -> dict[str, pd.DataFrame]:
    """Generate the three record tables as text frames in the field-dictionary column order.

    ``n_advisors`` are spread over one or two intakes a year from FY2005 to
    the last one starting on or before ``as_of`` (:func:`_intakes`; about five
    a year at the default size).
    """
    if n_advisors < 1:
        raise ValueError("n_advisors must be at least 1")
    ref = reference or load_reference(REFERENCE_DIR)
    rng = random.Random(seed)
    gen = _Generator(ref, rng, as_of)
    width = max(4, len(str(n_advisors)))
    advisors = [gen.advisor(number, width, fiscal_year, half)
                for number, (fiscal_year, half) in enumerate(_intakes(rng, n_advisors, as_of), start=1)]
    tables = {
        "advisors": pd.DataFrame(advisors),
        "placements": pd.DataFrame(gen.placements),
        "activities": pd.DataFrame(gen.activities),
    }
    id_width = {"placements": max(5, len(str(len(gen.placements)))), "activities": max(5, len(str(len(gen.activities))))}
    for name, prefix, id_column in (("placements", "PLC", "placement_id"), ("activities", "ACT", "activity_id")):
        frame = tables[name].sort_values(["advisor_id", "start"], kind="stable").reset_index(drop=True)
        frame.insert(0, id_column, [f"{prefix}-{i:0{id_width[name]}d}" for i in range(1, len(frame) + 1)])
        tables[name] = frame
    out = {}
    for name, fields in TABLES.items():
        frame = tables[name]
        columns = [f.name for f in fields]
        for column in columns:
            if column not in frame:
                frame[column] = ""
        out[name] = frame[columns].map(lambda v: "" if v is None else v.isoformat() if isinstance(v, dt.date) else str(v))
    return out


def write(out_dir: Path | str, n_advisors: int = DEFAULT_ADVISORS, seed: int = DEFAULT_SEED,
          as_of: dt.date = DEFAULT_AS_OF) -> dict[str, Path]:
    """Generate and write ``advisors.csv``, ``placements.csv``, ``activities.csv`` and the synthetic marker."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = generate(n_advisors, seed, as_of)
    paths = {}
    for name, frame in tables.items():
        path = out_dir / RECORD_FILES[name]
        tmp = path.with_suffix(".csv.tmp")
        frame.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
        tmp.replace(path)
        paths[name] = path
    from analysis.records.validation import file_digests

    marker = out_dir / SYNTHETIC_MARKER
    digests = "\n".join(f"sha256 {name} {digest}" for name, digest in sorted(file_digests(out_dir).items()))
    marker.write_text(
        "# Synthetic demonstration data\n\n"
        "These records are invented by `python -m analysis generate` "
        f"(advisors={n_advisors}, seed={seed}, as_of={as_of.isoformat()}). They are calibrated to the public facts\n"
        "about the International Peace Cooperation Program Advisors system but describe no real person.\n"
        "Charts built from this folder are labelled as synthetic only while the files below are unchanged:\n"
        "the loader compares their SHA-256 digests, so this file copied next to other records has no effect.\n\n"
        + digests + "\n",
        encoding="utf-8",
    )
    paths["marker"] = marker
    return paths
