"""The /developers/ page: the files, the JSON API and its versioning, with examples."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from chitieu.export.api import (
    COMPARISON_COLUMNS,
    INDICATOR_TABLE_COLUMNS,
    SCHEMA_VERSION,
    api_index,
    assessment_dict,
)
from chitieu.export.archives import archive_name
from chitieu.export.json import to_json
from chitieu.pages.writer import Writer
from chitieu.records import Page
from chitieu.site import urls


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [partial(developers_page, writer)] if writer.site.data is not None else []


def developers_page(writer: Writer) -> Page:
    site = writer.site
    assert site.data is not None
    assessments = site.assessments
    # The example shows as much of the API as the data allow: a percent, else a figure.
    candidates = [a for a in assessments if a.percent is not None] or [a for a in assessments if a.latest]
    example = min(candidates or assessments, key=lambda a: a.indicator.id, default=None)
    index_entry = ""
    if example is not None:
        entries = api_index(site.package, [example], site.links)["indicators"]
        index_entry = to_json(next(e for e in entries if e["id"] == example.indicator.id))
    return writer.render(
        "developers.md.j2",
        urls.DEVELOPERS_PAGE,
        words="data",
        info=site.package.info,
        archive=archive_name(site.package),
        resources=[t.name for t in site.data.export.tables],
        assessment_fields=list(assessment_dict(example)) if example else [],
        methodology=urls.METHODOLOGY_PAGE,
        schema_version=SCHEMA_VERSION,
        example=example.indicator.id if example else "",
        example_entry=index_entry,
        site_address=site.links.base.rstrip("/"),
        comparison_columns=list(COMPARISON_COLUMNS.values()),
        indicator_columns=INDICATOR_TABLE_COLUMNS,
    )
