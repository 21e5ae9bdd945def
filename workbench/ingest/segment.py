"""Sentence segmentation for English, Albanian, Farsi and Arabic, offline and rule based.

Segments are the unit of translation, memory and alignment, so a wrong split costs twice: the
translator gets half a sentence, and the memory stores a pair nobody will ever match again.
The rules work in two steps:

1. Candidates: sentence-final punctuation (. ! ? … ؟ ۔) followed by optional closing quotes or
   brackets (”’"»)]) and whitespace. Punctuation inside a token (3.5, 1.000, U.S., e-mail
   addresses, URLs, pic.twitter.com/xyz) is never a candidate, because a boundary needs space.
2. Vetoes for a candidate: the next word starts in lower case; the dot ends an initial
   (J. R. R. Tolkien, James L. Jones); the dot ends a title that always precedes a name (Mr.,
   Dr., Gen., z., Prof.); the dot ends a number abbreviation before a number (No. 5, nr. 3);
   the dot ends another abbreviation (U.S., Jr., etc., etj.) and, in English, the next word is
   not a usual sentence opener ("the U.S. government" vs "in the U.S. The…"); the candidate lies
   inside a URL, e-mail address or @handle.

The semicolons ; and ؛ and the Arabic comma ، are clause punctuation, not sentence ends: an
Arabic sentence split at ؛ would no longer line up with its English source's sentence.
`split_sentences` returns stripped substrings of its input in order, so a caller can map each
sentence back to its offsets. Inline codes (`workbench.text.codes`) are invisible to the rules:
a closing code after a full stop stays with its sentence, an opening code goes to the next.
"""

from __future__ import annotations

import regex

from workbench.text.codes import has_codes, split_keeping_codes

# Titles and particles that precede what they qualify: a dot after them never ends a sentence.
_NEVER_END = frozenset("""
mr mrs ms mx dr prof gen col lt capt cmdr adm maj sgt cpl pvt brig sen rep gov rev hon amb supt
insp messrs mme mlle fr e.g i.e cf viz vs ca approx
z znj zj rr p.sh d.m.th dmth shek
""".split())
# Abbreviations usually followed by a number: "No. 5", "nr. 3", "Jan. 22", "Art. 7", "f. 12".
_BEFORE_NUMBER = frozenset("""
no nos nr vol vols pp p art fig figs ch sec para fq f jan feb mar apr jun jul aug sep sept oct nov
dec tel
""".split())
# Abbreviations that may end a sentence; a capital after them is ambiguous.
_MAY_END = frozenset("""
jr sr inc ltd co corp bros dept univ assn ave blvd rd st mt etc al a.m p.m u.s u.k u.n e.u
etj sh.a p.e.s e.s ph.d
""".split())
# English words that usually open a sentence; after an ambiguous abbreviation a capitalised
# word in this list means a new sentence ("…in the U.S. The group…"), any other capitalised
# word means the abbreviation is part of a name ("U.S. Navy", "St. Petersburg").
_EN_OPENERS = frozenset("""
a an the this that these those he she it its they we i you his her their our my your there here
but and or so yet however meanwhile instead also then now in on at as by for from with after
before when while if although though because since what why how who which where according many
some most all no none one two three several such both each every other another despite
during today yesterday last next
""".split())

# Words followed by a capital letter that is a name, not an initial: "World War I", "Plan B".
_LETTER_NAMES = frozenset("""
war plan phase part chapter class type grade vitamin section appendix annex category level
group division
""".split())

_CLOSERS = "”’\"'»›)]}"
_OPENERS = "“‘\"'«‹([{¿¡"
_CANDIDATE = regex.compile(
    r"(?P<punct>\.{2,}|…|[.!?؟۔‼⁇⁈⁉]+)(?P<close>[" + regex.escape(_CLOSERS) + r"]*)"
    r"(?P<space>\s+)(?=(?P<next>\S))")
_PROTECTED = regex.compile(
    r"(?:https?://|ftp://|www\.)\S+?(?=[.,;:!?)\]”’\"']*(?:\s|$))"  # URLs, minus trailing punct.
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"                                  # e-mail addresses
    r"|(?<![\w@])@\w+"                                                # @handles
    # domain/path without a scheme: pic.twitter.com/OSP2wqo4rE
    r"|\b(?:[\w-]+\.)+(?:com|org|net|gov|edu|int|info|io|al|ir|uk|co|de|fr|ru)/\S*",
    regex.IGNORECASE)
_ACRONYM = regex.compile(r"(?:\p{L}\.)+\p{L}")  # U.S, p.sh, d.m.th
_LEADING_PUNCT = regex.compile(r"^[\p{Ps}\p{Pi}\"'—–-]+")
_ARABIC_LETTER = regex.compile(r"\p{Arabic}")
_TRAILING_PUNCT = regex.compile(r"\p{P}+$")


def split_sentences(text: str, lang: str) -> list[str]:
    """Split `text` into sentences (stripped substrings of `text`, in order).

    `lang` selects the English-only opener list for ambiguous abbreviations; the other rules
    are shared by all four languages (Farsi and Arabic have no letter case, so any word after
    a sentence-final mark starts a new sentence).
    """
    if not text.strip():
        return []
    if has_codes(text):
        return split_keeping_codes(text, lambda plain: split_sentences(plain, lang))
    # Every alternative of _PROTECTED needs one of @ / www. ("://" holds "/"): substring
    # tests first, many times cheaper than the scan.
    may_protect = "@" in text or "/" in text or "www." in text
    protected = [m.span() for m in _PROTECTED.finditer(text)] if may_protect else []
    sentences: list[str] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        if _inside(m.start("punct"), protected) or not _is_boundary(text, m, lang):
            continue
        piece = text[start:m.end("close")].strip()
        if piece:
            sentences.append(piece)
        start = m.end("space")
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _is_boundary(text: str, m: regex.Match[str], lang: str) -> bool:
    """Whether the candidate `m` really ends a sentence (see the module doc for the rules)."""
    nxt = m.group("next")
    if nxt.islower():
        return False
    if nxt in _CLOSERS and nxt not in _OPENERS:
        return False  # stray closing mark: belongs to the sentence before
    punct = m.group("punct")
    if punct != "." or m.group("close"):
        return True  # ! ? … and "." inside quotes/brackets are unambiguous
    token = _word_before(text, m.start("punct"))
    if not token:
        return True
    key = token.casefold()
    next_word = _word_after(text, m.end("space"))
    if key in _NEVER_END:
        return False
    if len(token) == 1 and token.isupper():
        # an initial ("J. R. R. Tolkien", "James L. Jones"), unless a word that takes a letter
        # or Roman numeral comes first: "World War I.", "Plan B."
        previous = text[:m.start("punct") - 1].split()[-1:]
        return bool(previous) and previous[0].casefold() in _LETTER_NAMES
    if _ARABIC_LETTER.fullmatch(token):
        # "د. محمد" (doctor) is a title; "عام 1979 م." (AD) after a year may end a sentence
        previous = text[:m.start("punct") - 1].split()[-1:]
        return bool(previous) and previous[0][-1:].isdigit()
    if key in _BEFORE_NUMBER and next_word[:1].isdigit():
        return False
    if key in _MAY_END or key in _BEFORE_NUMBER or _ACRONYM.fullmatch(token):
        if lang == "en":
            return next_word.casefold() in _EN_OPENERS or not next_word[:1].isalpha()
        return True
    return True


def _word_before(text: str, end: int) -> str:
    """The token that ends at `end` (the dot's position), without leading quotes/brackets."""
    begin = end
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    return _LEADING_PUNCT.sub("", text[begin:end])


def _word_after(text: str, begin: int) -> str:
    """The word that starts at `begin`, without leading quotes/brackets."""
    end = begin
    while end < len(text) and not text[end].isspace():
        end += 1
    word = _LEADING_PUNCT.sub("", text[begin:end])
    return _TRAILING_PUNCT.sub("", word)
