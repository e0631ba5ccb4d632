"""The embeddable view of each target and resolution (/embed/...): its chart or scorecard,
its status and source, and a link back, without the site's navigation
(overrides/embed.html), for a newspaper's or a ward's own page to show in an iframe."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from chitieu.pages.writer import Writer
from chitieu.records import Assessment, Page, Resolution
from chitieu.site import urls


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [
        *(partial(indicator_embed, writer, a) for a in writer.site.assessments),
        *(partial(resolution_embed, writer, r) for r in writer.site.package.resolutions),
    ]


def indicator_embed(writer: Writer, assessment: Assessment) -> Page:
    indicator = assessment.indicator
    return writer.render(
        "embed-indicator.md.j2",
        urls.embed_page(urls.indicator_page(indicator.id)),
        a=assessment,
        indicator=indicator,
    )


def resolution_embed(writer: Writer, resolution: Resolution) -> Page:
    return writer.render(
        "embed-resolution.md.j2",
        urls.embed_page(urls.resolution_page(resolution.id)),
        resolution=resolution,
    )
