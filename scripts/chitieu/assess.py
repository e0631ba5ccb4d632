"""Assess every target: its status, percent of target and where each number comes from.

in: Package (validated). out: tuple[Assessment, ...], one per indicator, in the package's order.

Pure: no files, no clock, no words. The one rule is `status_of`; the methodology page
quotes its docstring, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal

from chitieu.figures import (
    HUNDRED,
    achievement_bound,
    compared_in_points,
    computed_percent,
    derived_target,
    is_partial,
    parse_period,
    points_from_target,
)
from chitieu.records import (
    Assessment,
    CountKind,
    Direction,
    Indicator,
    Moment,
    Observation,
    Origin,
    Package,
    ProgressReport,
    Resolution,
    ResolutionKind,
    ResolutionStanding,
    Scorecard,
    Standing,
    Status,
    TimelineStep,
    ValueQualifier,
)

# From worst to best, so that "a larger value never lowers the status" can be tested.
PROGRESS_ORDER = (Status.NOT_YET_MET, Status.MET, Status.EXCEEDED)


def status_of(
    *,
    direction: Direction,
    value: Decimal | None,
    value_qualifier: ValueQualifier,
    reported_percent: Decimal | None,
    target: Decimal | None,
) -> Status:
    """The status of a target from its latest figure: the one rule of the site.

    1. No figure (neither a value nor a reported percent): **no data**.
    2. The report states a percent of target: that percent decides, as printed.
    3. Otherwise, with a target published in the resolution, we compare the value with
       it: value ÷ target × 100 for a target to raise, target ÷ value × 100 for a target
       to lower (fewer poor households is better).
    4. Otherwise: **target not published**. We never guess a target.
    5. Above 100 %: **exceeded**; exactly 100 %: **met**; below: **not yet met**.
    6. "Over N" and "under N" figures count as met or exceeded only when the bound proves
       it: "over 182,000 t" at 100 % of plan is **exceeded**, "under N" at 100 % is **not yet
       met**, and a bound that leaves the answer open counts as **not yet met**.

    Only the resolution's own target counts: a percent against another basis (the
    province's estimate, the local plan, the same period a year before) is shown beside
    the status, never folded into it. A figure for part of the period (the first half of
    the year, three years of a five-year term) is assessed the same way and marked as
    partial: it is progress within the period, not a miss.

    >>> status_of(direction=Direction.INCREASE, value=Decimal("182000"),
    ...           value_qualifier=ValueQualifier.MORE_THAN, reported_percent=Decimal("109.67"),
    ...           target=None).value
    'exceeded'
    >>> status_of(direction=Direction.INCREASE, value=Decimal("7.58"),
    ...           value_qualifier=ValueQualifier.EXACT, reported_percent=None, target=None).value
    'target-not-published'
    """
    if value is None and reported_percent is None:
        return Status.NO_DATA
    bound = achievement_bound(direction, value_qualifier)
    if reported_percent is not None:
        # 100 vs the percent is the same comparison as value vs target, so one code path.
        side = _sign(reported_percent - HUNDRED)
    elif target is not None and value is not None:
        # Compare without dividing: a target of 0 poor households is a real target.
        gap = value - target if direction is Direction.INCREASE else target - value
        side = _sign(gap)
    else:
        return Status.TARGET_NOT_PUBLISHED
    if bound == "upper":
        return Status.NOT_YET_MET
    if side > 0 or (side == 0 and bound == "lower"):
        return Status.EXCEEDED
    return Status.MET if side == 0 else Status.NOT_YET_MET


def _sign(number: Decimal) -> int:
    return (number > 0) - (number < 0)


def latest_figure(observations: Iterable[Observation]) -> Observation | None:
    """The last reported observation that has a value or a percent (by report date)."""
    with_figure = [o for o in observations if o.value is not None or o.percent_of_target is not None]
    return max(with_figure, key=lambda o: (o.as_of, o.period, o.id), default=None)


def assess_indicator(package: Package, indicator: Indicator) -> Assessment:
    """Everything the site says about one target, with the inputs of its status."""
    observations = package.observations_of(indicator.id)
    sources = sorted({package.source(o.source_id) for o in observations}, key=lambda s: (s.published, s.id))
    unassessed = Assessment(
        indicator=indicator,
        resolution=package.resolution(indicator.resolution_id),
        status=Status.NO_DATA,
        observations=observations,
        latest=None,
        percent=None,
        percent_origin=None,
        target=indicator.target,
        target_origin=Origin.PUBLISHED if indicator.target is not None else None,
        target_is_lower_bound=False,
        partial=False,
        disagreement=None,
        sources=tuple(sources),
    )
    latest = latest_figure(observations)
    return unassessed if latest is None else _with_figure(unassessed, latest)


def _with_figure(unassessed: Assessment, latest: Observation) -> Assessment:
    """The assessment of a target whose latest figure is `latest`."""
    indicator = unassessed.indicator
    value, reported, target = latest.value, latest.percent_of_target, indicator.target
    # A rate or a share against its published target: in points, never as a percent of it.
    in_points = value is not None and target is not None and compared_in_points(indicator)
    computed = (
        computed_percent(indicator.direction, value, target)
        if value is not None and target is not None and not in_points
        else None
    )
    percent, origin = (reported, Origin.REPORTED) if reported is not None else (computed, Origin.COMPUTED)
    status = status_of(
        direction=indicator.direction,
        value=value,
        value_qualifier=latest.value_qualifier,
        reported_percent=reported,
        target=target,
    )
    assessed = replace(
        unassessed,
        status=status,
        latest=latest,
        percent=percent,
        percent_origin=origin if percent is not None else None,
        partial=is_partial(latest.period, unassessed.resolution, indicator),
        disagreement=reported - computed if reported is not None and computed is not None else None,
        points=points_from_target(value, target)
        if in_points and value is not None and target is not None
        else None,
    )
    return _with_derived_target(assessed, latest) if target is None else assessed


def _with_derived_target(assessment: Assessment, latest: Observation) -> Assessment:
    """The target a reported percent implies ("value is P % of plan"), marked as derived."""
    value, reported = latest.value, latest.percent_of_target
    if reported is None or value is None:
        return assessment
    target = derived_target(assessment.indicator.direction, value, reported)
    if target is None:
        return assessment
    # The report's percent came from the true figure, so "over N" makes the implied target
    # "over" too, and "under N" makes it "under".
    return replace(
        assessment,
        target=target,
        target_origin=Origin.DERIVED,
        target_is_lower_bound=latest.value_qualifier is ValueQualifier.MORE_THAN,
        target_is_upper_bound=latest.value_qualifier is ValueQualifier.LESS_THAN,
    )


def assess(package: Package) -> tuple[Assessment, ...]:
    """One assessment per indicator, in the order of indicators.csv."""
    return tuple(assess_indicator(package, indicator) for indicator in package.indicators)


def summarise(assessments: Iterable[Assessment]) -> dict[Status, int]:
    """How many targets have each status, every status listed (zeros too), in the
    order of `Status`."""
    counts = dict.fromkeys(Status, 0)
    for assessment in assessments:
        counts[assessment.status] += 1
    return counts


def summarise_by_resolution(assessments: Iterable[Assessment]) -> Mapping[str, dict[Status, int]]:
    """`summarise` per resolution id, resolutions in the order first met."""
    grouped: dict[str, list[Assessment]] = {}
    for assessment in assessments:
        grouped.setdefault(assessment.resolution.id, []).append(assessment)
    return {resolution_id: summarise(group) for resolution_id, group in grouped.items()}


def current_resolution(package: Package, standings: Mapping[str, ResolutionStanding]) -> Resolution | None:
    """The resolution the home page is about: of the resolutions in force (all of them when
    none is), the term resolution that ends last (an annual resolution only when there is no
    term one); ties go to the one listed last."""
    in_force = [r for r in package.resolutions if standings[r.id].standing is Standing.IN_FORCE]
    chosen = in_force or list(package.resolutions)
    terms = [r for r in chosen if r.kind is ResolutionKind.TERM] or chosen
    return max(reversed(terms), key=lambda r: (r.period_end, r.period_start), default=None)


def headline_reports(package: Package, resolution_id: str) -> tuple[ProgressReport, ...]:
    """The statements of targets met or exceeded, oldest first: the count the headline and
    the chart show. Statements of other kinds are listed beside them, never added to them."""
    return tuple(r for r in package.progress_of(resolution_id) if r.counts is CountKind.MET_OR_EXCEEDED)


def series_of(package: Package) -> dict[str, tuple[Indicator, ...]]:
    """One measure across a place's resolutions (the `series` column), oldest first, by a
    stable id: the series key, or "<place>-<key>" when several places share the key (a
    province's package: its districts' series never mix on one page)."""
    groups: dict[tuple[str, str], list[Indicator]] = {}
    for indicator in package.indicators:
        place = place_key(package.resolution(indicator.resolution_id))
        groups.setdefault((place, indicator.series), []).append(indicator)
    places_of: dict[str, int] = {}
    for _, key in groups:
        places_of[key] = places_of.get(key, 0) + 1
    return {
        (key if places_of[key] == 1 else _slug(f"{place}-{key}")): tuple(
            sorted(members, key=lambda i: (package.resolution(i.resolution_id).period_start, i.id))
        )
        for (place, key), members in groups.items()
    }


def _slug(text: str) -> str:
    """An id made of ASCII letters, digits and hyphens (đ as d, marks dropped)."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def scorecard(package: Package, resolution: Resolution) -> Scorecard:
    """The latest report's counts as parts of the targets set: exceeded, met, on schedule,
    not yet assessed, and not known (the rest).

    Only counts of disjoint kinds are parts of one bar: "completed" is counted among the
    targets on schedule (the reports say "of which"), so it is told in words, never added.
    When the parts would come to more than the total (a report read two ways), only the
    met-or-exceeded count is drawn and the rest is "not known".
    """
    reports = package.progress_of(resolution.id)
    newest = max((r.as_of for r in reports), default=None)
    statements = tuple(r for r in reports if r.as_of == newest)
    total = max([resolution.targets_total or 0, *(r.targets_total for r in statements)])
    counts = {kind: sum(r.targets_counted for r in statements if r.counts is kind) for kind in CountKind}
    headline = [r for r in statements if r.counts is CountKind.MET_OR_EXCEEDED]
    exceeded = sum(r.targets_exceeded or 0 for r in headline)
    met = counts[CountKind.MET_OR_EXCEEDED] - exceeded
    on_schedule, not_assessed = counts[CountKind.ON_SCHEDULE], counts[CountKind.NOT_YET_ASSESSED]
    if exceeded + met + on_schedule + not_assessed > total:
        on_schedule = not_assessed = 0
    known = exceeded + met + on_schedule + not_assessed
    return Scorecard(
        resolution,
        statements,
        total,
        exceeded=exceeded,
        met=met,
        exceeded_told=any(r.targets_exceeded is not None for r in headline),
        on_schedule=on_schedule,
        not_assessed=not_assessed,
        not_known=max(total - known, 0),
    )


def standing_of(package: Package, resolution: Resolution, today: dt.date) -> ResolutionStanding:
    """Where a resolution stands on `today` (the build's own date, never the clock):

    1. **In force** until its period ends (31 December of its last year) and while its
       place exists.
    2. Then **superseded** when it was its place's last resolution of its kind and a place
       its place became (followed through the changes of places) has a resolution of the
       same kind that began since: the successor.
    3. Otherwise **ended**. Either way the last statement of targets met or exceeded is
       kept, and whether a statement covers the whole period (a final result).
    """
    reports = headline_reports(package, resolution.id)
    final = any(parse_period(r.period).end >= (resolution.period_end, 12) for r in reports)
    last = reports[-1] if reports else None
    if today <= end_of(package, resolution):
        return ResolutionStanding(resolution, Standing.IN_FORCE, last, final)
    later = [
        r
        for r in package.resolutions_of(resolution.place_id or "")
        if r.kind is resolution.kind and r.period_start > resolution.period_start
    ]
    successor = None if later or not resolution.place_id else _successor(package, resolution)
    if successor is not None:
        return ResolutionStanding(resolution, Standing.SUPERSEDED, last, final, successor)
    return ResolutionStanding(resolution, Standing.ENDED, last, final)


def _place_ids(package: Package) -> set[str]:
    return {p.id for p in package.places}


def _successor(package: Package, resolution: Resolution) -> Resolution | None:
    """The earliest resolution of the same kind, begun since, of a place this one's place became."""
    seen, queue = set(), [resolution.place_id] if resolution.place_id else []
    candidates: list[Resolution] = []
    while queue:
        for change in package.successors_of(queue.pop()):
            if change.successor_id in seen:
                continue
            seen.add(change.successor_id)
            queue.append(change.successor_id)
            candidates += [
                r
                for r in package.resolutions_of(change.successor_id)
                if r.kind is resolution.kind and r.period_start >= resolution.period_start
            ]
    return min(candidates, key=lambda r: (r.period_start, r.id), default=None)


def timeline_of(package: Package, standing: ResolutionStanding, today: dt.date) -> tuple[TimelineStep, ...]:
    """A term's steps, oldest first: it begins; the annual resolutions of its place for
    its years, each with its own statements; its progress statements; today, while it
    runs; its end (its last year, or its place's last day when that came sooner); the
    change of its place that ended it, and the year the successor's term begins.

    An annual resolution for year Y belongs to the term with start < Y <= end: a congress
    sits late in its first year, so that year's resolution was set by the term before."""
    term = standing.resolution
    end = end_of(package, term)
    steps = [TimelineStep(Moment.BEGINS, dt.date(term.period_start, 1, 1), year_only=True)]
    steps += [
        TimelineStep(
            Moment.ANNUAL,
            dt.date(r.period_start, 1, 1),
            True,
            resolution=r,
            reports=package.progress_of(r.id),
        )
        for r in package.resolutions
        if r.kind is ResolutionKind.ANNUAL
        and place_key(r) == place_key(term)
        and term.period_start < r.period_start <= term.period_end
    ]
    steps += [TimelineStep(Moment.REPORT, r.as_of, False, report=r) for r in package.progress_of(term.id)]
    if dt.date(term.period_start, 1, 1) <= today <= end:
        steps.append(TimelineStep(Moment.TODAY, today, False))
    ends_with_year = end == dt.date(term.period_end, 12, 31)
    steps.append(TimelineStep(Moment.ENDS, end, ends_with_year, resolution=term, past=end < today))
    # A change of its place after the term ended is another term's story.
    changes = tuple(
        c for c in package.successors_of(term.place_id or "") if c.date <= end + dt.timedelta(days=1)
    )
    steps += [TimelineStep(Moment.PLACE_CHANGED, c.date, False, change=c) for c in changes]
    if standing.successor is not None:
        begins = dt.date(standing.successor.period_start, 1, 1)
        # Not before the place it belongs to exists: the year is what is shown.
        begins = max([begins, *(c.date for c in changes if c.date.year == begins.year)])
        steps.append(TimelineStep(Moment.SUCCESSOR, begins, True, resolution=standing.successor))
    order = list(Moment)
    return tuple(sorted(steps, key=lambda step: (step.day, order.index(step.moment))))


def timelines(
    package: Package, standings: Mapping[str, ResolutionStanding], today: dt.date
) -> dict[str, tuple[TimelineStep, ...]]:
    """`timeline_of` every term resolution, by id."""
    return {
        key: timeline_of(package, standing, today)
        for key, standing in standings.items()
        if standing.resolution.kind is ResolutionKind.TERM
    }


def end_of(package: Package, resolution: Resolution) -> dt.date:
    """A resolution's last day: 31 December of its last year, or its place's last day
    when the place ended sooner."""
    end = dt.date(resolution.period_end, 12, 31)
    place = package.place(resolution.place_id) if resolution.place_id in _place_ids(package) else None
    if place is not None and place.valid_to is not None and place.valid_to < end:
        return place.valid_to
    return end


def place_key(resolution: Resolution) -> str:
    """Whose resolution it is: its place, or its jurisdiction's name where no place is recorded."""
    return resolution.place_id or resolution.jurisdiction_en


def standings(package: Package, today: dt.date) -> dict[str, ResolutionStanding]:
    """`standing_of` every resolution, by id, in the package's order."""
    return {r.id: standing_of(package, r, today) for r in package.resolutions}
