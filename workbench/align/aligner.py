"""Sentence alignment of a text and its translation: structure first, then sentences.

Pipeline (each step in its own module):
1. anchors.py — every sentence becomes a set of keys that survive translation;
   evidence.py adds translation-memory and glossary keys when a project is open.
2. paragraphs.py — passages (paragraphs, headings) are aligned first by the same DP over
   passage units; sentences are then aligned inside each group of aligned passages.
3. dp.py + scorer.py — banded DP with Gale–Church length costs and weighted key overlap.
4. Two passes: the first pass's confident one-to-one links re-estimate the length model and
   teach a small dictionary (lexicon.py), its links the link-type priors and where this
   document joins sentences (boundaries.py); the second pass re-aligns with all of them.
5. Every link gets a confidence in [0, 1] (confidence.py).
"""

from __future__ import annotations

import dataclasses
import math
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from workbench.align.anchors import sentence_keys
from workbench.align.boundaries import boundary_classes, learn_join_costs
from workbench.align.confidence import (
    NOT_A_TRANSLATION,
    bead_dice,
    link_confidences,
    translation_evidence,
)
from workbench.align.dp import Bead, align_band
from workbench.align.evidence import evidence_keys
from workbench.align.guide import guide_centres
from workbench.align.lengths import LengthModel
from workbench.align.lexicon import apply_lexicon, learn_lexicon
from workbench.align.mt_evidence import MTEvidence, mt_is_useful, mt_keys, tm_lexicon
from workbench.align.paragraphs import passage_groups
from workbench.align.scorer import BandScorer, Params
from workbench.align.units import Units, build_units
from workbench.errors import InputError
from workbench.text.scripts import expected_script

TRUSTED_DICE = 0.25


@dataclass(frozen=True)
class Link:
    """Source sentence indices ↔ target sentence indices (either may be empty) + confidence."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    confidence: float

    @property
    def kind(self) -> str:
        """'1-1', '2-1', '1-0', ... as translators and papers name link types."""
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True)
class AlignResult:
    """Links plus what the aligner learned about the pair of texts."""

    links: list[Link]
    length_ratio: float  # target characters per source character
    evidence: float  # cost per sentence saved over a null alignment (confidence.py)
    lexicon_size: int
    mt_used: bool | None = None  # None: no MT evidence offered; False: offered, not useful

    @property
    def looks_like_translation(self) -> bool:
        """False when the links share no more than random pairs would."""
        return self.evidence >= NOT_A_TRANSLATION


def align_sentences(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, *,
                    conn: sqlite3.Connection | None = None, params: Params | None = None,
                    mt: MTEvidence | None = None) -> list[Link]:
    """Align two lists of sentences as one block each (no paragraph structure)."""
    return align_passages([src], [tgt], src_lang, tgt_lang, conn=conn, params=params, mt=mt)


def align_passages(src: Sequence[Sequence[str]], tgt: Sequence[Sequence[str]], src_lang: str,
                   tgt_lang: str, *, conn: sqlite3.Connection | None = None,
                   params: Params | None = None, mt: MTEvidence | None = None) -> list[Link]:
    """Align two documents given as passages of sentences; indices count sentences across
    the whole document. Raises InputError when a side has no sentences at all."""
    return align_report(src, tgt, src_lang, tgt_lang, conn=conn, params=params, mt=mt).links


def align_report(src: Sequence[Sequence[str]], tgt: Sequence[Sequence[str]], src_lang: str,
                 tgt_lang: str, *, conn: sqlite3.Connection | None = None,
                 params: Params | None = None, mt: MTEvidence | None = None) -> AlignResult:
    """`align_passages` with the learned length ratio and the translation evidence.

    `conn`: a project whose TM and glossary lend evidence (exact TM pairs, glossary terms, a
    lexicon learned from the TM). `mt`: a model to translate one side with; its keys join
    the second pass if they prove useful on the first (mt_evidence.mt_is_useful).
    """
    src_sents = [s for p in src for s in p]
    tgt_sents = [s for p in tgt for s in p]
    for side, sents in (("source", src_sents), ("translation", tgt_sents)):
        if not any(s.strip() for s in sents):
            raise InputError(f"nothing to align: the {side} has no sentences",
                             hint="check that the page has text and is the right file")
    params = params or Params()
    names = expected_script(src_lang) != expected_script(tgt_lang)
    src_keys = [sentence_keys(s, names=names, lang=src_lang) for s in src_sents]
    tgt_keys = [sentence_keys(s, names=names, lang=tgt_lang) for s in tgt_sents]
    memory_lexicon: dict[str, set[str]] = {}
    if conn is not None:
        extra_src, extra_tgt = evidence_keys(conn, src_sents, tgt_sents, src_lang, tgt_lang)
        src_keys = [k | e for k, e in zip(src_keys, extra_src, strict=True)]
        tgt_keys = [k | e for k, e in zip(tgt_keys, extra_tgt, strict=True)]
        memory_lexicon = tm_lexicon(conn, src_lang, tgt_lang, names=names)
    # A sentence's length is its text's: the whitespace a presegmented file leaves around a
    # line (Text+Berg ends every line with a space) belongs to no sentence, and counting it
    # adds a character per sentence a merge joins (Text+Berg dev: +0.005 strict F1).
    lengths_chars = ([len(s.strip()) for s in src_sents], [len(s.strip()) for s in tgt_sents])
    bounds = (boundary_classes(src), boundary_classes(tgt))
    src_units, tgt_units = build_units(lengths_chars, apply_lexicon(src_keys, memory_lexicon),
                                       tgt_keys, boundaries=bounds)
    src_sizes = [len(p) for p in src]
    tgt_sizes = [len(p) for p in tgt]
    lengths = LengthModel.from_totals(src_units.lengths.tolist(), tgt_units.lengths.tolist())

    scorer = BandScorer(src_units, tgt_units, lengths, params)
    guides: Guides = {}
    first = _first_pass(scorer, src_sizes, tgt_sizes, guides)
    trusted = _trusted_pairs(first, scorer)
    lengths = lengths.refit(_matched_lengths(first, src_units, tgt_units),
                            [(int(src_units.lengths[i]), int(tgt_units.lengths[j]))
                             for i, j in trusted])
    lexicon = learn_lexicon([(src_units.keys[i], tgt_units.keys[j]) for i, j in trusted])
    for word, translations in memory_lexicon.items():
        lexicon.setdefault(word, set()).update(translations)
    mt_used: bool | None = None
    second_src, second_tgt = apply_lexicon(src_keys, lexicon), list(tgt_keys)
    mt_src: list[frozenset[str]] = []
    if mt is not None:
        mt_src, mt_tgt = mt_keys(mt, src_sents, tgt_sents)
        mt_used = mt_is_useful(trusted, src_keys, tgt_keys, mt_src, mt_tgt)
        if mt_used:
            second_src = [k | e for k, e in zip(second_src, mt_src, strict=True)]
            second_tgt = [k | e for k, e in zip(second_tgt, mt_tgt, strict=True)]
    params = _refit_priors(params, first, bounds)
    agreed = {(b.i0, b.i1, b.j0, b.j1) for b in first}
    sampled = len(first) < len(src_sents) // 2  # a long text's first pass saw samples only
    del scorer, src_units, tgt_units, first  # the first pass's tables go before the second's
    src_units, tgt_units = build_units(lengths_chars, second_src, second_tgt, keep_keys=False,
                                       boundaries=bounds)
    if sampled:  # no third pass: the key sets are the biggest thing in memory on a long text
        del src_keys, tgt_keys, second_src, second_tgt
    scorer = BandScorer(src_units, tgt_units, lengths, params)
    beads = _align_structured(scorer, src_sizes, tgt_sizes, guides)
    if not sampled:
        # A third pass learns again from the second's links, which are better than the
        # first's (tuning documents: +0.004 to +0.016 strict F1, none worse); a long text
        # (sampled first pass) is left at two passes for speed.
        trusted = _trusted_pairs(beads, scorer)
        for word, translations in learn_lexicon([(src_keys[i], tgt_keys[j])
                                                 for i, j in trusted]).items():
            lexicon.setdefault(word, set()).update(translations)
        params = _refit_priors(params, beads, bounds)
        agreed = {(b.i0, b.i1, b.j0, b.j1) for b in beads}
        third_src = apply_lexicon(src_keys, lexicon)
        if mt_used:
            third_src = [k | e for k, e in zip(third_src, mt_src, strict=True)]
        src_units, tgt_units = build_units(lengths_chars, third_src, second_tgt,
                                           keep_keys=False, boundaries=bounds)
        scorer = BandScorer(src_units, tgt_units, lengths, params)
        beads = _align_structured(scorer, src_sizes, tgt_sizes, guides)
    confidences = link_confidences(beads, scorer, first=None if sampled else agreed)
    evidence = translation_evidence(beads, scorer)
    if evidence < NOT_A_TRANSLATION:  # nothing here is trustworthy, whatever the lengths say
        confidences = [round(c * 0.4, 3) for c in confidences]
    links = [Link(tuple(range(b.i0, b.i1)), tuple(range(b.j0, b.j1)), c)
             for b, c in zip(beads, confidences, strict=True)]
    return AlignResult(links, lengths.ratio, evidence, len(lexicon), mt_used)


Guides = dict[tuple[int, int, int, int], "np.ndarray | None"]
SAMPLE_MIN = 8000  # sentences: above this the first pass aligns samples of the text
SAMPLE_WINDOWS = 6
SAMPLE_SIZE = 1000


def _guide(scorer: BandScorer, span: tuple[int, int, int, int], guides: Guides
           ) -> np.ndarray | None:
    """The coarse guide of a span, computed once (first pass) and reused by the second."""
    if span not in guides:
        guides[span] = guide_centres(scorer)
    return guides[span]


def _first_pass(whole: BandScorer, src_sizes: list[int], tgt_sizes: list[int],
                guides: Guides) -> list[Bead]:
    """The first pass only teaches the second (lexicon, length model, link-type priors),
    so on a long text it aligns SAMPLE_WINDOWS stretches of SAMPLE_SIZE sentences spread
    over the text, placed by the coarse guide: the same statistics for a fraction of a full
    pass (links at a stretch's edges may be cut wrong; they are a few among thousands)."""
    n, m = whole.n, whole.m
    guide = _guide(whole, (0, n, 0, m), guides) if n >= SAMPLE_MIN else None
    if guide is None:
        return _align_structured(whole, src_sizes, tgt_sizes, guides)
    beads: list[Bead] = []
    for k in range(SAMPLE_WINDOWS):
        i0 = int((k + 0.5) * n / SAMPLE_WINDOWS - SAMPLE_SIZE / 2)
        i1 = i0 + SAMPLE_SIZE
        j0, j1 = int(round(guide[i0])), int(round(guide[i1]))
        if j1 - j0 < 2:
            continue
        part = BandScorer(whole.src.take(range(i0, i1)), whole.tgt.take(range(j0, j1)),
                          whole.lengths, whole.params)
        beads += [Bead(b.i0 + i0, b.i1 + i0, b.j0 + j0, b.j1 + j0, b.cost)
                  for b in align_band(i1 - i0, j1 - j0, part)]
    return beads or _align_structured(whole, src_sizes, tgt_sizes, guides)


def _align_structured(whole: BandScorer, src_sizes: list[int], tgt_sizes: list[int],
                      guides: Guides) -> list[Bead]:
    """Passage DP (when both sides have several passages), then sentence DP per group.

    Both passes start from the diagonal (on a long text: from a coarse alignment, guide.py,
    computed in the first pass) rather than from the first pass's path: a band centred on a
    path that went wrong cannot find the right one (measured on the Text+Berg dev set:
    0.841 vs 0.833 strict F1).
    """
    src, tgt, lengths, params = whole.src, whole.tgt, whole.lengths, whole.params
    groups = passage_groups(src, tgt, src_sizes, tgt_sizes, lengths, params)
    if len(groups) == 1:
        return align_band(len(src), len(tgt), whole,
                          centres=_guide(whole, (0, len(src), 0, len(tgt)), guides))
    beads: list[Bead] = []
    for (i0, i1), (j0, j1) in groups:
        if i0 == i1 or j0 == j1:  # a group of passages without sentences on one side
            beads.extend(Bead(i, i + 1, j0, j0, params.skip) for i in range(i0, i1))
            beads.extend(Bead(i0, i0, j, j + 1, params.skip) for j in range(j0, j1))
            continue
        sub_src, sub_tgt = src.take(range(i0, i1)), tgt.take(range(j0, j1))
        scorer = BandScorer(sub_src, sub_tgt, lengths, params)
        centres = _guide(scorer, (i0, i1, j0, j1), guides)
        for b in align_band(i1 - i0, j1 - j0, scorer, centres=centres):
            beads.append(Bead(b.i0 + i0, b.i1 + i0, b.j0 + j0, b.j1 + j0, b.cost))
    return beads


def _trusted_pairs(beads: list[Bead], scorer: BandScorer) -> list[tuple[int, int]]:
    """One-to-one links of the first pass with real shared evidence."""
    dice = bead_dice(scorer, beads)
    return [(b.i0, b.j0) for b, d in zip(beads, dice, strict=True)
            if b.i1 - b.i0 == 1 and b.j1 - b.j0 == 1 and d >= TRUSTED_DICE]


def _matched_lengths(beads: list[Bead], src: Units, tgt: Units) -> list[tuple[int, int]]:
    """Character lengths of both sides of every link that has both sides."""
    return [(int(src.lengths[b.i0:b.i1].sum()), int(tgt.lengths[b.j0:b.j1].sum()))
            for b in beads if b.i1 > b.i0 and b.j1 > b.j0]


PRIOR_LINKS = 50.0
MERGE_EVIDENCE_COST = -1.5


def _refit_priors(params: Params, beads: list[Bead], bounds: tuple[np.ndarray, np.ndarray]
                  ) -> Params:
    """Link-type priors and boundary join costs re-estimated from the first pass's links.

    The default priors are turned into probabilities and count as PRIOR_LINKS links of
    pseudo-evidence; a document that splits sentences often (an Arabic edition with 1-2 and
    1-3 links) gets them cheaper, one that never merges gets merges dearer. A merge (1-2,
    2-1 … 5-1) counts only when its evidence paid for it (cost below MERGE_EVIDENCE_COST):
    a pass that absorbed captions into 1-4 links would otherwise teach the next pass that
    1-4 links are common and make them cheaper still (Text+Berg dev: 1-4 went from 4.5 to
    2.9 while 11 of its 15 1-4 links were wrong); with it, on top of the join costs, the
    tuning documents gain +0.008 strict F1 (Text+Berg dev), +0.006 / +0.007 (Acts 1+2 fa /
    ar) and +0.010 (our own texts). The boundary join costs learn from every link: where a
    pass joins sentences is informative even where a link is weak.
    """
    counts = Counter((b.i1 - b.i0, b.j1 - b.j0) for b in beads
                     if b.i1 - b.i0 + b.j1 - b.j0 <= 2 or b.cost < MERGE_EVIDENCE_COST)
    base = {k: math.exp(-v) for k, v in params.priors.items()}
    base_total = sum(base.values())
    total = sum(counts[k] for k in base)
    prob = {k: (counts[k] + PRIOR_LINKS * base[k] / base_total) / (total + PRIOR_LINKS)
            for k in base}
    priors = {k: max(0.0, math.log(prob[(1, 1)] / prob[k])) for k in base}
    return dataclasses.replace(params, priors=priors,
                               joins=learn_join_costs(beads, *bounds))
