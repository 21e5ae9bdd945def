"""Exact, context and fuzzy matches from the translation memory (contract 4).

Scoring, as translators know it from memoQ/Trados/OmegaT:

* 101: same source (match key) and the previous and next source segments match too;
* 100: same source match key; 99 when the raw texts differ only in case, letter variants
  (ي/ی), diacritics, digit script or inline codes (a link or bold elsewhere: the words are
  right, the codes take a keystroke) — the match is right but worth a glance;
* fuzzy (≤ 99): word-level Levenshtein similarity of the match keys,
  100 × (1 − edits / longer length), minus 2 when the numbers differ (a number is the classic
  trap in a high fuzzy match) and 1 when the punctuation differs.

Speed (benchmarks/tm_lookup.py: fuzzy p95 7.3 ms at 1,000,000 units, 6.9 ms of it CPU) comes
from three stages: the store's candidate index is read only for the query's rarest word pairs,
enough of them that no unit able to reach the minimum score is missed (`store.tm.candidates`);
the few hundred units sharing most of those pairs are ranked by one rapidfuzz call in C; only
the best few dozen get the word-level scoring and the diff.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein

from workbench.store import tm as store_tm
from workbench.store.tm_terms import key_tokens
from workbench.text.codes import adapt_codes, code_penalty
from workbench.text.normalize import match_key, match_key_with_map

ORIGIN_RANK = {"human": 0, "tm": 1, "aligned": 2, "mt": 3}
MAX_POSTINGS = 20_000   # posting entries read per query before we stop adding words
MAX_CANDIDATES = 500    # units compared (character similarity) per query; the best few scored
NUMBER_PENALTY = 2
PUNCT_PENALTY = 1
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class TMMatch:
    """One TM match for a new source segment.

    `diff` is the word-level difference between the new source and the match source, as runs of
    (op, text) where text comes from the original strings (punctuation stays attached to the
    word before it, surrounding spaces stripped): "equal" (in both; the match's text),
    "insert" (only in the match source), "replace" (the match source's words that stand where
    the new source has others), "delete" (new-source words the match lacks). Joining the texts
    of every run except "delete" with single spaces gives the match source (whitespace
    normalised), so a panel can print the match run by run, highlighting insert/replace as
    what to change in the match's target and marking delete words as missing from it.
    `target` has its inline codes renumbered to the new segment's (`codes.adapt_codes`): a
    code the new segment lacks is left out, one the match lacks is for the translator to add.
    """

    score: int
    source: str
    target: str
    origin: str
    updated_at: str
    unit_id: int
    diff: list[tuple[str, str]]


@dataclass(frozen=True)
class _Query:
    """A new source segment prepared once for scoring against many candidates."""

    text: str
    key: str
    tokens: list[str]
    numbers: Counter[str]
    punct: str
    lower: str  # single-spaced and lower-cased only: what candidates are shortlisted by


def _prepare(text: str) -> _Query:
    key = match_key(text)
    tokens = key_tokens(key)
    return _Query(text, key, tokens, _numbers(tokens), _punct(key), " ".join(text.split()).lower())


def _numbers(tokens: list[str]) -> Counter[str]:
    """The tokens holding a digit (str.isalpha first: most words are letters only, and it is
    a C-level test where the regex is a call per word)."""
    return Counter(t for t in tokens if not t.isalpha() and _DIGIT.search(t))


def _punct(key: str) -> str:
    return "".join(_PUNCT.findall(key))


def score_pair(new_source: str, match_source: str) -> int:
    """Similarity of two source segments in percent (0–100), as `lookup` scores it."""
    return _score(_prepare(new_source), match_source, match_key(match_source), 0)


def _score(q: _Query, source: str, key: str, cutoff: int) -> int:
    """Score a candidate (`key` is the match key of `source`); 0 when it cannot reach
    `cutoff`."""
    if key == q.key:
        return 100 if " ".join(source.split()) == " ".join(q.text.split()) else 99
    tokens = key_tokens(key)
    sim = Levenshtein.normalized_similarity(q.tokens, tokens, score_cutoff=cutoff / 100)
    if not sim:
        return 0
    score = min(99, int(sim * 100 + 0.5))
    if _numbers(tokens) != q.numbers:
        score -= NUMBER_PENALTY
    if _punct(key) != q.punct:
        score -= PUNCT_PENALTY
    score -= code_penalty(q.text, source)  # other inline codes: 1 point, as CAT tools do
    return max(score, 0) if score >= cutoff else 0


def lookup(conn: sqlite3.Connection, text: str, src_lang: str, tgt_lang: str, *,
           min_score: int = 70, limit: int = 5, prev_text: str | None = None,
           next_text: str | None = None, exclude_segment_id: int | None = None) -> list[TMMatch]:
    """Matches for `text` into `tgt_lang`, best first (score, then newest, then human over
    tm over aligned over mt); one match per distinct (source, target)."""
    store_tm.refresh(conn)
    q = _prepare(text)
    if not q.key:
        return []
    ids: set[int] = set()
    if min_score < 100:
        found = store_tm.candidates(conn, src_lang, tgt_lang, q.tokens, min_score,
                                    limit=MAX_CANDIDATES, max_postings=MAX_POSTINGS)
        ids = _shortlist(q, found, max(8 * limit, 40))
    ids.update(store_tm.exact_ids(conn, q.key))
    if not ids:
        return []
    context = (_key_or_none(prev_text), _key_or_none(next_text))
    has_context = context != (None, None)  # a unit with unknown neighbours is no 101
    scored: list[tuple[int, sqlite3.Row]] = []
    keys: dict[int, str] = {}
    for row in store_tm.units(conn, ids, src_lang, tgt_lang):
        if exclude_segment_id is not None and row["segment_id"] == exclude_segment_id:
            continue
        keys[row["id"]] = match_key(row["source"])
        score = _score(q, row["source"], keys[row["id"]], min_score)
        if score == 100 and has_context and (row["prev_norm"], row["next_norm"]) == context:
            score = 101
        if score:
            scored.append((score, row))
    # Stable sorts, last key first: score, then newest, then human > tm > aligned > mt.
    scored.sort(key=lambda sr: (ORIGIN_RANK.get(sr[1]["origin"], 9), -sr[1]["id"]))
    scored.sort(key=lambda sr: sr[1]["updated_at"], reverse=True)
    scored.sort(key=lambda sr: sr[0], reverse=True)
    out: list[TMMatch] = []
    seen: set[tuple[str, str]] = set()
    for score, row in scored:
        ident = (keys[row["id"]], row["target"])
        if ident in seen:
            continue
        seen.add(ident)
        # the match's codes renumbered to the new segment's, ready to insert (text.codes)
        target = adapt_codes(row["source"], row["target"], text)
        out.append(TMMatch(score, row["source"], target, row["origin"], row["updated_at"],
                           row["id"], word_diff(text, row["source"])))
        if len(out) >= limit:
            break
    return out


def _key_or_none(text: str | None) -> str | None:
    return match_key(text) if text is not None else None


def _shortlist(q: _Query, found: list[tuple[int, str]], keep: int) -> set[int]:
    """The `keep` candidates (id, source) most similar to the query, character-wise.

    One rapidfuzz call in C over every candidate: character and word similarity rank
    near-identical sentences alike, and the shortlist is several times longer than the matches
    shown, so the exact word-level scoring after it sees the best units. Lower-casing is enough
    folding for a ranking this rough, and far cheaper than a match key per candidate (which
    would double the time of a lookup). The metric is Indel (insertions and deletions only,
    i.e. longest common subsequence): it ranks near misses like Levenshtein does and its
    bit-parallel form stays linear on sentences longer than 64 characters, where Levenshtein's
    does not (measured on 500 seed-like sentences: 0.2 ms against 2.4 ms). Candidates are
    passed as a list, not a dict: half the time again.
    """
    if not found:
        return set()
    best = process.extract(q.lower, [source.lower() for _, source in found],
                           scorer=Indel.normalized_similarity, limit=keep)
    return {found[i][0] for _, _, i in best}


def _spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Word tokens of `text`'s match key and each one's (start, end) in the original text."""
    key, index = match_key_with_map(text)
    tokens = key_tokens(key)
    spans: list[tuple[int, int]] = []
    pos = 0
    for tok in tokens:
        start = key.index(tok, pos)
        pos = start + len(tok)
        spans.append((index[start], index[pos - 1] + 1))
    return tokens, spans


def word_diff(new_source: str, match_source: str) -> list[tuple[str, str]]:
    """Word-level runs turning the new source into the match source (see TMMatch.diff)."""
    a_tok, a_span = _spans(new_source)
    b_tok, b_span = _spans(match_source)
    if not b_tok:
        text = " ".join(match_source.split())
        return [("equal" if a_tok == b_tok else "replace", text)] if text else []

    def b_text(j1: int, j2: int) -> str:
        start = 0 if j1 == 0 else b_span[j1][0]
        end = b_span[j2][0] if j2 < len(b_span) else len(match_source)
        return match_source[start:end]

    runs: list[tuple[str, str]] = []
    for op in Levenshtein.opcodes(a_tok, b_tok):
        if op.tag == "delete":
            text = new_source[a_span[op.src_start][0]:a_span[op.src_end - 1][1]]
        else:
            text = b_text(op.dest_start, op.dest_end)
        runs.append((op.tag, " ".join(text.split())))
    return runs
