"""Assess every target: its status, percent of target and where each number comes from.

in: Package (validated). out: tuple[Assessment, ...], one per indicator, in the package's order.

Pure: no files, no clock, no words. The one rule is `status_of`; the methodology page
quotes its docstring, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from chitieu.figures import (
    HUNDRED,
    achievement_bound,
    computed_percent,
    derived_target,
    is_partial,
    parse_period,
)
from chitieu.records import (
    Assessment,
    CountKind,
    Direction,
    Indicator,
    Observation,
    Origin,
    Package,
    ProgressReport,
    Resolution,
    ResolutionKind,
    ResolutionStanding,
    Standing,
    Status,
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
    province's estimate, the town's plan, the same period a year before) is shown beside
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
    resolution = package.resolution(indicator.resolution_id)
    observations = package.observations_of(indicator.id)
    latest = latest_figure(observations)
    sources = sorted({package.source(o.source_id) for o in observations}, key=lambda s: (s.published, s.id))

    target, target_origin = indicator.target, Origin.PUBLISHED if indicator.target is not None else None
    percent: Decimal | None = None
    percent_origin: Origin | None = None
    lower_bound = upper_bound = partial = False
    disagreement: Decimal | None = None
    status = Status.NO_DATA
    if latest is not None:
        value, reported = latest.value, latest.percent_of_target
        computed = (
            computed_percent(indicator.direction, value, target)
            if value is not None and target is not None
            else None
        )
        if reported is not None:
            percent, percent_origin = reported, Origin.REPORTED
        elif computed is not None:
            percent, percent_origin = computed, Origin.COMPUTED
        if reported is not None and computed is not None:
            disagreement = reported - computed
        if target is None and reported is not None and value is not None:
            target = derived_target(indicator.direction, value, reported)
            target_origin = Origin.DERIVED if target is not None else None
            # The report's percent came from the true figure, so "over N" makes the
            # implied target "over" too, and "under N" makes it "under".
            lower_bound = target is not None and latest.value_qualifier is ValueQualifier.MORE_THAN
            upper_bound = target is not None and latest.value_qualifier is ValueQualifier.LESS_THAN
        partial = is_partial(latest.period, resolution, indicator)
        status = status_of(
            direction=indicator.direction,
            value=value,
            value_qualifier=latest.value_qualifier,
            reported_percent=reported,
            target=indicator.target,
        )
    return Assessment(
        indicator=indicator,
        resolution=resolution,
        status=status,
        observations=observations,
        latest=latest,
        percent=percent,
        percent_origin=percent_origin,
        target=target,
        target_origin=target_origin,
        target_is_lower_bound=lower_bound,
        target_is_upper_bound=upper_bound,
        partial=partial,
        disagreement=disagreement,
        sources=tuple(sources),
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
    place = package.place(resolution.place_id) if resolution.place_id in _place_ids(package) else None
    over = today > dt.date(resolution.period_end, 12, 31) or (
        place is not None and place.valid_to is not None and place.valid_to < today
    )
    if not over:
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


def standings(package: Package, today: dt.date) -> dict[str, ResolutionStanding]:
    """`standing_of` every resolution, by id, in the package's order."""
    return {r.id: standing_of(package, r, today) for r in package.resolutions}
