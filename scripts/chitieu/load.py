"""Stage 1, load. In: the path of datapackage.json. Out: a `Package` of frozen records.

The package is untrusted input. Before any CSV is read, each resource path is checked:
it must stay inside the package folder (no `..`, no absolute path, no symlink leading
out), must not be a URL, must exist and must be at most `MAX_FILE_BYTES`. Files must be
UTF-8 (a BOM is allowed); other encodings are named so the maintainer can re-save.
`load` reads rows with the csv module and the types declared in the schema; it is meant
to run after `validate` has accepted the package, and raises `ChitieuError` otherwise.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from chitieu.problems import ChitieuError, Problem, UnusableInputError
from chitieu.records import (
    Area,
    Comparison,
    ComparisonBasis,
    Direction,
    Indicator,
    Measure,
    Observation,
    Package,
    PackageInfo,
    ProgressReport,
    Resolution,
    ResolutionKind,
    Source,
    TargetQualifier,
    ValueQualifier,
)

# The documented limit for one CSV file: a million observation rows take about 150 MB,
# so 256 MiB leaves room while refusing a file that would exhaust a small CI machine.
MAX_FILE_BYTES = 256 * 1024 * 1024
DEFAULT_DESCRIPTOR = Path("datapackage") / "datapackage.json"
RESOURCES = ("sources", "resolutions", "indicators", "observations", "comparisons", "progress_reports")


@dataclass(frozen=True, slots=True)
class Descriptor:
    """datapackage.json as read, with the folder its paths are relative to."""

    path: Path
    data: Mapping[str, Any]

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def resources(self) -> list[Mapping[str, Any]]:
        resources = self.data.get("resources", [])
        return [r for r in resources if isinstance(r, Mapping)] if isinstance(resources, list) else []

    def resource(self, name: str) -> Mapping[str, Any] | None:
        return next((r for r in self.resources if r.get("name") == name), None)


def read_descriptor(path: Path) -> Descriptor:
    """Read datapackage.json; raise `UnusableInputError` when it cannot be used at all."""
    name = path.name
    if path.is_dir():
        path = path / "datapackage.json"
        name = path.name
    if not path.is_file():
        raise UnusableInputError((Problem("no-such-file", str(path)),))
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UnusableInputError((Problem("descriptor-not-utf8", name),)) from None
    except json.JSONDecodeError as error:
        raise UnusableInputError(
            (Problem("descriptor-not-json", name, row=error.lineno, params=(("detail", error.msg),)),)
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise UnusableInputError((Problem("descriptor-no-resources", name),))
    return Descriptor(path.resolve(), data)


def resource_path(descriptor: Descriptor, resource: Mapping[str, Any]) -> tuple[Path | None, Problem | None]:
    """Where a resource's file is, or the problem that forbids reading it."""
    raw = resource.get("path")
    name = str(resource.get("name", "?"))
    if not isinstance(raw, str) or not raw:
        return None, Problem("resource-no-path", descriptor.path.name, column=name)
    if "://" in raw or raw.startswith("//"):
        return None, Problem("remote-path", raw, params=(("resource", name),))
    relative = Path(raw)
    if relative.is_absolute() or ".." in relative.parts:
        return None, Problem("path-outside-package", raw, params=(("resource", name),))
    candidate = descriptor.folder / relative
    try:
        resolved = candidate.resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        return None, Problem("missing-file", raw, params=(("resource", name),))
    if not resolved.is_relative_to(descriptor.folder):
        return None, Problem("path-outside-package", raw, params=(("resource", name),))
    if not resolved.is_file():
        return None, Problem("missing-file", raw, params=(("resource", name),))
    return resolved, None


def _looks_like_utf16(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = data[:200]
    return len(sample) >= 4 and sample.count(0) * 3 >= len(sample)


# Bytes that give each legacy Vietnamese encoding away (read as Latin-1): TCVN3 (ABC) puts
# precomposed letters at 0xA1-0xFE, with "đ" at 0xAE; VNI writes a vowel followed by a
# tone byte; Windows-1258 writes combining tone marks 0xCC, 0xD2, 0xDE, 0xEC, 0xF2.
_TCVN3_HINTS = frozenset(
    b"\xae\xb5\xb6\xb7\xb8\xb9\xa7\xbb\xbc\xbd\xbe\xc6\xc7\xca\xcb\xcf\xd1\xd5\xdc\xdd\xde"
)
_VNI_TONES = frozenset(b"\xf8\xf9\xfb\xf5\xef")
_CP1258_TONES = frozenset(b"\xcc\xd2\xde\xec\xf2")
_VOWELS = frozenset(b"aeiouyAEIOUY\xe2\xea\xf4\xc2\xca\xd4")


def guess_legacy_encoding(data: bytes) -> str:
    """Name the most likely encoding of bytes that are not UTF-8."""
    if _looks_like_utf16(data):
        return "UTF-16"
    high = [b for b in data if b >= 0x80]
    if not high:
        return "ASCII"
    after_vowel = [data[i] for i in range(1, len(data)) if data[i] >= 0x80 and data[i - 1] in _VOWELS]
    vni = sum(1 for b in after_vowel if b in _VNI_TONES)
    cp1258 = sum(1 for b in after_vowel if b in _CP1258_TONES)
    tcvn3 = sum(1 for b in high if b in _TCVN3_HINTS)
    scores = {"VNI": vni, "Windows-1258": cp1258, "TCVN3 (ABC)": tcvn3 / 2}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else "Windows-1252"


def check_encoding(path: Path, display: str) -> Problem | None:
    """A problem when the file is not UTF-8 (with or without BOM)."""
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if _looks_like_utf16(data):
        return Problem("wrong-encoding", display, params=(("encoding", "UTF-16"),))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        return Problem(
            "wrong-encoding", display, row=row, params=(("encoding", guess_legacy_encoding(data)),)
        )
    return None


def inspect_files(
    descriptor: Descriptor, max_bytes: int = MAX_FILE_BYTES
) -> tuple[dict[str, Path], tuple[Problem, ...]]:
    """The resource files that are safe to read, by resource name, and the problems of the rest."""
    safe: dict[str, Path] = {}
    problems: list[Problem] = []
    for resource in descriptor.resources:
        path, problem = resource_path(descriptor, resource)
        if problem is not None or path is None:
            problems.extend([problem] if problem else [])
            continue
        display = str(resource.get("path"))
        size = path.stat().st_size
        if size > max_bytes:
            problems.append(
                Problem("file-too-large", display, params=(("size", str(size)), ("limit", str(max_bytes))))
            )
            continue
        encoding_problem = check_encoding(path, display)
        if encoding_problem is not None:
            problems.append(encoding_problem)
            continue
        safe[str(resource.get("name"))] = path
    return safe, tuple(problems)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, raw cells) for every data row; the header is row 1."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        for record in reader:
            yield (
                reader.line_num,
                {k: v for k, v in record.items() if isinstance(k, str) and isinstance(v, str)},
            )


def _text(cells: Mapping[str, str], name: str) -> str | None:
    value = cells.get(name, "")
    return value if value != "" else None


def _optional(convert: Callable[[str], Any]) -> Callable[[Mapping[str, str], str], Any]:
    def read(cells: Mapping[str, str], name: str) -> Any:
        value = cells.get(name, "")
        return convert(value) if value != "" else None

    return read


_decimal = _optional(Decimal)
_int = _optional(int)
_date = _optional(dt.date.fromisoformat)


def _source(cells: Mapping[str, str]) -> Source:
    return Source(
        id=cells["id"],
        title=_text(cells, "title"),
        publisher=cells["publisher"],
        author=_text(cells, "author"),
        url=_text(cells, "url"),
        published=dt.date.fromisoformat(cells["published"]),
        language=cells["language"],
    )


def _resolution(cells: Mapping[str, str]) -> Resolution:
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
    )


def _indicator(cells: Mapping[str, str]) -> Indicator:
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


def _observation(cells: Mapping[str, str], comparisons: tuple[Comparison, ...]) -> Observation:
    return Observation(
        id=cells["id"],
        indicator_id=cells["indicator_id"],
        period=cells["period"],
        as_of=dt.date.fromisoformat(cells["as_of"]),
        value=_decimal(cells, "value"),
        value_qualifier=ValueQualifier(cells["value_qualifier"]),
        estimated=cells["estimated"] == "true",
        percent_of_target=_decimal(cells, "percent_of_target"),
        source_id=cells["source_id"],
        note_vi=_text(cells, "note_vi"),
        note_en=_text(cells, "note_en"),
        comparisons=comparisons,
    )


def _comparison(cells: Mapping[str, str]) -> Comparison:
    return Comparison(cells["observation_id"], ComparisonBasis(cells["basis"]), Decimal(cells["percent"]))


def _progress_report(cells: Mapping[str, str]) -> ProgressReport:
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
    )


def _info(data: Mapping[str, Any]) -> PackageInfo:
    licenses = data.get("licenses") or [{}]
    first = licenses[0] if isinstance(licenses[0], Mapping) else {}
    return PackageInfo(
        name=str(data.get("name", "")),
        title=str(data.get("title", "")),
        description=str(data.get("description", "")),
        version=str(data.get("version", "")),
        license_name=str(first.get("name", "")),
        license_title=str(first.get("title", "")),
        license_url=str(first.get("path", "")),
    )


def load(path: Path = DEFAULT_DESCRIPTOR, max_bytes: int = MAX_FILE_BYTES) -> Package:
    """Read a package that `validate` has accepted into frozen records."""
    descriptor = read_descriptor(path)
    files, problems = inspect_files(descriptor, max_bytes)
    missing = [name for name in RESOURCES if name not in files and not descriptor.resource(name)]
    problems += tuple(Problem("missing-resource", descriptor.path.name, column=name) for name in missing)
    if problems:
        raise ChitieuError(problems)

    def rows(name: str) -> Iterator[dict[str, str]]:
        return (cells for _, cells in read_rows(files[name]))

    try:
        comparisons: dict[str, list[Comparison]] = {}
        for comparison in map(_comparison, rows("comparisons")):
            comparisons.setdefault(comparison.observation_id, []).append(comparison)
        return Package(
            folder=descriptor.folder,
            info=_info(descriptor.data),
            sources=tuple(map(_source, rows("sources"))),
            resolutions=tuple(map(_resolution, rows("resolutions"))),
            indicators=tuple(map(_indicator, rows("indicators"))),
            observations=tuple(
                _observation(cells, tuple(comparisons.get(cells["id"], ()))) for cells in rows("observations")
            ),
            progress_reports=tuple(map(_progress_report, rows("progress_reports"))),
        )
    except (KeyError, ValueError, ArithmeticError) as error:
        # validate() catches these first with a row and column; reaching here means load
        # was called on a package that was not validated.
        raise ChitieuError((Problem("not-validated", descriptor.path.name, value=str(error)),)) from None
