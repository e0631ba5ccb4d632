"""Charts drawn at build time, so that they show with JavaScript off.

in: Package, tuple[Assessment, ...]. out: tuple[Chart, ...]: per language, one chart per
indicator ("indicator/<id>"), one per resolution ("resolution/<id>") and "home".

Each chart is an Altair (Vega-Lite) spec rendered to inline SVG by vl-convert, with a
text alternative that states its numbers. Labels on the marks are formatted by
`formatting.py`, so the chart says exactly what the page's text says; the axes use the
page's locale through `configure(locale=...)`. The rendered SVG is cached under the
sha256 of its spec, so a rebuild with unchanged data renders nothing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import altair as alt
from altair.utils.schemapi import debug_mode
from altair.vegalite.v6.schema import SCHEMA_VERSION
from babel import Locale

from chitieu import assess, figures, naming
from chitieu.formatting import (
    format_date,
    format_number,
    format_percent,
    format_period,
    format_quantity,
    qualify,
)
from chitieu.messages import translate
from chitieu.records import (
    Assessment,
    Chart,
    Observation,
    Origin,
    Package,
    Resolution,
    Status,
    ValueQualifier,
)

log = logging.getLogger(__name__)

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
# Below this many charts to draw, starting worker processes (~1 s each) costs more than it saves.
CHARTS_PER_WORKER = 40
# More report dates than this on one chart: let the axis choose its ticks.
MAX_DATE_TICKS = 3


@dataclass(frozen=True, slots=True)
class Draft:
    """A chart before rendering: its spec and its words."""

    key: str
    language: str
    spec: str  # Vega-Lite JSON, keys sorted: the same input gives the same text
    alt: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{renderer_version()}\n{self.alt}\n{self.spec}".encode()).hexdigest()


def render(
    package: Package,
    assessments: Sequence[Assessment],
    languages: Iterable[str] = ("vi", "en"),
    cache_dir: Path | None = None,
    workers: int | None = None,
    tick: Callable[[int, int], None] | None = None,
    home: Resolution | None = None,
) -> tuple[Chart, ...]:
    """Every chart of the site, in each language; SVGs come from `cache_dir` when there.
    `tick(done, total)` hears of each chart as it is finished."""
    jobs = [job for language in languages for job in draft_jobs(package, assessments, home, language)]
    # Altair checks every piece against the schema as it is built (~10 ms a chart, more
    # than rendering it); the tests validate the finished specs instead.
    with debug_mode(False):
        finished = render_svgs((job() for job in jobs), len(jobs), cache_dir, workers, tick)
    return tuple(
        Chart(key=d.key, language=d.language, svg=svg, alt=d.alt, vega_lite=d.spec, digest=d.digest)
        for d, svg in finished
    )


def draft_jobs(
    package: Package, assessments: Sequence[Assessment], home: Resolution | None, language: str
) -> list[Callable[[], Draft]]:
    """The charts of one language, each as the call that drafts it (home, then resolutions,
    then indicators, in package order): counted before any is drafted, and drafted one at
    a time, so that the first can render while the others are still drafted."""
    return [
        functools.partial(home_draft, home, assessments, language),
        *(functools.partial(resolution_draft, package, r, language) for r in package.resolutions),
        *(functools.partial(indicator_draft, a, language) for a in assessments),
    ]


# --- words -----------------------------------------------------------------------------


def _t(language: str, key: str, /, **params: object) -> str:
    return translate(language, f"charts.{key}", **params)


def _status(language: str, status: Status) -> str:
    symbol = translate(language, f"status.symbol.{status.value}")
    return f"{symbol} {translate(language, f'status.label.{status.value}')}"


def _localised(assessment: Assessment, language: str) -> tuple[str, str]:
    indicator = assessment.indicator
    if language == "vi":
        return indicator.name_vi, indicator.unit_vi
    return indicator.name_en, indicator.unit_en


# --- specs -----------------------------------------------------------------------------
# Marks and channels are built with Altair's typed constructors rather than the chained
# shorthand (.mark_text().encode("x:Q")), which parses and validates at every step.


def _data(rows: list[dict[str, Any]]) -> Any:
    """Inline data: the chart carries its own numbers, so the SVG and JSON need no file."""
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def _at_pixel(channel: Any, pixels: int) -> Any:
    """A position fixed in pixels (Altair leaves these constructors untyped)."""
    return channel(pixels)


def _text(field: str = "label") -> alt.Text:
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
            "date": _t(language, "axis_date"),
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
            "font": _t(language, "font"),
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


def _spec(
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


def _message(lines: list[str], language: str, alt_text: str) -> str:
    """Words instead of an empty axis: "no figure published"."""
    words = alt.UnitSpec(
        data=_data([{"label": lines}]),
        mark=alt.MarkDef(type="text", align="left", baseline="top", lineHeight=18, fontSize=14),
        encoding=alt.Encoding(text=_text(), x=_at_pixel(alt.XValue, 0), y=_at_pixel(alt.YValue, 0)),
    )
    return _spec([words], WIDTH, 18 * len(lines), language, alt_text)


def _figure(assessment: Assessment, observation: Observation, language: str) -> str:
    _, unit = _localised(assessment, language)
    assert observation.value is not None
    figure = format_quantity(observation.value, unit, language)
    return qualify(figure, observation.value_qualifier, observation.estimated, language)


def _percent_text(
    assessment: Assessment, observation: Observation, language: str, short: bool = False
) -> str | None:
    """The percent of target: as reported, else computed from a published target."""
    reported, computed = (
        ("point_reported", "point_computed") if short else ("reported_percent", "computed_percent")
    )
    if observation.percent_of_target is not None:
        percent = format_percent(observation.percent_of_target, language)
        return _t(language, f"indicator.{reported}", percent=percent)
    indicator = assessment.indicator
    if observation.value is not None and indicator.target is not None:
        value = figures.computed_percent(indicator.direction, observation.value, indicator.target)
        if value is not None:
            return _t(language, f"indicator.{computed}", percent=format_percent(value, language))
    return None


def indicator_alt(assessment: Assessment, language: str) -> str:
    """Name, every figure with its date, period and percent, the target and the status."""
    name, _ = _localised(assessment, language)
    figures = []
    for observation in assessment.observations:
        parts = []
        if observation.value is not None:
            parts.append(
                _t(
                    language,
                    "indicator.figure",
                    figure=_figure(assessment, observation, language),
                    date=format_date(observation.as_of, language),
                    period=format_period(observation.period, language),
                )
            )
        percent = _percent_text(assessment, observation, language)
        if percent:
            parts.append(percent)
        if parts:
            figures.append(", ".join(parts))
    label = translate(language, f"status.label.{assessment.status.value}")
    status = _t(language, "indicator.status", status=label)
    target = target_text(assessment, language)
    if not figures:
        return _t(language, "indicator.alt_no_figure", name=name, target=target, status=status)
    return _t(language, "indicator.alt", name=name, figures="; ".join(figures), target=target, status=status)


def _target_figure(assessment: Assessment, language: str) -> str:
    """The target with "over"/"under" when it was derived from such a figure."""
    assert assessment.target is not None
    _, unit = _localised(assessment, language)
    qualifier = figures.target_qualifier(assessment)
    return qualify(format_quantity(assessment.target, unit, language), qualifier, False, language)


def target_text(assessment: Assessment, language: str) -> str:
    """ "Chỉ tiêu suy ra từ tỷ lệ % được báo cáo: trên 165.952 tấn" and the like."""
    if assessment.target is None:
        return _t(language, "indicator.target_not_published")
    key = "target_derived" if assessment.target_origin is Origin.DERIVED else "target_published"
    return _t(language, f"indicator.{key}", target=_target_figure(assessment, language))


def _reference_lines(assessment: Assessment, language: str) -> list[dict[str, Any]]:
    """The baseline and the target as horizontal lines, each with its words."""
    indicator = assessment.indicator
    _, unit = _localised(assessment, language)
    lines: list[dict[str, Any]] = []
    if indicator.baseline is not None and indicator.baseline_year is not None:
        baseline = format_quantity(indicator.baseline, unit, language)
        label = _t(language, "indicator.baseline", year=indicator.baseline_year, baseline=baseline)
        lines.append({"value": float(indicator.baseline), "label": label, "colour": GREY, "dash": [2, 2]})
    if assessment.target is not None:
        derived = assessment.target_origin is Origin.DERIVED
        key = "line_derived" if derived else "line_published"
        label = _t(language, f"indicator.{key}", target=_target_figure(assessment, language))
        # Dots for a derived target, dashes for a published one: told apart without colour.
        dash = [2, 3] if derived else [6, 3]
        lines.append({"value": float(assessment.target), "label": label, "colour": VERMILLION, "dash": dash})
    return lines


def indicator_draft(assessment: Assessment, language: str) -> Draft:
    """Each reported value as one point against the target line (published or derived)."""
    key = f"indicator/{assessment.indicator.id}"
    alt_text = indicator_alt(assessment, language)
    _, unit = _localised(assessment, language)
    with_value = [o for o in assessment.observations if o.value is not None]
    if not with_value:
        message = [_t(language, "indicator.no_figure"), target_text(assessment, language)]
        return Draft(key, language, _message(message, language, alt_text), alt_text)

    points = [
        {
            "date": o.as_of.isoformat(),
            "value": float(o.value),
            "shape": SHAPES[o.value_qualifier],
        }
        for o in with_value
        if o.value is not None
    ]
    # Only the latest figure, the one the status rests on, is labelled on the chart:
    # labels of six yearly figures overlap on a phone. Every figure is in the text
    # alternative and the page's table.
    latest = with_value[-1]
    label = [_figure(assessment, latest, language)]
    percent = _percent_text(assessment, latest, language, short=True)
    if percent:
        label.append(percent)
    labelled = [{**points[-1], "label": label}]
    dates = sorted({o.as_of for o in with_value})
    if len(dates) <= MAX_DATE_TICKS:
        # Ticks only at the reports' dates, which the labels and the text name.
        ticks = alt.Axis(
            format=_t(language, "axis_date"),
            values=[alt.DateTime(year=d.year, month=d.month, date=d.day, utc=True) for d in dates],
            grid=False,
        )
    else:
        # Many reports: a tick per year, labelled with the year alone.
        ticks = alt.Axis(
            format="%Y",
            tickCount=alt.TimeIntervalStep(interval="year", step=1),
            labelOverlap=True,
            grid=False,
        )
    x = alt.X(
        field="date",
        type="temporal",
        timeUnit="utcyearmonthdate",  # a report's date is a calendar day, in no time zone
        title=None,
        scale=alt.Scale(padding=70),  # room for the labels of the first and last point
        axis=ticks,
    )
    y = alt.Y(field="value", type="quantitative", title=unit, scale=alt.Scale(zero=True, nice=True))
    layers = []
    lines = _reference_lines(assessment, language)
    if lines:
        labels = [line["label"] for line in lines]
        # One legend names each line in words; colour and dash pattern only repeat it.
        legend = alt.Legend(orient="bottom", direction="vertical", symbolType="stroke", labelLimit=0)
        colours = alt.Scale(domain=labels, range=[line["colour"] for line in lines])
        dashes = alt.Scale(domain=labels, range=[line["dash"] for line in lines])
        layers.append(
            alt.UnitSpec(
                data=_data([{"value": line["value"], "label": line["label"]} for line in lines]),
                mark=alt.MarkDef(type="rule", strokeWidth=2),
                encoding=alt.Encoding(
                    y=alt.Y(field="value", type="quantitative"),
                    color=alt.Color(field="label", type="nominal", scale=colours, legend=legend),
                    strokeDash=alt.StrokeDash(field="label", type="nominal", scale=dashes, legend=legend),
                ),
            )
        )
    layers.append(
        alt.UnitSpec(
            mark=alt.MarkDef(type="point", filled=True, size=110, color=BLUE, opacity=1),
            # Triangles up/down for "over"/"under" figures; the label says it in words.
            encoding=alt.Encoding(
                x=x, y=y, shape=alt.Shape(field="shape", type="nominal", scale=None, legend=None)
            ),
        )
    )
    layers.append(
        alt.UnitSpec(
            data=_data(labelled),
            mark=alt.MarkDef(type="text", baseline="bottom", dy=-20, lineHeight=16),
            encoding=alt.Encoding(x=x, y=y, text=_text()),
        )
    )
    spec = _spec(layers, WIDTH, 190, language, alt_text, data=_data(points))
    return Draft(key, language, spec, alt_text)


def _bar_rows(
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
        scale=alt.Scale(domain=kinds, range=[_colour_of(kind) for kind in kinds]),
        legend=alt.Legend(labelExpr=_label_expression(legend)) if legend else None,
    )
    layers = [
        alt.UnitSpec(
            data=_data(bars),
            mark=alt.MarkDef(type="bar", stroke=INK, strokeWidth=0.5),
            encoding=alt.Encoding(
                x=x, y=y, color=colour, order=alt.Order(field="order", type="quantitative")
            ),
        ),
        alt.UnitSpec(
            data=_data(labels),
            mark=alt.MarkDef(type="text", align="left", baseline="middle", fontWeight="bold"),
            encoding=alt.Encoding(x=_at_pixel(alt.XValue, 0), y=y, text=_text()),
        ),
        alt.UnitSpec(
            data=_data(ends),
            mark=alt.MarkDef(type="text", align="left", baseline="middle", dx=4),
            encoding=alt.Encoding(x=x, y=y, text=_text()),
        ),
    ]
    return _spec(layers, WIDTH, 20 * len(slots), language, alt_text)


def _colour_of(kind: str) -> str:
    if kind.startswith("status:"):
        return STATUS_COLOURS[Status(kind.removeprefix("status:"))]
    return {"total": LIGHT_GREY, "met": GREEN, "exceeded": BLUE, "not-listed": LIGHT_GREY}[kind]


def _label_expression(legend: Mapping[str, str] | None) -> str:
    """A Vega expression mapping a legend's keys to the page's words."""
    assert legend
    mapping = json.dumps(dict(legend), ensure_ascii=False, sort_keys=True)
    return f"{mapping}[datum.label]"


def resolution_draft(package: Package, resolution: Resolution, language: str) -> Draft:
    """Each progress report as a bar: targets met or exceeded of the targets set."""
    key = f"resolution/{resolution.id}"
    name = naming.resolution_short_name(resolution, language)
    reports = assess.headline_reports(package, resolution.id)
    if not reports:
        alt_text = _t(language, "resolution.alt_no_report", name=name)
        return Draft(
            key, language, _message([_t(language, "resolution.no_report")], language, alt_text), alt_text
        )
    rows, sentences = [], []
    for report in reports:
        met = _t(
            language,
            "resolution.met",
            met=format_number(report.targets_met, language),
            total=format_number(report.targets_total, language),
        )
        if report.targets_exceeded is not None:
            met += ", " + _t(
                language, "resolution.exceeded", exceeded=format_number(report.targets_exceeded, language)
            )
        period, date = format_period(report.period, language), format_date(report.as_of, language)
        sentences.append(_t(language, "resolution.report", met=met, period=period, date=date))
        bars = [(report.targets_total, "total"), (report.targets_met, "met")]
        if report.targets_exceeded is not None:
            bars.append((report.targets_exceeded, "exceeded"))
        end = f"{format_number(report.targets_met, language)}/{format_number(report.targets_total, language)}"
        rows.append({"label": f"{period} · {date}", "end": end, "bars": bars})
    legend = {kind: _t(language, f"resolution.legend_{kind}") for kind in ("total", "met", "exceeded")}
    if all(r.targets_exceeded is None for r in reports):
        del legend["exceeded"]
    alt_text = _t(language, "resolution.alt", name=name, reports="; ".join(sentences))
    spec = _bar_rows(rows, max(r.targets_total for r in reports), legend, language, alt_text)
    return Draft(key, language, spec, alt_text)


def home_draft(resolution: Resolution | None, assessments: Sequence[Assessment], language: str) -> Draft:
    """The current resolution's targets by status, and those the data does not list yet."""
    if resolution is None:
        text = _t(language, "home.no_resolution")
        return Draft("home", language, _message([text], language, text), text)
    counts = assess.summarise(a for a in assessments if a.resolution.id == resolution.id)
    listed = sum(counts.values())
    total = max(resolution.targets_total or 0, listed)
    rows, parts = [], []
    for status, count in counts.items():
        number = format_number(count, language)
        if count:  # the alt text names the empty statuses too; the bars skip them
            bar = [(count, f"status:{status.value}")]
            rows.append({"label": _status(language, status), "end": number, "bars": bar})
        label = translate(language, f"status.label.{status.value}")
        parts.append(_t(language, "home.count", label=label, count=number))
    if total > listed:
        label, number = _t(language, "home.not_listed"), format_number(total - listed, language)
        rows.append({"label": label, "end": number, "bars": [(total - listed, "not-listed")]})
        parts.append(_t(language, "home.count", label=label, count=number))
    name = naming.resolution_short_name(resolution, language)
    alt_text = _t(
        language, "home.alt", name=name, total=format_number(total, language), counts="; ".join(parts)
    )
    if not rows:
        alt_text = _t(language, "home.no_targets", name=name)
        return Draft("home", language, _message([alt_text], language, alt_text), alt_text)
    spec = _bar_rows(rows, max(max(counts.values()), total - listed), None, language, alt_text)
    return Draft("home", language, spec, alt_text)


# --- rendering -------------------------------------------------------------------------


@cache
def renderer_version() -> str:
    from importlib.metadata import version

    return (
        f"vl-convert {version('vl-convert-python')}; vega-lite {VEGA_LITE}; postprocess {POSTPROCESS_VERSION}"
    )


def render_svgs(
    drafts: Iterable[Draft],
    count: int,
    cache_dir: Path | None,
    workers: int | None,
    tick: Callable[[int, int], None] | None = None,
) -> list[tuple[Draft, str]]:
    """Each of the `count` drafts with its finished SVG, in order: from the cache when
    there, else rendered once per distinct spec and stored.

    With many to render, worker processes render each spec as soon as it is drafted, while
    this process drafts the next. The workers run vl-convert's own function (pickled by
    reference, so they import neither Altair nor chitieu); each costs ~0.5 s to start and
    warm up, which is why small builds stay in one process. "spawn", because vl-convert
    runs threads that a forked child would inherit half-broken.
    """
    if workers is None:
        workers = min(os.cpu_count() or 1, count // CHARTS_PER_WORKER)
    ordered: list[Draft] = []
    svgs: dict[str, str] = {}  # digest -> finished SVG
    pending: dict[str, tuple[Draft, Future[str]]] = {}  # digest -> rendering in a worker
    rendered = 0
    finished = 0
    lock = threading.Lock()  # the workers' results arrive on the pool's own thread

    def one_more(future: Future[str] | None = None) -> None:
        nonlocal finished
        if future is not None and future.cancelled():
            return
        with lock:
            finished += 1
            if tick is not None:
                tick(finished, count)

    pool = None
    if workers > 1:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        convert = functools.partial(_vl_convert().vegalite_to_svg, vl_version=VEGA_LITE)
        for draft in drafts:
            ordered.append(draft)
            digest = draft.digest
            if digest in svgs or digest in pending:
                one_more()
                continue
            cached = cache_dir / f"{digest}.svg" if cache_dir else None
            if cached is not None and cached.is_file():
                svgs[digest] = cached.read_text(encoding="utf-8")
                one_more()
            elif pool is None:
                svgs[digest] = _store(_render_one(draft.spec, draft.alt, digest), digest, cache_dir)
                rendered += 1
                one_more()
            else:
                future = pool.submit(convert, draft.spec)
                future.add_done_callback(one_more)
                pending[digest] = (draft, future)
                rendered += 1
        for digest, (draft, future) in pending.items():
            svgs[digest] = _store(finish_svg(future.result(), draft.alt, digest[:8]), digest, cache_dir)
    finally:
        if pool is not None:
            # On Ctrl+C or an error, the specs not yet rendered are dropped, not waited for.
            pool.shutdown(cancel_futures=True)
    log.info("charts: %d rendered, %d from the cache", rendered, len(ordered) - rendered)
    return [(draft, svgs[draft.digest]) for draft in ordered]


def _store(svg: str, digest: str, cache_dir: Path | None) -> str:
    """Keep a finished SVG in the cache (written whole, then renamed: never half a file)."""
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = cache_dir / f"{digest}.svg.tmp"
        temporary.write_text(svg, encoding="utf-8")
        temporary.replace(cache_dir / f"{digest}.svg")
    return svg


def _vl_convert() -> Any:
    import vl_convert

    return vl_convert


def _render_one(spec: str, alt_text: str, digest: str) -> str:
    svg = _vl_convert().vegalite_to_svg(spec, vl_version=VEGA_LITE)
    return finish_svg(svg, alt_text, digest[:8])


_ID = re.compile(r'\bid="([^"]+)"')
# Attributes and elements that only matter to an interactive Vega view or repeat a default.
_NOISE = (
    re.compile(r' (?:class|role|pointer-events|aria-[a-z]+)="[^"]*"'),
    re.compile(r' opacity="1"'),
    re.compile(r' transform="translate\(0,0\)"'),
    re.compile(r'<path d="M0,0h0v0h0Z"/>'),
    re.compile(r'<path d="" display="none"/>'),
)


def finish_svg(svg: str, alt_text: str, prefix: str) -> str:
    """Make vl-convert's SVG an accessible, self-contained, compact inline image.

    One role="img" with the text alternative as aria-label and <title> (the marks inside
    are not announced one by one); ids made unique per chart, since several charts can
    share a page; no xlink namespace; Vega's interaction hooks removed.
    """
    for old in sorted(set(_ID.findall(svg))):
        svg = svg.replace(f'id="{old}"', f'id="c{prefix}-{old}"').replace(
            f"url(#{old})", f"url(#c{prefix}-{old})"
        )
    svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    for pattern in _NOISE:
        svg = pattern.sub("", svg)
    label = escape(alt_text, quote=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" style="max-width:100%;height:auto" ', 1)
    head_end = svg.index(">") + 1
    return f"{svg[:head_end]}<title>{escape(alt_text, quote=False)}</title>{svg[head_end:]}"
