"""Stage: ingest (load). in: the path of datapackage.json. out: a `Package` of frozen records.

The package is untrusted input. Before any CSV is read, each resource is checked: its
path must stay inside the package folder (no `..`, no absolute path, no symlink leading
out), must not be a URL, must name an existing file of at most `MAX_FILE_BYTES`, and the
descriptor must not make Frictionless fetch anything from the web. Files must be UTF-8
(a BOM is allowed); other encodings are named so that the maintainer can re-save.

Each CSV is read once: `read` parses every row, hands it to an optional callback (the
row checks of `validate`), and turns it into a record. `load` is the strict entry point
the later stages use; `validate` reads leniently so that it can report every problem.
"""

from __future__ import annotations

from pathlib import Path

from chitieu.ingest import excel
from chitieu.ingest.contract import (
    ALL_RESOURCES,
    FIELDS,
    OPTIONAL_FIELDS,
    OPTIONAL_RESOURCES,
    RESOURCES,
    contract_problems,
)
from chitieu.ingest.descriptor import (
    DEFAULT_DESCRIPTOR,
    Descriptor,
    is_remote,
    read_descriptor,
    remote_references,
    resource_path,
)
from chitieu.ingest.encodings import ENCODINGS, encoding_problem, guess_legacy_encoding
from chitieu.ingest.files import MAX_FILE_BYTES, TableFile, data_rows, read_rows, read_table_files
from chitieu.ingest.rows import FALSE_VALUES, TRUE_VALUES, Cells, Reading, RowHook, read
from chitieu.problems import ChitieuError
from chitieu.records import Package

# The stage's interface: what validation, the maintenance commands and the tests use.
__all__ = [
    "ALL_RESOURCES",
    "CODES",
    "DEFAULT_DESCRIPTOR",
    "ENCODINGS",
    "FALSE_VALUES",
    "FIELDS",
    "MAX_FILE_BYTES",
    "OPTIONAL_FIELDS",
    "OPTIONAL_RESOURCES",
    "RESOURCES",
    "TRUE_VALUES",
    "Cells",
    "Descriptor",
    "Reading",
    "RowHook",
    "TableFile",
    "contract_problems",
    "data_rows",
    "encoding_problem",
    "guess_legacy_encoding",
    "is_remote",
    "load",
    "read",
    "read_descriptor",
    "read_rows",
    "read_table_files",
    "remote_references",
    "resource_path",
]

# Every problem code this stage can report (the catalogues hold a message and a fix for each).
CODES = (
    "no-such-file",
    "descriptor-not-utf8",
    "descriptor-not-json",
    "descriptor-no-resources",
    "resource-no-path",
    "remote-path",
    "remote-reference",
    "site-title",
    "path-outside-package",
    "missing-file",
    "schema-not-inline",
    "file-too-large",
    "encoding-utf-16",
    "encoding-windows-1258",
    "encoding-tcvn3",
    "encoding-vni",
    "encoding-unknown",
    "missing-resource",
    "missing-field",
    "row-unreadable",
    *excel.CODES,
)


def load(path: Path = DEFAULT_DESCRIPTOR, max_bytes: int = MAX_FILE_BYTES) -> Package:
    """Read a package that `validate` has accepted into frozen records; raise `ChitieuError`
    (with the rows concerned) when it is not readable."""
    descriptor = read_descriptor(path)
    files, problems = read_table_files(descriptor, max_bytes)
    problems += contract_problems(descriptor)
    if problems:
        raise ChitieuError(problems)
    reading = read(descriptor, files)
    if reading.unreadable:
        raise ChitieuError(reading.unreadable)
    return reading.package
