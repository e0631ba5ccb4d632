"""What `chitieu build` prints in CI: one summary line, no bars."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from chitieu.cli import cli

REPOSITORY = Path(__file__).resolve().parent.parent.parent


@pytest.mark.slow
def test_a_build_in_ci_prints_one_summary_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(REPOSITORY / name, tmp_path / name)
    for name in ("overrides", "docs", "datapackage"):
        shutil.copytree(REPOSITORY / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build"], env={"CI": "true"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert "site" in lines[0] and "Dựng website" in lines[0]
    assert (tmp_path / "site" / "index.html").is_file()
