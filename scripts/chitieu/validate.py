"""Stage 2, validate. In: the path of datapackage.json. Out: a `Report` of every problem.

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
import difflib
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import frictionless

from chitieu import checks, ingest
from chitieu.ingest import excel
from chitieu.problems import Problem, Report
from chitieu.records import Package

# Above this many bytes of CSV, Frictionless runs in a second process while this one
# reads the files and runs our checks; below it, starting a process costs more than it saves.
PARALLEL_BYTES = 8 * 1024 * 1024
# Frictionless stops after 1,000 errors per file by default; a maintainer wants them all.
LIMIT_ERRORS = 10**9
# "Did you mean" compares an unknown id with every id of the table it refers to; beyond
# this many ids the comparison would take longer than the validation itself.
MAX_SUGGESTION_CANDIDATES = 20_000
# The Frictionless error types a tabular package can produce; the catalogues hold a
# message and a fix for each (any other type is shown as `general-error`).
FRICTIONLESS_CODES = (
    "type-error",
    "constraint-error",
    "missing-cell",
    "extra-cell",
    "unique-error",
    "blank-row",
    "primary-key",
    "foreign-key",
    "duplicate-label",
    "missing-label",
    "extra-label",
    "incorrect-label",
    "blank-label",
    "blank-header",
    "encoding-error",
    "source-error",
    "scheme-error",
    "format-error",
    "compression-error",
    "hash-count",
    "byte-count",
    "field-count",
    "row-count",
    "metadata-error",
    "package-error",
    "resource-error",
    "schema-error",
    "field-error",
    "dialect-error",
    "general-error",
)
_ROW_LESS = {"blank-header", "hash-count", "byte-count", "field-count", "row-count"}


def frictionless_descriptor(
    descriptor: ingest.Descriptor, files: Mapping[str, ingest.TableFile]
) -> dict[str, Any]:
    """The descriptor reduced to what is safe to read: the safe resources, no remote profile."""
    data = {k: v for k, v in descriptor.data.items() if not (k in ("$schema", "profile") and _remote(v))}
    resources = []
    for resource in descriptor.resources:
        if resource.get("name") not in files:
            continue
        resource = dict(resource)
        schema = dict(resource["schema"])
        if isinstance(schema.get("foreignKeys"), list):
            schema["foreignKeys"] = [
                fk
                for fk in schema["foreignKeys"]
                if isinstance(fk, Mapping)
                and isinstance(fk.get("reference"), Mapping)
                and (fk["reference"].get("resource") or resource.get("name")) in files
            ]
        resource["schema"] = schema
        # Without a declared header row Frictionless guesses it from the rows' widths, and
        # a broken row can make it take a data row for the header: the header is line 1.
        dialect = resource.get("dialect")
        dialect = dict(dialect) if isinstance(dialect, Mapping) else {}
        if "header" not in dialect and "headerRows" not in dialect:
            dialect["headerRows"] = [1]
        resource["dialect"] = dialect
        resources.append(resource)
    data["resources"] = resources
    return data


def _remote(value: object) -> bool:
    return isinstance(value, str) and ingest.is_remote(value)


def _problem(error: Any, file: str, schema: Mapping[str, Any]) -> Problem:
    """One Frictionless error as a Problem; `row` is still Frictionless's record number.

    Frictionless's note is English; what a message needs from it (the type, the broken
    rule, the table referred to) becomes a parameter, so both languages can say it.
    """
    code = error.type
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    value = getattr(error, "cell", None)
    note = str(getattr(error, "note", "") or "")
    params = {"note": note}
    if code == "foreign-key":
        column = ",".join(error.field_names)
        value = ",".join(error.field_cells)
        params["reference"] = str(error.reference_name)
    elif code == "primary-key":
        key = schema.get("primaryKey", [])
        key = [key] if isinstance(key, str) else list(key)
        names = [f.get("name") for f in _dicts(schema.get("fields"))]
        positions = [names.index(k) for k in key if k in names]
        column = ",".join(key) or None
        value = ",".join(error.cells[i] for i in positions if i < len(error.cells)) or None
    elif code == "type-error":
        found = re.match(r'type is "([\w-]+)', note)
        params["type"] = found[1] if found else note
    elif code == "constraint-error":
        found = re.match(r'constraint "(\w+)" is "(.*)"$', note, re.DOTALL)
        params |= {"constraint": found[1], "limit": found[2]} if found else {"constraint": note, "limit": ""}
        if params["constraint"] == "required":
            value = None  # Frictionless writes an empty required cell as "None"
    elif code in ("incorrect-label", "extra-label", "duplicate-label", "blank-label", "missing-label"):
        row = 1
        value = getattr(error, "label", None) or None
    elif code in _ROW_LESS:
        row = None
    return Problem(
        code=code,
        file=file,
        row=row,
        column=column or None,
        value=None if value is None or value == "" else str(value),
        params=tuple(params.items()),
    )


def frictionless_problems(data: dict[str, Any], basepath: str, names: Mapping[str, str]) -> list[Problem]:
    """Frictionless's verdict on the safe part of the package (runs in a worker process
    for a large package, so it takes and returns only plain, picklable values)."""
    descriptor_name = names.get("", "datapackage.json")
    schemas = {r["name"]: r.get("schema", {}) for r in data["resources"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            package = frictionless.Package(data, basepath=basepath)
        except frictionless.FrictionlessException as error:
            # The reasons say what is wrong ("requires all the resources to be ..."); the
            # error itself only says "descriptor is not valid".
            return [_problem(e, descriptor_name, {}) for e in (error.reasons or [error.error])]
        report = package.validate(limit_errors=LIMIT_ERRORS)
    problems = [_problem(e, descriptor_name, {}) for e in report.errors]
    for task in report.tasks:
        file = names.get(task.name, task.place)
        problems.extend(_problem(e, file, schemas.get(task.name, {})) for e in task.errors)
    return problems


def _to_line(problem: Problem, starts: Sequence[int] | None) -> Problem:
    """Frictionless counts records (header = 1); a quoted cell spanning lines makes the
    CSV line differ, so look the record's first line up."""
    row = problem.row
    if row is None or starts is None or not 0 < row <= len(starts):
        return problem
    return replace(problem, row=starts[row - 1])


def _closest(value: str | None, candidates: Iterable[str]) -> str | None:
    if not value:
        return None
    pool = list(candidates)
    if len(pool) > MAX_SUGGESTION_CANDIDATES:
        return None
    folded = {c.casefold(): c for c in pool}
    if value.casefold() in folded:  # "Economy" for "economy"
        return folded[value.casefold()]
    matches = difflib.get_close_matches(value, pool, n=1, cutoff=0.75)
    return matches[0] if matches else None


def _with_suggestion(
    problem: Problem, descriptor: ingest.Descriptor, resource: str | None, package: Package
) -> Problem:
    """Add "did you mean" to an unknown id or an enum value that is close to a valid one,
    and the value to write to a date or number typed the way Excel shows it ("23/07/2015")."""
    if problem.code == "type-error":
        rewrite = excel.rewrite(problem.value or "", problem.param("type") or "")
        return (
            problem if rewrite is None else replace(problem, params=(*problem.params, ("rewrite", rewrite)))
        )
    schema = (descriptor.resource(resource or "") or {}).get("schema") or {}
    candidates: Iterable[str] = ()
    if problem.code == "foreign-key" and problem.column and "," not in problem.column:
        for fk in _dicts(schema.get("foreignKeys")):
            reference = fk.get("reference")
            if fk.get("fields") in (problem.column, [problem.column]) and isinstance(reference, Mapping):
                target = str(reference.get("resource") or resource)
                candidates = _ids(package, target, reference.get("fields"))
    elif problem.code == "constraint-error":
        field = next((f for f in _dicts(schema.get("fields")) if f.get("name") == problem.column), {})
        constraints = field.get("constraints")
        enum = constraints.get("enum") if isinstance(constraints, Mapping) else None
        candidates = [str(v) for v in enum] if isinstance(enum, list) else []
    suggestion = _closest(problem.value, candidates)
    if suggestion is None or suggestion == problem.value:
        return problem
    return replace(problem, params=(*problem.params, ("suggestion", suggestion)))


def _dicts(value: object) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _ids(package: Package, resource: str, fields: object) -> list[str]:
    """The ids of a table that has them (the tables foreign keys point at)."""
    tables: Mapping[str, Sequence[Any]] = {
        "sources": package.sources,
        "resolutions": package.resolutions,
        "indicators": package.indicators,
        "observations": package.observations,
        "places": package.places,
    }
    if fields not in ("id", ["id"]) or resource not in tables:
        return []
    return [r.id for r in tables[resource]]


def _start_frictionless(
    descriptor: ingest.Descriptor, files: Mapping[str, ingest.TableFile]
) -> Future[list[Problem]] | list[Problem]:
    if not files:
        return []
    data = frictionless_descriptor(descriptor, files)
    names = {name: f.file for name, f in files.items()} | {"": descriptor.path.name}
    arguments = (data, str(descriptor.folder), names)
    if sum(len(f.text) for f in files.values()) < PARALLEL_BYTES:
        return frictionless_problems(*arguments)
    try:
        pool = ProcessPoolExecutor(max_workers=1)
        future = pool.submit(frictionless_problems, *arguments)
    except OSError:  # no processes on this machine (a sandbox): the same work, one after the other
        return frictionless_problems(*arguments)
    pool.shutdown(wait=False)  # the worker still runs its one job; `result()` waits for it
    return future


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
    schema_job = _start_frictionless(descriptor, files)

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
        problem = _to_line(problem, reading.starts.get(resource or ""))
        found.append(_with_suggestion(problem, descriptor, resource, reading.package))

    # A row that became no record but has no other problem still needs to be told.
    located = {(p.file, p.row) for p in found}
    found.extend(p for p in reading.unreadable if (p.file, p.row) not in located)
    unique = dict.fromkeys(found)
    ordered = sorted(unique, key=lambda p: (p.file, p.row or 0, p.column or "", p.code, p.value or ""))
    return Report(tuple(ordered), package=reading.package, descriptor=descriptor, files=files)
