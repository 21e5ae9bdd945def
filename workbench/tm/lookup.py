"""Exact, context and fuzzy matches from the translation memory (contract 4).

Scoring, as translators know it from memoQ/Trados/OmegaT:

* 101: same source (match key) and the previous and next source segments match too;
* 100: same source match key; 99 when the raw texts differ only in case, letter variants
  (ي/ی), diacritics or digit script — the match is right but worth a glance;
* fuzzy (≤ 99): word-level Levenshtein similarity of the match keys,
  100 × (1 − edits / longer length), minus 2 when the numbers differ (a number is the classic
  trap in a high fuzzy match) and 1 when the punctuation differs.

Speed (benchmarks/tm_lookup.py: p95 well under 30 ms at 1,000,000 units) comes from three
stages: the candidate index (`tm.index`) is read only for the query's rarest word pairs, enough
of them that no unit able to reach the minimum score is missed (see `_candidates`); the few
hundred units sharing most of those pairs are ranked by one rapidfuzz call in C; only the best
few dozen get the word-level scoring and the diff.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from workbench.text.normalize import match_key, match_key_with_map
from workbench.tm.index import (
    document_frequencies,
    key_tokens,
    overlap_candidates,
    pair_key,
    query_grams,
    refresh,
)

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


def _prepare(text: str) -> _Query:
    key = match_key(text)
    tokens = key_tokens(key)
    return _Query(text, key, tokens, _numbers(tokens), _punct(key))


def _numbers(tokens: list[str]) -> Counter[str]:
    return Counter(t for t in tokens if _DIGIT.search(t))


def _punct(key: str) -> str:
    return "".join(_PUNCT.findall(key))


def score_pair(new_source: str, match_source: str) -> int:
    """Similarity of two source segments in percent (0–100), as `lookup` scores it."""
    return _score(_prepare(new_source), match_source, match_key(match_source), 0)


def _score(q: _Query, source: str, key: str, cutoff: int) -> int:
    """Score a candidate; 0 when it cannot reach `cutoff`."""
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
    return max(score, 0) if score >= cutoff else 0


def lookup(conn: sqlite3.Connection, text: str, src_lang: str, tgt_lang: str, *,
           min_score: int = 70, limit: int = 5, prev_text: str | None = None,
           next_text: str | None = None, exclude_segment_id: int | None = None) -> list[TMMatch]:
    """Matches for `text` into `tgt_lang`, best first (score, then newest, then human over
    tm over aligned over mt); one match per distinct (source, target)."""
    refresh(conn)
    q = _prepare(text)
    if not q.key:
        return []
    pair = pair_key(src_lang, tgt_lang)
    ids: set[int] = set()
    if min_score < 100:
        found = _candidates(conn, q, pair, min_score)
        ids = _shortlist(q, found, max(8 * limit, 40))
    ids.update(r[0] for r in conn.execute(
        "SELECT id FROM tm_units WHERE src_lang = ? AND tgt_lang = ? AND source_norm = ?",
        (src_lang, tgt_lang, q.key)))
    if not ids:
        return []
    context = (_key_or_none(prev_text), _key_or_none(next_text))
    has_context = context != (None, None)  # a unit with unknown neighbours is no 101
    scored: list[tuple[int, sqlite3.Row]] = []
    for row in _units(conn, ids, src_lang, tgt_lang):
        if exclude_segment_id is not None and row["segment_id"] == exclude_segment_id:
            continue
        score = _score(q, row["source"], row["source_norm"], min_score)
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
        ident = (row["source_norm"], row["target"])
        if ident in seen:
            continue
        seen.add(ident)
        out.append(TMMatch(score, row["source"], row["target"], row["origin"], row["updated_at"],
                           row["id"], word_diff(text, row["source"])))
        if len(out) >= limit:
            break
    return out


def _key_or_none(text: str | None) -> str | None:
    return match_key(text) if text is not None else None


def _units(conn: sqlite3.Connection, ids: set[int], src_lang: str,
           tgt_lang: str) -> list[sqlite3.Row]:
    """The candidate units of one language pair (looked up by id: the lang columns are
    excluded from index choice, else SQLite scans the whole pair through tm_units_lookup)."""
    rows: list[sqlite3.Row] = []
    items = list(ids)
    for i in range(0, len(items), 900):
        chunk = items[i:i + 900]
        rows += conn.execute(
            "SELECT id, source, source_norm, target, origin, updated_at, segment_id, prev_norm,"
            " next_norm FROM tm_units WHERE +src_lang = ? AND +tgt_lang = ?"
            f" AND id IN ({','.join('?' * len(chunk))})", [src_lang, tgt_lang, *chunk]).fetchall()
    return rows


def _shortlist(q: _Query, found: list[tuple[int, str]], keep: int) -> set[int]:
    """The `keep` candidates whose keys are most similar to the query's, character-wise.

    One rapidfuzz call in C over every candidate (no Python per candidate): character and word
    similarity rank near-identical sentences alike, and the shortlist is several times longer
    than the matches shown, so the exact word-level scoring after it sees the best units.
    """
    if not found:
        return set()
    best = process.extract(q.key, dict(found), scorer=Levenshtein.normalized_similarity,
                           limit=keep)
    return {uid for _, _, uid in best}


def _candidates(conn: sqlite3.Connection, q: _Query, pair: str,
                min_score: int) -> list[tuple[int, str]]:
    """(id, source key) of units that may score ≥ min_score, most shared rare terms first.

    A unit scoring ≥ s is at most d = ⌊(1 − s)/s · n⌋ word edits away from the n-word query.
    An edit removes at most one of the query's words and at most two of its word pairs, so the
    unit contains at least one of the d + 1 rarest query words, and one of the 2d + 1 rarest
    query word pairs (`index.query_grams`: pairs for longer queries, words for short ones). Terms
    with a word the memory has never seen are missed by every unit and count as edits already.
    Rarity of a pair is estimated by its rarer word (a pair is never more frequent).
    """
    s = max(min_score, 30) / 100
    df = document_frequencies(conn, pair, list(set(q.tokens)))
    edits = int((1 - s) / s * len(q.tokens))
    terms = query_grams(q.tokens)
    if not terms:
        return []
    per_edit = 1 if len(terms[0]) == 1 else 2
    known = [g for g in dict.fromkeys(terms) if all(w in df for w in g)]
    unseen = sum(1 for g in terms if not all(w in df for w in g))
    need = per_edit * edits + 1 - unseen
    if need <= 0:
        return []  # too many words the memory has never seen: nothing can reach min_score
    known.sort(key=lambda g: min(df[w] for w in g))
    return overlap_candidates(conn, pair, known[:need], MAX_CANDIDATES, MAX_POSTINGS)


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
