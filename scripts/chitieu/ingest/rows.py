"""Rows to records: each CSV row becomes a typed frozen record as it is read, in one pass
that also hands every row to the checks that need its raw cells."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from sys import intern
from typing import Any

from chitieu.ingest.contract import ALL_RESOURCES, FIELDS
from chitieu.ingest.descriptor import Descriptor
from chitieu.ingest.files import TableFile
from chitieu.ingest.schema import DEFAULT_TRUE_VALUES
from chitieu.problems import Problem
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
    SiteTitle,
    Source,
    TargetQualifier,
    ValueQualifier,
)

# Frictionless's own defaults for a boolean field ("TRUE" is what Excel writes).
TRUE_VALUES = DEFAULT_TRUE_VALUES
FALSE_VALUES = ("false", "False", "FALSE", "0")


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
    site = data.get("site")
    return PackageInfo(
        site_titles=tuple(
            SiteTitle(language, text["name"], str(text.get("description") or ""))
            for language, text in (site.items() if isinstance(site, Mapping) else ())
            if isinstance(text, Mapping) and isinstance(text.get("name"), str) and text["name"].strip()
        ),
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
