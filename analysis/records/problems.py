"""Problems found in input data, and the per-table reconciliation of rows.

The error that carries them is :class:`analysis.errors.DataError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.i18n import gettext


@dataclass(frozen=True, order=True)
class Problem:
    """One broken rule in one cell (or one file).

    ``line`` is the line number a spreadsheet shows: 1 is the header row, the
    first record is line 2. ``line`` is 0 for a problem with the whole file.
    ``severity`` is ``"error"`` (the record cannot be true: it is refused) or
    ``"warning"`` (unusual but possible: the record is loaded and the warning
    listed; ``validate --strict`` treats warnings as errors).

    ``rule`` is the English text. When the rule was built from a message
    template, ``template`` and ``args`` keep its parts so that :attr:`message`
    can show it in the language in use (``translate`` names the arguments that
    are words to translate, such as "ongoing"); they take no part in equality.
    """

    file: str
    line: int
    column: str
    value: str
    rule: str
    severity: str = "error"
    template: str = field(default="", compare=False)
    args: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    translate: tuple[str, ...] = field(default=(), compare=False)
    #: The rule without the row's own values (English message id), for counting problems by
    #: rule without describing one person's record; empty when ``rule`` already is that.
    family: str = field(default="", compare=False)

    @classmethod
    def from_template(cls, file: str, line: int, column: str, value: str, template: str, *,
                      severity: str = "error", translate: tuple[str, ...] = (), family: str = "",
                      **args: object) -> Problem:
        """A problem whose rule is ``template.format(**args)`` (English), translatable later."""
        text = {k: "" if v is None else str(v) for k, v in args.items()}
        return cls(file, line, column, value, template.format(**text), severity, template,
                   tuple(sorted(text.items())), translate, family)

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    @property
    def message(self) -> str:
        """The rule in the language in use (:func:`analysis.i18n.set_language`)."""
        if not self.template:
            return gettext(self.rule)
        args = dict(self.args)
        for name in self.translate:
            args[name] = gettext(args[name])
        return gettext(self.template).format(**args)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.column:
            parts.append(gettext("column '{column}'").format(column=self.column))
        if self.line or self.value:
            parts.append(gettext("value {value}").format(value=repr(self.value)))
        label = gettext("warning: ") if self.is_warning else ""
        head = parts[0] + (":" + " " + " ".join(parts[1:]) if len(parts) > 1 else "")
        return f"{head}: {label}{self.message}"


@dataclass
class TableCount:
    """Reconciliation of one input table: every row is loaded or rejected."""

    file: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0

    @property
    def reconciles(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_rejected


@dataclass
class ValidationReport:
    """Everything validation found: problems, and counts that reconcile per table."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, TableCount] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """Problems that refuse a record (sorted, without repeats)."""
        return [p for p in self.sorted_problems() if not p.is_warning]

    @property
    def warnings(self) -> list[Problem]:
        """Unusual but possible records: loaded, and listed here (sorted, without repeats)."""
        return [p for p in self.sorted_problems() if p.is_warning]

    @property
    def ok(self) -> bool:
        """True when no error was found (warnings do not count)."""
        return not self.errors

    def sorted_problems(self) -> list[Problem]:
        return sorted(set(self.problems))

    def rejected_rows(self) -> pd.DataFrame:
        """One row per (file, line) that was rejected, with its errors joined."""
        rows = [p for p in self.errors if p.line > 0]
        if not rows:
            return pd.DataFrame(columns=["file", "line", "problems"])
        frame = pd.DataFrame([p.__dict__ for p in rows])
        frame["text"] = frame["column"] + ": " + frame["rule"]
        return frame.groupby(["file", "line"], as_index=False, sort=True)["text"].agg("; ".join).rename(
            columns={"text": "problems"}
        )

    def summary(self) -> str:
        parts = [
            f"{c.file}: {c.rows_read} rows read, {c.rows_loaded} loaded, {c.rows_rejected} rejected"
            for c in self.counts.values()
        ]
        return "; ".join(parts)
