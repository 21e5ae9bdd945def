"""Keys and candidate terms of TM units: what the indexes hold, computed without the database.

Indexing (store.tm), lookup (which forms the same terms for a query) and the bulk import's
worker process (store.tm_prepare) share these definitions, so a unit is found by exactly the
terms it was indexed under. Nothing here touches SQLite, which is what lets a worker process
compute a batch while the importing process writes the one before.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from hashlib import blake2b
from itertools import chain
from typing import NamedTuple, TypeVar

import numpy as np

from workbench.text.normalize import match_key
from workbench.text.scripts import words

SHORT = 3             # queries of up to SHORT words are looked up by words, longer ones by pairs
MIN_SCORE_FLOOR = 30  # candidates are sought for scores of at least this (lower asks get it)
# A unit of m words scores at most n/m against an n-word query (it needs m − n deletions), so
# only units of up to SHORT / 0.30 words can match a short query: only they need word terms.
WORD_TERMS_UP_TO = SHORT * 100 // MIN_SCORE_FLOOR
NOT_WORD = re.compile(r"\W")  # everything but letters, digits and '_' (str.isalnum + '_')
_ASCII_WORDS = re.compile(r"[0-9a-z]+(?:['\-][0-9a-z]+)*", re.ASCII | re.IGNORECASE)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # pair term = hash(a) × _MIX + hash(b) (mod 2⁶⁴)
_Hashes = TypeVar("_Hashes", np.ndarray, np.uint64)  # one word hash (uint64) or an array of them


def key_tokens(key: str) -> list[str]:
    """Word tokens of a match key: the unit of TM similarity and of the frequency table.

    `text.scripts.words`, with a stdlib pattern for ASCII keys that finds the same tokens
    (letters and digits joined by ' or -) in two thirds of the time: indexing tokenises
    every unit, lookup every candidate it scores.
    """
    return _ASCII_WORDS.findall(key) if key.isascii() else words(key)


def key_hash(key: str) -> int:
    """The `tm_units.key_hash` of a match key: 64 bits of BLAKE2b as a signed integer."""
    return int.from_bytes(blake2b(key.encode("utf-8"), digest_size=8).digest(), "big",
                          signed=True)


def pair_key(src_lang: str, tgt_lang: str) -> str:
    """The tm_token_df key of a language pair, e.g. "en fa"."""
    return f"{src_lang.lower()} {tgt_lang.lower()}"


@lru_cache(maxsize=64)
def term_prefix(pair: str) -> str:
    return NOT_WORD.sub("_", pair) + "_"


class Indexed(NamedTuple):
    """What the indexes hold for one unit."""

    pair: str
    src_key: str
    tgt_key: str
    tokens: list[str]


def indexed(src_lang: str, tgt_lang: str, source: str, target: str) -> Indexed:
    src_key = match_key(source)
    return Indexed(pair_key(src_lang, tgt_lang), src_key, match_key(target),
                    key_tokens(src_key))


def token_hash(prefix: str, token: str) -> int:
    return int.from_bytes(blake2b(f"{prefix}{token}".encode(), digest_size=8).digest(), "little")


def pair_term(a: _Hashes, b: _Hashes) -> _Hashes:
    """The term of word pairs from their words' hashes (uint64): a × _MIX + b, mod 2⁶⁴ — the
    one definition that indexing and lookup share."""
    with np.errstate(over="ignore"):
        return a * _MIX + b


def add_unit(by_pair: dict[str, tuple[list[int], list[list[str]]]], pair: str, unit_id: int,
             tokens: list[str]) -> None:
    """Add a unit's word tokens to units grouped by language pair, as `postings_of` takes them."""
    ids, toks = by_pair.get(pair) or by_pair.setdefault(pair, ([], []))
    ids.append(unit_id)
    toks.append(tokens)


class Postings(NamedTuple):
    """What a batch of units adds to (or takes from) the candidate index and the word
    frequencies."""

    terms: np.ndarray  # int64 term hashes, sorted; one entry per distinct (term, unit)
    ids: np.ndarray    # the unit of each entry, ascending within a term
    words: list[tuple[str, str]]  # (pair, word), numbered by position (joined parts may repeat)
    held: np.ndarray     # the word number of each distinct (word, unit) ...
    holders: np.ndarray  # ... and its unit

    def frequencies(self) -> Counter[tuple[str, str]]:
        """How many of the units hold each (pair, word)."""
        out: Counter[tuple[str, str]] = Counter()
        for key, n in zip(self.words, np.bincount(self.held, minlength=len(self.words)).tolist(),
                          strict=True):
            if n:
                out[key] += n
        return out

    def restricted(self, id_of: np.ndarray) -> Postings:
        """The postings of some of the units, renumbered: `id_of[i]` is the id unit i takes, or
        −1 to leave it out. The kept ids must rise with i (they stay ascending within a term)."""
        keep, mine = id_of[self.ids] >= 0, id_of[self.holders] >= 0
        return Postings(self.terms[keep], id_of[self.ids[keep]], self.words, self.held[mine],
                        id_of[self.holders[mine]])


_EMPTY = np.empty(0, np.int64)
NO_POSTINGS = Postings(_EMPTY, _EMPTY, [], _EMPTY, _EMPTY)


def postings_of(by_pair: dict[str, tuple[list[int], list[list[str]]]]) -> Postings:
    """The postings of units given per language pair as (ids, word tokens)."""
    parts = [pair_postings(pair, ids, toks) for pair, (ids, toks) in by_pair.items()]
    return joined(parts) if parts else NO_POSTINGS


def joined(parts: list[Postings]) -> Postings:
    """Postings of disjoint sets of units as one (the ids of each part ascending, the parts in
    id order when they share terms)."""
    if len(parts) == 1:
        return parts[0]
    term = np.concatenate([p.terms for p in parts])
    order = np.argsort(term, kind="stable")  # ids stay ascending within a term
    offsets = np.cumsum([0] + [len(p.words) for p in parts[:-1]])
    return Postings(term[order], np.concatenate([p.ids for p in parts])[order],
                    list(chain.from_iterable(p.words for p in parts)),
                    np.concatenate([p.held + k for p, k in zip(parts, offsets.tolist(),
                                                               strict=True)]),
                    np.concatenate([p.holders for p in parts]))


def pair_postings(pair: str, ids: list[int], toks: list[list[str]]) -> Postings:
    """The postings of units of one language pair.

    Vectorised over the whole batch: Python numbers each distinct word of the batch, hashes
    it once and looks every word up once; numpy forms the terms and sorts and deduplicates
    them with the units in one sort of (term number × units + unit number), so a word
    twice in a unit counts once, as in `cand_text`.
    """
    if any(a >= b for a, b in zip(ids, ids[1:], strict=False)):
        by_id = sorted(range(len(ids)), key=ids.__getitem__)
        ids, toks = [ids[i] for i in by_id], [toks[i] for i in by_id]
    flat_tokens = list(chain.from_iterable(toks))
    if not flat_tokens:  # units without a word (only punctuation or codes)
        return NO_POSTINGS
    vocab = list(set(flat_tokens))
    n, v = len(ids), len(vocab)
    if (v + 1) * v * n >= 1 << 62 and n > 1:  # no room for the combined key: halves
        half = n // 2
        return joined([pair_postings(pair, ids[:half], toks[:half]),
                       pair_postings(pair, ids[half:], toks[half:])])
    number = {t: i for i, t in enumerate(vocab)}
    flat = np.fromiter(map(number.__getitem__, flat_tokens), np.int64, len(flat_tokens))
    lens = np.fromiter(map(len, toks), np.int64, n)
    unit = np.repeat(np.arange(n), lens)  # the unit number of each word
    unit_ids = np.asarray(ids, np.int64)
    held, holder = np.divmod(distinct(flat * n + unit), n)  # distinct (word, unit)
    # terms numbered: words 0 .. v−1, word pairs v + a·v + b
    same = unit[1:] == unit[:-1]  # neighbours within one unit: a word pair
    short = np.repeat(lens <= WORD_TERMS_UP_TO, lens)  # units short enough for words
    code = np.concatenate(((v + flat[:-1] * v + flat[1:])[same], flat[short]))
    owner = np.concatenate((unit[:-1][same], unit[short]))
    code, unit = np.divmod(distinct(code * n + owner), n)
    prefix = term_prefix(pair)
    word = np.fromiter((token_hash(prefix, t) for t in vocab), np.uint64, v)
    is_pair = code >= v
    a, b = np.divmod(np.where(is_pair, code - v, 0), v)
    term = np.where(is_pair, pair_term(word[a], word[b]), word[np.where(is_pair, 0, code)])
    term = term.astype(np.int64)
    order = np.argsort(term, kind="stable")  # units stay ascending within a term
    return Postings(term[order], unit_ids[unit[order]], [(pair, t) for t in vocab], held,
                    unit_ids[holder])


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (numpy 2's np.unique hashes first, several times slower on
    these integer keys than a sort)."""
    ordered = np.sort(values)
    return ordered[run_starts(ordered)]


def run_starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted array starts (np.r_ costs more than this on
    a lookup's arrays)."""
    if not len(ordered):
        return np.empty(0, np.intp)
    change = np.empty(len(ordered), bool)
    change[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=change[1:])
    return np.flatnonzero(change)
