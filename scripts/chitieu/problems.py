"""Problems found in the data package: typed records with a location.

A `Problem` says where (file, row, column) and what (a code plus parameters); the words
a person reads live in the translation catalogues under `problems.<code>`, so the
Vietnamese and English messages come from one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chitieu.records import Package

if TYPE_CHECKING:  # load imports this module
    from chitieu.ingest import Descriptor, TableFile


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input.

    `row` counts lines as a spreadsheet does: the header is row 1, the first data row is 2.
    `file` is relative to the package folder (or the descriptor itself).
    """

    code: str
    file: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> str | None:
        return dict(self.params).get(name)

    @property
    def location(self) -> tuple[str, int | None, str | None, str]:
        """The (file, row, column, code) tuple tests compare."""
        return (self.file, self.row, self.column, self.code)


@dataclass(frozen=True, slots=True)
class Report:
    """Every problem found, in a stable order.

    `package` holds the records validation read, `descriptor` and `files` the files as
    read, so that no later stage reads them again; all are complete only when the report
    is `valid`.
    """

    problems: tuple[Problem, ...] = field(default=())
    package: Package | None = field(default=None, compare=False, repr=False)
    descriptor: Descriptor | None = field(default=None, compare=False, repr=False)
    files: Mapping[str, TableFile] = field(default_factory=dict, compare=False, repr=False)

    @property
    def valid(self) -> bool:
        return not self.problems


class ChitieuError(Exception):
    """Raised by a stage when its input cannot be used; only the CLI catches it."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("; ".join(p.code for p in problems))
        self.problems = problems


class UnusableInputError(ChitieuError):
    """The input cannot be read at all (no such file, descriptor is not JSON)."""
