"""What every check of ours is: a small function that yields located problems and declares
the codes it can emit (`@emits`), so that a test can require a message and a fix for each
in both catalogues; and the `Context` that places a package check's problems on CSV lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from chitieu.ingest import Cells, TableFile
from chitieu.problems import Problem
from chitieu.records import Package

RowChecker = Callable[[int, Cells], Iterator[Problem]]
RowCheck = Callable[[TableFile], RowChecker | None]
TableCheck = Callable[[TableFile, int], Iterator[Problem]]

EMITS: dict[str, tuple[str, ...]] = {}
F = TypeVar("F", bound=Callable[..., object])


def emits(*codes: str) -> Callable[[F], F]:
    """Record which problem codes a check can yield."""

    def register(check: F) -> F:
        EMITS[check.__name__] = codes
        return check

    return register


@dataclass(frozen=True, slots=True)
class Context:
    """What package checks need besides the records: where each record came from, and
    the date that counts as today (injected, so that a result can be reproduced)."""

    today: dt.date
    files: Mapping[str, str]  # resource name -> file as named in the descriptor
    lines: Mapping[str, Sequence[int]]  # resource name -> CSV line of each record, in order

    def problem(
        self,
        code: str,
        resource: str,
        index: int,
        column: str | None,
        value: object = None,
        **params: object,
    ) -> Problem:
        lines = self.lines.get(resource, ())
        return Problem(
            code,
            self.files.get(resource, f"{resource}.csv"),
            lines[index] if index < len(lines) else None,
            column,
            None if value is None else str(value),
            tuple((k, str(v)) for k, v in params.items()),
        )


PackageCheck = Callable[[Package, Context], Iterator[Problem]]
