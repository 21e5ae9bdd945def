"""import_paths on real and broken files: clear errors, nothing stored for a bad file,
versioning of changed pages, and the CLI end to end."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.ingest.importer import import_paths, parse_file
from workbench.project import Project
from workbench.store.documents import list_documents, list_passages, list_segments
from workbench.store.translations import get_translation, set_translation

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
WORKBENCH = Path(sys.executable).parent / "workbench"
ARABIC = "قال د. أحمد الموسوي إن الوضع في مخيم أشرف خطير جداً. وأضاف أن الحكومة يجب أن تتحرك."
ALBANIAN = "Z. Rama tha se qeveria do të nënshkruajë marrëveshjen për sigurinë kibernetike."


def snapshot(project: Project) -> list[tuple]:
    """Everything an import could change, to prove a failed one changed nothing."""
    db = project.db
    return [tuple(r) for r in db.execute(
        "SELECT d.id, d.version, d.is_current, d.content_hash, count(s.id) FROM documents d "
        "LEFT JOIN segments s ON s.document_id = d.id GROUP BY d.id ORDER BY d.id")]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each bad input file with a fragment its error message must contain."""
    d = tmp_path / "bad"
    d.mkdir()
    huge = d / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk
    empty_dir = d / "empty-folder"
    empty_dir.mkdir()
    return {
        "png": (write(d / "photo.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256))), "PNG image"),
        "binary": (write(d / "data.txt", b"abc\x00\x01\x02\xff" * 50), "binary file"),
        "pdf": (write(d / "report.txt", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj"), "PDF document"),
        "utf16 no bom": (write(d / "utf16.txt", "Camp Ashraf 3\n\nText.".encode("utf-16-le")),
                         "UTF-16 without a byte-order mark"),
        "cp1256": (write(d / "arabic.txt", ARABIC.encode("cp1256")), "WINDOWS-1256"),
        "latin1": (write(d / "shqip.txt", ALBANIAN.encode("latin-1")), "LATIN1"),
        "empty": (write(d / "empty.txt", b""), "file is empty"),
        "blank": (write(d / "blank.txt", b" \n\n\t\n"), "only whitespace"),
        "huge": (huge, "too large (100.0 MB"),
        "no text html": (write(d / "broken.html", b"<html><head><script>x()</script>"
                               b"<body><nav><a>Home</a></nav><div class='share'"), "no text found"),
        "wrong declaration": (write(d / "decl.html", b"<meta charset='utf-8'><p>\xe9\xe8</p>"),
                              "not in its declared encoding 'utf-8'"),
        "empty folder": (empty_dir, "no .html, .htm or .txt pages"),
        "missing": (d / "does-not-exist.html", "no such file or folder"),
    }


def test_each_bad_file_gives_one_clear_error_and_stores_nothing(
        seeded_project: Project, bad_files: dict[str, tuple[Path, str]]) -> None:
    before = snapshot(seeded_project)
    paths = [p for p, _ in bad_files.values()]
    outcomes = import_paths(seeded_project, paths)
    assert [o.path for o in outcomes] == [str(p) for p in paths]
    for (name, (path, fragment)), outcome in zip(bad_files.items(), outcomes, strict=True):
        assert outcome.result is None, name
        assert outcome.error and "\n" not in outcome.error, name
        assert outcome.error.startswith(str(path)), (name, outcome.error)
        assert fragment in outcome.error, (name, outcome.error)
    assert snapshot(seeded_project) == before


def test_legacy_encodings_name_the_fix(bad_files: dict[str, tuple[Path, str]],
                                       tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        parse_file(bad_files["cp1256"][0])
    assert "iconv -f WINDOWS-1256 -t UTF-8" in err.value.render()
    with pytest.raises(InputError) as err:
        parse_file(bad_files["latin1"][0])
    assert "iconv -f LATIN1" in err.value.render()
    assert err.value.line == 1
    with pytest.raises(InputError) as err:
        parse_file(write(tmp_path / "quotes.txt", "Rajavi’s “cult” – 2017".encode("cp1252")))
    assert "WINDOWS-1252" in err.value.render()


def test_unambiguous_encodings_are_read(tmp_path: Path) -> None:
    """A BOM or a charset declaration says what the bytes are: no guessing, no mojibake."""
    utf16 = write(tmp_path / "bom16.txt", ("\ufeff" + ARABIC).encode("utf-16-le"))
    utf8bom = write(tmp_path / "bom8.txt", ("\ufeff" + ALBANIAN).encode("utf-8"))
    html = write(tmp_path / "ar.html", b'<html><head><meta http-equiv="Content-Type" '
                 b'content="text/html; charset=windows-1256"></head><body><p>'
                 + ARABIC.encode("cp1256") + b"</p></body></html>")
    cases = ((utf16, ARABIC, "ar"), (utf8bom, ALBANIAN, "sq"), (html, ARABIC, "ar"))
    for path, text, lang in cases:
        doc = parse_file(path)
        body = [p for p in doc.passages if p.kind != "title"]
        assert body[0].text == text, path.name
        assert doc.lang == lang, path.name
    assert [p.sentences for p in parse_file(utf16).passages][-1] == [
        "قال د. أحمد الموسوي إن الوضع في مخيم أشرف خطير جداً.", "وأضاف أن الحكومة يجب أن تتحرك."]


def test_broken_html_still_gives_its_text(tmp_path: Path) -> None:
    page = write(tmp_path / "broken.html", b"<html><body><h1>Camp <b>Ashraf 3</h1><p>Families "
                 b"wait outside.<div>They wrote letters</span> to the UN.</p></td><li>Unclosed "
                 b"item<p>Last words")
    doc = parse_file(page)
    assert doc.title == "Camp Ashraf 3"
    texts = [p.plain for p in doc.passages]
    assert texts[0] == "Camp Ashraf 3"
    assert "Families wait outside." in texts
    assert "They wrote letters to the UN." in texts
    assert texts[-1] == "Last words"


def test_good_files_import_next_to_bad_ones(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SEEDS / "004_2e7118d64fe3d325.txt", folder / "b.txt")
    shutil.copy(SEEDS / "002_5829138e2cb1a685.txt", folder / "sub" / "a.txt")
    write(folder / "c.txt", b"\x00\x01binary")
    write(folder / "notes.md", b"# not a page type we walk")
    write(folder / ".hidden.txt", b"skipped")
    outcomes = import_paths(project, [folder])
    assert [Path(o.path).name for o in outcomes] == ["b.txt", "c.txt", "a.txt"]
    assert [o.result.action if o.result else None for o in outcomes] == ["created", None, "created"]
    assert "binary file" in (outcomes[1].error or "")
    assert len(list_documents(project.db)) == 2


def test_reimport_unchanged_and_changed_page_keeps_translations(
        project: Project, tmp_path: Path) -> None:
    page = tmp_path / "digest.txt"
    shutil.copy(SEEDS / "004_2e7118d64fe3d325.txt", page)
    [first] = import_paths(project, [page])
    assert first.result and first.result.action == "created"
    [again] = import_paths(project, [page])
    assert again.result and again.result.action == "unchanged"
    assert again.result.document_id == first.result.document_id

    doc_id = first.result.document_id
    segments = list_segments(project.db, doc_id)
    kept = next(s for s in segments if s["text"].startswith("Even internal critics"))
    changed = next(s for s in segments if s["text"].startswith("As usual this has engendered"))
    set_translation(project.db, kept["id"], "sq", "Edhe kritikët e brendshëm…")
    set_translation(project.db, changed["id"], "sq", "Si zakonisht…")

    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("As usual this has engendered many ironic responses.",
                                 "As usual this has engendered many angry responses."),
                    encoding="utf-8")
    [third] = import_paths(project, [page])
    assert third.result and third.result.action == "new-version"
    assert third.result.version == 2 and third.result.carried_translations == 1
    new_id = third.result.document_id
    new_segments = {s["text"]: s["id"] for s in list_segments(project.db, new_id)}
    carried = get_translation(project.db, new_segments[kept["text"]], "sq")
    assert carried is not None and carried.text == "Edhe kritikët e brendshëm…"
    edited = new_segments["As usual this has engendered many angry responses."]
    assert get_translation(project.db, edited, "sq") is None
    current = list_documents(project.db)
    assert [d["id"] for d in current] == [new_id]
    assert len(list_documents(project.db, include_old=True)) == 2


def test_import_as_edition_uses_given_language(project: Project, tmp_path: Path) -> None:
    page = write(tmp_path / "sq.txt", (f"Kampi Ashraf 3\n\n{ALBANIAN} Ai foli në Tiranë të "
                                       f"hënën.\n").encode())
    [outcome] = import_paths(project, [page], role="edition", lang="sq")
    assert outcome.result and outcome.result.action == "created"
    [doc] = list_documents(project.db, role="edition")
    assert doc["lang"] == "sq"
    passages = list_passages(project.db, doc["id"])
    assert passages[-1]["lang"] == "sq"
    assert [s["text"] for s in list_segments(project.db, doc["id"])][1:] == [
        ALBANIAN, "Ai foli në Tiranë të hënën."]


def test_progress_reports_every_file(project: Project) -> None:
    calls: list[tuple[int, int]] = []
    import_paths(project, [SEEDS], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, 5) for i in range(1, 6)]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(WORKBENCH), *args], capture_output=True, text=True, cwd=cwd,
                          env=os.environ.copy(), timeout=120)


def test_cli_import_seeds_then_documents(tmp_path: Path) -> None:
    proj = tmp_path / "cli.wbproj"
    done = run_cli("--project", str(proj), "import", str(SEEDS), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(": created document") == 5
    listing = run_cli("--project", str(proj), "documents", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert "Iran Interlink Weekly Digest – 307" in listing.stdout
    assert "If Terrorists Targeted Russia" in listing.stdout
    again = run_cli("--project", str(proj), "import", str(SEEDS), cwd=tmp_path)
    assert again.stdout.count(": unchanged document") == 5


def test_cli_bad_files_exit_nonzero_and_change_nothing(
        tmp_path: Path, bad_files: dict[str, tuple[Path, str]]) -> None:
    proj = tmp_path / "cli.wbproj"
    assert run_cli("--project", str(proj), "import", str(SEEDS / "000_ea33c5071f30f145.txt"),
                   cwd=tmp_path).returncode == 0
    for name in ("binary", "cp1256", "missing", "huge"):
        path, fragment = bad_files[name]
        done = run_cli("--project", str(proj), "import", str(path), cwd=tmp_path)
        assert done.returncode != 0, name
        errors = [line for line in done.stdout.splitlines() + done.stderr.splitlines()
                  if line.startswith("workbench: error:")]
        assert len(errors) == 1 and str(path) in errors[0] and fragment in errors[0], done
    with Project(proj) as project:
        assert [d["title"] for d in list_documents(project.db)] == [
            "Iran Interlink Weekly Digest – 307"]


def test_parse_file_on_a_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        parse_file(tmp_path)
    assert err.value.render() == (f"{tmp_path}: is a folder — import the folder itself to "
                                  f"walk it")
