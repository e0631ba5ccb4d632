"""The methodology: the status rule as assess.status_of documents it, and real targets
behind each status, derived target, partial figure and disagreement."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from functools import partial

from markupsafe import Markup

from chitieu import assess, figures
from chitieu.pages.writer import Writer
from chitieu.records import (
    Assessment,
    Origin,
    Page,
    Status,
)
from chitieu.site import urls


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [partial(methodology, writer)]


def methodology(writer: Writer) -> Page:
    return writer.render(
        "methodology.md.j2",
        urls.METHODOLOGY_PAGE,
        intro=writer.intro(urls.METHODOLOGY_PAGE),
        rule=Markup(status_rule()),
        examples=examples(writer.site.assessments),
        derived=newest_first(a for a in writer.site.assessments if a.target_origin is Origin.DERIVED)[
            :EXAMPLES
        ],
        partial=newest_first(a for a in writer.site.assessments if a.partial)[:EXAMPLES],
        in_points=newest_first(a for a in writer.site.assessments if a.points is not None)[:EXAMPLES],
        disagreements=newest_first(a for a in writer.site.assessments if figures.disagrees(a))[:EXAMPLES],
    )


def status_rule() -> str:
    """The status rule as `assess.status_of` documents it, without its doctests."""
    doc = inspect.getdoc(assess.status_of) or ""
    return doc.split("\n>>>", 1)[0].strip()


# The methodology page shows this many real targets per case (newest resolution first),
# so that it stays one readable page however many targets the package holds.
EXAMPLES = 3


def newest_first(assessments: Iterable[Assessment]) -> list[Assessment]:
    return sorted(assessments, key=lambda a: (-a.resolution.period_end, -a.resolution.period_start))


def examples(assessments: Iterable[Assessment]) -> list[tuple[Status, list[Assessment], int]]:
    """A few real targets behind each status, and how many more there are."""
    ordered = newest_first(assessments)
    cases = []
    for status in Status:
        chosen = [a for a in ordered if a.status is status]
        cases.append((status, chosen[:EXAMPLES], max(0, len(chosen) - EXAMPLES)))
    return cases
