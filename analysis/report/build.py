"""Report build: ``python -m analysis report`` (entry point :func:`build`).

1. Validate and load the records once (:class:`~analysis.errors.DataError`
   lists every error) and compute every exhibit of the report, protected
   together; write them to a snapshot (outside the report, checked by digest)
   that every notebook reads instead of validating again.
2. Check the output folder (never inside ``data/``, never a folder holding the
   project, the data or the notebooks, never a folder this command did not
   build: :class:`~analysis.errors.OutputFolderError`).
3. Execute every ``notebooks/NN-*.ipynb`` with the parameters injected, kernels
   started in parallel; each notebook writes its figures (PNG and SVG), tables
   (CSV) and stated values (JSON) into the build folder.
4. Write ``index.html`` (findings first, the headline table, then each
   notebook without code), ``headline.csv`` and ``headline.json``.
5. Audit the built folder as an attacker would
   (:mod:`analysis.audit`) and refuse to publish on any finding.

Everything is written into ``<out>.building-<pid>`` next to the output folder
and moved into place only when complete: a failed build or audit leaves the
previous report as it was. Same data and parameters give the same bytes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import OutputFolderError
from analysis.i18n import _, fmt_date, fmt_pct, use_language
from analysis.paths import DATA_DIR, NOTEBOOKS_DIR, PROJECT_ROOT, REPORTS_DIR
from analysis.report.exhibits.fostering import HEADLINE
from analysis.report.study import Parameters, Study

if TYPE_CHECKING:
    from analysis.report.pdf import Printer
    from analysis.report.runner import KernelPool

__all__ = ["BUILD_MARKER", "build", "check_output_folder"]

#: File marking a folder as built by this command (only such folders are replaced).
BUILD_MARKER = ".report-build"
_MARKER_TEXT = "This folder is built by `python -m analysis report` and replaced as a whole on every build.\n"


def build(
    params: Parameters,
    out_dir: Path | str | None = None,
    *,
    notebooks_dir: Path | str = NOTEBOOKS_DIR,
    jobs: int | None = None,
    progress: bool = True,
    audit: bool = True,
    pdf: bool = True,
    log: Callable[[str], None] | None = None,
) -> Path:
    """Build the report for ``params`` into ``out_dir`` (default ``reports/``); return the folder.

    Raises
    ------
    DataError
        The records break a rule (every problem listed).
    OutputFolderError
        The output folder is refused.
    ReportError
        A notebook failed (named with its cell), or the audit found a leak
        (:class:`~analysis.errors.AuditError`).
    """
    from analysis.report.pdf import Printer
    from analysis.report.runner import KernelPool, find_notebooks

    say = log or (lambda message: None)
    notebooks_dir = Path(notebooks_dir).resolve()
    out = Path(out_dir if out_dir is not None else REPORTS_DIR).resolve()
    notebooks = find_notebooks(notebooks_dir)
    # The report's language for this build only: the caller's language is restored afterwards.
    with use_language(params.lang):
        check_output_folder(out, data_dir=params.data_dir, notebooks_dir=notebooks_dir)
        # Kernels start and import the library while the records are validated and the tables computed.
        # Chromium starts too, to be ready when the page is.
        printer = Printer() if pdf else None
        try:
            with KernelPool(min(jobs or os.cpu_count() or 1, max(1, len(notebooks))), cwd=notebooks_dir) as pool:
                return _build(params, out, notebooks, pool, say=say, progress=progress, audit=audit,
                              printer=printer)
        finally:
            if printer is not None:
                printer.close()


def _build(params: Parameters, out: Path, notebooks: list[Path], pool: KernelPool, *, say: Callable[[str], None],
           progress: bool, audit: bool, printer: Printer | None) -> Path:
    from analysis.report.exhibits import compute_exhibits

    say(_("validating {folder}").format(folder=_shown(params.data_dir)))
    study = Study.load(params)
    if study.records.report.warnings:
        say(_("{n} warnings loaded (unusual but possible records): `python -m analysis validate` lists them").format(
            n=len(study.records.report.warnings)))
    withheld: set[str] = set()
    out.parent.mkdir(parents=True, exist_ok=True)
    for attempt in (1, 2):
        say(_("computing and protecting every table"))
        exhibits = compute_exhibits(study, withhold=withheld)
        if attempt == 1:
            _summary(exhibits, say)
        found, folder = _attempt(study, exhibits, out, notebooks, pool, say=say, progress=progress, audit=audit,
                                 printer=printer)
        if folder is not None:
            return folder
        implicated = _implicated(found, exhibits)
        if attempt == 2 or not implicated - withheld:
            from analysis.errors import AuditError

            raise AuditError(found, withheld=sorted(withheld))
        withheld |= implicated
        say(_("the report's own audit found a count it could recover; withholding {names} and building again "
              "(a defect of the library: please report it)").format(names=", ".join(sorted(implicated))))
        for finding in found:
            say(f"  {finding}")
    raise AssertionError("unreachable")


def _summary(exhibits: dict, say: Callable[[str], None]) -> None:
    """One line per exhibit with hidden cells: how many of its numeric cells are hidden."""
    from analysis.report.exhibits.base import hidden_count

    total_hidden = total = 0
    lines = []
    for name, table in exhibits.items():
        hidden, cells = hidden_count(table)
        total_hidden += hidden
        total += cells
        if hidden:
            lines.append(f"  {name}: {hidden} / {cells}")
    say(_("cells hidden to protect individuals: {hidden} of {total} numeric cells").format(
        hidden=total_hidden, total=total))
    for line in lines:
        say(line)
    for name, reason in sorted(exhibits.withheld.items()):
        say(f"  {name}: {reason}")


def _implicated(findings: list, exhibits: dict) -> set[str]:
    """The exhibits a finding names (its file, or the tables its count is formed from)."""
    import re

    names = set()
    for finding in findings:
        stem = Path(finding.file).stem
        if stem in exhibits:
            names.add(stem)
        for match in re.finditer(r"\b(\d\d-[a-z0-9-]+)\b", f"{finding.element} {finding.detail}"):
            if match.group(1) in exhibits:
                names.add(match.group(1))
    return names


def _attempt(study: Study, exhibits: dict, out: Path, notebooks: list[Path], pool: KernelPool, *,
             say: Callable[[str], None], progress: bool, audit: bool, printer: Printer | None
             ) -> tuple[list, Path | None]:
    """Build the folder once; returns (findings, None) when the audit finds something, else ([], out)."""
    from analysis.report.runner import run_many
    from analysis.report.snapshot import write_snapshot

    params = study.params
    building = out.with_name(f"{out.name}.building-{os.getpid()}")
    _remove(building)
    scratch = Path(tempfile.mkdtemp(prefix="advisor-report-"))
    try:
        building.mkdir()
        snapshot = scratch / "study.pickle"
        digest = write_snapshot(study, exhibits, snapshot)
        parameters = {
            "data_dir": str(params.data_dir), "reference_date": params.reference_date.isoformat(), "k": params.k,
            "target": params.target, "lang": params.lang, "policy": params.policy,
            "declare_synthetic": params.declare_synthetic, "output_dir": str(building),
            "snapshot": str(snapshot), "snapshot_sha256": digest,
        }
        say(_("running {n} notebooks").format(n=len(notebooks)))
        executed = run_many(notebooks, parameters, progress=progress, pool=pool)
        _write_page(study, exhibits, executed, notebooks, building)
        (building / BUILD_MARKER).write_text(_MARKER_TEXT, encoding="utf-8", newline="\n")
        # Chromium prints the PDF while the audit reads the folder (it reads neither the PDF nor
        # the copy of the page being printed); a finding still refuses the whole folder.
        with ThreadPoolExecutor(max_workers=1) as printing:
            printed = None
            if printer is not None:
                from analysis.report.pdf import print_pdf

                say(_("printing report.pdf"))
                printed = printing.submit(print_pdf, building / "index.html", building / "report.pdf", printer=printer)
            found = []
            if audit:
                from analysis.audit import audit_report
                from analysis.report.labels import state_labels

                say(_("auditing the built report"))
                found = audit_report(building, k=study.policy.threshold, records=study.records,
                                     state_labels=state_labels(study.records.reference))
            failed = printed.exception() if printed is not None else None
        if found:
            _remove(building)
            return found, None
        if failed is not None:
            raise failed
        _replace_folder(building, out)
    except BaseException:
        _remove(building)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [], out


def _write_page(study: Study, exhibits: dict, executed: list, notebooks: list[Path], folder: Path) -> None:
    from analysis.disclosure.export import write_text_atomic
    from analysis.report.findings import findings
    from analysis.report.headline import headline_html, write_headline
    from analysis.report.html import notebook_section, render_page

    replacements = _path_replacements(study.params.data_dir, folder)
    with use_language(study.params.lang):
        sections = [notebook_section(nb, path.stem) for nb, path in zip(executed, notebooks, strict=True)]
        for section in sections:
            for absolute, shown in replacements:
                section.html = section.html.replace(absolute, shown)
        head = exhibits[HEADLINE]
        params = study.params
        parameters = [
            (_("Reference date"), fmt_date(params.reference_date)),
            (_("Disclosure"), _("counts below {k} people suppressed").format(k=params.k) if params.policy == "suppress"
             else _("HESA rounding to multiples of 5")),
            (_("Target in-field rate"), fmt_pct(params.target)),
            (_("Data"), study.source_label()),
        ]
        banner = (_("Synthetic demonstration data: these records are invented and describe no real advisor.")
                  if study.is_synthetic else "")
        page = render_page(
            sections=sections, lang=params.lang,
            title=_("Advisor career paths: evaluation report, {date}").format(date=fmt_date(params.reference_date)),
            subtitle=_("Where former International Peace Cooperation Program Advisors (国際平和協力研究員) went, and how "
                       "well the system meets its two objectives: fostering people for international peace "
                       "cooperation, and strengthening the Secretariat."),
            banner=banner, parameters=parameters, findings=findings(study, exhibits),
            headline_html=headline_html(head),
            footer=_("{source}. Reference date {date}. Built by python -m analysis report; machine-readable "
                     "headline: headline.csv, headline.json; every chart's data: tables/.").format(
                source=study.source_label(), date=fmt_date(params.reference_date)),
            strings={"contents": _("Contents"), "findings": _("What was found"), "headline": _("Headline measures")},
        )
        write_text_atomic(folder / "index.html", page)
        write_headline(head, folder, study=study)
        write_manifest(exhibits, folder, study=study)


def publish_tables(study: Study, exhibits: dict, folder: Path) -> Path:
    """Only the published tables, the headline and the manifest of a report (no notebooks, no page).

    What an attacker needs to read the counts: the same files a full build
    writes into ``tables/``, ``headline.*`` and ``disclosure.json``. Used by the
    tests to build many small reports quickly.
    """
    from analysis.report.headline import write_headline
    from analysis.report.tables import write_table

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in exhibits.items():
        write_table(table, folder, name)
    write_headline(exhibits[HEADLINE], folder, study=study)
    write_manifest(exhibits, folder, study=study)
    return folder


def manifest(exhibits: dict, *, study: Study) -> dict:
    """What ``disclosure.json`` holds: the policy, the contract of every published table, the reader's model.

    No count is written here (they are in the tables): for each table, its
    columns as the publication contract declares them, whom each count counts
    (the population's definition), the precision of each statistic; for the
    report, the universes with their attributes, public value lists and the
    rules a reader can apply, and the families (multi-valued lists) with what
    a reader knows of their pooled codes. From these and the published values
    anyone (and :mod:`analysis.audit`) can rebuild the reader's model.
    """
    from analysis.report.columns import COLUMNS

    model = exhibits.model
    tables = {}
    used = set()
    for name, table in exhibits.items():
        if table.meta.get("individual_level"):
            continue
        columns = [str(c) for c in table.columns if str(c) in COLUMNS]
        used |= set(columns)
        cells = {}
        for column, ids in (table.meta.get("cell_ids") or {}).items():
            cells[str(column)] = [None if c is None else model.cell_json(c) for c in ids]
        entry = {"csv": f"tables/{name}.csv", "columns": columns, "counts": [str(c) for c in table.counts],
                 "cells": cells}
        precision = {c: v for c, v in (table.meta.get("precision") or {}).items() if v is not None}
        if precision:
            entry["precision"] = precision
        if name in exhibits.withheld or table.meta.get("publishable") is False:
            entry["withheld"] = True
        tables[name] = entry
    universes = {name: u.to_json() for name, u in model.universes.items()}
    families = {}
    for name, fam in model.families.items():
        entry = {"universe": fam.universe, "within": fam.within.to_json(), "closed": fam.closed}
        if fam.closed:
            entry["codes"] = sorted(fam.codes)
            entry["pooled_codes_hold_at_most"] = fam.bound
        families[name] = entry
    return {
        "policy": {"kind": study.policy.kind, "k": study.policy.k, "threshold": study.policy.threshold,
                   "min_at_risk": study.policy.min_at_risk, "marker": study.policy.marker},
        "contract": {c: COLUMNS[c].to_json() for c in sorted(used)},
        "intake_groups": list(exhibits.grouping.labels),
        "universes": universes,
        "families": families,
        "tables": tables,
        "bounds": [{"cell": model.cell_json(c.id), "at_most": c.bound} for c in model.cells
                   if c.bound is not None and not c.published],
    }


def write_manifest(exhibits: dict, folder: Path, *, study: Study) -> Path:
    """Write ``disclosure.json`` (see :func:`manifest`)."""
    import json

    from analysis.disclosure.export import write_text_atomic

    document = manifest(exhibits, study=study)
    return write_text_atomic(folder / "disclosure.json", json.dumps(document, ensure_ascii=False, indent=1,
                                                                    sort_keys=True) + "\n")


def _path_replacements(data_dir: Path, building: Path) -> list[tuple[str, str]]:
    """Absolute paths that must not reach the page, longest first, and what replaces them."""
    def shown(path: Path) -> str:
        try:
            return path.relative_to(PROJECT_ROOT).as_posix()
        except ValueError:
            return path.name

    pairs = {str(building): ".", str(data_dir): shown(data_dir), str(PROJECT_ROOT): "."}
    return sorted(pairs.items(), key=lambda item: -len(item[0]))


# --------------------------------------------------------------------------- output folder


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_folder(out: Path, *, data_dir: Path, notebooks_dir: Path) -> None:
    """Refuse an output folder the build must not write to or replace."""
    out = out.resolve()
    for folder in (DATA_DIR.resolve(), Path(data_dir).resolve()):
        if _inside(out, folder):
            raise OutputFolderError(
                f"refusing to write the report into {_shown(out)}: it is inside the data folder {_shown(folder)}, "
                "which code never writes to. Choose another --out (default reports/).")
    for folder, what in ((Path(data_dir), "the data"), (notebooks_dir, "the notebooks"), (PROJECT_ROOT, "the project")):
        if _inside(folder.resolve(), out):
            raise OutputFolderError(
                f"refusing to use {_shown(out)} as the output folder: it holds {what} and is replaced as a whole "
                "on every build. Choose another --out (default reports/).")
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"refusing to replace {_shown(out)}: it is a file, not a folder")
    if out.is_dir() and not (out / BUILD_MARKER).is_file() and any(out.iterdir()):
        raise OutputFolderError(
            f"refusing to replace {_shown(out)}: it is not empty and was not built by `python -m analysis report` "
            f"(no {BUILD_MARKER} file). Remove it or choose another --out.")


def _replace_folder(new: Path, target: Path) -> None:
    """Move the finished build ``new`` to ``target``, replacing the previous report."""
    if not target.exists():
        os.replace(new, target)
        return
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    _remove(old)
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when inside it (for messages)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
