"""`chitieu normalize` and `chitieu import-workbook`: the only code that rewrites files in
datapackage/.

In: the path of datapackage.json (and, to import, a workbook). Out: what was changed, or
would be when only checking:
- a file Excel saved its own way, converted: semicolons between cells become commas and
  decimal commas in number columns become points (`excel`); a workbook saved under a .csv
  name becomes its sheet as CSV (`workbook`);
- the cells whose text is not Unicode NFC, rewritten to NFC;
- for an import, each resource's CSV written from its sheet of the workbook.

NFC changes every other byte not at all: line endings, quoting, a BOM, the order of
columns. That holds because the text is normalised as a whole and NFC never changes,
moves or composes across the characters that separate CSV cells (commas, quotes, line
breaks): so only the characters inside cells that were not NFC can change. A file that
needs neither conversion nor NFC is never written.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook

from chitieu import ingest
from chitieu.edit import workbook
from chitieu.ingest import excel
from chitieu.problems import ChitieuError, Problem, UnusableInputError

# The sheet the published workbook puts first, about the package; it is no table.
README_SHEET = "README"


@dataclass(frozen=True, slots=True)
class Change:
    """One cell rewritten (or to rewrite) in composed form."""

    file: str
    row: int
    column: str
    before: str
    after: str


def _changes(table: ingest.TableFile, normalized: str) -> list[Change]:
    after = ingest.TableFile(table.name, table.file, table.path, normalized, table.schema, table.delimiter)
    changes = []
    header: list[str] = []
    for (line, old), (_, new) in zip(table.records(), after.records(), strict=True):
        if not header:
            header = new
        for position, (before, cell) in enumerate(zip(old, new, strict=True)):
            if before != cell:
                column = header[position] if position < len(header) else str(position + 1)
                changes.append(Change(table.file, line, column, before, cell))
    return changes


def _replace(path: Path, content: bytes) -> None:
    """Write next to the file, then rename over it, so a crash never leaves half a file."""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as temporary:
        temporary.write(content)
    shutil.copymode(path, temporary.name)
    Path(temporary.name).replace(path)


@dataclass(frozen=True, slots=True)
class Conversion:
    """A file Excel saved its own way, converted (or to convert) to the package's CSV."""

    file: str
    kind: str  # "semicolons" or "workbook"
    rows: int  # data rows written
    number_lines: tuple[int, ...] = ()  # lines whose decimal commas became points
    sheet: str = ""  # the sheet a workbook was read from


@dataclass(frozen=True, slots=True)
class Normalized:
    """Everything `normalize` changed, or would change when only checking."""

    conversions: tuple[Conversion, ...] = ()
    cells: tuple[Change, ...] = ()


def _convertible(problem: Problem) -> bool:
    # An old .xls is a binary format openpyxl cannot read: only Excel can save it again.
    return problem.code == "csv-semicolon-separated" or (
        problem.code == "csv-is-workbook" and problem.param("format") == "xlsx"
    )


def _convert(
    descriptor: ingest.Descriptor, problem: Problem, max_bytes: int
) -> tuple[Conversion, ingest.TableFile]:
    """The converted text of the file `problem` is about (the file is read, not written)."""
    name = str(problem.param("resource"))
    resource = descriptor.resource(name) or {}
    path, _ = ingest.resource_path(descriptor, resource)  # load has accepted the path already
    assert path is not None
    schema = descriptor.schema(name)
    if problem.code == "csv-semicolon-separated":
        converted = excel.semicolons_to_commas(path.read_bytes().decode("utf-8-sig"), schema)
        conversion = Conversion(problem.file, "semicolons", converted.rows, converted.number_lines)
        text = converted.text
    else:
        book = workbook.open_workbook(path, problem.file, max_bytes)
        sheets = workbook.sheets_of(book, name) or book.sheetnames[:1]
        sheet = workbook.sheet_csv(workbook.sheet_values(book, sheets), _fields(resource.get("schema")))
        book.close()
        conversion, text = Conversion(problem.file, "workbook", sheet.rows, sheet=sheets[0]), sheet.text
    return conversion, ingest.TableFile(name, problem.file, path, text, schema)


def _fields(schema: object) -> workbook.Fields:
    fields = schema.get("fields") if isinstance(schema, Mapping) else None
    return [f for f in fields if isinstance(f, Mapping)] if isinstance(fields, list) else []


def normalize(
    path: Path = ingest.DEFAULT_DESCRIPTOR, write: bool = True, max_bytes: int = ingest.MAX_FILE_BYTES
) -> Normalized:
    """Convert the files Excel saved its own way and rewrite the cells that are not NFC;
    only list them unless `write`.

    Refuses (`ChitieuError`) when any resource file is unsafe or unreadable for another
    reason, before touching anything: a file that cannot be read cannot be normalised.
    """
    descriptor = ingest.read_descriptor(path)
    files, refused = ingest.read_table_files(descriptor, max_bytes)
    blocking = tuple(p for p in refused if not _convertible(p))
    if blocking:
        raise ChitieuError(blocking)
    converted = [_convert(descriptor, problem, max_bytes) for problem in refused]
    new_text = {table.name: table.text for _, table in converted}
    cells: list[Change] = []
    writes: list[tuple[Path, bytes]] = []
    for table in [*files.values(), *(table for _, table in converted)]:
        if table.name not in new_text and unicodedata.is_normalized("NFC", table.text):
            continue
        # A BOM stays as U+FEFF, which NFC leaves alone; a converted file has none.
        text = new_text[table.name] if table.name in new_text else table.path.read_bytes().decode("utf-8")
        normalized = unicodedata.normalize("NFC", text)
        cells.extend(_changes(table, normalized.removeprefix("\ufeff")))
        writes.append((table.path, normalized.encode("utf-8")))
    if write:  # only once every file could be converted: all or nothing is written
        for target, content in writes:
            _replace(target, content)
    return Normalized(tuple(c for c, _ in converted), tuple(cells))


# --- Importing the published workbook -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableImport:
    """One resource's CSV as the workbook gives it back: the bytes before and after are
    what a later `chitieu diff` compares."""

    resource: str
    file: str  # as named in the descriptor
    path: Path
    sheets: tuple[str, ...]
    rows: int
    new_rows: int  # rows the file did not hold (added or edited)
    gone_rows: int  # rows the file held that the sheet does not (removed or edited)
    before: bytes
    after: bytes

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True, slots=True)
class WorkbookImport:
    """What a workbook brings back: a table per resource that has a sheet, the resources
    without one (their files are left as they are) and the sheets that are no resource."""

    tables: tuple[TableImport, ...]
    without_sheet: tuple[str, ...]
    other_sheets: tuple[str, ...]

    @property
    def changed(self) -> tuple[TableImport, ...]:
        return tuple(t for t in self.tables if t.changed)


def workbook_changes(
    source: Path, path: Path = ingest.DEFAULT_DESCRIPTOR, max_bytes: int = ingest.MAX_FILE_BYTES
) -> WorkbookImport:
    """What importing the workbook `source` into the package at `path` would change, file
    by file; nothing is written. Refuses (`ChitieuError`) an unreadable workbook, or a
    resource whose file is not safe to write."""
    if not source.is_file():
        raise UnusableInputError((Problem("no-such-file", str(source)),))
    descriptor = ingest.read_descriptor(path)
    book = workbook.open_workbook(source, source.name, max_bytes)
    tables, without, claimed = [], [], {README_SHEET}
    try:
        for resource in descriptor.resources:
            name = str(resource.get("name"))
            sheets = workbook.sheets_of(book, name)
            if not sheets:
                without.append(name)
                continue
            target, problem = ingest.resource_path(descriptor, resource)
            if problem is not None or target is None:
                raise ChitieuError(tuple(p for p in (problem,) if p))
            claimed.update(sheets)
            tables.append(_table_import(book, resource, target, sheets, max_bytes))
        others = tuple(s for s in book.sheetnames if s not in claimed)
    finally:
        book.close()
    return WorkbookImport(tuple(tables), tuple(without), others)


def _table_import(
    book: Workbook, resource: Mapping[str, Any], target: Path, sheets: list[str], max_bytes: int
) -> TableImport:
    before = target.read_bytes() if target.stat().st_size <= max_bytes else b""
    try:
        previous = before.decode("utf-8")
    except UnicodeDecodeError:
        previous = ""  # a file in another encoding: no row of it can be kept as written
    fields = _fields(resource.get("schema"))
    sheet = workbook.sheet_csv(workbook.sheet_values(book, sheets), fields, previous)
    after = sheet.text.encode("utf-8")
    name, file = str(resource.get("name")), str(resource.get("path"))
    return TableImport(
        name, file, target, tuple(sheets), sheet.rows, sheet.new_rows, sheet.gone_rows, before, after
    )


def import_workbook(
    source: Path, path: Path = ingest.DEFAULT_DESCRIPTOR, max_bytes: int = ingest.MAX_FILE_BYTES
) -> WorkbookImport:
    """Write each sheet of the workbook `source` into its resource's CSV file (only the
    files that change); return what changed, as `workbook_changes` tells it."""
    changes = workbook_changes(source, path, max_bytes)
    for table in changes.changed:
        _replace(table.path, table.after)
    return changes
