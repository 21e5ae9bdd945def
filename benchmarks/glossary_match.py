"""Glossary matching speed: a generated 5,000-term glossary over 10,000 segments.

The glossary is stored in a real project file; names are 1-4 capitalised words, with variants
and acronyms, and Albanian renderings. Segments are ~25-word sentences with about two terms
each. Measured in the same run:

* workbench: `find_terms` over every segment (English source side), the compile included;
  then the same over Albanian text (case endings recognised), and a repeat run (cached index);
* baseline: the naive approach — one regex per term searched over each folded segment —
  on a sample of segments (it is too slow for all of them), scaled per segment.

Goal (issue 5): the 10,000 segments in under 2 s. Usage:
    python benchmarks/glossary_match.py [TERMS] [SEGMENTS]   (defaults 5000 10000)
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.glossary.match import find_terms  # noqa: E402
from workbench.glossary.model import Concept  # noqa: E402
from workbench.glossary.store import save_concepts  # noqa: E402
from workbench.store.db import connect  # noqa: E402
from workbench.text.normalize import match_key  # noqa: E402

SYLLABLES = ["ka", "ra", "ji", "ma", "so", "ud", "li", "ne", "ba", "sh", "ta", "vi", "do", "ze",
             "mo", "ha", "fa", "ri", "el", "an", "or", "us", "ib", "qa"]
WORDS = ("the of and in to a was for that on with as by he it from at his an were which are "
         "this also be has had not but who they their been one its after new all more first "
         "two other when some than into only over most years camp families members said "
         "government report meeting letter support leader group people city country week").split()
BASELINE_SAMPLE = 200


def name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def make_glossary(rng: random.Random, n: int) -> list[Concept]:
    concepts, seen = [], set()
    while len(concepts) < n:
        en = " ".join(name(rng) for _ in range(rng.choice((1, 2, 2, 2, 3, 4))))
        if match_key(en) in seen:
            continue
        seen.add(match_key(en))
        c = Concept(f"c{len(concepts)}")
        c.lang("en").preferred = en
        if rng.random() < 0.3:
            c.lang("en").variants.append(en.split()[-1] + " " + name(rng))
        if rng.random() < 0.2:
            c.lang("en").acronyms.append("".join(w[0] for w in en.split()).upper() + "X")
        c.lang("sq").preferred = en + "a"
        c.lang("sq").variants += [en + "ës", en + "ën"]
        concepts.append(c)
    return concepts


def make_segments(rng: random.Random, concepts: list[Concept], n: int, lang: str) -> list[str]:
    segments = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(15, 30))]
        for _ in range(2):
            c = rng.choice(concepts)
            term = c.terms[lang].preferred if lang == "en" else c.terms["sq"].preferred + "s"
            words.insert(rng.randrange(len(words)), term or "")
        segments.append(" ".join(words).capitalize() + ".")
    return segments


def naive_baseline(concepts: list[Concept], segments: list[str]) -> tuple[float, int]:
    """One compiled regex per English term, searched in each folded segment."""
    patterns = [re.compile(rf"(?<!\w){re.escape(match_key(t))}(?!\w)")
                for c in concepts for t in c.terms["en"].allowed()]
    start = time.perf_counter()
    hits = 0
    for seg in segments:
        key = match_key(seg)
        hits += sum(1 for p in patterns if p.search(key))
    return time.perf_counter() - start, hits


def main() -> None:
    n_terms = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    n_segments = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    rng = random.Random(5)
    concepts = make_glossary(rng, n_terms)
    en_segments = make_segments(rng, concepts, n_segments, "en")
    sq_segments = make_segments(rng, concepts, n_segments, "sq")
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "bench.wbproj")
        t = time.perf_counter()
        save_concepts(conn, concepts)
        store_s = time.perf_counter() - t

        t = time.perf_counter()
        en_hits = sum(len(find_terms(conn, s, "en", "sq")) for s in en_segments)
        en_s = time.perf_counter() - t
        t = time.perf_counter()
        again = sum(len(find_terms(conn, s, "en", "sq")) for s in en_segments)
        cached_s = time.perf_counter() - t
        t = time.perf_counter()
        sq_hits = sum(len(find_terms(conn, s, "sq")) for s in sq_segments)
        sq_s = time.perf_counter() - t
        sample = en_segments[:BASELINE_SAMPLE]
        sample_hits = sum(len(find_terms(conn, s, "en")) for s in sample)
        conn.close()
    assert again == en_hits
    base_s, base_hits = naive_baseline(concepts, sample)
    base_full = base_s / len(sample) * n_segments
    print(f"glossary: {n_terms} concepts "
          f"({sum(len(c.terms['en'].allowed()) for c in concepts)} English terms), "
          f"stored in {store_s:.2f} s")
    print(f"workbench, English source, {n_segments} segments: {en_s:.2f} s "
          f"(compile included; {en_hits} hits)  goal < 2 s: {'met' if en_s < 2 else 'MISSED'}")
    print(f"workbench, repeat with cached index:           {cached_s:.2f} s")
    print(f"workbench, Albanian text with case endings:     {sq_s:.2f} s ({sq_hits} hits)")
    print(f"naive per-term regex on {len(sample)} segments: {base_s:.2f} s ({base_hits} hits) → "
          f"{base_full:.1f} s for {n_segments} segments (workbench: {sample_hits} hits there; "
          "the naive search also counts overlapping shorter terms)")
    print(f"ratio naive / workbench: {base_full / en_s:.0f}×")


if __name__ == "__main__":
    main()
