"""The home page: what is current first (the resolution in force and the ones it took
over from), then every other resolution."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from chitieu import assess
from chitieu.pages.resolutions import latest_progress, status_counts
from chitieu.pages.writer import Writer
from chitieu.records import (
    Page,
    ResolutionKind,
)
from chitieu.site import urls


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [partial(home, writer)]


def home(writer: Writer) -> Page:
    """What is current first: the resolution in force (or, when none is, the latest),
    then the resolutions it took over from, with their last known result."""
    standings = writer.site.standings
    current = assess.current_resolution(writer.site.package, standings) if standings else None
    assessments = writer.site.assessments_of(current.id) if current else ()
    taken_over = [
        s.resolution
        for s in standings.values()
        if current is not None and s.successor is not None and s.successor.id == current.id
    ]
    shown = {r.id for r in taken_over} | ({current.id} if current else set())
    others = [r for r in writer.site.resolutions_newest_first() if r.id not in shown]
    return writer.render(
        "home.md.j2",
        urls.HOME_PAGE,
        intro=writer.intro(urls.HOME_PAGE),
        current=current,
        progress=latest_progress(writer.site.package, current) if current else None,
        assessments=assessments,
        counts=status_counts(assessments),
        taken_over=taken_over,
        terms=[r for r in others if r.kind is ResolutionKind.TERM],
        annuals=[r for r in others if r.kind is ResolutionKind.ANNUAL],
    )
