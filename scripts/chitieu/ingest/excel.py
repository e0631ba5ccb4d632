"""Excel's habits, recognised. In: the bytes or text of one resource file and its schema.
Out: a `Problem` that names the habit, the text rewritten to the package's conventions,
or the value a clerk meant to type.

Excel under Vietnamese regional settings (decimal symbol ",", digit grouping ".", list
separator ";") saves a "CSV" with semicolons between the cells and decimal commas in the
numbers, and "Save" on a workbook opened from a .csv can leave an .xlsx under the .csv
name. Read as CSV, either gives a cascade of problems that never says what happened, so
`load` asks here first and reports one problem per file; `normalize` converts.

Nothing here reads or writes a file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from chitieu.ingest.schema import Schema
from chitieu.problems import Problem

# Every problem code this module reports (load.CODES lists them with its own).
CODES = ("csv-is-workbook", "csv-semicolon-separated")
# The first bytes of a workbook: an .xlsx is a zip; an .xls is an OLE2 compound file.
SIGNATURES = ((b"PK\x03\x04", "xlsx"), (b"\xd0\xcf\x11\xe0", "xls"))
SEMICOLON = ";"
NUMERIC_TYPES = ("number", "integer")

# "11,4", "-0,5": a decimal comma.
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
# "176.300", "1.234,5": dots that group thousands, as a Vietnamese Excel displays numbers.
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
# A number written with a decimal comma, grouped or not: what shows the file's convention.
_COMMA_NUMBER = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:\.\d{3})+),\d+")
# "1.234.567": two dots or more can only group thousands.
_DOTS_ONLY = re.compile(r"[+-]?\d{1,3}(?:\.\d{3}){2,}")
# "23/07/2015", "23-07-2015", "23.07.2015": day first, as Vietnamese dates are written.
_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
# "2015/07/23", "2015.07.23".
_YEAR_FIRST = re.compile(r"(\d{4})([/.])(\d{1,2})\2(\d{1,2})")
# "1.500", "1,500" in a whole-number column: either way a thousands separator.
_GROUPED_INTEGER = re.compile(r"[+-]?\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")


def numeric_columns(schema: Schema) -> list[str]:
    """The columns the schema types as number or integer: the only ones whose commas are decimals."""
    return schema.of_type(*NUMERIC_TYPES)


# --- Recognising the file -------------------------------------------------------------------


def workbook_problem(data: bytes, file: str, resource: str) -> Problem | None:
    """`csv-is-workbook` when the bytes are an Excel workbook rather than text."""
    kind = next((kind for signature, kind in SIGNATURES if data.startswith(signature)), None)
    if kind is None:
        return None
    return Problem("csv-is-workbook", file, params=(("format", kind), ("resource", resource)))


def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def separator_problem(text: str, schema: Schema, delimiter: str, file: str, resource: str) -> Problem | None:
    """`csv-semicolon-separated` when the header names the schema's columns only once it
    is split at semicolons.

    Judged on the header alone, which holds column names and no free text: a comma file
    whose notes contain ";" still splits into its columns at the commas, so it never fires.
    """
    names = set(schema.names)
    if delimiter == SEMICOLON or not names:
        return None
    declared = next(_records(text, delimiter), [])
    semicolon = next(_records(text, SEMICOLON), [])
    on_declared, on_semicolon = len(names.intersection(declared)), len(names.intersection(semicolon))
    # Half the columns is plenty to tell, and still fires when the clerk also renamed one.
    if on_semicolon <= on_declared or on_semicolon < max(2, (len(names) + 1) // 2):
        return None
    params = [("separator", SEMICOLON), ("resource", resource)]
    example = _first_decimal_comma(text, semicolon, schema)
    if example is not None:
        params += [("variant", "decimal_comma"), ("example", example)]
    return Problem("csv-semicolon-separated", file, 1, params=tuple(params))


def _first_decimal_comma(text: str, header: Sequence[str], schema: Schema) -> str | None:
    numeric = set(numeric_columns(schema))
    positions = [i for i, name in enumerate(header) if name in numeric]
    rows = _records(text, SEMICOLON)
    next(rows, None)
    for cells in rows:
        for i in positions:
            if i < len(cells) and _COMMA_NUMBER.fullmatch(cells[i]):
                return cells[i]
    return None


# --- Converting it ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Converted:
    """A semicolon file rewritten with commas: the text, its data rows, and the lines
    (of the file as it was) where a number was rewritten."""

    text: str
    rows: int
    number_lines: tuple[int, ...]


def semicolons_to_commas(text: str, schema: Schema) -> Converted:
    """The file with commas between its cells, LF line ends and quotes only where needed;
    in number columns, decimal commas become points ("11,4" -> "11.4").

    Dots in numbers are read as thousands ("176.300" -> "176300") only when the file's
    numbers also use decimal commas, which settles how Excel wrote them; otherwise they
    are left for `ambiguous-thousands` to ask about.
    """
    header = next(_records(text, SEMICOLON), [])
    numeric = set(numeric_columns(schema))
    positions = [i for i, name in enumerate(header) if name in numeric]
    grouped = _first_decimal_comma(text, header, schema) is not None
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    rows, lines = 0, list[int]()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=SEMICOLON)
    line = 1
    for index, cells in enumerate(reader):
        if index and cells:
            rows += 1
            for i in positions:
                if i < len(cells) and (number := _point_decimal(cells[i], grouped)) != cells[i]:
                    cells[i] = number
                    if not lines or lines[-1] != line:
                        lines.append(line)
        writer.writerow(cells)
        line = reader.line_num + 1
    return Converted(output.getvalue(), rows, tuple(lines))


def _point_decimal(cell: str, grouped: bool) -> str:
    if grouped and _GROUPED.fullmatch(cell):
        return cell.replace(".", "").replace(",", ".")
    if _DECIMAL_COMMA.fullmatch(cell):
        return cell.replace(",", ".")
    return cell


# --- What the clerk meant -------------------------------------------------------------------------


def rewrite(value: str, kind: str) -> str | None:
    """The value in the schema's own notation, when an Excel habit makes the intent clear.

    >>> rewrite("23/07/2015", "date"), rewrite("11,4", "number"), rewrite("1.234,5", "number")
    ('2015-07-23', '11.4', '1234.5')
    >>> rewrite("1.500", "integer"), rewrite("182,000", "number"), rewrite("31/02/2015", "date")
    ('1500', None, None)
    """
    if kind == "date":
        return _iso_date(value)
    if kind == "integer" and _GROUPED_INTEGER.fullmatch(value):
        return value.replace(".", "").replace(",", "")
    if kind == "number":
        if (_GROUPED.fullmatch(value) and "," in value) or _DOTS_ONLY.fullmatch(value):
            return value.replace(".", "").replace(",", ".")
        # "182,000" is 182 to a Vietnamese reader and 182000 to an English one: no guess.
        if _DECIMAL_COMMA.fullmatch(value) and len(value.rpartition(",")[2]) != 3:
            return value.replace(",", ".")
    return None


def _iso_date(value: str) -> str | None:
    if found := _DAY_FIRST.fullmatch(value):
        day, month, year = int(found[1]), int(found[3]), int(found[4])
    elif found := _YEAR_FIRST.fullmatch(value):
        year, month, day = int(found[1]), int(found[3]), int(found[4])
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:  # 31/02, or a month-first date that Vietnamese order cannot read
        return None
