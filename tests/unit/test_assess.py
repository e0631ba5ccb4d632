"""The status rule, branch by branch, on made-up figures and on the real seed report."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chitieu.assess import (
    PROGRESS_ORDER,
    assess,
    current_resolution,
    scorecard,
    series_of,
    standings,
    status_of,
    summarise,
    summarise_by_resolution,
    timelines,
)
from chitieu.ingest import load
from chitieu.records import (
    Area,
    ChangeKind,
    Comparison,
    ComparisonBasis,
    CountKind,
    Direction,
    Indicator,
    Measure,
    Moment,
    Observation,
    Origin,
    Package,
    PackageInfo,
    Place,
    PlaceChange,
    PlaceLevel,
    ProgressReport,
    Resolution,
    ResolutionKind,
    Source,
    Standing,
    Status,
    ValueQualifier,
)

D = Decimal
UP, DOWN = Direction.INCREASE, Direction.DECREASE
EXACT, OVER, UNDER = ValueQualifier.EXACT, ValueQualifier.MORE_THAN, ValueQualifier.LESS_THAN


@pytest.mark.parametrize(
    ("direction", "value", "qualifier", "reported", "target", "expected"),
    [
        pytest.param(UP, None, EXACT, None, D(10), Status.NO_DATA, id="no-figure-no-data"),
        pytest.param(
            UP, D("7.58"), EXACT, None, None, Status.TARGET_NOT_PUBLISHED, id="no-target-not-published"
        ),
        pytest.param(UP, D(11), EXACT, None, D(10), Status.EXCEEDED, id="computed-above-exceeded"),
        pytest.param(UP, D(10), EXACT, None, D(10), Status.MET, id="computed-equal-met"),
        pytest.param(UP, D("9.99"), EXACT, None, D(10), Status.NOT_YET_MET, id="computed-below-not-yet-met"),
        pytest.param(UP, D(5), EXACT, D("100"), D(10), Status.MET, id="reported-percent-wins-over-computed"),
        pytest.param(UP, None, EXACT, D("101"), None, Status.EXCEEDED, id="reported-percent-without-value"),
        pytest.param(UP, D(1), EXACT, D("55"), None, Status.NOT_YET_MET, id="reported-below-not-yet-met"),
        pytest.param(DOWN, D(311), EXACT, None, D(400), Status.EXCEEDED, id="decrease-fewer-exceeded"),
        pytest.param(DOWN, D(400), EXACT, None, D(400), Status.MET, id="decrease-equal-met"),
        pytest.param(DOWN, D(455), EXACT, None, D(400), Status.NOT_YET_MET, id="decrease-more-not-yet-met"),
        pytest.param(DOWN, D(0), EXACT, None, D(1), Status.EXCEEDED, id="decrease-to-zero-exceeded"),
        pytest.param(UP, D(0), EXACT, None, D(0), Status.MET, id="zero-target-met"),
        pytest.param(UP, D(100), OVER, D(100), None, Status.EXCEEDED, id="over-n-at-100-exceeded"),
        pytest.param(UP, D(10), OVER, None, D(10), Status.EXCEEDED, id="over-target-exceeded"),
        pytest.param(UP, D(10), UNDER, None, D(10), Status.NOT_YET_MET, id="under-target-not-yet-met"),
        pytest.param(UP, D(12), UNDER, D(120), None, Status.NOT_YET_MET, id="under-n-proves-nothing"),
        pytest.param(UP, D(9), OVER, D(90), None, Status.NOT_YET_MET, id="over-n-below-100-not-proven"),
        pytest.param(DOWN, D(10), UNDER, None, D(10), Status.EXCEEDED, id="decrease-under-target-exceeded"),
        pytest.param(
            DOWN, D(10), OVER, None, D(10), Status.NOT_YET_MET, id="decrease-over-target-not-yet-met"
        ),
    ],
)
def test_status_rule(
    direction: Direction,
    value: Decimal | None,
    qualifier: ValueQualifier,
    reported: Decimal | None,
    target: Decimal | None,
    expected: Status,
) -> None:
    status = status_of(
        direction=direction, value=value, value_qualifier=qualifier, reported_percent=reported, target=target
    )
    assert status is expected


numbers = st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False)


@given(
    low=numbers,
    high=numbers,
    target=numbers,
    qualifier=st.sampled_from(ValueQualifier),
    direction=st.sampled_from(Direction),
)
def test_a_better_value_never_lowers_the_status(
    low: Decimal, high: Decimal, target: Decimal, qualifier: ValueQualifier, direction: Direction
) -> None:
    low, high = sorted((low, high))
    # "Better" is larger for a target to raise, smaller for a target to lower.
    worse, better = (low, high) if direction is Direction.INCREASE else (high, low)

    def rank(value: Decimal) -> int:
        status = status_of(
            direction=direction, value=value, value_qualifier=qualifier, reported_percent=None, target=target
        )
        return PROGRESS_ORDER.index(status)

    assert rank(better) >= rank(worse)


@given(low=numbers, high=numbers, qualifier=st.sampled_from(ValueQualifier))
def test_a_larger_reported_percent_never_lowers_the_status(
    low: Decimal, high: Decimal, qualifier: ValueQualifier
) -> None:
    low, high = sorted((low, high))

    def rank(percent: Decimal) -> int:
        status = status_of(
            direction=UP, value=D(1), value_qualifier=qualifier, reported_percent=percent, target=None
        )
        return PROGRESS_ORDER.index(status)

    assert rank(high) >= rank(low)


# --- whole assessments on a small package built from records ---------------------------

SOURCE = Source("report", "A report", "Báo Long An", None, None, dt.date(2023, 9, 23), "vi")


def term(resolution_id: str = "r", start: int = 2020, end: int = 2025, total: int | None = 18) -> Resolution:
    return Resolution(
        resolution_id,
        "Đảng bộ",
        "Party Committee",
        "Thị xã",
        "Town",
        None,
        ResolutionKind.TERM,
        start,
        end,
        total,
        "report",
    )


def indicator(
    indicator_id: str = "i",
    target: Decimal | None = None,
    direction: Direction = UP,
    resolution_id: str = "r",
    target_year: int | None = None,
) -> Indicator:
    return Indicator(
        indicator_id, resolution_id, None, Area.ECONOMY, "Sản lượng", "Output", "tấn", "t", Measure.LEVEL,
        direction, target, None, target_year, None, None, None, None, indicator_id,
    )  # fmt: skip


def observation(
    value: Decimal | None,
    percent: Decimal | None = None,
    qualifier: ValueQualifier = EXACT,
    period: str = "2020-2023",
    as_of: dt.date = dt.date(2023, 9, 23),
    indicator_id: str = "i",
    comparisons: tuple[Comparison, ...] = (),
) -> Observation:
    return Observation(
        id=f"{indicator_id}-{period}-{as_of}",
        indicator_id=indicator_id,
        period=period,
        as_of=as_of,
        value=value,
        value_qualifier=qualifier,
        estimated=True,
        percent_of_target=percent,
        source_id="report",
        comparisons=comparisons,
    )


def package(
    indicators: tuple[Indicator, ...],
    observations: tuple[Observation, ...],
    resolutions: tuple[Resolution, ...] = (),
) -> Package:
    info = PackageInfo("test", "Test", "", "1.0.0", "CC-BY-4.0", "CC BY 4.0", "https://example.org/licence")
    return Package(Path(), info, (SOURCE,), resolutions or (term(),), indicators, observations, ())


def test_grain_seed_figure_exceeds_a_derived_lower_bound_target() -> None:
    [grain] = assess(package((indicator(),), (observation(D(182000), D("109.67"), OVER),)))
    assert grain.status is Status.EXCEEDED
    assert (grain.percent, grain.percent_origin) == (D("109.67"), Origin.REPORTED)
    assert (grain.target, grain.target_origin) == (D(165952), Origin.DERIVED)
    assert grain.target_is_lower_bound and not grain.target_is_upper_bound
    assert grain.partial  # 2020-2023 of a 2020-2025 term
    assert grain.disagreement is None


def test_under_n_with_a_percent_derives_an_upper_bound_target() -> None:
    [a] = assess(package((indicator(),), (observation(D(90), D(90), UNDER),)))
    assert (a.target, a.target_origin, a.target_is_upper_bound, a.target_is_lower_bound) == (
        D(100),
        Origin.DERIVED,
        True,
        False,
    )


def test_growth_without_a_target_is_target_not_published() -> None:
    [growth] = assess(package((indicator(),), (observation(D("7.58")),)))
    assert growth.status is Status.TARGET_NOT_PUBLISHED
    assert (growth.percent, growth.target, growth.target_origin) == (None, None, None)


def test_a_published_target_gives_a_computed_percent_and_the_disagreement() -> None:
    [a] = assess(package((indicator(target=D(12)),), (observation(D("15.8"), D(130)),)))
    assert (a.percent, a.percent_origin) == (D(130), Origin.REPORTED)
    assert (a.target, a.target_origin) == (D(12), Origin.PUBLISHED)
    assert a.disagreement == D(130) - D("131.67")

    [computed] = assess(package((indicator(target=D("8.2")),), (observation(D("10.9")),)))
    assert (computed.status, computed.percent, computed.percent_origin) == (
        Status.EXCEEDED,
        D("132.93"),
        Origin.COMPUTED,
    )


def test_a_decrease_target_computes_target_over_value() -> None:
    [a] = assess(package((indicator(target=D(300), direction=DOWN),), (observation(D(400)),)))
    assert (a.status, a.percent) == (Status.NOT_YET_MET, D(75))


def test_the_latest_report_decides_not_the_best_one() -> None:
    old = observation(D(200), period="2020-2021", as_of=dt.date(2022, 1, 1))
    new = observation(D(50), period="2020-2022", as_of=dt.date(2023, 1, 1))
    empty = observation(None, period="2020-2023", as_of=dt.date(2024, 1, 1))
    [a] = assess(package((indicator(target=D(100)),), (new, old, empty)))
    assert a.latest == new
    assert a.status is Status.NOT_YET_MET
    assert a.observations == (old, new, empty)


def test_comparisons_with_other_bases_are_never_the_status() -> None:
    town_plan = Comparison("x", ComparisonBasis.TOWN_PLAN, D(150))
    [a] = assess(package((indicator(),), (observation(D(188), comparisons=(town_plan,)),)))
    assert (a.status, a.percent) == (Status.TARGET_NOT_PUBLISHED, None)


def test_no_observation_is_no_data() -> None:
    [a] = assess(package((indicator(),), ()))
    assert (a.status, a.latest, a.sources) == (Status.NO_DATA, None, ())


def test_summaries_count_every_status_per_package_and_resolution() -> None:
    resolutions = (term("a"), term("b", 2015, 2020))
    indicators = (
        indicator("a1", resolution_id="a"),
        indicator("a2", target=D(1), resolution_id="a"),
        indicator("b1", resolution_id="b"),
    )
    observations = (observation(D(2), indicator_id="a2"), observation(D(1), indicator_id="b1"))
    assessments = assess(package(indicators, observations, resolutions))
    assert summarise(assessments) == {
        Status.EXCEEDED: 1,
        Status.MET: 0,
        Status.NOT_YET_MET: 0,
        Status.TARGET_NOT_PUBLISHED: 1,
        Status.NO_DATA: 1,
    }
    by_resolution = summarise_by_resolution(assessments)
    assert list(by_resolution) == ["a", "b"]
    assert by_resolution["b"][Status.TARGET_NOT_PUBLISHED] == 1
    assert sum(by_resolution["a"].values()) == 2


def test_the_home_page_is_about_the_term_that_ends_last() -> None:
    annual = Resolution("y", "", "", "", "", None, ResolutionKind.ANNUAL, 2026, 2026, 22, "report")
    p = package((), (), (term("old", 2015, 2020), term("new", 2020, 2025), annual))
    chosen = current_resolution(p, standings(p, dt.date(2021, 1, 1)))
    assert chosen is not None and chosen.id == "new"


# A town that became a ward on 1 July 2025 (sources.md R8-R11), in code.
TOWN = Place("town", "Thị xã", "Town", PlaceLevel.DISTRICT_LEVEL, None, None, dt.date(2025, 6, 30), "report")
WARD = Place("ward", "Phường", "Ward", PlaceLevel.COMMUNE_LEVEL, None, dt.date(2025, 7, 1), None, "report")
BECAME = PlaceChange("town", "ward", dt.date(2025, 7, 1), ChangeKind.REORGANISED_INTO, "report")


def reorganised(*reports: ProgressReport) -> Package:
    town_term = dataclasses.replace(term("town-2020-2025", 2020, 2025), place_id="town")
    ward_term = dataclasses.replace(term("ward-2025-2030", 2025, 2030, total=13), place_id="ward")
    return dataclasses.replace(
        package((), (), (town_term, ward_term)),
        progress_reports=reports,
        places=(TOWN, WARD),
        place_changes=(BECAME,),
    )


def report(
    as_of: dt.date, period: str, met: int, counts: CountKind = CountKind.MET_OR_EXCEEDED
) -> ProgressReport:
    return ProgressReport("town-2020-2025", as_of, period, met, None, 18, "report", counts=counts)


@pytest.mark.parametrize(
    ("today", "town", "ward"),
    [
        pytest.param(dt.date(2024, 1, 1), Standing.IN_FORCE, Standing.IN_FORCE, id="before-the-change"),
        pytest.param(dt.date(2025, 7, 1), Standing.SUPERSEDED, Standing.IN_FORCE, id="the-town-ended-first"),
        pytest.param(dt.date(2031, 1, 1), Standing.SUPERSEDED, Standing.ENDED, id="both-terms-over"),
    ],
)
def test_where_a_resolution_stands_follows_the_build_date_and_the_places(
    today: dt.date, town: Standing, ward: Standing
) -> None:
    found = standings(reorganised(), today)
    assert (found["town-2020-2025"].standing, found["ward-2025-2030"].standing) == (town, ward)
    if town is Standing.SUPERSEDED:
        assert found["town-2020-2025"].successor == reorganised().resolution("ward-2025-2030")
    assert current_resolution(reorganised(), found) == reorganised().resolution("ward-2025-2030")


def test_an_ended_term_keeps_its_last_count_and_says_whether_it_was_final() -> None:
    partway = report(dt.date(2023, 9, 23), "2020-2023", 10)
    not_counted = report(dt.date(2023, 9, 23), "2020-2023", 5, CountKind.ON_SCHEDULE)
    found = standings(reorganised(partway, not_counted), dt.date(2026, 12, 1))["town-2020-2025"]
    assert (found.last_report, found.final_report) == (partway, False)
    final = report(dt.date(2025, 9, 1), "2020-2025", 15)
    found = standings(reorganised(partway, final), dt.date(2026, 12, 1))["town-2020-2025"]
    assert (found.last_report, found.final_report) == (final, True)


def moments(today: dt.date, resolution_id: str, package: Package | None = None) -> list[Moment]:
    package = package or reorganised(report(dt.date(2023, 9, 23), "2020-2023", 10))
    return [step.moment for step in timelines(package, standings(package, today), today)[resolution_id]]


def test_a_term_that_ended_with_its_place_shows_the_change_and_where_the_next_term_begins() -> None:
    p = reorganised(report(dt.date(2023, 9, 23), "2020-2023", 10))
    steps = timelines(p, standings(p, dt.date(2026, 12, 1)), dt.date(2026, 12, 1))["town-2020-2025"]
    assert [s.moment for s in steps] == [
        Moment.BEGINS, Moment.REPORT, Moment.ENDS, Moment.PLACE_CHANGED, Moment.SUCCESSOR
    ]  # fmt: skip
    ends, successor = steps[2], steps[4]
    # The term ended with the town's last day, a known date, not with the year 2025.
    assert (ends.day, ends.year_only, ends.past) == (dt.date(2025, 6, 30), False, True)
    assert successor.resolution == p.resolution("ward-2025-2030") and successor.year_only


def test_a_running_term_marks_the_data_date_and_its_end_to_come() -> None:
    assert moments(dt.date(2026, 12, 1), "ward-2025-2030") == [Moment.BEGINS, Moment.TODAY, Moment.ENDS]
    steps = timelines(reorganised(), standings(reorganised(), dt.date(2026, 12, 1)), dt.date(2026, 12, 1))
    assert not steps["ward-2025-2030"][-1].past
    # Before the change: no successor yet, and the town's end is still to come.
    assert moments(dt.date(2024, 1, 1), "town-2020-2025") == [
        Moment.BEGINS, Moment.REPORT, Moment.TODAY, Moment.ENDS, Moment.PLACE_CHANGED
    ]  # fmt: skip


def test_an_annual_resolution_belongs_to_the_term_that_set_it() -> None:
    def annual(year: int) -> Resolution:
        return dataclasses.replace(term(f"y{year}", year, year), kind=ResolutionKind.ANNUAL, place_id="town")

    older = dataclasses.replace(term("town-2015-2020", 2015, 2020), place_id="town")
    p = dataclasses.replace(
        reorganised(), resolutions=(*reorganised().resolutions, older, annual(2020), annual(2021))
    )
    found = timelines(p, standings(p, dt.date(2026, 12, 1)), dt.date(2026, 12, 1))
    annuals = {
        key: [s.resolution.id for s in steps if s.moment is Moment.ANNUAL and s.resolution]
        for key, steps in found.items()
    }
    # A congress sits late in its first year: 2020's resolution was set by the 2015-2020 term.
    assert annuals == {"town-2015-2020": ["y2020"], "town-2020-2025": ["y2021"], "ward-2025-2030": []}
    # The town's later reorganisation is not part of the 2015-2020 term's story.
    assert Moment.PLACE_CHANGED not in [s.moment for s in found["town-2015-2020"]]


def test_real_package_seed_figures(snapshot_descriptor: Path) -> None:
    by_id = {a.indicator.id: a for a in assess(load(snapshot_descriptor))}
    grain = by_id["kt-2020-2025-grain-output"]
    assert (grain.status, grain.percent, grain.target, grain.target_origin, grain.target_is_lower_bound) == (
        Status.EXCEEDED,
        D("109.67"),
        D(165952),
        Origin.DERIVED,
        True,
    )
    growth = by_id["kt-2020-2025-production-value-growth"]
    assert (growth.status, growth.latest and growth.latest.value) == (Status.TARGET_NOT_PUBLISHED, D("7.58"))
    half_year = by_id["kt-2018-production-value"]
    assert (half_year.status, half_year.partial) == (Status.NOT_YET_MET, True)


def test_a_scorecard_shows_the_latest_reports_counts_as_parts_never_adding_a_subset() -> None:
    on_schedule = report(dt.date(2024, 6, 24), "2021-2023", 11, CountKind.ON_SCHEDULE)
    completed = report(dt.date(2024, 6, 24), "2021-2023", 1, CountKind.COMPLETED)  # of those on schedule
    met = dataclasses.replace(report(dt.date(2024, 6, 24), "2021-2023", 5), targets_exceeded=2)
    older = report(dt.date(2023, 1, 1), "2021-2022", 3)
    p = reorganised(older, on_schedule, completed, met)
    card = scorecard(p, p.resolution("town-2020-2025"))
    assert (card.exceeded, card.met, card.on_schedule, card.not_assessed, card.not_known) == (2, 3, 11, 0, 2)
    assert card.exceeded_told and card.as_of == dt.date(2024, 6, 24) and card.total == 18


def test_a_scorecard_draws_only_the_headline_count_when_the_parts_overrun_the_total() -> None:
    met = report(dt.date(2019, 12, 12), "2019", 16)
    unassessed = report(dt.date(2019, 12, 12), "2019", 3, CountKind.NOT_YET_ASSESSED)  # 16 + 3 > 18? no
    overrun = report(dt.date(2019, 12, 12), "2019", 5, CountKind.ON_SCHEDULE)  # 16 + 3 + 5 > 18
    p = reorganised(met, unassessed, overrun)
    card = scorecard(p, p.resolution("town-2020-2025"))
    assert (card.met, card.on_schedule, card.not_assessed, card.not_known) == (16, 0, 0, 2)
    assert not card.exceeded_told


def test_a_series_is_one_measure_of_one_place_and_its_id_says_the_place_only_when_shared() -> None:
    old = dataclasses.replace(indicator("a-2015", resolution_id="old"), series="growth")
    new = dataclasses.replace(indicator("a-2020", resolution_id="new"), series="growth")
    elsewhere = dataclasses.replace(indicator("b-2020", resolution_id="other"), series="growth")
    terms = (term("old", 2015, 2020), term("new", 2020, 2025))
    other = dataclasses.replace(term("other", 2020, 2025), jurisdiction_en="Đức Huệ district")
    assert series_of(package((new, old), (), terms)) == {"growth": (old, new)}  # oldest term first
    shared = series_of(package((new, old, elsewhere), (), (*terms, other)))
    assert shared == {"town-growth": (old, new), "duc-hue-district-growth": (elsewhere,)}
