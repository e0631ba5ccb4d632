"""The pieces of a Vega-Lite spec built from Altair's schema classes: the locale, the font
and colours, rows of bars, words instead of an empty axis."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import altair as alt
from altair.vegalite.v6.schema import SCHEMA_VERSION
from babel import Locale

from chitieu.charts.words import localised, say, target_figure
from chitieu.formatting import (
    format_quantity,
)
from chitieu.records import (
    Assessment,
    Origin,
    Status,
    ValueQualifier,
)

# The Vega-Lite version Altair writes for; the specs carry no "$schema" address, so
# vl-convert is told which of its bundled versions to use.
VEGA_LITE = ".".join(SCHEMA_VERSION.removeprefix("v").split(".")[:2])
# Bump when the SVG post-processing changes, so that cached SVGs are not reused.
POSTPROCESS_VERSION = "1"
WIDTH = 270  # px of the plot area: with its axis the SVG fits a 390 px phone unscaled
# Okabe & Ito's palette, safe for the common colour-vision deficiencies; every mark
# also carries a text label, so colour is never the only signal.
BLUE, GREEN, ORANGE, VERMILLION, PURPLE = (
    "#0072B2",
    "#009E73",
    "#E69F00",
    "#D55E00",
    "#CC79A7",
)
GREY, LIGHT_GREY, INK = "#999999", "#DDDDDD", "#222222"
SKY = "#56B4E9"  # Okabe & Ito's sky blue: on schedule, not yet met
# The same hues as the status words on the pages (chitieu.css: exceeded blue, met teal),
# so that a bar and the word beside it agree.
STATUS_COLOURS = {
    Status.EXCEEDED: BLUE,
    Status.MET: GREEN,
    Status.NOT_YET_MET: ORANGE,
    Status.TARGET_NOT_PUBLISHED: GREY,
    Status.NO_DATA: PURPLE,
}
SHAPES = {
    ValueQualifier.EXACT: "circle",
    ValueQualifier.MORE_THAN: "triangle-up",
    ValueQualifier.LESS_THAN: "triangle-down",
}
# More report dates than this on one chart: let the axis choose its ticks.
MAX_DATE_TICKS = 3


# --- specs -----------------------------------------------------------------------------
# Marks and channels are built with Altair's typed constructors rather than the chained
# shorthand (.mark_text().encode("x:Q")), which parses and validates at every step.


def inline_data(rows: list[dict[str, Any]]) -> Any:
    """Inline data: the chart carries its own numbers, so the SVG and JSON need no file."""
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def at_pixel(channel: Any, pixels: int) -> Any:
    """A position fixed in pixels (Altair leaves these constructors untyped)."""
    return channel(pixels)


def text_encoding(field: str = "label") -> alt.Text:
    return alt.Text(field=field, type="nominal")


@cache
def d3_locale(language: str) -> dict[str, Any]:
    """The d3 number and time locale of `language`, read from Babel (the same CLDR data
    as the page's text)."""
    locale = Locale.parse(language)
    symbols = locale.number_symbols["latn"]
    months = locale.months["format"]
    days = locale.days["format"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, d3 from Sunday
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
            "grouping": [3],
            "currency": ["", ""],
        },
        "time": {
            "dateTime": "%x %X",
            "date": say(language, "axis_date"),
            "time": "%H:%M:%S",
            "periods": [locale.day_periods["format"]["abbreviated"][p] for p in ("am", "pm")],
            "days": [days["wide"][d] for d in sunday_first],
            "shortDays": [days["abbreviated"][d] for d in sunday_first],
            "months": [months["wide"][m] for m in range(1, 13)],
            "shortMonths": [months["abbreviated"][m] for m in range(1, 13)],
        },
    }


@cache
def chart_config(language: str) -> dict[str, Any]:
    """What `chart.configure(...)` would set, built, validated and turned into JSON once
    per language (converting it again for each chart was a third of drafting): the
    page's number and date locale, a font with Vietnamese glyphs, dark text on white."""
    config: dict[str, Any] = alt.Config.from_dict(
        {
            "locale": d3_locale(language),
            "font": say(language, "font"),
            "aria": False,  # the SVG as a whole is one image with one text alternative
            "background": "white",
            "view": {"stroke": None},
            # The gaps leave room for a reader's font up to ~20 % wider than the one
            # vl-convert measures with (DejaVu Sans, the Linux fallback, is): the unit
            # beside the axis numbers and the legend's entries must not run into each other.
            "axis": {
                "labelColor": INK,
                "titleColor": INK,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titlePadding": 14,
            },
            "text": {"color": INK, "fontSize": 13},
            "legend": {
                "labelColor": INK,
                "labelFontSize": 12,
                "orient": "bottom",
                "title": None,
                "columnPadding": 20,
            },
        }
    ).to_dict(validate=False)
    return config


def spec_json(
    layers: list[alt.UnitSpec], width: int, height: int, language: str, alt_text: str, data: Any = None
) -> str:
    """The finished Vega-Lite spec as canonical JSON (sorted keys: same input, same text).

    `data`, when given, is shared by the layers that have none of their own. The spec is
    built from Altair's schema classes, not `alt.LayerChart`, which deep-copies every layer
    twice to merge selections we do not use: 3 ms a chart, more than the rest of drafting.
    They also carry no "$schema" address, the only outside URL a spec would have."""
    chart = alt.TopLevelLayerSpec(layer=layers, width=width, height=height, description=alt_text)
    if data is not None:
        chart.data = data
    spec = chart.to_dict(validate=False) | {"config": chart_config(language)}
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def message_spec(lines: list[str], language: str, alt_text: str) -> str:
    """Words instead of an empty axis: "no figure published"."""
    words = alt.UnitSpec(
        data=inline_data([{"label": lines}]),
        mark=alt.MarkDef(type="text", align="left", baseline="top", lineHeight=18, fontSize=14),
        encoding=alt.Encoding(text=text_encoding(), x=at_pixel(alt.XValue, 0), y=at_pixel(alt.YValue, 0)),
    )
    return spec_json([words], WIDTH, 18 * len(lines), language, alt_text)


def reference_lines(assessment: Assessment, language: str) -> list[dict[str, Any]]:
    """The baseline and the target as horizontal lines, each with its words."""
    indicator = assessment.indicator
    _, unit = localised(assessment, language)
    lines: list[dict[str, Any]] = []
    if indicator.baseline is not None and indicator.baseline_year is not None:
        baseline = format_quantity(indicator.baseline, unit, language)
        label = say(language, "indicator.baseline", year=indicator.baseline_year, baseline=baseline)
        lines.append({"value": float(indicator.baseline), "label": label, "colour": GREY, "dash": [2, 2]})
    if assessment.target is not None:
        derived = assessment.target_origin is Origin.DERIVED
        key = "line_derived" if derived else "line_published"
        label = say(language, f"indicator.{key}", target=target_figure(assessment, language))
        # Dots for a derived target, dashes for a published one: told apart without colour.
        dash = [2, 3] if derived else [6, 3]
        lines.append({"value": float(assessment.target), "label": label, "colour": VERMILLION, "dash": dash})
    return lines


def bar_rows(
    rows: Sequence[Mapping[str, Any]],
    domain_max: int,
    legend: Mapping[str, str] | None,
    language: str,
    alt_text: str,
) -> str:
    """Labelled horizontal bars: each row is a line of words above its bar(s), and the
    count after the bar, so no number is read off an axis.

    rows: {"label": str, "end": str (text after the bar), "bars": [(value, kind)]}, the
    bars of a row drawn over each other, longest first.
    """
    labels, bars, ends = [], [], []
    for index, row in enumerate(rows):
        labels.append({"slot": 2 * index, "label": row["label"]})
        for order, (value, kind) in enumerate(row["bars"]):
            bars.append({"slot": 2 * index + 1, "value": value, "kind": kind, "order": order})
        longest = max(value for value, _ in row["bars"])
        ends.append({"slot": 2 * index + 1, "value": longest, "label": row["end"]})
    slots = list(range(2 * len(rows)))
    y = alt.Y(field="slot", type="ordinal", axis=None, scale=alt.Scale(domain=slots, paddingInner=0.15))
    x = alt.X(
        field="value",
        type="quantitative",
        axis=None,
        stack=None,
        scale=alt.Scale(domain=[0, max(domain_max, 1)]),
    )
    kinds = list(legend) if legend else sorted({bar["kind"] for bar in bars})
    colour = alt.Color(
        field="kind",
        type="nominal",
        scale=alt.Scale(domain=kinds, range=[colour_of(kind) for kind in kinds]),
        legend=alt.Legend(labelExpr=_label_expression(legend)) if legend else None,
    )
    layers = [
        alt.UnitSpec(
            data=inline_data(bars),
            mark=alt.MarkDef(type="bar", stroke=INK, strokeWidth=0.5),
            encoding=alt.Encoding(
                x=x, y=y, color=colour, order=alt.Order(field="order", type="quantitative")
            ),
        ),
        alt.UnitSpec(
            data=inline_data(labels),
            mark=alt.MarkDef(type="text", align="left", baseline="middle", fontWeight="bold"),
            encoding=alt.Encoding(x=at_pixel(alt.XValue, 0), y=y, text=text_encoding()),
        ),
        alt.UnitSpec(
            data=inline_data(ends),
            mark=alt.MarkDef(type="text", align="left", baseline="middle", dx=4),
            encoding=alt.Encoding(x=x, y=y, text=text_encoding()),
        ),
    ]
    return spec_json(layers, WIDTH, 20 * len(slots), language, alt_text)


def colour_of(kind: str) -> str:
    if kind.startswith("status:"):
        return STATUS_COLOURS[Status(kind.removeprefix("status:"))]
    parts = {
        "part:exceeded": BLUE,
        "part:met": GREEN,
        "part:on_schedule": SKY,
        "part:not_assessed": GREY,
        "part:not_known": "#FFFFFF",
    }
    return {"total": LIGHT_GREY, "met": GREEN, "exceeded": BLUE, "not-listed": LIGHT_GREY, **parts}[kind]


def _label_expression(legend: Mapping[str, str] | None) -> str:
    """A Vega expression mapping a legend's keys to the page's words."""
    assert legend
    mapping = json.dumps(dict(legend), ensure_ascii=False, sort_keys=True)
    return f"{mapping}[datum.label]"


@cache
def renderer_version() -> str:
    from importlib.metadata import version

    return (
        f"vl-convert {version('vl-convert-python')}; vega-lite {VEGA_LITE}; postprocess {POSTPROCESS_VERSION}"
    )
