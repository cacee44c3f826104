"""Generate the data dictionary (``data/DICTIONARY.md``) and blank templates from the field dictionary."""

from __future__ import annotations

from pathlib import Path

from analysis.paths import DICTIONARY_PATH, RECORD_FILES, TEMPLATES_DIR, WORKBOOK_NAME
from analysis.records.fields import TABLE_DESCRIPTIONS, TABLES, Field

KIND_TEXT = {
    "id": "identifier",
    "text": "text",
    "code": "code",
    "date": "date (YYYY-MM-DD; YYYY-MM accepted)",
    "number": "number",
    "boolean": "true/false",
    "intake": "intake (FY2008-H1)",
}


def _allowed(field: Field) -> str:
    if field.allowed is None:
        return ""
    if isinstance(field.allowed, str):
        return {
            "sectors": "a `sector` of `data/reference/sectors.csv`",
            "countries": "an `iso3` of `data/reference/countries.csv` (ISO 3166-1 alpha-3; Kosovo `XKX`)",
            "operations": "an `acronym` of `data/reference/un_peace_operations.csv`",
        }[field.allowed]
    return ", ".join(f"`{v}`" for v in field.allowed)


def dictionary_markdown() -> str:
    """The data dictionary as Markdown, one table per record file."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `analysis/fields.py` by `python -m analysis dictionary`; do not edit by hand.",
        "Records are pseudonymous: columns such as `name`, `email` or `birth_date` are refused.",
        "Line numbers in validation messages are those a spreadsheet shows (header = line 1).",
        "",
    ]
    for table, fields in TABLES.items():
        lines += [f"## `{RECORD_FILES[table]}`", "", TABLE_DESCRIPTIONS[table], ""]
        lines += ["| column | type | unit | required column | may be empty | unique | allowed values | description | example |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for f in fields:
            lines.append(
                f"| `{f.name}` | {KIND_TEXT[f.kind]} | {f.unit} | {'yes' if f.required else 'no'} | "
                f"{'yes' if f.nullable else 'no'} | {'yes' if f.unique else ''} | {_allowed(f)} | {f.description} | {f.example} |"
            )
        lines.append("")
    return "\n".join(lines)


def write_dictionary(path: Path = DICTIONARY_PATH) -> Path:
    path.write_text(dictionary_markdown(), encoding="utf-8")
    return path


def write_templates(folder: Path = TEMPLATES_DIR) -> list[Path]:
    """Blank CSV per table and one workbook with a sheet per table plus the dictionary."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, fields in TABLES.items():
        path = folder / RECORD_FILES[table]
        path.write_text(",".join(f.name for f in fields) + "\n", encoding="utf-8")
        written.append(path)
    book = Workbook()
    book.remove(book.active)
    for table, fields in TABLES.items():
        sheet = book.create_sheet(table)
        sheet.append([f.name for f in fields])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column, f in zip(sheet.iter_cols(min_row=1, max_row=1), fields, strict=True):
            sheet.column_dimensions[column[0].column_letter].width = max(12, len(f.name) + 2)
            if f.kind == "date":
                # Text format keeps ISO dates as typed instead of Excel serial numbers.
                for row in range(2, 501):
                    sheet.cell(row=row, column=column[0].column).number_format = "@"
    info = book.create_sheet("dictionary")
    info.append(["table", "column", "type", "unit", "required column", "may be empty", "unique", "allowed values", "description", "example"])
    for cell in info[1]:
        cell.font = Font(bold=True)
    for table, fields in TABLES.items():
        for f in fields:
            info.append([table, f.name, KIND_TEXT[f.kind], f.unit, "yes" if f.required else "no",
                         "yes" if f.nullable else "no", "yes" if f.unique else "", _allowed(f).replace("`", ""), f.description, f.example])
    path = folder / WORKBOOK_NAME
    # Fixed document properties so the file does not change from run to run.
    import datetime as dt

    fixed = dt.datetime(2026, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "advisor-careers"
    book.save(path)
    written.append(path)
    return written
