"""Keystroke-to-screen latency of the review screen on a 10,000-segment document, idle and
while a background translation runs.

Drives the real app headless (120×40) on a temporary project holding one 10,000-segment
document built from the seed pages' sentences (each made unique by a running number, so TM,
glossary and QA do real work) and the starter glossary. Measured, in rounds that alternate
the two arms (A = idle, B = a translation of the whole project running), so machine load hits
both alike:

* typing: a letter typed into the editor and deleted again (preview, QA after a pause);
* segment moves: Alt+↓ — "shown" when the editor, grid and source show the new segment,
  "complete" when its MT/TM/glossary/QA panels are filled too (they are read in a worker);
* page moves: Page Down in the grid (a screen of rows further, the new segment loaded).

"UI cpu" is the CPU time the interface thread spent on the keystroke (what it costs on a
free core; the wall-clock numbers include waiting for a core on a shared machine), without
the measuring loop's own checks.

A keystroke's latency is the time from the key event entering the app until the last screen
update it caused has been composed (`App._display`), once every message queue of the screen
is empty and no repaint is pending (and, for "complete", the context has arrived). Pilot's
own `press`/`pause` are not used for timing: they wait for the *process* to look idle by CPU
time, which never happens while a worker thread translates.

The translation uses a genuine Argos package of Argos's real size (6+6 layers, d_model 512;
generated weights, since no model can be downloaded here — see tests/fixtures/argos_builder.py)
run by the App's MT job, exactly as F9 does. Goals: p95 < 50 ms while MT runs; page and
segment moves < 30 ms median.

First paint: a fresh interpreter shows the documents screen of the project (headless), against
a bare Textual `App()` measured the same way (the baseline).

Run: `python benchmarks/tui_latency.py [--rounds 6] [--steps 20] [--tiny]`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the package builder shared with the test fixtures

from fixtures.argos_builder import ARGOS, TINY, build_package, train_sentencepiece  # noqa: E402

SEGMENTS = 10_000
BATCH_SIZE = 8
WARM_UP_STEPS = 10

FIRST_PAINT = """
import asyncio, time
start = time.perf_counter()
{imports}
async def main():
    app = {make}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    print(time.perf_counter() - start)
asyncio.run(main())
"""


def first_paint(project_path: Path, runs: int = 3) -> tuple[float, float]:
    """Median seconds to the first screen: workbench on `project_path`, bare Textual app."""
    def measure(imports: str, make: str) -> float:
        code = FIRST_PAINT.format(imports=imports, make=make)
        times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                      text=True, check=True, cwd=REPO).stdout.strip())
                 for _ in range(runs)]
        return statistics.median(times)

    workbench = measure("from workbench.project import open_project\n"
                        "from workbench.tui.app import make_app",
                        f"make_app(open_project({str(project_path)!r}))")
    bare = measure("from textual.app import App", "App()")
    return workbench, bare


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def big_document(project) -> int:  # type: ignore[no-untyped-def]
    """One document of SEGMENTS segments made of the seed pages' sentences."""
    from workbench.ingest.importer import import_paths
    from workbench.ingest.model import ParsedDocument, ParsedPassage
    from workbench.resources import seed_files
    from workbench.store.documents import save_document, source_segments

    with seed_files() as seeds:
        import_paths(project, seeds)
    sentences = [r["text"] for r in source_segments(project.db)]
    passages = []
    for p in range(SEGMENTS // 50):
        chosen = [sentences[(p * 50 + s) % len(sentences)] for s in range(50)]
        passages.append(ParsedPassage("paragraph", "", [f"{text} ({p}.{s})" for s, text in
                                                        enumerate(chosen)]))
    return save_document(project.db, ParsedDocument("Ten thousand segments", passages, "text",
                                                    source_path="big.txt", lang="en")
                         ).document_id


class Probe:
    """Times keystrokes from the key event to the last screen update it caused."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.last_display = 0.0
        self.cpu = 0.0  # UI-thread CPU seconds of the last keystroke (measuring loop included)
        display = app._display

        def timed_display(screen, renderable):  # type: ignore[no-untyped-def]
            if renderable is not None:
                self.last_display = time.perf_counter()
            return display(screen, renderable)

        app._display = timed_display

    def settled(self) -> bool:
        screen = self.app.screen
        nodes = [self.app, screen, *screen.walk_children()]
        return all(node.message_queue_size == 0 for node in nodes) and not (
            screen._layout_required or screen._repaint_required or screen._dirty_widgets)

    async def press(self, key: str, done=None) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        """Send `key`; milliseconds until the screen caught up, and until `done()` too."""
        from textual import events

        self.last_display = 0.0
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(self.app)
        start, cpu = time.perf_counter(), time.thread_time()
        self.app.post_message(event)
        await asyncio.sleep(0)
        shown, own = None, 0.0  # own: CPU of this loop's checks, not the app's
        while True:
            before = time.thread_time()
            settled = self.settled()
            own += time.thread_time() - before
            if settled and self.last_display:
                if shown is None:
                    shown = self.last_display
                if done is None or done():
                    break
            await asyncio.sleep(0.0005)
            if time.perf_counter() - start > 10:
                break
        self.cpu = time.thread_time() - cpu - own
        first = shown or start
        return (first - start) * 1000, (max(self.last_display, first) - start) * 1000


class Samples:
    def __init__(self) -> None:
        self.data: dict[tuple[str, str], list[float]] = {}

        self.cpu: dict[tuple[str, str], list[float]] = {}

    def add(self, arm: str, kind: str, ms: float, cpu: float) -> None:
        self.data.setdefault((arm, kind), []).append(ms)
        self.cpu.setdefault((arm, kind), []).append(cpu * 1000)


def complete(screen):  # type: ignore[no-untyped-def]
    """The current segment's context (MT, TM, terms, QA) has arrived and is shown."""
    def done() -> bool:
        ctx = screen.context
        return ctx is not None and ctx.segment_id == screen.shown_id
    return done


async def step(probe: Probe, screen, samples: Samples, arm: str) -> None:  # type: ignore[no-untyped-def]
    """In the editor: type a letter and delete it, move to the next segment."""
    for key in ("x", "backspace"):
        samples.add(arm, "typing", (await probe.press(key))[1], probe.cpu)
    shown, full = await probe.press("alt+down", complete(screen))
    samples.add(arm, "segment move (shown)", shown, probe.cpu)
    samples.add(arm, "segment move (complete)", full, probe.cpu)


async def pages(probe: Probe, screen, samples: Samples, arm: str, count: int) -> None:  # type: ignore[no-untyped-def]
    """In the grid (focused once, as a reader paging through does): Page Down."""
    screen.grid.focus()
    await asyncio.sleep(0.2)
    for _ in range(count):
        samples.add(arm, "page move", (await probe.press("pagedown", complete(screen)))[1],
                    probe.cpu)
    screen.editor.focus()
    await asyncio.sleep(0.2)


async def run(rounds: int, steps: int, tiny: bool) -> tuple[Samples, int, Path]:
    from textual.worker import WorkerCancelled

    from workbench.mt.packages import install_file
    from workbench.project import open_project
    from workbench.tui.app import make_app
    from workbench.tui.jobs import MT_GROUP

    work = Path(tempfile.mkdtemp(prefix="wb-tui-bench-"))
    os.environ.update(WORKBENCH_DATA_DIR=str(work / "data"),
                      WORKBENCH_MODELS_DIR=str(work / "models"),
                      WORKBENCH_CONFIG=str(work / "config.toml"))
    print(f"building an en→sq test package ({'tiny' if tiny else 'Argos-size'}) and a "
          f"{SEGMENTS}-segment document …", file=sys.stderr)
    spm = train_sentencepiece(work / "spm")
    install_file(build_package(work, "en", "sq", spm, dims=TINY if tiny else ARGOS, seed=1),
                 work / "models")
    project = open_project(work / "bench.wbproj", with_seeds=False)
    doc_id = big_document(project)
    project.settings.batch_size = BATCH_SIZE  # small batches: the grid fills in often
    app = make_app(project)
    samples = Samples()
    async with app.run_test(size=(120, 40)) as pilot:
        app.set_language("sq")
        app.open_review(doc_id)
        await pilot.pause()
        screen = app.screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(screen.rows) == SEGMENTS, len(screen.rows)
        probe = Probe(app)
        for _ in range(WARM_UP_STEPS):  # first visits fill caches (glossary, TM index, strips)
            await step(probe, screen, samples, "warm-up")
        for _ in range(rounds):
            for _ in range(steps):                      # A: idle
                await step(probe, screen, samples, "idle")
            await pages(probe, screen, samples, "idle", steps // 3)
            app.start_translation("sq", None)           # B: while the App's MT job runs
            await pilot.pause(0.5)
            for _ in range(steps):
                if not app.job_running(MT_GROUP):
                    print("note: the translation ended during a round", file=sys.stderr)
                    break
                await step(probe, screen, samples, "translating")
            await pages(probe, screen, samples, "translating", steps // 3)
            app.cancel_job(MT_GROUP)
            with contextlib.suppress(WorkerCancelled):
                while app.job_running(MT_GROUP):
                    await asyncio.sleep(0.05)
        suggestions = project.db.execute("SELECT count(*) FROM suggestions").fetchone()[0]
        await pilot.press("ctrl+q")
    project.close()
    return samples, suggestions, work / "bench.wbproj"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6,
                        help="idle/translating rounds, alternating (default 6)")
    parser.add_argument("--steps", type=int, default=15,
                        help="steps per arm and round (3 keystrokes each, and a page move "
                             "per 3 steps; default 15)")
    parser.add_argument("--tiny", action="store_true",
                        help="a tiny model (fast to build; much less background load)")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    samples, suggestions, path = asyncio.run(run(args.rounds, args.steps, args.tiny))
    load_after = os.getloadavg()[0]
    paint, bare = first_paint(path)
    print(f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before and "
          f"{load_after:.1f} after the rounds (the translating arm adds about one)")
    print(f"document: {SEGMENTS} segments; {suggestions} MT suggestions stored and shown "
          "during the translating arm")
    print(f"first paint: {paint:.2f} s (bare Textual app {bare:.2f} s, ×{paint / bare:.2f})")
    print(f"{'':26}{'arm':>12}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
          f"{'UI cpu p50':>12}")
    kinds = ("typing", "segment move (shown)", "segment move (complete)", "page move")
    for kind in kinds:
        for arm in ("idle", "translating"):
            values = samples.data.get((arm, kind), [])
            if values:
                print(f"{kind:26}{arm:>12}{len(values):>5}{statistics.median(values):9.1f}"
                      f"{percentile(values, 0.95):9.1f}{max(values):9.1f}"
                      f"{statistics.median(samples.cpu[(arm, kind)]):12.1f}")
    busy = [v for (arm, _), vs in samples.data.items() if arm == "translating" for v in vs]
    idle = [v for (arm, _), vs in samples.data.items() if arm == "idle" for v in vs]
    if busy and idle:
        print(f"all keystrokes: translating/idle p50 ×{statistics.median(busy) / statistics.median(idle):.2f}, "
              f"p95 ×{percentile(busy, 0.95) / percentile(idle, 0.95):.2f}")
        print(f"goal p95 < 50 ms while translating: {percentile(busy, 0.95):.1f} ms — "
              f"{'met' if percentile(busy, 0.95) < 50 else 'NOT met'}")
    moves = [v for (arm, kind), vs in samples.data.items() if arm != "warm-up"
             and kind in ("segment move (complete)", "page move") for v in vs]
    if moves:
        print(f"goal moves < 30 ms median (complete, both arms): {statistics.median(moves):.1f}"
              f" ms — {'met' if statistics.median(moves) < 30 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
