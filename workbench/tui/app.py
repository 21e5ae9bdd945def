"""The Textual workbench: glue between the project and the screens (which do the work).

`make_app(project)` is shared by the CLI (`workbench` with no command) and the tests.
Startup imports only Textual and the store: MT, TM, glossary and QA modules load when the
review screen or a worker first needs them, so the first paint stays fast.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from textual.binding import Binding
from textual.content import Content
from textual.notifications import SeverityLevel

from workbench.config import config_path
from workbench.errors import WorkbenchError
from workbench.project import Project
from workbench.text.display import for_display
from workbench.tui.commands import WorkbenchCommands
from workbench.tui.edits import Edits
from workbench.tui.jobs import JobsMixin
from workbench.tui.live import LiveUpdates
from workbench.tui.messages import ChangesArrived, WriteFinished
from workbench.tui.screens.documents import DocumentsScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.rtl_check import RtlCheckScreen
from workbench.tui.writes import Writer

LANG_SETTING = "tui.target_lang"
RTL_SETTING = "rtl_render"
KEYMAP_FILE = "keymap.toml"
QUIT_WAIT = 10.0  # seconds quitting waits for writes still queued (the store's own bound)


def keymap_path() -> Path:
    """`keymap.toml` next to the settings file."""
    return config_path().parent / KEYMAP_FILE


def load_keymap() -> dict[str, str]:
    """The user's key overrides: binding id = "keys", e.g. `"review.confirm" = "ctrl+s"`
    (ids are listed by F1 next to each key). No file, no overrides."""
    path = keymap_path()
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WorkbenchError(f"invalid keymap ({exc})", path=path,
                             hint="fix or delete it to use the default keys") from None
    return {str(binding_id): str(keys) for binding_id, keys in data.items()}


class WorkbenchApp(JobsMixin):
    """One project, a documents screen at the bottom of the stack, review screens above;
    background jobs belong to the App (JobsMixin) and outlive every screen."""

    CSS_PATH = "workbench.tcss"
    TITLE = "workbench"
    COMMANDS = JobsMixin.COMMANDS | {WorkbenchCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help", tooltip="Keys of this screen",
                priority=True),
        Binding("question_mark", "help", "Help", show=False, id="app.help_key"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True,
                tooltip="Quit (everything confirmed is already stored)"),
        Binding("alt+left", "back_to_last_edit", "Back to last edited segment", show=False,
                id="app.back_to_last_edit", priority=True,
                tooltip="The segment you last stored an edit in (any document, language)"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        targets = project.settings.targets
        saved = project.get_setting(LANG_SETTING)
        self.target_lang = saved if saved in targets else targets[0]
        self.rtl_mode = project.get_setting(RTL_SETTING) or project.settings.rtl_render
        self.set_keymap(load_keymap())
        self.writer = Writer(self)
        self.edits = Edits(self)
        self.live = LiveUpdates(self)  # others' work appears in the open screens
        self.recovery: Path | None = None  # where edits not saved at quit were written

    def on_write_finished(self, message: WriteFinished) -> None:
        message.callback(message.value)

    def on_changes_arrived(self, message: ChangesArrived) -> None:
        """Another client committed work: every screen refreshes what it shows of it."""
        changes = message.changes
        self.broadcast(lambda: ChangesArrived(changes))

    def save_setting(self, key: str, value: str) -> None:
        """Store a project setting from the writer thread (never on the event loop)."""
        project = self.project
        self.writer.submit(lambda: project.set_setting(key, value), lambda _: None,
                           lambda exc: self.notify(f"Setting not saved: {exc}",
                                                   severity="warning"))

    def on_mount(self) -> None:
        self.push_screen(DocumentsScreen(self.project))
        self.live.start()

    def on_unmount(self) -> None:
        self.live.stop()

    def notify(self, message: str, *, title: str = "",
               severity: SeverityLevel = "information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Every toast is plain text, sanitised for the terminal: messages quote segments,
        file names and errors, which must never be parsed as markup or reach the terminal
        as control sequences."""
        super().notify(for_display(message, keep_newlines=True), title=for_display(title),
                       severity=severity, timeout=timeout, markup=False)

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header shows document titles and filters the user typed: sanitised."""
        return super().format_title(for_display(title), for_display(sub_title))

    def open_review(self, doc_id: int) -> None:
        """Open the review screen on a document in the current target language."""
        from workbench.tui.screens.review import ReviewScreen  # loads TM/QA/glossary on use

        self.push_screen(ReviewScreen(self.project, doc_id, self.target_lang))

    def action_back_to_last_edit(self) -> None:
        """Read where the last edit was stored on the writer thread, behind the edits still
        queued (so it is the one just typed), then go there."""
        from workbench.review import last_edited

        project = self.project
        self.writer.submit(lambda: last_edited(project), self.back_to,
                           lambda exc: self.notify(f"Cannot read the last edit: {exc}",
                                                   severity="warning"))

    def back_to(self, found: tuple[int, str, int] | None) -> None:
        from workbench.tui.screens.review import ReviewScreen

        if found is None:
            self.notify("No edit stored in this project yet.")
            return
        doc_id, lang, segment_id = found
        if lang not in self.project.settings.targets:
            lang = self.target_lang
        while isinstance(self.screen, ReviewScreen) and self.screen.doc_id != doc_id:
            self.screen.action_back()  # drafts stored, position remembered
        if isinstance(self.screen, ReviewScreen):
            if self.screen.lang != lang:
                self.screen.switch_language(lang, segment_id)
            else:
                self.screen.go_to_segment(segment_id)
            return
        self.remember_language(lang)
        self.push_screen(ReviewScreen(self.project, doc_id, lang, start=segment_id))

    def open_alignment(self, alignment_id: int) -> None:
        """Open the alignment review screen (an unknown id is explained in a modal)."""
        from workbench.errors import WorkbenchError
        from workbench.tui.screens.align_review import AlignReviewScreen
        from workbench.tui.screens.modals import ErrorModal

        try:
            screen = AlignReviewScreen(self.project, alignment_id)
        except WorkbenchError as exc:
            self.push_screen(ErrorModal("Cannot open the alignment", exc.render()))
            return
        self.push_screen(screen)

    def remember_language(self, lang: str) -> None:
        """The target language the next review opens in (kept in the project)."""
        self.target_lang = lang
        self.save_setting(LANG_SETTING, lang)

    def set_language(self, lang: str) -> None:
        """Make `lang` the target language of the current screen and the next ones."""
        self.remember_language(lang)
        switch = getattr(self.screen, "switch_language", None)
        if switch is not None and getattr(self.screen, "lang", lang) != lang:
            switch(lang)
        elif isinstance(self.screen, DocumentsScreen):
            self.screen.reload()

    def cycle_language(self) -> None:
        targets = self.project.settings.targets
        self.set_language(targets[(targets.index(self.target_lang) + 1) % len(targets)])

    async def action_quit(self) -> None:
        """Quit. A job still running is named and the user asked whether to stop it;
        unconfirmed typing is stored as a draft first, and edits the project did not accept
        are never dropped silently (see `finish_quit`)."""
        running = self.running_jobs()
        if not running:
            self.quit_now()
            return
        from workbench.tui.screens.modals import ConfirmModal

        question = ("Still running: " + "; ".join(running) +
                    ".\nQuit and stop it? Everything finished so far is kept.")
        self.push_screen(ConfirmModal("Quit while a job runs?", question),
                         lambda yes: self.quit_now() if yes else None)

    def quit_now(self) -> None:
        for screen in self.screen_stack:
            for name in ("save_draft", "remember_position"):
                getattr(screen, name, lambda: None)()
        for group in list(self.jobs):
            self.cancel_job(group)
        self.run_worker(self.flush_writes(), group="quit", exclusive=True)

    async def flush_writes(self) -> None:
        """Wait (off the event loop, bounded) for queued writes, then decide."""
        import asyncio

        await asyncio.to_thread(self.writer.wait_idle, QUIT_WAIT)
        self.call_later(self.finish_quit)  # behind the results of those writes

    def finish_quit(self) -> None:
        from workbench.tui.recovery import write_recovery
        from workbench.tui.screens.modals import ConfirmModal

        kept = self.edits.kept()
        if not kept:
            self.exit(0)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.recovery = write_recovery(self.project, kept)
                self.exit(0)

        reason = kept[0][1].reason
        self.push_screen(ConfirmModal(
            "Edits not saved", f"{len(kept)} edit(s) could not be saved: {reason}.\n"
            "Quit anyway? They will be written to a recovery file (its path is printed), "
            "so nothing is lost. No: stay, and they are retried."), answer)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_calibrate_rtl(self) -> None:
        def chosen(mode: str | None) -> None:
            if mode and mode != self.rtl_mode:
                self.rtl_mode = mode
                self.save_setting(RTL_SETTING, mode)
                for screen in self.screen_stack:
                    changed = getattr(screen, "rtl_mode_changed", None)
                    if changed is not None:
                        changed()
                self.notify(f"Right-to-left text is now reordered by the {mode}.")

        self.push_screen(RtlCheckScreen(self.rtl_mode), chosen)


def make_app(project: Project) -> WorkbenchApp:
    """The app for `project` (used by the CLI and the tests)."""
    return WorkbenchApp(project)


def run_app(project: Project) -> int:
    """Run the workbench until the user quits; returns the exit code."""
    app = make_app(project)
    try:
        result = app.run()
    finally:
        app.writer.stop()
        app.writer.wait_idle(QUIT_WAIT)
        project.close()
    if app.recovery is not None:
        print(f"workbench: edits the project did not accept were written to {app.recovery}",
              file=sys.stderr)
    return result or 0
