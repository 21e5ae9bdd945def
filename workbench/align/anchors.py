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
Arabic-script words are keyed by their light stem (stems.py), so a word keeps one key
whatever clitics it carries. Between Latin and Arabic script, names also get a consonant
skeleton key (translit.py): "Damascus" and "دمشق" share it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from workbench.align.numbers import number_word_keys
from workbench.align.stems import arabic_script_stem
from workbench.align.translit import arabic_name_keys, latin_name_keys
from workbench.text.normalize import fold_digits, match_key

COGNATE_PREFIX = 5
_URL = regex.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+")
_NUM = regex.compile(r"\p{Nd}+")
_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’\u200c-][\p{L}\p{M}]+)*")
_LATIN = regex.compile(r"^\p{Latin}+$")
_ARABIC = regex.compile(r"^\p{Arabic}")
# Punctuation that carries meaning a translator keeps, mapped onto one key per function.
PUNCT_KEYS = {"?": "p:?", "؟": "p:?", "!": "p:!", ";": "p:;", "؛": "p:;", ":": "p::",
              "«": 'p:"', "»": 'p:"', "“": 'p:"', "”": 'p:"', "„": 'p:"', '"': 'p:"',
              "(": "p:(", ")": "p:("}
_PUNCT = frozenset(PUNCT_KEYS)


def strip_accents(word: str) -> str:
    """'Expédition' → 'expedition': accents differ between cognates, letters less so."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def word_key(word: str) -> str | None:
    """The comparable key of one word, or None for a word that is no evidence."""
    if _LATIN.match(word):
        if len(word) >= 4:
            return "w:" + strip_accents(word)[:COGNATE_PREFIX]
        if len(word) >= 2 and word.isupper():
            return "a:" + word.casefold()  # acronym: UN, EU, MEK
        return None
    key = match_key(word)
    if _ARABIC.match(key):
        key = arabic_script_stem(key)
    return "w:" + key if len(key) >= 2 else None


@lru_cache(maxsize=65536)
def _name_keys(word: str, first: bool) -> frozenset[str]:
    """Skeleton keys of a word that may be a name: a capitalised Latin word that does not
    open the sentence, or any Arabic-script word (that script has no capitals)."""
    if _LATIN.match(word):
        if first or not word[:1].isupper() or len(word) < 3:
            return frozenset()
        return latin_name_keys(strip_accents(word))
    key = match_key(word)
    return arabic_name_keys(key) if _ARABIC.match(key) else frozenset()


def sentence_keys(text: str, *, names: bool = False, lang: str | None = None
                  ) -> frozenset[str]:
    """Anchor keys of a sentence: URLs, numbers (digits, and with `lang` number words:
    numbers.py), words (cognate prefixes), punctuation, and with `names` (a pair of texts
    in different scripts) the names' consonant skeletons.

    Each kind is found by its own C-level regex scan and words are keyed through a cache:
    this runs over every sentence of both texts, 20,000 of them in the speed benchmark.
    """
    words = _WORD.findall(text)
    keys: set[str | None] = set(map(word_key, words))
    if "://" in text or "www." in text or "@" in text:
        for url in _URL.findall(text):
            keys.add("u:" + url.casefold().rstrip(".,;:)»”\"'"))
        text = _URL.sub(" ", text)
    # Each run of digits is its own key: "4.45" and "4 h 45", "1,5" and "1.5" still match.
    keys.update(map(_number_key, _NUM.findall(text)))
    keys.update(number_word_keys(words, lang))
    if names:
        for k, w in enumerate(words):
            keys.update(_name_keys(w, k == 0))
    keys.update(map(PUNCT_KEYS.__getitem__, _PUNCT.intersection(text)))
    keys.discard(None)
    return frozenset(keys)  # type: ignore[arg-type]  # None was discarded


def _number_key(number: str) -> str:
    return "n:" + fold_digits(number)
