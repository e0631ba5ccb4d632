"""Our own rules, the ones a Frictionless schema cannot say.

Two kinds: text checks read the raw cells of every safe CSV file (so they run even
when a cell has the wrong type), and package checks read the typed `Package` (they run
once the schema accepts every row). Each check is a small generator of `Problem`s;
`TEXT_CHECKS` and `PACKAGE_CHECKS` list them all, and `validate` runs every one.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from chitieu.problems import Problem
from chitieu.records import Package

# (resource name, its schema, the file as named in the descriptor, rows as raw cells)
RawTable = tuple[str, Mapping[str, Any], str, list[tuple[int, dict[str, str]]]]
TextCheck = Callable[[RawTable], Iterator[Problem]]
PackageCheck = Callable[[Package], Iterator[Problem]]


def text_is_nfc(table: RawTable) -> Iterator[Problem]:
    """Vietnamese typed on some keyboards arrives decomposed (NFD): it looks the same
    but does not match in search or comparisons."""
    _, _, file, rows = table
    for row, cells in rows:
        for column, value in cells.items():
            if not unicodedata.is_normalized("NFC", value):
                yield Problem("not-nfc", file, row, column, value)


def numbers_are_finite(table: RawTable) -> Iterator[Problem]:
    """Frictionless accepts NaN and Infinity as numbers; no report ever prints them."""
    _, schema, file, rows = table
    numeric = {f["name"] for f in schema.get("fields", []) if f.get("type") in ("number", "integer")}
    for row, cells in rows:
        for column in numeric & cells.keys():
            value = cells[column].strip()
            try:
                number = float(value)
            except ValueError:
                continue
            if not math.isfinite(number):
                yield Problem("not-finite", file, row, column, value)


def table_has_rows(table: RawTable) -> Iterator[Problem]:
    """A header-only file is valid to Frictionless but almost always a lost save."""
    _, _, file, rows = table
    if not rows:
        yield Problem("no-rows", file, 1)


TEXT_CHECKS: tuple[TextCheck, ...] = (text_is_nfc, numbers_are_finite, table_has_rows)
PACKAGE_CHECKS: tuple[PackageCheck, ...] = ()
