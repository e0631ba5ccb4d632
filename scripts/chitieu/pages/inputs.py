"""What the pages are made of: the stage's input, and lookups built once from it for
every language and page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from chitieu import assess, ingest
from chitieu.export import Export
from chitieu.history import History
from chitieu.records import (
    Assessment,
    Chart,
    Indicator,
    Package,
    Place,
    Resolution,
    ResolutionKind,
    ResolutionStanding,
    ShareCard,
    TimelineStep,
)
from chitieu.site.urls import Links


@dataclass(frozen=True, slots=True)
class DataInputs:
    """What the data pages (data, data quality, changes, developers) describe: the
    downloads and the tables they came from, the data's history and when it last changed,
    and the site's address (None: not known)."""

    export: Export
    history: History
    released: dt.datetime | None = None
    site_url: str | None = None


@dataclass(frozen=True, slots=True)
class ReportAddress:
    """Where a reader reports a wrong figure: the repository's issues when its address is
    known, else an e-mail address the maintainer set, else nowhere (no link at all)."""

    repository_url: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class PageInputs:
    """Everything the pages stage reads, from the stages before it."""

    package: Package
    assessments: tuple[Assessment, ...]
    charts: tuple[Chart, ...] = ()
    standings: Mapping[str, ResolutionStanding] = field(default_factory=dict)
    edit_links: Mapping[str, str] = field(default_factory=dict)  # resource -> its file on the web
    data: DataInputs | None = None  # None: no data pages
    report_to: ReportAddress = field(default_factory=ReportAddress)
    timelines: Mapping[str, tuple[TimelineStep, ...]] = field(default_factory=dict)  # by term id
    cards: tuple[ShareCard, ...] = ()  # the pictures of the pages that have one


@dataclass(frozen=True, slots=True)
class SiteData:
    package: Package
    assessments: tuple[Assessment, ...]
    by_indicator: Mapping[str, Assessment]
    charts: Mapping[tuple[str, str], Chart]  # (key, language)
    series: Mapping[str, tuple[Indicator, ...]]  # series id -> its members, oldest first
    series_ids: Mapping[str, str]  # indicator id -> its series id
    edit_links: Mapping[str, str]  # resource name -> the file in the repository; empty: no links
    standings: Mapping[str, ResolutionStanding]  # resolution id -> where it stands
    data: DataInputs | None
    links: Links
    report_to: ReportAddress
    timelines: Mapping[str, tuple[TimelineStep, ...]]  # term resolution id -> its steps
    cards: Mapping[tuple[str, str], ShareCard]  # (page, language) -> its share card

    @classmethod
    def of(cls, inputs: PageInputs) -> SiteData:
        package, assessments, charts = inputs.package, inputs.assessments, inputs.charts
        return cls(
            package=package,
            assessments=assessments,
            by_indicator={a.indicator.id: a for a in assessments},
            charts={(c.key, c.language): c for c in charts},
            series=(series := assess.series_of(package)),
            series_ids={i.id: key for key, members in series.items() for i in members},
            edit_links=dict(inputs.edit_links),
            standings=dict(inputs.standings),
            data=inputs.data,
            links=Links(inputs.data.site_url if inputs.data else None),
            report_to=inputs.report_to,
            timelines=dict(inputs.timelines),
            cards={(c.page, c.language): c for c in inputs.cards},
        )

    @property
    def places(self) -> Mapping[str, Place]:
        return {p.id: p for p in self.package.places}

    def assessments_of(self, resolution_id: str) -> tuple[Assessment, ...]:
        return tuple(self.by_indicator[i.id] for i in self.package.indicators_of(resolution_id))

    def resolutions_newest_first(self, kind: ResolutionKind | None = None) -> list[Resolution]:
        chosen = [r for r in self.package.resolutions if kind is None or r.kind is kind]
        return sorted(chosen, key=lambda r: (r.period_end, r.period_start, r.id), reverse=True)

    def series_id(self, indicator: Indicator) -> str:
        return self.series_ids[indicator.id]

    def same_series(self, indicator: Indicator) -> list[Indicator]:
        """The same measure in the place's other resolutions, oldest first."""
        return [i for i in self.series[self.series_id(indicator)] if i.id != indicator.id]


def edit_links(
    package: Package,
    descriptor: ingest.Descriptor | None,
    repository: Path | None,
    repository_url: str | None,
) -> dict[str, str]:
    """{resource name: web address of its file in the repository}, from the repository's
    address (`Config.repository_url`); empty when that is not known or the package is not
    inside the repository. `blob/HEAD` is the default branch, the one the site is built from."""
    if not repository_url or repository is None or descriptor is None:
        return {}
    links = {}
    for resource in descriptor.resources:
        name, path = resource.get("name"), resource.get("path")
        if not isinstance(name, str) or not isinstance(path, str):
            continue
        try:
            relative = (package.folder / path).resolve().relative_to(repository.resolve())
        except ValueError:
            return {}
        links[name] = f"{repository_url.rstrip('/')}/blob/HEAD/{quote(relative.as_posix())}"
    return links
