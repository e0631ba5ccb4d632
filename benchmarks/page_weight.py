"""What a reader's phone downloads: a page and everything it loads, in headless Chromium.

in: a built site folder and page paths. out: per page, the number of requests, their
bytes as served and gzip-compressed (what a server like GitHub Pages sends).

The site is served from 127.0.0.1 by Python's own server; the page is loaded with
JavaScript on (the heavier case) in a fresh browser context (nothing cached) and weighed
once the network is idle, so that anything a page's script fetches is counted too.

`make bench` reports these weights, and the browser checks of `make test` hold every
page to the budgets with the same `weigh_page`, so the two cannot disagree.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Playwright is imported only when a page is weighed
    from playwright.sync_api import Browser, Response

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@dataclass(frozen=True, slots=True)
class Weight:
    path: str
    requests: int
    raw_bytes: int
    gzip_bytes: int
    heaviest: str  # the largest file it loaded (gzip), to say where the weight is


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """The folder served on a free port of 127.0.0.1; yields the base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def weigh_page(browser: Browser, base: str, path: str) -> Weight:
    """Load `base + path` (e.g. "", "indicators/x/") in a fresh context of `browser`."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    bodies: dict[str, bytes] = {}

    def keep(response: Response) -> None:
        if response.ok and response.url not in bodies:
            bodies[response.url] = response.body()

    context.on("response", keep)
    try:
        page = context.new_page()
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(300)  # a worker's fetch starts just after idle
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    packed = {url: len(gzip.compress(body, 6)) for url, body in bodies.items()}
    heaviest = max(packed, key=lambda url: packed[url], default="")
    return Weight(
        path=path,
        requests=len(bodies),
        raw_bytes=sum(len(body) for body in bodies.values()),
        gzip_bytes=sum(packed.values()),
        heaviest=heaviest.removeprefix(base),
    )


def weigh(site: Path, paths: Sequence[str]) -> list[Weight]:
    """Serve `site`, start Chromium and weigh each path."""
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            return [weigh_page(browser, base, path) for path in paths]
        finally:
            browser.close()
