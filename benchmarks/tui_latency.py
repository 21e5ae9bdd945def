"""Keystroke-to-screen latency of the review screen: idle vs during a background translation.

Drives the real app headless (120×40) on a temporary project holding the seed pages and the
starter glossary. Each step presses Alt+↓ (next segment: the grid redraws, the MT/TM/glossary/QA
panels reload from the store), types a letter (QA re-checks the editor) and deletes it again.

A keystroke's latency is the time from the key event entering the app until the last screen
update it caused has been composed (`App._display`), once every message queue of the screen
is empty and no repaint is pending. Pilot's own `press`/`pause` are not used for timing: they
wait for the *process* to look idle by CPU time, which never happens while a worker thread
translates.

Baseline: the same keystrokes with nothing running, measured in the same run. Busy: while the
review screen's MT worker translates every seed page into Albanian with a genuine Argos package
of Argos's real size (6+6 layers, d_model 512; generated weights, since no model can be
downloaded here — see tests/fixtures/argos_builder.py), only keystrokes made while the worker
runs are counted, and typing goes on until at least two batches have been stored and drawn.
Goal: p95 < 50 ms while translating.

First paint: a fresh interpreter imports the workbench and shows the documents screen of the
seeded project (headless), against a bare Textual `App()` measured the same way (the baseline).
Goal: under 1.5 s.

Run: `python benchmarks/tui_latency.py [--steps 100] [--tiny]`.
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

STEP_KEYS = ("alt+down", "x", "backspace")
BATCH_SIZE = 8
MIN_BATCHES = 2
MAX_BUSY_SECONDS = 180
WARM_UP_STEPS = 20


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


class Probe:
    """Times keystrokes from the key event to the last screen update it caused."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.last_display = 0.0
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

    async def press(self, key: str) -> float:
        """Send `key`, wait until the screen has caught up; latency in milliseconds."""
        from textual import events

        self.last_display = 0.0
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(self.app)
        start = time.perf_counter()
        self.app.post_message(event)
        await asyncio.sleep(0)
        while not self.settled() or self.last_display == 0.0:
            await asyncio.sleep(0.0005)
            if time.perf_counter() - start > 5:
                break
        return (max(self.last_display, start) - start) * 1000


async def run(steps: int, tiny: bool
              ) -> tuple[list[float], list[float], int, tuple[float, float]]:
    from textual.worker import WorkerCancelled

    from workbench.mt.packages import install_file
    from workbench.mt.service import CHUNK_BATCHES
    from workbench.project import open_project
    from workbench.tui.app import make_app
    from workbench.tui.jobs import MT_GROUP

    work = Path(tempfile.mkdtemp(prefix="wb-tui-bench-"))
    os.environ.update(WORKBENCH_DATA_DIR=str(work / "data"),
                      WORKBENCH_MODELS_DIR=str(work / "models"),
                      WORKBENCH_CONFIG=str(work / "config.toml"))
    print(f"building an en→sq test package ({'tiny' if tiny else 'Argos-size'}) …",
          file=sys.stderr)
    spm = train_sentencepiece(work / "spm")
    install_file(build_package(work, "en", "sq", spm, dims=TINY if tiny else ARGOS, seed=1),
                 work / "models")
    project = open_project(work / "bench.wbproj", with_seeds=True)
    project.settings.batch_size = BATCH_SIZE  # small batches: the grid fills in often
    chunk = BATCH_SIZE * CHUNK_BATCHES
    app = make_app(project)
    idle: list[float] = []
    busy: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.set_language("sq")
        await pilot.press("enter")
        screen = app.screen
        await screen.workers.wait_for_complete()
        await pilot.pause()
        probe = Probe(app)
        for _ in range(WARM_UP_STEPS):  # first visits fill caches (glossary, TM index, strips)
            for key in STEP_KEYS:
                await probe.press(key)
        for _ in range(steps):
            for key in STEP_KEYS:
                idle.append(await probe.press(key))
        app.start_translation("sq", None)  # the whole project, in an App worker
        await pilot.pause(0.5)

        def translating() -> bool:
            return app.job_running(MT_GROUP)

        def stored() -> int:
            return project.db.execute("SELECT count(*) FROM suggestions").fetchone()[0]

        # Keep typing until enough keystrokes were timed *and* batches have landed in the
        # grid (the UI work of a batch counts too), or the translation ends.
        deadline = time.perf_counter() + MAX_BUSY_SECONDS
        while translating() and time.perf_counter() < deadline and (
                len(busy) < steps * len(STEP_KEYS) or stored() < MIN_BATCHES * chunk):
            for key in STEP_KEYS:
                busy.append(await probe.press(key))
        still_running = translating()
        app.cancel_job(MT_GROUP)
        with contextlib.suppress(WorkerCancelled):
            await screen.workers.wait_for_complete()
        suggestions = stored()
        await pilot.press("ctrl+q")
    project.close()
    paint = first_paint(work / "bench.wbproj")
    if not still_running:
        print("note: the translation ended before all busy keystrokes were made",
              file=sys.stderr)
    return idle, busy, suggestions, paint


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100,
                        help="steps per phase (3 keystrokes each; default 100)")
    parser.add_argument("--tiny", action="store_true",
                        help="a tiny model (fast to build; much less background load)")
    args = parser.parse_args()
    idle, busy, suggestions, (paint, bare) = asyncio.run(run(args.steps, args.tiny))
    print(f"first paint on the seeds: {paint:.2f} s (bare Textual app {bare:.2f} s, "
          f"×{paint / bare:.2f}); goal < 1.5 s: {'met' if paint < 1.5 else 'NOT met'}")
    print(f"keystrokes: {len(idle)} idle, {len(busy)} during translation "
          f"({suggestions} suggestions stored and shown meanwhile)")
    print(f"{'':18}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, values in (("idle (baseline)", idle), ("translating", busy)):
        if values:
            print(f"{name:18}{statistics.median(values):9.1f}{percentile(values, 0.95):9.1f}"
                  f"{max(values):9.1f}")
    if idle and busy:
        p50 = statistics.median(busy) / statistics.median(idle)
        p95 = percentile(busy, 0.95) / percentile(idle, 0.95)
        print(f"ratio translating/idle: p50 ×{p50:.2f}, p95 ×{p95:.2f}; "
              f"goal p95 < 50 ms: {'met' if percentile(busy, 0.95) < 50 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
