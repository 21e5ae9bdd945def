"""Project evidence for alignment: translation-memory pairs and glossary concepts.

When the aligner runs inside a project, two stores already know translations:
* the TM: a source sentence whose exact text (match key) has a stored target, and a target
  sentence equal to that stored target, are almost certainly a pair;
* the glossary: a concept found in a source sentence (e.g. "Amnesty International") and the
  same concept found in a target sentence in its own language (inflection- and script-aware
  matching is the glossary's job) is strong evidence too.
Both become "bonus" keys shared by the two sentences (see scorer.BONUS_KINDS).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from workbench.glossary.match import find_terms
from workbench.store.alignments import tm_targets
from workbench.text.normalize import match_key


def evidence_keys(conn: sqlite3.Connection, src: Sequence[str], tgt: Sequence[str],
                  src_lang: str, tgt_lang: str) -> tuple[list[set[str]], list[set[str]]]:
    """Extra keys per source and per target sentence from the TM and the glossary."""
    src_extra: list[set[str]] = [set() for _ in src]
    tgt_extra: list[set[str]] = [set() for _ in tgt]
    _tm_keys(conn, src, tgt, src_lang, tgt_lang, src_extra, tgt_extra)
    for extra, sents, lang in ((src_extra, src, src_lang), (tgt_extra, tgt, tgt_lang)):
        for keys, sentence in zip(extra, sents, strict=True):
            keys.update("g:" + hit.concept_id for hit in find_terms(conn, sentence, lang))
    return src_extra, tgt_extra


def _tm_keys(conn: sqlite3.Connection, src: Sequence[str], tgt: Sequence[str], src_lang: str,
             tgt_lang: str, src_extra: list[set[str]], tgt_extra: list[set[str]]) -> None:
    norms = [match_key(s) for s in src]
    known: dict[str, set[str]] = {}
    for norm, target in tm_targets(conn, norms, src_lang, tgt_lang):
        known.setdefault(norm, set()).add(match_key(target))
    wanted: set[str] = set()
    for keys, norm in zip(src_extra, norms, strict=True):
        for target in known.get(norm, ()):
            keys.add("tm:" + target)
            wanted.add(target)
    if wanted:
        for keys, sentence in zip(tgt_extra, tgt, strict=True):
            norm = match_key(sentence)
            if norm in wanted:
                keys.add("tm:" + norm)
