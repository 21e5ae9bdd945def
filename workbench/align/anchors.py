"""Anchors: the parts of a sentence that survive translation, as comparable keys.

Two sentences that translate each other share things no translator changes: numbers (in any
digit script: ۲۰۱۹ = ٢٠١٩ = 2019), Latin-script names, acronyms and URLs (kept as-is in Farsi
and Arabic editions), question/exclamation marks and quotes (mapped across scripts: ? ؟, ; ؛,
« » “ ” „ "), and — between two Latin-script languages — cognates ("Expedition"/"expédition").
Each sentence becomes a set of string keys; the aligner scores a pair by how many keys they
share (a Dice coefficient), so the key design decides what counts as evidence.

Cognates are compared on a short, accent-free prefix: inflection lives at the end of words
(Tirana/Tiranës, Organisation/organizata), so the first five letters carry the identity.
Short lower-case words are left out: they are function words that match by accident.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from workbench.text.normalize import fold_digits, match_key

COGNATE_PREFIX = 5
_TOKEN = regex.compile(
    r"(?P<url>(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+)"
    r"|(?P<num>\p{N}+(?:[.,:/]\p{N}+)*)"
    r"|(?P<word>[\p{L}\p{M}]+(?:['’\u200c-][\p{L}\p{M}]+)*)"
    r"|(?P<punct>[?؟!;؛:«»“”„\"()])")
_LATIN = regex.compile(r"^\p{Latin}+$")
# Punctuation that carries meaning a translator keeps, mapped onto one key per function.
PUNCT_KEYS = {"?": "?", "؟": "?", "!": "!", ";": ";", "؛": ";", ":": ":",
              "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', '"': '"', "(": "(", ")": "("}


@dataclass(frozen=True)
class SentenceKeys:
    """The anchor keys of one sentence and how many content tokens it has (for Dice)."""

    keys: frozenset[str]
    tokens: int


def strip_accents(word: str) -> str:
    """'Expédition' → 'expedition': accents differ between cognates, letters less so."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def word_key(word: str) -> str | None:
    """The comparable key of one word, or None for a word that is no evidence."""
    if _LATIN.match(word):
        if len(word) >= 4:
            return "w:" + strip_accents(word)[:COGNATE_PREFIX]
        if len(word) >= 2 and word.isupper():
            return "a:" + word.casefold()  # acronym: UN, EU, MEK
        return None
    key = match_key(word)
    return "w:" + key if len(key) >= 2 else None


def sentence_keys(text: str) -> SentenceKeys:
    """Anchor keys of a sentence: numbers, URLs, words (cognate prefixes), punctuation."""
    keys: set[str] = set()
    tokens = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        value = m.group()
        if kind == "num":
            keys.add("n:" + "".join(ch for ch in fold_digits(value) if ch.isdigit()))
            tokens += 1
        elif kind == "url":
            keys.add("u:" + value.casefold().rstrip(".,;:)"))
            tokens += 1
        elif kind == "word":
            key = word_key(value)
            if key is not None:
                keys.add(key)
                tokens += 1
        else:
            keys.add("p:" + PUNCT_KEYS[value])
    return SentenceKeys(frozenset(keys), max(tokens, 1))
