"""The only code that writes the maintainer's files, and only when asked: `normalize`
(text to NFC, a semicolon CSV or a workbook saved under a .csv name to a proper CSV) and
the import of an edited workbook (`workbook` reads it)."""
