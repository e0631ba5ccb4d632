"""Two versions of the fixture package (tests/sitebuild.py), the second edited as a
maintainer edits it: a line of CSV text changed, added or deleted. Never the real rows."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.sitebuild import write_fixture_package

# The rows the edits below start from, as write_fixture_package writes them.
HALF_YEAR = "fx-half-year-2024-h1,fx-half-year,2024-H1,2024-06-30,30,less-than,"
POOR_HOUSEHOLDS = "fx-poor-households-2023,fx-poor-households,2021-2023,2024-01-15,150,"
AT_LEAST = "fx-at-least-2023,"
PROGRESS = "fx-2021-2026,2024-01-15,2021-2023,3,1,6,fx-report-2024-01,,"
COMPARISON = "fx-derived-2023,town-plan,110"
NEW_SOURCE = "fx-news-2024-09,Tin tháng 9,Báo Thử Nghiệm,,,2024-09-01,vi"
NEW_PROGRESS = "fx-2021-2026,2024-09-01,2021-2024,4,2,6,fx-news-2024-09,,"
NEW_TARGET = (
    "fx-fish,fx-2021-2026,,economy,Sản lượng cá,Fish output,tấn,t,level,increase,"
    "2000,at-least,2026,,,,,fx-fish"
)


def write_versions(folder: Path) -> tuple[Path, Path]:
    """The fixture package in `folder/old` and an identical copy in `folder/new`, to edit."""
    old = write_fixture_package(folder / "old").parent
    new = folder / "new"
    shutil.copytree(old, new)
    return old, new


def replace_in(path: Path, old: str, new: str) -> None:
    """Change text that occurs exactly once, so that an edit cannot silently miss."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path.name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def append_line(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")


def delete_line(path: Path, start: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(start)]
    assert len(kept) == len(lines) - 1, (path.name, start)
    path.write_text("".join(kept), encoding="utf-8")


def edit_like_a_maintainer(package: Path) -> None:
    """Correct a figure, add a source and its progress statement, add a target, delete a figure."""
    replace_in(package / "observations.csv", HALF_YEAR, HALF_YEAR.replace(",30,", ",35,"))
    replace_in(package / "observations.csv", POOR_HOUSEHOLDS, POOR_HOUSEHOLDS.replace(",150,", ",90,"))
    append_line(package / "sources.csv", NEW_SOURCE)
    append_line(package / "progress_reports.csv", NEW_PROGRESS)
    append_line(package / "indicators.csv", NEW_TARGET)
    delete_line(package / "observations.csv", AT_LEAST)


def git(repository: Path, *args: str) -> str:
    """git in a repository of the test's own, with a fixed author and no user's settings,
    so that it runs the same on a fresh machine."""
    environment = {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": "2024-10-01T08:00:00+07:00",
        "GIT_COMMITTER_DATE": "2024-10-01T08:00:00+07:00",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "HOME": str(repository),
        "PATH": os.environ["PATH"],
    }
    result = subprocess.run(
        ["git", "-C", str(repository), "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        check=True,
        capture_output=True,
        env=environment,
        text=True,
    )
    return result.stdout.strip()
