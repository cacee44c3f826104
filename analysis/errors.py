"""One exception hierarchy for the library.

Every error the library raises on purpose derives from :class:`AnalysisError`.
The command line (:mod:`analysis.cli`) is the only place that turns them into
printed messages and exit codes; library code never prints errors or exits.

- :class:`DataError`: input records (or reference tables) break a rule; carries
  every :class:`~analysis.records.problems.Problem` found, not just the first.
- :class:`DisclosureError`: something would publish a count the disclosure
  policy forbids, or a table that never went through protection.
- :class:`ReportError`: the report could not be built (a notebook failed).
- :class:`OutputFolderError`: the report's output folder is refused (inside
  ``data/``, holds the project, or was not built by the report command).
- :class:`AuditError`: the built report failed its own disclosure audit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.audit import Finding
    from analysis.records.problems import Problem, ValidationReport

__all__ = [
    "AnalysisError",
    "AuditError",
    "DataError",
    "DisclosureError",
    "OutputFolderError",
    "ReportError",
]

#: Problems shown in the exception message; the attribute ``problems`` keeps all of them.
_SHOWN_PROBLEMS = 50


class AnalysisError(Exception):
    """Base class of every error the library raises on purpose."""


class DataError(AnalysisError, ValueError):
    """Input data broke one or more rules. ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem], report: ValidationReport | None = None):
        self.problems = sorted(set(problems))
        self.report = report
        lines = [str(p) for p in self.problems]
        more = f"\n... and {len(lines) - _SHOWN_PROBLEMS} more" if len(lines) > _SHOWN_PROBLEMS else ""
        super().__init__(
            f"{len(lines)} problem(s) in the input data:\n" + "\n".join(lines[:_SHOWN_PROBLEMS]) + more
        )


class DisclosureError(AnalysisError, ValueError):
    """A table or chart would publish something the disclosure policy forbids."""


class ReportError(AnalysisError):
    """The report could not be built; the message names the notebook and cell."""


class OutputFolderError(ReportError):
    """The output folder is refused (the previous report, the data and the project are safe)."""


class AuditError(ReportError):
    """The built report failed its own disclosure audit; ``findings`` lists each leak."""

    def __init__(self, findings: list[Finding], *, withheld: list[str] | None = None):
        from analysis.i18n import _

        self.findings = list(findings)
        self.withheld = list(withheld or [])
        lines = [str(f) for f in self.findings]
        if self.withheld:
            head = _("the report's own disclosure audit still found {n} way(s) to recover a count below k after "
                     "withholding {names}; nothing was published (the previous report is unchanged). This is a "
                     "defect of the library, not of the records: please report it with these lines:").format(
                n=len(lines), names=", ".join(self.withheld))
        else:
            head = _("the disclosure audit found {n} way(s) to recover a count below k; nothing was published (the "
                     "previous report is unchanged). This is a defect of the library, not of the records: please "
                     "report it with these lines:").format(n=len(lines))
        super().__init__(head + "\n" + "\n".join(lines))
