"""Language identification: deterministic, script-aware for short strings, per passage."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workbench.ingest.importer import parse_text
from workbench.ingest.langid import detect_language, majority_language

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
