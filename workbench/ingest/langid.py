"""Language identification of passages: langdetect, deterministic, with a script fallback.

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
import threading
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import regex

CANDIDATES = ("en", "sq", "fa", "ar", "ur", "fr", "de", "it", "es", "nl", "pt", "tr", "ru")
MIN_LETTERS = 20
# n-gram extraction is linear in the text; 600 characters decide a passage's language as well
# as 6000 do, at a tenth of the cost (the whole of import time is mostly langdetect).
MAX_CHARS = 600

_LETTER = regex.compile(r"\p{L}")
_ARABIC = regex.compile(r"\p{Arabic}")
_PERSIAN_ONLY = regex.compile(r"[پچژگکی]")
_ARABIC_ONLY = regex.compile(r"[ةيكى]")
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
        if script_lang and script_conf >= 0.9 and script_lang != best.lang:
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
