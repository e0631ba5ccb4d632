"""Frictionless's verdict on the safe part of the package, each error made a `Problem` whose
row is the CSV line; for a large package it runs in a second process while ours run."""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from typing import Any

import frictionless

from chitieu import ingest
from chitieu.ingest.schema import Schema, schema_of
from chitieu.problems import Problem

# Above this many bytes of CSV, Frictionless runs in a second process while this one
# reads the files and runs our checks; below it, starting a process costs more than it saves.
PARALLEL_BYTES = 8 * 1024 * 1024
# Frictionless stops after 1,000 errors per file by default; a maintainer wants them all.
LIMIT_ERRORS = 10**9
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


def _problem(error: Any, file: str, schema: Schema) -> Problem:
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
        positions = [schema.names.index(k) for k in schema.primary_key if k in schema.names]
        column = ",".join(schema.primary_key) or None
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
    schemas = {r["name"]: schema_of(r) for r in data["resources"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            package = frictionless.Package(data, basepath=basepath)
        except frictionless.FrictionlessException as error:
            # The reasons say what is wrong ("requires all the resources to be ..."); the
            # error itself only says "descriptor is not valid".
            return [_problem(e, descriptor_name, Schema()) for e in (error.reasons or [error.error])]
        report = package.validate(limit_errors=LIMIT_ERRORS)
    problems = [_problem(e, descriptor_name, Schema()) for e in report.errors]
    for task in report.tasks:
        file = names.get(task.name, task.place)
        problems.extend(_problem(e, file, schemas.get(task.name, Schema())) for e in task.errors)
    return problems


def to_line(problem: Problem, starts: Sequence[int] | None) -> Problem:
    """Frictionless counts records (header = 1); a quoted cell spanning lines makes the
    CSV line differ, so look the record's first line up."""
    row = problem.row
    if row is None or starts is None or not 0 < row <= len(starts):
        return problem
    return replace(problem, row=starts[row - 1])


def start_frictionless(
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
