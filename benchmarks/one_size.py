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

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, replace
from decimal import Decimal
from pathlib import Path

from benchmarks import page_weight, synthetic
from benchmarks.measure import EDITED, Recorder, cpu_seconds, maxrss_mb
from chitieu import ingest, pipeline
from chitieu.site import engine

REPOSITORY = Path(__file__).resolve().parent.parent
# The benchmark builds as the published site is built: with an address, so the share cards
# are drawn and count inside the budgets.
SITE_URL = "https://example.org/bench/"


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


def cached(build: Path) -> dict[str, set[str]]:
    """The charts' and cards' cache files, each named by the hash of what it shows."""
    return {kind: {p.name for p in (build / kind).glob("*.*")} for kind in ("charts", "cards")}


def edit_one_figure(descriptor: Path) -> str:
    """A maintainer's correction: the first target's newest figure, one more than it was
    (its chart, its card and nothing else show it). Returns the target's id."""
    observations = descriptor.parent / "observations.csv"
    with observations.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    header = rows[0]
    value, target, as_of = (header.index(name) for name in ("value", "indicator_id", "as_of"))
    first = rows[1][target]
    newest = max((row for row in rows[1:] if row[target] == first), key=lambda row: row[as_of])
    newest[value] = str(Decimal(newest[value]) + 1)
    with observations.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)
    return first


def redrawn(before: dict[str, set[str]], build: Path, names: tuple[str, ...]) -> dict[str, object]:
    """What a rebuild drew anew: charts and cards, and the charts that are not the
    target's own (their text alternative, in <title>, names none of the target's `names`)."""
    after = cached(build)
    charts = sorted(after["charts"] - before["charts"])

    def title(chart: str) -> str:
        return (build / "charts" / chart).read_text(encoding="utf-8").split("<title>", 1)[-1][:400]

    others = [chart for chart in charts if not any(name in title(chart) for name in names)]
    return {
        "charts": len(charts),
        "cards": len(after["cards"] - before["cards"]),
        "other_charts": len(others),
    }


def run(size: int, work: Path) -> dict[str, object]:
    started = time.perf_counter()
    descriptor = synthetic.generate(work / "datapackage", size)
    generated = time.perf_counter() - started
    config = replace(
        pipeline.Config.from_repository(REPOSITORY, quiet=True),
        descriptor=descriptor,
        build=work / "build",
        site=work / "site",
        site_url=SITE_URL,
    )
    with Recorder() as recorder:
        with recorder.stage("total"):
            result = pipeline.build(config, recorder)
        with recorder.stage("engine alone"):
            engine_alone(config, work / "engine-alone")
        # Rebuilt with nothing changed: nothing is drawn, and the engine does not run (the
        # site is not swapped, so its home page is the same file).
        before, home = cached(config.build), (config.site / "index.html").stat().st_ino
        with recorder.stage("rebuild unchanged"):
            pipeline.build(config)
        unchanged = redrawn(before, config.build, ())
        unchanged["engine_skipped"] = (config.site / "index.html").stat().st_ino == home
        edited = edit_one_figure(descriptor)
        before = cached(config.build)
        with recorder.stage("rebuild, one figure edited"):
            pipeline.build(config, recorder.prefixed(EDITED))
        target = next(i for i in ingest.load(descriptor).indicators if i.id == edited)
        one_edit = redrawn(before, config.build, (target.name_vi, target.name_en)) | {"target": edited}
    site_bytes, site_files = folder_size(config.site)
    search_index = config.site / "search" / "search_index.json"
    first_indicator = f"indicators/{synthetic.first_indicator_id()}/"
    weights = page_weight.weigh(config.site, ["", first_indicator])
    charts = len(list((config.build / "charts").glob("*.svg")))
    cards = len(list((config.build / "cards").glob("*.png")))
    return {
        "size": size,
        "indicators": size if size >= synthetic.TARGETS_PER_DISTRICT else synthetic.TARGETS_PER_DISTRICT,
        "generate_seconds": generated,
        "pages": result.pages,
        "downloads": result.downloads,
        "charts": charts,
        "cards": cards,
        "unchanged_rebuild": unchanged,
        "one_figure_edited": one_edit,
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
