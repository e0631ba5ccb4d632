"""One benchmark run, in a process of its own: `python -m benchmarks.one_size N RESULT.json`.

in: a size N (indicators). out: RESULT.json with the wall time, CPU time and peak memory of
every stage of one cold build of a synthetic package of N indicators, the engine's own
build of the same generated Markdown, and the built site's size and file count.

Headless Chromium then weighs the home page and the first indicator page with everything
they load. A fresh process per size, so that its peak memory is that size's alone. Everything is
written under a temporary folder that is removed at the end: the real `build/` and
`site/` are never touched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path

from benchmarks import page_weight, synthetic
from benchmarks.measure import Recorder, cpu_seconds, maxrss_mb
from chitieu import pipeline
from chitieu.site import engine

REPOSITORY = Path(__file__).resolve().parent.parent


def engine_alone(config: pipeline.Config, output: Path) -> None:
    """The engine's own build of the Markdown the pipeline wrote, each language in its
    own process at once, exactly as `site/engine.py` runs it: the yardstick for our overhead."""
    processes = []
    for language in config.languages:
        environment = {
            **os.environ,
            engine.DOCS_DIR_VARIABLE: str((config.build / "docs" / language).resolve()),
            "NO_MKDOCS_2_WARNING": "1",
        }
        command = [sys.executable, "-m", engine.ENGINE, "build", "--strict", "--clean"]
        command += ["--config-file", str(engine.config_file(config.repository, language))]
        command += ["--site-dir", str(output / language)]
        processes.append(
            subprocess.Popen(
                command,
                cwd=config.repository,
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
        )
    if any(process.wait() != 0 for process in processes):
        raise RuntimeError("the engine failed on the pipeline's own Markdown")


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under `folder`."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def run(size: int, work: Path) -> dict[str, object]:
    started = time.perf_counter()
    descriptor = synthetic.generate(work / "datapackage", size)
    generated = time.perf_counter() - started
    config = replace(
        pipeline.Config.from_repository(REPOSITORY, quiet=True),
        descriptor=descriptor,
        build=work / "build",
        site=work / "site",
    )
    with Recorder() as recorder:
        with recorder.stage("total"):
            result = pipeline.build(config, recorder)
        with recorder.stage("engine alone"):
            engine_alone(config, work / "engine-alone")
    site_bytes, site_files = folder_size(config.site)
    search_index = config.site / "search" / "search_index.json"
    first_indicator = f"indicators/{synthetic.first_indicator_id()}/"
    weights = page_weight.weigh(config.site, ["", first_indicator])
    charts = len(list((config.build / "charts").glob("*.svg")))
    return {
        "size": size,
        "indicators": size if size >= synthetic.TARGETS_PER_DISTRICT else synthetic.TARGETS_PER_DISTRICT,
        "generate_seconds": generated,
        "pages": result.pages,
        "downloads": result.downloads,
        "charts": charts,
        "site_bytes": site_bytes,
        "site_files": site_files,
        "search_index_bytes": search_index.stat().st_size if search_index.is_file() else 0,
        "home_gzip_bytes": weights[0].gzip_bytes,
        "indicator_gzip_bytes": weights[1].gzip_bytes,
        "maxrss_mb": maxrss_mb(),
        "cpu_seconds": cpu_seconds(),
        "stages": [asdict(m) for m in recorder.measurements],
    }


def main() -> None:
    size, output = int(sys.argv[1]), Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix=f"chitieu-bench-{size}-") as folder:
        result = run(size, Path(folder))
    output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":  # the chart workers are spawned: they re-import this module
    main()
