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
    schema = descriptor.schema(resource or "")
    candidates: Iterable[str] = ()
    if problem.code == "foreign-key" and problem.column and "," not in problem.column:
        key = schema.reference_of(problem.column)
        if key is not None:
            candidates = _ids(package, key.resource, key.reference_fields)
    elif problem.code == "constraint-error":
        field = schema.field(problem.column or "")
        candidates = field.enum if field is not None else ()
    suggestion = _closest(problem.value, candidates)
    if suggestion is None or suggestion == problem.value:
        return problem
    return replace(problem, params=(*problem.params, ("suggestion", suggestion)))


def dicts(value: object) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _ids(package: Package, resource: str, fields: tuple[str, ...]) -> list[str]:
    """The ids of a table that has them (the tables foreign keys point at)."""
    tables: Mapping[str, Sequence[Any]] = {
        "sources": package.sources,
        "resolutions": package.resolutions,
        "indicators": package.indicators,
        "observations": package.observations,
        "places": package.places,
    }
    if fields != ("id",) or resource not in tables:
        return []
    return [r.id for r in tables[resource]]
