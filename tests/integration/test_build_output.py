"""What `chitieu build` prints: in CI one summary line, no bars; on invalid data the
validator's problems in the maintainer's language, and no site. And what its pages show:
the data as it was validated."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from chitieu import pipeline
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


@pytest.mark.slow
def test_the_pages_show_the_data_that_was_validated_even_if_a_file_changes_meanwhile(tmp_path: Path) -> None:
    repository = copy_of_the_repository(tmp_path)
    observations = repository / "datapackage" / "observations.csv"
    checked = observations.read_text(encoding="utf-8")

    class SavedAgainAfterValidation:
        """A maintainer saves the CSV again just after validation (as under `make serve`)."""

        @contextmanager
        def stage(self, name: str) -> Iterator[pipeline.Tick]:
            yield lambda done, total: None
            if name == "validate":
                observations.write_text(
                    checked.replace(",182000,more-than,", ",999999,more-than,"), encoding="utf-8"
                )

    pipeline.build(pipeline.Config.from_repository(repository, quiet=True), SavedAgainAfterValidation())
    page = (repository / "site" / "indicators" / "kt-2020-2025-grain-output" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "182.000" in page and "999.999" not in page
