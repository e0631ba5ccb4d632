"""Every check of ours, by kind, in the order they run; `validate` runs them all and never
stops at the first problem. Three kinds:

- row checks (`text_checks`) read the raw cells of every safe CSV file as it is read;
- table checks (`text_checks`) look at a whole file once it is read;
- package checks (`package_checks`) read the typed `Package`.

Each declares the problem codes it can emit (`rules.emits`), so that a test can require a
message and a fix for every one of them in both catalogues.
"""

from __future__ import annotations

from collections.abc import Callable

from chitieu.validate.package_checks import (
    as_of_not_after_source,
    dates_not_in_future,
    percent_matches_target,
    places_are_consistent,
    target_counts_add_up,
    urls_are_http,
    values_come_with_their_qualifiers,
    years_are_plausible,
)
from chitieu.validate.rules import EMITS, Context, PackageCheck, RowCheck, TableCheck, emits
from chitieu.validate.text_checks import (
    no_ambiguous_thousands,
    numbers_are_finite,
    table_has_rows,
    text_is_nfc,
)

__all__ = [
    "EMITS",
    "PACKAGE_CHECKS",
    "ROW_CHECKS",
    "TABLE_CHECKS",
    "TEXT_CHECKS",
    "Context",
    "PackageCheck",
    "RowCheck",
    "TableCheck",
    "as_of_not_after_source",
    "dates_not_in_future",
    "emits",
    "no_ambiguous_thousands",
    "numbers_are_finite",
    "percent_matches_target",
    "places_are_consistent",
    "table_has_rows",
    "target_counts_add_up",
    "text_is_nfc",
    "urls_are_http",
    "values_come_with_their_qualifiers",
    "years_are_plausible",
]

ROW_CHECKS: tuple[RowCheck, ...] = (text_is_nfc, numbers_are_finite, no_ambiguous_thousands)
TABLE_CHECKS: tuple[TableCheck, ...] = (table_has_rows,)
# Every check that reads the raw text of the files, for the pages that list the checks.
TEXT_CHECKS: tuple[Callable[..., object], ...] = (*ROW_CHECKS, *TABLE_CHECKS)
PACKAGE_CHECKS: tuple[PackageCheck, ...] = (
    urls_are_http,
    dates_not_in_future,
    as_of_not_after_source,
    percent_matches_target,
    target_counts_add_up,
    values_come_with_their_qualifiers,
    years_are_plausible,
    places_are_consistent,
)
