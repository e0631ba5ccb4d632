"""What changed in the data between two versions of the package, row by row and status by status.

in: the old and the new Package (each one validated). out: `DataDiff`: every row added,
removed or changed, table by table, and every target whose status changed.

Pure: no files, no git, no words. Rows are matched by their primary key, so a row that
moved in its file is not a change; a cell counts as changed only if its value did, and a
number keeps its published digits (1.5 → 1.50 is a correction someone made on purpose).
Each change carries the records it needs to be told in words (the target, resolution and
report it is about, in each version it is in), so that `diff_report` needs nothing else.
Statuses come from `assess`, the one rule of the site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from chitieu import assess
from chitieu.records import (
    Comparison,
    Indicator,
    Observation,
    Package,
    ProgressReport,
    Resolution,
    Source,
    Status,
)

Record = Source | Resolution | Indicator | Observation | Comparison | ProgressReport
Key = tuple[str, ...]


class Table(StrEnum):
    """The tables, in the order a change is told: what is cited, then what cites it."""

    SOURCES = "sources"
    RESOLUTIONS = "resolutions"
    INDICATORS = "indicators"
    OBSERVATIONS = "observations"
    COMPARISONS = "comparisons"
    PROGRESS_REPORTS = "progress_reports"


class Kind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


# The columns that identify a row of each table. The records do not carry the schema's
# primaryKey, so these are the contract's keys; a progress statement is one per
# resolution, report date and period (the schema's key is resolution_id + as_of, which
# these columns contain, so a statement is never matched with two others).
PRIMARY_KEYS: Mapping[Table, tuple[str, ...]] = {
    Table.SOURCES: ("id",),
    Table.RESOLUTIONS: ("id",),
    Table.INDICATORS: ("id",),
    Table.OBSERVATIONS: ("id",),
    Table.COMPARISONS: ("observation_id", "basis"),
    Table.PROGRESS_REPORTS: ("resolution_id", "as_of", "period", "counts"),
}
# Not a column of observations.csv: an observation's comparisons are rows of their own table.
_NOT_COMPARED = frozenset({"comparisons"})


@dataclass(frozen=True, slots=True)
class Cell:
    """One field that changed in a row present in both versions, as typed values."""

    field: str  # the CSV column
    old: object
    new: object


@dataclass(frozen=True, slots=True)
class About:
    """What a row is about in one version: its target, resolution and report, if any."""

    indicator: Indicator | None = None
    resolution: Resolution | None = None
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row added, removed or changed, with what it is about in each version."""

    table: Table
    key: Key  # the primary key's cells, as written in the CSV
    kind: Kind
    old: Record | None  # None when added
    new: Record | None  # None when removed
    cells: tuple[Cell, ...]  # changed fields in column order; () when added or removed
    old_about: About | None = None  # None when added
    new_about: About | None = None  # None when removed

    @property
    def about(self) -> About:
        """The newest version's: a changed row is told as it is now."""
        about = self.new_about or self.old_about
        assert about is not None
        return about


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A target present in both versions whose status (assess.status_of) changed."""

    indicator: Indicator  # as it is in the new version
    old: Status
    new: Status


@dataclass(frozen=True, slots=True)
class DataDiff:
    rows: tuple[RowChange, ...]  # by table (in `Table` order), then by key
    statuses: tuple[StatusChange, ...]  # by target id

    @property
    def unchanged(self) -> bool:
        return not self.rows and not self.statuses


def compare(old: Package, new: Package) -> DataDiff:
    """Every change from `old` to `new`; `DataDiff.unchanged` when there is none."""
    rows: list[RowChange] = []
    old_tables, new_tables = _tables(old), _tables(new)
    old_context, new_context = _Context.of(old), _Context.of(new)
    for table in Table:
        rows.extend(_table_changes(table, old_tables[table], new_tables[table], old_context, new_context))
    return DataDiff(tuple(rows), _status_changes(old, new))


@dataclass(frozen=True, slots=True)
class _Context:
    """One version's lookups: the package's own, and observations by id for comparisons."""

    package: Package
    observations: Mapping[str, Observation]

    @classmethod
    def of(cls, package: Package) -> _Context:
        return cls(package, {o.id: o for o in package.observations})

    def about(self, record: Record) -> About:
        """The target, resolution and report a row of this version is about."""
        package = self.package
        if isinstance(record, Comparison):  # about its observation (the schema's foreign key)
            record = self.observations[record.observation_id]
        if isinstance(record, Source):
            return About(source=record)
        if isinstance(record, Resolution):
            return About(resolution=record, source=package.source(record.source_id))
        if isinstance(record, Indicator):
            return About(indicator=record, resolution=package.resolution(record.resolution_id))
        if isinstance(record, Observation):
            indicator = package.indicator(record.indicator_id)
            resolution = package.resolution(indicator.resolution_id)
            return About(indicator, resolution, package.source(record.source_id))
        return About(
            resolution=package.resolution(record.resolution_id), source=package.source(record.source_id)
        )


def _tables(package: Package) -> dict[Table, dict[Key, Record]]:
    comparisons = [c for o in package.observations for c in o.comparisons]
    records: Mapping[Table, Iterable[Record]] = {
        Table.SOURCES: package.sources,
        Table.RESOLUTIONS: package.resolutions,
        Table.INDICATORS: package.indicators,
        Table.OBSERVATIONS: package.observations,
        Table.COMPARISONS: comparisons,
        Table.PROGRESS_REPORTS: package.progress_reports,
    }
    return {table: {key_of(table, r): r for r in rows} for table, rows in records.items()}


def key_of(table: Table, record: Record) -> Key:
    """The primary key of a record, as its cells are written in the CSV."""
    return tuple(cell_text(getattr(record, name)) for name in PRIMARY_KEYS[table])


def cell_text(value: object) -> str:
    """A typed value as the CSV writes it (a date as YYYY-MM-DD, an enum as its value)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str.__str__(value) if isinstance(value, str) else str(value)


def same(old: object, new: object) -> bool:
    """Equal values, and for numbers the same published digits (1.5 is not 1.50)."""
    if isinstance(old, Decimal) and isinstance(new, Decimal):
        return old.as_tuple() == new.as_tuple()
    return type(old) is type(new) and old == new


def changed_cells(old: Record, new: Record) -> tuple[Cell, ...]:
    return tuple(
        Cell(f.name, getattr(old, f.name), getattr(new, f.name))
        for f in dataclasses.fields(old)
        if f.name not in _NOT_COMPARED and not same(getattr(old, f.name), getattr(new, f.name))
    )


def _table_changes(
    table: Table,
    old_rows: Mapping[Key, Record],
    new_rows: Mapping[Key, Record],
    old: _Context,
    new: _Context,
) -> list[RowChange]:
    found = []
    for key in sorted(old_rows.keys() | new_rows.keys()):
        before, after = old_rows.get(key), new_rows.get(key)
        cells = changed_cells(before, after) if before is not None and after is not None else ()
        if before is not None and after is not None and not cells:
            continue
        kind = Kind.ADDED if before is None else Kind.REMOVED if after is None else Kind.CHANGED
        found.append(
            RowChange(
                table,
                key,
                kind,
                before,
                after,
                cells,
                old_about=old.about(before) if before is not None else None,
                new_about=new.about(after) if after is not None else None,
            )
        )
    return found


def _status_changes(old: Package, new: Package) -> tuple[StatusChange, ...]:
    before = {a.indicator.id: a.status for a in assess.assess(old)}
    after = {a.indicator.id: a for a in assess.assess(new)}
    return tuple(
        StatusChange(after[i].indicator, before[i], after[i].status)
        for i in sorted(before.keys() & after.keys())
        if before[i] is not after[i].status
    )
