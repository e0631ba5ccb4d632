"""Shared fixtures: paths to the real package (read-only) and the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
REAL_DESCRIPTOR = REPOSITORY / "datapackage" / "datapackage.json"


@pytest.fixture(scope="session")
def real_descriptor() -> Path:
    return REAL_DESCRIPTOR
