"""A rebuild with no change renders no chart and does not run the site engine; a change does."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from chitieu import pipeline

REPOSITORY = Path(__file__).resolve().parent.parent.parent


def _times(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}


@pytest.mark.slow
def test_an_unchanged_rebuild_reuses_charts_and_site_and_a_changed_doc_rebuilds(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(REPOSITORY / "docs", docs)
    config = replace(
        pipeline.Config.from_repository(REPOSITORY, quiet=True),
        docs=docs,
        build=tmp_path / "build",
        site=tmp_path / "site",
    )
    pipeline.build(config)
    charts, home = _times(config.build / "charts"), config.site / "index.html"
    built = home.stat().st_mtime_ns

    pipeline.build(config)
    assert _times(config.build / "charts") == charts  # no chart rendered again
    assert home.stat().st_mtime_ns == built  # the engine did not run

    about = docs / "vi" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    pipeline.build(config)
    assert "Một câu mới." in (config.site / "about" / "index.html").read_text(encoding="utf-8")
    assert _times(config.build / "charts") == charts
