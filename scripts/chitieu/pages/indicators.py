"""A page per target: its status and what it rests on, its figures, its chart, its sources."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from chitieu.pages.writer import Writer
from chitieu.records import (
    Assessment,
    Page,
)
from chitieu.site import urls


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [partial(indicator, writer, a) for a in writer.site.assessments]


def indicator(writer: Writer, assessment: Assessment) -> Page:
    indicator = assessment.indicator
    return writer.render(
        "indicator.md.j2",
        urls.indicator_page(indicator.id),
        a=assessment,
        indicator=indicator,
        resolution=assessment.resolution,
        same_series=writer.site.same_series(indicator),
        series_id=writer.site.series_id(indicator),
    )
