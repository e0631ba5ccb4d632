"""The typed, frozen records that flow between the pipeline stages.

Only `load.py` builds them from the data package; every later stage reads them and
never sees a DataFrame or a frictionless object. Numbers are `Decimal` so that a figure
such as 109.67 reaches the page exactly as the report printed it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path


class Area(StrEnum):
    ECONOMY = "economy"
    SOCIETY = "society"
    ENVIRONMENT = "environment"
    DEFENCE_SECURITY = "defence-security"
    PARTY_BUILDING = "party-building"


class ResolutionKind(StrEnum):
    TERM = "term"
    ANNUAL = "annual"


class Measure(StrEnum):
    LEVEL = "level"
    ANNUAL_AVERAGE = "annual-average"
    AVERAGE_ANNUAL_GROWTH = "average-annual-growth"
    CUMULATIVE = "cumulative"
    SHARE = "share"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class TargetQualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at-least"
    AT_MOST = "at-most"
    ABOUT = "about"


class ValueQualifier(StrEnum):
    EXACT = "exact"
    MORE_THAN = "more-than"
    LESS_THAN = "less-than"


class PlaceLevel(StrEnum):
    PROVINCE = "province"
    DISTRICT_LEVEL = "district-level"  # huyện, thị xã, thành phố thuộc tỉnh: abolished on 1 July 2025
    COMMUNE_LEVEL = "commune-level"  # xã, phường, thị trấn


class ChangeKind(StrEnum):
    """How a place became another (place_changes.kind)."""

    MERGED_INTO = "merged-into"  # the whole predecessor is now part of the successor
    REORGANISED_INTO = "reorganised-into"  # the predecessor ended; part of it goes on as the successor
    RENAMED = "renamed"  # the same territory under a new name or status


class Issuer(StrEnum):
    """Who set a resolution's targets: never compared with one another."""

    PARTY_COMMITTEE = "party-committee"  # a Party committee's congress or annual resolution
    PEOPLES_COMMITTEE = "peoples-committee"  # a People's Committee's socio-economic plan


class CountKind(StrEnum):
    """What a progress statement counts; different kinds are never added up or ranked."""

    MET_OR_EXCEEDED = "met-or-exceeded"  # đạt và vượt
    ON_SCHEDULE = "on-schedule"  # đạt tiến độ, bảo đảm tiến độ
    COMPLETED = "completed"  # hoàn thành
    NOT_YET_ASSESSED = "not-yet-assessed"  # chưa đánh giá, đánh giá vào cuối năm


class ComparisonBasis(StrEnum):
    PROVINCE_ESTIMATE = "province-estimate"
    TOWN_PLAN = "town-plan"
    SAME_PERIOD_PREVIOUS_YEAR = "same-period-previous-year"


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str | None
    publisher: str
    author: str | None
    url: str | None
    published: dt.date
    language: str


@dataclass(frozen=True, slots=True)
class Place:
    """A unit of government during its life; `valid_to` None: it still exists."""

    id: str
    name_vi: str
    name_en: str
    level: PlaceLevel
    part_of: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    source_id: str
    note_vi: str | None = None
    note_en: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceChange:
    """A place that became another on `date` (the successor's first day), as a source reports."""

    predecessor_id: str
    successor_id: str
    date: dt.date
    kind: ChangeKind
    source_id: str
    note_vi: str | None = None
    note_en: str | None = None


@dataclass(frozen=True, slots=True)
class Resolution:
    id: str
    body_vi: str
    body_en: str
    jurisdiction_vi: str
    jurisdiction_en: str
    congress: str | None
    kind: ResolutionKind
    period_start: int
    period_end: int
    targets_total: int | None
    source_id: str
    note_vi: str | None = None
    note_en: str | None = None
    place_id: str | None = None  # the place whose resolution it is (places.id); None: not recorded
    issuer: Issuer = Issuer.PARTY_COMMITTEE


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    resolution_id: str
    number: int | None
    area: Area
    name_vi: str
    name_en: str
    unit_vi: str
    unit_en: str
    measure: Measure
    direction: Direction
    target: Decimal | None
    target_qualifier: TargetQualifier | None
    target_year: int | None
    baseline: Decimal | None
    baseline_year: int | None
    description_vi: str | None
    description_en: str | None
    series: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """A percent the report gives against another basis than the resolution's target."""

    observation_id: str
    basis: ComparisonBasis
    percent: Decimal


@dataclass(frozen=True, slots=True)
class Observation:
    id: str
    indicator_id: str
    period: str
    as_of: dt.date
    value: Decimal | None
    value_qualifier: ValueQualifier
    estimated: bool
    percent_of_target: Decimal | None
    source_id: str
    note_vi: str | None = None
    note_en: str | None = None
    comparisons: tuple[Comparison, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgressReport:
    """A statement such as "10 of 18 targets met or exceeded"."""

    resolution_id: str
    as_of: dt.date
    period: str
    targets_met: int
    targets_exceeded: int | None
    targets_total: int
    source_id: str
    note_vi: str | None = None
    note_en: str | None = None
    counts: CountKind = CountKind.MET_OR_EXCEEDED  # what `targets_met` counts

    @property
    def targets_counted(self) -> int:
        """The targets counted, of the kind `counts` says (the column is `targets_met`)."""
        return self.targets_met


@dataclass(frozen=True, slots=True)
class SiteTitle:
    """The site's name and description in one language (datapackage.json "site"), so that a
    package for another place names its own site."""

    language: str
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class PackageInfo:
    """The package-level metadata of datapackage.json that the site shows."""

    name: str
    title: str
    description: str
    version: str
    license_name: str
    license_title: str
    license_url: str
    keywords: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()  # the titles of the descriptor's contributors
    sources: tuple[str, ...] = ()  # the descriptor's own sources, "title path" each
    site_titles: tuple[SiteTitle, ...] = ()  # none: the engine config's defaults


@dataclass(frozen=True, slots=True)
class Package:
    """The whole data package, read once; rows keep the order of their CSV files."""

    folder: Path
    info: PackageInfo
    sources: tuple[Source, ...]
    resolutions: tuple[Resolution, ...]
    indicators: tuple[Indicator, ...]
    observations: tuple[Observation, ...]
    progress_reports: tuple[ProgressReport, ...]
    places: tuple[Place, ...] = ()
    place_changes: tuple[PlaceChange, ...] = ()
    _index: _PackageIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", _PackageIndex.of(self))

    def source(self, source_id: str) -> Source:
        return self._index.sources[source_id]

    def resolution(self, resolution_id: str) -> Resolution:
        return self._index.resolutions[resolution_id]

    def indicator(self, indicator_id: str) -> Indicator:
        return self._index.indicators[indicator_id]

    def indicators_of(self, resolution_id: str) -> tuple[Indicator, ...]:
        return self._index.indicators_by_resolution.get(resolution_id, ())

    def observations_of(self, indicator_id: str) -> tuple[Observation, ...]:
        """The figures reported on one target, oldest report first."""
        return self._index.observations_by_indicator.get(indicator_id, ())

    def progress_of(self, resolution_id: str) -> tuple[ProgressReport, ...]:
        """The progress statements on one resolution, oldest first."""
        return self._index.progress_by_resolution.get(resolution_id, ())

    def place(self, place_id: str) -> Place:
        return self._index.places[place_id]

    def resolutions_of(self, place_id: str) -> tuple[Resolution, ...]:
        return tuple(r for r in self.resolutions if r.place_id == place_id)

    def successors_of(self, place_id: str) -> tuple[PlaceChange, ...]:
        return tuple(c for c in self.place_changes if c.predecessor_id == place_id)

    def predecessors_of(self, place_id: str) -> tuple[PlaceChange, ...]:
        return tuple(c for c in self.place_changes if c.successor_id == place_id)


@dataclass(frozen=True, slots=True)
class _PackageIndex:
    """Lookups built once, so that a 14,000-target package is not scanned per page."""

    sources: dict[str, Source]
    resolutions: dict[str, Resolution]
    indicators: dict[str, Indicator]
    indicators_by_resolution: dict[str, tuple[Indicator, ...]]
    observations_by_indicator: dict[str, tuple[Observation, ...]]
    progress_by_resolution: dict[str, tuple[ProgressReport, ...]]
    places: dict[str, Place]

    @classmethod
    def of(cls, package: Package) -> _PackageIndex:
        by_resolution: dict[str, list[Indicator]] = {}
        for indicator in package.indicators:
            by_resolution.setdefault(indicator.resolution_id, []).append(indicator)
        by_indicator: dict[str, list[Observation]] = {}
        for observation in package.observations:
            by_indicator.setdefault(observation.indicator_id, []).append(observation)
        progress: dict[str, list[ProgressReport]] = {}
        for report in package.progress_reports:
            progress.setdefault(report.resolution_id, []).append(report)
        return cls(
            sources={s.id: s for s in package.sources},
            resolutions={r.id: r for r in package.resolutions},
            indicators={i.id: i for i in package.indicators},
            indicators_by_resolution={k: tuple(v) for k, v in by_resolution.items()},
            observations_by_indicator={
                k: tuple(sorted(v, key=lambda o: (o.as_of, o.period, o.id))) for k, v in by_indicator.items()
            },
            progress_by_resolution={
                k: tuple(sorted(v, key=lambda p: (p.as_of, p.period))) for k, v in progress.items()
            },
            places={p.id: p for p in package.places},
        )


# ---------------------------------------------------------------------------------------
# Records made by the later stages: assess -> charts -> export -> pages -> site.


class Status(StrEnum):
    """A target's status; the rule is `assess.status_of` and the methodology page."""

    EXCEEDED = "exceeded"
    MET = "met"
    NOT_YET_MET = "not-yet-met"
    TARGET_NOT_PUBLISHED = "target-not-published"
    NO_DATA = "no-data"


class Origin(StrEnum):
    """Where a number shown next to a status comes from."""

    PUBLISHED = "published"  # printed in the resolution (a target) or the report (a percent)
    REPORTED = "reported"  # a percent of target printed in the report
    COMPUTED = "computed"  # value / published target, computed by us
    DERIVED = "derived"  # a target implied by "value is P % of plan", computed by us


@dataclass(frozen=True, slots=True)
class Assessment:
    """What is known about one target, with the inputs of its status."""

    indicator: Indicator
    resolution: Resolution
    status: Status
    observations: tuple[Observation, ...]  # oldest report first
    latest: Observation | None  # the figure the status rests on
    percent: Decimal | None  # percent of target behind the status (achievement, 100 = met)
    percent_origin: Origin | None  # REPORTED or COMPUTED
    target: Decimal | None  # published or derived target
    target_origin: Origin | None  # PUBLISHED or DERIVED
    target_is_lower_bound: bool  # a derived target from an "over N" figure is "over" too
    partial: bool  # the latest figure covers only part of the target's period
    disagreement: Decimal | None  # reported percent minus computed percent, when both exist
    sources: tuple[Source, ...]  # every source cited by the observations, by date
    target_is_upper_bound: bool = False  # a derived target from an "under N" figure is "under" too
    points: Decimal | None = None  # a rate or share against its published target, in points


class Standing(StrEnum):
    """Where a resolution stands on the build's date; the rule is `assess.standing_of`."""

    IN_FORCE = "in-force"
    ENDED = "ended"  # its period or its place has ended
    SUPERSEDED = "superseded"  # ended, and a successor place's resolution has taken over


@dataclass(frozen=True, slots=True)
class ResolutionStanding:
    """A resolution's standing with what it rests on."""

    resolution: Resolution
    standing: Standing
    last_report: ProgressReport | None  # the latest "met or exceeded" statement, if any
    final_report: bool  # a statement covers the whole period (a final result is known)
    successor: Resolution | None = None  # the resolution that took over, when superseded


class Moment(StrEnum):
    """A step of a term's timeline, in the order steps of one day are told."""

    BEGINS = "begins"  # the term's first year
    ANNUAL = "annual"  # a yearly resolution of the same place inside the term
    REPORT = "report"  # a progress statement on the term
    TODAY = "today"  # the build's date, while the term runs
    ENDS = "ends"  # the term's end: its last year, or its place's last day if sooner
    PLACE_CHANGED = "place-changed"  # the place became another
    SUCCESSOR = "successor"  # the successor place's term of the same kind begins


@dataclass(frozen=True, slots=True)
class TimelineStep:
    """One step of a term's timeline, placed by `day`."""

    moment: Moment
    day: dt.date
    year_only: bool  # only the year is known (a term's first or last year): show only that
    report: ProgressReport | None = None  # REPORT
    resolution: Resolution | None = None  # ANNUAL and SUCCESSOR: that one; ENDS: the term
    reports: tuple[ProgressReport, ...] = ()  # ANNUAL: that year's own statements
    change: PlaceChange | None = None  # PLACE_CHANGED
    past: bool = True  # ENDS: the day is before the build's date (the term is over)


@dataclass(frozen=True, slots=True)
class Scorecard:
    """A resolution's latest count at a glance: the parts of its targets the latest
    statement counts, each of one kind, and those it says nothing of."""

    resolution: Resolution
    statements: tuple[ProgressReport, ...]  # every count the latest report states
    total: int  # the targets the resolution set (or the statement counts against)
    exceeded: int = 0
    met: int = 0  # met, not exceeded (met or exceeded, when the report does not tell them apart)
    exceeded_told: bool = False  # the report says how many were exceeded
    on_schedule: int = 0
    not_assessed: int = 0
    not_known: int = 0  # the rest: what no count of the statement covers

    @property
    def as_of(self) -> dt.date | None:
        return self.statements[0].as_of if self.statements else None


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart rendered at build time: an SVG file, written into the pages that show it,
    plus its text alternative."""

    key: str  # "indicator/<id>", "resolution/<id>" or "home"
    language: str
    alt: str  # states the numbers, for screen readers and with images off
    digest: str  # content address of the spec, for the render cache
    file: Path  # the finished SVG, in the render cache under the digest


@dataclass(frozen=True, slots=True)
class Page:
    """A generated Markdown page, written before the site engine runs."""

    path: str  # relative to the language's docs root, e.g. "indicators/kt-2020-2025-grain-output.md"
    language: str
    markdown: str


@dataclass(frozen=True, slots=True)
class Download:
    """A file published as-is under the site root (the same for both languages)."""

    path: str  # URL path relative to the site root, e.g. "data/observations.csv"
    content: bytes
    media_type: str


@dataclass(frozen=True, slots=True)
class FileCopy:
    """A file published as it is from where an earlier stage left it (too big, or too
    many, to hold in memory as a `Download`)."""

    path: str  # URL path relative to the site root
    source: Path
    digest: str  # sha256 of the content: the rebuild fingerprint reads this, not the file


@dataclass(frozen=True, slots=True)
class ShareCard:
    """The picture a shared link shows (Open Graph, Twitter): a 1200×630 PNG of one page."""

    page: str  # the Markdown page it is for, e.g. "indicators/<id>.md"
    language: str
    alt: str  # what the picture says, in words
    image: FileCopy  # at cards/<language>/<kind>/<id>.png
