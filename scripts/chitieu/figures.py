"""Every rule about figures, in one place: what a period covers, a percent of target, a
target implied by a reported percent, the bound an "over N" figure sets, and when a
reported percent disagrees with ours.

Pure functions of records and numbers, used by the stages that need them: validation
(its checks), assessment (statuses), the pages, the charts and the exports. A rule that
two of them need lives here, never in both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from chitieu.records import Assessment, Direction, Indicator, Measure, Resolution, ValueQualifier

HUNDRED = Decimal(100)
# A percent we compute is shown to two decimals, as the reports print theirs (109.67);
# a reported percent is kept exactly as printed.
COMPUTED_PERCENT_PLACES = Decimal("0.01")

# A reported percent that differs from ours by more than this many points is a mistake
# the validator refuses (a typo, a wrong target); within it, the difference is rounding
# or the report's own arithmetic, and the data-quality page lists it when it goes beyond
# the printed digits (`disagrees`).
MISTAKE_TOLERANCE = Decimal("0.5")

_PERIOD = re.compile(
    r"^(?P<year>[0-9]{4})(?:-(?:(?P<end>[0-9]{4})|H(?P<half>[12])|Q(?P<quarter>[1-4])|(?P<months>[0-9]{1,2})M))?$"
)


@dataclass(frozen=True, slots=True)
class Period:
    """What an observation's `period` cell covers, from its first to its last month."""

    text: str  # as written in the data: 2019, 2020-2023, 2018-H1, 2018-Q2, 2020-9M
    start_year: int
    start_month: int
    end_year: int
    end_month: int
    part: str | None  # "H1", "Q2", "9M"... None for whole years

    @property
    def end(self) -> tuple[int, int]:
        return (self.end_year, self.end_month)


def parse_period(text: str) -> Period:
    """Read a period cell (the schema's pattern has already accepted it).

    >>> parse_period("2018-H1").end
    (2018, 6)
    >>> parse_period("2020-2023").start_year, parse_period("2020-9M").end_month
    (2020, 9)
    """
    match = _PERIOD.match(text)
    if match is None:
        raise ValueError(f"not a period: {text!r}")
    year = int(match["year"])
    if match["end"]:
        return Period(text, year, 1, int(match["end"]), 12, None)
    if match["half"]:
        half = int(match["half"])
        return Period(text, year, 6 * half - 5, year, 6 * half, f"H{half}")
    if match["quarter"]:
        quarter = int(match["quarter"])
        return Period(text, year, 3 * quarter - 2, year, 3 * quarter, f"Q{quarter}")
    if match["months"]:
        return Period(text, year, 1, year, int(match["months"]), f"{int(match['months'])}M")
    return Period(text, year, 1, year, 12, None)


def achievement_bound(direction: Direction, qualifier: ValueQualifier) -> str | None:
    """Whether an "over N" / "under N" figure makes the achievement a lower or upper bound.

    Over 182,000 t of an increase target is at least that much achievement; over 311 poor
    households of a decrease target is at most that much.
    """
    if qualifier is ValueQualifier.EXACT:
        return None
    rising = (direction is Direction.INCREASE) == (qualifier is ValueQualifier.MORE_THAN)
    return "lower" if rising else "upper"


def computed_percent(direction: Direction, value: Decimal, target: Decimal) -> Decimal | None:
    """Percent of target achieved (100 = met), to two decimals; None when it cannot be a
    percent (a zero or negative divisor)."""
    numerator, denominator = (value, target) if direction is Direction.INCREASE else (target, value)
    if denominator <= 0:
        return None
    return (numerator * HUNDRED / denominator).quantize(COMPUTED_PERCENT_PLACES)


def derived_target(direction: Direction, value: Decimal, percent: Decimal) -> Decimal | None:
    """The target implied by "value is P % of plan", to the value's own precision.

    >>> derived_target(Direction.INCREASE, Decimal("182000"), Decimal("109.67"))
    Decimal('165952')
    """
    if percent <= 0:
        return None
    target = value * HUNDRED / percent if direction is Direction.INCREASE else value * percent / HUNDRED
    places = Decimal(1).scaleb(min(0, value.as_tuple().exponent))  # type: ignore[arg-type]
    return target.quantize(places)


def is_partial(period: str, resolution: Resolution, indicator: Indicator) -> bool:
    """The figure stops before the target's period ends (2018-H1 of the 2018 resolution,
    2020-2023 of 2020-2025)."""
    target_end = indicator.target_year or resolution.period_end
    return parse_period(period).end < (target_end, 12)


# Measures already written in percent: a growth rate (%/year) and a share (% of a whole).
POINT_MEASURES = (Measure.AVERAGE_ANNUAL_GROWTH, Measure.SHARE)


def compared_in_points(indicator: Indicator) -> bool:
    """A growth rate or a share is compared with its target in percentage points, never as
    a percent of it: 10.9 %/year against a target of 8.2 %/year is 2.7 points above it,
    while "132.93 % of plan" reads as a third more than planned. A percent that a report
    itself printed is kept as printed all the same."""
    return indicator.measure in POINT_MEASURES


def points_from_target(value: Decimal, target: Decimal) -> Decimal:
    """How many percentage points the value is above (positive) or below the target.

    >>> points_from_target(Decimal("10.9"), Decimal("8.2"))
    Decimal('2.7')
    """
    return value - target


def target_qualifier(assessment: Assessment) -> ValueQualifier:
    """How a derived target is worded: "over N" when it comes from an "over N" figure,
    "under N" from an "under N" one; a published target is exact."""
    if assessment.target_is_lower_bound:
        return ValueQualifier.MORE_THAN
    if assessment.target_is_upper_bound:
        return ValueQualifier.LESS_THAN
    return ValueQualifier.EXACT


def rounding_allowance(reported: Decimal) -> Decimal:
    """How far our two-decimal percent may sit from a reported one by rounding alone: half
    a unit of the reported percent's last printed digit, plus half of our last digit.

    >>> rounding_allowance(Decimal("166")), rounding_allowance(Decimal("109.67"))
    (Decimal('0.505'), Decimal('0.010'))
    """
    exponent = reported.as_tuple().exponent
    unit = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return unit / 2 + COMPUTED_PERCENT_PLACES / 2


def disagrees(assessment: Assessment) -> bool:
    """The reported percent and ours differ by more than the reported one's rounding: the
    one rule the methodology and data-quality pages list targets by.

    A report that prints 166 % covers anything from 165.5 % to 166.5 %.
    """
    if assessment.disagreement is None or assessment.latest is None:
        return False
    reported = assessment.latest.percent_of_target
    if reported is None:
        return False
    return abs(assessment.disagreement) > rounding_allowance(reported)
