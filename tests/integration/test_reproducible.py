"""Two builds of the same commit give byte-identical sites: a gate on the real package
and its git history, true of any valid package.

Each build runs from scratch in its own process, into its own build/ and site/ folders,
from another working directory, in another time zone, with another hash seed (which
reorders Python's sets) and at another moment. One of them sets SOURCE_DATE_EPOCH to the
date the build would choose by itself (history.build_time), so the test also shows that
no other date, the clock's included, reaches the output.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chitieu import history, ingest
from tests.sitebuild import REAL_DESCRIPTOR, REPOSITORY

# Runs in a fresh interpreter: the environment (TZ, PYTHONHASHSEED) applies from its start.
_BUILD = """
import sys
from dataclasses import replace
from pathlib import Path
from chitieu import pipeline
out = Path(sys.argv[2])
config = pipeline.Config.from_repository(Path(sys.argv[1]), quiet=True)
pipeline.build(replace(config, build=out / "build", site=out / "site"))
"""


def _build(out: Path, cwd: Path, **environment: str) -> Path:
    cwd.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | environment
    result = subprocess.run(
        [sys.executable, "-c", _BUILD, str(REPOSITORY), str(out)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out / "site"


def _tree(root: Path) -> dict[str, str]:
    """{path relative to root: sha256}; a folder that is empty counts too."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file():
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir() and not any(path.iterdir()):
            found[relative + "/"] = "empty folder"
    return found


def _first_difference(one: Path, two: Path) -> str:
    """A few lines of diff for a text file, the sizes for any other."""
    a, b = one.read_bytes(), two.read_bytes()
    try:
        lines = difflib.unified_diff(
            a.decode("utf-8").splitlines(), b.decode("utf-8").splitlines(), lineterm="", n=0
        )
        return "\n".join(line[:200] for line in list(lines)[2:8])
    except UnicodeDecodeError:
        return f"binary, {len(a)} and {len(b)} bytes"


def the_build_date() -> int:
    """What a build without SOURCE_DATE_EPOCH stamps into its files (history.build_time)."""
    package = ingest.load(REAL_DESCRIPTOR)
    descriptor = ingest.read_descriptor(REAL_DESCRIPTOR)
    data_history = history.read_history(REPOSITORY, package.folder, history.resources_of(descriptor))
    return int(history.build_time(history.release_time(data_history, None), package).timestamp())


@pytest.mark.slow
def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path: Path) -> None:
    first = _build(tmp_path / "one", tmp_path / "cwd-one", TZ="UTC", PYTHONHASHSEED="1")
    second = _build(
        tmp_path / "two" / "elsewhere",
        tmp_path / "cwd-two" / "deeper",
        TZ="Pacific/Kiritimati",  # UTC+14: a date taken from the local clock would move a day
        PYTHONHASHSEED="4242",
        SOURCE_DATE_EPOCH=str(the_build_date()),
    )
    one, two = _tree(first), _tree(second)
    assert len(one) > 100 and (first / "index.html").is_file() and (first / "en" / "index.html").is_file()

    only_one = sorted(one.keys() - two.keys())
    only_two = sorted(two.keys() - one.keys())
    differing = sorted(p for p in one.keys() & two.keys() if one[p] != two[p])
    report = [f"only in the first build: {only_one[:10]}", f"only in the second build: {only_two[:10]}"]
    report += [f"differs: {p}\n{_first_difference(first / p, second / p)}" for p in differing[:5]]
    report.append(f"({len(differing)} files differ)")
    assert not (only_one or only_two or differing), "\n".join(report)

    # Nothing of the machine that built it: neither folder's path, nor the repository's.
    for site, out in ((first, tmp_path / "one"), (second, tmp_path / "two")):
        leaked = [
            p
            for p in one
            if p.endswith((".html", ".json", ".xml", ".csv", ".txt", ".js"))
            and any(str(folder).encode() in (site / p).read_bytes() for folder in (out, REPOSITORY, tmp_path))
        ]
        assert leaked == [], leaked


def test_without_git_history_the_build_date_is_the_newest_date_in_the_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    package = ingest.load(REAL_DESCRIPTOR)
    newest = max(
        [s.published for s in package.sources]
        + [o.as_of for o in package.observations]
        + [p.as_of for p in package.progress_reports]
    )
    no_history = history.History((), history.Missing.NOT_A_REPOSITORY)
    assert history.build_time(history.release_time(no_history, None), package).date() == newest
    released = history.release_time(no_history, 1700000000)
    assert history.build_time(released, package).isoformat() == "2023-11-14T22:13:20+00:00"
