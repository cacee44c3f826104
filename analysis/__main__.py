"""Command line: ``python -m analysis {validate,generate,report,dictionary}``."""

from analysis.cli import main

raise SystemExit(main())
