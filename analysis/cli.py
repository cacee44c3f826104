"""The command-line interface. Bad data never produces a traceback: exit 1 and one line per problem."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

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


def cmd_validate(args: argparse.Namespace) -> int:
    from analysis.loading import validate_records
    from analysis.problems import DataError

    try:
        _, report = validate_records(args.data_dir)
    except DataError as err:  # reference tables or the folder itself
        for problem in err.problems:
            print(problem)
        return 1
    if report.ok:
        print(f"OK {args.data_dir}: " + ", ".join(f"{n} {c.rows_loaded} rows" for n, c in report.counts.items()))
        return 0
    for problem in report.sorted_problems():
        print(problem)
    print(f"{len(report.problems)} problem(s). {report.summary()}", file=sys.stderr)
    return 1


def cmd_generate(args: argparse.Namespace) -> int:
    from analysis import synthetic

    paths = synthetic.write(args.out, n_advisors=args.advisors, seed=args.seed, as_of=args.as_of)
    print(f"wrote {', '.join(str(p) for p in paths.values())}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from analysis.report import build_report

    return build_report(args)


def cmd_headline(args: argparse.Namespace) -> int:
    import pandas as pd

    from analysis.disclosure import DisclosurePolicy, display_table
    from analysis.loading import load_records
    from analysis.measures import headline_table
    from analysis.problems import DataError

    try:
        records = load_records(args.data)
    except DataError as err:
        for problem in err.problems:
            print(problem)
        return 1
    policy = DisclosurePolicy(kind=args.policy, k=args.k)
    table = display_table(headline_table(records, reference_date=args.reference_date, policy=policy), decimals=3)
    shown = table[["measure", "reference_date", "numerator", "denominator", "rate", "knowledge_rate", "comparator"]]
    with pd.option_context("display.width", 250, "display.max_colwidth", 70):
        print(shown.to_string(index=False))
    print(f"\n{records.source_label}. Disclosure: {policy.describe()}")
    return 0


def cmd_notebooks(args: argparse.Namespace) -> int:
    from analysis.notebooks import execute_in_place, notebook_scripts

    for script in notebook_scripts():
        if args.only and not any(script.name.startswith(o) for o in args.only):
            continue
        print(f"executing {script.name} ...", flush=True)
        execute_in_place(script)
    return 0


def cmd_dictionary(args: argparse.Namespace) -> int:
    from analysis.dictionary import write_dictionary, write_templates

    print(f"wrote {write_dictionary()}")
    for path in write_templates():
        print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    from analysis import synthetic
    from analysis.config import DEFAULT_K, DEFAULT_REFERENCE_DATE, DEFAULT_TARGET

    top = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check a data folder; exit 1 and list every problem")
    v.add_argument("data_dir", type=Path, nargs="?", default=RAW_DIR)
    v.set_defaults(run=cmd_validate)

    g = sub.add_parser("generate", help="write the synthetic demonstration data set")
    g.add_argument("--out", type=Path, required=True, help="folder to write advisors.csv, placements.csv, activities.csv")
    g.add_argument("--advisors", type=_positive, default=synthetic.DEFAULT_ADVISORS, help="number of advisors (default %(default)s)")
    g.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED, help="random seed (default %(default)s)")
    g.add_argument("--as-of", type=_date, default=synthetic.DEFAULT_AS_OF, help="date the synthetic records are current to (default %(default)s)")
    g.set_defaults(run=cmd_generate)

    r = sub.add_parser("report", help="validate the data and build the report")
    r.add_argument("--data", type=Path, default=RAW_DIR)
    r.add_argument("--out", type=Path, default=None, help="output folder (default reports/)")
    r.add_argument("--reference-date", type=_date, default=DEFAULT_REFERENCE_DATE)
    r.add_argument("--k", type=_positive, default=DEFAULT_K, help="disclosure threshold: counts below k people are suppressed")
    r.add_argument("--target", type=float, default=DEFAULT_TARGET, help="evaluator's target in-field rate (0-1)")
    r.set_defaults(run=cmd_report)

    h = sub.add_parser("headline", help="print the headline measures (disclosure-protected)")
    h.add_argument("--data", type=Path, default=RAW_DIR)
    h.add_argument("--reference-date", type=_date, default=DEFAULT_REFERENCE_DATE)
    h.add_argument("--k", type=_positive, default=DEFAULT_K)
    h.add_argument("--policy", choices=["suppress", "hesa"], default="suppress")
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
