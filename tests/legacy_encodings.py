"""Vietnamese text encoded the way old files on a town office's PC are: real samples for
the encoding detection in `chitieu.load`.

Windows-1258 comes from Python's own codec. TCVN3 (ABC) and VNI have no Python codec, so
their byte tables are written out here by hand from the published charts (TCVN 5712:1993
"VN3" for TCVN3; the VNI Windows chart of VNI Software for VNI), for the Vietnamese letters
only. Two well-known garblings anchor them: "Việt Nam" shows as "ViÖt Nam" in TCVN3 and
as "Vieät Nam" in VNI; "Đảng" as "§¶ng" and "Ñaûng".
"""

from __future__ import annotations

import unicodedata

# Combining marks: the five tones and the three vowel shapes.
GRAVE, ACUTE, HOOK, TILDE, DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)  # the order of the TCVN3 chart's columns
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"

# TCVN3 (ABC): one byte per letter. Uppercase toned letters have no code of their own
# (typists switch to a capitals font that reuses the lowercase codes), so they map to
# the lowercase byte.
_TCVN3_BASES = {"ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE}
_TCVN3_UPPER = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
# Each row: the vowel, then its bytes with grave, hook, tilde, acute, dot below.
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}

# VNI: a plain letter followed by a mark byte; lowercase marks below, uppercase marks are
# the same bytes minus 0x20. ơ, ư and đ are single bytes; i and ỵ take their tone in one byte.
_VNI_TONE = {ACUTE: 0xF9, GRAVE: 0xF8, HOOK: 0xFB, TILDE: 0xF5, DOT: 0xEF}
_VNI_CIRCUMFLEX = {"": 0xE2, ACUTE: 0xE1, GRAVE: 0xE0, HOOK: 0xE5, TILDE: 0xE3, DOT: 0xE4}
_VNI_BREVE = {"": 0xEA, ACUTE: 0xE9, GRAVE: 0xE8, HOOK: 0xFA, TILDE: 0xFC, DOT: 0xEB}
_VNI_SINGLE = {"ơ": 0xF4, "ư": 0xF6, "đ": 0xF1}
_VNI_I = {"": ord("i"), ACUTE: 0xED, GRAVE: 0xEC, HOOK: 0xE6, TILDE: 0xF3, DOT: 0xF2}
_VNI_Y_DOT = 0xEE


def _split(char: str) -> tuple[str, str, str]:
    """(base letter, shape mark, tone mark) of one Vietnamese letter."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    tone = next((m for m in marks if m in TONES), "")
    shape = next((m for m in marks if m in (CIRCUMFLEX, BREVE, HORN)), "")
    return base, shape, tone


def encode_tcvn3(text: str) -> bytes:
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out.append(ord(char))
        elif char in _TCVN3_UPPER:
            out.append(_TCVN3_UPPER[char])
        elif char.lower() in _TCVN3_BASES:
            out.append(_TCVN3_BASES[char.lower()])
        else:
            base, shape, tone = _split(char.lower())
            vowel = unicodedata.normalize("NFC", base + shape)
            out.append(_TCVN3_TONED[vowel][TONES.index(tone)])
    return bytes(out)


def encode_vni(text: str) -> bytes:
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out.append(ord(char))
            continue
        upper = char.isupper()
        shift = 0x20 if upper else 0
        lower = char.lower()
        if lower in _VNI_SINGLE:
            out.append(_VNI_SINGLE[lower] - shift)
            continue
        base, shape, tone = _split(lower)
        if base == "i":
            out.append(_VNI_I[tone] - (shift if tone else 0))
        elif base == "y" and tone == DOT:
            out.append(_VNI_Y_DOT - shift)
        elif shape == HORN:  # ơ, ư with a tone: the single byte, then the tone mark
            out += bytes(
                (_VNI_SINGLE[unicodedata.normalize("NFC", base + HORN)] - shift, _VNI_TONE[tone] - shift)
            )
        else:
            out.append(ord(base.upper() if upper else base))
            table = _VNI_CIRCUMFLEX if shape == CIRCUMFLEX else _VNI_BREVE if shape == BREVE else None
            mark = table[tone] if table is not None else _VNI_TONE[tone]
            out.append(mark - shift)
    return bytes(out)


def encode_cp1258_decomposed(text: str) -> bytes:
    """Windows-1258 with every tone as a combining mark after its letter (NFD tones, but
    â ê ô ơ ư ă kept whole, since the code page has no combining hat, breve or horn)."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        base, shape, tone = _split(char) if not char.isascii() else (char, "", "")
        out.append(unicodedata.normalize("NFC", base + shape) + tone)
    return "".join(out).encode("cp1258")


def encode_cp1258_windows(text: str) -> bytes:
    """Windows-1258 as Windows writes it: a letter the code page has whole (à, á, é...)
    stays whole, the others are split into letter plus tone mark."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            char.encode("cp1258")
            out.append(char)
        except UnicodeEncodeError:
            base, shape, tone = _split(char)
            out.append(unicodedata.normalize("NFC", base + shape) + tone)
    return "".join(out).encode("cp1258")
