"""Numbers, dates and periods read the way each language writes them, digit for digit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext

import pytest
from babel.numbers import parse_decimal
from hypothesis import given
from hypothesis import strategies as st

from chitieu.formatting import (
    format_date,
    format_figure,
    format_number,
    format_percent,
    format_period,
    format_quantity,
)
from chitieu.records import ValueQualifier

D = Decimal


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        pytest.param(D("182000"), "182.000", "182,000", id="thousands"),
        pytest.param(D("109.67"), "109,67", "109.67", id="two-decimals-kept"),
        pytest.param(D("1.50"), "1,50", "1.50", id="published-trailing-zero-kept"),
        pytest.param(D("0.005"), "0,005", "0.005", id="small"),
        pytest.param(D("1234567.891"), "1.234.567,891", "1,234,567.891", id="millions"),
        pytest.param(D("-2.5"), "-2,5", "-2.5", id="negative-growth"),
        pytest.param(D("18E+3"), "18.000", "18,000", id="exponent-notation"),
        pytest.param(24, "24", "24", id="integer-count"),
    ],
)
def test_numbers(value: Decimal | int, vi: str, en: str) -> None:
    assert (format_number(value, "vi"), format_number(value, "en")) == (vi, en)


def test_equal_numbers_keep_the_digits_each_was_published_with() -> None:
    # 1.5, 1.50 and 1.500 are equal (and hash alike), yet each is written as it came.
    assert [format_number(Decimal(text), "en") for text in ("1.50", "1.5", "1.500", "1.50")] == [
        "1.50",
        "1.5",
        "1.500",
        "1.50",
    ]
    assert format_number(1500, "vi") == format_number(Decimal("1500"), "vi") == "1.500"


def test_issue_examples_exactly() -> None:
    assert format_quantity(D("182000"), "tấn", "vi") == "182.000 tấn"
    assert format_quantity(D("182000"), "t", "en") == "182,000 t"
    assert format_percent(D("7.58"), "vi") == "7,58\u00a0%"
    assert format_percent(D("7.58"), "en") == "7.58%"
    assert format_date(dt.date(2023, 9, 23), "vi") == "23/09/2023"
    assert format_date(dt.date(2023, 9, 23), "en") == "23 Sep 2023"


def test_percent_units_follow_the_percent_style() -> None:
    assert format_quantity(D("10.9"), "%/năm", "vi") == "10,9\u00a0%/năm"
    assert format_quantity(D("10.9"), "%/year", "en") == "10.9%/year"
    assert format_quantity(D("4.12"), "%", "en") == "4.12%"


@pytest.mark.parametrize(
    ("qualifier", "estimated", "vi", "en"),
    [
        pytest.param(
            ValueQualifier.MORE_THAN, True, "trên 182.000 tấn (ước)", "over 182,000 t (est.)", id="over-est"
        ),
        pytest.param(ValueQualifier.LESS_THAN, False, "dưới 182.000 tấn", "under 182,000 t", id="under"),
        pytest.param(ValueQualifier.EXACT, True, "182.000 tấn (ước)", "182,000 t (est.)", id="estimate"),
        pytest.param(ValueQualifier.EXACT, False, "182.000 tấn", "182,000 t", id="exact"),
    ],
)
def test_qualifiers(qualifier: ValueQualifier, estimated: bool, vi: str, en: str) -> None:
    assert format_figure(D(182000), "tấn", "vi", qualifier, estimated) == vi
    assert format_figure(D(182000), "t", "en", qualifier, estimated) == en


@pytest.mark.parametrize(
    ("period", "vi", "en"),
    [
        pytest.param("2018-H1", "6 tháng đầu năm 2018", "first half of 2018", id="first-half"),
        pytest.param("2018-H2", "6 tháng cuối năm 2018", "second half of 2018", id="second-half"),
        pytest.param("2020-9M", "9 tháng đầu năm 2020", "first nine months of 2020", id="nine-months"),
        pytest.param("2020-1M", "tháng 1 năm 2020", "January 2020", id="one-month"),
        pytest.param("2018-Q3", "quý III năm 2018", "third quarter of 2018", id="quarter"),
        pytest.param("2020-2025", "2020–2025", "2020–2025", id="years-en-dash"),
        pytest.param("2019", "2019", "2019", id="year-not-grouped"),
    ],
)
def test_periods(period: str, vi: str, en: str) -> None:
    assert (format_period(period, "vi"), format_period(period, "en")) == (vi, en)


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_vi_and_en_text_parse_back_to_the_same_number(value: Decimal) -> None:
    # Babel's parser works in the current decimal context: widen it for 40-digit numbers.
    with localcontext() as context:
        context.prec = 200
        vi = parse_decimal(format_number(value, "vi"), locale="vi", strict=True)
        en = parse_decimal(format_number(value, "en"), locale="en", strict=True)
    assert vi == en == value


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9))
def test_no_published_digit_is_lost(value: Decimal) -> None:
    # Every significant digit of the figure appears, in order, in the text.
    digits = "".join(ch for ch in format_number(value, "en") if ch.isdigit()).lstrip("0")
    published = "".join(str(d) for d in value.as_tuple().digits).lstrip("0")
    assert digits.startswith(published)
