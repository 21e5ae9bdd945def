"""Glossary enforcement around machine translation: mask terms before, restore them after.

Before a segment goes to the model, every glossary term that has an approved rendering in the
target language is replaced by a short mask (`[T0]`, `[T1]`, ...); after translation each mask
is replaced by the approved rendering. The model never sees the name, so it cannot mistranslate
or misspell it; the translator gets exactly the rendering the glossary approves.

Why `[T0]`: a mask must come back from SentencePiece encode → decode unchanged, with the
vocabularies real Argos models have (no byte fallback; only characters seen in training).
Measured in tests/test_enforce_masks.py with the test packages' SentencePiece model and with one
trained without byte fallback: underscores (`__T0__`, `T_0`), braces, angle brackets, `#`, `@`,
`|` and non-ASCII brackets (⟦ ⟧ ⟨ ⟩ « ») decode as ⁇, while SentencePiece's NFKC normalisation
rewrites circled, full-width and Roman-numeral forms (① → 1, ＴＥＲＭ０ → TERM0). ASCII square
brackets, capital letters and digits survive everywhere. The brackets set the mask apart from
ordinary words and from footnote numbers, and keep it to a few pieces the decoder copies.

A model may still drop, repeat or mangle a mask. `unmask` then reports problems; the MT service
re-translates that segment without masks and flags it `glossary-fallback`, so a raw mask never
reaches a suggestion. Whitespace inside a mask (`[ T0 ]`) and Persian/Arabic-Indic digits
(`[T۰]`) are unambiguous and accepted. Restoring follows Arabic spelling where a proclitic
meets the article: ل[T0] with العراق becomes للعراق. Case endings (Albanian) are the
model's to choose and cannot be, so the base form is inserted and QA accepts any listed form.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from workbench.glossary.match import TermHit, find_terms
from workbench.text.normalize import fold_digits

MASK_FORMAT = "[T{}]"
_DIGITS = "0-9\u06f0-\u06f9\u0660-\u0669"
# A whole mask, tolerant of spaces the decoder may insert and of localised digits.
MASK_RE = re.compile(rf"\[\s*T\s*([{_DIGITS}]+)\s*\]")
# What is left of a mask the model broke: "[T0", "T0]", "[T", a lone "[T 3".
_RESIDUE_RE = re.compile(rf"\[\s*T(?:\s*[{_DIGITS}])?|(?<![A-Za-z])T\s*[{_DIGITS}]+\s*\]")


# The preposition ل attached to the mask (alone or after و/ف): ل + ال contracts to لل.
_AR_LAM_PROCLITIC = re.compile(r"(?:^|[^\w]|[وف])ل$")


@dataclass
class Masked:
    """A source segment with its protected terms masked (contract 3)."""

    text: str
    expected: dict[str, str] = field(default_factory=dict)  # mask → approved rendering
    hits: list[TermHit] = field(default_factory=list)


def mask_token(n: int) -> str:
    """The n-th mask of a segment."""
    return MASK_FORMAT.format(n)


class GlossaryEnforcer:
    """Masks and restores glossary terms for one language pair (contract 3)."""

    def __init__(self, conn: sqlite3.Connection, src_lang: str, tgt_lang: str) -> None:
        self.conn = conn
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang

    def mask(self, text: str) -> Masked:
        """Replace every term with an approved target rendering by its own mask.

        A segment that already contains something mask-shaped is left alone (its own text
        could not be told apart from a mask afterwards); QA still checks its terms.
        """
        if MASK_RE.search(text) or _RESIDUE_RE.search(text):
            return Masked(text)
        hits = [h for h in find_terms(self.conn, text, self.src_lang, self.tgt_lang)
                if h.rendering]
        if not hits:
            return Masked(text)
        parts: list[str] = []
        expected: dict[str, str] = {}
        pos = 0
        for n, hit in enumerate(hits):
            token = mask_token(n)
            parts += [text[pos:hit.start], token]
            expected[token] = hit.rendering or ""
            pos = hit.end
        parts.append(text[pos:])
        return Masked("".join(parts), expected, hits)

    def unmask(self, output: str, masked: Masked) -> tuple[str, list[str]]:
        """Put the approved renderings in place of the masks in the model's `output`.

        Returns (text, problems). Problems name every mask that is missing, repeated, unknown
        or mangled; with problems the text must not be used (it may hold a broken mask).
        """
        problems: list[str] = []
        seen: dict[str, int] = {}

        def restore(m: re.Match[str]) -> str:
            token = mask_token(int(fold_digits(m.group(1))))
            seen[token] = seen.get(token, 0) + 1
            if token not in masked.expected:
                problems.append(f"unexpected mask {m.group(0)!r} in the output")
                return m.group(0)
            rendering = masked.expected[token]
            if self.tgt_lang == "ar" and _AR_LAM_PROCLITIC.search(output, 0, m.start()) \
                    and rendering.startswith("ال"):
                return rendering[1:]  # ل + العراق is written للعراق
            return rendering

        restored = MASK_RE.sub(restore, output)
        for token, rendering in masked.expected.items():
            count = seen.get(token, 0)
            if count == 0:
                problems.append(f"mask {token} for {rendering!r} was lost")
            elif count > 1:
                problems.append(f"mask {token} for {rendering!r} appears {count} times")
        residue = _RESIDUE_RE.search(restored)
        if residue:
            problems.append(f"mangled mask {residue.group(0)!r} in the output")
        return restored, problems
