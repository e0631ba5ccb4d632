"""The built sites the integration tests read: built once per session (tests/sitebuild.py).

They read the frozen snapshot (tests/packages/snapshot/) or a package written by code,
never datapackage/: the real package is held by the quality gates alone."""

from __future__ import annotations

import pytest

from tests.sitebuild import SNAPSHOT_DESCRIPTOR, BuiltSite, build_once, write_fixture_package


@pytest.fixture(scope="session")
def snapshot_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_once(tmp_path_factory, "snapshot", SNAPSHOT_DESCRIPTOR)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    descriptor = write_fixture_package(tmp_path_factory.mktemp("fixture-package"))
    return build_once(tmp_path_factory, "fixture", descriptor)


# Where the addressed site says it is published: a name that cannot belong to anyone.
ADDRESS = "https://example.org/kt/"


@pytest.fixture(scope="session")
def addressed_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture package built as published at ADDRESS: sitemap, absolute links, share cards."""
    descriptor = write_fixture_package(tmp_path_factory.mktemp("addressed-package"))
    return build_once(tmp_path_factory, "addressed", descriptor, site_url=ADDRESS)
