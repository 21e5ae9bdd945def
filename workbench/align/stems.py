"""Light stemming for alignment keys: the same word should give the same key in every form.

Arabic writes the conjunctions and prepositions و ف ب ل ك and the article ال onto the next
word (وَالرُّسُلُ "and the apostles"), so without stemming one word of the text splits into
many keys and a learned dictionary never sees it often enough. Persian writes plural and
possessive suffixes onto the word (کتاب‌ها, کتابهای). We remove one layer of such affixes when
enough of the word is left; over-stemming a rare word only merges two keys of one text,
which is harmless for alignment (the keys are compared, never shown).
"""

from __future__ import annotations

from functools import lru_cache

MIN_STEM = 3
_ARTICLES = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال")
PROCLITICS = frozenset("وفبلك")
_SUFFIXES = ("هايي", "هاي", "ها", "ات", "ين", "ون", "يه", "ان")


def strip_article(folded: str) -> str:
    """The word without a leading article (with its conjunction or preposition: وال بال)."""
    for article in _ARTICLES:
        if folded.startswith(article) and len(folded) - len(article) >= MIN_STEM:
            return folded[len(article):]
    return folded


@lru_cache(maxsize=65536)
def arabic_script_stem(folded: str) -> str:
    """The core of a folded Arabic-script word: article or one proclitic off the front,
    one plural/possessive suffix off the end, each only when MIN_STEM letters remain."""
    word = strip_article(folded)
    if word == folded and word[:1] in PROCLITICS and len(word) - 1 > MIN_STEM:
        word = word[1:]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[:-len(suffix)]
    return word
