"""Alignment speed at site scale: 10k, 20k and 40k sentences per side, time and peak memory.

Synthetic parallel text: source sentences of random words (with numbers and capitalised
names); the "translation" maps every word to another word of similar length, keeps numbers
and names, and merges, splits and drops sentences at random — so the path drifts away from
the diagonal as on a real long text.

Two arms, alternating (A B A B …) at each size, each run in a fresh process so its peak RSS
is its own:
* workbench — the aligner as shipped: a coarse alignment of 16-sentence blocks places a
  narrow band (guide.py), the first pass aligns samples of a long text, the second pass the
  whole text in that band;
* doubling — the previous strategy on the same code: both passes start on the diagonal
  with a 64-wide band that doubles, refilling the whole table, while the path hugs an edge.
Also prints, once, the banded DP against the textbook full-table DP on a size both can do.

Usage: python benchmarks/align_speed.py [--sizes 10000 20000 40000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.align import aligner, guide  # noqa: E402
from workbench.align.aligner import align_sentences  # noqa: E402
from workbench.align.anchors import sentence_keys  # noqa: E402
from workbench.align.dp import align_band, align_full  # noqa: E402
from workbench.align.lengths import LengthModel  # noqa: E402
from workbench.align.links import score_links  # noqa: E402
from workbench.align.scorer import BandScorer, Params  # noqa: E402
from workbench.align.units import build_units  # noqa: E402

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


def one_run(n: int, arm: str) -> dict[str, float]:
    """Align n synthetic sentences with one arm (in this process); time, memory, accuracy."""
    if arm == "doubling":
        guide.GUIDE_MIN_SENTENCES = 10 ** 12
        aligner.SAMPLE_MIN = 10 ** 12
    src, tgt, gold = synthetic(n)
    rss_data = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu, wall = time.process_time(), time.perf_counter()
    links = align_sentences(src, tgt, "en", "xx")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    f1 = score_links([(link.src, link.tgt) for link in links], gold).scores()["strict_f1"]
    return {"n": n, "m": len(tgt), "wall": wall, "cpu": cpu, "rss": rss,
            "rss_data": rss_data, "f1": f1}


def spawn(n: int, arm: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--one", str(n), arm], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def dp_baseline() -> None:
    src, tgt, _ = synthetic(300, seed=3)
    scorer = scorer_for(src, tgt)
    start = time.perf_counter()
    full = align_full(len(src), len(tgt), scorer)
    full_s = time.perf_counter() - start
    start = time.perf_counter()
    band = align_band(len(src), len(tgt), scorer)
    band_s = time.perf_counter() - start
    same = [(b.i0, b.i1, b.j0, b.j1) for b in band] == [(b.i0, b.i1, b.j0, b.j1) for b in full]
    print(f"DP check {len(src)}×{len(tgt)}: full table {full_s:.2f} s, banded {band_s:.3f} s "
          f"(×{full_s / band_s:.0f}), same path: {same}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 20_000, 40_000])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--one", nargs=2, metavar=("N", "ARM"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(int(args.one[0]), args.one[1])))
        return 0
    dp_baseline()
    print("sentences      arm       wall s   cpu s  peak MB  strict F1   (median of "
          f"{args.rounds} alternating rounds; machine: {_machine()})")
    for n in args.sizes:
        runs: dict[str, list[dict[str, float]]] = {"workbench": [], "doubling": []}
        for _ in range(args.rounds):
            for arm in runs:
                runs[arm].append(spawn(n, arm))
        for arm, rs in runs.items():
            med = {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu", "rss", "f1")}
            print(f"{n:>6}×{int(rs[0]['m']):<6} {arm:<9} {med['wall']:7.2f} {med['cpu']:7.2f} "
                  f"{med['rss']:8.0f} {med['f1']:10.3f}")
        ratios = [d["cpu"] / w["cpu"] for w, d in zip(runs["workbench"], runs["doubling"],
                                                        strict=True)]
        print(f"{'':14} doubling / workbench cpu time: median ×{statistics.median(ratios):.2f}"
              f" (spread {min(ratios):.2f}–{max(ratios):.2f})")
    return 0


def _machine() -> str:
    import os

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} cores, load {load:.1f} at start"


if __name__ == "__main__":
    raise SystemExit(main())
