"""The areas (economy, society, ...) and a page per area with its targets, per resolution."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from chitieu.pages.writer import Writer
from chitieu.records import (
    Area,
    Page,
)
from chitieu.site import urls


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [partial(areas, writer), *(partial(area, writer, a) for a in Area)]


def areas(writer: Writer) -> Page:
    counts = {area: sum(1 for i in writer.site.package.indicators if i.area is area) for area in Area}
    return writer.render("areas.md.j2", "areas/index.md", areas=list(Area), counts=counts)


def area(writer: Writer, area: Area) -> Page:
    groups = []
    for resolution in writer.site.resolutions_newest_first():
        chosen = [a for a in writer.site.assessments_of(resolution.id) if a.indicator.area is area]
        if chosen:
            groups.append((resolution, chosen))
    return writer.render("area.md.j2", urls.area_page(area), area=area, groups=groups)
