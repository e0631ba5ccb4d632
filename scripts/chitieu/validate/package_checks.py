"""Our checks of the typed package: the rules a Frictionless schema cannot say. They read
every row that could be made into a record, so they run alongside the schema's problems,
not after them."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from urllib.parse import urlsplit

from chitieu import figures
from chitieu.problems import Problem
from chitieu.records import Direction, Package, ResolutionKind, ValueQualifier
from chitieu.validate.rules import Context, emits

# --- Package checks ----------------------------------------------------------------------------


@emits("url-not-http")
def urls_are_http(package: Package, context: Context) -> Iterator[Problem]:
    """A source's address is a link on the site: only a web page may be linked, never
    `javascript:`, `file:` or a bare word."""
    for i, source in enumerate(package.sources):
        if source.url is None:
            continue
        parts = urlsplit(source.url)
        if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", source.url):
            yield context.problem("url-not-http", "sources", i, "url", source.url)


@emits("future-date")
def dates_not_in_future(package: Package, context: Context) -> Iterator[Problem]:
    """A report cannot be published, nor a figure stated, after today."""
    today = context.today
    for i, source in enumerate(package.sources):
        if source.published > today:
            yield context.problem("future-date", "sources", i, "published", source.published, today=today)
    for i, observation in enumerate(package.observations):
        if observation.as_of > today:
            yield context.problem("future-date", "observations", i, "as_of", observation.as_of, today=today)
    for i, report in enumerate(package.progress_reports):
        if report.as_of > today:
            yield context.problem("future-date", "progress_reports", i, "as_of", report.as_of, today=today)


@emits("as-of-after-source")
def as_of_not_after_source(package: Package, context: Context) -> Iterator[Problem]:
    """A figure can be stated as of a day before its report came out, never after it."""
    published = {s.id: s.published for s in package.sources}
    dated: list[tuple[str, Sequence[tuple[dt.date, str]]]] = [
        ("observations", [(o.as_of, o.source_id) for o in package.observations]),
        ("progress_reports", [(p.as_of, p.source_id) for p in package.progress_reports]),
    ]
    for resource, rows in dated:
        for i, (as_of, source_id) in enumerate(rows):
            day = published.get(source_id)
            if day is not None and as_of > day:
                yield context.problem(
                    "as-of-after-source", resource, i, "as_of", as_of, source=source_id, published=day
                )


@emits("percent-inconsistent")
def percent_matches_target(package: Package, context: Context) -> Iterator[Problem]:
    """A reported percent of target must agree with value / published target.

    Within `figures.MISTAKE_TOLERANCE` points of the percent the site computes; an "over
    N" value only bounds the percent from below and an "under N" value from above. Targets
    to decrease are left out: reports do not say whether they divide the value by the
    target or the target by the value.
    """
    targets = {i.id: i.target for i in package.indicators if i.direction is Direction.INCREASE}
    for i, observation in enumerate(package.observations):
        target = targets.get(observation.indicator_id)
        reported = observation.percent_of_target
        if target is None or reported is None or observation.value is None:
            continue
        computed = figures.computed_percent(Direction.INCREASE, observation.value, target)
        if computed is None:
            continue
        qualifier = observation.value_qualifier
        tolerance = figures.MISTAKE_TOLERANCE
        too_low = reported < computed - tolerance and qualifier != ValueQualifier.LESS_THAN
        too_high = reported > computed + tolerance and qualifier != ValueQualifier.MORE_THAN
        if too_low or too_high:
            yield context.problem(
                "percent-inconsistent",
                "observations",
                i,
                "percent_of_target",
                reported,
                computed=computed,
                figure=observation.value,
                target=target,
                tolerance=tolerance,
            )


@emits("targets-total-below-listed", "targets-met-above-total", "targets-exceeded-above-met")
def target_counts_add_up(package: Package, context: Context) -> Iterator[Problem]:
    """A resolution sets at least the targets listed for it; a progress report cannot
    count more targets met than there are, nor more exceeded than met ("met" counts
    "met or exceeded", as the reports do)."""
    listed = Counter(i.resolution_id for i in package.indicators)
    for i, resolution in enumerate(package.resolutions):
        total = resolution.targets_total
        if total is not None and total < listed[resolution.id]:
            yield context.problem(
                "targets-total-below-listed",
                "resolutions",
                i,
                "targets_total",
                total,
                listed=listed[resolution.id],
            )
    for i, report in enumerate(package.progress_reports):
        if report.targets_met > report.targets_total:
            yield context.problem(
                "targets-met-above-total",
                "progress_reports",
                i,
                "targets_met",
                report.targets_met,
                total=report.targets_total,
            )
        if report.targets_exceeded is not None and report.targets_exceeded > report.targets_met:
            yield context.problem(
                "targets-exceeded-above-met",
                "progress_reports",
                i,
                "targets_exceeded",
                report.targets_exceeded,
                met=report.targets_met,
            )


@emits(
    "target-without-qualifier",
    "qualifier-without-target",
    "baseline-without-year",
    "baseline-year-without-baseline",
)
def values_come_with_their_qualifiers(package: Package, context: Context) -> Iterator[Problem]:
    """A target means nothing without "at least", "about"...; a baseline nothing without its year."""
    for i, indicator in enumerate(package.indicators):
        if indicator.target is not None and indicator.target_qualifier is None:
            yield context.problem("target-without-qualifier", "indicators", i, "target_qualifier")
        if indicator.target is None and indicator.target_qualifier is not None:
            yield context.problem(
                "qualifier-without-target", "indicators", i, "target_qualifier", indicator.target_qualifier
            )
        if indicator.baseline is not None and indicator.baseline_year is None:
            yield context.problem("baseline-without-year", "indicators", i, "baseline_year")
        if indicator.baseline is None and indicator.baseline_year is not None:
            yield context.problem(
                "baseline-year-without-baseline", "indicators", i, "baseline_year", indicator.baseline_year
            )


@emits(
    "period-reversed",
    "annual-resolution-spans-years",
    "period-outside-resolution",
    "as-of-before-period",
    "target-year-outside-resolution",
    "baseline-year-after-start",
)
def years_are_plausible(package: Package, context: Context) -> Iterator[Problem]:
    """Every year falls inside the resolution it belongs to, and no figure is reported
    before its period began."""
    terms = {r.id: (r.period_start, r.period_end) for r in package.resolutions}
    yield from _resolution_years(package, context)
    yield from _indicator_years(package, context, terms)
    term_of = {i.id: terms[i.resolution_id] for i in package.indicators if i.resolution_id in terms}
    periods: list[tuple[str, Sequence[tuple[str, dt.date, tuple[int, int] | None]]]] = [
        ("observations", [(o.period, o.as_of, term_of.get(o.indicator_id)) for o in package.observations]),
        (
            "progress_reports",
            [(p.period, p.as_of, terms.get(p.resolution_id)) for p in package.progress_reports],
        ),
    ]
    for resource, rows in periods:
        for i, (period, as_of, term) in enumerate(rows):
            yield from _period_years(context, resource, i, period, as_of, term)


def _resolution_years(package: Package, context: Context) -> Iterator[Problem]:
    for i, resolution in enumerate(package.resolutions):
        start, end = resolution.period_start, resolution.period_end
        if start > end:
            yield context.problem(
                "period-reversed", "resolutions", i, "period_end", end, start=start, end=end
            )
        elif resolution.kind is ResolutionKind.ANNUAL and start != end:
            yield context.problem(
                "annual-resolution-spans-years", "resolutions", i, "period_end", end, start=start
            )


def _indicator_years(
    package: Package, context: Context, terms: Mapping[str, tuple[int, int]]
) -> Iterator[Problem]:
    for i, indicator in enumerate(package.indicators):
        term = terms.get(indicator.resolution_id)
        if term is None:
            continue  # an unknown resolution: the foreign key reports it
        start, end = term
        year, baseline = indicator.target_year, indicator.baseline_year
        if year is not None and not start <= year <= end:
            yield context.problem(
                "target-year-outside-resolution", "indicators", i, "target_year", year, start=start, end=end
            )
        if baseline is not None and baseline > start:
            yield context.problem(
                "baseline-year-after-start", "indicators", i, "baseline_year", baseline, start=start
            )


def _period_years(
    context: Context, resource: str, i: int, period: str, as_of: dt.date, term: tuple[int, int] | None
) -> Iterator[Problem]:
    try:
        parsed = figures.parse_period(period)
    except ValueError:
        return  # not a period at all: the schema's pattern reports it
    first, last = parsed.start_year, parsed.end_year
    if first > last:
        yield context.problem("period-reversed", resource, i, "period", period, start=first, end=last)
        return
    if term is not None and not (term[0] <= first and last <= term[1]):
        yield context.problem(
            "period-outside-resolution", resource, i, "period", period, start=term[0], end=term[1]
        )
    if as_of.year < first:
        yield context.problem("as-of-before-period", resource, i, "as_of", as_of, period=period)


@emits(
    "place-dates-reversed", "resolution-outside-place", "change-predecessor-dates", "change-successor-dates"
)
def places_are_consistent(package: Package, context: Context) -> Iterator[Problem]:
    """A place ends after it begins; a resolution begins while its place exists; a change of
    places agrees with both places' dates: the predecessor's last day is the day before the
    change, the successor's first day is the day of the change."""
    for i, place in enumerate(package.places):
        if place.valid_from and place.valid_to and place.valid_from > place.valid_to:
            yield context.problem(
                "place-dates-reversed", "places", i, "valid_to", place.valid_to, start=place.valid_from
            )
    places = {p.id: p for p in package.places}
    for i, resolution in enumerate(package.resolutions):
        of = places.get(resolution.place_id or "")
        if of is None:
            continue  # none recorded, or an unknown id: the foreign key reports it
        began = of.valid_from.year if of.valid_from else resolution.period_start
        ended = of.valid_to.year if of.valid_to else resolution.period_start
        if not began <= resolution.period_start <= ended:
            yield context.problem(
                "resolution-outside-place", "resolutions", i, "period_start", resolution.period_start,
                place=of.id, start=of.valid_from or "", end=of.valid_to or "",
            )  # fmt: skip
    for i, change in enumerate(package.place_changes):
        before, after = places.get(change.predecessor_id), places.get(change.successor_id)
        last_day = change.date - dt.timedelta(days=1)
        if before is not None and before.valid_to not in (None, last_day):
            yield context.problem(
                "change-predecessor-dates", "place_changes", i, "date", change.date,
                place=before.id, valid_to=before.valid_to, expected=last_day,
            )  # fmt: skip
        if after is not None and after.valid_from not in (None, change.date):
            yield context.problem(
                "change-successor-dates", "place_changes", i, "date", change.date,
                place=after.id, valid_from=after.valid_from,
            )  # fmt: skip
