"""Stage 2, validate. In: the path of datapackage.json. Out: a `Report` of every problem.

Order: the descriptor must be readable (else `UnusableInputError`); each resource file
is checked for safety and encoding before anything reads it; Frictionless validates the
safe files against the schema (types, constraints, keys); our text checks read every
safe file; and when the schema found nothing, our package checks read the typed records.
Every problem is collected; nothing stops at the first.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import frictionless

from chitieu import checks, load
from chitieu.problems import Problem, Report


def _frictionless_descriptor(descriptor: load.Descriptor, safe: Mapping[str, Path]) -> dict[str, Any]:
    """The descriptor reduced to the resources that are safe to read."""
    data = dict(descriptor.data)
    resources = []
    for resource in descriptor.resources:
        if resource.get("name") not in safe:
            continue
        resource = dict(resource)
        schema = dict(resource.get("schema") or {})
        foreign_keys = [
            fk
            for fk in schema.get("foreignKeys", [])
            if isinstance(fk, Mapping)
            and (fk.get("reference", {}).get("resource") or resource.get("name")) in safe
        ]
        if "foreignKeys" in schema:
            schema["foreignKeys"] = foreign_keys
        resource["schema"] = schema
        resources.append(resource)
    data["resources"] = resources
    return data


def _problem(error: Any, file: str) -> Problem:
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    return Problem(
        code=error.type,
        file=file,
        row=row,
        column=column,
        value=None if cell is None else str(cell),
        params=(("note", str(getattr(error, "note", "") or "")),),
    )


def _schema_problems(descriptor: load.Descriptor, safe: Mapping[str, Path]) -> list[Problem]:
    if not safe:
        return []
    data = _frictionless_descriptor(descriptor, safe)
    paths = {r["name"]: str(r.get("path")) for r in data["resources"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            package = frictionless.Package(data, basepath=str(descriptor.folder))
        except frictionless.FrictionlessException as error:
            return [_problem(error.error, descriptor.path.name)]
        report = package.validate()
    problems = [_problem(e, descriptor.path.name) for e in report.errors]
    for task in report.tasks:
        file = paths.get(task.name, task.place)
        problems.extend(_problem(e, file) for e in task.errors)
    return problems


def validate(path: Path = load.DEFAULT_DESCRIPTOR, max_bytes: int = load.MAX_FILE_BYTES) -> Report:
    """Every problem of the package at `path`; raises `UnusableInputError` if it cannot be read."""
    descriptor = load.read_descriptor(path)
    safe, problems = load.inspect_files(descriptor, max_bytes)
    found = list(problems)
    found.extend(_schema_problems(descriptor, safe))
    for name, file_path in safe.items():
        resource = descriptor.resource(name) or {}
        table: checks.RawTable = (
            name,
            resource.get("schema") or {},
            str(resource.get("path")),
            list(load.read_rows(file_path)),
        )
        for text_check in checks.TEXT_CHECKS:
            found.extend(text_check(table))
    if not found:
        package = load.load(path, max_bytes)
        for package_check in checks.PACKAGE_CHECKS:
            found.extend(package_check(package))
    unique = dict.fromkeys(found)
    ordered = sorted(unique, key=lambda p: (p.file, p.row or 0, p.column or "", p.code))
    return Report(tuple(ordered))
