"""The command line, ``python -m analysis``: the only place that prints errors and sets exit codes.

Exit codes: 0 success; 1 invalid data (one line per problem: file, line,
column, value, rule), a failed notebook, or an audit finding; 2 a refused
output folder or bad arguments. Bad data never produces a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from analysis.config import DEFAULT_K, DEFAULT_REFERENCE_DATE, DEFAULT_TARGET
from analysis.errors import AuditError, DataError, OutputFolderError, ReportError
from analysis.paths import RAW_DIR


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from err


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _folder(text: str) -> Path:
    """A folder given on the command line is read from the working folder, as users expect."""
    return Path(text).expanduser().resolve()


def _print_problems(problems, data_dir: Path) -> None:
    for problem in problems:
        print(problem)


def cmd_validate(args: argparse.Namespace) -> int:
    from analysis.i18n import _, join_list, set_language
    from analysis.records.validation import validate_records

    set_language(args.lang)
    try:
        _records, report = validate_records(args.data_dir)
    except DataError as err:  # the reference tables or the folder itself
        _print_problems(err.problems, args.data_dir)
        return 1
    failing = report.sorted_problems() if args.strict else report.errors
    for problem in report.sorted_problems():
        print(problem)
    counts = join_list([_("{table}: {read} rows read, {loaded} loaded, {rejected} rejected").format(
        table=c.file, read=c.rows_read, loaded=c.rows_loaded, rejected=c.rows_rejected) for c in report.counts.values()])
    if failing:
        print(_("{errors} error(s), {warnings} warning(s). {counts}").format(
            errors=len(report.errors), warnings=len(report.warnings), counts=counts), file=sys.stderr)
        if args.strict and report.warnings and not report.errors:
            print(_("--strict: warnings count as errors"), file=sys.stderr)
        return 1
    print(_("OK {folder}: {errors} error(s), {warnings} warning(s). {counts}").format(
        folder=args.data_dir, errors=len(report.errors), warnings=len(report.warnings), counts=counts))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from analysis.records import synthetic

    paths = synthetic.write(args.out, n_advisors=args.advisors, seed=args.seed, as_of=args.as_of)
    print(f"wrote {', '.join(str(p) for p in paths.values())}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from analysis.i18n import set_language
    from analysis.report.build import build
    from analysis.report.study import Parameters

    set_language(args.lang)  # the command's own messages; the build restores it when done
    params = Parameters(data_dir=args.data, reference_date=args.reference_date, k=args.k, target=args.target,
                        lang=args.lang, policy=args.policy, declare_synthetic=args.declare_synthetic)
    try:
        out = build(params, args.out, jobs=args.jobs, progress=not args.quiet, audit=not args.no_audit,
                    pdf=not args.no_pdf, log=None if args.quiet else (lambda m: print(m, file=sys.stderr)))
    except DataError as err:
        _print_problems(err.problems, args.data)
        print(f"{len(err.problems)} problem(s) in {args.data}; no report built.", file=sys.stderr)
        return 1
    except OutputFolderError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except AuditError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except ReportError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    from analysis.i18n import _

    print(_("report written to {path}").format(path=out / "index.html"))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from analysis.audit import audit_report

    records = None
    if args.records is not None:
        from analysis.records.validation import load_records

        try:
            records = load_records(args.records)
        except DataError as err:
            _print_problems(err.problems, args.records)
            return 1
    try:
        from analysis.report.labels import state_labels

        labels = state_labels(records.reference) if records is not None else None
        findings = audit_report(args.report_dir, k=args.k, records=records, state_labels=labels)
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} finding(s): a count below {args.k} can be recovered from the published files.",
              file=sys.stderr)
        return 1
    print(f"no count below {args.k} could be recovered from {args.report_dir}")
    return 0


def cmd_headline(args: argparse.Namespace) -> int:
    from analysis.i18n import set_language
    from analysis.report.exhibits import compute_exhibits
    from analysis.report.exhibits.fostering import HEADLINE
    from analysis.report.study import Parameters, Study
    from analysis.report.tables import render_text

    set_language(args.lang)
    params = Parameters(data_dir=args.data, reference_date=args.reference_date, k=args.k, lang=args.lang,
                        policy=args.policy)
    try:
        study = Study.load(params)
    except DataError as err:
        _print_problems(err.problems, args.data)
        return 1
    table = compute_exhibits(study)[HEADLINE]
    print(render_text(table, ["label", "numerator", "denominator", "rate", "knowledge_rate", "comparator"]))
    print(f"\n{study.source_label()}")
    return 0


def cmd_notebooks(args: argparse.Namespace) -> int:
    from analysis.report.runner import NotebookFailure, execute_in_place, notebook_scripts

    for script in notebook_scripts():
        if args.only and not any(script.name.startswith(o) for o in args.only):
            continue
        print(f"executing {script.name} ...", flush=True)
        try:
            execute_in_place(script)
        except NotebookFailure as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
    return 0


def cmd_dictionary(args: argparse.Namespace) -> int:
    from analysis.records.dictionary import write_dictionary, write_templates

    print(f"wrote {write_dictionary()}")
    for path in write_templates():
        print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    from analysis.records import synthetic

    top = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check a data folder; exit 1 and list every problem")
    v.add_argument("data_dir", type=_folder, nargs="?", default=RAW_DIR)
    v.add_argument("--strict", action="store_true", help="treat warnings (unusual but possible records) as errors")
    v.add_argument("--lang", choices=["en", "ja"], default="en", help="language of the messages")
    v.set_defaults(run=cmd_validate)

    g = sub.add_parser("generate", help="write the synthetic demonstration data set")
    g.add_argument("--out", type=_folder, required=True, help="folder to write the three CSV files into")
    g.add_argument("--advisors", type=_positive, default=synthetic.DEFAULT_ADVISORS,
                   help="number of advisors (default %(default)s)")
    g.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED, help="random seed (default %(default)s)")
    g.add_argument("--as-of", type=_date, default=synthetic.DEFAULT_AS_OF,
                   help="date the synthetic records are current to (default %(default)s)")
    g.set_defaults(run=cmd_generate)

    r = sub.add_parser("report", help="validate the data, build the report and audit it")
    r.add_argument("--data", type=_folder, default=RAW_DIR)
    r.add_argument("--out", type=_folder, default=None, help="output folder (default reports/)")
    r.add_argument("--reference-date", type=_date, default=DEFAULT_REFERENCE_DATE)
    r.add_argument("--k", type=_positive, default=DEFAULT_K,
                   help="disclosure threshold: no count of fewer than k people is published")
    r.add_argument("--target", type=float, default=DEFAULT_TARGET, help="evaluator's target in-field rate (0-1)")
    r.add_argument("--lang", choices=["en", "ja"], default="en", help="language of the report")
    r.add_argument("--policy", choices=["suppress", "hesa"], default="suppress",
                   help="disclosure policy: suppression below k (default) or HESA rounding")
    r.add_argument("--declare-synthetic", action="store_true",
                   help="declare the records synthetic: allows the index plot (one line per person) when the "
                        "files are verifiably the generator's output")
    r.add_argument("--jobs", type=_positive, default=None, help="notebooks run at once (default: one per core)")
    r.add_argument("--no-audit", action="store_true", help=argparse.SUPPRESS)
    r.add_argument("--no-pdf", action="store_true", help="do not print report.pdf")
    r.add_argument("--quiet", action="store_true", help="no progress output")
    r.set_defaults(run=cmd_report)

    a = sub.add_parser("audit", help="try to recover counts below k from a built report; exit 1 on a finding")
    a.add_argument("report_dir", type=_folder)
    a.add_argument("--k", type=_positive, default=DEFAULT_K)
    a.add_argument("--records", type=_folder, default=None,
                   help="records folder: also match published sequences against individuals")
    a.set_defaults(run=cmd_audit)

    h = sub.add_parser("headline", help="print the headline measures (protected)")
    h.add_argument("--data", type=_folder, default=RAW_DIR)
    h.add_argument("--reference-date", type=_date, default=DEFAULT_REFERENCE_DATE)
    h.add_argument("--k", type=_positive, default=DEFAULT_K)
    h.add_argument("--policy", choices=["suppress", "hesa"], default="suppress")
    h.add_argument("--lang", choices=["en", "ja"], default="en")
    h.set_defaults(run=cmd_headline)

    nb = sub.add_parser("notebooks", help="execute the notebooks in place from their py:percent pairs")
    nb.add_argument("only", nargs="*", help="notebook number prefixes, e.g. 01 03 (default: all)")
    nb.set_defaults(run=cmd_notebooks)

    d = sub.add_parser("dictionary", help="regenerate data/DICTIONARY.md and data/templates/")
    d.set_defaults(run=cmd_dictionary)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
