"""Writing systems and directions of the languages workbench handles.

Direction comes from the language, never from guessing per string: a Farsi segment that starts
with "MEK" is still right-to-left.
"""

from __future__ import annotations

import re

import regex

RTL_LANGS = frozenset({"ar", "fa", "he", "ur", "ps", "ckb"})
ARABIC_SCRIPT_LANGS = frozenset({"ar", "fa", "ur", "ps", "ckb"})
LANG_NAMES = {"en": "English", "sq": "Albanian", "fa": "Farsi", "ar": "Arabic",
              "de": "German", "fr": "French"}

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’\u200c-][\p{L}\p{M}\p{N}]+)*")
# _WORD on ASCII text, where letters are A-Z, numbers 0-9, there are no marks and the only
# joiners are ' and -: the same words in less than half the time (half the seeds' segments).
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*")
_ARABIC = regex.compile(r"\p{Arabic}")
_LATIN = regex.compile(r"\p{Latin}")


def is_rtl(lang: str | None) -> bool:
    """True for languages written right to left (ar, fa, ...)."""
    return (lang or "").split("-")[0].lower() in RTL_LANGS


def expected_script(lang: str | None) -> str:
    """'Arabic' or 'Latin': the script a translation into `lang` should mostly be in."""
    return "Arabic" if (lang or "").split("-")[0].lower() in ARABIC_SCRIPT_LANGS else "Latin"


def script_counts(text: str) -> dict[str, int]:
    """How many Arabic-script and Latin-script letters `text` holds."""
    return {"Arabic": len(_ARABIC.findall(text)), "Latin": len(_LATIN.findall(text))}


def words(text: str) -> list[str]:
    """Word tokens as translators count them (ZWNJ-joined Persian words count once)."""
    return (_ASCII_WORD if text.isascii() else _WORD).findall(text)


def word_count(text: str) -> int:
    """Number of words, the unit of translation statistics."""
    return len(words(text))


def lang_name(code: str) -> str:
    """Human name of a language code, or the code itself."""
    return LANG_NAMES.get(code, code)
