"""A page per series with more than one member: one measure across terms (the same target
in each resolution of a place), its chart, its table and a link to each target's page;
and an index of them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from chitieu.pages.writer import Writer
from chitieu.records import Indicator, Page
from chitieu.site import urls


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [
        partial(series_index, writer),
        *(partial(series_page, writer, key, members) for key, members in shown(writer).items()),
    ]


def shown(writer: Writer) -> dict[str, tuple[Indicator, ...]]:
    """The series with a page: those of more than one member (one alone is its target's page)."""
    return {key: members for key, members in writer.site.series.items() if len(members) > 1}


def series_index(writer: Writer) -> Page:
    """Every series page, by its newest member's name (the index is always written: the
    navigation lists it, and it says when there is none)."""
    return writer.render("series-index.md.j2", urls.SERIES_PAGE, series=shown(writer))


def series_page(writer: Writer, key: str, members: tuple[Indicator, ...]) -> Page:
    return writer.render(
        "series.md.j2",
        urls.series_page(key),
        key=key,
        assessments=[writer.site.by_indicator[i.id] for i in members],
    )
