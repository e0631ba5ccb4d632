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

REPOSITORY = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class RealSite:
    cold_seconds: float  # median of the runs
    warm_seconds: float
    charts_rendered_when_warm: int  # charts written to the cache by the rebuilds
    runs: int


def _build_once(folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "benchmarks.real_site", str(folder)], cwd=REPOSITORY, check=True)
    return time.perf_counter() - started


def _cache(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in (folder / "build" / "charts").glob("*.svg")}


def measure(folder: Path, runs: int = 3) -> RealSite:
    """Median cold and warm build times; the site of the last build stays in folder/site."""
    cold, warm, rendered = [], [], 0
    for _ in range(runs):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        cold.append(_build_once(folder))
        before = _cache(folder)
        warm.append(_build_once(folder))
        after = _cache(folder)
        rendered += sum(1 for name, written in after.items() if before.get(name) != written)
    return RealSite(statistics.median(cold), statistics.median(warm), rendered, runs)


def main() -> None:
    from chitieu import pipeline

    folder = Path(sys.argv[1])
    config = pipeline.Config.from_repository(REPOSITORY, quiet=True)
    pipeline.build(replace(config, build=folder / "build", site=folder / "site"))


if __name__ == "__main__":  # the chart workers are spawned: they re-import this module
    main()
