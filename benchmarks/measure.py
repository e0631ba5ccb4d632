"""Wall time, CPU time and peak memory of each stage of one build.

in: the stages of `pipeline.build` (this is a `pipeline.Progress`) or any block of code.
out: one `Measurement` per stage.

Memory is the resident memory of this process plus all its descendants (chart workers,
the site engine), sampled every 20 ms, so a stage's peak counts the processes that run
side by side. A child that has not yet exec'd (its command line is still its parent's) is
left out: between fork or vfork and exec it reports its parent's pages, which it shares,
and counting them twice once put a 2 GB phantom on a `git` call.

CPU time adds this process and the children it has waited for, so a stage whose CPU time
is well above its wall time ran on several cores.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024
SAMPLE_SECONDS = 0.02
# The stages of the rebuild after one figure was edited are recorded under this prefix.
EDITED = "edited: "


@dataclass(frozen=True, slots=True)
class Measurement:
    stage: str
    wall: float  # seconds
    cpu: float  # seconds of CPU, this process and its finished children
    peak_mb: float  # highest sampled resident memory, this process and its descendants


def _resident_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0  # the process ended between listing and reading


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def tree_resident_bytes(pid: int) -> int:
    """Resident memory of `pid` and every process below it that runs a program of its own."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _resident_bytes(current)
        command = _command_line(current)
        todo += [child for child in _children(current) if _command_line(child) != command]
    return total


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def maxrss_mb() -> float:
    """ru_maxrss of this process plus the largest of its children (Linux counts KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def _ignore(done: int, total: int) -> None:
    pass


class Recorder:
    """Times stages; a `pipeline.Progress`, so `pipeline.build` reports its own stages."""

    def __init__(self) -> None:
        self.measurements: list[Measurement] = []
        self._peaks: dict[str, int] = {}  # of the stages running now (they may nest)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> Recorder:
        self._sampler.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._sampler.join()

    def _sample(self) -> None:
        pid = os.getpid()
        while not self._stop.wait(SAMPLE_SECONDS):
            current = tree_resident_bytes(pid)
            with self._lock:
                for name, peak in self._peaks.items():
                    self._peaks[name] = max(peak, current)

    def prefixed(self, prefix: str) -> Prefixed:
        """A `pipeline.Progress` that records here each stage of another build, its name prefixed."""
        return Prefixed(self, prefix)

    @contextmanager
    def stage(self, name: str) -> Iterator[Callable[[int, int], None]]:
        with self._lock:
            self._peaks[name] = tree_resident_bytes(os.getpid())
        wall, cpu = time.perf_counter(), cpu_seconds()
        yield _ignore  # how far a stage has got is not measured
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        with self._lock:
            peak = max(self._peaks.pop(name), tree_resident_bytes(os.getpid()))
        self.measurements.append(Measurement(name, wall, cpu, peak / MB))


class Prefixed:
    """Records each stage of a build in a `Recorder`, under its name with a prefix."""

    def __init__(self, recorder: Recorder, prefix: str) -> None:
        self._recorder, self._prefix = recorder, prefix

    def stage(self, name: str) -> AbstractContextManager[Callable[[int, int], None]]:
        return self._recorder.stage(self._prefix + name)
