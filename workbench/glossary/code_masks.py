"""Inline codes through machine translation: placeholders before, codes back after, never lost.

A segment's codes (`workbench.text.codes`: a link around two words, a line break) cannot go to
the model as they are: SentencePiece has never seen the Private Use Area characters. They go as
placeholders, the way glossary terms go as `[T0]` masks (`glossary.enforce`), and come back as
the very same code characters, so the translation is rebuilt into the page's markup.

Why `[1]`, `[/1]`, `[1/]` (opening, closing, standalone; the number is the code's id): measured
by benchmarks/mt_code_placeholders.py on 40 seed sentences with a pair and a standalone code
each, through the test packages' SentencePiece model (byte fallback) and one trained without
byte fallback as Argos ships its models. Only this form came back unchanged from both (120/120
placeholders each): angle brackets, braces, underscores, ⟨ ⟩ and the code characters themselves
are unknown without byte fallback (0/120), and letters inside the brackets (`[B1]`, `[X2]`) are
as safe as the vocabulary is large — the seed-trained one lacks "X" (80/120). Through the
decoder, the test packages' random weights copy no placeholder of any form (0/120 per
language); a trained Argos model copies bracketed numbers far more often, but not always, so
the way back must not depend on it:

* every placeholder that comes back (spaces inside or Persian/Arabic-Indic digits accepted) is
  replaced by its code; a doubled or unknown one is dropped;
* a code the model lost is re-attached: a pair around the words that translate its content
  when they can be found in the output (the approach of Argos's own `argostranslate.tags`:
  translate the tagged text alone, look for it in the whole translation), otherwise at the
  same relative place as in the source, snapped to a word boundary; the segment is flagged
  `codes-reattached` so the translator checks the placement;
* an output with a broken placeholder ("[1" without its bracket) is not patched: the segment
  is translated again without placeholders and every code re-attached (flagged);
* a source whose own text already looks like a placeholder (a footnote "[1]") is translated
  without placeholders, codes re-attached (flagged).

No code is ever dropped: the suggestion always holds every code of its source.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.text import codes
from workbench.text.normalize import fold_digits

REATTACHED = "codes-reattached"
_DIGITS = "0-9\u06f0-\u06f9\u0660-\u0669"
PLACEHOLDER_RE = re.compile(rf"\[\s*(/?)\s*([{_DIGITS}]+)\s*(/?)\s*\]")
# What a broken placeholder leaves: "[1", "[/1", "1]", "/1]".
_RESIDUE_RE = re.compile(rf"\[\s*/?\s*[{_DIGITS}]++(?!\s*/?\s*\])"
                         rf"|(?<![\[\w/])/?[{_DIGITS}]++\s*/?\s*\]")
_WORD = re.compile(r"\S+")
_TRAILING_PUNCT = re.compile(r"[.,;:!?؟،؛…»”\"')\]]+$")


def placeholder(ch: str) -> str:
    """The placeholder of one code character."""
    half, code_id = codes.parse_char(ch) or (codes.STANDALONE, 0)
    return {codes.OPEN: f"[{code_id}]", codes.CLOSE: f"[/{code_id}]",
            codes.STANDALONE: f"[{code_id}/]"}[half]


@dataclass
class CodeMasked:
    """A segment ready for MT: `text` holds placeholders (or no codes at all when `plain`)."""

    source: str
    text: str
    codes: list[str] = field(default_factory=list)  # the code characters, in source order
    plain: bool = False  # codes left out (the source text looks like placeholders)


def mask_codes(source: str) -> CodeMasked:
    """Replace every code by its placeholder (see the module doc for when it cannot)."""
    chars = codes.code_chars(source)
    if not chars:
        return CodeMasked(source, source)
    if PLACEHOLDER_RE.search(codes.strip_codes(source)) or \
            _RESIDUE_RE.search(codes.strip_codes(source)):
        return CodeMasked(source, codes.without_codes(source), chars, plain=True)
    return CodeMasked(source, codes.CODE_RE.sub(lambda m: placeholder(m.group()), source), chars)


def unmask_codes(output: str, masked: CodeMasked) -> tuple[str | None, list[str]]:
    """(output with its placeholders back as codes, the codes the model lost).

    None when a placeholder came back broken: the text must not be used (translate again
    without placeholders and re-attach every code).
    """
    if masked.plain:
        return output, list(masked.codes)
    expected = {placeholder(ch): ch for ch in masked.codes}
    used: set[str] = set()

    def restore(m: re.Match[str]) -> str:
        closing, number, slash = m.group(1), fold_digits(m.group(2)), m.group(3)
        key = f"[/{number}]" if closing else f"[{number}/]" if slash else f"[{number}]"
        ch = expected.get(key)
        if ch is None or ch in used:
            return ""
        used.add(ch)
        return ch

    text = PLACEHOLDER_RE.sub(restore, output)
    if _RESIDUE_RE.search(codes.strip_codes(text)):
        return None, list(masked.codes)
    text = re.sub(r" {2,}", " ", text).strip()
    lost = [ch for ch in masked.codes if ch not in used]
    return _repair_order(text, lost)


def _repair_order(text: str, lost: list[str]) -> tuple[str, list[str]]:
    """A pair whose closing came back before its opening is re-attached like a lost one."""
    for ch in codes.code_chars(text):
        half, code_id = codes.parse_char(ch) or (codes.STANDALONE, 0)
        if half != codes.OPEN:
            continue
        closing = codes.code_char(codes.CLOSE, code_id)
        if closing in text and text.index(closing) < text.index(ch):
            text = text.replace(ch, "").replace(closing, "")
            lost += [ch, closing]
    return re.sub(r" {2,}", " ", text).strip(), lost


# ---------------------------------------------------------------------------- re-attaching

def reattach(source: str, target: str, lost: Sequence[str],
             found: dict[str, str] | None = None) -> str:
    """`target` with the `lost` codes of `source` put back.

    `found` maps the opening character of a lost pair to the translation of the pair's
    content: when that text occurs once in the target, the pair goes around it. Every other
    lost code goes to the same relative place as in the source, on a word boundary (an opening
    before a word, a closing after a word and before its punctuation), a pair's two halves in
    their order.
    """
    found = found or {}
    lost_set = list(lost)
    for ch in list(lost_set):
        close = codes.closing_of(ch)
        inner = found.get(ch)
        if close is None or close not in lost_set or not inner:
            continue
        plain = codes.strip_codes(target)
        if plain.count(inner) == 1 and target.count(inner) == 1:
            at = target.index(inner)
            target = target[:at] + ch + inner + close + target[at + len(inner):]
            lost_set.remove(ch)
            lost_set.remove(close)
    for ch in _in_source_order(source, lost_set):
        target = _insert_relative(source, target, ch)
    return target


def _in_source_order(source: str, lost: list[str]) -> list[str]:
    order = codes.code_chars(source)
    return sorted(lost, key=lambda ch: order.index(ch) if ch in order else len(order))


def _insert_relative(source: str, target: str, ch: str) -> str:
    """Put one code at the target position matching its relative position in the source."""
    half, code_id = codes.parse_char(ch) or (codes.STANDALONE, 0)
    at_source = source.index(ch) if ch in source else len(source)
    src_plain = len(codes.strip_codes(source[:at_source]))
    share = src_plain / max(1, len(codes.strip_codes(source)))
    plain_target = codes.strip_codes(target)
    want = round(share * len(plain_target))
    low, high = 0, len(target)
    if half == codes.CLOSE:  # after its opening
        opening = codes.code_char(codes.OPEN, code_id)
        if opening in target:
            low = target.index(opening) + 1
    if half == codes.OPEN:  # before its closing
        closing = codes.code_char(codes.CLOSE, code_id)
        if closing in target:
            high = target.index(closing)
    spots = _boundaries(target, half)
    spots = [s for s in spots if low <= s <= high] or [low if half == codes.CLOSE else high]
    at = min(spots, key=lambda s: (abs(_plain_offset(target, s) - want), s))
    return target[:at] + ch + target[at:]


def _plain_offset(text: str, index: int) -> int:
    return len(codes.strip_codes(text[:index]))


def _boundaries(text: str, half: str) -> list[int]:
    """Where a code may go: before a word (opening), after a word minus its punctuation
    (closing), at either edge of a word (standalone); the text's ends always."""
    spots = {0, len(text)}
    for m in _WORD.finditer(text):
        if half != codes.CLOSE:
            spots.add(m.start())
        if half != codes.OPEN:
            word = m.group()
            trail = _TRAILING_PUNCT.search(word)
            spots.add(m.end() - (len(trail.group()) if trail and trail.start() > 0 else 0))
            spots.add(m.end())
    return sorted(spots)


# ------------------------------------------------------------------------------ with MT

# texts → (a result with a `.text`, as mt.engine.MTResult; its flags), in input order
Translate = Callable[[list[str]], list[tuple[Any, list[str]]]]


def translate_keeping_codes(translate: Translate, texts: list[str]
                            ) -> list[tuple[Any, list[str]]]:
    """Run `translate` (texts → (result with a `.text`, flags)) with the codes masked, and put
    every code back into each result's text (see the module doc).

    `translate` is called at most three times: the masked texts; the content of lost pairs
    and the segments whose placeholders came back broken, together.
    """
    masked = [mask_codes(t) for t in texts]
    if not any(m.codes for m in masked):
        return translate(texts)
    results = translate([m.text for m in masked])
    restored: list[tuple[str | None, list[str]]] = [
        unmask_codes(res.text, m) if m.codes else (res.text, [])
        for (res, _), m in zip(results, masked, strict=True)]
    again = [i for i, (text, _) in enumerate(restored) if text is None]
    inner: dict[tuple[int, str], str] = {}
    for i, (_, lost) in enumerate(restored):
        for ch in lost:
            content = _pair_content(masked[i].source, ch) if codes.closing_of(ch) in lost else ""
            if content:
                inner[(i, ch)] = content
    extra = [masked[i].source for i in again] + list(inner.values())
    if extra:
        outputs = translate([codes.without_codes(t) for t in extra])
        for n, i in enumerate(again):
            results[i] = outputs[n]
            restored[i] = (outputs[n][0].text, list(masked[i].codes))
        translated_inner = [res.text.strip() for res, _ in outputs[len(again):]]
        inner = dict(zip(inner, translated_inner, strict=True))
    out = []
    for i, ((res, flags), (text, lost)) in enumerate(zip(results, restored, strict=True)):
        if lost:
            found = {ch: t for (j, ch), t in inner.items() if j == i}
            text = reattach(masked[i].source, text or "", lost, found)
            flags = [*flags, REATTACHED]
        out.append((dataclasses.replace(res, text=text), flags))
    return out


def _pair_content(source: str, opening: str) -> str:
    """The text a pair encloses in the source (for finding its translation), '' if `opening`
    is not the opening of a pair whole in the source."""
    closing = codes.closing_of(opening)
    if closing is None or opening not in source or closing not in source:
        return ""
    start, end = source.index(opening) + 1, source.index(closing)
    return codes.without_codes(source[start:end]).strip() if start < end else ""
