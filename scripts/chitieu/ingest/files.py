"""The resource files that are safe to read, decoded, and their CSV records with line numbers
as a text editor counts them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chitieu.ingest import excel
from chitieu.ingest.descriptor import Descriptor, remote_references, resource_path, site_title_problems
from chitieu.ingest.encodings import encoding_problem
from chitieu.ingest.schema import Schema, schema_of
from chitieu.problems import Problem

# The documented limit for one CSV file: a million observation rows take about 150 MB,
# so 256 MiB leaves room while refusing a file that would exhaust a small CI machine.
# `chitieu validate --max-file-size` raises it for one run.
MAX_FILE_BYTES = 256 * 1024 * 1024
# A cell can be as long as its file, which MAX_FILE_BYTES already bounds; the csv module's
# default of 128 KiB would stop at one stray quote in a large file with a traceback.
CELL_LIMIT = 2**31 - 1


@dataclass(frozen=True, slots=True)
class TableFile:
    """A resource's CSV file that passed every safety check, decoded."""

    name: str  # the resource name
    file: str  # the path as written in the descriptor, for messages
    path: Path  # resolved, inside the package folder
    text: str
    schema: Schema = field(default_factory=Schema)
    delimiter: str = ","
    content: bytes = b""  # the file as read (`text` is it decoded), published byte for byte

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(first line, cells) of every CSV record, header and blank lines included.

        Lines count as in a text editor, so a quoted cell that spans lines moves every
        later record down; the header is line 1.
        """
        # Process-wide, as Frictionless sets it too when it loads (it may run in another process).
        csv.field_size_limit(CELL_LIMIT)
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        line = 0
        for cells in reader:
            yield line + 1, cells
            line = reader.line_num


def read_table_files(
    descriptor: Descriptor, max_bytes: int = MAX_FILE_BYTES
) -> tuple[dict[str, TableFile], tuple[Problem, ...]]:
    """The resource files that are safe to read, decoded, and the problems of the rest.

    Nothing is read from a file before its path, size and kind have been checked.
    """
    files: dict[str, TableFile] = {}
    problems: list[Problem] = list(remote_references(descriptor))
    remote = {p.param("resource") for p in problems}
    problems += site_title_problems(descriptor)
    for resource in descriptor.resources:
        name = str(resource.get("name"))
        path, problem = resource_path(descriptor, resource)
        if problem is not None or path is None:
            problems.extend([problem] if problem else [])
            continue
        display = str(resource.get("path"))
        schema = resource.get("schema")
        if name in remote:
            continue
        if not isinstance(schema, Mapping):
            problems.append(
                Problem(
                    "schema-not-inline", descriptor.path.name, descriptor.line_of_resource(name), None, name
                )
            )
            continue
        size = path.stat().st_size
        if size > max_bytes:
            problems.append(
                Problem("file-too-large", display, params=(("size", str(size)), ("limit", str(max_bytes))))
            )
            continue
        data = path.read_bytes()
        # A workbook or a semicolon file is one problem, not a cascade; it is not read further.
        wrong = excel.workbook_problem(data, display, name) or encoding_problem(data, display)
        text = data.decode("utf-8-sig") if wrong is None else ""
        delimiter = _delimiter(resource)
        typed = schema_of(resource)
        wrong = wrong or excel.separator_problem(text, typed, delimiter, display, name)
        if wrong is not None:
            problems.append(wrong)
            continue
        files[name] = TableFile(name, display, path, text, typed, delimiter, data)
    return files, tuple(problems)


def _delimiter(resource: Mapping[str, Any]) -> str:
    """The declared CSV delimiter (Frictionless v1 `dialect.delimiter` or v2 `dialect.csv.delimiter`)."""
    dialect = resource.get("dialect")
    if not isinstance(dialect, Mapping):
        return ","
    csv_dialect = dialect.get("csv")
    value = (csv_dialect if isinstance(csv_dialect, Mapping) else dialect).get("delimiter", ",")
    return value if isinstance(value, str) and len(value) == 1 else ","


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(first line, cells by column) of every data row of a UTF-8 CSV file; the header is line 1.

    For a file that `read_table_files` has accepted; blank rows are left out.
    """
    yield from data_rows(TableFile(path.stem, path.name, path, path.read_bytes().decode("utf-8-sig")))


def data_rows(table: TableFile) -> Iterator[tuple[int, dict[str, str]]]:
    """`read_rows` of a file already read."""
    header: list[str] | None = None
    for line, row in table.records():
        if header is None:
            header = row
        elif any(row):
            yield line, dict(zip(header, row, strict=False))
