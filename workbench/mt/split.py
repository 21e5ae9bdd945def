"""Split a text that is too long for a model into pieces that fit, without losing any of it.

CTranslate2 silently truncates inputs beyond the model's length, so the engine splits first:
at sentence ends, then at clause marks (Latin and Arabic punctuation), and only as a last
resort at token boundaries. Joining the pieces' translations with spaces keeps every word.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

_SENTENCE = regex.compile(r"(?<=[.!?؟۔…][\"'”’»)\]]*)\s+")
_CLAUSE = regex.compile(r"(?<=[,;:،؛—–])\s*")
_SPACE = regex.compile(r"\s+")


def split_to_fit(text: str, count: Callable[[str], int], limit: int,
                 cut_tokens: Callable[[str, int], list[str]]) -> list[str]:
    """Pieces of `text` each with `count(piece) <= limit` (cut_tokens handles the rest).

    `count` gives a piece's token length; `cut_tokens(piece, limit)` splits a piece with no
    usable boundary into token chunks (the tokenizer knows where tokens end).
    """
    if count(text) <= limit:
        return [text]
    for pattern in (_SENTENCE, _CLAUSE, _SPACE):
        parts = [p for p in pattern.split(text) if p.strip()]
        if len(parts) > 1:
            return _pack(parts, count, limit, cut_tokens, joiner=" ")
    return [p for p in cut_tokens(text, limit) if p.strip()]


def _pack(parts: list[str], count: Callable[[str], int], limit: int,
          cut_tokens: Callable[[str, int], list[str]], joiner: str) -> list[str]:
    """Greedily join neighbouring parts while they fit; split the ones that do not."""
    out: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current}{joiner}{part}" if current else part
        if count(candidate) <= limit:
            current = candidate
            continue
        if current:
            out.append(current)
        if count(part) <= limit:
            current = part
        else:
            out.extend(split_to_fit(part, count, limit, cut_tokens))
            current = ""
    if current:
        out.append(current)
    return out
