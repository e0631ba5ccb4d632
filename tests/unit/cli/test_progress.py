"""What `chitieu build` shows while it runs: bars on a terminal, one line otherwise."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from chitieu import pipeline
from chitieu.cli.progress import BuildProgress, wants_bars
from chitieu.problems import ChitieuError
from tests.conftest import REPOSITORY


def _terminal() -> Console:
    return Console(force_terminal=True, record=True, width=100, color_system=None)


def test_bars_only_for_a_person_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert wants_bars(_terminal(), quiet=False)
    assert not wants_bars(_terminal(), quiet=True)
    assert not wants_bars(Console(file=io.StringIO(), force_terminal=False), quiet=False)  # piped
    monkeypatch.setenv("CI", "true")
    assert not wants_bars(_terminal(), quiet=False)


def test_each_stage_gets_its_own_bar_with_its_words() -> None:
    console = _terminal()
    with BuildProgress(console, "en", bars=True) as progress:
        for stage in ("validate", "charts"):
            with progress.stage(stage):
                pass
    shown = console.export_text()
    assert "Validate the data" in shown and "Draw the charts" in shown
    assert "Write the pages" not in shown  # a stage that did not run has no bar


def test_a_counted_stage_shows_how_far_it_has_got_in_the_readers_numbers() -> None:
    console = _terminal()
    with BuildProgress(console, "vi", bars=True) as progress, progress.stage("charts") as tick:
        tick(1234, 29402)
    assert "1.234/29.402" in console.export_text()


@pytest.mark.slow
def test_a_real_build_counts_its_charts_and_pages(tmp_path: Path, snapshot_descriptor: Path) -> None:
    config = replace(
        pipeline.Config.from_repository(REPOSITORY, quiet=True),
        descriptor=snapshot_descriptor,
        build=tmp_path / "build",
        site=tmp_path / "site",
        workers=1,
    )
    ticks: dict[str, list[tuple[int, int]]] = {}

    class Counting:
        @contextmanager
        def stage(self, name: str) -> Iterator[pipeline.Tick]:
            seen = ticks.setdefault(name, [])
            yield lambda done, total: seen.append((done, total))

    result = pipeline.build(config, Counting())
    charts, pages = ticks.pop("charts"), ticks.pop("pages")
    assert charts == [(done, len(charts)) for done in range(1, len(charts) + 1)]
    assert pages == [(done, len(pages)) for done in range(1, len(pages) + 1)]
    assert all(seen == [] for seen in ticks.values())  # the other stages only start and end
    assert charts and len(pages) == result.pages  # the pages stage writes every page


def test_quiet_build_says_one_line_with_the_counts_in_the_readers_language() -> None:
    console = _terminal()
    with BuildProgress(console, "vi", bars=False) as progress, progress.stage("pages"):
        pass
    line = progress.summary(pipeline.BuildResult(site=Path("site"), pages=12345, downloads=7))
    assert console.export_text() == ""  # nothing drawn while it ran
    assert "\n" not in line
    assert "12.345 trang" in line and "7 tệp tải về" in line and "Viết trang" in line


def test_invalid_data_stops_after_validation_and_the_bars_stop(
    tmp_path: Path, snapshot_descriptor: Path
) -> None:
    package = tmp_path / "datapackage"
    shutil.copytree(snapshot_descriptor.parent, package)
    lines = (package / "sources.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (package / "sources.csv").write_text("".join(lines + lines[1:2]), encoding="utf-8")  # a duplicate id
    config = replace(
        pipeline.Config.from_repository(tmp_path, quiet=True), descriptor=package / "datapackage.json"
    )
    console = _terminal()
    with pytest.raises(ChitieuError), BuildProgress(console, "en", bars=True) as progress:
        pipeline.build(config, progress)
    assert list(progress.seconds) == ["validate"]
    assert "Read the data" not in console.export_text()
    assert not (tmp_path / "site").exists()
