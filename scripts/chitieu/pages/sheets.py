"""A one-page A4 sheet per resolution, to print for a meeting: where it stands, its
latest count, and each known target with its figure and status, in black and white
(overrides/sheet.html); no navigation, out of the sitemap and the search."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from chitieu import assess
from chitieu.pages.writer import Writer
from chitieu.records import Page, Resolution
from chitieu.site import urls

# The table's type, set smaller as the targets grow so that the sheet stays one A4 page
# (chitieu.css .ct-sheet__targets--<n>): up to this many rows at 8.5 pt, then at 7 pt, as
# measured in Chromium's print; beyond, 6 pt, on one page up to MOST_ON_ONE_PAGE rows.
ROWS_PER_SIZE = (16, 28)
MOST_ON_ONE_PAGE = 40


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [partial(sheet, writer, r) for r in writer.site.package.resolutions]


def sheet(writer: Writer, resolution: Resolution) -> Page:
    package = writer.site.package
    assessments = writer.site.assessments_of(resolution.id)
    statements = assess.scorecard(package, resolution).statements
    source_ids = {a.latest.source_id for a in assessments if a.latest} | {s.source_id for s in statements}
    return writer.render(
        "sheet-resolution.md.j2",
        urls.sheet_page(resolution.id),
        resolution=resolution,
        assessments=assessments,
        density=sum(len(assessments) > rows for rows in ROWS_PER_SIZE),
        publishers=sorted({package.source(i).publisher for i in source_ids}),
        address=writer.site.links.page(urls.resolution_page(resolution.id), writer.language)
        if writer.site.links.base
        else None,
    )
