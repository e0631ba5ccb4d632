"""The benchmarks' synthetic packages: the same seed gives the same bytes, and they are valid."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from benchmarks import synthetic

from chitieu.validate import validate


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_same_seed_gives_the_same_package_and_another_seed_another(tmp_path: Path) -> None:
    synthetic.generate(tmp_path / "a", 40)
    synthetic.generate(tmp_path / "b", 40)
    synthetic.generate(tmp_path / "c", 40, seed=7)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a")["observations.csv"] != _files(tmp_path / "c")["observations.csv"]


def test_a_synthetic_package_is_valid_has_the_asked_shape_and_says_it_is_synthetic(tmp_path: Path) -> None:
    report = validate(synthetic.generate(tmp_path, 60))
    assert report.problems == ()
    package = report.package
    assert package is not None
    assert len(package.indicators) == 60
    assert len(package.resolutions) == 60 // synthetic.TARGETS_PER_DISTRICT
    assert "SYNTHETIC" in package.info.title
    sources = defaultdict(set)
    years = defaultdict(set)
    for observation in package.observations:
        sources[observation.indicator_id].add(observation.source_id)
        years[observation.indicator_id].add(observation.period)
    assert all(1 <= len(cited) <= 3 for cited in sources.values())
    assert {len(periods) for periods in years.values()} == {len(synthetic.YEARS)}
