"""Language identification: deterministic, script-aware for short strings, per passage."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workbench.ingest.importer import parse_text
from workbench.ingest.langid import (
    detect_document,
    detect_each,
    detect_language,
    majority_language,
)

SENTENCES = {
    "en": "The families wrote to the United Nations about their children held in the camp.",
    "sq": "Familjet i shkruan Kombeve të Bashkuara për fëmijët e tyre që mbahen në kamp.",
    "fa": "خانواده‌ها درباره فرزندانشان که در کمپ نگهداری می‌شوند به سازمان ملل نامه نوشتند.",
    "ar": "كتبت العائلات إلى الأمم المتحدة بشأن أطفالها المحتجزين في المخيم منذ سنوات.",
}


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_passages_in_each_language(lang: str) -> None:
    found, confidence = detect_language(SENTENCES[lang])
    assert found == lang
    assert confidence > 0.9


@pytest.mark.parametrize(("text", "expected"), [
    ("فارسی", "fa"), ("عربي", "ar"), ("گزارش ویژه", "fa"), ("مقالة جديدة", "ar"),
    ("Albania", None), ("MEK", None), ("2017", None), ("", None),
])
def test_short_strings_decided_by_script(text: str, expected: str | None) -> None:
    assert detect_language(text)[0] == expected


def test_same_answer_in_a_fresh_process() -> None:
    """Seeded: a re-import in another process must detect (and so hash) the same."""
    text = "Mazda Parsi in Nejat Society calls the MEK a destructive cult of confession."
    code = ("from workbench.ingest.langid import detect_language;"
            f"print(detect_language({text!r}))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout for _ in range(2)}
    assert runs == {f"{detect_language(text)}\n"}


def test_mixed_page_keeps_each_passage_language() -> None:
    text = "\n\n".join([SENTENCES["en"], SENTENCES["fa"], SENTENCES["en"], "Tirana",
                        SENTENCES["sq"]])
    doc = parse_text(text)
    assert doc.lang == "en"
    assert [p.lang for p in doc.passages] == ["en", "fa", "en", "en", "sq"]
    assert doc.passages[3].lang_confidence is None  # too short to tell: inherited
    assert doc.passages[1].sentences == [SENTENCES["fa"]]


def test_majority_by_words() -> None:
    assert majority_language([("en", 3), ("fa", 10), (None, 50), ("en", 2)]) == "fa"
    assert majority_language([(None, 4)]) is None


ALBANIAN_PAGE = [
    "Familjet i shkruan Kombeve të Bashkuara për fëmijët e tyre që mbahen në kamp.",
    "MEK Conduit for Spying Activity",  # an English headline inside an Albanian page
    "Shoqata Nejat ka botuar një raport të ri për ish-anëtarët në Tiranë dhe Durrës.",
    SENTENCES["en"],
    "Raporti thotë se shumë prej tyre nuk kanë dokumente dhe jetojnë pa mbështetje.",
]


def test_document_language_with_every_switch_checked() -> None:
    doc_lang, found = detect_document(ALBANIAN_PAGE)
    assert doc_lang == "sq"
    assert [lang for lang, _ in found] == ["sq", "en", "sq", "en", "sq"]
    given = detect_document(ALBANIAN_PAGE, "sq")[1]  # the same when the user says so
    assert [lang for lang, _ in given] == ["sq", "en", "sq", "en", "sq"]


def test_each_script_and_language_inside_an_english_page() -> None:
    page = [SENTENCES["en"], SENTENCES["fa"], "Iran Interlink Weekly Digest – 307",
            SENTENCES["ar"], SENTENCES["sq"], "Tirana", SENTENCES["en"]]
    doc_lang, found = detect_document(page)
    assert doc_lang == "en"
    assert [lang for lang, _ in found] == ["en", "fa", "en", "ar", "sq", "en", "en"]
    assert found[2][1] is None and found[5][1] is None  # names and short lines: inherited


def test_majority_by_words_when_the_function_words_mislead() -> None:
    """Short English lines full of function words, long Farsi paragraphs: the page is Farsi
    (most words), and the English lines stay English."""
    page = ["It is in the book of the council.", SENTENCES["fa"] * 3,
            "And so it was with all of them.", SENTENCES["fa"] * 3]
    doc_lang, found = detect_document(page)
    assert doc_lang == "fa"
    assert [lang for lang, _ in found] == ["en", "fa", "en", "fa"]


def test_the_cheap_path_gives_the_languages_of_full_detection() -> None:
    """On the seed pages, and on the seeds with a paragraph of each language dropped in, the
    per-document detection names the same language for every passage as langdetect on every
    passage (it only skips the passages the cheap tests vouch for)."""
    from workbench.ingest.capture import parse_capture
    from workbench.ingest.importer import read_text
    from workbench.resources import seed_files

    with seed_files() as seeds:
        pages = [[p.text for p in parse_capture(read_text(s))[1]] for s in seeds]
    pages += [page[:3] + [SENTENCES[lang]] + page[3:] for page in pages for lang in SENTENCES]
    pages.append(ALBANIAN_PAGE)
    for page in pages:
        for given in (None, "sq"):
            cheap, full = detect_document(page, given), detect_each(page, given)
            assert (cheap[0], [lang for lang, _ in cheap[1]]) == (
                full[0], [lang for lang, _ in full[1]])
