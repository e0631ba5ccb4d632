"""`chitieu normalize`: the only code that rewrites files in datapackage/.

In: the path of datapackage.json. Out: the cells whose text is not Unicode NFC, and
(unless only checking) the same files with exactly those cells rewritten to NFC.

Every other byte stays as it was: line endings, quoting, a BOM, the order of columns.
That holds because the text is normalised as a whole and NFC never changes, moves or
composes across the characters that separate CSV cells (commas, quotes, line breaks):
so only the characters inside cells that were not NFC can change.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from chitieu import load
from chitieu.problems import ChitieuError


@dataclass(frozen=True, slots=True)
class Change:
    """One cell rewritten (or to rewrite) in composed form."""

    file: str
    row: int
    column: str
    before: str
    after: str


def _changes(table: load.TableFile, normalized: str) -> list[Change]:
    after = load.TableFile(table.name, table.file, table.path, normalized, table.schema, table.delimiter)
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


def normalize(
    path: Path = load.DEFAULT_DESCRIPTOR, write: bool = True, max_bytes: int = load.MAX_FILE_BYTES
) -> tuple[Change, ...]:
    """The cells of the package's CSV files that are not NFC; rewrite them when `write`.

    Refuses (`ChitieuError`) when any resource file is unsafe or not UTF-8, before
    touching anything: a file that cannot be read cannot be normalised either.
    """
    descriptor = load.read_descriptor(path)
    files, refused = load.read_table_files(descriptor, max_bytes)
    if refused:
        raise ChitieuError(refused)
    changes: list[Change] = []
    for table in files.values():
        if unicodedata.is_normalized("NFC", table.text):
            continue
        raw = table.path.read_bytes()
        text = raw.decode("utf-8")  # keeps a BOM as U+FEFF, which NFC leaves alone
        normalized = unicodedata.normalize("NFC", text)
        changes.extend(_changes(table, normalized.removeprefix("\ufeff")))
        if write:
            _replace(table.path, normalized.encode("utf-8"))
    return tuple(changes)
