"""The comparison of two package versions (diff.compare): rows matched by key, cells
compared as typed values with their digits, each change with what it is about, and the
statuses assess gives on each side. The versions are the fixture package edited in code."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from chitieu import ingest
from chitieu.diff import compare as diff
from chitieu.diff.compare import Cell, Kind, Table
from chitieu.records import Package, Status
from tests.versions import (
    AT_LEAST,
    COMPARISON,
    HALF_YEAR,
    NEW_SOURCE,
    POOR_HOUSEHOLDS,
    PROGRESS,
    append_line,
    delete_line,
    edit_like_a_maintainer,
    replace_in,
    write_versions,
)


def read(folder: Path) -> Package:
    return ingest.load(folder / "datapackage.json")


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    return write_versions(tmp_path)


def compare(folders: tuple[Path, Path]) -> diff.DataDiff:
    old, new = folders
    return diff.compare(read(old), read(new))


def summary(found: diff.DataDiff) -> list[tuple[str, tuple[str, ...], str, tuple[Cell, ...]]]:
    return [(r.table.value, r.key, r.kind.value, r.cells) for r in found.rows]


def test_the_same_data_is_unchanged(folders: tuple[Path, Path]) -> None:
    found = compare(folders)
    assert found == diff.DataDiff((), ())
    assert found.unchanged


def test_a_row_moved_in_its_file_is_not_a_change(folders: tuple[Path, Path]) -> None:
    observations = folders[1] / "observations.csv"
    header, *rows = observations.read_text(encoding="utf-8").splitlines()
    observations.write_text("\n".join([header, *reversed(rows)]) + "\n", encoding="utf-8")
    assert compare(folders).unchanged


def test_a_corrected_figure_is_one_cell_with_its_target_and_report(folders: tuple[Path, Path]) -> None:
    replace_in(folders[1] / "observations.csv", HALF_YEAR, HALF_YEAR.replace(",30,", ",35,"))
    found = compare(folders)
    assert summary(found) == [
        ("observations", ("fx-half-year-2024-h1",), "changed", (Cell("value", Decimal(30), Decimal(35)),))
    ]
    (change,) = found.rows
    assert change.about.indicator is not None and change.about.indicator.id == "fx-half-year"
    assert change.about.resolution is not None and change.about.resolution.id == "fx-2024"
    assert change.about.source is not None and change.about.source.id == "fx-portal-2024-06"
    assert found.statuses == ()  # no target was published: still "target not published"


def test_a_published_digit_is_a_change_even_when_the_number_is_equal(folders: tuple[Path, Path]) -> None:
    replace_in(folders[1] / "observations.csv", ",1234.5,", ",1234.50,")
    (change,) = compare(folders).rows
    assert change.cells == (Cell("value", Decimal("1234.5"), Decimal("1234.50")),)
    assert str(change.cells[0].new) == "1234.50"


def test_a_status_that_changes_is_told_with_both_statuses(folders: tuple[Path, Path]) -> None:
    replace_in(folders[1] / "observations.csv", POOR_HOUSEHOLDS, POOR_HOUSEHOLDS.replace(",150,", ",90,"))
    found = compare(folders)
    assert [(s.indicator.id, s.old, s.new) for s in found.statuses] == [
        ("fx-poor-households", Status.NOT_YET_MET, Status.EXCEEDED)
    ]
    assert not found.unchanged


def test_a_removed_row_is_about_what_it_was_in_the_old_version(folders: tuple[Path, Path]) -> None:
    delete_line(folders[1] / "observations.csv", AT_LEAST)
    found = compare(folders)
    assert summary(found) == [("observations", ("fx-at-least-2023",), "removed", ())]
    (change,) = found.rows
    assert change.new is None and change.new_about is None
    assert change.old is not None and change.about is change.old_about
    assert change.about.indicator is not None and change.about.indicator.name_vi == "Chỉ tiêu fx-at-least"
    assert [(s.indicator.id, s.old, s.new) for s in found.statuses] == [
        ("fx-at-least", Status.MET, Status.NO_DATA)
    ]


def test_a_maintainers_edit_is_every_row_it_touched_in_table_order(folders: tuple[Path, Path]) -> None:
    edit_like_a_maintainer(folders[1])
    found = compare(folders)
    assert [(table, key, kind) for table, key, kind, _ in summary(found)] == [
        ("sources", ("fx-news-2024-09",), "added"),
        ("indicators", ("fx-fish",), "added"),
        ("observations", ("fx-at-least-2023",), "removed"),
        ("observations", ("fx-half-year-2024-h1",), "changed"),
        ("observations", ("fx-poor-households-2023",), "changed"),
        ("progress_reports", ("fx-2021-2026", "2024-09-01", "2021-2024", "met-or-exceeded"), "added"),
    ]
    assert [s.indicator.id for s in found.statuses] == ["fx-at-least", "fx-poor-households"]
    # The new target is in the new version only: it has no status to change from.
    assert "fx-fish" not in {s.indicator.id for s in found.statuses}


def test_a_progress_statement_is_matched_by_resolution_date_period_and_what_it_counts(
    folders: tuple[Path, Path],
) -> None:
    replace_in(folders[1] / "progress_reports.csv", PROGRESS, PROGRESS.replace(",3,1,6,", ",4,1,6,"))
    key = ("fx-2021-2026", "2024-01-15", "2021-2023", "met-or-exceeded")
    assert summary(compare(folders)) == [("progress_reports", key, "changed", (Cell("targets_met", 3, 4),))]
    replace_in(folders[1] / "progress_reports.csv", ",2021-2023,4,", ",2021-2024,4,")
    moved = ("fx-2021-2026", "2024-01-15", "2021-2024", "met-or-exceeded")
    assert summary(compare(folders)) == [
        ("progress_reports", key, "removed", ()),
        ("progress_reports", moved, "added", ()),
    ]


def test_a_comparison_is_a_row_of_its_own_not_a_cell_of_its_observation(folders: tuple[Path, Path]) -> None:
    replace_in(folders[1] / "comparisons.csv", COMPARISON, COMPARISON.replace(",110", ",115"))
    found = compare(folders)
    assert summary(found) == [
        (
            "comparisons",
            ("fx-derived-2023", "town-plan"),
            "changed",
            (Cell("percent", Decimal(110), Decimal(115)),),
        )
    ]
    (change,) = found.rows
    assert change.about.indicator is not None and change.about.indicator.id == "fx-derived"
    assert change.about.source is not None and change.about.source.id == "fx-report-2024-01"


def test_a_source_changed_with_its_figure_is_told_in_both_versions(folders: tuple[Path, Path]) -> None:
    append_line(folders[1] / "sources.csv", NEW_SOURCE)
    replace_in(
        folders[1] / "observations.csv",
        ",2024-06-30,30,less-than,false,,fx-portal-2024-06,",
        ",2024-06-30,30,less-than,false,,fx-news-2024-09,",
    )
    found = compare(folders)
    changed = next(r for r in found.rows if r.kind is Kind.CHANGED)
    assert changed.table is Table.OBSERVATIONS
    assert changed.cells == (Cell("source_id", "fx-portal-2024-06", "fx-news-2024-09"),)
    assert changed.old_about is not None and changed.old_about.source is not None
    assert changed.new_about is not None and changed.new_about.source is not None
    assert (changed.old_about.source.publisher, changed.new_about.source.publisher) == (
        "Cổng thông tin thử nghiệm",
        "Báo Thử Nghiệm",
    )


def test_an_empty_cell_that_is_filled_is_a_change_from_none(folders: tuple[Path, Path]) -> None:
    replace_in(folders[1] / "observations.csv", HALF_YEAR + "false,,", HALF_YEAR + "false,90,")
    (change,) = compare(folders).rows
    assert change.cells == (Cell("percent_of_target", None, Decimal(90)),)
