"""The static JSON API and each target's figures as a table: what a program reads.

Bumping `SCHEMA_VERSION` is for a field removed, renamed or changed in meaning or type;
new fields may appear at any time (the developers page says so)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chitieu.export.json import record_dict
from chitieu.messages import LANGUAGES
from chitieu.records import (
    Assessment,
    ComparisonBasis,
    Indicator,
    Observation,
    Package,
)
from chitieu.site import urls
from chitieu.site.urls import Links

# Bumped only when a field of the API or of a JSON download is removed, renamed or
# changes meaning or type; new fields may appear at any time (the developers page says so).
SCHEMA_VERSION = 1


# ---------------------------------------------------------------------------------------
# Per-indicator tables and the API.

COMPARISON_COLUMNS = {basis: "percent_of_" + basis.value.replace("-", "_") for basis in ComparisonBasis}
INDICATOR_TABLE_COLUMNS = (
    "indicator_id",
    "observation_id",
    "period",
    "as_of",
    "value",
    "unit_vi",
    "unit_en",
    "value_qualifier",
    "estimated",
    "percent_of_target",
    *COMPARISON_COLUMNS.values(),
    "note_vi",
    "note_en",
    "source_id",
    "source_title",
    "source_publisher",
    "source_author",
    "source_url",
    "source_published",
)


def indicator_rows(package: Package, indicator: Indicator) -> list[dict[str, Any]]:
    """One row per reported figure, oldest report first, with its unit and its source."""
    rows = []
    for observation in package.observations_of(indicator.id):
        source = package.source(observation.source_id)
        percents = {c.basis: c.percent for c in observation.comparisons}
        row: dict[str, Any] = {
            "indicator_id": indicator.id,
            "observation_id": observation.id,
            "period": observation.period,
            "as_of": observation.as_of,
            "value": observation.value,
            "unit_vi": indicator.unit_vi,
            "unit_en": indicator.unit_en,
            "value_qualifier": observation.value_qualifier.value,
            "estimated": observation.estimated,
            "percent_of_target": observation.percent_of_target,
            **{column: percents.get(basis) for basis, column in COMPARISON_COLUMNS.items()},
            "note_vi": observation.note_vi,
            "note_en": observation.note_en,
            "source_id": source.id,
            "source_title": source.title,
            "source_publisher": source.publisher,
            "source_author": source.author,
            "source_url": source.url,
            "source_published": source.published,
        }
        rows.append(row)
    return rows


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    """The status and the inputs it rests on, as the API publishes them."""
    return {
        "status": assessment.status,
        "latest_observation_id": assessment.latest.id if assessment.latest else None,
        "percent": assessment.percent,
        "percent_origin": assessment.percent_origin,
        "target": assessment.target,
        "target_origin": assessment.target_origin,
        "target_is_lower_bound": assessment.target_is_lower_bound,
        "target_is_upper_bound": assessment.target_is_upper_bound,
        "partial": assessment.partial,
        "disagreement": assessment.disagreement,
        "points": assessment.points,
    }


def indicator_urls(indicator_id: str, links: Links) -> dict[str, str]:
    page = urls.indicator_page(indicator_id)
    return {
        "api": links.file(urls.api_indicator(indicator_id)),
        "csv": links.file(urls.indicator_download(indicator_id, "csv")),
        "json": links.file(urls.indicator_download(indicator_id, "json")),
        **{f"page_{language}": links.page(page, language) for language in LANGUAGES},
    }


def observation_dict(observation: Observation) -> dict[str, Any]:
    return {
        **record_dict(observation, leave_out=("comparisons",)),
        "comparisons": [{"basis": c.basis, "percent": c.percent} for c in observation.comparisons],
    }


def api_indicator(package: Package, assessment: Assessment, links: Links) -> dict[str, Any]:
    indicator = assessment.indicator
    sources = {o.source_id for o in assessment.observations} | {assessment.resolution.source_id}
    return {
        "schema_version": SCHEMA_VERSION,
        "indicator": record_dict(indicator),
        "resolution": record_dict(assessment.resolution),
        "assessment": assessment_dict(assessment),
        "observations": [observation_dict(o) for o in assessment.observations],
        "sources": [record_dict(package.source(s)) for s in sorted(sources)],
        "urls": indicator_urls(indicator.id, links),
    }


INDEX_INDICATOR_FIELDS = (
    "id",
    "resolution_id",
    "number",
    "area",
    "name_vi",
    "name_en",
    "unit_vi",
    "unit_en",
    "measure",
    "direction",
    "series",
)
INDEX_LATEST_FIELDS = ("id", "period", "as_of", "value", "value_qualifier", "estimated", "percent_of_target")


def api_index(package: Package, assessments: Sequence[Assessment], links: Links) -> dict[str, Any]:
    entries = []
    for assessment in sorted(assessments, key=lambda a: a.indicator.id):
        latest = assessment.latest
        entries.append(
            {
                **{name: getattr(assessment.indicator, name) for name in INDEX_INDICATOR_FIELDS},
                "assessment": assessment_dict(assessment),
                "latest": {n: getattr(latest, n) for n in INDEX_LATEST_FIELDS} if latest else None,
                "urls": indicator_urls(assessment.indicator.id, links),
            }
        )
    info = package.info
    return {
        "schema_version": SCHEMA_VERSION,
        "package": {
            "name": info.name,
            "title": info.title,
            "version": info.version,
            "license": {"name": info.license_name, "title": info.license_title, "url": info.license_url},
            "datapackage": links.file("data/datapackage.json"),
        },
        "resolutions": [
            {
                n: getattr(r, n)
                for n in ("id", "kind", "period_start", "period_end", "body_vi", "body_en", "targets_total")
            }
            for r in sorted(package.resolutions, key=lambda r: r.id)
        ],
        "indicators": entries,
    }
