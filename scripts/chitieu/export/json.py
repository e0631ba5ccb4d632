"""JSON as the downloads write it: sorted keys, UTF-8 text, and numbers exactly as published
(109.67, never 109.67000000000002); read them with a decimal type to keep every digit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any


def decimal_text(number: Decimal) -> str:
    """A Decimal in plain notation with every published digit (no exponent, no float).

    >>> decimal_text(Decimal("109.67")), decimal_text(Decimal("1.50")), decimal_text(Decimal("1E+3"))
    ('109.67', '1.50', '1000')
    """
    return format(number, "f")


def to_json(value: Any, indent: int | None = 2, level: int = 0, flat_from: int | None = None) -> str:
    """JSON with sorted keys, UTF-8 text and Decimals as exact JSON numbers; values
    nested `flat_from` levels deep are written on one line.

    >>> to_json({"b": Decimal("109.67"), "a": [dt.date(2023, 9, 23), None, True]}, indent=None)
    '{"a": ["2023-09-23", null, true], "b": 109.67}'
    """
    if isinstance(value, str):  # enums too: every enum of the records is a StrEnum
        return _json_string(str.__str__(value))
    if value is None or isinstance(value, bool):
        return _JSON_CONSTANTS[value]
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.date):  # datetimes too
        return _json_string(value.isoformat())
    if isinstance(value, Mapping):
        parts = [
            f"{_json_string(str(k))}: {to_json(v, indent, level + 1, flat_from)}"
            for k, v in sorted(value.items())
        ]
        opening, closing = "{", "}"
    elif isinstance(value, list | tuple):
        parts = [to_json(v, indent, level + 1, flat_from) for v in value]
        opening, closing = "[", "]"
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")
    if not parts:
        return opening + closing
    if indent is None or (flat_from is not None and level >= flat_from):
        return opening + ", ".join(parts) + closing
    inner, outer = "\n" + " " * indent * (level + 1), "\n" + " " * indent * level
    return opening + inner + ("," + inner).join(parts) + outer + closing


# The json module's own string escaper (C), without ensure_ascii: Vietnamese stays readable.
_json_string: Callable[[str], str] = json.encoder.encode_basestring
_JSON_CONSTANTS = {None: "null", True: "true", False: "false"}


def rows_json(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """An array of row objects, one row per line: compact, yet readable and diffable."""
    lines = [to_json(dict(row), indent=None) for row in rows]
    return ("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n").encode()


def document_json(document: Mapping[str, Any], flat_from: int | None = None) -> bytes:
    return (to_json(document, flat_from=flat_from) + "\n").encode()


def record_dict(record: Any, leave_out: Sequence[str] = ()) -> dict[str, Any]:
    """The fields of a frozen record (their names are the CSV columns), values as they are."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record) if f.name not in leave_out}
