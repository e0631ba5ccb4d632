"""The text encodings a Vietnamese CSV may arrive in, named so that the maintainer can re-save.

Legacy Vietnamese encodings give themselves away by bytes the others never use for text
(the notes beside each rule below)."""

from __future__ import annotations

import codecs
from itertools import pairwise

from chitieu.problems import Problem

# --- Encodings --------------------------------------------------------------------------
# Legacy Vietnamese encodings give themselves away by bytes the others never use for text:
# - TCVN3 (ABC) puts its letters ă â ê ô ơ ư đ and most toned vowels at 0xA1-0xBF, where
#   Windows-1258 and VNI have only symbols such as « ± ¶ §.
# - VNI writes a plain vowel followed by a mark byte (ù ø û õ ï for the five tones, ä å ë ü
#   for a hat or breve plus a tone, â after a/e/o for the hat, ê after a for the breve), and
#   đ as ñ (0xF1).
# - Windows-1258 writes a base letter followed by a combining tone mark (0xCC grave,
#   0xEC acute, 0xD2 hook, 0xDE tilde, 0xF2 dot below), and đ as 0xF0.
# A byte that reads as a letter in two of them (á after "o" is "hoá" in Windows-1258 but
# "oá" = "ố" in VNI) counts for neither. tests/legacy_encodings.py builds real samples
# from the published charts and tests/unit/test_load.py checks every cell of the package.
_VOWELS = frozenset(b"aeiouyAEIOUY")
_VNI_VOWELS = _VOWELS | frozenset(b"\xf4\xf6\xd4\xd6")  # VNI's own ơ and ư take a tone mark too
_VNI_UPPER_VOWELS = frozenset(b"AEIOUY\xd4\xd6")
_VNI_MARKS = frozenset(b"\xf9\xf8\xfb\xf5\xef\xe4\xe5\xeb\xfc")  # after a lowercase vowel
_VNI_UPPER_MARKS = frozenset(b"\xd9\xd8\xdb\xd5\xcf\xc4\xc5\xcb\xdc")  # after an uppercase vowel
_VNI_SHAPES = frozenset((b"a\xe2", b"e\xe2", b"o\xe2", b"a\xea", b"A\xc2", b"E\xc2", b"O\xc2", b"A\xca"))
_CP1258_BASES = _VOWELS | frozenset(b"\xe2\xea\xf4\xf5\xfd\xe3\xc2\xca\xd4\xd5\xdd\xc3")
_CP1258_TONES = frozenset(b"\xcc\xec\xd2\xde\xf2")
MIN_EVIDENCE = 2
ENCODINGS = ("utf-16", "windows-1258", "tcvn3", "vni", "unknown")


def _looks_like_utf16(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = data[:400]
    return len(sample) >= 4 and sample.count(0) * 3 >= len(sample)


def guess_legacy_encoding(data: bytes) -> str:
    """The most likely encoding (one of `ENCODINGS`) of bytes that are not UTF-8."""
    if _looks_like_utf16(data):
        return "utf-16"
    sample = data[: 1 << 20]  # a megabyte is plenty to tell, and keeps a huge file quick
    tcvn3 = sum(1 for b in sample if 0xA1 <= b <= 0xBF)
    vni = sample.count(0xF1) + sample.count(0xD1)
    cp1258 = sample.count(0xF0) + sample.count(0xD0)
    for previous, byte in pairwise(sample):
        if byte < 0xC0:
            continue
        if previous in _VNI_VOWELS:
            upper = previous in _VNI_UPPER_VOWELS
            vni += byte in (_VNI_UPPER_MARKS if upper else _VNI_MARKS)
            vni += bytes((previous, byte)) in _VNI_SHAPES
        if previous in _CP1258_BASES:
            cp1258 += byte in _CP1258_TONES
    scores = {"tcvn3": tcvn3, "vni": vni, "windows-1258": cp1258}
    best = max(scores, key=lambda key: scores[key])
    # One telling byte may be a stray "©" or "«" in other text; two are a pattern.
    return best if scores[best] >= MIN_EVIDENCE else "unknown"


def encoding_problem(data: bytes, file: str) -> Problem | None:
    """A problem when `data` is not UTF-8 (with or without BOM), naming the likely encoding."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if _looks_like_utf16(data):
        return Problem("encoding-utf-16", file, 1)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        return Problem(f"encoding-{guess_legacy_encoding(data)}", file, row)
    return None
