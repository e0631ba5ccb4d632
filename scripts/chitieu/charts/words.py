"""The words of the charts: the labels on the marks and the text alternative that states
every number, in the page's language, through formatting.py, so that a chart says exactly
what the page's text says."""

from __future__ import annotations

from chitieu import figures
from chitieu.formatting import (
    format_date,
    format_number,
    format_percent,
    format_period,
    format_points,
    format_quantity,
    qualify,
)
from chitieu.messages import translate
from chitieu.records import (
    Assessment,
    Observation,
    Origin,
    Scorecard,
    Status,
)

# The parts of a scorecard's bar, in the order drawn.
SCORECARD_PARTS = ("exceeded", "met", "on_schedule", "not_assessed", "not_known")

# --- words -----------------------------------------------------------------------------


def say(language: str, key: str, /, **params: object) -> str:
    return translate(language, f"charts.{key}", **params)


def status_label(language: str, status: Status) -> str:
    symbol = translate(language, f"status.symbol.{status.value}")
    return f"{symbol} {translate(language, f'status.label.{status.value}')}"


def localised(assessment: Assessment, language: str) -> tuple[str, str]:
    indicator = assessment.indicator
    if language == "vi":
        return indicator.name_vi, indicator.unit_vi
    return indicator.name_en, indicator.unit_en


def figure_text(assessment: Assessment, observation: Observation, language: str) -> str:
    _, unit = localised(assessment, language)
    assert observation.value is not None
    figure = format_quantity(observation.value, unit, language)
    return qualify(figure, observation.value_qualifier, observation.estimated, language)


def percent_text(
    assessment: Assessment, observation: Observation, language: str, short: bool = False
) -> str | None:
    """The percent of target: as reported, else computed from a published target."""
    reported, computed = (
        ("point_reported", "point_computed") if short else ("reported_percent", "computed_percent")
    )
    if observation.percent_of_target is not None:
        percent = format_percent(observation.percent_of_target, language)
        return say(language, f"indicator.{reported}", percent=percent)
    indicator = assessment.indicator
    if (
        observation.value is not None
        and indicator.target is not None
        and figures.compared_in_points(indicator)
    ):
        if short:
            return None  # too long for a label beside a point: the text alternative says it
        points = figures.points_from_target(observation.value, indicator.target)
        side = "above" if points > 0 else "below" if points < 0 else "at"
        return say(language, f"indicator.points_{side}", points=format_points(points, language))
    if observation.value is not None and indicator.target is not None:
        value = figures.computed_percent(indicator.direction, observation.value, indicator.target)
        if value is not None:
            return say(language, f"indicator.{computed}", percent=format_percent(value, language))
    return None


def indicator_alt(assessment: Assessment, language: str) -> str:
    """Name, every figure with its date, period and percent, the target and the status."""
    name, _ = localised(assessment, language)
    figures = []
    for observation in assessment.observations:
        parts = []
        if observation.value is not None:
            parts.append(
                say(
                    language,
                    "indicator.figure",
                    figure=figure_text(assessment, observation, language),
                    date=format_date(observation.as_of, language),
                    period=format_period(observation.period, language),
                )
            )
        percent = percent_text(assessment, observation, language)
        if percent:
            parts.append(percent)
        if parts:
            figures.append(", ".join(parts))
    label = translate(language, f"status.label.{assessment.status.value}")
    status = say(language, "indicator.status", status=label)
    target = target_text(assessment, language)
    if not figures:
        return say(language, "indicator.alt_no_figure", name=name, target=target, status=status)
    return say(language, "indicator.alt", name=name, figures="; ".join(figures), target=target, status=status)


def target_figure(assessment: Assessment, language: str) -> str:
    """The target with "over"/"under" when it was derived from such a figure."""
    assert assessment.target is not None
    _, unit = localised(assessment, language)
    qualifier = figures.target_qualifier(assessment)
    return qualify(format_quantity(assessment.target, unit, language), qualifier, False, language)


def target_text(assessment: Assessment, language: str) -> str:
    """ "Chỉ tiêu suy ra từ tỷ lệ % được báo cáo: trên 165.952 tấn" and the like."""
    if assessment.target is None:
        return say(language, "indicator.target_not_published")
    key = "target_derived" if assessment.target_origin is Origin.DERIVED else "target_published"
    return say(language, f"indicator.{key}", target=target_figure(assessment, language))


def scorecard_words(card: Scorecard, language: str) -> dict[str, str]:
    """Each part of the bar that holds targets, named with its count ("Đạt và vượt: 10"
    when the report does not tell met from exceeded)."""
    names = dict(zip(SCORECARD_PARTS, SCORECARD_PARTS, strict=True))
    if not card.exceeded_told:
        names["met"] = "met_or_exceeded"
    return {
        part: say(language, f"scorecard.{names[part]}", count=format_number(getattr(card, part), language))
        for part in SCORECARD_PARTS
        if getattr(card, part)
    }
