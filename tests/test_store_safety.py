"""Bad project files, locks, full disks and read-only files: one clear line, nothing changed.

Each case runs the real `workbench` CLI in a subprocess (what a user runs) and checks the exit
status, that stderr is one `workbench: error:` line and no traceback, and that the project file
is byte-for-byte as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from workbench.errors import ProjectBusyError, ProjectError, ProjectWriteError
from workbench.project import Project, open_project
from workbench.store import db as storedb
from workbench.store.translations import get_translation, set_translation

SEED_PAGE = Path(__file__).resolve().parents[1] / "seeds" / "000_ea33c5071f30f145.txt"


def cli(*args: str, timeout: float = 60,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `workbench ARGS` as a user would."""
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                          text=True, timeout=timeout, env=env or dict(os.environ),
                          stdin=subprocess.DEVNULL)


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1 and lines[0].startswith("workbench: error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def project_with_work(path: Path) -> bytes:
    """A closed project holding a translated seed segment; returns its bytes."""
    with open_project(path, with_seeds=False) as p:
        p_import(p)
        set_translation(p.db, 1, "sq", "Përkthim i ruajtur")
    return path.read_bytes()


def p_import(p: Project) -> None:
    from workbench.ingest.importer import import_paths

    import_paths(p, [SEED_PAGE])


def test_a_fifo_given_as_project_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.wbproj"
    os.mkfifo(fifo)
    result = cli("--project", str(fifo), "import", str(SEED_PAGE), timeout=20)
    assert_one_clear_line(result, "named pipe")


def test_a_symlink_loop_is_refused(tmp_path: Path) -> None:
    loop = tmp_path / "loop.wbproj"
    os.symlink(loop, loop)
    assert_one_clear_line(cli("--project", str(loop), "import", str(SEED_PAGE)), "loop")


def test_another_apps_sqlite_file_is_refused_without_a_single_byte_changed(
        tmp_path: Path) -> None:
    other = tmp_path / "contacts.db"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE people(name)")
        c.execute("INSERT INTO people VALUES ('x')")
    c.close()
    before = other.read_bytes()
    assert before[18:20] == b"\x01\x01"  # rollback journal mode
    result = cli("--project", str(other), "import", str(SEED_PAGE))
    assert_one_clear_line(result, "not a workbench project")
    assert other.read_bytes() == before  # not converted to WAL (bytes 18-19 would be 2, 2)
    assert not Path(f"{other}-wal").exists()


def corrupt_a_page_in_the_middle(path: Path) -> None:
    """Overwrite one b-tree page of a closed project with garbage (as a bad sector would)."""
    with sqlite3.connect(path) as c:
        page_size = c.execute("PRAGMA page_size").fetchone()[0]
        root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'segments'"
                         ).fetchone()[0]
        pages = c.execute("PRAGMA page_count").fetchone()[0]
    c.close()
    assert 1 < root < pages
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\x0d" + os.urandom(page_size - 1))


def test_a_damaged_project_is_not_written_into(tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    project_with_work(path)
    corrupt_a_page_in_the_middle(path)
    before = path.read_bytes()
    result = cli("--project", str(path), "import", str(SEED_PAGE.with_name(
        "001_fb25b85849cd3284.txt")))
    assert_one_clear_line(result, "damaged")
    assert path.read_bytes() == before


def test_a_damaged_project_opens_read_only_so_work_can_be_exported(tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    project_with_work(path)
    with sqlite3.connect(path) as c:  # damage the glossary, not the translations
        root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'glossary_terms'"
                         ).fetchone()[0]
        page_size = c.execute("PRAGMA page_size").fetchone()[0]
    c.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\x0d" + b"\xee" * (page_size - 1))
    with Project(path) as p:
        assert p.read_only_reason
        assert get_translation(p.db, 1, "sq").text == "Përkthim i ruajtur"  # type: ignore[union-attr]
        with pytest.raises(ProjectError, match="damaged.*read-only"):
            set_translation(p.db, 1, "sq", "new")


def test_an_immutable_project_file_gives_one_line(tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    before = project_with_work(path)
    with read_only(path):
        result = cli("--project", str(path), "glossary", "add", "Test Three", "--fa", "تست سه")
    assert_one_clear_line(result, "read-only")
    assert path.read_bytes() == before


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder read-only even for root (immutable), or by mode for other users."""
    immutable = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
    if not immutable:
        os.chmod(path, 0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


def test_a_read_only_folder_says_so_not_corrupt(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "p.wbproj"
    before = project_with_work(path)
    with read_only(folder):
        result = cli("--project", str(path), "glossary", "add", "Test Three", "--fa", "تست سه")
    assert_one_clear_line(result, "read-only")
    assert "corrupt" not in result.stderr and "backup" not in result.stderr
    assert path.read_bytes() == before


WRITE_LOCK_HOLDER = textwrap.dedent("""
    import sys, sqlite3
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
""")


def test_a_writer_waits_a_bounded_time_then_says_busy(tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    project_with_work(path)
    config = tmp_path / "config.toml"
    config.write_text("lock_wait = 1.5\n", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", WRITE_LOCK_HOLDER, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        env = dict(os.environ, WORKBENCH_CONFIG=str(config))
        result = cli("--project", str(path), "glossary", "add", "Test Three", "--fa", "تست سه",
                     env=env)
        assert_one_clear_line(result, "busy")
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    assert cli("--project", str(path), "glossary", "add", "Test Three", "--fa", "تست سه",
               env=env).returncode == 0


def test_busy_in_process_raises_the_busy_error_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    project_with_work(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        conn = storedb.connect(path, lock_wait=0.2)
        with pytest.raises(ProjectBusyError, match="busy"):
            set_translation(conn, 1, "sq", "waiting")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert get_translation(conn, 1, "sq").text == "Përkthim i ruajtur"  # type: ignore[union-attr]
    conn.close()


def test_a_full_disk_rolls_back_cleanly_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    project_with_work(path)
    conn = storedb.connect(path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL path
    from workbench.ingest.importer import parse_file
    from workbench.store.documents import list_documents, save_document

    big = parse_file(SEED_PAGE.with_name("003_c426e0ac8ae3138c.txt"))
    with pytest.raises(ProjectWriteError, match="disk is full"):
        with storedb.transaction(conn):
            with storedb.transaction(conn):  # nested: the savepoint must not mask the error
                save_document(conn, big)
    assert not conn.in_transaction
    assert len(list_documents(conn)) == 1
    conn.close()


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 2 MB (tmpfs), where mounting is allowed (root in CI)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root); the SQLITE_FULL "
                    "path is covered by test_a_full_disk_rolls_back_cleanly_and_says_so")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_import_on_a_really_full_disk_gives_one_line_and_keeps_the_project(
        tiny_disk: Path, tmp_path: Path) -> None:
    path = tiny_disk / "p.wbproj"
    project_with_work(path)
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(40):
        shutil.copy(SEED_PAGE.with_name("003_c426e0ac8ae3138c.txt"), pages / f"page{i}.txt")
        text = (pages / f"page{i}.txt").read_text(encoding="utf-8")
        (pages / f"page{i}.txt").write_text(f"Page {i}\n\n{text}\n{i}\n", encoding="utf-8")
    filler = tiny_disk / "filler"
    free = shutil.disk_usage(tiny_disk).free
    filler.write_bytes(b"\0" * max(0, free - 600_000))
    result = cli("--project", str(path), "import", str(pages))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != 0
    assert "disk is full" in result.stderr
    filler.unlink()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    row = conn.execute("SELECT text FROM translations WHERE segment_id = 1").fetchone()
    assert row == ("Përkthim i ruajtur",)
    conn.close()


def test_import_tm_and_export_on_a_really_full_disk_give_one_line(
        tiny_disk: Path, tmp_path: Path) -> None:
    path = tiny_disk / "p.wbproj"
    project_with_work(path)
    tsv = tmp_path / "big.tsv"
    with tsv.open("w", encoding="utf-8") as fh:
        fh.write("en\tsq\n")
        for i in range(30_000):
            fh.write(f"Meeting number {i} of the council\tTakimi numër {i} i këshillit\n")
    filler = tiny_disk / "filler"
    filler.write_bytes(b"\0" * max(0, shutil.disk_usage(tiny_disk).free - 400_000))
    assert_one_clear_line(cli("--project", str(path), "import-tm", str(tsv)), "disk is full")
    filler.unlink()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT count(*) FROM tm_units WHERE segment_id IS NULL"
                        ).fetchone()[0] == 0  # all or nothing
    conn.close()
    # Exporting onto a full disk: the project (on another disk) is untouched, one clear line.
    elsewhere = tmp_path / "elsewhere.wbproj"
    before = project_with_work(elsewhere)
    filler.write_bytes(b"\0" * shutil.disk_usage(tiny_disk).free)
    result = cli("--project", str(elsewhere), "export", "--format", "tmx", "--to", "sq", "-o",
                 str(tiny_disk / "memory.tmx"))
    assert "Traceback" not in result.stderr and result.returncode != 0, result.stderr
    assert "space" in result.stderr or "full" in result.stderr, result.stderr
    assert elsewhere.read_bytes() == before
