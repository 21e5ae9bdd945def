"""Background jobs (MT, import, export, model install) belong to the App.

Textual cancels a screen's workers when the screen closes, so a translation started from the
review screen used to stop silently when the translator pressed Esc. Here every long job is an
App worker: it survives any screen change, its progress is shown in the job bar of every
screen, and one handler (`on_worker_state_changed`) reports a failure in a modal. Quitting
while a job runs asks first (see `WorkbenchApp.action_quit`).

A job is a function of a `JobContext` run in a thread (`@work(thread=True)` semantics via
`run_worker`): it reports progress, checks `cancelled()` between batches and posts messages;
it never touches widgets. What it returns is the one-line summary shown when it ends.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App
from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker

from workbench.errors import ModelMissingError, WorkbenchError
from workbench.store.suggestions import Suggestion
from workbench.text.display import for_display
from workbench.text.scripts import lang_name
from workbench.tui.messages import (
    DocumentsChanged,
    JobFailed,
    JobFinished,
    JobProgressed,
    SuggestionsArrived,
)

if TYPE_CHECKING:
    from workbench.tui.screens.tool_modals import ExportRequest

MT_GROUP, IMPORT_GROUP, EXPORT_GROUP, MODELS_GROUP = "mt", "import", "export", "models"
T = TypeVar("T")
BACKGROUND_NICENESS = 10


def lower_thread_priority() -> None:
    """Run the calling thread (and the CTranslate2 threads it starts) at a lower CPU
    priority, so the UI thread always wins a core and typing stays instant while a
    translation uses every other cycle. Linux only (threads have their own nice value);
    elsewhere a no-op. An unprivileged process cannot raise it again: call it only in a
    thread of its own (`in_background_thread`)."""
    if not sys.platform.startswith("linux"):  # elsewhere a thread id is not a "process"
        return
    tid = threading.get_native_id()
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, tid,
                       os.getpriority(os.PRIO_PROCESS, tid) + BACKGROUND_NICENESS)


def in_background_thread(call: Callable[[], T]) -> T:
    """`call()` run in a new thread at a lower priority (`lower_thread_priority`), waited for.

    Textual's thread workers run in asyncio's shared pool; a pool thread niced for a job
    stayed niced and later read the review screen's segment contexts and pages at that
    priority: while a translation ran, those reads waited behind it (a page move's panels
    200-500 ms late). The job's thread ends with it; the worker's context (its
    `get_current_worker()`) goes along."""
    context = contextvars.copy_context()
    outcome: list[Any] = []

    def run() -> None:
        lower_thread_priority()
        try:
            outcome.append((True, context.run(call)))
        except BaseException as exc:  # re-raised in the worker, which reports it
            outcome.append((False, exc))

    thread = threading.Thread(target=run, name="workbench-job", daemon=True)
    thread.start()
    thread.join()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


@dataclass
class JobState:
    """What the job bar shows for one running job."""

    label: str
    done: int = 0
    total: int | None = None


class JobContext:
    """What a job function may do from its thread: report, check for cancel, post."""

    def __init__(self, app: App[int], group: str, worker: Worker) -> None:
        self._app = app
        self._group = group
        self._worker = worker

    def progress(self, done: int, total: int) -> None:
        self._app.post_message(JobProgressed(self._group, done, total))

    def cancelled(self) -> bool:
        return self._worker.is_cancelled

    def post(self, message: Message) -> None:
        self._app.post_message(message)


JobFn = Callable[[JobContext], str]


class JobsMixin(App[int]):
    """App-level jobs: start, cancel, progress in every job bar, one failure handler."""

    def __init__(self) -> None:
        super().__init__()
        self.jobs: dict[str, JobState] = {}
        self.finished: dict[str, JobState] = {}  # the last run of each group, as it ended

    # -- running ----------------------------------------------------------------------------
    def start_job(self, group: str, label: str, job: JobFn) -> None:
        """Run `job` in a thread; a job already running in `group` is replaced."""
        self.jobs[group] = JobState(label)
        self.refresh_job_bars()

        def run() -> str:
            worker = get_current_worker()
            return in_background_thread(lambda: job(JobContext(self, group, worker)))

        self.run_worker(run, name=label, group=group, thread=True, exclusive=True,
                        exit_on_error=False)

    def job_running(self, group: str | None = None) -> bool:
        """Whether a job (of `group`, or any) is running."""
        return any(w.is_running and (group is None or w.group == group)
                   for w in self.workers if w.group in self.jobs or w.group == group)

    def cancel_job(self, group: str) -> bool:
        """Stop a running job after its current batch; False if none was running."""
        running = [w for w in self.workers if w.group == group and w.is_running]
        for worker in running:
            worker.cancel()
        return bool(running)

    def running_jobs(self) -> list[str]:
        """Labels of the jobs still running, with how far they got."""
        out = []
        for group, state in self.jobs.items():
            if self.job_running(group):
                where = f" ({state.done}/{state.total})" if state.total else ""
                out.append(f"{state.label}{where}")
        return out

    def refresh_job_bars(self) -> None:
        """Show the running jobs in the job bar of every screen on the stack."""
        from workbench.tui.widgets.job_bar import JobBar

        for screen in self.screen_stack:
            for bar in screen.query(JobBar):
                bar.show(self.jobs)

    def broadcast(self, make: Callable[[], Message]) -> None:
        """Give every screen on the stack its own copy of a message (they do not bubble)."""
        for screen in self.screen_stack:
            message = make()
            message.stop()  # handled by the screen, never bubbled back up to the App
            screen.post_message(message)

    # -- the jobs the workbench runs --------------------------------------------------------
    def start_translation(self, lang: str, doc_id: int | None) -> None:
        """Machine-translate a document (or the project) into `lang` in the background."""
        project = self.project  # type: ignore[attr-defined]
        where = "this document" if doc_id is not None else "the project"

        def job(ctx: JobContext) -> str:
            # ctranslate2 and sentencepiece load here, in the worker, never at startup.
            from workbench.mt.service import translate_project

            def on_batch(items: list[Suggestion]) -> None:
                ctx.post(SuggestionsArrived(items))

            summaries = translate_project(project, [lang], doc_id=doc_id,
                                          progress=ctx.progress, cancel=ctx.cancelled,
                                          on_batch=on_batch)
            done = sum(s.translated for s in summaries)
            note = " (TEST MODEL: output is not a translation)" if any(
                s.is_test_model for s in summaries) else ""
            verb = "stopped after" if ctx.cancelled() else "finished:"
            return f"Translation {verb} {done} new suggestions into {lang_name(lang)}{note}"

        self.start_job(MT_GROUP, f"Translating {where} into {lang_name(lang)} (F9 cancels)", job)

    def toggle_translation(self, lang: str, doc_id: int | None) -> None:
        """F9: start translating, or stop the translation that runs (after its batch)."""
        if self.cancel_job(MT_GROUP):
            self.notify("Cancelling translation after the current batch…")
        else:
            self.start_translation(lang, doc_id)

    def start_import(self, paths: list[str]) -> None:
        """Import files or folders in the background; document lists refresh after."""
        project = self.project  # type: ignore[attr-defined]

        def job(ctx: JobContext) -> str:
            from workbench.ingest.importer import import_paths

            outcomes = import_paths(project, [Path(p).expanduser() for p in paths],
                                    progress=ctx.progress)
            errors = [o.error for o in outcomes if o.error]
            stored = [o for o in outcomes if o.result is not None]
            ctx.post(DocumentsChanged())
            if errors:
                ctx.post(JobFailed("Some files were not imported", "\n".join(errors)))
            return f"Imported {len(stored)} file(s)" + (
                f", {len(errors)} failed" if errors else "")

        self.start_job(IMPORT_GROUP, "Importing", job)

    def action_export_dialog(self) -> None:
        """Ask what to export (from a review screen: its document and language first)."""
        from workbench.tui.screens.tool_modals import ExportModal

        project = self.project  # type: ignore[attr-defined]
        screen = self.screen
        doc_id = getattr(screen, "doc_id", None)
        lang = getattr(screen, "lang", None) or self.target_lang  # type: ignore[attr-defined]
        name = f"doc{doc_id}-{lang}" if doc_id is not None else project.path.stem
        self.push_screen(ExportModal((lang,), name, doc_id),
                         lambda request: self.start_export(request) if request else None)

    def start_export(self, request: ExportRequest) -> None:
        """The same export as `workbench export`, as a job with progress."""
        project = self.project  # type: ignore[attr-defined]

        def job(ctx: JobContext) -> str:
            from workbench.formats.export_any import export

            return export(project, request.fmt, request.langs, request.out,
                          doc_id=request.doc_id, keep_untranslated=request.keep_untranslated,
                          progress=ctx.progress)

        self.start_job(EXPORT_GROUP, f"Exporting {request.fmt}", job)

    def action_install_model(self) -> None:
        from workbench.tui.screens.tool_modals import InstallModelModal

        self.push_screen(InstallModelModal(),
                         lambda path: self.start_model_install(path) if path else None)

    def start_model_install(self, path: Path) -> None:
        """Install an Argos package file into the models folder (validated, loaded once)."""
        models_dir = self.project.settings.models_dir  # type: ignore[attr-defined]

        def job(ctx: JobContext) -> str:
            from workbench.mt.packages import install_file

            info = install_file(path, models_dir)
            note = (" — TEST MODEL: its output is not a translation" if info.is_test_model
                    else "")
            return f"Installed MT model {info.code} {info.version}{note}"

        self.start_job(MODELS_GROUP, f"Installing {path.name}", job)

    # -- messages from jobs -----------------------------------------------------------------
    def on_job_progressed(self, message: JobProgressed) -> None:
        state = self.jobs.get(message.group)
        if state is not None:
            state.done, state.total = message.done, message.total
            self.refresh_job_bars()

    def on_suggestions_arrived(self, message: SuggestionsArrived) -> None:
        items = message.suggestions
        self.broadcast(lambda: SuggestionsArrived(items))

    def on_documents_changed(self, _: DocumentsChanged) -> None:
        self.broadcast(DocumentsChanged)

    def on_job_failed(self, message: JobFailed) -> None:
        self.report_failure(message.title, message.detail)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one handler for jobs that end: the summary when done, a modal when failed."""
        group = event.worker.group
        if group not in self.jobs or event.state not in (
                WorkerState.SUCCESS, WorkerState.CANCELLED, WorkerState.ERROR):
            return
        if self.job_running(group):  # a replaced worker ended; its successor runs on
            return
        self.finished[group] = self.jobs.pop(group)
        self.refresh_job_bars()
        if event.state == WorkerState.SUCCESS:
            summary = str(event.worker.result or "Done")
            self.notify(for_display(summary), title="Done", markup=False)
            self.broadcast(lambda: JobFinished(group, summary))
        elif event.state == WorkerState.CANCELLED:
            self.broadcast(lambda: JobFinished(group, "Stopped"))
        else:
            self.broadcast(lambda: JobFinished(group, "Failed"))
            self.report_error(event.worker.error)

    def report_error(self, error: BaseException | None) -> None:
        """Tell the user why something failed: the model-missing panel where a screen has
        one, else a modal. Anything but a WorkbenchError is a bug and says so."""
        if isinstance(error, ModelMissingError):
            shown = [s for s in self.screen_stack if hasattr(s, "show_model_missing")]
            for screen in shown:
                screen.show_model_missing(error)  # type: ignore[attr-defined]
            if not shown:
                self.report_failure("No translation model installed", error.render())
        elif isinstance(error, WorkbenchError):
            self.report_failure("Could not finish", error.render())
        else:
            self.report_failure("Unexpected error (a bug: please report it)",
                                f"{type(error).__name__}: {error}")

    def report_failure(self, title: str, detail: str) -> None:
        """A modal the user has to close (never a toast that vanishes)."""
        from workbench.tui.screens.modals import ErrorModal

        self.push_screen(ErrorModal(title, detail))

