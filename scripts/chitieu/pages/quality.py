"""The /data-quality/ page: what the validator checks, how complete the data are, and
which figures are estimates, bounds, derived, or disagree with the report's own percent."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from chitieu import figures
from chitieu.messages import catalogue, translate, unfilled
from chitieu.pages.data import MAX_LISTED_FIGURES
from chitieu.pages.writer import Writer
from chitieu.records import Origin, Page, ValueQualifier
from chitieu.site import urls
from chitieu.validate import checks


def jobs(writer: Writer) -> list[Callable[[], Page]]:
    return [partial(quality_page, writer)] if writer.site.data is not None else []


def quality_page(writer: Writer) -> Page:
    site, language = writer.site, writer.language
    assert site.data is not None
    package, tables = site.package, site.data.export.tables
    observations = [(o, package.indicator(o.indicator_id)) for o in package.observations]
    problems = sorted(
        key.removeprefix("problems.").removesuffix(".message")
        for key in catalogue(language)
        if key.startswith("problems.") and key.endswith(".message")
    )
    return writer.render(
        "data-quality.md.j2",
        urls.DATA_QUALITY_PAGE,
        words="data",
        tables=len(tables),
        rows=sum(len(t.rows) for t in tables),
        checks=[
            {"name": c.__name__, "description": check_description(c, language)}
            for c in (*checks.TEXT_CHECKS, *checks.PACKAGE_CHECKS)
        ],
        problems=[
            {"code": code, "message": unfilled(language, f"problems.{code}.message")} for code in problems
        ],
        coverage=_coverage(writer),
        limit=MAX_LISTED_FIGURES,
        estimates=[(o, i) for o, i in observations if o.estimated],
        bounds=[(o, i) for o, i in observations if o.value_qualifier is not ValueQualifier.EXACT],
        derived=[a for a in site.assessments if a.target_origin is Origin.DERIVED],
        disagreements=[a for a in site.assessments if figures.disagrees(a)],
    )


def _coverage(writer: Writer) -> list[dict[str, Any]]:
    """Per resolution: targets set, listed here, with a published target, with a figure."""
    package, by_id = writer.site.package, writer.site.by_indicator
    rows = []
    for resolution in package.resolutions:
        listed = package.indicators_of(resolution.id)
        rows.append(
            {
                "resolution": resolution,
                "set": resolution.targets_total,
                "known": len(listed),
                "with_target": sum(1 for i in listed if i.target is not None),
                "with_figure": sum(1 for i in listed if by_id.get(i.id) and by_id[i.id].latest),
            }
        )
    return rows


def check_description(check: Callable[..., Any], language: str) -> str:
    """A check's description from the catalogue; its docstring (English) if it has none yet."""
    key = f"data.checks.{check.__name__}"
    if key in catalogue(language):
        return translate(language, key)
    return " ".join((check.__doc__ or check.__name__).split())
