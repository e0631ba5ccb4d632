"""The list of resolutions and a page per resolution: where it stands, its progress
statements, its known targets."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from chitieu import assess
from chitieu.pages.writer import Writer
from chitieu.records import (
    Assessment,
    Package,
    Page,
    ProgressReport,
    Resolution,
    ResolutionKind,
    Status,
)
from chitieu.site import urls


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [
        partial(resolutions, writer),
        *(partial(resolution, writer, r) for r in writer.site.package.resolutions),
    ]


def resolutions(writer: Writer) -> Page:
    resolutions = writer.site.resolutions_newest_first()
    return writer.render(
        "resolutions.md.j2",
        "resolutions/index.md",
        terms=[r for r in resolutions if r.kind is ResolutionKind.TERM],
        annuals=[r for r in resolutions if r.kind is ResolutionKind.ANNUAL],
        progress={r.id: latest_progress(writer.site.package, r) for r in resolutions},
        known={r.id: len(writer.site.package.indicators_of(r.id)) for r in resolutions},
    )


def resolution(writer: Writer, resolution: Resolution) -> Page:
    assessments = writer.site.assessments_of(resolution.id)
    return writer.render(
        "resolution.md.j2",
        urls.resolution_page(resolution.id),
        resolution=resolution,
        reports=writer.site.package.progress_of(resolution.id),
        assessments=assessments,
        counts=status_counts(assessments),
        timeline=writer.site.timelines.get(resolution.id, ()),
    )


def status_counts(assessments: Iterable[Assessment]) -> list[tuple[Status, int]]:
    """How many targets have each status, every status listed (zeros too)."""
    return list(assess.summarise(assessments).items())


def latest_progress(package: Package, resolution: Resolution) -> ProgressReport | None:
    """The latest statement of targets met or exceeded, else the latest of any kind."""
    reports = assess.headline_reports(package, resolution.id) or package.progress_of(resolution.id)
    return reports[-1] if reports else None
