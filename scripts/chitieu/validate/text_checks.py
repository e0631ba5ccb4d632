"""Our checks of the raw text: run on every row of a safe CSV file as it is read (so they run
even when a cell has the wrong type), and on a whole file once it is read. Each row check
is made per table and returns the function to run on each row, or None when no row of
that table can fail it; that keeps a million-row file quick."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

from chitieu.ingest import Cells, TableFile
from chitieu.problems import Problem
from chitieu.validate.rules import RowChecker, emits

# --- Row and table checks -------------------------------------------------------------------


@emits("not-nfc")
def text_is_nfc(table: TableFile) -> RowChecker | None:
    """Vietnamese typed on some keyboards arrives decomposed (NFD): it looks the same
    but does not match in search or comparisons."""
    if unicodedata.is_normalized("NFC", table.text):
        return None  # cells split at commas, quotes and newlines, which never compose

    def check(row: int, cells: Cells) -> Iterator[Problem]:
        for column, value in cells.items():
            if not unicodedata.is_normalized("NFC", value):
                yield Problem("not-nfc", table.file, row, column, value)

    return check


@emits("not-finite")
def numbers_are_finite(table: TableFile) -> RowChecker | None:
    """Frictionless accepts NaN and Infinity as numbers; no report ever prints them."""
    numeric = table.schema.of_type("number", "integer")
    if not numeric:
        return None

    def check(row: int, cells: Cells) -> Iterator[Problem]:
        for column in numeric:
            value = cells.get(column, "")
            try:
                number = float(value)
            except ValueError:
                continue  # empty, or a type error that Frictionless reports
            if not math.isfinite(number):
                yield Problem("not-finite", table.file, row, column, value)

    return check


# "176.300", "2.000", "1.500": one to three digits, a dot, three digits ending in 0 is how a
# Vietnamese report prints 176,300, while no report prints a decimal with a needless last 0.
_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}\.\d\d0")
_THOUSANDS_ANYWHERE = re.compile(r"\d\.\d\d0(?!\d)")


@emits("ambiguous-thousands")
def no_ambiguous_thousands(table: TableFile) -> RowChecker | None:
    """A dot may group thousands (the Vietnamese way) or mark decimals (the schema's way):
    "176.300" tonnes would be published as 176.3, so the clerk is asked which was meant."""
    numeric = table.schema.of_type("number")  # an integer column refuses any dot already
    if not numeric or not _THOUSANDS_ANYWHERE.search(table.text):
        return None

    def check(row: int, cells: Cells) -> Iterator[Problem]:
        for column in numeric:
            value = cells.get(column, "")
            if _THOUSANDS.fullmatch(value):
                decimal = f"{Decimal(value).normalize():f}"
                readings = (("thousands", value.replace(".", "")), ("decimal", decimal))
                yield Problem("ambiguous-thousands", table.file, row, column, value, readings)

    return check


@emits("no-rows")
def table_has_rows(table: TableFile, data_rows: int) -> Iterator[Problem]:
    """A header-only file is valid to Frictionless but almost always a lost save."""
    if data_rows == 0:
        yield Problem("no-rows", table.file, 1)
