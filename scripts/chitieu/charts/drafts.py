"""One draft per chart of the site: a target's figures over time, a resolution's progress
statements, the home page's current resolution by status."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt

from chitieu import assess, naming
from chitieu.charts.specs import (
    BLUE,
    MAX_DATE_TICKS,
    SHAPES,
    WIDTH,
    bar_rows,
    inline_data,
    message_spec,
    reference_lines,
    renderer_version,
    spec_json,
    text_encoding,
)
from chitieu.charts.words import (
    SCORECARD_PARTS,
    figure_text,
    indicator_alt,
    localised,
    percent_text,
    say,
    scorecard_words,
    status_label,
    target_text,
)
from chitieu.formatting import (
    format_date,
    format_number,
    format_period,
)
from chitieu.messages import translate
from chitieu.records import (
    Assessment,
    Package,
    Resolution,
)


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


def indicator_draft(assessment: Assessment, language: str) -> Draft:
    """Each reported value as one point against the target line (published or derived)."""
    key = f"indicator/{assessment.indicator.id}"
    alt_text = indicator_alt(assessment, language)
    _, unit = localised(assessment, language)
    with_value = [o for o in assessment.observations if o.value is not None]
    if not with_value:
        message = [say(language, "indicator.no_figure"), target_text(assessment, language)]
        return Draft(key, language, message_spec(message, language, alt_text), alt_text)
    points = [
        {"date": o.as_of.isoformat(), "value": float(o.value), "shape": SHAPES[o.value_qualifier]}
        for o in with_value
        if o.value is not None
    ]
    # Only the latest figure, the one the status rests on, is labelled on the chart:
    # labels of six yearly figures overlap on a phone. Every figure is in the text
    # alternative and the page's table.
    latest = with_value[-1]
    label = [figure_text(assessment, latest, language)]
    percent = percent_text(assessment, latest, language, short=True)
    if percent:
        label.append(percent)
    x = _date_axis(sorted({o.as_of for o in with_value}), language)
    y = alt.Y(field="value", type="quantitative", title=unit, scale=alt.Scale(zero=True, nice=True))
    layers = [
        *_target_lines(assessment, language),
        alt.UnitSpec(
            mark=alt.MarkDef(type="point", filled=True, size=110, color=BLUE, opacity=1),
            # Triangles up/down for "over"/"under" figures; the label says it in words.
            encoding=alt.Encoding(
                x=x, y=y, shape=alt.Shape(field="shape", type="nominal", scale=None, legend=None)
            ),
        ),
        alt.UnitSpec(
            data=inline_data([{**points[-1], "label": label}]),
            mark=alt.MarkDef(type="text", baseline="bottom", dy=-20, lineHeight=16),
            encoding=alt.Encoding(x=x, y=y, text=text_encoding()),
        ),
    ]
    spec = spec_json(layers, WIDTH, 190, language, alt_text, data=inline_data(points))
    return Draft(key, language, spec, alt_text)


def _date_axis(dates: list[dt.date], language: str) -> alt.X:
    """The reports' dates: a tick at each when there are few, else one a year."""
    if len(dates) <= MAX_DATE_TICKS:
        # Ticks only at the reports' dates, which the labels and the text name.
        ticks = alt.Axis(
            format=say(language, "axis_date"),
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
    return alt.X(
        field="date",
        type="temporal",
        timeUnit="utcyearmonthdate",  # a report's date is a calendar day, in no time zone
        title=None,
        scale=alt.Scale(padding=70),  # room for the labels of the first and last point
        axis=ticks,
    )


def _target_lines(assessment: Assessment, language: str) -> list[alt.UnitSpec]:
    """The target as a line (published or derived), named in a legend."""
    lines = reference_lines(assessment, language)
    if not lines:
        return []
    labels = [line["label"] for line in lines]
    # One legend names each line in words; colour and dash pattern only repeat it.
    legend = alt.Legend(orient="bottom", direction="vertical", symbolType="stroke", labelLimit=0)
    colours = alt.Scale(domain=labels, range=[line["colour"] for line in lines])
    dashes = alt.Scale(domain=labels, range=[line["dash"] for line in lines])
    return [
        alt.UnitSpec(
            data=inline_data([{"value": line["value"], "label": line["label"]} for line in lines]),
            mark=alt.MarkDef(type="rule", strokeWidth=2),
            encoding=alt.Encoding(
                y=alt.Y(field="value", type="quantitative"),
                color=alt.Color(field="label", type="nominal", scale=colours, legend=legend),
                strokeDash=alt.StrokeDash(field="label", type="nominal", scale=dashes, legend=legend),
            ),
        )
    ]


def resolution_draft(package: Package, resolution: Resolution, language: str) -> Draft:
    """Each progress report as a bar: targets met or exceeded of the targets set."""
    key = f"resolution/{resolution.id}"
    name = naming.resolution_short_name(resolution, language)
    reports = assess.headline_reports(package, resolution.id)
    if not reports:
        alt_text = say(language, "resolution.alt_no_report", name=name)
        return Draft(
            key, language, message_spec([say(language, "resolution.no_report")], language, alt_text), alt_text
        )
    rows, sentences = [], []
    for report in reports:
        met = say(
            language,
            "resolution.met",
            met=format_number(report.targets_met, language),
            total=format_number(report.targets_total, language),
        )
        if report.targets_exceeded is not None:
            met += ", " + say(
                language, "resolution.exceeded", exceeded=format_number(report.targets_exceeded, language)
            )
        period, date = format_period(report.period, language), format_date(report.as_of, language)
        sentences.append(say(language, "resolution.report", met=met, period=period, date=date))
        bars = [(report.targets_total, "total"), (report.targets_met, "met")]
        if report.targets_exceeded is not None:
            bars.append((report.targets_exceeded, "exceeded"))
        end = f"{format_number(report.targets_met, language)}/{format_number(report.targets_total, language)}"
        rows.append({"label": f"{period} · {date}", "end": end, "bars": bars})
    legend = {kind: say(language, f"resolution.legend_{kind}") for kind in ("total", "met", "exceeded")}
    if all(r.targets_exceeded is None for r in reports):
        del legend["exceeded"]
    alt_text = say(language, "resolution.alt", name=name, reports="; ".join(sentences))
    spec = bar_rows(rows, max(r.targets_total for r in reports), legend, language, alt_text)
    return Draft(key, language, spec, alt_text)


def scorecard_draft(package: Package, resolution: Resolution, language: str) -> Draft:
    """The latest count as one proportion bar of the targets set: exceeded, met, on
    schedule, not yet assessed and not known, each part named with its count."""
    key = f"scorecard/{resolution.id}"
    name = naming.resolution_short_name(resolution, language)
    card = assess.scorecard(package, resolution)
    if not card.statements:
        alt_text = say(
            language, "scorecard.alt_no_report", name=name, total=format_number(card.total, language)
        )
        return Draft(
            key, language, message_spec([say(language, "resolution.no_report")], language, alt_text), alt_text
        )
    counts = {part: getattr(card, part) for part in SCORECARD_PARTS}
    words = scorecard_words(card, language)
    # One bar: the parts drawn over each other from the longest, so they read as segments.
    bars, end = [], 0
    for part in SCORECARD_PARTS:
        end += counts[part]
    for part in reversed(SCORECARD_PARTS):
        if counts[part]:
            bars.append((end, f"part:{part}"))
        end -= counts[part]
    assert card.as_of is not None
    date = format_date(card.as_of, language)
    source = package.source(card.statements[0].source_id).publisher
    label = say(language, "scorecard.label", date=date, source=source)
    total = format_number(card.total, language)
    alt_text = say(
        language,
        "scorecard.alt",
        name=name,
        total=total,
        parts="; ".join(words.values()),
        date=date,
        source=source,
    )
    legend = {f"part:{part}": words[part] for part in SCORECARD_PARTS if part in words}
    rows = [{"label": label, "end": total, "bars": bars}]
    return Draft(key, language, bar_rows(rows, card.total, legend, language, alt_text), alt_text)


def home_draft(resolution: Resolution | None, assessments: Sequence[Assessment], language: str) -> Draft:
    """The current resolution's targets by status, and those the data does not list yet."""
    if resolution is None:
        text = say(language, "home.no_resolution")
        return Draft("home", language, message_spec([text], language, text), text)
    counts = assess.summarise(a for a in assessments if a.resolution.id == resolution.id)
    listed = sum(counts.values())
    total = max(resolution.targets_total or 0, listed)
    rows, parts = [], []
    for status, count in counts.items():
        number = format_number(count, language)
        if count:  # the alt text names the empty statuses too; the bars skip them
            bar = [(count, f"status:{status.value}")]
            rows.append({"label": status_label(language, status), "end": number, "bars": bar})
        label = translate(language, f"status.label.{status.value}")
        parts.append(say(language, "home.count", label=label, count=number))
    if total > listed:
        label, number = say(language, "home.not_listed"), format_number(total - listed, language)
        rows.append({"label": label, "end": number, "bars": [(total - listed, "not-listed")]})
        parts.append(say(language, "home.count", label=label, count=number))
    name = naming.resolution_short_name(resolution, language)
    alt_text = say(
        language, "home.alt", name=name, total=format_number(total, language), counts="; ".join(parts)
    )
    if not rows:
        alt_text = say(language, "home.no_targets", name=name)
        return Draft("home", language, message_spec([alt_text], language, alt_text), alt_text)
    spec = bar_rows(rows, max(max(counts.values()), total - listed), None, language, alt_text)
    return Draft("home", language, spec, alt_text)
