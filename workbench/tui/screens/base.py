"""What every workbench screen shares: background jobs and the one place their errors land.

Translation and import run as thread workers (`exclusive` per group, so starting a job again
replaces the running one). They never touch widgets: progress, batches and the end of a job
arrive as messages, and a failed worker is reported once, by `on_worker_state_changed`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

from textual import work
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from workbench.errors import ModelMissingError, WorkbenchError
from workbench.progress import ProgressFn
from workbench.project import Project
from workbench.store.suggestions import Suggestion
from workbench.text.scripts import lang_name
from workbench.tui.messages import DocumentsChanged, JobFinished, JobProgressed, SuggestionsArrived
from workbench.tui.screens.modals import ErrorModal
from workbench.tui.widgets.job_bar import JobBar

MT_GROUP, IMPORT_GROUP = "mt", "import"
BACKGROUND_NICENESS = 10


def lower_thread_priority() -> None:
    """Run the calling worker thread (and the CTranslate2 threads it starts) at a lower CPU
    priority, so the UI thread always wins a core and typing stays instant while a
    translation uses every other cycle. Linux only (threads have their own nice value);
    elsewhere a no-op. Worker threads come from asyncio's pool and keep the lower priority
    (an unprivileged process cannot raise it again); that pool only runs background work."""
    if not sys.platform.startswith("linux"):  # elsewhere a thread id is not a "process"
        return
    tid = threading.get_native_id()
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, tid,
                       os.getpriority(os.PRIO_PROCESS, tid) + BACKGROUND_NICENESS)


class WorkbenchScreen(Screen):
    """A screen over one project with a JobBar (composed by the subclass)."""

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    # -- jobs -----------------------------------------------------------------------------------
    def start_translation(self, lang: str, doc_id: int | None) -> None:
        """Machine-translate a document (or the project) into `lang` in the background."""
        where = "this document" if doc_id is not None else "the project"
        self.query_one(JobBar).start(f"Translating {where} into {lang_name(lang)} (F9 cancels)")
        self._translate(lang, doc_id)

    def cancel_translation(self) -> bool:
        """Stop a running translation after its current batch; False if none was running."""
        running = [w for w in self.workers if w.group == MT_GROUP and w.is_running]
        for worker in running:
            worker.cancel()
        return bool(running)

    @work(thread=True, exclusive=True, exit_on_error=False, group=MT_GROUP)
    def _translate(self, lang: str, doc_id: int | None) -> None:
        # ctranslate2 and sentencepiece load here, in the worker, never on the startup path.
        from workbench.mt.service import translate_project

        lower_thread_priority()
        worker = get_current_worker()

        def on_batch(items: list[Suggestion]) -> None:
            self.post_message(SuggestionsArrived(items))

        summaries = translate_project(
            self.project, [lang], doc_id=doc_id, progress=self._progress(MT_GROUP),
            cancel=lambda: worker.is_cancelled, on_batch=on_batch)
        done = sum(s.translated for s in summaries)
        note = " (TEST MODEL: output is not a translation)" if any(
            s.is_test_model for s in summaries) else ""
        verb = "stopped after" if worker.is_cancelled else "finished:"
        self.post_message(JobFinished(MT_GROUP, f"Translation {verb} {done} new suggestions "
                                                f"into {lang_name(lang)}{note}"))

    def start_import(self, paths: list[str]) -> None:
        """Import files or folders in the background; the document list refreshes after."""
        self.query_one(JobBar).start("Importing")
        self._import(paths)

    @work(thread=True, exclusive=True, exit_on_error=False, group=IMPORT_GROUP)
    def _import(self, paths: list[str]) -> None:
        from pathlib import Path

        from workbench.ingest.importer import import_paths

        outcomes = import_paths(self.project, [Path(p).expanduser() for p in paths],
                                progress=self._progress(IMPORT_GROUP))
        errors = [o.error for o in outcomes if o.error]
        stored = [o for o in outcomes if o.result is not None]
        self.post_message(DocumentsChanged())
        self.post_message(JobFinished(IMPORT_GROUP, f"Imported {len(stored)} file(s)"
                                                    f"{f', {len(errors)} failed' if errors else ''}"))
        if errors:
            self.app.call_from_thread(self.app.push_screen,
                                      ErrorModal("Some files were not imported", "\n".join(errors)))

    def _progress(self, group: str) -> ProgressFn:
        """A core progress callback that reports to this screen from the worker thread."""
        def report(done: int, total: int) -> None:
            self.post_message(JobProgressed(group, done, total))

        return report

    # -- job messages ---------------------------------------------------------------------------
    def on_job_progressed(self, message: JobProgressed) -> None:
        self.query_one(JobBar).advance(message.done, message.total)

    def on_job_finished(self, message: JobFinished) -> None:
        self.query_one(JobBar).stop()
        self.notify(message.summary, title="Done", markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The single handler for failed jobs: a modal, or the model-missing panel."""
        is_job = event.worker.group in (MT_GROUP, IMPORT_GROUP)
        if is_job and event.state in (WorkerState.CANCELLED, WorkerState.ERROR):
            self.query_one(JobBar).stop()
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, ModelMissingError):
            self.show_model_missing(error)
        elif isinstance(error, WorkbenchError):
            self.app.push_screen(ErrorModal("Could not finish", error.render()))
        else:
            self.app.push_screen(ErrorModal(
                "Unexpected error (a bug: please report it)",
                f"{type(error).__name__}: {error}"))

    def show_model_missing(self, error: ModelMissingError) -> None:
        """No model for a language: the default is a modal; the review screen uses its panel."""
        self.app.push_screen(ErrorModal("No translation model installed", error.render()))
