"""checks.py: the rules a schema cannot say, one behaviour per test, on small typed packages."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import frictionless
import pytest

from chitieu import ingest, validate
from chitieu.ingest.schema import schema_of
from chitieu.messages import LANGUAGES, has_message
from chitieu.records import (
    Area,
    Direction,
    Indicator,
    Measure,
    Observation,
    Package,
    PackageInfo,
    ProgressReport,
    Resolution,
    ResolutionKind,
    Source,
    TargetQualifier,
    ValueQualifier,
)
from chitieu.validate import checks

TODAY = dt.date(2026, 11, 25)
SOURCE = Source(
    "report", None, "Báo Long An", None, "https://baolongan.vn/a.html", dt.date(2023, 9, 23), "vi"
)
RESOLUTION = Resolution(
    "kt-2020-2025",
    "Đảng bộ",
    "Party Committee",
    "Thị xã",
    "Town",
    "XII",
    ResolutionKind.TERM,
    2020,
    2025,
    18,
    "report",
)
INDICATOR = Indicator(
    id="grain",
    resolution_id="kt-2020-2025",
    number=None,
    area=Area.ECONOMY,
    name_vi="Sản lượng lương thực",
    name_en="Grain output",
    unit_vi="tấn",
    unit_en="t",
    measure=Measure.ANNUAL_AVERAGE,
    direction=Direction.INCREASE,
    target=Decimal("166000"),
    target_qualifier=TargetQualifier.AT_LEAST,
    target_year=2025,
    baseline=None,
    baseline_year=None,
    description_vi=None,
    description_en=None,
    series="grain-output",
)
OBSERVATION = Observation(
    id="grain-2023",
    indicator_id="grain",
    period="2020-2023",
    as_of=dt.date(2023, 9, 23),
    value=Decimal("182000"),
    value_qualifier=ValueQualifier.EXACT,
    estimated=True,
    percent_of_target=Decimal("109.64"),
    source_id="report",
)
REPORT = ProgressReport("kt-2020-2025", dt.date(2023, 9, 23), "2020-2023", 10, None, 18, "report")


def package(**tables: Any) -> Package:
    return Package(
        folder=Path(),
        info=PackageInfo("t", "t", "", "", "", "", ""),
        sources=tables.get("sources", (SOURCE,)),
        resolutions=tables.get("resolutions", (RESOLUTION,)),
        indicators=tables.get("indicators", (INDICATOR,)),
        observations=tables.get("observations", (OBSERVATION,)),
        progress_reports=tables.get("progress_reports", (REPORT,)),
    )


def found(check: checks.PackageCheck, **tables: Any) -> list[tuple[str, int | None, str | None, str]]:
    """(file, row, column, code) of what `check` finds; record i sits on CSV line i + 2."""
    pkg = package(**tables)
    lines = {
        name: [i + 2 for i in range(len(getattr(pkg, name)))]
        for name in ingest.RESOURCES
        if name != "comparisons"
    }
    context = checks.Context(TODAY, {name: f"{name}.csv" for name in lines}, lines)
    return [p.location for p in check(pkg, context)]


def test_the_base_package_passes_every_check() -> None:
    for check in checks.PACKAGE_CHECKS:
        assert found(check) == [], check.__name__


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://baolongan.vn/a.html", True),
        ("http://baolongan.vn/a.html", True),
        ("ftp://baolongan.vn/a.html", False),
        ("javascript:alert(1)", False),
        ("www.baolongan.vn/a.html", False),
        ("https://", False),
        ("https://baolongan.vn/a b.html", False),
    ],
)
def test_only_web_addresses_are_linked(url: str, ok: bool) -> None:
    expected = [] if ok else [("sources.csv", 2, "url", "url-not-http")]
    assert found(checks.urls_are_http, sources=(replace(SOURCE, url=url),)) == expected


def test_today_is_allowed_and_tomorrow_is_not() -> None:
    assert found(checks.dates_not_in_future, sources=(replace(SOURCE, published=TODAY),)) == []
    tomorrow = TODAY + dt.timedelta(days=1)
    assert found(
        checks.dates_not_in_future,
        sources=(replace(SOURCE, published=tomorrow),),
        observations=(replace(OBSERVATION, as_of=tomorrow),),
        progress_reports=(replace(REPORT, as_of=tomorrow),),
    ) == [
        ("sources.csv", 2, "published", "future-date"),
        ("observations.csv", 2, "as_of", "future-date"),
        ("progress_reports.csv", 2, "as_of", "future-date"),
    ]


def test_validate_takes_today_from_its_caller(snapshot_descriptor: Path) -> None:
    assert validate.validate(snapshot_descriptor, today=dt.date(2030, 1, 1)).valid
    report = validate.validate(snapshot_descriptor, today=dt.date(2023, 9, 22))
    assert {p.code for p in report.problems} == {"future-date"}
    assert ("sources.csv", "published") in {(p.file, p.column) for p in report.problems}


def test_a_figure_may_predate_its_report_but_not_follow_it() -> None:
    earlier = replace(OBSERVATION, as_of=dt.date(2023, 6, 30))
    later = replace(OBSERVATION, as_of=dt.date(2023, 9, 24))
    assert found(checks.as_of_not_after_source, observations=(earlier,)) == []
    assert found(checks.as_of_not_after_source, observations=(later,)) == [
        ("observations.csv", 2, "as_of", "as-of-after-source")
    ]


# value 182000, target 166000: 109.6385...%, which the site shows (and the check compares) as 109.64
@pytest.mark.parametrize(
    ("reported", "qualifier", "ok"),
    [
        ("109.64", ValueQualifier.EXACT, True),
        ("110.13", ValueQualifier.EXACT, True),  # within 0.5 points
        ("109.14", ValueQualifier.EXACT, True),
        ("110.14", ValueQualifier.EXACT, True),  # 0.50 points away: still rounding
        ("110.15", ValueQualifier.EXACT, False),  # 0.51 points away
        ("109.13", ValueQualifier.EXACT, False),
        ("150", ValueQualifier.MORE_THAN, True),  # "over 182,000": the percent is at least 109.64
        ("109.13", ValueQualifier.MORE_THAN, False),
        ("50", ValueQualifier.LESS_THAN, True),  # "under 182,000": at most 109.64
        ("110.15", ValueQualifier.LESS_THAN, False),
    ],
)
def test_a_reported_percent_agrees_with_value_and_target(
    reported: str, qualifier: ValueQualifier, ok: bool
) -> None:
    observation = replace(OBSERVATION, percent_of_target=Decimal(reported), value_qualifier=qualifier)
    expected = [] if ok else [("observations.csv", 2, "percent_of_target", "percent-inconsistent")]
    assert found(checks.percent_matches_target, observations=(observation,)) == expected


@pytest.mark.parametrize(
    "indicator",
    [
        replace(INDICATOR, target=None, target_qualifier=None),  # derivable, not checkable
        replace(INDICATOR, target=Decimal(0)),
        replace(INDICATOR, direction=Direction.DECREASE),  # reports do not say how they divide
    ],
)
def test_a_percent_without_a_usable_target_is_not_judged(indicator: Indicator) -> None:
    observation = replace(OBSERVATION, percent_of_target=Decimal("300"))
    assert found(checks.percent_matches_target, indicators=(indicator,), observations=(observation,)) == []


def test_target_counts_add_up() -> None:
    listed = tuple(replace(INDICATOR, id=f"i{n}") for n in range(3))
    assert (
        found(
            checks.target_counts_add_up,
            resolutions=(replace(RESOLUTION, targets_total=3),),
            indicators=listed,
        )
        == []
    )
    assert found(
        checks.target_counts_add_up, resolutions=(replace(RESOLUTION, targets_total=2),), indicators=listed
    ) == [("resolutions.csv", 2, "targets_total", "targets-total-below-listed")]
    reports = (
        replace(REPORT, targets_met=18, targets_exceeded=18),
        replace(REPORT, targets_met=19),
        replace(REPORT, targets_met=5, targets_exceeded=6),
    )
    assert found(checks.target_counts_add_up, progress_reports=reports) == [
        ("progress_reports.csv", 3, "targets_met", "targets-met-above-total"),
        ("progress_reports.csv", 4, "targets_exceeded", "targets-exceeded-above-met"),
    ]


def test_unknown_ids_do_not_break_the_checks() -> None:
    """A row pointing nowhere is the foreign key's problem; the checks skip it."""
    orphan = replace(OBSERVATION, indicator_id="nowhere", source_id="nowhere", percent_of_target=Decimal(1))
    lost = replace(INDICATOR, resolution_id="nowhere", target_year=1990)
    for check in checks.PACKAGE_CHECKS:
        assert found(check, observations=(orphan,), indicators=(lost,)) == [], check.__name__


def test_a_reversed_term_is_reported_once_on_the_resolution() -> None:
    reversed_term = replace(RESOLUTION, period_start=2025, period_end=2020)
    assert ("resolutions.csv", 2, "period_end", "period-reversed") in found(
        checks.years_are_plausible, resolutions=(reversed_term,)
    )


def test_a_baseline_from_before_the_term_is_fine() -> None:
    indicator = replace(INDICATOR, baseline=Decimal(150000), baseline_year=2019)
    assert found(checks.years_are_plausible, indicators=(indicator,)) == []
    assert found(checks.values_come_with_their_qualifiers, indicators=(indicator,)) == []


# --- Row checks ----------------------------------------------------------------------------------


def table(text: str, fields: list[dict[str, str]] | None = None) -> ingest.TableFile:
    return ingest.TableFile(
        "t", "t.csv", Path("t.csv"), text, schema_of({"schema": {"fields": fields or []}})
    )


def test_nfc_text_needs_no_row_check_and_nfd_text_is_found_by_cell() -> None:
    assert checks.text_is_nfc(table("a,b\nKiến,Tường\n")) is None
    check = checks.text_is_nfc(table("a,b\nKie\u0302\u0301n,Tường\n"))
    assert check is not None
    assert [p.location for p in check(2, {"a": "Kie\u0302\u0301n", "b": "Tường"})] == [
        ("t.csv", 2, "a", "not-nfc")
    ]


@pytest.mark.parametrize(
    ("cell", "finite"),
    [("1.5", True), ("", True), ("abc", True), ("NaN", False), ("-inf", False), ("1e999", False)],
)
def test_numbers_must_be_finite(cell: str, finite: bool) -> None:
    check = checks.numbers_are_finite(table("", [{"name": "value", "type": "number"}]))
    assert check is not None
    assert [p.code for p in check(2, {"value": cell})] == ([] if finite else ["not-finite"])
    assert checks.numbers_are_finite(table("", [{"name": "note", "type": "string"}])) is None


@pytest.mark.parametrize(
    ("cell", "readings"),
    [
        ("176.300", ("176300", "176.3")),
        ("2.000", ("2000", "2")),
        ("1.500", ("1500", "1.5")),
        ("-12.340", ("-12340", "-12.34")),
        ("176.3", None),
        ("176.305", None),  # a last digit that is not 0 is a real decimal
        ("11.40", None),
        ("0.500", None),  # nobody groups thousands after a leading 0
        ("1234.500", None),  # four digits before the dot are not a thousands group
        ("176300", None),
        ("", None),
    ],
)
def test_a_dot_that_may_group_thousands_is_asked_about(cell: str, readings: tuple[str, str] | None) -> None:
    check = checks.no_ambiguous_thousands(table(f"value\n{cell}\n", [{"name": "value", "type": "number"}]))
    found = [] if check is None else list(check(2, {"value": cell}))
    expected = [] if readings is None else [(("t.csv", 2, "value", "ambiguous-thousands"), readings)]
    assert [(p.location, (p.param("thousands"), p.param("decimal"))) for p in found] == expected


def test_no_row_is_checked_for_thousands_when_no_cell_can_fail() -> None:
    number = [{"name": "value", "type": "number"}]
    assert checks.no_ambiguous_thousands(table("value\n176.3\n182000\n", number)) is None
    # An integer column refuses any dot already (a type error, with the value to write).
    assert checks.no_ambiguous_thousands(table("n\n1.500\n", [{"name": "n", "type": "integer"}])) is None


# --- The catalogue holds every code -------------------------------------------------------------------


def every_code() -> set[str]:
    return (
        {c for codes in checks.EMITS.values() for c in codes}
        | set(ingest.CODES)
        | set(validate.FRICTIONLESS_CODES)
    )


def test_every_check_declares_what_it_emits() -> None:
    declared: set[Callable[..., object]] = {*checks.ROW_CHECKS, *checks.TABLE_CHECKS, *checks.PACKAGE_CHECKS}
    assert {c.__name__ for c in declared} == set(checks.EMITS)
    for check in declared:  # the codes it yields appear in its source as written in @emits
        assert all(f'"{code}"' in inspect.getsource(check) for code in checks.EMITS[check.__name__])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_has_a_message_and_a_fix(language: str) -> None:
    missing = [
        f"{code}.{part}" for code in sorted(every_code()) for part in ("message", "fix")
        if not has_message(language, f"problems.{code}.{part}")
    ]  # fmt: skip
    assert missing == []


def test_every_frictionless_error_a_table_can_raise_is_in_the_catalogue() -> None:
    def types(cls: type[Any]) -> set[str]:
        return {cls.type} | {t for sub in cls.__subclasses__() for t in types(sub)}

    errors = frictionless.errors
    table_errors = types(errors.TableError) | types(errors.FileError) | types(errors.SourceError)
    table_errors |= {"package-error", "resource-error", "schema-error", "field-error", "dialect-error"}
    unlisted = table_errors - set(validate.FRICTIONLESS_CODES)
    # Checks we never ask Frictionless to run (its optional checklist) cannot occur.
    optional = {"truncated-value", "forbidden-value", "sequential-value", "ascii-value", "deviated-value",
                "deviated-cell", "required-value", "row-constraint", "duplicate-row", "table-dimensions",
                "table-error", "row-error", "cell-error", "label-error", "header-error", "file-error",
                "source-error", "unmatched-header"}  # fmt: skip
    assert sorted(unlisted - optional) == []
