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
from chitieu.ingest.schema import DEFAULT_MISSING_VALUES, Field, Schema

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
    schema: Schema
    content: bytes
    rows: tuple[dict[str, Any], ...]  # in file order; keys are the CSV header's columns

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.schema.fields

    @property
    def columns(self) -> list[str]:
        return list(self.rows[0]) if self.rows else list(self.schema.names)

    @property
    def primary_key(self) -> tuple[str, ...]:
        return self.schema.primary_key


# ---------------------------------------------------------------------------------------
# Values: typed cells and exact JSON.


def typed_value(text: str, field: Field | None, missing: Sequence[str] = DEFAULT_MISSING_VALUES) -> Any:
    """A CSV cell as the schema types it: int, Decimal, bool, date, str, or None when empty.

    >>> typed_value("109.67", Field("v", "number")), typed_value("", Field("v", "number"))
    (Decimal('109.67'), None)
    >>> typed_value("TRUE", Field("e", "boolean")), typed_value("1.5", None)
    (True, '1.5')
    """
    if text in missing:
        return None
    kind = field.type if field is not None else "string"
    if kind in ("integer", "year"):
        return int(text)
    if kind == "number":
        return Decimal(text)
    if kind == "boolean" and field is not None:
        return text in field.true_values
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
        schema = file.schema
        rows = tuple(
            {
                column: typed_value(text, schema.field(column), schema.missing_values)
                for column, text in cells.items()
            }
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
