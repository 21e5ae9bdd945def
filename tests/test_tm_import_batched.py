"""Large TM imports hold the write lock a batch at a time, and still end all or nothing.

A translator confirming segments while a colleague imports a big TMX must not wait for the
whole import (let alone fail with "busy"); a file with an error on its last line must leave the
TM untouched; an import killed half-way is undone (while reading) or finished (while storing)
by the next `import-tm`, never left half-visible.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from workbench.errors import ProjectBusyError
from workbench.project import open_project
from workbench.store import db as storedb
from workbench.store.translations import set_translation

PAIRS = 60_000


def big_tsv(path: Path, n: int = PAIRS, *, bad_last_line: bool = False) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("en\tsq\n")
        for i in range(n):
            fh.write(f"Meeting number {i} of the council in Tirana\tTakimi numër {i} i "
                     f"këshillit në Tiranë\n")
        if bad_last_line:
            fh.write("a line without a tab\n")
    return path


def project_with_a_page(path: Path) -> None:
    from workbench.ingest.importer import parse_text
    from workbench.store.documents import save_document

    with open_project(path, with_seeds=False) as p:
        save_document(p.db, parse_text("A page\n\nOne sentence here. Another one there.\n"))


def cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "workbench", *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)


def tm_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM tm_units WHERE segment_id IS NULL"
                                ).fetchone()[0])
    finally:
        conn.close()


def staged(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT count(*) FROM tm_imports").fetchone()[0],
                conn.execute("SELECT count(*) FROM tm_import_rows").fetchone()[0])
    finally:
        conn.close()


def test_confirming_during_a_big_import_never_waits_for_the_whole_import(
        tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    project_with_a_page(path)
    tsv = big_tsv(tmp_path / "big.tsv")
    importer = cli("--project", str(path), "import-tm", str(tsv))
    # A generous wait, so a slow batch on a loaded machine is waited for, not an error; what
    # shows the import lets go between batches is the number of confirms stored while it runs
    # (one transaction for the whole file would let a single confirm through, at its end).
    conn = storedb.connect(path, lock_wait=60.0)
    confirmed = busy = 0
    try:
        while importer.poll() is None:
            try:
                set_translation(conn, 1 + confirmed % 3, "sq", f"përkthim {confirmed}")
                confirmed += 1
            except ProjectBusyError:
                busy += 1
            try:  # a fast translator: a confirm every 50 ms, not a loop that never lets go
                importer.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                pass
    finally:
        out, err = importer.communicate(timeout=600)
        conn.close()
    assert importer.returncode == 0, err
    assert busy == 0
    assert confirmed > 5  # the translator kept working while the import ran
    assert tm_count(path) == PAIRS
    assert staged(path) == (0, 0)


def test_an_error_on_the_last_line_leaves_the_tm_untouched(tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    project_with_a_page(path)
    tsv = big_tsv(tmp_path / "bad.tsv", 12_000, bad_last_line=True)
    result = cli("--project", str(path), "import-tm", str(tsv))
    _, err = result.communicate(timeout=600)
    assert result.returncode == 1 and f"bad.tsv:{12_002}" in err
    assert tm_count(path) == 0
    assert staged(path) == (0, 0)


KILLED_IMPORT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from workbench.formats import tsv
    from workbench.formats.model import ImportReport
    from workbench.project import Project
    from workbench.store import tm_import
    from workbench.tm.units import _rows
    project = Project(Path(sys.argv[1]))
    pairs = tsv.read_pairs(Path(sys.argv[2]), ImportReport(path=sys.argv[2], format="tsv"))
    rows = _rows(pairs, "file:" + sys.argv[2], "2026-12-01T00:00:00Z")
    if sys.argv[3] == "reading":
        def dying(rows):
            for n, row in enumerate(rows):
                if n == 7_000:
                    os.kill(os.getpid(), signal.SIGKILL)
                yield row
        rows = dying(rows)
    import_id = tm_import.stage(project.db, rows, "file:" + sys.argv[2])
    os.kill(os.getpid(), signal.SIGKILL)  # killed after staging, before storing
""")


def run_killed_import(path: Path, tsv: Path, phase: str) -> None:
    proc = subprocess.run([sys.executable, "-c", KILLED_IMPORT, str(path), str(tsv), phase],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == -signal.SIGKILL, proc.stderr


def test_an_import_killed_while_reading_is_undone_by_the_next_import(tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    project_with_a_page(path)
    tsv = big_tsv(tmp_path / "big.tsv", 12_000)
    run_killed_import(path, tsv, "reading")
    assert staged(path)[0] == 1 and tm_count(path) == 0  # nothing reached the TM
    result = cli("--project", str(path), "import-tm")
    _, err = result.communicate(timeout=600)
    assert result.returncode == 0, err
    assert "nothing of it was kept" in err
    assert staged(path) == (0, 0) and tm_count(path) == 0


def test_an_import_killed_while_storing_is_finished_by_the_next_import(tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    project_with_a_page(path)
    tsv = big_tsv(tmp_path / "big.tsv", 12_000)
    run_killed_import(path, tsv, "storing")
    assert staged(path) == (1, 12_000)
    other = big_tsv(tmp_path / "other.tsv", 10)
    result = cli("--project", str(path), "import-tm", str(other))
    _, err = result.communicate(timeout=600)
    assert result.returncode == 0, err
    assert "finished: 12000 pairs stored" in err
    assert staged(path) == (0, 0)
    assert tm_count(path) == 12_000  # other.tsv's ten pairs are already among them


def test_a_running_import_is_not_taken_for_an_abandoned_one(tmp_path: Path) -> None:
    from workbench.store import tm_import

    path = tmp_path / "p.wbproj"
    project_with_a_page(path)
    conn = storedb.connect(path)
    with storedb.transaction(conn):
        conn.execute("INSERT INTO tm_imports(origin_ref, state, owner, started_at) VALUES "
                     "('file:x', 'storing', ?, '2026-12-01T00:00:00Z')",
                     (tm_import._owner(os.getpid()),))
    assert tm_import.stale(conn) == []  # this very process is alive: not abandoned
    conn.close()
