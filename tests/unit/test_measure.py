"""The benchmarks' memory figure: the process tree, each page counted once."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from benchmarks.measure import MB, tree_resident_bytes

HELD_MB = 200


def _own_mb() -> float:
    return tree_resident_bytes(os.getpid()) / MB


def test_a_child_counts_once_it_runs_a_program_of_its_own_and_not_before() -> None:
    held = bytearray(HELD_MB * MB)
    held[::4096] = b"\x01" * len(held[::4096])  # touch every page: resident, not just reserved
    alone = _own_mb()
    forked = os.fork()
    if forked == 0:  # the child shares every page of `held` with its parent until it execs
        time.sleep(2)
        os._exit(0)
    try:
        time.sleep(0.3)
        with_fork = _own_mb()
    finally:
        os.waitpid(forked, 0)
    program = "import time; block = bytearray(100 * 1024 * 1024); block[::4096] = b'x' * 25600; time.sleep(3)"
    child = subprocess.Popen([sys.executable, "-c", program])
    try:
        time.sleep(1.5)
        with_program = _own_mb()
    finally:
        child.kill()
        child.wait()
    assert alone > HELD_MB
    assert with_fork < alone + 20  # not twice the shared pages
    assert with_program > alone + 90  # a real program's own memory is counted
    del held
