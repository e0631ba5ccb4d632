"""What a build shows while it runs.

in: the stages of `pipeline.build` as they start and end, then its `BuildResult`.
out: on a terminal, one rich progress bar per stage; at the end one summary line, and
only that line when asked to be quiet, in CI (the `CI` variable is set, as every CI
service does) or when the output is not a terminal (a log file has no use for bars).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from chitieu.formatting import format_number
from chitieu.messages import translate
from chitieu.pipeline import STAGES, BuildResult, Tick


def wants_bars(console: Console, quiet: bool) -> bool:
    """Bars only for a person watching a terminal."""
    return console.is_terminal and not quiet and not os.environ.get("CI")


class BuildProgress:
    """A `pipeline.Progress` that draws a bar per stage (when `bars`) and times each stage.

    Use it as a context manager around `pipeline.build`, so the bars stop also when a
    stage refuses its input."""

    def __init__(self, console: Console, language: str, bars: bool) -> None:
        self.console = console
        self.language = language
        self.seconds: dict[str, float] = {}
        self._started = time.perf_counter()
        self._bars = None
        if bars:
            # Counted stages (charts, pages) show "1.234/29.402" and the time left too.
            self._bars = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[count]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console,
            )

    def __enter__(self) -> BuildProgress:
        self._started = time.perf_counter()
        if self._bars is not None:
            self._bars.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._bars is not None:
            self._bars.stop()

    @contextmanager
    def stage(self, name: str) -> Iterator[Tick]:
        task: TaskID | None = None
        if self._bars is not None:
            # No total until the stage counts its work: until then the bar pulses.
            task = self._bars.add_task(
                translate(self.language, f"progress.stage.{name}"), total=None, count=""
            )
        bars, language = self._bars, self.language

        def tick(done: int, total: int) -> None:
            if bars is not None and task is not None:
                count = f"{format_number(done, language)}/{format_number(total, language)}"
                bars.update(task, total=total, completed=done, count=count)

        start = time.perf_counter()
        yield tick
        self.seconds[name] = time.perf_counter() - start
        if self._bars is not None and task is not None:
            self._bars.update(task, total=1, completed=1)
            self._bars.stop_task(task)

    def summary(self, result: BuildResult) -> str:
        """One line: where the site is, how many pages and downloads, the time of each stage."""
        language = self.language

        def seconds(value: float) -> str:
            return format_number(Decimal(f"{value:.1f}"), language)

        stages = ", ".join(
            translate(
                language,
                "progress.summary.stage",
                stage=translate(language, f"progress.stage.{stage}"),
                seconds=seconds(self.seconds[stage]),
            )
            for stage in STAGES
            if stage in self.seconds
        )
        return translate(
            language,
            "progress.summary.built",
            site=result.site,
            pages=format_number(result.pages, language),
            downloads=format_number(result.downloads, language),
            seconds=seconds(time.perf_counter() - self._started),
            stages=stages,
        )
