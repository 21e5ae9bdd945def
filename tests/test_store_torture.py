"""Torture: many processes, each with several connections, on one project, with kill -9.

This is the test that would have caught the corruption of issue 13: a TUI-like process holds
several connections (one per thread, and a fresh one for every short-lived worker thread) while
CLI-like processes open, write, close and exit around it, and the parent kills processes with
SIGKILL at random. If anything in a process opened and closed the project file outside SQLite,
POSIX would drop that process's locks, a closing CLI process would checkpoint and delete the WAL
under the others, and the project would end up malformed or missing committed edits.

At the end SQLite's integrity_check must say ok, the FTS indexes must pass their own integrity
check, and every edit a worker logged as committed must be in the project's history.
WORKBENCH_TORTURE_SECONDS sets the length of the run (default 40 s).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from workbench.project import open_project

WORKER = Path(__file__).with_name("torture_worker.py")
SECONDS = float(os.environ.get("WORKBENCH_TORTURE_SECONDS", "40"))
TUI_PROCESSES = 2   # besides the long-lived "tui-main", which lives the whole run unkilled
CLI_PROCESSES = 2   # kept running at once, each replaced when it exits or is killed


def spawn(project: Path, logdir: Path, name: str, mode: str, seed: int,
          seconds: float) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.Popen([sys.executable, str(WORKER), str(project), str(logdir), name, mode,
                             str(seed), str(seconds)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def test_processes_and_threads_with_kill_9_lose_nothing_and_keep_the_file_sound(
        tmp_path: Path) -> None:
    path = tmp_path / "torture.wbproj"
    open_project(path, with_seeds=True).close()
    logdir = tmp_path / "logs"
    logdir.mkdir()
    rng = random.Random(13)
    started = time.monotonic()
    until = started + SECONDS
    running: dict[str, subprocess.Popen[bytes]] = {}
    spawned = kills = 0
    finished_tui = 0

    def start(name: str, mode: str, seconds: float = 0.0) -> None:
        nonlocal spawned
        seconds = seconds or (rng.uniform(4, 12) if mode == "tui" else 0)
        running[name] = spawn(path, logdir, name, mode, rng.randrange(1 << 30), seconds)
        spawned += 1

    # The translator's TUI session: open from start to end, never killed, while CLI commands
    # and other sessions come and go (and die) around it.
    start("tui-main", "tui", SECONDS)
    while time.monotonic() < until:
        for name, proc in list(running.items()):
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else ""
                assert proc.returncode in (0, -signal.SIGKILL), f"{name} failed:\n{err}"
                finished_tui += name.startswith("tui") and proc.returncode == 0
                del running[name]
        tuis = [n for n in running if n.startswith("tui") and n != "tui-main"]
        clis = [n for n in running if n.startswith("cli")]
        for _ in range(TUI_PROCESSES - len(tuis)):
            start(f"tui{spawned}", "tui")
        for _ in range(CLI_PROCESSES - len(clis)):
            start(f"cli{spawned}", "cli")
        if rng.random() < 0.12:
            victim = rng.choice([n for n in running if n != "tui-main"])
            running[victim].send_signal(signal.SIGKILL)
            kills += 1
        time.sleep(0.1)  # the parent's pacing between checks, not a wait for an event
    for name, proc in running.items():
        proc.wait(timeout=120)
        err = proc.stderr.read().decode() if proc.stderr else ""
        assert proc.returncode in (0, -signal.SIGKILL), f"{name} failed:\n{err}"
        finished_tui += name.startswith("tui") and proc.returncode == 0

    errors = sorted(logdir.glob("*.err"))
    assert not errors, errors[0].read_text(encoding="utf-8")

    logged = []
    for log in logdir.glob("*.log"):
        for line in log.read_text(encoding="utf-8").splitlines():
            seg, lang, text = line.split("\t")
            logged.append((int(seg), lang, text))
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO tm_fts(tm_fts) VALUES ('integrity-check')")
        history = set(conn.execute(
            "SELECT segment_id, lang, new_text FROM translation_history").fetchall())
        lost = [edit for edit in logged if edit not in history]
        current = dict(((s, lg), t) for s, lg, t in conn.execute(
            "SELECT segment_id, lang, text FROM translations"))
        last = dict(((s, lg), t) for s, lg, t in conn.execute(
            "SELECT segment_id, lang, new_text FROM translation_history WHERE id IN "
            "(SELECT max(id) FROM translation_history GROUP BY segment_id, lang)"))
    finally:
        conn.close()
    counts = (logdir / "counts.txt").read_text(encoding="utf-8") if (
        logdir / "counts.txt").exists() else ""
    threads = counts.count("\n")
    print(f"\ntorture: {spawned} processes ({kills} killed with SIGKILL), {threads} finished "
          f"threads, {len(logged)} confirmed edits logged, {len(lost)} lost, "
          f"{time.monotonic() - started:.0f} s")
    assert len(logged) > 200, "the run did too little work to prove anything"
    assert kills >= 3 and finished_tui >= 1
    assert lost == []
    assert current == last  # each translation is the last edit its history recorded
