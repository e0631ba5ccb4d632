"""Stage: validate. in: the path of datapackage.json. out: a `Report` of every problem.

Order: the descriptor must be readable (else `UnusableInputError`); each resource file
is checked for safety, size and encoding before anything reads it; then Frictionless
validates the safe files against the schema (types, constraints, keys) while our own
checks read each file once (row checks, table checks, then package checks on every row
that could be made into a record). Every problem is collected; nothing stops at the first.

Every problem's row is the CSV line as a text editor counts it (header = 1), whether it
comes from Frictionless or from us, so that an annotation lands on the right line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from chitieu import ingest
from chitieu.problems import Problem, Report
from chitieu.validate import checks
from chitieu.validate.frictionless import FRICTIONLESS_CODES, start_frictionless, to_line
from chitieu.validate.suggestions import with_suggestion

__all__ = ["FRICTIONLESS_CODES", "validate"]


def validate(
    path: Path = ingest.DEFAULT_DESCRIPTOR,
    max_bytes: int = ingest.MAX_FILE_BYTES,
    today: dt.date | None = None,
) -> Report:
    """Every problem of the package at `path`; raises `UnusableInputError` if it cannot be read.

    `today` is the date after which no report or figure may be dated (default: the real today).
    """
    descriptor = ingest.read_descriptor(path)
    files, refused = ingest.read_table_files(descriptor, max_bytes)
    found: list[Problem] = [*refused, *ingest.contract_problems(descriptor)]
    schema_job = start_frictionless(descriptor, files)

    # Our checks, in the same single pass that makes the records.
    row_checkers = {
        name: [c for c in (make(table) for make in checks.ROW_CHECKS) if c is not None]
        for name, table in files.items()
    }

    def on_row(table: ingest.TableFile, line: int, cells: ingest.Cells) -> None:
        for check in row_checkers[table.name]:
            found.extend(check(line, cells))

    reading = ingest.read(descriptor, files, on_row)
    for name, table in files.items():
        for table_check in checks.TABLE_CHECKS:
            found.extend(table_check(table, reading.data_rows.get(name, 0)))
    context = checks.Context(
        today=today or dt.date.today(),
        files={name: f.file for name, f in files.items()},
        lines=reading.lines,
    )
    for package_check in checks.PACKAGE_CHECKS:
        found.extend(package_check(reading.package, context))

    # Frictionless's problems, moved onto CSV lines and given suggestions.
    resource_of = {f.file: name for name, f in files.items()}
    schema_problems = schema_job if isinstance(schema_job, list) else schema_job.result()
    blank = {(p.file, p.row) for p in schema_problems if p.code == "blank-row"}
    for problem in schema_problems:
        if problem.code == "primary-key" and (problem.file, problem.row) in blank:
            continue  # a blank row "repeats" the empty key: one problem is enough
        resource = resource_of.get(problem.file)
        problem = to_line(problem, reading.starts.get(resource or ""))
        found.append(with_suggestion(problem, descriptor, resource, reading.package))

    # A row that became no record but has no other problem still needs to be told.
    located = {(p.file, p.row) for p in found}
    found.extend(p for p in reading.unreadable if (p.file, p.row) not in located)
    unique = dict.fromkeys(found)
    ordered = sorted(unique, key=lambda p: (p.file, p.row or 0, p.column or "", p.code, p.value or ""))
    return Report(tuple(ordered), package=reading.package, descriptor=descriptor, files=files)
