"""A resource's Table Schema as a typed, frozen model, normalised once at the boundary.

The descriptor may write a key as one name or as a list, a field's constraints or true
values or not at all; every later stage reads `Schema` and never the raw dict. A part
that is malformed is left out here: validation (Frictionless and our contract) reports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Frictionless's defaults, for a schema that does not name its own.
DEFAULT_TRUE_VALUES = ("true", "True", "TRUE", "1")
DEFAULT_MISSING_VALUES = ("",)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: str = "string"
    description: str = ""
    format: str | None = None
    constraints: Mapping[str, Any] = field(default_factory=dict)  # required, unique, enum, pattern, ...
    true_values: tuple[str, ...] = DEFAULT_TRUE_VALUES

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def enum(self) -> tuple[str, ...]:
        values = self.constraints.get("enum")
        return tuple(str(v) for v in values) if isinstance(values, list) else ()


@dataclass(frozen=True, slots=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # the table referred to, the resource's own name when it refers to itself
    reference_fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Schema:
    fields: tuple[Field, ...] = ()
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    missing_values: tuple[str, ...] = DEFAULT_MISSING_VALUES

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def of_type(self, *types: str) -> list[str]:
        """The names of the fields of these types ("number", "integer" ...)."""
        return [f.name for f in self.fields if f.type in types]

    def reference_of(self, name: str) -> ForeignKey | None:
        """The foreign key made of the one field `name`, if there is one."""
        return next((k for k in self.foreign_keys if k.fields == (name,)), None)


def names(value: object) -> tuple[str, ...]:
    """A key as the descriptor writes it, one name or a list of names, as a tuple.

    >>> names("id"), names(["resolution_id", "as_of"]), names(None)
    (('id',), ('resolution_id', 'as_of'), ())
    """
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _field(data: Mapping[str, Any]) -> Field:
    constraints = data.get("constraints")
    true_values = data.get("trueValues")
    return Field(
        name=str(data["name"]),
        type=str(data.get("type", "string")),
        description=str(data.get("description", "")),
        format=str(data["format"]) if isinstance(data.get("format"), str) else None,
        constraints=dict(constraints) if isinstance(constraints, Mapping) else {},
        true_values=names(true_values) if isinstance(true_values, list) else DEFAULT_TRUE_VALUES,
    )


def schema_of(resource: Mapping[str, Any]) -> Schema:
    """The schema of a descriptor's resource entry; an empty one when it has none inline."""
    data = resource.get("schema")
    if not isinstance(data, Mapping):
        return Schema()
    fields = data.get("fields")
    keys = data.get("foreignKeys")
    own = str(resource.get("name", ""))
    foreign = []
    for key in keys if isinstance(keys, list) else []:
        reference = key.get("reference") if isinstance(key, Mapping) else None
        if isinstance(reference, Mapping):
            fields_of = names(key.get("fields"))
            foreign.append(
                ForeignKey(fields_of, str(reference.get("resource") or own), names(reference.get("fields")))
            )
    missing = data.get("missingValues")
    return Schema(
        fields=tuple(
            _field(f)
            for f in (fields if isinstance(fields, list) else [])
            if isinstance(f, Mapping) and "name" in f
        ),
        primary_key=names(data.get("primaryKey")),
        foreign_keys=tuple(foreign),
        missing_values=names(missing) if isinstance(missing, list) else DEFAULT_MISSING_VALUES,
    )
