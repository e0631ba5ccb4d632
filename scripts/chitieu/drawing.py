"""The worker processes of the stages that draw (charts, then cards), started at most once
per build and only when there is something to draw.

Each worker costs about a second of CPU to start (a "spawn" child imports the program
again; vl-convert runs threads that a forked child would inherit half-broken), so a build
that draws charts and cards starts them once, and a rebuild whose charts all come from
the cache starts none.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

Result = TypeVar("Result")


class Workers:
    """A pool of `count` processes, started on the first `submit`; None: one per core, and
    only for work enough to pay for them."""

    def __init__(self, count: int | None = None) -> None:
        self.chosen = count is not None
        self.count = count if count is not None else os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def worth_it(self, tasks: int, per_worker: int, drawn_here: int | None = None) -> bool:
        """Whether to draw `tasks` (more) in the workers: yes when they already run or a
        count above one was chosen; else only for tasks enough to give each worker
        `per_worker` of them. Work that is only found as it goes (which charts are not in
        the cache) says how much of it was `drawn_here`, in this process, so far: the
        workers start only after `per_worker` were, so that a rebuild with a few things to
        redraw (one figure edited) starts none."""
        if self.started or self.chosen:
            return self.count > 1
        if drawn_here is not None and drawn_here < per_worker:
            return False
        return min(self.count, tasks // per_worker) > 1

    @property
    def started(self) -> bool:
        return self._pool is not None

    def submit(self, function: Callable[..., Result], *arguments: Any) -> Future[Result]:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.count, mp_context=context)
        return self._pool.submit(function, *arguments)

    def close(self) -> None:
        """Stop the workers; work not yet started is dropped, not waited for (Ctrl+C, an error)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def workers_of(workers: Workers | int | None) -> tuple[Workers, bool]:
    """The workers to draw with, and whether the caller started them (and so stops them)."""
    return (workers, False) if isinstance(workers, Workers) else (Workers(workers), True)
