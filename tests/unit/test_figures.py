"""The rules about figures (chitieu.figures): periods, percents, derived targets, bounds,
and when a reported percent disagrees with ours."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D

import pytest

from chitieu import figures
from chitieu.assess import assess
from chitieu.figures import is_partial, parse_period
from chitieu.records import Direction, Measure, Origin, Status, ValueQualifier
from tests.unit.test_assess import OVER, indicator, observation, package, term


def test_a_period_cell_is_read_to_its_first_and_last_month() -> None:
    assert (parse_period("2015-2020").start_year, parse_period("2015-2020").end) == (2015, (2020, 12))
    assert parse_period("2020-Q3").end == (2020, 9)
    assert (parse_period("2018-H1").part, parse_period("2020-9M").part) == ("H1", "9M")
    with pytest.raises(ValueError):
        parse_period("năm 2020")


@pytest.mark.parametrize(
    ("period", "start", "end", "target_year", "partial"),
    [
        pytest.param("2018-H1", 2018, 2018, None, True, id="half-year-of-annual"),
        pytest.param("2018", 2018, 2018, None, False, id="whole-year"),
        pytest.param("2020-9M", 2020, 2020, None, True, id="nine-months"),
        pytest.param("2018-Q4", 2018, 2018, None, False, id="last-quarter-ends-the-year"),
        pytest.param("2020-2023", 2020, 2025, None, True, id="three-years-of-a-term"),
        pytest.param("2015-2020", 2015, 2020, None, False, id="whole-term"),
        pytest.param("2019", 2015, 2020, None, True, id="one-year-of-a-term"),
        pytest.param("2023", 2020, 2025, 2023, False, id="target-year-before-term-end"),
    ],
)
def test_partial_period(period: str, start: int, end: int, target_year: int | None, partial: bool) -> None:
    assert is_partial(period, term(start=start, end=end), indicator(target_year=target_year)) is partial


def test_a_percent_is_computed_the_way_the_target_runs() -> None:
    assert figures.computed_percent(Direction.INCREASE, D(182000), D(166000)) == D("109.64")
    assert figures.computed_percent(Direction.DECREASE, D(150), D(100)) == D("66.67")
    assert figures.computed_percent(Direction.INCREASE, D(1), D(0)) is None


def test_a_derived_target_keeps_the_values_precision_and_its_bound() -> None:
    assert figures.derived_target(Direction.INCREASE, D(182000), D("109.67")) == D(165952)
    [grain] = assess(package((indicator(),), (observation(D(182000), D("109.67"), OVER),)))
    assert figures.target_qualifier(grain) is ValueQualifier.MORE_THAN
    exact = dataclasses.replace(grain, target_is_lower_bound=False)
    assert figures.target_qualifier(exact) is ValueQualifier.EXACT


@pytest.mark.parametrize(
    ("reported", "disagreement", "listed"),
    [("166", "0.2", False), ("166", "0.6", True), ("109.67", "0.01", False), ("109.67", "0.02", True)],
)
def test_a_gap_beyond_the_reports_rounding_is_a_disagreement(
    reported: str, disagreement: str, listed: bool
) -> None:
    [grain] = assess(package((indicator(),), (observation(D(182000), D(reported), OVER),)))
    assert figures.disagrees(dataclasses.replace(grain, disagreement=D(disagreement))) is listed


def test_a_rate_against_its_target_is_compared_in_points_never_as_a_percent_of_it() -> None:
    growth = dataclasses.replace(indicator(target=D("8.2")), measure=Measure.AVERAGE_ANNUAL_GROWTH)
    [assessment] = assess(package((growth,), (observation(D("10.9"), None, ValueQualifier.EXACT),)))
    assert (assessment.points, assessment.percent, assessment.percent_origin) == (D("2.7"), None, None)
    assert assessment.status is Status.EXCEEDED
    level = indicator(target=D("8.2"))  # tonnes: a percent of the target says something
    [assessment] = assess(package((level,), (observation(D("10.9"), None, ValueQualifier.EXACT),)))
    assert (assessment.points, assessment.percent) == (None, D("132.93"))


def test_a_percent_the_report_printed_for_a_rate_is_kept_as_printed() -> None:
    growth = dataclasses.replace(indicator(target=D("8.2")), measure=Measure.SHARE)
    [assessment] = assess(package((growth,), (observation(D("10.9"), D("133"), ValueQualifier.EXACT),)))
    assert (assessment.percent, assessment.percent_origin) == (D("133"), Origin.REPORTED)
    assert assessment.disagreement is None  # there is no percent of ours to disagree with
