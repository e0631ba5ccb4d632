"""A clerk's correct edit of the real package always publishes.

A copy of today's `datapackage/` is edited the ways a maintainer edits it: a new source
with a new progress statement, a corrected figure, a new target with its published value,
a new resolution, a deleted observation. The edited package must validate, build, pass
the quality gates that read the built site (links, titles, descriptions, languages), and
show every edit in both languages. Nothing here knows today's figures: each edit is chosen
from whatever the package holds, so the test holds for any valid package.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from chitieu import pipeline
from chitieu.formatting import format_date, format_figure
from chitieu.ingest import load
from chitieu.records import Package, ResolutionKind
from chitieu.site import urls
from chitieu.validate import validate
from tests.gates import check_links, site_files, wrong_heads
from tests.sitebuild import REAL_DESCRIPTOR, copy_of_the_repository

pytestmark = pytest.mark.slow

NEW_SOURCE = "maintainer-edit-report"
NEW_PUBLISHER = "Báo Kiểm Thử"
NEW_RESOLUTION = "maintainer-edit-annual"
NEW_TARGET = "maintainer-edit-target"


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _append(folder: Path, table: str, **cells: str) -> None:
    header, rows = _rows(folder / f"{table}.csv")
    _write(folder / f"{table}.csv", header, [*rows, {column: cells.get(column, "") for column in header}])


@dataclass(frozen=True)
class Edits:
    """What was changed, to look for on the built site."""

    statement_resolution: str
    statement: str  # "met/total"
    corrected_indicator: str
    corrected_value: Decimal
    deleted_observation: str
    deleted_from: str
    new_target_resolution: str
    day: dt.date


def edit_like_a_maintainer(folder: Path, package: Package) -> Edits:
    """The five edits of issue 15, chosen from what `package` (read from `folder`) holds."""
    day = max(s.published for s in package.sources)  # never in the future
    _append(
        folder, "sources", id=NEW_SOURCE, title="Báo cáo kiểm thử", publisher=NEW_PUBLISHER,
        published=day.isoformat(), language="vi",
    )  # fmt: skip

    # A progress statement on a resolution whose period has begun by then.
    counted = next(r for r in package.resolutions if r.period_start <= day.year and r.targets_total)
    total = counted.targets_total or 0
    period = str(counted.period_start)
    if counted.period_end != counted.period_start:
        period += f"-{min(counted.period_end, day.year)}"
    _append(
        folder, "progress_reports", resolution_id=counted.id, as_of=day.isoformat(), period=period,
        targets_met=str(total - 1), targets_total=str(total), source_id=NEW_SOURCE, counts="met-or-exceeded",
    )  # fmt: skip

    # A corrected figure: one the validator cannot hold against a printed percent.
    targets = {i.id: i.target for i in package.indicators}
    with_comparisons = {o.id for o in package.observations if o.comparisons}
    corrected = next(
        o
        for o in package.observations
        if o.value is not None and (o.percent_of_target is None or targets[o.indicator_id] is None)
    )
    assert corrected.value is not None
    header, rows = _rows(folder / "observations.csv")
    for row in rows:
        if row["id"] == corrected.id:
            row["value"] = str(corrected.value + 1)

    # A deleted observation (one no comparison refers to) of another target.
    deleted = next(
        o
        for o in reversed(package.observations)
        if o.id not in with_comparisons and o.indicator_id != corrected.indicator_id
    )
    _write(folder / "observations.csv", header, [r for r in rows if r["id"] != deleted.id])

    # A new annual resolution, and a new target with its published value.
    _append(
        folder, "resolutions", id=NEW_RESOLUTION, body_vi="Đảng bộ thử nghiệm", body_en="Test Committee",
        jurisdiction_vi="Nơi thử nghiệm", jurisdiction_en="Test place", kind=ResolutionKind.ANNUAL.value,
        period_start=str(day.year), period_end=str(day.year), targets_total="1", source_id=NEW_SOURCE,
    )  # fmt: skip
    _append(
        folder, "indicators", id=NEW_TARGET, resolution_id=NEW_RESOLUTION, number="1", area="economy",
        name_vi="Chỉ tiêu mới thêm", name_en="A newly added target", unit_vi="tấn", unit_en="t",
        measure="level", direction="increase", target="1000", target_qualifier="at-least",
        target_year=str(day.year), series=NEW_TARGET,
    )  # fmt: skip
    _append(
        folder, "observations", id=f"{NEW_TARGET}-{day.year}", indicator_id=NEW_TARGET, period=str(day.year),
        as_of=day.isoformat(), value="1200", value_qualifier="exact", estimated="false", source_id=NEW_SOURCE,
    )  # fmt: skip
    return Edits(
        statement_resolution=counted.id,
        statement=f"{total - 1}/{total}",
        corrected_indicator=corrected.indicator_id,
        corrected_value=corrected.value + 1,
        deleted_observation=deleted.id,
        deleted_from=deleted.indicator_id,
        new_target_resolution=NEW_RESOLUTION,
        day=day,
    )


def _html(site: Path, language: str, page: str) -> str:
    prefix = "" if language == "vi" else f"{language}/"
    return (site / prefix / urls.url_of(page) / "index.html").read_text(encoding="utf-8")


def test_a_maintainers_edits_of_the_real_package_validate_build_and_show(tmp_path: Path) -> None:
    (tmp_path / "repository").mkdir()
    repository = copy_of_the_repository(tmp_path / "repository", package=REAL_DESCRIPTOR.parent)
    folder = repository / "datapackage"
    edits = edit_like_a_maintainer(folder, load(folder / "datapackage.json"))

    report = validate(folder / "datapackage.json")
    assert report.problems == ()
    config = pipeline.Config.from_repository(repository, quiet=True)
    pipeline.build(config)

    files = site_files(config.site)
    assert check_links(files).broken == []
    assert wrong_heads(files) == []
    package = load(folder / "datapackage.json")
    for language in ("vi", "en"):
        resolution = _html(config.site, language, urls.resolution_page(edits.statement_resolution))
        assert edits.statement in resolution and NEW_PUBLISHER in resolution
        assert format_date(edits.day, language) in resolution

        indicator = package.indicator(edits.corrected_indicator)
        unit = indicator.unit_vi if language == "vi" else indicator.unit_en
        figure = format_figure(edits.corrected_value, unit, language)
        assert figure.replace("\u00a0", "&nbsp;") in _html(
            config.site, language, urls.indicator_page(edits.corrected_indicator)
        ).replace("\u00a0", "&nbsp;")

        new_target = _html(config.site, language, urls.indicator_page(NEW_TARGET))
        assert ("Chỉ tiêu mới thêm" if language == "vi" else "A newly added target") in new_target
        assert format_figure(Decimal(1200), "tấn" if language == "vi" else "t", language) in new_target
        assert _html(config.site, language, urls.resolution_page(NEW_RESOLUTION))

    api = json.loads((config.site / urls.api_indicator(edits.deleted_from)).read_text(encoding="utf-8"))
    assert edits.deleted_observation not in {o["id"] for o in api["observations"]}
