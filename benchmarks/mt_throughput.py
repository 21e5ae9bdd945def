"""MT throughput: Argos's way vs bare CTranslate2 vs the workbench engine, same model, same run.

The model is a genuine Argos package with Argos's real dimensions (6+6 layers, d_model 512,
8 heads, FFN 2048, ~32k vocabulary, int8) and generated weights (no model can be downloaded
here), built once and cached. Random weights never emit the end token, so every arm caps
decoding at the engine's rule (2 × input tokens + 10): all arms do the same decoding work.

  (a) Argos's way: one sentence per translate_batch call, beam 4, Argos's decoding options
      (what argostranslate.translate does: its token batches of 32 hold about one sentence).
  (b) bare CTranslate2: sentences sorted by length, one translate_batch call per batch (the
      engine's batches: at most batch-size sentences and a decoding-token budget, so a few
      180-token sentences do not make a batch of 32 decode 370 steps with a 1 GB cache).
  (c) the workbench engine end to end: translate_project on a temporary project (pending
      query, tokenise, sort, batch, translate, detokenise, guards, store suggestions).

Then memory: peak RSS, and RSS while translating --memory-segments distinct segments (goal:
flat after warm-up). Run: `python benchmarks/mt_throughput.py [--quick]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the package builder shared with the test fixtures

from fixtures.argos_builder import ARGOS, build_package, train_sentencepiece  # noqa: E402

from workbench.config import load_settings  # noqa: E402
from workbench.ingest.model import ParsedDocument, ParsedPassage  # noqa: E402
from workbench.ingest.segment import split_sentences  # noqa: E402
from workbench.mt.engine import ARGOS_DECODING, decode_cap, load_model, token_batches  # noqa: E402
from workbench.mt.packages import install_file  # noqa: E402
from workbench.mt.service import translate_project  # noqa: E402
from workbench.project import Project  # noqa: E402
from workbench.store.documents import save_document  # noqa: E402

VOCAB = 32_000


def rss_mb() -> float:
    """Current resident set size (Linux /proc), in MB."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def argos_sized_package(cache_dir: Path) -> Path:
    """Build (once) the Argos-sized en→sq test package; later runs reuse the file."""
    target = cache_dir / "translate-en_sq-1_0.argosmodel"
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    sp = train_sentencepiece(cache_dir / "spm", vocab_size=8000)
    build_package(cache_dir, "en", "sq", sp, dims=ARGOS, seed=7, pad_vocab_to=VOCAB)
    print(f"built Argos-sized package in {time.perf_counter() - started:.1f} s: {target}")
    return target


def seed_sentences() -> list[str]:
    """Distinct sentences of the bundled seed pages, in page order."""
    out: dict[str, None] = {}
    for path in sorted((REPO / "seeds").glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            for s in split_sentences(" ".join(para.split()), "en"):
                if len(s) > 3:
                    out.setdefault(s, None)
    return list(out)


def add_document(project: Project, name: str, sentences: list[str]) -> int:
    """Store `sentences` as one English source document; returns its id."""
    return save_document(project.db, ParsedDocument(
        title=name, format="text", source_path=name, lang="en",
        passages=[ParsedPassage("paragraph", " ".join(sentences), sentences=sentences,
                                lang="en")])).document_id


class Timer:
    """Wall and CPU seconds of a block (CPU time is steadier on a shared machine)."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def arm_argos(model: object, tokens: list[list[str]], beam: int) -> None:
    for toks in tokens:
        model.translator.translate_batch(  # type: ignore[attr-defined]
            [toks], max_batch_size=32, batch_type="tokens", beam_size=beam, num_hypotheses=1,
            return_scores=True, max_decoding_length=decode_cap(len(toks)), **ARGOS_DECODING)


def arm_bare(model: object, tokens: list[list[str]], beam: int, batch: int) -> None:
    """Bare CTranslate2 calls over the engine's length-sorted batches: (c) minus workbench."""
    for chunk in token_batches(sorted(tokens, key=len), batch, key=len):
        model.translator.translate_batch(  # type: ignore[attr-defined]
            chunk, beam_size=beam, max_batch_size=0, max_input_length=0,
            max_decoding_length=decode_cap(max(len(t) for t in chunk)), **ARGOS_DECODING)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few sentences, short memory run")
    parser.add_argument("--sentences", type=int, help="sentences per arm (default: all seeds)")
    parser.add_argument("--memory-segments", type=int, help="segments for the memory run")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--memory-beam", type=int, default=1, help="beam for the memory run")
    parser.add_argument("--batch-size", type=int, help="default: the workbench setting")
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "workbench-bench-cache")
    args = parser.parse_args()

    package = argos_sized_package(args.cache_dir)
    with tempfile.TemporaryDirectory(prefix="mt-bench-") as tmp:
        root = Path(tmp)
        settings = replace(load_settings(), models_dir=root / "models", beam_size=args.beam)
        if args.batch_size:
            settings.batch_size = args.batch_size
        info = install_file(package, settings.models_dir)
        model = load_model(info, threads=settings.threads)
        sentences = seed_sentences()
        count = args.sentences or (160 if args.quick else len(sentences))
        sentences = sentences[:count]
        tokens = [model.encode(s) for s in sentences]
        print(f"model: {info.ref} (Argos dims, {VOCAB} vocab, int8), {len(sentences)} "
              f"sentences, {sum(map(len, tokens)) / len(tokens):.1f} tokens avg, beam "
              f"{args.beam}, batch {settings.batch_size}, threads {settings.threads or 'auto'}")
        arm_bare(model, tokens[:4], args.beam, settings.batch_size)  # warm-up

        with Timer() as a:
            arm_argos(model, tokens, args.beam)
        with Timer() as b:
            arm_bare(model, tokens, args.beam, settings.batch_size)
        project = Project(root / "bench.wbproj", settings)  # no glossary: plain MT
        add_document(project, "bench", sentences)
        with Timer() as c:
            summary = translate_project(project, ["sq"])[0]
        assert summary.translated == len(sentences) and summary.cached == 0
        project.close()

        n = len(sentences)
        for label, t in (("(a) Argos way, 1 sentence/call", a), ("(b) bare CTranslate2, batched ", b),
                         ("(c) workbench engine, stored  ", c)):
            print(f"{label}: {n / t.wall:7.2f} sentences/s wall ({t.wall:6.1f} s), "
                  f"{n / t.cpu:7.2f} per CPU-second")
        print(f"ratio (c)/(a) = {a.wall / c.wall:.2f}x wall, {a.cpu / c.cpu:.2f}x CPU   (goal >= 3)")
        print(f"ratio (c)/(b) = {b.wall / c.wall:.2f} wall, {b.cpu / c.cpu:.2f} CPU   "
              "(goal >= 0.90)")

        # Memory: five documents of total/5 distinct segments each, translated one after the
        # other; RSS after the first (warm-up: model loaded, buffers sized) vs after the last.
        # Greedy decoding keeps the long run short; memory use does not depend on the beam.
        total = args.memory_segments or (600 if args.quick else 5000)
        per_doc = total // 5
        base = seed_sentences()
        project = Project(root / "memory.wbproj", replace(settings, beam_size=args.memory_beam))
        docs = [add_document(project, f"memory-{d}",
                             [f"{base[i % len(base)]} ({d}.{i})" for i in range(per_doc)])
                for d in range(5)]
        started = time.perf_counter()
        for d, doc_id in enumerate(docs, start=1):
            translate_project(project, ["sq"], doc_id=doc_id)
            print(f"  RSS after {d * per_doc:5d} segments: {rss_mb():7.1f} MB", flush=True)
            if d == 1:
                warm = rss_mb()
        elapsed = time.perf_counter() - started
        project.close()
        print(f"memory run: {5 * per_doc} segments in {elapsed:.0f} s "
              f"({5 * per_doc / elapsed:.1f}/s, beam {args.memory_beam})")
        print(f"growth after warm-up ({per_doc} segments): {rss_mb() - warm:+.1f} MB")
        print(f"peak RSS: {peak_rss_mb():.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
