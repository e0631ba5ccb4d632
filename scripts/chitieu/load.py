"""Stage 1, load. In: the path of datapackage.json. Out: a `Package` of frozen records.

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

import codecs
import csv
import datetime as dt
import io
import json
import re
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import pairwise
from pathlib import Path, PurePosixPath, PureWindowsPath
from sys import intern
from typing import Any

from chitieu import excel
from chitieu.problems import ChitieuError, Problem, UnusableInputError
from chitieu.records import (
    Area,
    ChangeKind,
    Comparison,
    ComparisonBasis,
    CountKind,
    Direction,
    Indicator,
    Issuer,
    Measure,
    Observation,
    Package,
    PackageInfo,
    Place,
    PlaceChange,
    PlaceLevel,
    ProgressReport,
    Resolution,
    ResolutionKind,
    Source,
    TargetQualifier,
    ValueQualifier,
)

# The documented limit for one CSV file: a million observation rows take about 150 MB,
# so 256 MiB leaves room while refusing a file that would exhaust a small CI machine.
# `chitieu validate --max-file-size` raises it for one run.
MAX_FILE_BYTES = 256 * 1024 * 1024
DEFAULT_DESCRIPTOR = Path("datapackage") / "datapackage.json"
RESOURCES = ("sources", "resolutions", "indicators", "observations", "comparisons", "progress_reports")
# Resources a package may leave out (a fork that does not record its places yet).
OPTIONAL_RESOURCES = ("places", "place_changes")
ALL_RESOURCES = (*RESOURCES, *OPTIONAL_RESOURCES)
# Frictionless's own defaults for a boolean field; "TRUE" is what Excel writes.
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
# A cell can be as long as its file, which MAX_FILE_BYTES already bounds; the csv module's
# default of 128 KiB would stop at one stray quote in a large file with a traceback.
CELL_LIMIT = 2**31 - 1
# "http:", "file:", "s3:" ... but not a Windows drive letter such as "C:".
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")

# Every problem code this module can report (the catalogues hold a message and a fix for each).
CODES = (
    "no-such-file",
    "descriptor-not-utf8",
    "descriptor-not-json",
    "descriptor-no-resources",
    "resource-no-path",
    "remote-path",
    "remote-reference",
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


@dataclass(frozen=True, slots=True)
class Descriptor:
    """datapackage.json as read, with the folder its paths are relative to."""

    path: Path
    data: Mapping[str, Any]
    text: str = ""
    content: bytes = b""  # the file as read, published byte for byte

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def resources(self) -> list[Mapping[str, Any]]:
        resources = self.data.get("resources", [])
        return [r for r in resources if isinstance(r, Mapping)] if isinstance(resources, list) else []

    def resource(self, name: str) -> Mapping[str, Any] | None:
        return next((r for r in self.resources if r.get("name") == name), None)

    def line_of(self, value: str, resource: str | None = None) -> int | None:
        """The line of datapackage.json where `value` is written as a JSON string (within
        the named resource's entry when given), for messages that point into it."""
        start = (self._named(resource) if resource is not None else None) or 0
        for written in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
            position = self.text.find(written, start)
            if position >= 0:
                return self.text.count("\n", 0, position) + 1
        return None

    def line_of_resource(self, name: str) -> int | None:
        """The line where the resource `name` is named (not, say, the package's own "sources")."""
        position = self._named(name)
        return None if position is None else self.text.count("\n", 0, position) + 1

    def _named(self, name: str) -> int | None:
        found = re.search(r'"name"\s*:\s*' + re.escape(json.dumps(name, ensure_ascii=False)), self.text)
        return found.start() if found else None


@dataclass(frozen=True, slots=True)
class TableFile:
    """A resource's CSV file that passed every safety check, decoded."""

    name: str  # the resource name
    file: str  # the path as written in the descriptor, for messages
    path: Path  # resolved, inside the package folder
    text: str
    schema: Mapping[str, Any]
    delimiter: str = ","
    content: bytes = b""  # the file as read (`text` is it decoded), published byte for byte

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(first line, cells) of every CSV record, header and blank lines included.

        Lines count as in a text editor, so a quoted cell that spans lines moves every
        later record down; the header is line 1.
        """
        # Process-wide, as Frictionless sets it too when it loads (it may run in another process).
        csv.field_size_limit(CELL_LIMIT)
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        line = 0
        for cells in reader:
            yield line + 1, cells
            line = reader.line_num


def read_descriptor(path: Path) -> Descriptor:
    """Read datapackage.json; raise `UnusableInputError` when it cannot be used at all."""
    if path.is_dir():
        path = path / "datapackage.json"
    name = path.name
    if not path.is_file():
        raise UnusableInputError((Problem("no-such-file", str(path)),))
    try:
        content = path.read_bytes()
        text = content.decode("utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise UnusableInputError((Problem("descriptor-not-utf8", name),)) from None
    except json.JSONDecodeError as error:
        raise UnusableInputError(
            (Problem("descriptor-not-json", name, row=error.lineno, params=(("detail", error.msg),)),)
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise UnusableInputError((Problem("descriptor-no-resources", name),))
    # The folder is resolved, the descriptor itself is not: a descriptor may be a link to a
    # shared one (the test fixtures do this), and its resources are still read from here.
    return Descriptor(path.absolute().parent.resolve() / path.name, data, text, content)


def is_remote(reference: str) -> bool:
    """True for anything Frictionless would fetch instead of reading a local file."""
    return "://" in reference or reference.startswith(("//", "\\\\")) or bool(_SCHEME.match(reference))


def _leaves_folder(reference: str) -> bool:
    # Checked with both path flavours: a descriptor written on Windows may say "..\\x.csv".
    return any(
        flavour.is_absolute() or ".." in flavour.parts or flavour.drive or flavour.root
        for flavour in (PurePosixPath(reference), PureWindowsPath(reference))
    )


def resource_path(descriptor: Descriptor, resource: Mapping[str, Any]) -> tuple[Path | None, Problem | None]:
    """Where a resource's file is, or the problem that forbids reading it."""
    raw = resource.get("path")
    name = str(resource.get("name", "?"))
    here = descriptor.path.name
    if not isinstance(raw, str) or not raw:
        return None, Problem("resource-no-path", here, descriptor.line_of_resource(name), value=name)

    def refused(code: str) -> tuple[None, Problem]:
        line = descriptor.line_of(raw, resource=name)
        return None, Problem(code, here, line, value=raw, params=(("resource", name),))

    if is_remote(raw):
        return refused("remote-path")
    if _leaves_folder(raw):
        return refused("path-outside-package")
    candidate = descriptor.folder / raw
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # missing, a symlink loop, a NUL in the name
        return refused("missing-file")
    if not resolved.is_relative_to(descriptor.folder):  # a symlink leading out
        return refused("path-outside-package")
    if not resolved.is_file():
        return refused("missing-file")
    return resolved, None


def remote_references(descriptor: Descriptor) -> tuple[Problem, ...]:
    """Descriptor keys that would make Frictionless fetch a URL (profiles, schemas, dialects)."""
    problems = []
    places: list[tuple[str, Mapping[str, Any]]] = [("", descriptor.data)]
    places += [(str(r.get("name", "?")), r) for r in descriptor.resources]
    for resource, place in places:
        for key in ("$schema", "profile", "schema", "dialect"):
            value = place.get(key)
            if isinstance(value, str) and is_remote(value):
                problems.append(
                    Problem(
                        "remote-reference",
                        descriptor.path.name,
                        descriptor.line_of(value, resource=resource or None),
                        key,
                        value,
                        params=(("resource", resource),),
                    )
                )
    return tuple(problems)


# --- Encodings --------------------------------------------------------------------------
# Legacy Vietnamese encodings give themselves away by bytes the others never use for text:
# - TCVN3 (ABC) puts its letters ă â ê ô ơ ư đ and most toned vowels at 0xA1-0xBF, where
#   Windows-1258 and VNI have only symbols such as « ± ¶ §.
# - VNI writes a plain vowel followed by a mark byte (ù ø û õ ï for the five tones, ä å ë ü
#   for a hat or breve plus a tone, â after a/e/o for the hat, ê after a for the breve), and
#   đ as ñ (0xF1).
# - Windows-1258 writes a base letter followed by a combining tone mark (0xCC grave,
#   0xEC acute, 0xD2 hook, 0xDE tilde, 0xF2 dot below), and đ as 0xF0.
# A byte that reads as a letter in two of them (á after "o" is "hoá" in Windows-1258 but
# "oá" = "ố" in VNI) counts for neither. tests/legacy_encodings.py builds real samples
# from the published charts and tests/unit/test_load.py checks every cell of the package.
_VOWELS = frozenset(b"aeiouyAEIOUY")
_VNI_VOWELS = _VOWELS | frozenset(b"\xf4\xf6\xd4\xd6")  # VNI's own ơ and ư take a tone mark too
_VNI_UPPER_VOWELS = frozenset(b"AEIOUY\xd4\xd6")
_VNI_MARKS = frozenset(b"\xf9\xf8\xfb\xf5\xef\xe4\xe5\xeb\xfc")  # after a lowercase vowel
_VNI_UPPER_MARKS = frozenset(b"\xd9\xd8\xdb\xd5\xcf\xc4\xc5\xcb\xdc")  # after an uppercase vowel
_VNI_SHAPES = frozenset((b"a\xe2", b"e\xe2", b"o\xe2", b"a\xea", b"A\xc2", b"E\xc2", b"O\xc2", b"A\xca"))
_CP1258_BASES = _VOWELS | frozenset(b"\xe2\xea\xf4\xf5\xfd\xe3\xc2\xca\xd4\xd5\xdd\xc3")
_CP1258_TONES = frozenset(b"\xcc\xec\xd2\xde\xf2")
MIN_EVIDENCE = 2
ENCODINGS = ("utf-16", "windows-1258", "tcvn3", "vni", "unknown")


def _looks_like_utf16(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = data[:400]
    return len(sample) >= 4 and sample.count(0) * 3 >= len(sample)


def guess_legacy_encoding(data: bytes) -> str:
    """The most likely encoding (one of `ENCODINGS`) of bytes that are not UTF-8."""
    if _looks_like_utf16(data):
        return "utf-16"
    sample = data[: 1 << 20]  # a megabyte is plenty to tell, and keeps a huge file quick
    tcvn3 = sum(1 for b in sample if 0xA1 <= b <= 0xBF)
    vni = sample.count(0xF1) + sample.count(0xD1)
    cp1258 = sample.count(0xF0) + sample.count(0xD0)
    for previous, byte in pairwise(sample):
        if byte < 0xC0:
            continue
        if previous in _VNI_VOWELS:
            upper = previous in _VNI_UPPER_VOWELS
            vni += byte in (_VNI_UPPER_MARKS if upper else _VNI_MARKS)
            vni += bytes((previous, byte)) in _VNI_SHAPES
        if previous in _CP1258_BASES:
            cp1258 += byte in _CP1258_TONES
    scores = {"tcvn3": tcvn3, "vni": vni, "windows-1258": cp1258}
    best = max(scores, key=lambda key: scores[key])
    # One telling byte may be a stray "©" or "«" in other text; two are a pattern.
    return best if scores[best] >= MIN_EVIDENCE else "unknown"


def encoding_problem(data: bytes, file: str) -> Problem | None:
    """A problem when `data` is not UTF-8 (with or without BOM), naming the likely encoding."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if _looks_like_utf16(data):
        return Problem("encoding-utf-16", file, 1)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        return Problem(f"encoding-{guess_legacy_encoding(data)}", file, row)
    return None


def read_table_files(
    descriptor: Descriptor, max_bytes: int = MAX_FILE_BYTES
) -> tuple[dict[str, TableFile], tuple[Problem, ...]]:
    """The resource files that are safe to read, decoded, and the problems of the rest.

    Nothing is read from a file before its path, size and kind have been checked.
    """
    files: dict[str, TableFile] = {}
    problems: list[Problem] = list(remote_references(descriptor))
    remote = {p.param("resource") for p in problems}
    for resource in descriptor.resources:
        name = str(resource.get("name"))
        path, problem = resource_path(descriptor, resource)
        if problem is not None or path is None:
            problems.extend([problem] if problem else [])
            continue
        display = str(resource.get("path"))
        schema = resource.get("schema")
        if name in remote:
            continue
        if not isinstance(schema, Mapping):
            problems.append(
                Problem(
                    "schema-not-inline", descriptor.path.name, descriptor.line_of_resource(name), None, name
                )
            )
            continue
        size = path.stat().st_size
        if size > max_bytes:
            problems.append(
                Problem("file-too-large", display, params=(("size", str(size)), ("limit", str(max_bytes))))
            )
            continue
        data = path.read_bytes()
        # A workbook or a semicolon file is one problem, not a cascade; it is not read further.
        wrong = excel.workbook_problem(data, display, name) or encoding_problem(data, display)
        text = data.decode("utf-8-sig") if wrong is None else ""
        delimiter = _delimiter(resource)
        wrong = wrong or excel.separator_problem(text, schema, delimiter, display, name)
        if wrong is not None:
            problems.append(wrong)
            continue
        files[name] = TableFile(name, display, path, text, schema, delimiter, data)
    return files, tuple(problems)


def _delimiter(resource: Mapping[str, Any]) -> str:
    """The declared CSV delimiter (Frictionless v1 `dialect.delimiter` or v2 `dialect.csv.delimiter`)."""
    dialect = resource.get("dialect")
    if not isinstance(dialect, Mapping):
        return ","
    csv_dialect = dialect.get("csv")
    value = (csv_dialect if isinstance(csv_dialect, Mapping) else dialect).get("delimiter", ",")
    return value if isinstance(value, str) and len(value) == 1 else ","


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(first line, cells by column) of every data row of a UTF-8 CSV file; the header is line 1.

    For a file that `read_table_files` has accepted; blank rows are left out.
    """
    yield from data_rows(TableFile(path.stem, path.name, path, path.read_bytes().decode("utf-8-sig"), {}))


def data_rows(table: TableFile) -> Iterator[tuple[int, dict[str, str]]]:
    """`read_rows` of a file already read."""
    header: list[str] | None = None
    for line, row in table.records():
        if header is None:
            header = row
        elif any(row):
            yield line, dict(zip(header, row, strict=False))


# --- The data contract -------------------------------------------------------------------
# The columns each record needs; `validate` reports a schema that lacks one before any row
# is read, so that a table is never silently dropped.
FIELDS: Mapping[str, tuple[str, ...]] = {
    "sources": ("id", "title", "publisher", "author", "url", "published", "language"),
    "resolutions": (
        "id", "body_vi", "body_en", "jurisdiction_vi", "jurisdiction_en", "congress", "kind",
        "period_start", "period_end", "targets_total", "source_id", "note_vi", "note_en",
    ),
    "indicators": (
        "id", "resolution_id", "number", "area", "name_vi", "name_en", "unit_vi", "unit_en", "measure",
        "direction", "target", "target_qualifier", "target_year", "baseline", "baseline_year",
        "description_vi", "description_en", "series",
    ),
    "observations": (
        "id", "indicator_id", "period", "as_of", "value", "value_qualifier", "estimated",
        "percent_of_target", "source_id", "note_vi", "note_en",
    ),
    "comparisons": ("observation_id", "basis", "percent"),
    "progress_reports": (
        "resolution_id", "as_of", "period", "targets_met", "targets_exceeded", "targets_total",
        "source_id", "note_vi", "note_en",
    ),
    "places": (
        "id", "name_vi", "name_en", "level", "part_of", "valid_from", "valid_to", "source_id",
        "note_vi", "note_en",
    ),
    "place_changes": ("predecessor_id", "successor_id", "date", "kind", "source_id", "note_vi", "note_en"),
}  # fmt: skip
# Columns a table may leave out; a package without them reads as one with them empty
# (resolutions of no recorded place, set by a Party committee; statements of "met or exceeded").
OPTIONAL_FIELDS: Mapping[str, tuple[str, ...]] = {
    "resolutions": ("place_id", "issuer"),
    "progress_reports": ("counts",),
}


def contract_problems(descriptor: Descriptor) -> tuple[Problem, ...]:
    """Resources or fields that chitieu needs and the descriptor does not declare."""
    problems = []
    here = descriptor.path.name
    for name in ALL_RESOURCES:
        resource = descriptor.resource(name)
        if resource is None:
            if name in RESOURCES:
                problems.append(Problem("missing-resource", here, None, name))
            continue
        schema = resource.get("schema")
        if not isinstance(schema, Mapping):
            continue
        fields = schema.get("fields")
        declared = (
            {f.get("name") for f in fields if isinstance(f, Mapping)} if isinstance(fields, list) else set()
        )
        line = descriptor.line_of_resource(name)
        problems.extend(
            Problem("missing-field", here, line, column, params=(("resource", name),))
            for column in FIELDS[name]
            if column not in declared
        )
    return tuple(problems)


# --- Rows to records ---------------------------------------------------------------------
Cells = Mapping[str, str]


def _text(cells: Cells, name: str) -> str | None:
    value = cells[name]
    return value if value != "" else None


def _optional_text(cells: Cells, name: str) -> str | None:
    """A column of `OPTIONAL_FIELDS`: None when the table has no such column or the cell is empty."""
    return cells.get(name) or None


def _date(cells: Cells, name: str) -> dt.date | None:
    value = cells[name]
    return dt.date.fromisoformat(value) if value else None


def _number(value: str) -> Decimal:
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _boolean(value: str) -> bool:
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ValueError(f"{value!r} is not a boolean")


def _optional(convert: Callable[[str], Any]) -> Callable[[Cells, str], Any]:
    def read(cells: Cells, name: str) -> Any:
        value = cells[name]
        return convert(value) if value != "" else None

    return read


_decimal = _optional(_number)
_int = _optional(int)


def _source(cells: Cells) -> Source:
    return Source(
        id=cells["id"],
        title=_text(cells, "title"),
        publisher=cells["publisher"],
        author=_text(cells, "author"),
        url=_text(cells, "url"),
        published=dt.date.fromisoformat(cells["published"]),
        language=cells["language"],
    )


def _resolution(cells: Cells) -> Resolution:
    return Resolution(
        id=cells["id"],
        body_vi=cells["body_vi"],
        body_en=cells["body_en"],
        jurisdiction_vi=cells["jurisdiction_vi"],
        jurisdiction_en=cells["jurisdiction_en"],
        congress=_text(cells, "congress"),
        kind=ResolutionKind(cells["kind"]),
        period_start=int(cells["period_start"]),
        period_end=int(cells["period_end"]),
        targets_total=_int(cells, "targets_total"),
        source_id=cells["source_id"],
        note_vi=_text(cells, "note_vi"),
        note_en=_text(cells, "note_en"),
        place_id=_optional_text(cells, "place_id"),
        issuer=Issuer(_optional_text(cells, "issuer") or Issuer.PARTY_COMMITTEE),
    )


def _place(cells: Cells) -> Place:
    return Place(
        id=cells["id"],
        name_vi=cells["name_vi"],
        name_en=cells["name_en"],
        level=PlaceLevel(cells["level"]),
        part_of=_text(cells, "part_of"),
        valid_from=_date(cells, "valid_from"),
        valid_to=_date(cells, "valid_to"),
        source_id=cells["source_id"],
        note_vi=_text(cells, "note_vi"),
        note_en=_text(cells, "note_en"),
    )


def _place_change(cells: Cells) -> PlaceChange:
    return PlaceChange(
        predecessor_id=cells["predecessor_id"],
        successor_id=cells["successor_id"],
        date=dt.date.fromisoformat(cells["date"]),
        kind=ChangeKind(cells["kind"]),
        source_id=cells["source_id"],
        note_vi=_text(cells, "note_vi"),
        note_en=_text(cells, "note_en"),
    )


def _indicator(cells: Cells) -> Indicator:
    qualifier = _text(cells, "target_qualifier")
    return Indicator(
        id=cells["id"],
        resolution_id=cells["resolution_id"],
        number=_int(cells, "number"),
        area=Area(cells["area"]),
        name_vi=cells["name_vi"],
        name_en=cells["name_en"],
        unit_vi=cells["unit_vi"],
        unit_en=cells["unit_en"],
        measure=Measure(cells["measure"]),
        direction=Direction(cells["direction"]),
        target=_decimal(cells, "target"),
        target_qualifier=TargetQualifier(qualifier) if qualifier else None,
        target_year=_int(cells, "target_year"),
        baseline=_decimal(cells, "baseline"),
        baseline_year=_int(cells, "baseline_year"),
        description_vi=_text(cells, "description_vi"),
        description_en=_text(cells, "description_en"),
        series=cells["series"],
    )


def _observation(cells: Cells) -> Observation:
    # Ids and periods repeat across a million rows: one shared string each saves ~200 MB.
    return Observation(
        id=cells["id"],
        indicator_id=intern(cells["indicator_id"]),
        period=intern(cells["period"]),
        as_of=dt.date.fromisoformat(cells["as_of"]),
        value=_decimal(cells, "value"),
        value_qualifier=ValueQualifier(cells["value_qualifier"]),
        estimated=_boolean(cells["estimated"]),
        percent_of_target=_decimal(cells, "percent_of_target"),
        source_id=intern(cells["source_id"]),
        note_vi=_text(cells, "note_vi"),
        note_en=_text(cells, "note_en"),
    )


def _comparison(cells: Cells) -> Comparison:
    return Comparison(cells["observation_id"], ComparisonBasis(cells["basis"]), _number(cells["percent"]))


def _progress_report(cells: Cells) -> ProgressReport:
    return ProgressReport(
        resolution_id=cells["resolution_id"],
        as_of=dt.date.fromisoformat(cells["as_of"]),
        period=cells["period"],
        targets_met=int(cells["targets_met"]),
        targets_exceeded=_int(cells, "targets_exceeded"),
        targets_total=int(cells["targets_total"]),
        source_id=cells["source_id"],
        note_vi=_text(cells, "note_vi"),
        note_en=_text(cells, "note_en"),
        counts=CountKind(_optional_text(cells, "counts") or CountKind.MET_OR_EXCEEDED),
    )


BUILDERS: Mapping[str, Callable[[Cells], Any]] = {
    "sources": _source,
    "resolutions": _resolution,
    "indicators": _indicator,
    "observations": _observation,
    "comparisons": _comparison,
    "progress_reports": _progress_report,
    "places": _place,
    "place_changes": _place_change,
}


def _info(data: Mapping[str, Any]) -> PackageInfo:
    licenses = data.get("licenses")
    first = (
        licenses[0] if isinstance(licenses, list) and licenses and isinstance(licenses[0], Mapping) else {}
    )
    return PackageInfo(
        name=str(data.get("name", "")),
        title=str(data.get("title", "")),
        description=str(data.get("description", "")),
        version=str(data.get("version", "")),
        license_name=str(first.get("name", "")),
        license_title=str(first.get("title", "")),
        license_url=str(first.get("path", "")),
        keywords=tuple(str(k) for k in _list(data.get("keywords"))),
        contributors=tuple(
            str(p["title"])
            for p in _list(data.get("contributors"))
            if isinstance(p, Mapping) and p.get("title")
        ),
        sources=tuple(
            " ".join(str(s.get(k, "")) for k in ("title", "path")).strip()
            for s in _list(data.get("sources"))
            if isinstance(s, Mapping)
        ),
    )


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


# Called with every data row as it is read, so that row checks need no second pass.
RowHook = Callable[[TableFile, int, Cells], None]


@dataclass(frozen=True, slots=True)
class Reading:
    """What one pass over the CSV files produced.

    `package` holds every row that could be made into a record; `lines[resource][i]` is the
    CSV line of the i-th record of that resource in the package; `starts[resource][k]` is
    the first line of the k-th CSV record (k = 0 is the header), which turns Frictionless's
    record numbers into line numbers; `unreadable` lists the rows left out.
    """

    package: Package
    lines: Mapping[str, Sequence[int]]
    starts: Mapping[str, Sequence[int]]
    data_rows: Mapping[str, int]
    unreadable: tuple[Problem, ...] = field(default=())


def read(descriptor: Descriptor, files: Mapping[str, TableFile], on_row: RowHook | None = None) -> Reading:
    """Read every safe file once into records; a row that cannot be converted is left out
    and reported in `unreadable`, so that every other row still reaches the checks."""
    records: dict[str, list[Any]] = {name: [] for name in ALL_RESOURCES}
    lines: dict[str, list[int]] = {name: [] for name in ALL_RESOURCES}
    starts: dict[str, Sequence[int]] = {}
    data_rows: dict[str, int] = {}
    unreadable: list[Problem] = []
    for name, table in files.items():
        build = BUILDERS.get(name)
        first_lines = array("l")
        header: list[str] | None = None
        count = 0
        for line, row in table.records():
            first_lines.append(line)
            if header is None:
                header = row
                # A column chitieu needs is missing from the header: Frictionless names it
                # (here only a strict `load` sees this problem); no row can become a record.
                absent = [c for c in FIELDS.get(name, ()) if c not in header]
                unreadable.extend(Problem("missing-label", table.file, 1, column) for column in absent)
                build = None if absent else build
                continue
            if not any(row):  # blank: Frictionless reports it
                continue
            count += 1
            cells = dict(zip(header, row, strict=False))
            if on_row is not None:
                on_row(table, line, cells)
            if build is None:
                continue
            try:
                records[name].append(build(cells))
            except (KeyError, ValueError, ArithmeticError, TypeError) as error:
                unreadable.append(Problem("row-unreadable", table.file, line, value=str(error)))
                continue
            lines[name].append(line)
        starts[name] = first_lines
        data_rows[name] = count
    comparisons: dict[str, list[Comparison]] = {}
    for comparison in records["comparisons"]:
        comparisons.setdefault(comparison.observation_id, []).append(comparison)
    observations = tuple(
        _with_comparisons(o, tuple(comparisons.get(o.id, ()))) for o in records["observations"]
    )
    package = Package(
        folder=descriptor.folder,
        info=_info(descriptor.data),
        sources=tuple(records["sources"]),
        resolutions=tuple(records["resolutions"]),
        indicators=tuple(records["indicators"]),
        observations=observations,
        progress_reports=tuple(records["progress_reports"]),
        places=tuple(records["places"]),
        place_changes=tuple(records["place_changes"]),
    )
    return Reading(package, lines, starts, data_rows, tuple(unreadable))


def _with_comparisons(observation: Observation, comparisons: tuple[Comparison, ...]) -> Observation:
    return replace(observation, comparisons=comparisons) if comparisons else observation


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
