"""The package's tables as published: each file byte for byte, its rows typed by its schema,
and CSV written the way the package writes it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chitieu import ingest
from chitieu.export.json import decimal_text

# Frictionless' defaults, for a schema that does not name its own.
DEFAULT_TRUE_VALUES = ("true", "True", "TRUE", "1")
DEFAULT_MISSING_VALUES = ("",)

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"
ZIP_TYPE = "application/zip"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_TYPE = "text/plain; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Table:
    """One resource of the package: its file as published and its rows as typed values."""

    name: str
    path: str  # as in datapackage.json, relative to the package folder
    title: str
    description: str
    schema: Mapping[str, Any]
    content: bytes
    rows: tuple[dict[str, Any], ...]  # in file order; keys are the CSV header's columns

    @property
    def fields(self) -> list[Mapping[str, Any]]:
        return [f for f in self.schema.get("fields", []) if isinstance(f, Mapping)]

    @property
    def columns(self) -> list[str]:
        return list(self.rows[0]) if self.rows else [str(f["name"]) for f in self.fields]

    @property
    def primary_key(self) -> list[str]:
        key = self.schema.get("primaryKey", [])
        return [key] if isinstance(key, str) else list(key)


# ---------------------------------------------------------------------------------------
# Values: typed cells and exact JSON.


def typed_value(text: str, field: Mapping[str, Any], missing: Sequence[str] = DEFAULT_MISSING_VALUES) -> Any:
    """A CSV cell as the schema types it: int, Decimal, bool, date, str, or None when empty.

    >>> typed_value("109.67", {"type": "number"}), typed_value("", {"type": "number"})
    (Decimal('109.67'), None)
    >>> typed_value("true", {"type": "boolean", "trueValues": ["true"]})
    True
    """
    if text in missing:
        return None
    kind = field.get("type", "string")
    if kind in ("integer", "year"):
        return int(text)
    if kind == "number":
        return Decimal(text)
    if kind == "boolean":
        return text in field.get("trueValues", DEFAULT_TRUE_VALUES)
    if kind == "date":
        return dt.date.fromisoformat(text)
    return text


def cell_text(value: Any) -> str:
    """A typed value written back as CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str.__str__(value) if isinstance(value, str) else str(value)


# ---------------------------------------------------------------------------------------
# Reading the package as published.


def read_tables(descriptor: ingest.Descriptor, files: Mapping[str, ingest.TableFile]) -> tuple[Table, ...]:
    """Every resource with its bytes and typed rows, in the descriptor's order, from the
    files as validation read them (nothing is read from disk again)."""
    tables = []
    for resource in descriptor.resources:
        file = files.get(str(resource.get("name")))
        if file is None:
            continue  # validate() has already refused such a package
        schema = resource.get("schema") or {}
        fields = {str(f["name"]): f for f in schema.get("fields", []) if isinstance(f, Mapping)}
        missing = tuple(schema.get("missingValues", DEFAULT_MISSING_VALUES))
        rows = tuple(
            {column: typed_value(text, fields.get(column, {}), missing) for column, text in cells.items()}
            for _, cells in ingest.data_rows(file)
        )
        tables.append(
            Table(
                name=str(resource["name"]),
                path=str(resource["path"]),
                title=str(resource.get("title") or resource["name"]),
                description=str(resource.get("description") or ""),
                schema=schema,
                content=file.content,
                rows=rows,
            )
        )
    return tuple(tables)


def published_descriptor(descriptor: ingest.Descriptor, tables: Sequence[Table]) -> bytes:
    """datapackage.json as published next to data/<resource>.csv: the file itself when its
    paths already are `<resource>.csv`, else a copy whose paths point at the published files."""
    raw = descriptor.content
    if all(t.path == f"{t.name}.csv" for t in tables):
        return raw
    data = json.loads(raw.decode("utf-8-sig"))
    for resource in data["resources"]:
        resource["path"] = f"{resource['name']}.csv"
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def rows_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """CSV as the package writes it: UTF-8, comma, LF, quotes only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell_text(row[c]) for c in columns] for row in rows)
    return buffer.getvalue().encode()
