"""Machine translation and translation-memory evidence for alignment (Bleualign's idea).

With a model installed, the edition's sentences are translated back into the source language
(or, with only a forward model, the source into the edition's language) in batches, through
the MT engine and its cache; the translation's anchor keys (words, numbers, names) are added
to its sentence, so a pair whose translation shares words with the other side scores as if
the two were in one language. Between English and Farsi or Arabic this is the evidence the
aligner otherwise lacks: they share names and numbers, not words.

MT output can be worthless (a test model, a model for another domain). So the evidence is
checked before it is used: on the first pass's trusted links, the translated keys must
match their own counterpart clearly more often than a sentence three positions away
(`mt_is_useful`). Evidence that does not pass is dropped, so adding a model never makes an
alignment worse than it was without one.

The TM's pairs of the language pair are a bilingual text of their own: the lexicon learned
from them (lexicon.learn_lexicon over up to TM_LEXICON_PAIRS pairs, reviewed ones first)
joins the one learned from the document.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from workbench.align.anchors import sentence_keys
from workbench.align.lexicon import learn_lexicon

MT_KINDS = ("w:", "n:", "a:", "u:")  # what a translation carries across: words, numbers, names
TM_LEXICON_PAIRS = 5000
USEFUL_RATIO = 2.0  # on-path matches must be this many times the off-path ones
USEFUL_MIN = 0.1  # and at least this share of a translation's keys must match on the path
OFFSETS = (-3, 3)

Translate = Callable[[Sequence[str]], list[str]]


@dataclass(frozen=True)
class MTEvidence:
    """A way to translate one side of an alignment into the other side's language."""

    direction: str  # "back": edition → source language; "forward": source → edition
    translate: Translate
    model: str
    is_test_model: bool


def find_mt(settings: object, src_lang: str, tgt_lang: str, *, allow_test: bool = False
            ) -> MTEvidence | None:
    """The installed route for evidence, back-translation first; None when there is none.

    Test models (built by the test suite) are used only when `allow_test` is set: their
    output is not a translation.
    """
    from workbench.mt.engine import Engine  # CTranslate2 loads only when a model is used

    engine = Engine(settings)  # type: ignore[arg-type]
    for direction, (a, b) in (("back", (tgt_lang, src_lang)), ("forward", (src_lang, tgt_lang))):
        if engine.missing_pairs(a, b):
            continue
        route = engine.route(a, b)
        is_test = any(p.is_test_model for p in route)
        if is_test and not allow_test:
            continue

        def translate(texts: Sequence[str], a: str = a, b: str = b) -> list[str]:
            return [r.text for r in engine.translate(list(texts), a, b)]

        return MTEvidence(direction, translate, engine.model_ref(route), is_test)
    return None


def mt_keys(evidence: MTEvidence, src: Sequence[str], tgt: Sequence[str]
            ) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Extra keys per source and per target sentence from the translated side."""
    side = tgt if evidence.direction == "back" else src
    keys = [frozenset(k for k in sentence_keys(t) if k.startswith(MT_KINDS))
            for t in evidence.translate(side)]
    empty = [frozenset[str]() for _ in (src if evidence.direction == "back" else tgt)]
    return (empty, keys) if evidence.direction == "back" else (keys, empty)


def mt_is_useful(pairs: Sequence[tuple[int, int]], src_keys: Sequence[frozenset[str]],
                 tgt_keys: Sequence[frozenset[str]], src_extra: Sequence[frozenset[str]],
                 tgt_extra: Sequence[frozenset[str]]) -> bool:
    """Whether translated keys single out the right counterpart on trusted links.

    For each trusted pair (i, j): the share of the translation's keys found in the other
    sentence, against the same share with the sentence OFFSETS positions away.
    """
    def share(i: int, j: int) -> float | None:
        if not (0 <= i < len(src_keys) and 0 <= j < len(tgt_keys)):
            return None
        extra, other = (tgt_extra[j], src_keys[i]) if tgt_extra[j] else (src_extra[i],
                                                                          tgt_keys[j])
        return len(extra & other) / len(extra) if extra else None

    on, off = [], []
    for i, j in pairs:
        s = share(i, j)
        if s is None:
            continue
        on.append(s)
        off += [x for x in (share(i, j + d) for d in OFFSETS) if x is not None]
    if len(on) < 5 or not off:
        return False
    on_mean, off_mean = sum(on) / len(on), sum(off) / len(off)
    return on_mean >= USEFUL_MIN and on_mean >= USEFUL_RATIO * off_mean


def tm_lexicon(conn: sqlite3.Connection, src_lang: str, tgt_lang: str, *, names: bool
               ) -> dict[str, set[str]]:
    """A dictionary learned from the TM's pairs of this language pair (empty without)."""
    from workbench.store.alignments import tm_sample

    pairs = tm_sample(conn, src_lang, tgt_lang, TM_LEXICON_PAIRS)
    if len(pairs) < 10:
        return {}
    return learn_lexicon([(sentence_keys(s, names=names), sentence_keys(t, names=names))
                          for s, t in pairs])
