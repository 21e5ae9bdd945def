"""`export --format html|text`: the translated page, refused when incomplete, well-formed even
when a translator broke a code, the capture's layout kept in text editions."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from workbench.cli import main
from workbench.formats.document import export_editions, output_path, pseudo_translate
from workbench.ingest.importer import import_paths
from workbench.project import Project
from workbench.store.documents import list_documents, list_segments
from workbench.store.translations import set_translation
from workbench.text.codes import from_tokens, strip_codes

DATA = Path(__file__).parent / "data" / "edition"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
TRANSLATIONS = json.loads((DATA / "leak.translations.json").read_text(encoding="utf-8"))
VOID = {"br", "img", "meta", "link", "hr", "wbr", "input"}


class _Nesting(HTMLParser):
    """Records every element that closes out of order or never closes."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def nesting_errors(markup: str) -> list[str]:
    checker = _Nesting()
    checker.feed(markup)
    return checker.errors + [f"<{t}> never closed" for t in checker.stack]


def imported(project: Project, path: Path) -> int:
    outcome = import_paths(project, [path])[0]
    assert outcome.result is not None, outcome.error
    return outcome.result.document_id


def translate(project: Project, doc_id: int, lang: str, texts: list[str]) -> None:
    for segment, text in zip(list_segments(project.db, doc_id), texts, strict=True):
        set_translation(project.db, segment["id"], lang, from_tokens(text))


def test_links_and_emphasis_land_on_the_translated_words(project: Project,
                                                         tmp_path: Path) -> None:
    doc = imported(project, DATA / "leak.html")
    translate(project, doc, "sq", TRANSLATIONS["sq"])
    out = Path(export_editions(project.db, tmp_path / "leak.sq.html", fmt="html",
                               langs=("sq",)).files[0])
    markup = out.read_text(encoding="utf-8")
    assert nesting_errors(markup) == []
    page = BeautifulSoup(markup, "html.parser")
    assert page.html is not None and page.html["lang"] == "sq" and page.html["dir"] == "ltr"
    assert [(a["href"], a.get_text()) for a in page.find_all("a")][:3] == [
        ("/author/anne/", "Anne Khodabandeh"),
        ("https://www.bbc.com/news/world-europe-59972421", "raport i BBC-së"),
        ("https://www.un.org/en/", "Kombeve të Bashkuara")]
    assert [b.get_text() for b in page.find_all(["b", "strong"])] == ["shumë e madhe",
                                                                      "Kampit Ashraf 3"]
    assert page.find("br") is not None
    assert [li.get_text() for li in page.find_all("li")] == [
        "Buletini 306 është në internet.", "Lexoni raportin e plotë këtu."]
    assert page.title is not None and page.title.get_text() == TRANSLATIONS["sq"][0]
    assert "Related posts" not in markup and "cookies" not in markup  # import removed them


def test_a_refusal_over_many_editions_stays_one_short_line(project: Project, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    imported(project, DATA / "leak.html")  # nothing translated: 3 editions refused
    copy = tmp_path / "leak-copy.html"
    copy.write_text((DATA / "leak.html").read_text(encoding="utf-8").replace(
        "The government has not commented.", "The ministry has not commented."),
        encoding="utf-8")
    imported(project, copy)  # another page: 3 more
    code = main(["--project", str(project.path), "export", "--format", "html", "--to",
                 "sq,fa,ar", "-o", str(tmp_path / "out" / "site") + "/"])
    err = capsys.readouterr().err.strip()
    assert code == 1 and not (tmp_path / "out").exists()  # the folders it made are gone
    assert len(err.splitlines()) == 1 and "72 segment(s) are not translated" in err
    assert len(re.findall(r"document \d+ \(", err)) == 3 and "and 3 more edition(s)" in err
    assert "--doc ID" in err


def test_untranslated_segments_are_refused_with_their_count(project: Project, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    doc = imported(project, DATA / "leak.html")
    translate(project, doc, "fa", TRANSLATIONS["fa"])
    first = list_segments(project.db, doc)[0]
    set_translation(project.db, first["id"], "fa", "عنوان", status="draft")
    out = tmp_path / "page.html"
    code = main(["--project", str(project.path), "export", "--format", "html", "--to", "fa",
                 "-o", str(out)])
    err = capsys.readouterr().err.strip()
    assert code == 1 and not out.exists()
    assert len(err.splitlines()) == 1 and "1 segment(s) are not translated" in err
    assert "1 of 12" in err and "--untranslated source" in err
    assert main(["--project", str(project.path), "export", "--format", "html", "--to", "fa",
                 "-o", str(out), "--untranslated", "source"]) == 0
    page = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    heading = page.find("h1")
    assert heading is not None and heading["lang"] == "en" and heading["dir"] == "ltr"
    assert heading.get_text() == "Albania’s data leak and the MEK"
    assert "kept in the source language" in capsys.readouterr().err


@pytest.mark.parametrize("broken", [
    "Një ⟨1⟩raport i BBC-së tha se rrjedhja ishte ⟨2⟩shumë e madhe⟨/2⟩.⟨3/⟩",  # close lost
    "Një raport i BBC-së⟨/1⟩ tha se rrjedhja ishte ⟨2⟩shumë e madhe⟨/2⟩.⟨3/⟩",  # open lost
    "Një ⟨1⟩raport ⟨2⟩i BBC-së⟨/1⟩ tha se⟨/2⟩ rrjedhja ishte e madhe.⟨3/⟩",     # crossing
    "Një ⟨1⟩raport⟨/1⟩ ⟨9/⟩ ⟨7⟩i BBC-së⟨/7⟩ ishte e madhe.⟨3/⟩⟨3/⟩",          # unknown, doubled
])
def test_broken_codes_still_give_well_formed_html(project: Project, tmp_path: Path,
                                                  broken: str) -> None:
    doc = imported(project, DATA / "leak.html")
    texts = list(TRANSLATIONS["sq"])
    texts[2] = broken
    translate(project, doc, "sq", texts)
    out = Path(export_editions(project.db, tmp_path / "x.html", fmt="html",
                               langs=("sq",)).files[0])
    markup = out.read_text(encoding="utf-8")
    assert nesting_errors(markup) == []
    text = BeautifulSoup(markup, "html.parser").get_text()
    assert strip_codes(from_tokens(broken)).split(".")[0].replace("  ", " ") in \
        text.replace("  ", " ")


def test_text_edition_keeps_the_capture_layout_and_protected_text(project: Project,
                                                                  tmp_path: Path) -> None:
    seed = SEEDS / "000_ea33c5071f30f145.txt"
    doc = imported(project, seed)
    out = Path(export_editions(project.db, tmp_path / "digest.txt", fmt="text",
                               langs=("fa",), pseudo=True).files[0])
    text = out.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    passages = project.db.execute("SELECT count(*) FROM passages WHERE document_id = ?",
                                  (doc,)).fetchone()[0]
    assert len(blocks) == passages  # one block per passage (the seed's items are blocks)
    assert sum(b.startswith("++ ") for b in blocks) == seed.read_text().count("\n++ ")
    assert "pic.twitter.com/OSP2wqo4rE" in text and "(@OlsiJ)" in text
    assert all(b.strip("+ ").startswith("⟦") for b in blocks)  # every passage pseudo-translated
    assert "FacebookTwitter" not in text and "Home »" not in text


def test_html_page_as_text_edition_and_capture_as_html(project: Project,
                                                       tmp_path: Path) -> None:
    doc = imported(project, DATA / "leak.html")
    translate(project, doc, "sq", TRANSLATIONS["sq"])
    text = Path(export_editions(project.db, tmp_path / "leak.txt", fmt="text", langs=("sq",),
                                doc_id=doc).files[0]).read_text(encoding="utf-8")
    assert "shumë e madhe.\nQeveria nuk ka komentuar ende." in text  # <br> is a new line
    assert "• Buletini 306 është në internet.\n• Lexoni raportin e plotë këtu." in text
    capture = imported(project, SEEDS / "001_fb25b85849cd3284.txt")
    page = Path(export_editions(project.db, tmp_path / "c.html", fmt="html", langs=("ar",),
                                doc_id=capture, pseudo=True).files[0]).read_text("utf-8")
    assert nesting_errors(page) == []
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html is not None and soup.html["dir"] == "rtl" and soup.find("h1") is not None


def test_pseudo_translation_keeps_codes_in_place() -> None:
    source = from_tokens("Read the ⟨1⟩full report⟨/1⟩ at ⟨2/⟩.")
    pseudo = pseudo_translate(source)
    assert [ch for ch in pseudo if ch not in strip_codes(pseudo)] == \
        [ch for ch in source if ch not in strip_codes(source)]
    assert pseudo.startswith("⟦Réåd") and pseudo.endswith("⟧")
    assert len(strip_codes(pseudo)) > len(strip_codes(source))


def test_output_paths_for_one_and_many_editions(seeded_project: Project,
                                                tmp_path: Path) -> None:
    assert output_path(tmp_path / "a.html", 3, "T", "fa", "html", many=False) == \
        tmp_path / "a.html"
    assert output_path(tmp_path / "site.{lang}.{doc}.html", 3, "T", "fa", "html",
                       many=True) == tmp_path / "site.fa.3.html"
    report = export_editions(seeded_project.db, tmp_path / "out", fmt="html",
                             langs=("sq", "fa"), pseudo=True)
    docs = list_documents(seeded_project.db)
    assert len(report.files) == 2 * len(docs)
    assert sorted(Path(f).name for f in report.files)[0].startswith(f"{docs[0]['id']}-")
