"""The chart of one measure across terms: each resolution's target (published or derived,
told apart) and its latest figure ("over N" and estimates labelled as such), side by side."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt

from chitieu import naming
from chitieu.charts.drafts import Draft
from chitieu.charts.specs import (
    BLUE,
    PURPLE,
    SHAPES,
    VERMILLION,
    WIDTH,
    inline_data,
    spec_json,
    text_encoding,
)
from chitieu.charts.words import figure_text, localised, say, target_figure
from chitieu.formatting import format_number, qualify
from chitieu.records import Assessment, Origin


def series_draft(series_id: str, members: Sequence[Assessment], language: str) -> Draft:
    """Every term of the series as a column: its target as a tick, its latest figure as a point."""
    key = f"series/{series_id}"
    name, unit = localised(members[-1], language)
    terms = [naming.years(a.resolution, language) for a in members]
    points, ticks, sentences = [], [], []
    for term, assessment in zip(terms, members, strict=True):
        latest = assessment.latest
        parts = []
        if latest is not None and latest.value is not None:
            number = qualify(
                format_number(latest.value, language), latest.value_qualifier, latest.estimated, language
            )
            points.append(
                {
                    "term": term,
                    "value": float(latest.value),
                    "label": number,
                    "shape": SHAPES[latest.value_qualifier],
                }
            )
            parts.append(figure_text(assessment, latest, language))
        if assessment.target is not None:
            derived = assessment.target_origin is Origin.DERIVED
            kind = say(language, "series.target_derived" if derived else "series.target_published")
            ticks.append({"term": term, "value": float(assessment.target), "kind": kind})
            parts.append(f"{kind}: {target_figure(assessment, language)}")
        sentences.append(f"{term}: " + ("; ".join(parts) or say(language, "series.nothing")))
    alt_text = say(language, "series.alt", name=name, terms=". ".join(sentences))
    x = alt.X(field="term", type="ordinal", sort=terms, title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y(field="value", type="quantitative", title=unit, scale=alt.Scale(zero=True, nice=True))
    colours = {
        say(language, "series.target_published"): VERMILLION,
        say(language, "series.target_derived"): PURPLE,
    }
    present = [kind for kind in colours if any(tick["kind"] == kind for tick in ticks)]
    layers = [
        alt.UnitSpec(
            data=inline_data(ticks),
            mark=alt.MarkDef(type="tick", thickness=3, size=36),
            encoding=alt.Encoding(
                x=x,
                y=y,
                color=alt.Color(
                    field="kind",
                    type="nominal",
                    scale=alt.Scale(domain=present, range=[colours[kind] for kind in present]),
                    legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0, title=None),
                ),
            ),
        ),
        alt.UnitSpec(
            data=inline_data(points),
            mark=alt.MarkDef(type="point", filled=True, size=110, color=BLUE, opacity=1),
            encoding=alt.Encoding(
                x=x, y=y, shape=alt.Shape(field="shape", type="nominal", scale=None, legend=None)
            ),
        ),
        alt.UnitSpec(
            data=inline_data(points),
            mark=alt.MarkDef(type="text", baseline="bottom", dy=-12),
            encoding=alt.Encoding(x=x, y=y, text=text_encoding()),
        ),
    ]
    return Draft(key, language, spec_json(layers, WIDTH, 190, language, alt_text), alt_text)
