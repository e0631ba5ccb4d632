"""The real site, cold and rebuilt: `python -m benchmarks.real_site FOLDER` builds the
repository's own package exactly as `make site` does, but into FOLDER/build and
FOLDER/site, so that the benchmark never touches the working tree's build/ and site/.

`measure` times it in a fresh interpreter each time (start-up and imports count, as they
do for `make site`): cold (no build folder, no chart cache), then rebuilt with no change.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chitieu.pipeline import Config

REPOSITORY = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class RealSite:
    cold_seconds: float  # median of the runs
    warm_seconds: float
    engine_seconds: float  # the engine alone on the same Markdown (median)
    charts_rendered_when_warm: int  # charts written to the cache by the rebuilds
    runs: int


def _build_once(folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "benchmarks.real_site", str(folder)], cwd=REPOSITORY, check=True)
    return time.perf_counter() - started


def _cache(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in (folder / "build" / "charts").glob("*.svg")}


def _config(folder: Path) -> Config:
    from benchmarks.one_size import SITE_URL
    from chitieu import pipeline

    config = pipeline.Config.from_repository(REPOSITORY, quiet=True)
    return replace(config, build=folder / "build", site=folder / "site", site_url=SITE_URL)


def measure(folder: Path, runs: int = 3) -> RealSite:
    """Median cold and warm build times, and the engine's alone; the site of the last build
    stays in folder/site."""
    from benchmarks.one_size import engine_alone

    cold, warm, engine, rendered = [], [], [], 0
    for _ in range(runs):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        cold.append(_build_once(folder))
        started = time.perf_counter()
        engine_alone(_config(folder), folder / "engine-alone")
        engine.append(time.perf_counter() - started)
        before = _cache(folder)
        warm.append(_build_once(folder))
        after = _cache(folder)
        rendered += sum(1 for name, written in after.items() if before.get(name) != written)
    return RealSite(
        statistics.median(cold), statistics.median(warm), statistics.median(engine), rendered, runs
    )


def main() -> None:
    from chitieu import pipeline

    pipeline.build(_config(Path(sys.argv[1])))


if __name__ == "__main__":  # the chart workers are spawned: they re-import this module
    main()
