"""Normalisation for matching, searching and comparing multilingual text.

Stored text is in logical order and otherwise untouched: translations and TM units exactly as
the translator or supplier wrote them, imported page text in NFC (the edition is rebuilt from
it). Nothing may assume a translation is NFC. For *matching* (glossary,
translation memory, concordance, alignment anchors) we compare a folded key in which the
everyday variants of our languages are equal:

* Unicode NFC and case folding;
* Arabic/Persian letter variants: ي ى ی → ي, ك ک → ك, ة → ه, أ إ آ ٱ → ا, ؤ → و, ئ → ي;
* tatweel (ـ), Arabic diacritics (harakat, superscript alef) and zero-width/bidi controls
  (ZWNJ, ZWJ, LRM, RLM, embeddings, isolates, soft hyphen) removed: "می‌خواهم" = "میخواهم";
* Persian (۰-۹) and Arabic-Indic (٠-٩) digits → ASCII digits: ۲۰۱۹ = ٢٠١٩ = 2019;
* typographic quotes and apostrophes → ASCII (MEK’s = MEK's), runs of whitespace → one space;
* inline codes (`workbench.text.codes`: links, bold, line breaks) removed: a sentence matches
  itself with or without its markup.

`match_key` is the fast path (str.translate); `match_key_with_map` also returns, for every
character of the key, its index in the original string, so callers can highlight or replace
the original span of a match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_FOLD: dict[str, str] = {}


def _build_table() -> dict[int, str | None]:
    pairs = {
        "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ئ": "ي",
        "ک": "ك", "ڪ": "ك",
        "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
        "ؤ": "و",
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "´": "'", "ʼ": "'",
        "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\n": " ", "\r": " ",
    }
    table: dict[int, str | None] = {ord(k): v for k, v in pairs.items()}
    for i in range(10):
        table[0x06F0 + i] = str(i)  # Extended Arabic-Indic (Persian) digits
        table[0x0660 + i] = str(i)  # Arabic-Indic digits
    removed = [0x0640, 0x0670, 0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF]
    removed += list(range(0x064B, 0x0660))  # harakat, shadda, sukun, maddah, hamza marks
    removed += list(range(0x06D6, 0x06EE))  # Quranic annotation marks
    removed += list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A))  # bidi controls
    removed += list(range(0xE000, 0xEC00))  # inline codes (text.codes): markup, not words
    for cp in removed:
        table[cp] = None
    return table


FOLD_TABLE = _build_table()
DIGIT_TABLE = {cp: v for cp, v in FOLD_TABLE.items() if isinstance(v, str) and v.isdigit()}


def nfc(text: str) -> str:
    """Canonical composition: the form every stored string is kept in."""
    return unicodedata.normalize("NFC", text)


def fold_digits(text: str) -> str:
    """Persian and Arabic-Indic digits → ASCII digits (everything else unchanged)."""
    return text.translate(DIGIT_TABLE)


# The fast paths of match_key / match_key_with_map (same output, measured ~10x faster on
# Latin text; the TM folds every candidate of every lookup): ASCII text needs only the table's
# ASCII entries and lower(); other text is folded only where a character of the table occurs.
_ASCII_FOLD = {cp: v for cp, v in FOLD_TABLE.items() if cp < 128}


def _char_class(codepoints: Iterable[int]) -> str:
    """A regex character class of `codepoints`, consecutive ones as ranges: the table's 3,000
    inline-code characters as one range, not 3,000 members the compiler sorts on every start."""
    ranges: list[list[int]] = []
    for cp in sorted(codepoints):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "")
                         for a, b in ranges) + "]"


_FOLDABLE = re.compile(_char_class(FOLD_TABLE))
_FOLD_STR = {chr(cp): v or "" for cp, v in FOLD_TABLE.items()}
_RUN = re.compile(r"\S+")


def _fold_one(m: re.Match[str]) -> str:
    return _FOLD_STR[m.group()]


def match_key(text: str) -> str:
    """The folded form used to compare text across spelling variants (see module doc)."""
    if text.isascii():
        folded = text.translate(_ASCII_FOLD).lower()
    else:
        folded = _FOLDABLE.sub(_fold_one, unicodedata.normalize("NFC", text)).casefold()
    return " ".join(folded.split())


def match_key_with_map(text: str) -> tuple[str, list[int]]:
    """Like `match_key`, plus the original index of each key character.

    `text` must already be NFC (stored text always is). A character that folds to several
    (ß → ss) maps each of them to its own index; removed characters map to nothing.
    """
    if not text.isascii():
        return _key_with_map(text)
    out: list[str] = []
    index: list[int] = []
    for m in _RUN.finditer(text.translate(_ASCII_FOLD).lower()):  # one char per char
        start, end = m.span()
        if index:
            out.append(" ")
            index.append(start - 1)
        out.append(m.group())
        index.extend(range(start, end))
    return "".join(out), index


def _key_with_map(text: str) -> tuple[str, list[int]]:
    """`match_key_with_map` character by character: any text (the definition)."""
    out: list[str] = []
    index: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        folded = ch.translate(FOLD_TABLE).casefold()
        for f in folded:
            if f.isspace():
                pending_space = bool(out)
                continue
            if pending_space:
                out.append(" ")
                index.append(i - 1)
                pending_space = False
            out.append(f)
            index.append(i)
    return "".join(out), index
