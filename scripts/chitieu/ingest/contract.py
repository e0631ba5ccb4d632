"""The data contract: the tables and columns chitieu needs (and those a package may leave
out), checked against the descriptor before any row is read, so that a table is never
silently dropped."""

from __future__ import annotations

from collections.abc import Mapping

from chitieu.ingest.descriptor import Descriptor
from chitieu.problems import Problem

RESOURCES = ("sources", "resolutions", "indicators", "observations", "comparisons", "progress_reports")
# Resources a package may leave out (a fork that does not record its places yet).
OPTIONAL_RESOURCES = ("places", "place_changes")
ALL_RESOURCES = (*RESOURCES, *OPTIONAL_RESOURCES)


# --- The data contract -------------------------------------------------------------------
# The columns each record needs; `validate` reports a schema that lacks one before any row
# is read, so that a table is never silently dropped.
FIELDS: Mapping[str, tuple[str, ...]] = {
    "sources": ("id", "title", "publisher", "author", "url", "published", "language"),
    "resolutions": (
        "id", "body_vi", "body_en", "jurisdiction_vi", "jurisdiction_en", "congress", "kind",
        "period_start", "period_end", "targets_total", "source_id", "note_vi", "note_en",
    ),
    "indicators": (
        "id", "resolution_id", "number", "area", "name_vi", "name_en", "unit_vi", "unit_en", "measure",
        "direction", "target", "target_qualifier", "target_year", "baseline", "baseline_year",
        "description_vi", "description_en", "series",
    ),
    "observations": (
        "id", "indicator_id", "period", "as_of", "value", "value_qualifier", "estimated",
        "percent_of_target", "source_id", "note_vi", "note_en",
    ),
    "comparisons": ("observation_id", "basis", "percent"),
    "progress_reports": (
        "resolution_id", "as_of", "period", "targets_met", "targets_exceeded", "targets_total",
        "source_id", "note_vi", "note_en",
    ),
    "places": (
        "id", "name_vi", "name_en", "level", "part_of", "valid_from", "valid_to", "source_id",
        "note_vi", "note_en",
    ),
    "place_changes": ("predecessor_id", "successor_id", "date", "kind", "source_id", "note_vi", "note_en"),
}  # fmt: skip
# Columns a table may leave out; a package without them reads as one with them empty
# (resolutions of no recorded place, set by a Party committee; statements of "met or exceeded").
OPTIONAL_FIELDS: Mapping[str, tuple[str, ...]] = {
    "resolutions": ("place_id", "issuer"),
    "progress_reports": ("counts",),
}


def contract_problems(descriptor: Descriptor) -> tuple[Problem, ...]:
    """Resources or fields that chitieu needs and the descriptor does not declare."""
    problems = []
    here = descriptor.path.name
    for name in ALL_RESOURCES:
        resource = descriptor.resource(name)
        if resource is None:
            if name in RESOURCES:
                problems.append(Problem("missing-resource", here, None, name))
            continue
        schema = resource.get("schema")
        if not isinstance(schema, Mapping):
            continue
        fields = schema.get("fields")
        declared = (
            {f.get("name") for f in fields if isinstance(f, Mapping)} if isinstance(fields, list) else set()
        )
        line = descriptor.line_of_resource(name)
        problems.extend(
            Problem("missing-field", here, line, column, params=(("resource", name),))
            for column in FIELDS[name]
            if column not in declared
        )
    return tuple(problems)
