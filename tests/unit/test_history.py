"""What the changes page says a commit did to a table: rows matched by their key, even
across a commit that added a key column."""

from __future__ import annotations

from chitieu.history import diff_tables, parse_table

KEY = ("resolution_id", "as_of", "counts")
BEFORE_COUNTS = b"resolution_id,as_of,targets_met\nr,2023-09-23,10\nr,2020-09-29,12\n"


def test_a_new_key_column_does_not_make_old_rows_look_removed() -> None:
    after = parse_table(
        b"resolution_id,as_of,targets_met,counts\n"
        b"r,2023-09-23,10,met-or-exceeded\n"
        b"r,2020-09-29,12,met-or-exceeded\n"
        b"r,2020-09-29,5,not-yet-assessed\n",
        KEY,
    )
    change = diff_tables("progress_reports", parse_table(BEFORE_COUNTS, KEY), after)
    assert change is not None
    assert change.added == (("r", "2020-09-29", "not-yet-assessed"),)
    assert (change.removed, change.revised, change.columns_added) == ((), (), ("counts",))


def test_an_old_row_that_no_new_row_matches_is_still_removed() -> None:
    after = parse_table(b"resolution_id,as_of,targets_met,counts\nr,2023-09-23,11,met-or-exceeded\n", KEY)
    change = diff_tables("progress_reports", parse_table(BEFORE_COUNTS, KEY), after)
    assert change is not None
    # 10 became 11 on the same key: a revision; the 2020 row is gone.
    assert [r.key for r in change.revised] == [("r", "2023-09-23", "met-or-exceeded")]
    assert change.removed == (("3",),) and change.added == ()
