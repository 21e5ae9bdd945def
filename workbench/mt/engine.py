"""Translate with Argos packages through CTranslate2 and SentencePiece directly.

Why not Argos's own translate module: it imports torch, stanza and spacy (seconds, hundreds of
MB), downloads sentence splitters at run time and translates about one sentence per call. Here
the caller's segments are tokenised, sorted by length, translated in batches (beam size, batch
size and threads from Settings), detokenised and cached by (model version, text).

Decoding length: untrained or confused models may never emit the end token, so every batch is
capped at `2 × longest input + 10` tokens (DECODE_RATIO, DECODE_EXTRA). Real translations into
sq/fa/ar are 0.8–1.5× the English token count, so the cap never cuts a sane output; output that
hits it is flagged `truncated`. Inputs longer than the model accepts are split (split.py), never
truncated silently. Without a direct package the engine pivots through English (sq→en→fa).

Threads and batches (`engine_threads`): CTranslate2 runs `workers` model replicas
(inter_threads, sharing one copy of the weights) of `threads per worker` each (intra_threads);
the engine keeps one length-sorted batch per worker in flight (asynchronous translate_batch)
so every core decodes its own batch. Measured with benchmarks/mt_throughput.py on an
Argos-sized model (arms alternating, 2 shared cores): one worker per core with one thread each
beats one worker using every core (the small int8 GEMMs of one batch do not keep two cores
busy), so the default is a worker per core, capped at MAX_WORKERS (beyond that each worker gets
more threads: every worker holds its own decoding buffers). `threads` (Settings, 0 = every core
this process may use) bounds the total; `mt_workers` overrides the split.

Batch budget: at most `batch_size` (default 16) sentences and `batch_size × decode_cap(40)`
decoding positions per batch. With a batch per worker, 16 measured faster than 32 or 64 (the
beam's per-step softmax over a 32k vocabulary stays in cache) and keeps the sentences in
flight, and so the decoding memory, what one batch of 32 took before. Beam 4 is what Argos
uses, so output quality matches Argos's; `beam_size = 1` (or `translate --draft`) is the fast
draft mode: greedy decoding, several times faster, lower quality.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import regex

from workbench.config import Settings
from workbench.mt import guards
from workbench.mt.cache import Cached, TranslationCache
from workbench.mt.packages import PackageInfo, find_package, missing_error
from workbench.mt.split import split_to_fit
from workbench.progress import ProgressFn, report

DECODE_RATIO = 2
DECODE_EXTRA = 10
DEFAULT_MAX_INPUT_TOKENS = 250  # OpenNMT-py/Argos training filtered longer sentences
TYPICAL_TOKENS = 40              # a typical news sentence in SentencePiece tokens
T = TypeVar("T")
PIVOT = "en"
MAX_WORKERS = 4
# Argos's own decoding options (its translate module), so outputs match what Argos gives.
ARGOS_DECODING = {"replace_unknowns": True, "length_penalty": 0.2}
# Byte-fallback pieces can decode to control characters; they would corrupt terminals and files.
_CONTROL = regex.compile(r"[\p{Cc}--[\n\t]]", regex.V1)


def decode_cap(input_tokens: int) -> int:
    """Longest output allowed for an input of `input_tokens` tokens (see module doc)."""
    return DECODE_RATIO * input_tokens + DECODE_EXTRA


def token_batches(items: Sequence[T], batch_size: int, *,
                  key: Callable[[T], int]) -> Iterator[list[T]]:
    """Consecutive batches of length-sorted items: at most `batch_size` items, and at most
    `batch_size × decode_cap(TYPICAL_TOKENS)` decoding positions (items × cap of the longest).

    The decoder's memory (the attention cache) grows with items × beam × output length, so
    the few very long sentences go in smaller batches: peak memory stays what a batch of
    typical sentences needs, instead of jumping by gigabytes on a 180-token sentence.
    """
    budget = max(1, batch_size) * decode_cap(TYPICAL_TOKENS)
    batch: list[T] = []
    longest = 0
    for item in items:
        grown = max(longest, key(item))
        if batch and (len(batch) >= batch_size or (len(batch) + 1) * decode_cap(grown) > budget):
            yield batch
            batch, grown = [], key(item)
        batch.append(item)
        longest = grown
    if batch:
        yield batch


def available_cores() -> int:
    """CPU cores this process may run on (its affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def engine_threads(threads: int = 0, workers: int = 0) -> tuple[int, int]:
    """(workers, threads per worker) for CTranslate2, from the `threads` and `mt_workers`
    settings (0 = automatic): a worker per core up to MAX_WORKERS, the total within `threads`."""
    total = threads if threads > 0 else available_cores()
    count = min(workers, total) if workers > 0 else min(total, MAX_WORKERS)
    return count, max(1, total // count)


@dataclass
class LoadedModel:
    """A package's translator and tokenizer, loaded once and shared by every caller."""

    info: PackageInfo
    translator: object
    sp: object
    max_input_tokens: int
    size_bytes: int
    workers: int = 1

    @property
    def target_prefix(self) -> str:
        """The token every output starts with (multilingual models), "" for none."""
        return self.info.target_prefix

    def encode(self, text: str) -> list[str]:
        return self.sp.encode(text, out_type=str)  # type: ignore[attr-defined]

    def decode(self, pieces: list[str]) -> str:
        return self.sp.decode_pieces(pieces)  # type: ignore[attr-defined]


_lock = threading.Lock()
_loaded: OrderedDict[tuple[Path, int, int], LoadedModel] = OrderedDict()


def ct2_version() -> str:
    """The installed CTranslate2 version (named in load errors)."""
    import ctranslate2

    return str(ctranslate2.__version__)


def _open(info: PackageInfo, workers: int, threads: int) -> tuple[object, object]:
    """CTranslate2 reads whatever the model folder holds (config.json or not, .txt or .json
    vocabularies); the tokenizer is the package's SentencePiece model."""
    import ctranslate2
    import sentencepiece as spm

    problem = info.problem
    if problem:
        raise ValueError(problem)
    translator = ctranslate2.Translator(str(info.path / "model"), device="cpu",
                                        compute_type="auto", inter_threads=workers,
                                        intra_threads=threads)
    sp = spm.SentencePieceProcessor(model_file=str(info.path / "sentencepiece.model"))
    return translator, sp


def load_model(info: PackageInfo, *, threads: int = 0, workers: int = 0,
               max_memory_mb: int = 2048) -> LoadedModel:
    """The loaded model for a package and thread split (LRU: least recently used ones are
    unloaded past the bound; `threads`/`workers` as in `engine_threads`).

    Memory is estimated from model.bin's size: CTranslate2 keeps the int8 weights as stored.
    The model being requested is always kept, even if it alone exceeds the bound.
    """
    count, per_worker = engine_threads(threads, workers)
    key = (info.path, count, per_worker)
    with _lock:
        model = _loaded.get(key)
        if model is None or model.info.version != info.version:
            translator, sp = _open(info, count, per_worker)
            size = (info.path / "model" / "model.bin").stat().st_size
            model = LoadedModel(info, translator, sp,
                                info.max_input_tokens or DEFAULT_MAX_INPUT_TOKENS, size, count)
            _loaded[key] = model
        _loaded.move_to_end(key)
        budget = max_memory_mb * 1024 * 1024
        while len(_loaded) > 1 and sum(m.size_bytes for m in _loaded.values()) > budget:
            _loaded.popitem(last=False)
        return model


def loaded_models() -> list[PackageInfo]:
    """Packages currently in memory, least recently used first."""
    with _lock:
        return [m.info for m in _loaded.values()]


def forget_model(path: Path) -> None:
    """Drop a package from memory (after it was replaced or removed on disk)."""
    with _lock:
        for key in [k for k in _loaded if k[0] == path]:
            del _loaded[key]


# A real sentence per source language for install checks and `models verify`.
VERIFY_SENTENCES = {
    "en": "Maryam Rajavi visited Tirana in November 2019 to meet the government.",
    "sq": "Qeveria në Tiranë nënshkroi një memorandum me një kompani amerikane.",
    "fa": "دولت آلبانی با یک شرکت آمریکایی قرارداد امضا کرد.",
    "ar": "وقّعت الحكومة الألبانية مذكرة تفاهم مع شركة أمريكية.",
}


def verify_sentence(lang: str) -> str:
    """The sentence `models verify` translates from `lang` (English if there is none)."""
    return VERIFY_SENTENCES.get(lang, VERIFY_SENTENCES["en"])


def smoke_test(info: PackageInfo) -> tuple[str, str, bool]:
    """Load a package (not cached) and translate its test sentence greedily, exactly as the
    engine does (target prefix applied and stripped); returns (input, output, ended)."""
    translator, sp = _open(info, 1, 1)
    model = LoadedModel(info, translator, sp, info.max_input_tokens or DEFAULT_MAX_INPUT_TOKENS,
                        0)
    sentence = verify_sentence(info.from_code)
    text, ended = translate_pieces(model, [model.encode(sentence)], beam_size=1)[0]
    return sentence, text, ended


@dataclass(frozen=True)
class MTResult:
    """One translated text with the model(s) that produced it and the guard flags."""

    text: str
    model: str
    is_test_model: bool
    flags: tuple[str, ...] = ()
    cached: bool = False
    ended: bool = True  # False: the decoder stopped at the length cap


@dataclass
class _Job:
    """A text to translate with one model, possibly split into parts that fit."""

    text: str
    parts: list[list[str]] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    ended: bool = True


class Engine:
    """Batched, cached translation with the installed packages.

    One Engine per thread (the cache may hold that thread's SQLite connection); loaded models
    are shared process-wide.
    """

    def __init__(self, settings: Settings, cache: TranslationCache | None = None) -> None:
        self.settings = settings
        self.models_dir = settings.models_dir
        self.cache = cache if cache is not None else TranslationCache()

    @property
    def parallel_batches(self) -> int:
        """How many batches the model's workers decode at once (give it that many per call)."""
        return engine_threads(self.settings.threads, self.settings.mt_workers)[0]

    # ---- routing

    def route(self, src: str, tgt: str) -> list[PackageInfo]:
        """The packages to chain: the direct one, or src→en→tgt. Raises ModelMissingError."""
        found = self._route(src, tgt)
        if isinstance(found, list):
            return found
        raise missing_error(found[1])

    def missing_pairs(self, src: str, tgt: str) -> list[tuple[str, str]]:
        """The packages to install before src→tgt can be translated (empty if it can)."""
        found = self._route(src, tgt)
        return [] if isinstance(found, list) else found[1]

    def _route(self, src: str, tgt: str
               ) -> list[PackageInfo] | tuple[None, list[tuple[str, str]]]:
        direct = find_package(self.models_dir, src, tgt)
        if direct is not None:
            return [direct]
        if PIVOT in (src, tgt):
            return None, [(src, tgt)]
        # Argos has no direct packages between non-English languages: name the hops.
        first = find_package(self.models_dir, src, PIVOT)
        second = find_package(self.models_dir, PIVOT, tgt)
        if first is not None and second is not None:
            return [first, second]
        return None, [pair for pair, have in (((src, PIVOT), first), ((PIVOT, tgt), second))
                      if have is None]

    def model_ref(self, route: Sequence[PackageInfo]) -> str:
        """What suggestions record: `en_sq@1.0`, `sq_en@1.0+en_fa@1.0` for a pivot, and
        `…/draft` for greedy decoding (so a later full-quality run replaces drafts)."""
        ref = "+".join(p.ref for p in route)
        return f"{ref}/draft" if self.settings.beam_size <= 1 else ref

    # ---- translation

    def translate(self, texts: Sequence[str], src: str, tgt: str, *,
                  progress: ProgressFn | None = None) -> list[MTResult]:
        """Translate `texts` from src to tgt, in input order, with guard flags."""
        route = self.route(src, tgt)
        ref = self.model_ref(route)
        is_test = any(p.is_test_model for p in route)
        current = list(texts)
        ended = [True] * len(current)
        all_cached = [True] * len(current)
        hops = len(route)
        for hop, info in enumerate(route):
            def hop_progress(done: int, total: int, hop: int = hop) -> None:
                report(progress, hop * total + done, hops * total)

            outs = self.translate_with(info, current, progress=hop_progress)
            current = [o.text for o in outs]
            ended = [e and o.ended for e, o in zip(ended, outs, strict=True)]
            all_cached = [c and o.cached for c, o in zip(all_cached, outs, strict=True)]
        return [MTResult(out, ref, is_test, tuple(guards.check(text, out, tgt, ended=end)), cached,
                         end)
                for text, out, end, cached in zip(texts, current, ended, all_cached, strict=True)]

    def translate_with(self, info: PackageInfo, texts: Sequence[str], *,
                       progress: ProgressFn | None = None) -> list[_Output]:
        """One model over `texts`: cache lookup, split, sort, batch, decode, cache store."""
        key = f"{info.ref}/beam{self.settings.beam_size}"
        unique = list(dict.fromkeys(texts))
        cached = self.cache.get_many(key, unique)
        todo = [t for t in unique if t not in cached]
        fresh: dict[str, Cached] = {}
        if todo:
            model = load_model(info, threads=self.settings.threads,
                               workers=self.settings.mt_workers,
                               max_memory_mb=self.settings.max_model_memory_mb)
            fresh = self._run(model, todo, progress)
            self.cache.put_many(key, fresh)
        report(progress, len(unique), len(unique))
        out = []
        seen: set[str] = set()
        for text in texts:
            hit = cached.get(text)
            value = hit or fresh[text]
            # A text repeated in this call was translated once: its copies count as cached.
            out.append(_Output(value.text, value.ended, hit is not None or text in seen))
            seen.add(text)
        return out

    def _run(self, model: LoadedModel, texts: list[str],
             progress: ProgressFn | None) -> dict[str, Cached]:
        jobs = [self._prepare(model, t) for t in texts]
        parts = [(job, i, pieces) for job in jobs for i, pieces in enumerate(job.parts)]
        for job in jobs:
            job.outputs = [""] * len(job.parts)
        parts.sort(key=lambda p: len(p[2]))
        done = 0
        # One batch per worker decoding, one more queued: no core waits for the next batch.
        in_flight: deque[tuple[list[tuple[_Job, int, list[str]]], list[object]]] = deque()

        def finish() -> None:
            nonlocal done
            batch, pending = in_flight.popleft()
            results = finish_pieces(model, [p[2] for p in batch],
                                    [r.result() for r in pending])  # type: ignore[attr-defined]
            for (job, i, _), (text, ended) in zip(batch, results, strict=True):
                job.outputs[i] = text
                job.ended = job.ended and ended
            done += len(batch)
            report(progress, done * len(texts) // len(parts), len(texts))

        for batch in token_batches(parts, self.settings.batch_size, key=lambda p: len(p[2])):
            in_flight.append((batch, submit_pieces(model, [p[2] for p in batch],
                                                   beam_size=self.settings.beam_size,
                                                   asynchronous=True)))
            if len(in_flight) > model.workers:
                finish()
        while in_flight:
            finish()
        return {job.text: Cached(" ".join(o.strip() for o in job.outputs if o.strip()),
                                 job.ended) for job in jobs}

    def _prepare(self, model: LoadedModel, text: str) -> _Job:
        """Tokenise; split texts longer than the model accepts into parts that fit."""
        pieces = model.encode(text)
        limit = model.max_input_tokens
        if len(pieces) <= limit:
            return _Job(text, [pieces])

        def cut(piece_text: str, n: int) -> list[str]:
            toks = model.encode(piece_text)
            return [model.decode(toks[i:i + n]) for i in range(0, len(toks), n)]

        chunks = split_to_fit(text, lambda s: len(model.encode(s)), limit, cut)
        return _Job(text, [model.encode(c) for c in chunks])


@dataclass(frozen=True)
class _Output:
    text: str
    ended: bool
    cached: bool


def translate_pieces(model: LoadedModel, batch: list[list[str]], *,
                     beam_size: int) -> list[tuple[str, bool]]:
    """One CTranslate2 call over a batch of token lists → (text, ended) per input."""
    return finish_pieces(model, batch, submit_pieces(model, batch, beam_size=beam_size))


def submit_pieces(model: LoadedModel, batch: list[list[str]], *, beam_size: int,
                  asynchronous: bool = False) -> list[object]:
    """Start decoding a batch: CTranslate2's results (futures when `asynchronous`, so several
    batches decode at once on the model's workers); `finish_pieces` turns them into text.

    max_input_length=0 turns off CTranslate2's silent truncation: callers split first. The
    decoding cap is per batch in CTranslate2, so each output is cut back to its own input's
    cap: the same sentence gets the same limit whatever it is batched with. A package's
    `target_prefix` is forced as every output's first token and stripped again, as Argos does.
    """
    longest = max((len(p) for p in batch), default=0)
    prefix = model.target_prefix
    extra: dict[str, object] = {"target_prefix": [[prefix]] * len(batch)} if prefix else {}
    return list(model.translator.translate_batch(  # type: ignore[attr-defined]
        batch, beam_size=beam_size, max_batch_size=0, max_input_length=0,
        max_decoding_length=decode_cap(longest) + bool(prefix), return_end_token=True,
        asynchronous=asynchronous, **ARGOS_DECODING, **extra))


def finish_pieces(model: LoadedModel, batch: list[list[str]],
                  results: Sequence[object]) -> list[tuple[str, bool]]:
    """(text, ended) per input from CTranslate2's results for `batch`."""
    prefix = model.target_prefix
    out = []
    for pieces, res in zip(batch, results, strict=True):
        hyp = list(res.hypotheses[0])  # type: ignore[attr-defined]
        if prefix and hyp[:1] == [prefix]:
            hyp.pop(0)  # the prefix steers the model; it is not part of the translation
        ended = bool(hyp) and hyp[-1] == "</s>"
        if ended:
            hyp.pop()
        cap = decode_cap(len(pieces))
        if len(hyp) > cap:
            hyp, ended = hyp[:cap], False
        out.append((_CONTROL.sub("", model.decode(hyp)), ended))
    return out
