"""Where the site stage writes what it is handed, before any engine runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.records import Download
from chitieu.site import engine
from tests.conftest import REPOSITORY


def prepare(tmp_path: Path, downloads: list[Download]) -> engine.Prepared:
    return engine.prepare(
        repository=REPOSITORY,
        docs=REPOSITORY / "docs",
        build_dir=tmp_path / "build",
        site=tmp_path / "site",
        languages=("vi",),
        pages=(),
        downloads=downloads,
        epoch=0,
    )


@pytest.mark.parametrize("path", ["../outside.csv", "/tmp/outside.csv", "data/../../outside.csv"])
def test_a_download_that_would_leave_the_site_is_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(ValueError, match="must stay inside"):
        prepare(tmp_path, [Download(path, b"x", "text/csv")])
    assert not list(tmp_path.rglob("outside.csv"))


def test_a_changed_download_is_a_new_file_and_the_published_one_keeps_its_bytes(tmp_path: Path) -> None:
    """A published download is a hard link to the held one: changing the held one in place
    would change the published site before its new build succeeds."""
    first = prepare(tmp_path, [Download("data/a.csv", b"old", "text/csv")])
    published = tmp_path / "published-a.csv"
    published.hardlink_to(first.downloads / "data" / "a.csv")
    again = prepare(tmp_path, [Download("data/a.csv", b"new", "text/csv")])
    assert (again.downloads / "data" / "a.csv").read_bytes() == b"new"
    assert published.read_bytes() == b"old"
    assert [p.name for p in again.downloads.rglob("*") if p.is_file()] == ["a.csv"]  # no temporary left
    assert again.fingerprint != first.fingerprint
