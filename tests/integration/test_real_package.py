"""The shipped data package passes our validator and the official one.

Only what is true of every valid package is checked here: a maintainer's correct edit of
datapackage/ must never fail a test (today's figures are asserted nowhere)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from chitieu.cli import cli
from chitieu.ingest import RESOURCES, load, read_rows
from chitieu.validate import validate


def test_real_package_is_valid(real_descriptor: Path) -> None:
    report = validate(real_descriptor)
    assert report.problems == ()


@pytest.mark.parametrize("resource", RESOURCES)
def test_each_resource_is_read_whole_and_refused_nothing(real_descriptor: Path, resource: str) -> None:
    """One case per resource: every row of its file became a record."""
    report = validate(real_descriptor)
    assert report.package is not None
    csv_rows = sum(1 for _ in read_rows(real_descriptor.parent / f"{resource}.csv"))
    if resource == "comparisons":
        records = sum(len(o.comparisons) for o in report.package.observations)
    else:
        records = len(getattr(report.package, resource))
    assert (records, [p for p in report.problems if p.file == f"{resource}.csv"]) == (csv_rows, [])


def test_github_format_is_silent_on_the_real_package(real_descriptor: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(real_descriptor), "--format", "github"])
    assert (result.exit_code, result.output) == (0, "")


def test_official_frictionless_agrees(real_descriptor: Path) -> None:
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(frictionless), "validate", "--json", str(real_descriptor)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_every_figure_cites_a_listed_source(real_descriptor: Path) -> None:
    package = load(real_descriptor)
    source_ids = {s.id for s in package.sources}
    assert {o.source_id for o in package.observations} <= source_ids
    assert {p.source_id for p in package.progress_reports} <= source_ids


def test_validate_command_prints_a_summary_and_exits_0(real_descriptor: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(real_descriptor), "--lang", "en"])
    assert result.exit_code == 0, result.output
    resolutions = load(real_descriptor).resolutions  # the count follows the data
    assert f"Resolutions: {len(resolutions)}" in result.output
    assert "The data package is valid." in result.output


def test_validate_command_exits_2_when_there_is_no_package(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "missing.json"), "--lang", "en"])
    assert result.exit_code == 2
    assert "There is no file or folder" in result.output
