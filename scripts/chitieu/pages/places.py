"""The places side by side, and a page per place with its resolutions and its reports
over time (for a package that records its places)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from chitieu.pages.writer import Writer
from chitieu.records import (
    CountKind,
    Page,
    Place,
)
from chitieu.site import urls


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    # The index always: the navigation lists it, and it says when no place is recorded.
    return [partial(places, writer), *(partial(place, writer, p) for p in writer.site.package.places)]


def places(writer: Writer) -> Page:
    """Every place side by side: its latest count, of what kind, when, from whom."""
    package = writer.site.package
    latest = {}
    for place in package.places:
        reports = [p for r in package.resolutions_of(place.id) for p in package.progress_of(r.id)]
        newest = max((p.as_of for p in reports), default=None)
        # Every count of the latest report, each with its kind: never only one, never summed.
        latest[place.id] = sorted(
            (p for p in reports if p.as_of == newest), key=lambda p: list(CountKind).index(p.counts)
        )
    return writer.render("places.md.j2", urls.PLACES_PAGE, places=package.places, latest=latest)


def place(writer: Writer, place: Place) -> Page:
    package = writer.site.package
    return writer.render(
        "place.md.j2",
        urls.place_page(place.id),
        place=place,
        resolutions=sorted(package.resolutions_of(place.id), key=lambda r: (-r.period_end, r.id)),
        reports=sorted(
            (p for r in package.resolutions_of(place.id) for p in package.progress_of(r.id)),
            key=lambda p: (p.as_of, p.resolution_id, p.counts.value),
        ),
        successors=package.successors_of(place.id),
        predecessors=package.predecessors_of(place.id),
    )
