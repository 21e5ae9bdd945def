"""One process of the store torture test (tests/test_store_torture.py), run as a script.

`python torture_worker.py PROJECT LOGDIR NAME MODE SEED SECONDS`

MODE "tui": a long-lived process like the Textual workbench — several threads, each with its
own connection from one `Project` (as the TUI's workers have), plus short-lived threads that
open a fresh connection for one job and end (as each new Textual worker thread does).
MODE "cli": a short-lived process like one CLI command — open the project, do a few things,
close, exit.

Every operation is a real core call: confirming a translation, importing a page, adding a
glossary concept, saving a batch of MT suggestions, concordance and TM lookups. A confirmed
edit is appended to `LOGDIR/NAME.log` only after `set_translation` returned, i.e. after its
transaction committed, so every logged line must be in the project at the end. Busy errors
(the bounded wait ran out) are expected under this load and counted; anything else is written
to `LOGDIR/NAME.err` and fails the test.
"""

from __future__ import annotations

import os
import random
import sys
import threading
import time
import traceback
from pathlib import Path

from workbench.errors import ProjectBusyError
from workbench.glossary.model import Concept
from workbench.glossary.store import save_concepts
from workbench.ingest.importer import parse_text
from workbench.project import Project
from workbench.store.documents import save_document
from workbench.store.suggestions import Suggestion, save_suggestions
from workbench.store.translations import set_translation
from workbench.tm.concordance import concordance
from workbench.tm.lookup import lookup

LANGS = ("sq", "fa", "ar")
WORDS = ("Tirana", "Ashraf", "council", "report", "Rajavi", "camp", "families", "visit",
         "Albania", "statement", "meeting", "rights")


class Worker:
    """The operations one thread runs, with its own log of committed edits."""

    def __init__(self, project: Project, name: str, logdir: Path, seed: int) -> None:
        self.project = project
        self.name = name
        self.rng = random.Random(seed)
        self.logdir = logdir
        self.log = (logdir / f"{name}.log").open("a", encoding="utf-8")
        self.counts = {"confirm": 0, "import": 0, "glossary": 0, "suggest": 0, "read": 0,
                       "busy": 0}
        self.seq = 0

    def close(self) -> None:
        """Close the log and record what this thread did (a killed one records nothing)."""
        self.log.close()
        counts = " ".join(f"{k}={v}" for k, v in self.counts.items())
        with (self.logdir / "counts.txt").open("a", encoding="utf-8") as fh:
            fh.write(f"{self.name} {counts}\n")

    def segment_ids(self) -> list[int]:
        return [r[0] for r in self.project.db.execute("SELECT id FROM segments")]

    def one(self) -> None:
        ops = {"confirm": self.confirm, "import": self.import_page,
               "glossary": self.glossary, "suggest": self.suggest, "read": self.read}
        op = self.rng.choices(list(ops), weights=(10, 1, 2, 3, 4))[0]
        try:
            ops[op]()
            self.counts[op] += 1
        except ProjectBusyError:
            self.counts["busy"] += 1

    def confirm(self) -> None:
        ids = self.segment_ids()
        seg, lang = self.rng.choice(ids), self.rng.choice(LANGS)
        self.seq += 1
        text = f"{self.name} edit {self.seq} {self.rng.choice(WORDS)}"
        set_translation(self.project.db, seg, lang, text)
        self.log.write(f"{seg}\t{lang}\t{text}\n")
        self.log.flush()

    def import_page(self) -> None:
        self.seq += 1
        words = " ".join(self.rng.choice(WORDS) for _ in range(12))
        body = (f"Page {self.name} {self.seq}\n\n{words.capitalize()}. The {WORDS[self.seq % 12]}"
                f" met in Tirana on day {self.seq}. {words.title()} again.\n")
        save_document(self.project.db, parse_text(body, title=f"{self.name}-{self.seq}"))

    def glossary(self) -> None:
        self.seq += 1
        concept = Concept(f"torture-{self.name}-{self.seq}")
        concept.lang("en").preferred = f"Torture Term {self.name} {self.seq}"
        concept.lang("fa").preferred = f"اصطلاح {self.seq}"
        save_concepts(self.project.db, [concept], origin="user")

    def suggest(self) -> None:
        ids = self.rng.sample(self.segment_ids(), 8)
        lang = self.rng.choice(LANGS)
        save_suggestions(self.project.db, [Suggestion(i, lang, f"mt {self.name} {i}",
                                                      "en_xx@test", True, "") for i in ids])

    def read(self) -> None:
        concordance(self.project.db, self.rng.choice(WORDS), tgt_lang=self.rng.choice(LANGS))
        lookup(self.project.db, f"The {self.rng.choice(WORDS)} met in Tirana", "en",
               self.rng.choice(LANGS))


def run_thread(project: Project, name: str, logdir: Path, seed: int, until: float,
               errors: list[str]) -> None:
    """Operations until `until`; an unexpected exception is recorded, not raised."""
    worker = Worker(project, name, logdir, seed)
    try:
        while time.monotonic() < until:
            worker.one()
    except BaseException:
        errors.append(f"{name}: {traceback.format_exc()}")
    finally:
        worker.close()


def open_when_free(path: Path) -> Project:
    """Open the project, retrying while another writer holds it past the bounded wait (a busy
    project is the expected answer under this load, not a failure)."""
    while True:
        try:
            return Project(path)
        except ProjectBusyError:
            continue


def main() -> int:
    path, logdir, name, mode, seed, seconds = sys.argv[1:7]
    logdir_p = Path(logdir)
    rng = random.Random(int(seed))
    errors: list[str] = []
    until = time.monotonic() + float(seconds)
    try:
        project = open_when_free(Path(path))
        if mode == "cli":
            worker = Worker(project, name, logdir_p, rng.randrange(1 << 30))
            for _ in range(rng.randint(1, 6)):
                worker.one()
            worker.close()
        else:
            threads = [threading.Thread(target=run_thread, args=(
                project, f"{name}-t{i}", logdir_p, rng.randrange(1 << 30), until, errors))
                for i in range(3)]
            for t in threads:
                t.start()
            n = 0
            while time.monotonic() < until:  # short-lived worker threads, each a new connection
                n += 1
                t = threading.Thread(target=run_thread, args=(
                    project, f"{name}-w{n}", logdir_p, rng.randrange(1 << 30),
                    time.monotonic() + rng.uniform(0.05, 0.5), errors))
                t.start()
                t.join()
            for t in threads:
                t.join()
        project.close()
    except BaseException:
        errors.append(f"{name}: {traceback.format_exc()}")
    if errors:
        (logdir_p / f"{name}.err").write_text("\n".join(errors), encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
