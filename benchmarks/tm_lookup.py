"""TM at scale: build time, file size and lookup latency at 10k / 100k / 1M pairs (the curve),
and lookup against an exhaustive scan, arms alternating.

Usage: python benchmarks/tm_lookup.py [--sizes 10000,100000,1000000] [--queries Q]
                                     [--baseline-queries B] [--keep DIR]

For each size, N translation pairs are generated from the seed pages' vocabulary recombined
(sentence halves spliced, words substituted/inserted/deleted, bigram-chain sentences; the same
pairs for the same seed) and stored in a fresh project with `store.tm.add_units`, the bulk path
`import-tm` uses (rows inserted and indexed batch by batch): the build time is all of it. The
file size is measured after a WAL checkpoint, the index tables' share with dbstat. Then
`tm.lookup.lookup` runs over Q queries: a third exact sources, a third near misses (1–3 word
edits of a stored source), a third random word salad (no match).

Baseline: an exhaustive rapidfuzz scan with the same word-level metric over all N sources, the
fastest honest linear scan. B near queries run through both, alternating (lookup, scan, lookup,
scan ...), so host load hits both arms alike; the ratio is taken per query (median, spread), and
the scan's best similarity checks that the index found the truly most similar unit.

Goals (issue 20): at 1M pairs a file ≤ 700 MB, built in < 60 s, fuzzy p95 < 10 ms. The layout
before (0300_tm.sql) measured 1.68 GB (592 MB of index), 101 s to build, p95 9.2 ms; the lean
one (0350_tm_lean.sql, candidates in FTS5) 632 MB, 124 s (97 s CPU), p95 40.5 ms. With the
candidate postings of 0360_tm_postings.sql (2 shared cores, load 7–10): 682 MB (273 MB of
index), 93 s CPU to build, fuzzy p95 7.3 ms (CPU 6.9 ms); the same best match 30/30. With the
import's worker process (store.tm_prepare) preparing each next batch: 36.5 s where the code
before took 54 s in the same minutes (×1.48 in alternating runs).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import tempfile
import time
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from workbench.resources import seed_files
from workbench.store import tm as store_tm
from workbench.store import tm_terms
from workbench.store.db import connect, now
from workbench.text.normalize import match_key
from workbench.tm.lookup import lookup


def seed_sentences() -> list[list[str]]:
    """The seed pages cut into sentences of 4+ words (a rough split is enough here)."""
    with seed_files() as seeds:
        text = " ".join(p.read_text(encoding="utf-8") for p in seeds)
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [s.split() for s in parts if len(s.split()) >= 4]


class Generator:
    """Recombines seed sentences into new, realistic-looking source sentences."""

    def __init__(self, sentences: list[list[str]], rnd: random.Random) -> None:
        self.sentences, self.rnd = sentences, rnd
        self.vocab = sorted({w for s in sentences for w in s})
        self.next: dict[str, list[str]] = {}
        for s in sentences:
            for a, b in zip(s, s[1:], strict=False):
                self.next.setdefault(a, []).append(b)

    def mutate(self, words: list[str], edits: int) -> list[str]:
        out = list(words)
        for _ in range(edits):
            op, i = self.rnd.random(), self.rnd.randrange(len(out))
            if op < 0.5:
                out[i] = self.rnd.choice(self.vocab)
            elif op < 0.75 and len(out) > 3:
                del out[i]
            else:
                out.insert(i, self.rnd.choice(self.vocab))
        return out

    def sentence(self) -> list[str]:
        r = self.rnd.random()
        if r < 0.4:
            a, b = self.rnd.choice(self.sentences), self.rnd.choice(self.sentences)
            return a[:self.rnd.randint(2, len(a))] + b[self.rnd.randint(0, len(b) - 2):]
        if r < 0.8:
            return self.mutate(self.rnd.choice(self.sentences), self.rnd.randint(1, 4))
        word, out = self.rnd.choice(self.vocab), []
        for _ in range(self.rnd.randint(6, 30)):
            out.append(word)
            word = self.rnd.choice(self.next.get(word) or self.vocab)
        return out


def build(path: Path, sources: list[str]) -> tuple[float, float, float]:
    """Store one pair per source through the bulk path; returns (wall, CPU, worker CPU)
    seconds: CPU time depends less on what else the shared machine runs, and the import's
    worker process (store.tm_prepare) has CPU time of its own. The pairs are made before the
    clock starts: what is timed is storing them, not this script's text generation."""
    conn = connect(path)
    stamp = now()
    rows = [store_tm.UnitRow("en", "fa", s, f"T{i}: " + " ".join(reversed(s.split())),
                             "aligned" if i % 7 == 0 else "human", "translated", None, stamp,
                             stamp, None) for i, s in enumerate(sources)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start, cpu = time.perf_counter(), time.process_time()
    store_tm.add_units(conn, rows)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return seconds, cpu, worker


def index_bytes(path: Path) -> int | None:
    """Bytes the index tables take in the file (dbstat), or None if SQLite lacks dbstat."""
    conn = connect(path)
    try:
        return conn.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'tm_fts%' OR name LIKE 'tm_cand%'"
            " OR name LIKE 'tm_post%' OR name LIKE 'tm_token_df%' OR name = 'tm_units_key'"
            ).fetchone()[0]
    except Exception:  # noqa: BLE001 - dbstat is an optional SQLite build flag
        return None
    finally:
        conn.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def encode(vocab: dict[str, str], text: str) -> str:
    """Each distinct word as one private-use character, so rapidfuzz's C Levenshtein over
    strings is exactly word-level Levenshtein (the metric lookup scores with)."""
    return "".join(vocab.setdefault(t, chr(0xF0000 + len(vocab)))
                   for t in tm_terms.key_tokens(match_key(text)))


def measure(size: int, gen: Generator, rnd: random.Random, args: argparse.Namespace,
            folder: Path) -> dict[str, float]:
    """Build, size and query one memory of `size` pairs; prints its lines, returns the row."""
    sources = [" ".join(gen.sentence()) for _ in range(size)]
    path = folder / f"tm_{size}.wbproj"
    path.unlink(missing_ok=True)
    seconds, cpu, worker = build(path, sources)
    file_mb, idx = path.stat().st_size / 1e6, index_bytes(path)
    print(f"pairs {size:,}: build {seconds:.1f} s (CPU {cpu:.1f} s, worker {worker:.1f} s),"
          f" file {file_mb:.0f} MB"
          + (f" (index tables {idx / 1e6:.0f} MB)" if idx else ""))

    third = args.queries // 3
    queries = ([("exact", rnd.choice(sources)) for _ in range(third)]
               + [("near", " ".join(gen.mutate(rnd.choice(sources).split(),
                                                rnd.randint(1, 3)))) for _ in range(third)]
               + [("none", " ".join(rnd.choice(gen.vocab) for _ in range(12)))
                  for _ in range(args.queries - 2 * third)])
    conn = connect(path)
    lookup(conn, queries[0][1], "en", "fa")  # warm the page cache like a running app
    times: dict[str, list[float]] = {"exact": [], "near": [], "none": []}
    cpu_times: list[float] = []  # fuzzy lookups' CPU time: less at the mercy of other jobs
    found = dict.fromkeys(times, 0)
    for kind, q in queries:
        start, cpu_start = time.perf_counter(), time.process_time()
        matches = lookup(conn, q, "en", "fa", min_score=70, limit=5)
        times[kind].append(time.perf_counter() - start)
        if kind != "exact":
            cpu_times.append(time.process_time() - cpu_start)
        found[kind] += bool(matches)
    for kind, v in times.items():
        print(f"  {kind:5} p50 {percentile(v, 50) * 1e3:6.1f} ms  p95 "
              f"{percentile(v, 95) * 1e3:6.1f} ms  with matches {found[kind]}/{len(v)}")
    every = [t for v in times.values() for t in v]
    p50, p95 = percentile(every, 50), percentile(every, 95)
    fuzzy = times["near"] + times["none"]

    vocab: dict[str, str] = {}
    choices = [encode(vocab, s) for s in sources]
    ratios, agree = [], 0
    near = [q for kind, q in queries if kind == "near"][:args.baseline_queries]
    for q in near:
        start = time.perf_counter()
        matches = lookup(conn, q, "en", "fa", min_score=70, limit=5)
        ours = time.perf_counter() - start
        start = time.perf_counter()
        best = process.extractOne(encode(vocab, q), choices,
                                  scorer=Levenshtein.normalized_similarity)
        scan = time.perf_counter() - start
        ratios.append(scan / ours)
        if not matches:
            agree += best[1] < 0.7  # nothing found, rightly when nothing reaches 70%
        else:
            top = Levenshtein.normalized_similarity(encode(vocab, q),
                                                    encode(vocab, matches[0].source))
            agree += abs(top - best[1]) < 1e-9
    conn.close()
    print(f"  all {len(every)}: p50 {p50 * 1e3:.1f} ms, p95 {p95 * 1e3:.1f} ms; fuzzy (near +"
          f" none) p95 {percentile(fuzzy, 95) * 1e3:.1f} ms (CPU p95"
          f" {percentile(cpu_times, 95) * 1e3:.1f} ms)")
    print(f"  vs exhaustive scan (alternating, {len(near)} near queries): lookup is "
          f"{statistics.median(ratios):.0f}x faster (median; spread {min(ratios):.0f}x–"
          f"{max(ratios):.0f}x); top match as similar as the scan's best in "
          f"{agree}/{len(near)}")
    if not args.keep:
        path.unlink()
    return {"size": size, "build": seconds, "cpu": cpu, "worker": worker, "file": file_mb, "p50": p50 * 1e3,
            "p95": p95 * 1e3, "fuzzy95": percentile(fuzzy, 95) * 1e3,
            "cpu95": percentile(cpu_times, 95) * 1e3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="comma-separated numbers of pairs")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--baseline-queries", type=int, default=30,
                        help="near queries also run through the exhaustive scan")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the projects in DIR (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for size in (int(s) for s in args.sizes.split(",")):
            rnd = random.Random(args.seed)  # the same pairs at every size (a prefix)
            rows.append(measure(size, Generator(seed_sentences(), rnd), rnd, args, folder))
    print("\ncurve       pairs   build s     CPU s  worker s   file MB   MB/1M pairs   p50 ms"
          "   p95 ms   fuzzy p95 ms   (CPU)")
    for r in rows:
        print(f"{r['size']:>17,} {r['build']:>9.1f} {r['cpu']:>9.1f} {r['worker']:>9.1f}"
              f" {r['file']:>9.0f} "
              f"{r['file'] / r['size'] * 1e6:>13.0f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
              f"{r['fuzzy95']:>14.1f} {r['cpu95']:>7.1f}")
    big = max(rows, key=lambda r: r["size"])
    if big["size"] >= 1_000_000:
        scale = big["size"] / 1e6
        print(f"goals at 1M: file ≤ 700 MB: {big['file'] / scale:.0f} MB; build < 60 s: "
              f"{big['build'] / scale:.0f} s (CPU {big['cpu'] / scale:.0f} s + worker"
              f" {big['worker'] / scale:.0f} s); fuzzy p95 < 10 ms:"
              f" {big['fuzzy95']:.1f} ms (CPU {big['cpu95']:.1f} ms)")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
