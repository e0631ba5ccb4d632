"""\"Did you mean\": an unknown id or an enum value close to a valid one gets a suggestion."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from chitieu import ingest
from chitieu.ingest import excel
from chitieu.problems import Problem
from chitieu.records import Package

# "Did you mean" compares an unknown id with every id of the table it refers to; beyond
# this many ids the comparison would take longer than the validation itself.
MAX_SUGGESTION_CANDIDATES = 20_000


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


def with_suggestion(
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
        for fk in dicts(schema.get("foreignKeys")):
            reference = fk.get("reference")
            if fk.get("fields") in (problem.column, [problem.column]) and isinstance(reference, Mapping):
                target = str(reference.get("resource") or resource)
                candidates = _ids(package, target, reference.get("fields"))
    elif problem.code == "constraint-error":
        field = next((f for f in dicts(schema.get("fields")) if f.get("name") == problem.column), {})
        constraints = field.get("constraints")
        enum = constraints.get("enum") if isinstance(constraints, Mapping) else None
        candidates = [str(v) for v in enum] if isinstance(enum, list) else []
    suggestion = _closest(problem.value, candidates)
    if suggestion is None or suggestion == problem.value:
        return problem
    return replace(problem, params=(*problem.params, ("suggestion", suggestion)))


def dicts(value: object) -> list[Mapping[str, Any]]:
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
