"""Fill a project's MT suggestions: pick the segments, mask glossary terms, translate, store.

Machine output goes to the `suggestions` table only; the translator's text (`translations`) is
never touched, so running MT can never overwrite human work. Work is done in chunks (a few
engine batches each) that are stored as soon as they are translated, so a cancelled or killed
run keeps everything finished so far and the next run resumes where it stopped (segments that
already have a suggestion from the same model are skipped unless `overwrite`).
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from workbench.glossary.code_masks import translate_keeping_codes
from workbench.mt import guards
from workbench.mt.cache import TranslationCache
from workbench.mt.engine import Engine, MTResult
from workbench.mt.packages import missing_error
from workbench.progress import ProgressFn, report
from workbench.store.mt import pending_segments
from workbench.store.suggestions import Suggestion, save_suggestions

GLOSSARY_FALLBACK = "glossary-fallback"
# Segments are sorted by length for the whole run, then translated and stored one engine
# batch per worker at a time (the workers decode those batches at once): a cancel or a kill
# loses at most that (seconds of work with a real model).
CHUNK_BATCHES = 1


@dataclass
class TranslateSummary:
    """What one target language's run did."""

    lang: str
    segments: int            # segments that needed MT
    translated: int          # suggestions written
    cached: int              # of those, served from the cache
    seconds: float
    flags: dict[str, int] = field(default_factory=dict)
    model: str = ""
    is_test_model: bool = False

    @property
    def per_second(self) -> float:
        return self.translated / self.seconds if self.seconds > 0 else 0.0


def _enforcer(conn: sqlite3.Connection, src: str, tgt: str) -> object:
    """The glossary enforcer for a pair (masks protected terms around MT)."""
    from workbench.glossary.enforce import GlossaryEnforcer

    return GlossaryEnforcer(conn, src, tgt)


def _translate_chunk(engine: Engine, enforcer: object, texts: list[str], src: str,
                     tgt: str) -> list[tuple[MTResult, list[str]]]:
    """Translate with glossary masks; segments whose masks did not survive are re-translated
    unmasked and flagged `glossary-fallback` (QA then checks their terms)."""
    masked = [enforcer.mask(t) for t in texts]  # type: ignore[attr-defined]
    results = engine.translate([m.text for m in masked], src, tgt)
    out: list[tuple[MTResult, list[str]]] = []
    retry: list[int] = []
    for i, (source, m, res) in enumerate(zip(texts, masked, results, strict=True)):
        if not m.expected:
            out.append((res, list(res.flags)))
            continue
        text, problems = enforcer.unmask(res.text, m)  # type: ignore[attr-defined]
        if problems:
            retry.append(i)
        # Guards judge the restored text against the real source, not the masked pair.
        flags = guards.check(source, text, tgt, ended=res.ended)
        out.append((replace(res, text=text, flags=tuple(flags)), flags))
    if retry:
        again = engine.translate([texts[i] for i in retry], src, tgt)
        for i, res in zip(retry, again, strict=True):
            out[i] = (res, [*res.flags, GLOSSARY_FALLBACK])
    return out


def translate_project(project: object, targets: Sequence[str], *, doc_id: int | None = None,
                      segment_ids: Sequence[int] | None = None, overwrite: bool = False,
                      progress: ProgressFn | None = None,
                      cancel: Callable[[], bool] | None = None,
                      on_batch: Callable[[list[Suggestion]], None] | None = None,
                      ) -> list[TranslateSummary]:
    """Write MT suggestions for the project's source segments into each target language.

    Raises ModelMissingError (naming every missing package and the install command) before
    any work starts if a target has no installed model or pivot route.
    """
    settings = project.settings  # type: ignore[attr-defined]
    conn: sqlite3.Connection = project.db  # type: ignore[attr-defined]
    src = settings.source_lang
    engine = Engine(settings, TranslationCache(conn))
    missing = list(dict.fromkeys(pair for lang in targets
                                 for pair in engine.missing_pairs(src, lang)))
    if missing:
        raise missing_error(missing)
    routes = {lang: engine.route(src, lang) for lang in targets}
    plans = {lang: pending_segments(conn, lang, engine.model_ref(routes[lang]), doc_id=doc_id,
                                    segment_ids=segment_ids, overwrite=overwrite)
             for lang in targets}
    total = sum(len(rows) for rows in plans.values())
    done = 0
    report(progress, 0, total)
    chunk = max(1, settings.batch_size) * CHUNK_BATCHES * engine.parallel_batches
    summaries = []
    for lang in targets:
        rows = sorted(plans[lang], key=lambda r: len(r["text"]))  # similar lengths batch well
        ref = engine.model_ref(routes[lang])
        summary = TranslateSummary(lang, len(rows), 0, 0, 0.0, {}, ref,
                                   any(p.is_test_model for p in routes[lang]))
        enforcer = _enforcer(conn, src, lang)
        started = time.perf_counter()
        flags: Counter[str] = Counter()
        for start in range(0, len(rows), chunk):
            if cancel is not None and cancel():
                break
            part = rows[start:start + chunk]
            # inline codes go through MT as placeholders and always come back (code_masks)
            results = translate_keeping_codes(
                partial(_translate_chunk, engine, enforcer, src=src, tgt=lang),
                [r["text"] for r in part])
            items = [Suggestion(r["id"], lang, res.text, res.model, res.is_test_model,
                                ",".join(fl)) for r, (res, fl) in zip(part, results, strict=True)]
            save_suggestions(conn, items)
            summary.translated += len(items)
            summary.cached += sum(res.cached for res, _ in results)
            flags.update(f for _, fl in results for f in fl)
            done += len(part)
            report(progress, done, total)
            if on_batch is not None:
                on_batch(items)
        summary.seconds = time.perf_counter() - started
        summary.flags = dict(flags)
        summaries.append(summary)
        if cancel is not None and cancel():
            break
    return summaries
