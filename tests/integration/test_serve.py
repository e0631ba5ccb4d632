"""`chitieu serve` as a maintainer uses it: the site is served on 127.0.0.1, and a CSV
edited while it runs shows on the next load of the page, with no command typed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.sitebuild import copy_of_the_repository

GRAIN_PAGE = "indicators/kt-2020-2025-grain-output/"
WAIT_SECONDS = 120  # a cold build and a rebuild on a busy 2-core machine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(condition: Callable[[], bool], server: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        assert server.poll() is None, f"chitieu serve stopped while waiting for {what}"
        time.sleep(0.5)
    pytest.fail(f"no {what} within {WAIT_SECONDS} s")


@pytest.fixture
def served_copy(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[bytes]]]:
    """A copy of the repository served by `chitieu serve` in its own process."""
    copy_of_the_repository(tmp_path)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "chitieu", "serve", "--port", str(port)],
        cwd=tmp_path,
        env={**os.environ, "CI": "true"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield tmp_path, f"http://127.0.0.1:{port}/", server
    finally:
        server.send_signal(signal.SIGINT)  # what Ctrl+C sends
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.slow
def test_an_edited_csv_shows_on_reload(served_copy: tuple[Path, str, subprocess.Popen[bytes]]) -> None:
    folder, url, server = served_copy
    page = url + GRAIN_PAGE
    _wait_for(lambda: "trên 182.000 tấn" in (_fetch(page) or ""), server, "page with the reported figure")
    assert "livereload" in (_fetch(page) or "")  # the page reloads itself when the site changes

    observations = folder / "datapackage" / "observations.csv"
    text = observations.read_text(encoding="utf-8")
    assert text.count(",182000,more-than,") == 1
    observations.write_text(text.replace(",182000,more-than,", ",183500,more-than,"), encoding="utf-8")

    _wait_for(lambda: "trên 183.500 tấn" in (_fetch(page) or ""), server, "page with the edited figure")
    assert "182.000" not in (_fetch(page) or "")
