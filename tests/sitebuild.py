"""Build a whole site once per test session: from the real package (for the quality
gates only), from the frozen snapshot (tests/packages/snapshot/, for tests that name its
rows), or from a small fixture package written by code (never published).

The integration and browser tests share one build: the first fixture that asks builds
into the session's temporary folder, later ones find it there.
"""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from chitieu import pipeline
from chitieu.ingest import load
from chitieu.records import Package
from tests.conftest import REAL_DESCRIPTOR, REPOSITORY, SNAPSHOT, SNAPSHOT_DESCRIPTOR

__all__ = ["REAL_DESCRIPTOR", "REPOSITORY", "SNAPSHOT", "SNAPSHOT_DESCRIPTOR"]


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the built site/
    build: Path  # build/: docs/<language>/*.md as given to the engine
    descriptor: Path
    package: Package

    def page(self, language: str, url: str) -> Path:
        """The HTML file served at `url` (relative to the language root)."""
        prefix = "" if language == "vi" else f"{language}/"
        return self.root / prefix / url / "index.html"

    def html(self, language: str, url: str) -> str:
        return self.page(language, url).read_text(encoding="utf-8")


def copy_of_the_repository(folder: Path, package: Path = SNAPSHOT) -> Path:
    """What `chitieu build` and `chitieu serve` read, copied into `folder` with `package`
    (the snapshot unless told) as its datapackage/, so that a test may edit the data and
    run the commands there."""
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(REPOSITORY / name, folder / name)
    for name in ("overrides", "docs"):
        shutil.copytree(REPOSITORY / name, folder / name)
    shutil.copytree(package, folder / "datapackage")
    return folder


def config_for(folder: Path, descriptor: Path) -> pipeline.Config:
    return replace(
        pipeline.Config.from_repository(REPOSITORY),
        descriptor=descriptor,
        build=folder / "build",
        site=folder / "site",
        site_url=None,  # whatever the environment says: the tests build an unpublished site
        source_date_epoch=None,
        git_history=False,  # never this repository's own history
    )


def build_once(
    factory: pytest.TempPathFactory, name: str, descriptor: Path, site_url: str | None = None
) -> BuiltSite:
    """The site of `descriptor`, built once per session (as published at `site_url`, when given)."""
    folder = factory.getbasetemp() / f"built-{name}"
    done = folder / "done"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        pipeline.build(replace(config_for(folder, descriptor), site_url=site_url))
        done.touch()
    return BuiltSite(folder / "site", folder / "build", descriptor, load(descriptor))


# ---------------------------------------------------------------------------------------
# The fixture package: one case per thing the pages must get right, including hostile text.

HOSTILE_NAME_VI = '<script>alert("vi")</script> Sản lượng [lúa sạch](https://evil.example/) *đậm*'
HOSTILE_NAME_EN = '<script>alert("en")</script> Clean [rice](https://evil.example/) output *bold*'
HOSTILE_PUBLISHER = "Báo [Thử](https://evil.example/) <img src=x onerror=alert(1)>"
SOURCE_URL = "https://example.org/bao-cao?a=1&b=(2)"

_SOURCES = [
    {
        "id": "fx-report-2024-01",
        "title": 'Báo cáo "kiểm thử" <b>đậm</b>',
        "publisher": HOSTILE_PUBLISHER,
        "author": "",
        "url": SOURCE_URL,
        "published": "2024-01-15",
        "language": "vi",
    },
    {
        "id": "fx-portal-2024-06",
        "title": "",
        "publisher": "Cổng thông tin thử nghiệm",
        "author": "",
        "url": "",
        "published": "2024-06-30",
        "language": "vi",
    },
]
_RESOLUTIONS = [
    {
        "id": "fx-2021-2026",
        "body_vi": "Đảng bộ xã Thử Nghiệm",
        "body_en": "Thử Nghiệm commune Party Committee",
        "jurisdiction_vi": "Xã Thử Nghiệm",
        "jurisdiction_en": "Thử Nghiệm commune",
        "congress": "XIII",
        "kind": "term",
        "period_start": "2021",
        "period_end": "2026",
        "targets_total": "6",
        "source_id": "fx-report-2024-01",
        "note_vi": "",
        "note_en": "",
    },
    {
        "id": "fx-2024",
        "body_vi": "Đảng bộ xã Thử Nghiệm",
        "body_en": "Thử Nghiệm commune Party Committee",
        "jurisdiction_vi": "Xã Thử Nghiệm",
        "jurisdiction_en": "Thử Nghiệm commune",
        "congress": "",
        "kind": "annual",
        "period_start": "2024",
        "period_end": "2024",
        "targets_total": "",
        "source_id": "fx-portal-2024-06",
        "note_vi": "",
        "note_en": "",
    },
]


def _indicator(id: str, resolution: str, **fields: str) -> dict[str, str]:
    row = {
        "id": id,
        "resolution_id": resolution,
        "number": "",
        "area": "economy",
        "name_vi": f"Chỉ tiêu {id}",
        "name_en": f"Target {id}",
        "unit_vi": "tấn",
        "unit_en": "t",
        "measure": "level",
        "direction": "increase",
        "target": "",
        "target_qualifier": "",
        "target_year": "",
        "baseline": "",
        "baseline_year": "",
        "description_vi": "",
        "description_en": "",
        "series": id,
    }
    row.update(fields)
    return row


_INDICATORS = [
    _indicator(
        "fx-hostile",
        "fx-2021-2026",
        name_vi=HOSTILE_NAME_VI,
        name_en=HOSTILE_NAME_EN,
        target="1000",
        target_qualifier="exact",
        target_year="2026",
        baseline="800",
        baseline_year="2020",
        description_vi="Mô tả có <em>thẻ</em> và | ống | dẫn.",
        description_en="A description with <em>tags</em> and | pipes |.",
    ),
    _indicator(
        "fx-poor-households",
        "fx-2021-2026",
        area="society",
        name_vi="Số hộ nghèo",
        name_en="Poor households",
        unit_vi="hộ",
        unit_en="households",
        direction="decrease",
        target="100",
        target_qualifier="at-most",
    ),
    _indicator("fx-no-data", "fx-2021-2026", area="environment", name_vi="Tỷ lệ rác thải được thu gom"),
    _indicator("fx-derived", "fx-2021-2026", area="defence-security", name_vi="Sản lượng lúa chất lượng cao"),
    _indicator(
        "fx-at-least",
        "fx-2021-2026",
        area="party-building",
        target="50",
        target_qualifier="at-least",
        measure="share",
        unit_vi="%",
        unit_en="%",
    ),
    _indicator("fx-half-year", "fx-2024", unit_vi="tỷ đồng", unit_en="billion VND"),
]


def _observation(id: str, indicator: str, **fields: str) -> dict[str, str]:
    row = {
        "id": id,
        "indicator_id": indicator,
        "period": "2021-2023",
        "as_of": "2024-01-15",
        "value": "",
        "value_qualifier": "exact",
        "estimated": "false",
        "percent_of_target": "",
        "source_id": "fx-report-2024-01",
        "note_vi": "",
        "note_en": "",
    }
    row.update(fields)
    return row


_OBSERVATIONS = [
    _observation("fx-hostile-2022", "fx-hostile", period="2022", as_of="2023-02-01", value="900"),
    _observation("fx-hostile-2023", "fx-hostile", value="1234.5", estimated="true"),
    _observation("fx-poor-households-2023", "fx-poor-households", value="150"),
    _observation(
        "fx-derived-2023",
        "fx-derived",
        value="500",
        value_qualifier="more-than",
        percent_of_target="125",
        note_vi="Ghi chú [có liên kết](https://evil.example/).",
        note_en="A note [with a link](https://evil.example/).",
    ),
    _observation("fx-at-least-2023", "fx-at-least", value="50"),
    _observation(
        "fx-half-year-2024-h1",
        "fx-half-year",
        period="2024-H1",
        as_of="2024-06-30",
        value="30",
        value_qualifier="less-than",
        source_id="fx-portal-2024-06",
    ),
]
_COMPARISONS = [{"observation_id": "fx-derived-2023", "basis": "town-plan", "percent": "110"}]
_PROGRESS = [
    {
        "resolution_id": "fx-2021-2026",
        "as_of": "2024-01-15",
        "period": "2021-2023",
        "targets_met": "3",
        "targets_exceeded": "1",
        "targets_total": "6",
        "source_id": "fx-report-2024-01",
        "note_vi": "",
        "note_en": "",
    }
]
_TABLES = {
    "sources": _SOURCES,
    "resolutions": _RESOLUTIONS,
    "indicators": _INDICATORS,
    "observations": _OBSERVATIONS,
    "comparisons": _COMPARISONS,
    "progress_reports": _PROGRESS,
}


def write_fixture_package(folder: Path) -> Path:
    """A small valid package in `folder`, with the real schema; returns its descriptor."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = json.loads(SNAPSHOT_DESCRIPTOR.read_text(encoding="utf-8"))
    descriptor["name"] = "test-fixture"
    descriptor["title"] = "TEST fixture (not real figures)"
    for resource in descriptor["resources"]:
        fields = [field["name"] for field in resource["schema"]["fields"]]
        with (folder / resource["path"]).open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(_TABLES[resource["name"]])
    path = folder / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
