"""Pre-translation: fill untranslated segments from the TM first, then from MT.

Per target language, in document order:
1. TM exact (101 context matches preferred, then 100) → status translated, origin tm; when
   the memory holds two different exact translations, the best goes in as a draft flagged
   `tm-multiple` instead (like Trados/memoQ, a conflict is the translator's call);
2. best fuzzy ≥ min score (99 included) → status draft, origin tm, flagged `tm:<score>` with
   the unit in source_ref, so the translator sees it needs editing;
3. the rest → MT (`mt.service.translate_project`, which writes suggestions); a suggestion from
   a real model becomes a draft with origin mt. A suggestion from a *test* model stays a
   suggestion: test models only prove the pipeline works, their output is not a translation.

Only segments without work are touched (no translation, status 'new' or empty text), checked
again inside the write transaction, so a translator editing at the same time never loses work.
A missing model does not undo the TM part: it is reported in the summary (`mt_error`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from workbench.errors import ModelMissingError
from workbench.progress import ProgressFn, report
from workbench.store.db import transaction
from workbench.store.suggestions import get_suggestion
from workbench.store.tm_fill import is_untranslated, untranslated_segments
from workbench.store.translations import set_translation
from workbench.tm.lookup import TMMatch, lookup

ACTOR = "pretranslate"


@dataclass
class PretranslateSummary:
    """What pre-translation did for one target language."""

    lang: str
    segments: int = 0           # untranslated segments considered
    context: int = 0            # filled from 101% matches (translated)
    exact: int = 0              # filled from 100% matches (translated)
    fuzzy: int = 0              # filled from fuzzy matches (draft)
    mt: int = 0                 # filled from MT suggestions (draft)
    test_model_only: int = 0    # MT output from a test model, left as suggestions
    untouched: int = 0          # still without a translation
    mt_error: str | None = None


def _fill(conn: sqlite3.Connection, segment_id: int, lang: str, text: str, **kw: str) -> bool:
    """Write a translation only if the segment is still untranslated (checked atomically)."""
    with transaction(conn):
        if not is_untranslated(conn, segment_id, lang):
            return False
        set_translation(conn, segment_id, lang, text, actor=ACTOR, **kw)
    return True


def _from_tm(conn: sqlite3.Connection, row: sqlite3.Row, lang: str, found: list[TMMatch],
             summary: PretranslateSummary) -> bool:
    match = found[0]
    exact = match.score >= 100
    conflict = exact and len(found) > 1 and found[1].score >= 100  # lookup dedupes targets
    flags = f"tm:{match.score}" + (",tm-multiple" if conflict else "")
    ok = _fill(conn, row["id"], lang, match.target,
               status="translated" if exact and not conflict else "draft", origin="tm",
               source_ref=f"tm:{match.unit_id}", flags=flags)
    if ok:
        if match.score == 101:
            summary.context += 1
        elif exact:
            summary.exact += 1
        else:
            summary.fuzzy += 1
    return ok


def pretranslate(project: object, targets: Sequence[str], *, doc_id: int | None = None,
                 use_mt: bool = True, min_score: int | None = None,
                 progress: ProgressFn | None = None, mt_progress: ProgressFn | None = None,
                 cancel: Callable[[], bool] | None = None) -> list[PretranslateSummary]:
    """Pre-translate `targets`; returns one summary per language (see module doc)."""
    conn: sqlite3.Connection = project.db  # type: ignore[attr-defined]
    settings = project.settings  # type: ignore[attr-defined]
    threshold = settings.tm_min_score if min_score is None else min_score
    plans = {lang: untranslated_segments(conn, lang, doc_id=doc_id) for lang in targets}
    total, done = sum(len(p) for p in plans.values()), 0
    summaries: list[PretranslateSummary] = []
    for lang in targets:
        summary = PretranslateSummary(lang, segments=len(plans[lang]))
        summaries.append(summary)
        rest: list[int] = []
        for row in plans[lang]:
            if cancel is not None and cancel():
                break
            found = lookup(conn, row["text"], row["src_lang"], lang, min_score=threshold,
                           limit=2, prev_text=row["prev_text"], next_text=row["next_text"],
                           exclude_segment_id=row["id"])
            if not (found and _from_tm(conn, row, lang, found, summary)):
                rest.append(row["id"])
            done += 1
            report(progress, done, total)
        if use_mt and rest and not (cancel is not None and cancel()):
            _from_mt(project, lang, rest, summary, mt_progress, cancel)
        summary.untouched = summary.segments - (summary.context + summary.exact + summary.fuzzy
                                                + summary.mt)
    return summaries


def _from_mt(project: object, lang: str, segment_ids: list[int], summary: PretranslateSummary,
             progress: ProgressFn | None, cancel: Callable[[], bool] | None) -> None:
    """Machine-translate what the TM could not fill and insert real-model output as drafts."""
    from workbench.mt.service import translate_project

    conn: sqlite3.Connection = project.db  # type: ignore[attr-defined]
    try:
        translate_project(project, [lang], segment_ids=segment_ids, progress=progress,
                          cancel=cancel)
    except ModelMissingError as exc:
        summary.mt_error = exc.render()
        return
    for sid in segment_ids:  # includes suggestions made by an earlier run of the same model
        suggestion = get_suggestion(conn, sid, lang)
        if suggestion is None or not suggestion.text.strip():
            continue
        if suggestion.is_test_model:
            summary.test_model_only += 1
        elif _fill(conn, sid, lang, suggestion.text, status="draft", origin="mt",
                   source_ref=suggestion.model, flags=suggestion.flags):
            summary.mt += 1
