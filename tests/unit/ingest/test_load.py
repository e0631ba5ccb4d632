"""ingest.py: the package is untrusted input; files are refused before they are read, and
encodings are named from real encoded samples."""

from __future__ import annotations

import builtins
import codecs
import csv
import io
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from chitieu import ingest
from chitieu.problems import ChitieuError
from tests.conftest import REPOSITORY, SNAPSHOT_DESCRIPTOR
from tests.legacy_encodings import (
    encode_cp1258_decomposed,
    encode_cp1258_windows,
    encode_tcvn3,
    encode_vni,
)

REAL_CSVS = sorted(SNAPSHOT_DESCRIPTOR.parent.glob("*.csv"))
ENCODERS: dict[str, Callable[[str], bytes]] = {
    "tcvn3": encode_tcvn3,
    "vni": encode_vni,
    "windows-1258 (tones decomposed)": encode_cp1258_decomposed,
    "windows-1258 (as Windows saves)": encode_cp1258_windows,
}


def expected(encoder: str) -> str:
    return encoder.split(" ")[0]


# --- Encodings --------------------------------------------------------------------------------


def test_the_hand_made_tables_reproduce_the_well_known_garblings() -> None:
    assert encode_tcvn3("Việt Nam") == b"Vi\xd6t Nam"  # shows as "ViÖt Nam"
    assert encode_tcvn3("Đảng") == b"\xa7\xb6ng"  # "§¶ng"
    assert encode_vni("Việt Nam") == b"Vie\xe4t Nam"  # "Vieät Nam"
    assert encode_vni("Đảng") == b"\xd1a\xfbng"  # "Ñaûng"
    assert encode_cp1258_decomposed("Việt").decode("cp1258") == "Vie\u0323\u0302t".replace(
        "e\u0323\u0302", "ê\u0323"
    )


@pytest.mark.parametrize("encoder", ENCODERS)
@pytest.mark.parametrize("csv_file", [p for p in REAL_CSVS if not p.read_text(encoding="utf-8").isascii()])
def test_every_real_file_saved_in_a_legacy_encoding_is_named(encoder: str, csv_file: Path) -> None:
    data = ENCODERS[encoder](csv_file.read_text(encoding="utf-8"))
    problem = ingest.encoding_problem(data, csv_file.name)
    assert problem is not None
    assert problem.code == f"encoding-{expected(encoder)}"
    first_line = next(i for i, line in enumerate(data.split(b"\n"), start=1) if not line.isascii())
    assert problem.row == first_line


@pytest.mark.parametrize("encoder", ENCODERS)
def test_a_single_cell_is_named_rightly_or_not_at_all(encoder: str) -> None:
    """Short cells can be ambiguous; then "unknown" is honest, a wrong name is not."""
    wrong = []
    for csv_file in REAL_CSVS:
        for row in csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8"))):
            for cell in (c for c in row if not c.isascii()):
                guess = ingest.guess_legacy_encoding(ENCODERS[encoder](cell))
                if guess not in (expected(encoder), "unknown"):
                    wrong.append((cell, guess))
    assert wrong == []


def test_utf8_with_and_without_bom_is_accepted() -> None:
    text = "id,name\nkt,Kiến Tường\n".encode()
    assert ingest.encoding_problem(text, "x.csv") is None
    assert ingest.encoding_problem(codecs.BOM_UTF8 + text, "x.csv") is None


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom_is_named(codec: str) -> None:
    data = "id,name\nkt,Kiến Tường\n".encode(codec)
    problem = ingest.encoding_problem(data, "x.csv")
    assert problem is not None and problem.code == "encoding-utf-16"


def test_latin1_text_is_not_given_a_vietnamese_name() -> None:
    # Upstream frictionless-py fixture data/latin1.csv (MIT, see bad_inputs/upstream/NOTICE).
    data = (REPOSITORY / "tests/integration/bad_inputs/upstream/latin1.csv").read_bytes()
    problem = ingest.encoding_problem(data, "latin1.csv")
    assert problem is not None and (problem.code, problem.row) == ("encoding-unknown", 3)


# --- Paths: refused before anything reads them --------------------------------------------------


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the real package to edit."""
    folder = tmp_path / "package"
    shutil.copytree(SNAPSHOT_DESCRIPTOR.parent, folder)
    return folder


def set_path(folder: Path, resource: str, path: str) -> ingest.Descriptor:
    descriptor_path = folder / "datapackage.json"
    data = json.loads(descriptor_path.read_text(encoding="utf-8"))
    next(r for r in data["resources"] if r["name"] == resource)["path"] = path
    descriptor_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return ingest.read_descriptor(descriptor_path)


@pytest.fixture
def forbidden(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """File names that must never be opened; opening one fails the test."""
    names: set[str] = set()
    real_open = builtins.open
    real_read_bytes = Path.read_bytes

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and Path(file).name in names:
            pytest.fail(f"{file} was opened")
        return real_open(file, *args, **kwargs)

    def guarded_read_bytes(self: Path) -> bytes:
        if self.name in names:
            pytest.fail(f"{self} was read")
        return real_read_bytes(self)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(Path, "read_bytes", guarded_read_bytes)
    yield names


def refused(
    descriptor: ingest.Descriptor, max_bytes: int = ingest.MAX_FILE_BYTES
) -> list[tuple[str, str | None]]:
    _, problems = ingest.read_table_files(descriptor, max_bytes)
    return [(p.code, p.value) for p in problems]


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("../secret.csv", "path-outside-package"),
        ("data/../../secret.csv", "path-outside-package"),
        ("..\\secret.csv", "path-outside-package"),
        ("/etc/secret.csv", "path-outside-package"),
        ("C:\\Users\\secret.csv", "path-outside-package"),
        ("https://example.org/secret.csv", "remote-path"),
        ("//example.org/secret.csv", "remote-path"),
        ("file:///etc/secret.csv", "remote-path"),
        ("s3:bucket/secret.csv", "remote-path"),
        ("nowhere.csv", "missing-file"),
        ("nul\x00.csv", "missing-file"),
    ],
)
def test_a_path_leaving_the_package_is_refused_and_never_read(
    package: Path, forbidden: set[str], path: str, code: str
) -> None:
    (package.parent / "secret.csv").write_text("id\nleaked\n", encoding="utf-8")
    forbidden.add("secret.csv")
    descriptor = set_path(package, "sources", path)
    assert refused(descriptor) == [(code, path)]


def test_the_refusal_points_at_the_descriptor_line(package: Path) -> None:
    descriptor = set_path(package, "sources", "../secret.csv")
    files, (problem,) = ingest.read_table_files(descriptor)
    line = descriptor.text.splitlines()[problem.row - 1 if problem.row else 0]
    assert (problem.file, '"../secret.csv"' in line) == ("datapackage.json", True)
    assert "sources" not in files


def test_a_symlink_leading_out_is_refused_and_never_read(package: Path, forbidden: set[str]) -> None:
    secret = package.parent / "secret.csv"
    secret.write_text("id\nleaked\n", encoding="utf-8")
    forbidden.add("secret.csv")
    (package / "link.csv").symlink_to(secret)
    (package / "folder").symlink_to(package.parent, target_is_directory=True)
    assert refused(set_path(package, "sources", "link.csv")) == [("path-outside-package", "link.csv")]
    assert refused(set_path(package, "sources", "folder/secret.csv")) == [
        ("path-outside-package", "folder/secret.csv")
    ]


def test_a_symlink_inside_the_package_is_followed(package: Path) -> None:
    (package / "copy").mkdir()
    shutil.move(package / "sources.csv", package / "copy" / "sources.csv")
    (package / "sources.csv").symlink_to(package / "copy" / "sources.csv")
    files, problems = ingest.read_table_files(ingest.read_descriptor(package / "datapackage.json"))
    assert problems == () and "sources" in files


def test_a_file_over_the_limit_is_refused_and_never_read(package: Path, forbidden: set[str]) -> None:
    descriptor = ingest.read_descriptor(package / "datapackage.json")
    size = (package / "indicators.csv").stat().st_size
    forbidden.add("indicators.csv")
    files, problems = ingest.read_table_files(descriptor, max_bytes=size - 1)
    too_large = [p for p in problems if p.file == "indicators.csv"]
    assert [(p.code, p.param("size"), p.param("limit")) for p in too_large] == [
        ("file-too-large", str(size), str(size - 1))
    ]
    assert "indicators" not in files


def test_a_remote_schema_or_profile_is_refused(package: Path) -> None:
    descriptor_path = package / "datapackage.json"
    data = json.loads(descriptor_path.read_text(encoding="utf-8"))
    data["$schema"] = "https://example.org/profile.json"
    data["resources"][0]["schema"] = "https://example.org/schema.json"
    descriptor_path.write_text(json.dumps(data), encoding="utf-8")
    files, problems = ingest.read_table_files(ingest.read_descriptor(descriptor_path))
    assert sorted((p.code, p.column, p.value) for p in problems) == [
        ("remote-reference", "$schema", "https://example.org/profile.json"),
        ("remote-reference", "schema", "https://example.org/schema.json"),
    ]
    assert data["resources"][0]["name"] not in files


# --- Reading rows -----------------------------------------------------------------------------


def test_records_count_lines_as_an_editor_does(tmp_path: Path) -> None:
    text = 'id,note\r\na,"two\r\nlines"\r\n\r\nb,x\n"c\nd",y\n'
    table = ingest.TableFile("t", "t.csv", tmp_path / "t.csv", text)
    assert [(line, cells) for line, cells in table.records()] == [
        (1, ["id", "note"]),
        (2, ["a", "two\r\nlines"]),
        (4, []),
        (5, ["b", "x"]),
        (6, ["c\nd", "y"]),
    ]


def test_a_stray_quote_in_a_large_file_is_read_to_the_end(tmp_path: Path) -> None:
    csv.field_size_limit(131072)  # the csv module's default, before Frictionless raises it
    text = 'id,note\na,"unclosed\n' + "x" * 200_000 + "\nb,y\n"
    table = ingest.TableFile("t", "t.csv", tmp_path / "t.csv", text)
    assert [line for line, _ in table.records()] == [1, 2]


def test_the_real_package_loads_into_records() -> None:
    package = ingest.load(SNAPSHOT_DESCRIPTOR)
    assert len(package.observations) == sum(
        1 for _ in ingest.read_rows(SNAPSHOT_DESCRIPTOR.parent / "observations.csv")
    )
    assert {o.id for o in package.observations if o.comparisons} >= {"kt-2017-budget-revenue-2017"}


def test_excel_booleans_are_read_like_frictionless_reads_them(package: Path) -> None:
    observations = package / "observations.csv"
    text = observations.read_text(encoding="utf-8").replace(",true,", ",TRUE,").replace(",false,", ",0,")
    observations.write_text(text, encoding="utf-8")
    estimated = {o.id: o.estimated for o in ingest.load(package / "datapackage.json").observations}
    assert estimated["kt-2020-2025-grain-output-2023"] is True
    assert estimated["kt-2010-2015-production-value-growth-2015"] is False


def test_strict_load_names_the_rows_it_cannot_read(package: Path) -> None:
    observations = package / "observations.csv"
    observations.write_text(
        observations.read_text(encoding="utf-8").replace(",182000,", ",NaN,"), encoding="utf-8"
    )
    with pytest.raises(ChitieuError) as raised:
        ingest.load(package / "datapackage.json")
    assert [(p.file, p.row, p.code) for p in raised.value.problems] == [
        ("observations.csv", 23, "row-unreadable")
    ]


def test_a_problem_in_the_descriptor_points_at_its_resource_not_a_namesake(package: Path) -> None:
    """The package-level "sources" list is not the sources resource."""
    path = package / "datapackage.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    sources = next(r for r in data["resources"] if r["name"] == "sources")
    sources["schema"]["fields"] = [f for f in sources["schema"]["fields"] if f["name"] != "author"]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    (problem,) = ingest.contract_problems(ingest.read_descriptor(path))
    named = path.read_text(encoding="utf-8").splitlines()[problem.row - 1 if problem.row else 0]
    assert (problem.code, problem.column, '"name": "sources"' in named) == ("missing-field", "author", True)
