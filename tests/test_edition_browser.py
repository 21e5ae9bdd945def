"""Translated pages in a real browser: what a reader of the Farsi and Albanian edition sees.

A source page with links, bold, emphasis, a line break, a list, a quoted tweet and the usual site
furniture is imported, translated (the translator's Farsi and Albanian, codes where the words
are), exported as HTML editions and rendered in headless Chromium (Debian's `chromium`; CI
installs it). The assertions are about the rendered page, not the file: computed direction,
links and their targets, emphasis on the right words, no markup shown as text, headings in the
source's order, untranslated text laid out left to right.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.browser import Browser, chromedriver_binary, chromium_binary

from workbench.formats.document import export_editions
from workbench.ingest.importer import import_paths
from workbench.project import Project
from workbench.store.documents import list_segments
from workbench.store.translations import set_translation
from workbench.text.codes import from_tokens

DATA = Path(__file__).parent / "data" / "edition"
SOURCE = DATA / "leak.html"
TRANSLATIONS = json.loads((DATA / "leak.translations.json").read_text(encoding="utf-8"))
KEPT_LINKS = ["/author/anne/", "https://www.bbc.com/news/world-europe-59972421",
              "https://www.un.org/en/", "/digest-306/", "/report.pdf", "https://t.co/x"]
SITE_LINKS = {"/", "/contact/", "/privacy/", "https://facebook.com/share", "/digest-305/"}

READ_PAGE = """
const visible = document.body.innerText;
const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')];
return {
  lang: document.documentElement.lang,
  direction: getComputedStyle(document.body).direction,
  title: document.title,
  text: visible,
  links: [...document.links].map(a => a.getAttribute('href')),
  linkTexts: [...document.links].map(a => a.innerText),
  bold: [...document.querySelectorAll('b, strong')].map(e => e.innerText),
  italic: [...document.querySelectorAll('i, em')].map(e => e.innerText),
  breaks: document.querySelectorAll('br').length,
  headings: headings.map(h => h.tagName),
  headingTexts: headings.map(h => h.innerText),
  unitTitle: [...document.querySelectorAll('a[title]')].map(a => a.title),
};
"""
# Where the first heading's text sits on the screen, against the page's content box.
TEXT_EDGES = """
const h = document.querySelector('h1');
const range = document.createRange(); range.selectNodeContents(h);
const text = range.getBoundingClientRect(), box = h.getBoundingClientRect();
return {left: text.left - box.left, right: box.right - text.right};
"""
HANDLE_READS_LEFT_TO_RIGHT = """
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let node; while ((node = walker.nextNode()) && !node.data.includes('@OlsiJ')) {}
const at = node.data.indexOf('@OlsiJ'), range = document.createRange();
const x = i => { range.setStart(node, i); range.setEnd(node, i + 1);
                 return range.getBoundingClientRect().left; };
return x(at) < x(at + 1) && x(at + 1) < x(at + 5);
"""
SOURCE_HEADINGS = """
return [...document.querySelectorAll('article h1, article h2, article h3, article h4')]
  .filter(h => h.offsetParent !== null).map(h => h.tagName);
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium, driver = chromium_binary(), chromedriver_binary()
    if chromium is None or driver is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does)")
    b = Browser(chromium, driver)
    yield b
    b.close()


@pytest.fixture
def translated(project: Project) -> Project:
    """The page imported and translated into Farsi and Albanian, codes included."""
    outcome = import_paths(project, [SOURCE])[0]
    assert outcome.result is not None, outcome.error
    segments = list_segments(project.db, outcome.result.document_id)
    for lang, texts in TRANSLATIONS.items():
        assert len(texts) == len(segments)
        for segment, text in zip(segments, texts, strict=True):
            set_translation(project.db, segment["id"], lang, from_tokens(text))
    return project


def read(browser: Browser, page: Path) -> dict:
    browser.open(page)
    return browser.run(READ_PAGE)


def test_farsi_edition_reads_right_to_left_with_every_link(translated: Project,
                                                           browser: Browser,
                                                           tmp_path: Path) -> None:
    report = export_editions(translated.db, tmp_path / "leak.fa.html", fmt="html",
                             langs=("fa",))
    page = Path(report.files[0])
    seen = read(browser, page)
    assert (seen["lang"], seen["direction"]) == ("fa", "rtl")
    edges = browser.run(TEXT_EDGES)
    assert edges["right"] < 2 < edges["left"]  # the title starts at the right edge
    assert seen["title"] == TRANSLATIONS["fa"][0]
    assert seen["links"] == KEPT_LINKS
    assert not SITE_LINKS & set(seen["links"])
    assert seen["linkTexts"][:3] == ["آن خدابنده", "بی‌بی‌سی", "سازمان ملل متحد"]
    assert seen["unitTitle"] == ["United Nations"]  # the link's attributes came back whole
    assert seen["bold"] == ["بسیار گسترده", "اشرف ۳"]
    assert seen["italic"] == ["یک"]
    assert seen["breaks"] == 1
    for raw in ("<", ">", "&lt;", "&gt;", "&amp;", "⟨", "\ue001"):
        assert raw not in seen["text"], raw
    assert "pic.twitter.com/OSP2wqo4rE" in seen["text"] and "@OlsiJ" in seen["text"]
    assert browser.run(HANDLE_READS_LEFT_TO_RIGHT)  # "@" left of "OlsiJ", not after it
    assert "cookies" not in seen["text"] and "Related posts" not in seen["text"]
    browser.open(SOURCE)
    assert seen["headings"] == browser.run(SOURCE_HEADINGS) == ["H1", "H2", "H3"]
    assert seen["headingTexts"] == ["نشت داده‌های آلبانی و مجاهدین خلق",
                                    "خانواده‌ها چه می‌گویند", "واکنش‌ها"]
    browser.open(page)
    shot = browser.screenshot(tmp_path / "edition-fa.png")
    assert shot.stat().st_size > 10_000
    if os.environ.get("WORKBENCH_EDITION_SCREENSHOT"):  # the README's picture
        shutil.copy(shot, os.environ["WORKBENCH_EDITION_SCREENSHOT"])


def test_albanian_edition_is_left_to_right_and_lang_sq(translated: Project, browser: Browser,
                                                       tmp_path: Path) -> None:
    report = export_editions(translated.db, tmp_path, fmt="html", langs=("sq",))
    seen = read(browser, Path(report.files[0]))
    assert (seen["lang"], seen["direction"]) == ("sq", "ltr")
    assert seen["links"] == KEPT_LINKS
    assert seen["linkTexts"][1:3] == ["raport i BBC-së", "Kombeve të Bashkuara"]
    assert seen["bold"] == ["shumë e madhe", "Kampit Ashraf 3"]
    assert seen["headings"] == ["H1", "H2", "H3"]
    assert "<" not in seen["text"] and "&lt;" not in seen["text"]


def test_untranslated_text_kept_in_english_is_laid_out_left_to_right(
        translated: Project, browser: Browser, tmp_path: Path) -> None:
    segments = list_segments(translated.db, 1, lang="fa")
    from workbench.store.translations import set_status

    set_status(translated.db, segments[3]["id"], "fa", "draft")   # inside a paragraph
    set_status(translated.db, segments[9]["id"], "fa", "draft")   # a whole heading
    report = export_editions(translated.db, tmp_path / "mixed.html", fmt="html", langs=("fa",),
                             untranslated="source")
    browser.open(Path(report.files[0]))
    found = browser.run("""
        const span = [...document.querySelectorAll('span[lang=en]')];
        const h3 = document.querySelector('h3');
        return {spans: span.map(s => [s.innerText, getComputedStyle(s).direction]),
                h3: [h3.innerText, h3.lang, getComputedStyle(h3).direction],
                body: getComputedStyle(document.body).direction};""")
    assert found["spans"] == [["The government has not commented.", "ltr"]]
    assert found["h3"] == ["Reactions", "en", "ltr"]
    assert found["body"] == "rtl"
