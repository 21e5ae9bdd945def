"""Language identification: per document first, langdetect only where a passage may differ.

A page is nearly always in one language, so `detect_document` names the document's language
from cheap evidence (which script its letters are in; for English and Albanian, how many of
their function words it holds; for Farsi and Arabic, the letters only one of them uses) and
gives it to every passage that shows no sign of another language. langdetect runs per passage
only where the script or such a sign says the language may change: foreign letters, at least as
many function words of another language as of the document's, a long passage with none of the
document's (in an Albanian page any passage without one: English headlines are common there).
The languages are those of langdetect on every passage (`detect_each`): a passage that differs
from the document is always read by it, and when the per-passage answers name another majority
than the cheap guess, the whole page is read passage by passage. Checked on the seeds, the
ingest test data, 87 pages built from real en/sq/fa/ar text (one language, one foreign
paragraph, half and half) and 11,000 lines of it: the same language for every passage, and
on the seeds langdetect reads none of the 227 passages (reading them all was 76–93 % of
the seed import time).
Where nothing was measured (a passage taken to be in the document's language) the confidence
is None, as for passages that inherit the document's language.

langdetect is random by design (it samples n-grams); `DetectorFactory.seed = 0` makes the same
text always get the same answer, which the store relies on (a re-import must hash the same).
Its profiles take a noticeable fraction of a second to load, so they are loaded lazily, once, and
only for the languages a page in this workbench plausibly contains: with all 55 profiles, short
English lines come back as Somali, Tagalog or Welsh.

Below ~20 letters n-gram statistics are noise, so short strings are decided by script: Arabic
script splits into Farsi and Arabic by the letters only one of them uses (پ چ ژ گ ک ی vs
ة ي ك ى); a short Latin string ("Albania", "MEK") gets None so the caller can inherit the
document's language.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from workbench.text.scripts import expected_script, script_counts, word_count

CANDIDATES = ("en", "sq", "fa", "ar", "ur", "fr", "de", "it", "es", "nl", "pt", "tr", "ru")
MIN_LETTERS = 20
# n-gram extraction is linear in the text; 600 characters decide a passage's language as well
# as 6000 do, at a tenth of the cost (the whole of import time is mostly langdetect).
MAX_CHARS = 600

_LETTER = regex.compile(r"\p{L}")
_ARABIC = regex.compile(r"\p{Arabic}")
_PERSIAN_ONLY = regex.compile(r"[پچژگکی]")
_ARABIC_ONLY = regex.compile(r"[ةيكى]")
_WORD = regex.compile(r"\p{L}+")
_ASCII_WORD = re.compile(r"[A-Za-z]+")  # _WORD on ASCII text, at a fraction of the cost
_SURE = 0.9  # below this, a passage's detected language does not override the page's
_lock = threading.Lock()
_factory = None


def _get_factory():  # type: ignore[no-untyped-def]
    """The langdetect factory with the candidate profiles, built on first use."""
    global _factory
    with _lock:
        if _factory is None:
            from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
            from langdetect.utils.lang_profile import LangProfile

            DetectorFactory.seed = 0
            factory = DetectorFactory()
            for index, code in enumerate(CANDIDATES):
                data = json.loads((Path(PROFILES_DIRECTORY) / code).read_text(encoding="utf-8"))
                factory.add_profile(LangProfile(**data), index, len(CANDIDATES))
            factory.set_seed(0)
            _factory = factory
        return _factory


@lru_cache(maxsize=8192)
def detect_language(text: str) -> tuple[str | None, float]:
    """(language code, confidence 0..1) of `text`, or (None, 0.0) when it cannot be told.

    Cached: re-importing a page (to see whether it changed) detects nothing twice.
    """
    letters = _LETTER.findall(text)
    if not letters:
        return None, 0.0
    arabic = sum(1 for ch in letters if _ARABIC.match(ch))
    if len(letters) < MIN_LETTERS:
        if arabic * 2 > len(letters):
            return _arabic_script_lang(text)
        return None, 0.0
    from langdetect.lang_detect_exception import LangDetectException

    detector = _get_factory().create()
    detector.set_max_text_length(MAX_CHARS)
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None, 0.0
    if best.lang in {"fa", "ar", "ur"} and arabic * 2 > len(letters):
        # n-grams confuse Farsi and Arabic on loanword-heavy text; the letters do not lie.
        script_lang, script_conf = _arabic_script_lang(text)
        if script_lang and script_conf >= _SURE and script_lang != best.lang:
            return script_lang, script_conf
    return best.lang, round(float(best.prob), 4)


def _arabic_script_lang(text: str) -> tuple[str | None, float]:
    """Farsi or Arabic by the letters each uses and the other does not."""
    fa = len(_PERSIAN_ONLY.findall(text))
    ar = len(_ARABIC_ONLY.findall(text))
    if fa == ar:
        return None, 0.0
    lang = "fa" if fa > ar else "ar"
    return lang, round(max(fa, ar) / (fa + ar), 4)


def majority_language(items: Iterable[tuple[str | None, int]]) -> str | None:
    """The language with the most words among (language, word count) pairs."""
    counts: Counter[str] = Counter()
    for lang, words in items:
        if lang:
            counts[lang] += words
    return counts.most_common(1)[0][0] if counts else None


# Frequent function words: those of the document's language say "still the same language",
# those of another candidate (that the document's language does not share) say "check".
_FUNCTION_WORDS = {
    "en": "a an and are as at be been but by for from had has have he her his in into is it its"
          " not of on or our said she than that the their them there these they this those to"
          " was we were what when which who will with would you",
    "sq": "deri dhe e edhe është ishte janë ka kanë kjo ky këtë këto mbi më nga nuk një pas"
          " për por që së si saj tij tyre të u në",  # not i, me, do: English words too
    "fr": "au aux avec ce cette dans des du est et la le les ne pas par plus pour qui sont sur"
          " une",
    "de": "auch auf das dem den der des die ein eine für ist im mit nicht sich sind und von"
          " wird zu",
    "es": "al como con del el en es las los lo más para pero por se su una y",
    "it": "alla che con della di gli il nel non per sono è",
    "nl": "aan de een en het ook op te van voor zijn",
    "pt": "com da das do dos em na no não os para um uma é",
    "tr": "bir bu çok daha gibi ile için olarak ve",
}
_WORD_LANGS: dict[str, frozenset[str]] = {}
for _lang, _words in _FUNCTION_WORDS.items():
    for _word in _words.split():
        _WORD_LANGS[_word] = _WORD_LANGS.get(_word, frozenset()) | {_lang}
_OWN_LETTERS = {"en": frozenset("abcdefghijklmnopqrstuvwxyz"),
                "sq": frozenset("abcdefghijklmnopqrstuvwxyzëç")}
_MARKS = {"en": frozenset(), "sq": frozenset("ëç")}  # letters only the language writes
FOREIGN_SHARE = 30   # one letter in this many outside the alphabet: another language, maybe
LONG = 6             # words: a passage this long without one function word gets checked


@dataclass(frozen=True)
class _Passage:
    """What the cheap tests read of a passage (computed once, mostly in C)."""

    text: str
    letters: int
    arabic: int
    words: int            # letter runs
    joined: str           # its letters, lower-cased, without spaces
    hits: Counter[str]    # function words per language

    @property
    def arabic_script(self) -> bool:
        return self.arabic * 2 > self.letters


def _passage(text: str) -> _Passage:
    runs = (_ASCII_WORD if text.isascii() else _WORD).findall(text.lower())
    hits: Counter[str] = Counter()
    for word, n in Counter(runs).items():
        for lang in _WORD_LANGS.get(word, ()):
            hits[lang] += n
    arabic = 0 if text.isascii() else len(_ARABIC.findall(text))
    return _Passage(text, sum(map(str.isalpha, text)), arabic, len(runs), "".join(runs), hits)


def _guess(passages: Sequence[_Passage]) -> str | None:
    """The document's language from cheap evidence, or None when it is not clear."""
    letters = sum(p.letters for p in passages)
    if not letters:
        return None
    if sum(p.arabic for p in passages) * 2 > letters:
        lang, conf = _arabic_script_lang(" ".join(p.text for p in passages if p.arabic_script))
        return lang if conf >= _SURE else None
    hits: Counter[str] = sum((p.hits for p in passages), Counter())
    en, sq = hits["en"], hits["sq"]
    if max(en, sq) >= 5 and max(en, sq) >= 4 * min(en, sq):
        return "en" if en > sq else "sq"
    return None


def _assumed(p: _Passage, lang: str) -> tuple[str, float | None] | None:
    """`lang` for a passage that shows no sign of another language (with the letter test's
    confidence for Arabic script, None where nothing was measured); None when it must be
    checked by langdetect."""
    if p.letters < MIN_LETTERS:
        return None  # decided by script in detect_language, without langdetect
    if p.arabic_script:
        if lang not in ("fa", "ar"):
            return None
        found, conf = _arabic_script_lang(p.text)
        return (lang, conf) if found == lang and conf >= _SURE else None
    if lang not in _OWN_LETTERS:
        return None
    own_letters = _OWN_LETTERS[lang]
    if not p.joined.isascii() and sum(
            c not in own_letters for c in p.joined) * FOREIGN_SHARE > len(p.joined):
        return None
    own = p.hits[lang]
    other = max((n for other, n in p.hits.items() if other != lang), default=0)
    if other and other >= own:
        return None
    if own == 0 and not any(c in p.joined for c in _MARKS[lang]) and (
            p.words >= LONG or lang != "en"):
        # Evidence-less English headlines and names are English as the page is; in a page in
        # another language an English headline is common, and langdetect names it.
        return None
    return lang, None


def detect_document(texts: Sequence[str], lang: str | None = None
                    ) -> tuple[str | None, list[tuple[str | None, float | None]]]:
    """(document language, [(language, confidence)] per passage) of a page's passages.

    The document's language is `lang` when given, else the one with the most words. Passages
    too short to tell (None), and passages detected with low confidence in another language
    written in the document's script ("Iran Interlink Weekly Digest – 307" comes back Dutch at
    0.6, a name-only byline Turkish), inherit the document language with no confidence: names
    are not a language switch, a whole Farsi paragraph is. langdetect reads only the passages
    the cheap tests cannot vouch for (module doc); the languages are those of `detect_each`.
    """
    passages = [_passage(t) for t in texts]
    guess = lang or _guess(passages)
    cheap = [_assumed(p, guess) if guess else None for p in passages]
    found = [c or detect_language(p.text) for p, c in zip(passages, cheap, strict=True)]
    doc_lang = lang or _majority(texts, found)
    if doc_lang != guess and any(cheap):  # the guess was wrong: read every passage
        return detect_each(texts, lang)
    return doc_lang, [_settled(p.text, f, doc_lang) for p, f in zip(passages, found, strict=True)]


def detect_each(texts: Sequence[str], lang: str | None = None
                ) -> tuple[str | None, list[tuple[str | None, float | None]]]:
    """`detect_document` with langdetect on every passage: the reference it must agree with
    (and the baseline of benchmarks/ingest_import.py)."""
    found = [detect_language(t) for t in texts]
    doc_lang = lang or _majority(texts, found)
    return doc_lang, [_settled(t, f, doc_lang) for t, f in zip(texts, found, strict=True)]


def _majority(texts: Sequence[str], found: Sequence[tuple[str | None, float | None]]
              ) -> str | None:
    """`majority_language` by words; words are counted only when two languages compete."""
    langs = {lang for lang, _ in found if lang}
    if len(langs) <= 1:
        return next(iter(langs), None)
    return majority_language((lang, word_count(text))
                             for text, (lang, _) in zip(texts, found, strict=True))


def _settled(text: str, found: tuple[str | None, float | None],
             doc_lang: str | None) -> tuple[str | None, float | None]:
    lang, conf = found
    if lang is None:
        return doc_lang, None
    if lang != doc_lang and (conf or 0.0) < _SURE:
        counts = script_counts(text)
        if max(counts, key=lambda k: counts[k]) == expected_script(doc_lang):
            return doc_lang, None
    return lang, conf
