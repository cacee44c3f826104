"""The report's published columns: each declared once (kind, unit, population, headers in both languages).

Every table the report publishes uses these names; :func:`header` gives the
header a reader sees, ``disclosure.json`` lists the declarations, and the
audit reads them back from there.
"""

from __future__ import annotations

from analysis.disclosure.contract import Column, Contract, Kind
from analysis.i18n import get_language

__all__ = ["COLUMNS", "header"]

P, E, S, B, T, M, L, C, F = (Kind.PEOPLE, Kind.EVENTS, Kind.SHARE, Kind.BOUND, Kind.STATISTIC, Kind.MONTHS,
                             Kind.LABEL, Kind.CODE, Kind.FLAG)

COLUMNS = Contract([
    # labels and codes
    Column("label", L, "", ""),
    Column("name", L, "Career type", "キャリア類型"),
    Column("typical_path", L, "Typical path (followed by at least k people)", "典型的な経路（k人以上が該当）"),
    Column("definition", L, "Definition", "定義", shown=False),
    Column("mission", L, "Mission", "ミッション"),
    Column("file", L, "File", "ファイル"),
    Column("column", L, "Column", "列"),
    Column("rule", L, "Rule", "ルール"),
    Column("reconciles", L, "Reconciles", "整合"),
    Column("from_label", L, "From", "移動前"),
    Column("to_label", L, "To", "移動後"),
    Column("reference_date", C, "Reference date", "基準日", shown=False),
    *(Column(name, C, name, name, shown=False) for name in (
        "measure", "cohort", "sector", "operation", "organisation", "role_family", "grade", "region",
        "mission_kind", "exit_reason", "activity_type", "state", "panel", "window_months", "term_band", "period",
        "type", "from_state", "to_state", "comparable_to", "before", "first", "latest")),
    Column("comparator", L, "Comparator", "比較対象", shown=False),
    Column("comparator_population", L, "Comparator population", "比較対象の集団", shown=False),
    Column("comparator_field", L, "Comparator field", "比較対象の分野", shown=False),
    Column("comparator_respondents", L, "Comparator respondents", "比較対象の回答者", shown=False),
    Column("comparator_as_of", L, "Comparator date", "比較対象の時点", shown=False),
    Column("comparator_source", L, "Comparator source", "比較対象の出典", shown=False),
    Column("comparator_value", T, "Comparator value", "比較値", unit="share", shown=False),
    Column("drawn", F, "Drawn", "描画", shown=False),
    # counts of people
    Column("people", P, "People", "人数", unit="people"),
    Column("advisors", P, "Advisors", "研究員の人数", unit="people", population="advisors appointed"),
    Column("alumni", P, "Alumni", "修了者の人数", unit="people", population="alumni", weight=2.0),
    Column("in_field", P, "In the field", "分野内在職の人数", unit="people", population="alumni with known status"),
    Column("known", P, "Known status", "状況判明の人数", unit="people", population="alumni whose window has passed",
           weight=2.0),
    Column("eligible", P, "Alumni whose window has passed", "観察期間を経過した修了者の人数", unit="people",
           population="alumni", weight=2.0),
    Column("ever_in_field", P, "Ever in the field", "分野内勤務経験ありの人数", unit="people", population="alumni"),
    Column("numerator", P, "Numerator", "分子（人数）", unit="people", weight=4.0),
    Column("denominator", P, "Denominator", "分母（人数）", unit="people", weight=5.0),
    Column("knowledge_numerator", P, "Known", "判明人数", unit="people", weight=4.0),
    Column("knowledge_denominator", P, "Of", "対象人数", unit="people", weight=5.0),
    Column("of", P, "Of", "対象人数", unit="people", weight=3.0),
    Column("at_risk", P, "At risk", "リスク人数", unit="people", weight=3.0),
    Column("events", P, "Events", "事象の人数", unit="people", weight=3.0),
    Column("censored", P, "Withdrawn", "打切り人数", unit="people", weight=3.0),
    Column("records", E, "Records", "記録数", unit="records"),
    Column("moves", E, "Moves", "移動件数", unit="moves"),
    Column("rows_rejected", E, "Rows rejected", "除外行数", unit="rows"),
    # shares and their bounds
    Column("rate", S, "Rate (%)", "率（%）", unit="share", numerator="numerator", denominator="denominator"),
    Column("knowledge_rate", S, "Knowledge rate (%)", "把握率（%）", unit="share",
           numerator="known", denominator="eligible"),
    Column("in_field_rate", S, "In the field (%)", "分野内に在職（%）", unit="share",
           numerator="in_field", denominator="known"),
    Column("ever_in_field_rate", S, "Ever in the field (%)", "分野内での勤務経験あり（%）", unit="share",
           numerator="ever_in_field", denominator="alumni"),
    Column("ci_lower", B, "95% interval, lower", "95%信頼区間（下限）", unit="share", shown=False),
    Column("ci_upper", B, "95% interval, upper", "95%信頼区間（上限）", unit="share", shown=False),
    Column("survival", B, "Estimate", "推定値", unit="share"),
    Column("cumulative", B, "Cumulative (%)", "累積（%）", unit="share"),
    Column("moved_up_rate", S, "Moved up (%)", "昇格した割合（%）", unit="share",
           numerator="moved_up", denominator="people"),
    Column("moved_up", P, "Moved up", "昇格した人数", unit="people"),
    Column("share", T, "Share of months (%)", "月数の割合（%）", unit="share"),
    Column("outside_then_in_rate", S, "Outside the field before, in it after (%)", "任期前は分野外、任期後は分野内（%）",
           unit="share", numerator="outside_then_in", denominator="people"),
    Column("outside_then_in", P, "Outside before, in after", "任期前は分野外、任期後は分野内の人数", unit="people"),
    # statistics whose numerator is not published
    Column("per_advisor_year", T, "Per advisor-year", "研究員一人年当たり", unit="activities per advisor-year"),
    Column("mean_months", T, "Mean months", "平均月数", unit="months per person"),
    Column("change_rate", T, "Months followed by a change (%)", "状態が変化した月の割合（%）", unit="share"),
    # months (axes)
    Column("start_months", M, "From month", "開始月", unit="months"),
    Column("end_months", M, "To month", "終了月", unit="months"),
    Column("time", M, "Month", "月", unit="months", shown=False),
])


def header(column: str) -> str:
    """The header of a published column in the current language (the name itself if undeclared)."""
    declared = COLUMNS.get(str(column))
    if declared is None:
        return str(column).replace("_", " ")
    return declared.header(get_language())
