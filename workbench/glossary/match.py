"""Find glossary terms in text: normalised, inflection- and script-aware, longest match first.

How it works. Text is cut into words and folded with the table behind
`text.normalize.match_key` (NFC, case, ي/ی, ك/ک, ة/ه, alef forms, tatweel, diacritics, ZWNJ,
digits); text that folding does not shorten or lengthen takes a one-pass fast path, the rest
goes word by word through `match_key_with_map` (exact spans either way). Every glossary term
is tokenised the same way once and indexed by a *lookup key* of its first token. Scanning a
text is then one dict lookup per token (plus a handful for inflected forms), and the longest
candidate starting at a token wins. Tokens are whole words, so a term never matches
inside a longer word ("Iran" is not found in "Iranian").

Morphology is recognised on top of the folding, per language of the text:
* Arabic: the proclitics و ف (and), ب ل ك (prepositions) and the article ال, alone or combined
  (وال، بال، فبال، لل = ل + ال), before the first word of a term: والموساد, بالأمم المتحدة.
  The proclitic letters are left out of the hit's span so a replacement keeps them.
* Albanian: case and definiteness endings (-a -ë -ës -ën -i -it -in -s -n -t -u -ut -un ...)
  on each word of a term: Tirana / Tiranë / Tiranës / Tiranën, Irani / Iranit / Iranin.
* Acronyms written with capitals match only when the text writes them with at least two
  capitals ("US", "MeK"), so the pronoun "us" is not the United States.

The compiled index is cached per (project file, glossary revision, language): the revision is
bumped by a trigger on every glossary change, so a cached index is never stale.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

from workbench.glossary.model import SOURCE_LANG, Concept, LangTerms, exact_key
from workbench.glossary.store import load_concepts, revision
from workbench.store import db as storedb
from workbench.text.normalize import FOLD_TABLE, match_key_with_map, nfc

_KEY_TOKEN = re.compile(r"\w+")
# A word in original text: word characters plus those the fold removes inside words (ZWNJ,
# tatweel, harakat, soft hyphen, bidi marks), so "بی‌بی‌سی" is one word, as its key is.
_REMOVED = "".join(chr(cp) for cp, v in FOLD_TABLE.items() if v is None)
_RAW_TOKEN = re.compile(f"(?:\\w|[{re.escape(_REMOVED)}])+")

# Albanian inflectional endings, longest first (the stem is what is left after removing one).
SQ_ENDINGS = tuple(sorted({
    "a", "ë", "e", "i", "u", "s", "n", "t",
    "ës", "ën", "it", "in", "ut", "un", "së", "në", "ja", "je", "ve", "të", "et", "at", "ët",
    "ra", "rë", "ave", "ëve", "ive",
}, key=len, reverse=True))
_SQ_MIN_STEM = 3

# Arabic proclitics: conjunction (و ف), then preposition (ب ل ك), then the article (ال).
_AR_CONJ = ("", "و", "ف")
_AR_PREP = ("", "ب", "ل", "ك")
_AR_PREFIXES = tuple(sorted({c + p for c in _AR_CONJ for p in _AR_PREP} - {""}, key=len,
                            reverse=True))
_AR_MIN_REST = 2


# Punctuation that separates clauses: a multi-word term never spans it (hyphens, apostrophes and
# the dots of "U.S." may sit between a term's words).
_BREAK = re.compile(r"[,;:!?()\[\]{}«»\"“”„،؛؟|/\n]")

Token = tuple[int, int, str]  # (start, end) in the original text, folded key


def tokenize(text: str) -> list[Token]:
    """Word tokens of NFC `text` with their match keys (text.normalize.match_key folding).

    Fast path: when folding neither removes nor expands characters (most English and Albanian
    text), key offsets equal text offsets and one regex pass over the folded text suffices.
    Otherwise each word is folded on its own with `match_key_with_map`, which keeps exact
    spans in the original.
    """
    folded = text.translate(FOLD_TABLE)
    if len(folded) == len(text):
        lowered = folded.casefold()
        if len(lowered) == len(folded):
            return [(m.start(), m.end(), m.group()) for m in _KEY_TOKEN.finditer(lowered)]
    tokens = []
    for m in _RAW_TOKEN.finditer(text):
        key, index = match_key_with_map(m.group())
        for k in _KEY_TOKEN.finditer(key):  # a folded word may split (İ → i + combining dot)
            tokens.append((m.start() + index[k.start()], m.start() + index[k.end() - 1] + 1,
                           k.group()))
    return tokens


def _advance(text: str, start: int, kept: int) -> int:
    """Offset in `text` after `kept` characters that survive folding, from `start`."""
    pos = start
    while kept > 0 and pos < len(text):
        if FOLD_TABLE.get(ord(text[pos]), text[pos]) is not None:
            kept -= 1
        pos += 1
    while pos < len(text) and FOLD_TABLE.get(ord(text[pos]), "") is None:
        pos += 1  # a removed mark right after the proclitic belongs to it
    return pos


@dataclass
class TermHit:
    """A glossary term found in a text (contract 3). `start`/`end` index the text given."""

    start: int
    end: int
    matched: str
    concept_id: str
    source_term: str
    rendering: str | None
    variants: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    do_not_translate: bool = False
    note: str = ""
    kind: str = "preferred"  # kind of the glossary term that matched (preferred/variant/acronym)


@dataclass(frozen=True)
class _Entry:
    """One glossary term of the matcher's language, pre-tokenised."""

    tokens: tuple[str, ...]
    concept_id: str
    term: str
    kind: str
    needs_capitals: bool  # acronym written in capitals: text must have >= 2 capitals
    length: int  # characters of the folded key (tie-break between equal token counts)


@lru_cache(maxsize=65536)
def sq_stems(token: str) -> frozenset[str]:
    """The word itself and what remains after removing one Albanian ending (stem >= 3 chars)."""
    stems = {token}
    if token.isalpha():
        for ending in SQ_ENDINGS:
            if token.endswith(ending) and len(token) - len(ending) >= _SQ_MIN_STEM:
                stems.add(token[: -len(ending)])
    return frozenset(stems)


def ar_readings(token: str) -> list[tuple[int, str]]:
    """(letters of proclitic outside the term, remaining word) readings of an Arabic token."""
    readings = [(0, token)]
    for prefix in _AR_PREFIXES:
        if not token.startswith(prefix):
            continue
        rest = token[len(prefix):]
        if len(rest) < _AR_MIN_REST:
            continue
        readings.append((len(prefix), rest))
        if prefix.endswith("ل") and rest.startswith("ل"):  # لل = ل + ال: للأمم = ل + الأمم
            readings.append((len(prefix), "ا" + rest))
    for skip, word in list(readings):  # the article itself: الموساد matches موساد
        if word.startswith("ال") and len(word) - 2 >= _AR_MIN_REST:
            readings.append((skip, word[2:]))
    return readings


class CompiledGlossary:
    """The glossary's terms in one language, indexed for scanning (see module doc)."""

    def __init__(self, concepts: list[Concept], lang: str):
        self.lang = lang
        self.concepts = {c.id: c for c in concepts}
        self._index: dict[str, list[_Entry]] = {}
        forbidden: dict[str, str] = {}
        for concept in concepts:
            for kind, term in self._terms_of(concept):
                tokens = tuple(key for _, _, key in tokenize(nfc(term)))
                if not tokens:
                    continue
                entry = _Entry(tokens, concept.id, term, kind,
                               kind == "acronym" and sum(ch.isupper() for ch in term) >= 2,
                               sum(map(len, tokens)))
                for lookup in self._lookups(tokens[0]):
                    self._index.setdefault(lookup, []).append(entry)
            for term in concept.terms.get(lang, LangTerms()).forbidden:
                forbidden.setdefault(exact_key(term), concept.id)
        for entries in self._index.values():  # longest first: the first full match wins
            entries.sort(key=lambda e: (len(e.tokens), e.length), reverse=True)
        self._forbidden_ids = forbidden
        self._forbidden_re = _forbidden_pattern(forbidden) if forbidden else None

    def _terms_of(self, concept: Concept) -> list[tuple[str, str]]:
        """(kind, term) of every allowed form in this language; a concept kept as-is in it
        (do-not-translate) also counts its source forms."""
        langs = [self.lang]
        if self.lang != SOURCE_LANG and concept.keeps_source(self.lang):
            langs.append(SOURCE_LANG)
        out: list[tuple[str, str]] = []
        for lang in langs:
            terms = concept.terms.get(lang)
            if terms is not None:
                out += ([("preferred", terms.preferred)] if terms.preferred else []) + \
                    [("variant", t) for t in terms.variants] + \
                    [("acronym", t) for t in terms.acronyms]
        return out

    def forbidden(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, concept id) of forbidden renderings in `text`, compared letter-exact
        (case aside): in Persian مريم رجوي is forbidden though it folds to مریم رجوی."""
        if self._forbidden_re is None:
            return []
        return [(m.start(1), m.end(1), self._forbidden_ids[exact_key(m.group(1))])
                for m in self._forbidden_re.finditer(text)]

    def _lookups(self, token: str) -> frozenset[str]:
        """Index keys of a term's first token (its stems in Albanian)."""
        return sq_stems(token) if self.lang == "sq" else frozenset((token,))

    def _same_word(self, text_token: str, term_token: str) -> bool:
        if text_token == term_token:
            return True
        return self.lang == "sq" and not sq_stems(text_token).isdisjoint(sq_stems(term_token))

    def scan(self, text: str) -> list[tuple[int, int, _Entry]]:
        """(start, end, entry) of every term in `text` (NFC), longest match first, no overlaps."""
        tokens = tokenize(text)
        found: list[tuple[int, int, _Entry]] = []
        i = 0
        while i < len(tokens):
            best = self._best_at(tokens, i, text)
            if best is None:
                i += 1
                continue
            skip, entry = best
            start = _advance(text, tokens[i][0], skip) if skip else tokens[i][0]
            found.append((start, tokens[i + len(entry.tokens) - 1][1], entry))
            i += len(entry.tokens)
        return found

    def _best_at(self, tokens: list[Token], i: int, text: str) -> tuple[int, _Entry] | None:
        first = tokens[i][2]
        if self.lang == "ar":
            readings = ar_readings(first)
        elif self.lang == "sq":
            readings = [(0, stem) for stem in sq_stems(first) if stem in self._index]
        elif first in self._index:
            readings = [(0, first)]
        else:
            return None  # the common case: this word starts no term
        best: tuple[int, _Entry] | None = None
        for skip, word in readings:
            for entry in self._index.get(word, ()):
                if best is not None and (len(entry.tokens), entry.length) <= (
                        len(best[1].tokens), best[1].length):
                    break  # sorted longest first: nothing better under this key
                if self._matches(entry, tokens, i, word, text):
                    best = (skip, entry)
                    break
        return best

    def _matches(self, entry: _Entry, tokens: list[Token], i: int, first: str,
                 text: str) -> bool:
        n = len(entry.tokens)
        if i + n > len(tokens) or not self._same_word(first, entry.tokens[0]):
            return False
        for j in range(1, n):
            if not self._same_word(tokens[i + j][2], entry.tokens[j]):
                return False
            if _BREAK.search(text, tokens[i + j - 1][1], tokens[i + j][0]):
                return False  # "the MKO, cult of ..." is not the term "MKO cult"
        if entry.needs_capitals:
            original = text[tokens[i][0]:tokens[i + n - 1][1]]
            if sum(ch.isupper() for ch in original) < 2:
                return False
        return True

    def hits(self, text: str, tgt_lang: str | None) -> list[TermHit]:
        """TermHits for `text`, with the approved rendering and forms in `tgt_lang`."""
        result = []
        for start, end, entry in self.scan(text):
            concept = self.concepts[entry.concept_id]
            target = concept.terms.get(tgt_lang) if tgt_lang else None
            rendering = concept.rendering(tgt_lang) if tgt_lang else None
            allowed = target.allowed() if target else []
            result.append(TermHit(
                start, end, text[start:end], concept.id, entry.term, rendering,
                variants=[t for t in allowed if t != rendering],
                forbidden=list(target.forbidden) if target else [],
                do_not_translate=concept.keeps_source(tgt_lang), note=concept.note,
                kind=entry.kind))
        return result


def _forbidden_pattern(terms: dict[str, str]) -> re.Pattern[str]:
    """One alternation of all forbidden terms, longest first, on word boundaries; an Arabic
    proclitic letter (و ف ب ل ك) may be attached in front."""
    alternatives = sorted(terms, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(part) for part in t.split()) for t in alternatives)
    return re.compile(rf"(?:(?<!\w)|(?<=(?<!\w)[وفبلك]))({body})(?!\w)", re.IGNORECASE)


_CACHE: OrderedDict[tuple[str, int, str], CompiledGlossary] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


_IDENTITIES: OrderedDict[int, tuple[sqlite3.Connection, str]] = OrderedDict()


def _db_identity(conn: sqlite3.Connection) -> str:
    """The database `conn` is connected to (store.db.identity).

    Remembered per connection object (checked by identity, not just id()) so the hot path of
    `find_terms` costs one query — the revision — rather than two.
    """
    known = _IDENTITIES.get(id(conn))
    if known is not None and known[0] is conn:
        return known[1]
    identity = storedb.identity(conn)
    with _CACHE_LOCK:
        _IDENTITIES[id(conn)] = (conn, identity)
        while len(_IDENTITIES) > 4 * _CACHE_SIZE:
            _IDENTITIES.popitem(last=False)
    return identity


def compiled(conn: sqlite3.Connection, lang: str) -> CompiledGlossary:
    """The compiled glossary for texts in `lang`, from the cache when the revision is current."""
    key = (_db_identity(conn), revision(conn), lang)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    built = CompiledGlossary(load_concepts(conn), lang)
    with _CACHE_LOCK:
        _CACHE[key] = built
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return built


def find_terms(conn: sqlite3.Connection, text: str, src_lang: str,
               tgt_lang: str | None = None) -> list[TermHit]:
    """Glossary terms in `text` (written in `src_lang`), in text order (contract 3).

    Offsets index `text` itself when it is NFC (stored text always is); otherwise they index
    its NFC form. With `tgt_lang`, each hit carries the approved rendering in that language.
    """
    return compiled(conn, src_lang).hits(nfc(text), tgt_lang)
