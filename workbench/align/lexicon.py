"""A small bilingual dictionary learned from the texts being aligned (as hunalign does).

The first alignment pass yields confident one-to-one links; words that keep turning up
together in them ("Gipfel" with "sommet", "government" with "حکومت") are translations of each
other as far as this document is concerned. Adding each source word's learned translations to
its keys lets the second pass see evidence that shares no letters at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

MIN_PAIR_COUNT = 2
MIN_DICE = 0.6
MAX_PAIRS = 2000  # links sampled for learning: plenty for the words that recur, and bounded


def learn_lexicon(pairs: Sequence[tuple[frozenset[str], frozenset[str]]]
                  ) -> dict[str, set[str]]:
    """Source word key → target word keys that co-occur with it in trusted links.

    A pair is kept when it co-occurs at least twice and its Dice association
    2·c(s,t)/(c(s)+c(t)) is high; only word keys take part (numbers, names and punctuation
    already match by themselves).
    """
    src_count: Counter[str] = Counter()
    tgt_count: Counter[str] = Counter()
    joint: Counter[tuple[str, str]] = Counter()
    step = max(1, len(pairs) // MAX_PAIRS)
    sample = [([k for k in src_keys if k.startswith("w:") and k not in tgt_keys],
               [k for k in tgt_keys if k.startswith("w:") and k not in src_keys])
              for src_keys, tgt_keys in pairs[::step]]
    for sw, tw in sample:
        src_count.update(sw)
        tgt_count.update(tw)
    for sw, tw in sample:  # only words seen often enough can pass the count threshold
        sw = [k for k in sw if src_count[k] >= MIN_PAIR_COUNT]
        tw = [k for k in tw if tgt_count[k] >= MIN_PAIR_COUNT]
        joint.update((s, t) for s in sw for t in tw)
    lexicon: dict[str, set[str]] = {}
    for (s, t), c in joint.items():
        if c >= MIN_PAIR_COUNT and 2 * c / (src_count[s] + tgt_count[t]) >= MIN_DICE:
            lexicon.setdefault(s, set()).add(t)
    return lexicon


def apply_lexicon(keys: Sequence[frozenset[str]], lexicon: dict[str, set[str]]
                  ) -> list[frozenset[str]]:
    """Each source sentence's keys plus the learned translations of its words (which then
    match the target's own word keys)."""
    if not lexicon:
        return list(keys)
    known = frozenset(lexicon)
    out = []
    for ks in keys:
        hits = ks & known
        out.append(ks.union(*(lexicon[k] for k in hits)) if hits else ks)
    return out
