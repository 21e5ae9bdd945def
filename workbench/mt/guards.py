"""Flags for machine-translation output a translator should not trust at a glance.

Each check is a small function over (source, output) returning True when it fires; `check`
runs them all and returns the flag names stored with the suggestion. The thresholds are
deliberately conservative: a flag means "look at this", not "this is wrong".
"""

from __future__ import annotations

from collections import Counter

import regex

from workbench.text.normalize import match_key
from workbench.text.scripts import expected_script, script_counts, words

REPETITION = "repetition"
UNTRANSLATED = "untranslated"
WRONG_SCRIPT = "wrong-script"
TRUNCATED = "truncated"
TOO_SHORT = "too-short"

_CHAR_RUN = regex.compile(r"(\X)\1{5,}")         # the same character 6+ times in a row
_LATIN_WORD = regex.compile(r"\p{Latin}[\p{Latin}\p{M}'’.-]*")
_ARABIC_WORD = regex.compile(r"\p{Arabic}+")


def _ngrams(tokens: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def _max_run(tokens: list[str], n: int) -> int:
    """Longest run of one n-gram repeated back to back (a b a b a b → 3 for n=2)."""
    best = 1
    for start in range(n):
        run, prev = 1, None
        for i in range(start, len(tokens) - n + 1, n):
            gram = tuple(tokens[i:i + n])
            run = run + 1 if gram == prev else 1
            prev = gram
            best = max(best, run)
    return best


def repeats_itself(source: str, output: str) -> bool:
    """A word or phrase looping (3+ times back to back, or far more often than the source)."""
    out = [w.casefold() for w in words(output)]
    src = [w.casefold() for w in words(source)]
    if _CHAR_RUN.search(output) and not _CHAR_RUN.search(source):
        return True
    for n in (1, 2, 3, 4):
        if _max_run(out, n) >= 3 and _max_run(out, n) > _max_run(src, n):
            return True
    if len(out) >= 8:
        grams = Counter(_ngrams(out, 3))
        src_grams = Counter(_ngrams(src, 3))
        if grams and any(c >= 3 and c > src_grams[g] + 1 for g, c in grams.items()):
            return True
    return False


def untranslated(source: str, output: str) -> bool:
    """The output is (almost) the source: the model copied instead of translating."""
    if len(words(source)) < 3:
        return False  # names, numbers, acronyms are legitimately copied
    from rapidfuzz import fuzz

    return fuzz.ratio(match_key(source), match_key(output)) >= 90


def wrong_script(source: str, output: str, tgt_lang: str) -> bool:
    """Letters of the wrong script beyond names/acronyms the source itself contains.

    Only capitalised source words (names, acronyms, "UN") may be carried over in Latin
    letters: copying ordinary English words into Farsi or Arabic is a failure to translate.
    """
    expected = expected_script(tgt_lang)
    source_words = {w.casefold() for w in words(source) if w[:1].isupper() or w[:1].isdigit()}
    pattern = _LATIN_WORD if expected == "Arabic" else _ARABIC_WORD
    foreign = sum(len(w) for w in pattern.findall(output)
                  if w.casefold().strip(".'’-") not in source_words)
    counts = script_counts(output)
    letters = counts["Arabic"] + counts["Latin"]
    if not letters:
        return False
    return foreign >= 4 and foreign / letters > 0.2


def too_short(source: str, output: str) -> bool:
    """Much shorter than any translation of the source could be (a sentence lost)."""
    src_words = len(words(source))
    return src_words >= 6 and len(words(output)) < max(2, src_words * 0.3)


def check(source: str, output: str, tgt_lang: str, *, ended: bool = True) -> list[str]:
    """Flag names for `output` as a translation of `source` into `tgt_lang`.

    `ended` is False when the decoder stopped at the length cap instead of emitting its end
    token: the output is cut off (`truncated`).
    """
    flags = []
    if repeats_itself(source, output):
        flags.append(REPETITION)
    if untranslated(source, output):
        flags.append(UNTRANSLATED)
    if wrong_script(source, output, tgt_lang):
        flags.append(WRONG_SCRIPT)
    if not ended:
        flags.append(TRUNCATED)
    elif too_short(source, output):
        flags.append(TOO_SHORT)
    return flags
