"""Alignment speed: 10,000 × 10,000 sentences with the banded DP, memory linear in n.

Synthetic parallel text: source sentences of random words (with numbers and capitalised
names); the "translation" maps every word to another word of similar length, keeps numbers
and names, and merges, splits and drops sentences at random. Prints seconds and peak RSS of
the large run, and the ratio of the banded DP to the textbook full-table DP on a size both
can do (measured in the same run).

Usage: python benchmarks/align_speed.py [N]   (default N = 10000)
"""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.align.aligner import align_sentences  # noqa: E402
from workbench.align.anchors import sentence_keys  # noqa: E402
from workbench.align.dp import align_band, align_full  # noqa: E402
from workbench.align.lengths import LengthModel  # noqa: E402
from workbench.align.links import score_links  # noqa: E402
from workbench.align.scorer import BandScorer, Params, build_units  # noqa: E402

LETTERS = "abcdefghijklmnopqrstuvwxyz"


Gold = list[tuple[tuple[int, ...], tuple[int, ...]]]


def synthetic(n: int, seed: int = 7) -> tuple[list[str], list[str], Gold]:
    """n source sentences, their synthetic translation (about n sentences) and the true links."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 10))) for _ in range(5000)]
    lexicon = {w: "".join(rng.choice(LETTERS) for _ in range(max(2, len(w) + rng.randint(-1, 2))))
               for w in vocab}
    src: list[str] = []
    tgt: list[str] = []
    gold: Gold = []
    for i in range(n):
        words = [rng.choice(vocab) for _ in range(rng.randint(4, 30))]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), str(rng.randint(1, 5000)))
        if rng.random() < 0.2:
            words.insert(0, rng.choice(["Amnesty", "Tehran", "Tirana", "UN", "Gaza"]))
        src.append(" ".join(words) + ".")
        translated = [lexicon.get(w, w) for w in words]
        roll = rng.random()
        if roll < 0.03:
            gold.append(((i,), ()))  # omitted
        elif roll < 0.06 and tgt and len(gold[-1][0]) == 1 and len(gold[-1][1]) == 1:
            tgt[-1] = tgt[-1] + " " + " ".join(translated) + "."  # merged with previous
            gold[-1] = ((i - 1, i), gold[-1][1])
        elif roll < 0.09 and len(translated) > 6:
            cut = len(translated) // 2
            tgt.extend([" ".join(translated[:cut]) + ".", " ".join(translated[cut:]) + "."])
            gold.append(((i,), (len(tgt) - 2, len(tgt) - 1)))
        else:
            tgt.append(" ".join(translated) + ".")
            gold.append(((i,), (len(tgt) - 1,)))
    return src, tgt, gold


def scorer_for(src: list[str], tgt: list[str]) -> BandScorer:
    """The aligner's scorer for a pair of sentence lists (for the DP comparison)."""
    src_units, tgt_units = build_units(([len(s) for s in src], [len(t) for t in tgt]),
                                       [sentence_keys(s) for s in src],
                                       [sentence_keys(t) for t in tgt])
    lengths = LengthModel.from_totals(src_units.lengths.tolist(), tgt_units.lengths.tolist())
    return BandScorer(src_units, tgt_units, lengths, Params())


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    small_src, small_tgt, _ = synthetic(300, seed=3)
    scorer = scorer_for(small_src, small_tgt)
    start = time.perf_counter()
    full = align_full(len(small_src), len(small_tgt), scorer)
    full_s = time.perf_counter() - start
    start = time.perf_counter()
    band = align_band(len(small_src), len(small_tgt), scorer)
    band_s = time.perf_counter() - start
    same = [(b.i0, b.i1, b.j0, b.j1) for b in band] == [(b.i0, b.i1, b.j0, b.j1) for b in full]
    print(f"baseline {len(small_src)}×{len(small_tgt)}: full DP {full_s:.2f} s, banded DP "
          f"{band_s:.3f} s, ratio {full_s / band_s:.0f}×, same path: {same}")

    src, tgt, gold = synthetic(n)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    links = align_sentences(src, tgt, "en", "xx")
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"aligned {len(src)}×{len(tgt)} sentences in {seconds:.2f} s "
          f"({len(links)} links, two passes); peak RSS {rss:.0f} MB "
          f"(+{rss - rss_before:.0f} MB over the data); full-table DP would need "
          f"{8 * 8 * (len(src) + 1) * (len(tgt) + 1) / 2**30:.1f} GB of cost tables alone")
    scores = score_links([(link.src, link.tgt) for link in links], gold).scores()
    print(f"accuracy on the synthetic gold: strict F1 {scores['strict_f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
