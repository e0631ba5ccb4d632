"""What `chitieu build` prints: in CI one summary line, no bars; on invalid data the
validator's problems in the maintainer's language, and no site."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from chitieu.cli import cli
from tests.sitebuild import copy_of_the_repository


@pytest.mark.slow
def test_a_build_in_ci_prints_one_summary_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(copy_of_the_repository(tmp_path))
    result = CliRunner().invoke(cli, ["build"], env={"CI": "true"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert "site" in lines[0] and "Dựng website" in lines[0]
    assert (tmp_path / "site" / "index.html").is_file()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "The site was not built: the data package has 1 problem(s)."), ("vi", "Chưa dựng website")],
)
def test_a_build_on_invalid_data_says_why_in_the_chosen_language_and_builds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, expected: str
) -> None:
    monkeypatch.chdir(copy_of_the_repository(tmp_path))
    observations = tmp_path / "datapackage" / "observations.csv"
    text = observations.read_text(encoding="utf-8")
    observations.write_text(text.replace(",182000,more-than,", ",182 000,more-than,"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--lang", language], env={"CI": "true"})
    assert result.exit_code == 1, result.output
    assert "observations.csv" in result.output and "value" in result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()
