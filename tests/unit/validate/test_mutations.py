"""Mutated CSV files never end in a traceback or a hang: `chitieu validate` always answers
with exit code 0, 1 or 2 and a message.

Hypothesis damages the small valid package of tests/integration/bad_inputs/valid the way
files get damaged in real life: rows cut, columns swapped, stray bytes, a file cut short.
"""

from __future__ import annotations

import csv
import io
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chitieu.cli import cli
from tests.conftest import REPOSITORY, SNAPSHOT_DESCRIPTOR

VALID = REPOSITORY / "tests" / "integration" / "bad_inputs" / "valid"
CSV_FILES = sorted(p.name for p in VALID.glob("*.csv"))
SECONDS_PER_RUN = 30  # a run takes well under a second; longer means it hangs


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"validate ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def cut_rows(data: bytes, draw: st.DrawFn) -> bytes:
    lines = data.split(b"\n")
    keep = draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    return b"\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)


def swap_columns(data: bytes, draw: st.DrawFn) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    width = len(rows[0])
    first = draw(st.integers(0, width - 1))
    second = draw(st.integers(0, width - 1))
    for row in rows:
        if max(first, second) < len(row):
            row[first], row[second] = row[second], row[first]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def insert_bytes(data: bytes, draw: st.DrawFn) -> bytes:
    position = draw(st.integers(0, len(data)))
    noise = draw(st.binary(min_size=1, max_size=16))
    return data[:position] + noise + data[position:]


def truncate(data: bytes, draw: st.DrawFn) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


MUTATIONS = (cut_rows, swap_columns, insert_bytes, truncate)


@st.composite
def damaged_files(draw: st.DrawFn) -> dict[str, bytes]:
    """One to three files, each with one to three mutations applied in turn."""
    names = draw(st.lists(st.sampled_from(CSV_FILES), min_size=1, max_size=3, unique=True))
    damaged = {}
    for name in names:
        data = (VALID / name).read_bytes()
        for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
            try:
                data = mutation(data, draw)
            except (UnicodeDecodeError, IndexError, csv.Error):
                data = insert_bytes(data, draw)  # earlier damage broke the CSV: damage it more
        damaged[name] = data
    return damaged


def validate_damaged(damaged: dict[str, bytes], descriptor: bytes | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for csv_file in VALID.glob("*.csv"):
            shutil.copy(csv_file, folder)
        for name, data in damaged.items():
            (folder / name).write_bytes(data)
        (folder / "datapackage.json").write_bytes(descriptor or SNAPSHOT_DESCRIPTOR.read_bytes())
        with time_limit(SECONDS_PER_RUN):
            result = CliRunner().invoke(cli, ["validate", str(folder), "--lang", "vi"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 2)
    if result.exit_code:
        assert "→" in result.output  # every problem comes with how to fix it


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_files())
def test_damaged_csv_files_get_a_verdict_not_a_traceback(damaged: dict[str, bytes]) -> None:
    validate_damaged(damaged)


@st.composite
def damaged_descriptor(draw: st.DrawFn) -> bytes:
    mutation = draw(st.sampled_from((insert_bytes, truncate, cut_rows)))
    return mutation(SNAPSHOT_DESCRIPTOR.read_bytes(), draw)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_descriptor())
def test_a_damaged_descriptor_gets_a_verdict_not_a_traceback(descriptor: bytes) -> None:
    validate_damaged({}, descriptor)
