"""Shared fixtures: the package code tests read, and the real package (read-only).

Code tests never read `datapackage/`: a clerk's correct edit there must never turn a test
red. They read `tests/packages/snapshot/`, a frozen copy of the real package taken on
2026-12-01 (commit 00086b7), or packages they write themselves. The real package is held
only by checks true of every valid package (tests/integration/test_real_package.py and
the quality gates of tests/browser/test_quality_gates.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
REAL_DESCRIPTOR = REPOSITORY / "datapackage" / "datapackage.json"
SNAPSHOT = REPOSITORY / "tests" / "packages" / "snapshot"
SNAPSHOT_DESCRIPTOR = SNAPSHOT / "datapackage.json"


@pytest.fixture(scope="session")
def real_descriptor() -> Path:
    return REAL_DESCRIPTOR


@pytest.fixture(scope="session")
def snapshot_descriptor() -> Path:
    return SNAPSHOT_DESCRIPTOR
