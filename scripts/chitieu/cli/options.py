"""The options and exit codes the commands share."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import click

from chitieu.messages import LANGUAGES

EXIT_INVALID = 1
EXIT_UNUSABLE = 2
DEFAULT_DESCRIPTOR = Path("datapackage") / "datapackage.json"  # = load.DEFAULT_DESCRIPTOR, kept light
DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024  # = load.MAX_FILE_BYTES; a test keeps the two equal
# A conversion names the lines it rewrote; past this many, the file itself is the list.
MAX_LISTED_LINES = 10

language_option = click.option(
    "--lang",
    "language",
    type=click.Choice(LANGUAGES),
    default="vi",
    show_default=True,
    help="Language of the messages.",
)


class FileSize(click.ParamType[int]):
    """A size in bytes, or with a binary suffix: 300M, 2G."""

    name = "size"
    _units: ClassVar[dict[str, int]] = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+)\s*([KMG]?)i?B?\s*", str(value), re.IGNORECASE)
        if match is None:
            self.fail(f"{value!r} is not a size such as 300M or 2G", param, ctx)
        return int(match[1]) * self._units[match[2].upper()]


max_file_size_option = click.option(
    "--max-file-size",
    "max_bytes",
    type=FileSize(),
    default=DEFAULT_MAX_FILE_SIZE,
    show_default="256M",
    help="Refuse (and never read) a CSV file larger than this, e.g. 300M or 2G.",
)
path_argument = click.argument("path", type=click.Path(path_type=Path), default=DEFAULT_DESCRIPTOR)
