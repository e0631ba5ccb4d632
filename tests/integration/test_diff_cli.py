"""`chitieu diff` in a git repository of the test's own: the fixture package committed,
then edited as a maintainer edits it. Never the real rows, never this repository's history."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu import changes
from tests.sitebuild import write_fixture_package
from tests.versions import edit_like_a_maintainer, git


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose first commit holds the fixture package; git never looks above it."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    root = tmp_path / "repository"
    write_fixture_package(root / "datapackage")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The fixture package")
    return root


def test_a_commit_is_written_as_its_files_and_nothing_else(repository: Path, tmp_path: Path) -> None:
    first = git(repository, "rev-parse", "HEAD")
    edit_like_a_maintainer(repository / "datapackage")
    (repository / "README.md").write_text("outside the package\n", encoding="utf-8")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "Edit")
    destination = tmp_path / "at-first"
    destination.mkdir()
    assert changes.write_package_at(repository, repository / "datapackage", "HEAD~1", destination) == first
    written = sorted(p.relative_to(destination).as_posix() for p in destination.rglob("*"))
    assert written == sorted(p.name for p in (repository / "datapackage").iterdir())
    for name in written:
        committed = git(repository, "show", f"{first}:datapackage/{name}")
        assert (destination / name).read_text(encoding="utf-8").strip() == committed
    assert "fx-at-least-2023" in (destination / "observations.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("revision", "reason"),
    [
        ("no-such-branch", changes.Unreadable.UNKNOWN_COMMIT),
        ("--output=/tmp/x", changes.Unreadable.UNKNOWN_COMMIT),
        ("HEAD~5", changes.Unreadable.UNKNOWN_COMMIT),
    ],
)
def test_a_commit_that_does_not_exist_is_refused_by_name(
    repository: Path, tmp_path: Path, revision: str, reason: changes.Unreadable
) -> None:
    with pytest.raises(changes.CommitUnreadable) as raised:
        changes.write_package_at(repository, repository / "datapackage", revision, tmp_path)
    assert (raised.value.reason, raised.value.revision) == (reason, revision)


def test_a_folder_outside_git_and_a_commit_without_the_package_are_refused(
    repository: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    write_fixture_package(plain / "datapackage")
    with pytest.raises(changes.CommitUnreadable) as raised:
        changes.write_package_at(plain, plain / "datapackage", "HEAD", tmp_path / "out")
    assert raised.value.reason is changes.Unreadable.NOT_A_REPOSITORY
    git(repository, "mv", "datapackage", "data")
    git(repository, "commit", "-q", "-m", "Move the package")
    with pytest.raises(changes.CommitUnreadable) as raised:
        changes.write_package_at(repository, repository / "datapackage", "HEAD", tmp_path / "out")
    assert raised.value.reason is changes.Unreadable.NO_PACKAGE
