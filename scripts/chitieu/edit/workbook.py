"""Reading an Excel workbook back into the package's CSV text. In: an .xlsx file (the
workbook the site publishes, edited in Excel, or one sheet saved under a .csv name) and
the schema. Out: per sheet, CSV text as the package writes it.

The package's conventions: UTF-8, commas, LF line ends, quotes only where needed, dates
as YYYY-MM-DD, numbers without float noise, booleans as the schema's own true and false.
A row whose values did not change keeps the exact text it had in the file (its quotes,
its "1.50"), so that an unchanged workbook gives back the same bytes and an edit shows
in `git diff` as the rows edited, nothing else.

Only reading: openpyxl in read-only mode, with the values Excel computed for formulas;
`normalize` writes the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from chitieu.ingest.schema import DEFAULT_TRUE_VALUES
from chitieu.problems import ChitieuError, Problem

CODES = ("workbook-unreadable",)
# Excel keeps 15 significant digits; any further digit of a float is binary noise (0.1 + 0.2).
SIGNIFICANT_DIGITS = 15
# Sheet XML is several times larger than the same table as CSV: the unzipped workbook may
# be this many times the file size limit, so that a zip bomb is refused before it is read.
MAX_EXPANSION = 8
# Excel's limit on sheet names; the published workbook cuts resource names to it.
SHEET_NAME_LENGTH = 31
DEFAULT_TRUE, DEFAULT_FALSE = "true", "false"
DEFAULT_FALSE_VALUES = ("false", "False", "FALSE", "0")

Fields = Sequence[Mapping[str, Any]]


def open_workbook(path: Path, file: str, max_bytes: int) -> Workbook:
    """The workbook at `path`, read-only; `ChitieuError` when it is too large or no workbook."""
    size = path.stat().st_size
    if size > max_bytes:
        raise ChitieuError(
            (Problem("file-too-large", file, params=(("size", str(size)), ("limit", str(max_bytes)))),)
        )
    # From bytes, not the path: openpyxl refuses a path that does not end in .xlsx, and a
    # workbook saved under a .csv name is one of the files this reads.
    data = io.BytesIO(path.read_bytes())
    try:
        with zipfile.ZipFile(data) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ChitieuError((Problem("workbook-unreadable", file),)) from None
    if expanded > max_bytes * MAX_EXPANSION:
        params = (("size", str(expanded)), ("limit", str(max_bytes * MAX_EXPANSION)))
        raise ChitieuError((Problem("file-too-large", file, params=params),))
    try:
        return load_workbook(data, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, ValueError, ...) on a broken file
        raise ChitieuError((Problem("workbook-unreadable", file),)) from None


def sheets_of(book: Workbook, resource: str) -> list[str]:
    """The sheets that hold a resource: its own, then `<name>_2`, ... that the published
    workbook adds when a table is longer than Excel allows."""
    first = resource[:SHEET_NAME_LENGTH]
    if first not in book.sheetnames:
        return []
    sheets = [first]
    while f"{resource[: SHEET_NAME_LENGTH - 3]}_{len(sheets) + 1}" in book.sheetnames:
        sheets.append(f"{resource[: SHEET_NAME_LENGTH - 3]}_{len(sheets) + 1}")
    return sheets


def sheet_values(book: Workbook, sheets: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """The rows of the sheets as Excel holds them, the header once, empty rows left out."""
    for position, name in enumerate(sheets):
        sheet = book[name]
        # Read-only mode trusts the size the file declares; some programs declare it wrong.
        sheet.reset_dimensions()
        rows = (row for row in sheet.iter_rows(values_only=True) if any(v not in (None, "") for v in row))
        if position:
            next(rows, None)  # each continuation sheet repeats the header
        yield from rows


# --- Cells to text ----------------------------------------------------------------------------


def number_text(value: float | int | Decimal) -> str:
    """A number as the package writes it: plain digits, no exponent, no float noise.

    >>> number_text(0.1 + 0.2), number_text(182000.0), number_text(109.67), number_text(1e-7)
    ('0.3', '182000', '109.67', '0.0000001')
    """
    if isinstance(value, int):
        return str(value)
    number = Decimal(f"{value:.{SIGNIFICANT_DIGITS}g}") if isinstance(value, float) else value
    return f"{number.normalize():f}"


def cell_text(value: Any, field: Mapping[str, Any]) -> str:
    """One cell as the schema's text: what the CSV would hold had it been typed there."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before numbers: a bool is an int too
        values = field.get("trueValues" if value else "falseValues")
        return (
            str(values[0])
            if isinstance(values, list) and values
            else DEFAULT_TRUE
            if value
            else DEFAULT_FALSE
        )
    if isinstance(value, int | float | Decimal):
        return number_text(value)
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time()
        return value.date().isoformat() if field.get("type") == "date" or midnight else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def typed(text: str, field: Mapping[str, Any]) -> object:
    """What a cell means, to tell an edited row from one only written differently
    ("1.50" and "1.5", "TRUE" and "true" are the same value)."""
    kind = field.get("type")
    try:
        if text == "":
            return None
        if kind == "number":
            return Decimal(text)
        if kind in ("integer", "year"):
            return int(text)
        if kind == "boolean" and text in field.get("trueValues", DEFAULT_TRUE_VALUES):
            return True
        if kind == "boolean" and text in field.get("falseValues", DEFAULT_FALSE_VALUES):
            return False
    except (ValueError, InvalidOperation):
        pass  # not of its type: then only the same text is the same value
    return text


# --- Sheets to CSV ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SheetText:
    """A sheet written as CSV: the text, its data rows, and how many of them the file did
    not hold before (added or edited) and how many it held that are gone (removed or edited)."""

    text: str
    rows: int
    new_rows: int
    gone_rows: int


def sheet_csv(values: Iterable[Sequence[Any]], fields: Fields, previous: str = "") -> SheetText:
    """The sheet as CSV text; `previous` is the file as it is, whose rows are kept as written.

    The columns follow the schema when the header names exactly its columns, in any order;
    otherwise the header is written as it is, so that validation names what is missing.
    """
    rows = iter(values)
    header = [cell_text(v, {}) for v in next(rows, ())]
    while header and header[-1] == "":
        header.pop()  # Excel's formatted but empty columns
    by_name = {str(f.get("name")): f for f in fields}
    in_schema_order = sorted(header) == sorted(by_name)
    columns = list(by_name) if in_schema_order else header
    order = [header.index(c) for c in columns] if in_schema_order else list(range(len(header)))
    kinds = [by_name.get(c, {}) for c in columns]
    texts = []
    for row in rows:
        cells = [
            cell_text(row[i] if i < len(row) else None, kind) for i, kind in zip(order, kinds, strict=True)
        ]
        extra = [cell_text(v, {}) for v in row[len(header) :]]
        while extra and extra[-1] == "":
            extra.pop()
        texts.append(cells + extra)
    return _written(columns, texts, kinds, previous)


def _written(columns: list[str], rows: list[list[str]], kinds: Fields, previous: str) -> SheetText:
    before = _previous_rows(previous, columns, kinds)
    meaning = [_meaning(cells, kinds) for cells in rows]
    if before is not None and meaning == [m for m, _ in before]:
        return SheetText(previous, len(rows), 0, 0)  # nothing changed: not one byte either
    before = before or []
    written = dict(before)
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(columns)
    for cells, key in zip(rows, meaning, strict=True):
        if key in written:
            output.write(written[key])
        else:
            writer.writerow(cells)
    new_rows = sum(1 for key in meaning if key not in written)
    gone_rows = len(set(written) - set(meaning))
    return SheetText(output.getvalue(), len(rows), new_rows, gone_rows)


def _meaning(cells: Sequence[str], kinds: Fields) -> tuple[object, ...]:
    return tuple(typed(cell, kinds[i] if i < len(kinds) else {}) for i, cell in enumerate(cells))


def _previous_rows(
    text: str, columns: Sequence[str], kinds: Fields
) -> list[tuple[tuple[object, ...], str]] | None:
    """(meaning, text as written with an LF end) of each data row of the file as it is,
    or None when its header is not the one to write; a row that spans lines keeps its
    line breaks."""
    lines = io.StringIO(text.removeprefix("\ufeff"), newline="").readlines()
    reader = csv.reader(lines)
    if next(reader, None) != list(columns):
        return None
    start, rows = reader.line_num, []
    for cells in reader:
        record = "".join(lines[start : reader.line_num])
        start = reader.line_num
        if cells:  # a blank line was never a row
            rows.append((_meaning(cells, kinds), record.removesuffix("\r\n").removesuffix("\n") + "\n"))
    return rows
