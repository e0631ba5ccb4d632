"""The one place where numbers, dates and periods become text, per language (Babel).

in: Decimal, date, period cell, value qualifier. out: str for the page's language.

Every published digit is kept: 109.67 is "109,67" in Vietnamese and "109.67" in English,
1.50 keeps its zero. Words and patterns (a space before "%" in Vietnamese, "over",
"est.", the date pattern) live in the catalogue `locales/<language>/formatting.toml`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import NumberPattern, parse_pattern

from chitieu.figures import parse_period
from chitieu.messages import translate
from chitieu.records import ValueQualifier


def _t(language: str, key: str, /, **params: object) -> str:
    return translate(language, f"formatting.{key}", **params)


def format_number(value: Decimal | int, language: str) -> str:
    """A number with the language's separators and every digit it was published with.

    >>> format_number(Decimal("182000"), "vi"), format_number(Decimal("182000"), "en")
    ('182.000', '182,000')
    >>> format_number(Decimal("109.67"), "vi"), format_number(Decimal("1.50"), "en")
    ('109,67', '1.50')
    """
    # Keyed on the number's text, not its value: 1.50 and 1.5 are equal Decimals, but they
    # are not written the same.
    return _formatted(str(Decimal(value)), language)


# A site formats each figure many times (its page, its embeddable view, its resolution's
# page and sheet, the charts' words): about 70 % of the calls repeat one already made.
@lru_cache(maxsize=1 << 16)
def _formatted(number_text: str, language: str) -> str:
    number = Decimal(number_text)
    digits, exponent = number.as_tuple()[1:]
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    # Babel quantizes in the current context; give it room for every digit (a figure
    # like 0.000000000001234 has more than the default 28).
    with localcontext() as context:
        context.prec = max(context.prec, len(digits) + places + 2)
        text: str = _pattern(places).apply(number, _locale(language), decimal_quantization=False)
    return text


@cache
def _pattern(places: int) -> NumberPattern:
    """An explicit pattern with as many fraction digits as the figure has, because
    Babel's default pattern drops a published trailing zero (1.50 -> 1.5). Parsed once:
    a site of 14,000 targets formats a million numbers."""
    return parse_pattern("#,##0" + ("." + "0" * places if places else ""))


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def format_percent(value: Decimal | int, language: str) -> str:
    """A percent given in percent units (7.58 means 7.58 %); in Vietnamese a no-break
    space keeps the sign with its number.

    >>> format_percent(Decimal("7.58"), "vi"), format_percent(Decimal("7.58"), "en")
    ('7,58\\xa0%', '7.58%')
    """
    return _t(language, "percent", number=format_number(value, language))


def format_points(points: Decimal, language: str) -> str:
    """A difference in percentage points, without its sign (the words around it say which way).

    >>> format_points(Decimal("2.7"), "vi"), format_points(Decimal("-2.7"), "en")
    ('2,7 điểm phần trăm', '2.7 percentage points')
    """
    return _t(language, "points", number=format_number(abs(points), language))


def format_quantity(value: Decimal | int, unit: str, language: str) -> str:
    """A number with its unit, as written in the data for that language.

    >>> format_quantity(Decimal("182000"), "tấn", "vi"), format_quantity(Decimal("182000"), "t", "en")
    ('182.000 tấn', '182,000 t')
    >>> format_quantity(Decimal("7.58"), "%/năm", "vi"), format_quantity(Decimal("7.58"), "%/year", "en")
    ('7,58\\xa0%/năm', '7.58%/year')
    """
    key = "quantity_percent" if unit.startswith("%") else "quantity"
    return _t(language, key, number=format_number(value, language), unit=unit)


def qualify(figure: str, qualifier: ValueQualifier, estimated: bool, language: str) -> str:
    """Wrap an already formatted figure in its qualifier words: "trên 182.000 tấn (ước)"."""
    if qualifier is ValueQualifier.MORE_THAN:
        figure = _t(language, "more_than", figure=figure)
    elif qualifier is ValueQualifier.LESS_THAN:
        figure = _t(language, "less_than", figure=figure)
    if estimated:
        figure = _t(language, "estimated", figure=figure)
    return figure


def format_figure(
    value: Decimal,
    unit: str,
    language: str,
    qualifier: ValueQualifier = ValueQualifier.EXACT,
    estimated: bool = False,
) -> str:
    """A reported value as the report said it: unit, "over"/"under", estimate.

    >>> format_figure(Decimal("182000"), "tấn", "vi", ValueQualifier.MORE_THAN, estimated=True)
    'trên 182.000 tấn (ước)'
    >>> format_figure(Decimal("182000"), "t", "en", ValueQualifier.MORE_THAN, estimated=True)
    'over 182,000 t (est.)'
    """
    return qualify(format_quantity(value, unit, language), qualifier, estimated, language)


def format_date(date: dt.date, language: str) -> str:
    """A day as the language writes it.

    >>> format_date(dt.date(2023, 9, 23), "vi"), format_date(dt.date(2023, 9, 23), "en")
    ('23/09/2023', '23 Sep 2023')
    """
    return babel_format_date(date, _t(language, "date"), locale=_locale(language))


def format_period(period: str, language: str) -> str:
    """The period a figure covers, in words.

    >>> format_period("2018-H1", "vi"), format_period("2018-H1", "en")
    ('6 tháng đầu năm 2018', 'first half of 2018')
    >>> format_period("2020-9M", "en"), format_period("2020-2025", "vi")
    ('first nine months of 2020', '2020–2025')
    """
    parsed = parse_period(period)
    year = parsed.start_year
    if parsed.part is None:
        if parsed.start_year == parsed.end_year:
            return _t(language, "period.year", year=year)
        return _t(language, "period.years", start=year, end=parsed.end_year)
    if parsed.part.endswith("M"):
        return _t(language, f"period.months.{parsed.end_month}", year=year)
    return _t(language, f"period.{parsed.part}", year=year)
