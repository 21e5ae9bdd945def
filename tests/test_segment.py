"""Sentence segmentation: the gold-set score and the rules a translator notices when broken."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.ingest.segment import split_sentences
from workbench.ingest.segment_eval import load_gold, score

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(("lang", "minimum"), [("en", 0.98), ("sq", 0.95), ("fa", 0.95),
                                               ("ar", 0.95)])
def test_gold_set_boundary_f1(lang: str, minimum: float) -> None:
    passages = load_gold(DATA / f"segmentation_gold_{lang}.txt")
    result = score(passages, lang)
    print(f"\n{lang}: {result.sentences} sentences, P={result.precision:.3f} "
          f"R={result.recall:.3f} F1={result.f1:.3f}")
    for line in result.errors:
        print("  " + line)
    if lang == "en":
        assert result.sentences >= 150
    assert result.f1 >= minimum, "\n".join(result.errors)


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Mr. Smith met Dr. Jones and Gen. Clark. They talked.", "en",
     ["Mr. Smith met Dr. Jones and Gen. Clark.", "They talked."]),
    ("J. R. R. Tolkien met James L. Jones. Both wrote.", "en",
     ["J. R. R. Tolkien met James L. Jones.", "Both wrote."]),
    ("He fought in World War I. Then came Plan B. It failed.", "en",
     ["He fought in World War I.", "Then came Plan B.", "It failed."]),
    ("It costs 3.5 million, or 1,000 times 1.000 lek. Cheap.", "en",
     ["It costs 3.5 million, or 1,000 times 1.000 lek.", "Cheap."]),
    ("She said: “It is over.” Then she left.", "en", ["She said: “It is over.”", "Then she left."]),
    ("“Is it?” he asked.", "en", ["“Is it?” he asked."]),
    ("He paused… Then he spoke.", "en", ["He paused…", "Then he spoke."]),
    ("See www.nejatngo.org. Mail info@nejatngo.org. Tweet @OlsiJ. pic.twitter.com/OSP2wqo4rE",
     "en", ["See www.nejatngo.org.", "Mail info@nejatngo.org.",
            "Tweet @OlsiJ. pic.twitter.com/OSP2wqo4rE"]),
    ("Go to https://x.org/a?b=1. Now!", "en", ["Go to https://x.org/a?b=1.", "Now!"]),
    ("the U.S. government agreed. In the U.S. The group lobbies.", "en",
     ["the U.S. government agreed.", "In the U.S.", "The group lobbies."]),
    ("Z. Rama dhe znj. Kryemadhi erdhën, p.sh. Nr. 5 etj. Pastaj ikën.", "sq",
     ["Z. Rama dhe znj. Kryemadhi erdhën, p.sh. Nr. 5 etj.", "Pastaj ikën."]),
    ("آیا این درست است؟ بله؛ درست است. ۳٫۵ درصد!", "fa",
     ["آیا این درست است؟", "بله؛ درست است.", "۳٫۵ درصد!"]),
    ("قال د. أحمد إن الوضع خطير. ما السبب؟ لا أحد يعرف", "ar",
     ["قال د. أحمد إن الوضع خطير.", "ما السبب؟", "لا أحد يعرف"]),
    ("تأسست المنظمة عام 1965 م. وانتقلت إلى العراق.", "ar",
     ["تأسست المنظمة عام 1965 م.", "وانتقلت إلى العراق."]),
    ("Kjo ndodhi në shek. XIX në Shkodër. Pastaj erdhi lufta.", "sq",
     ["Kjo ndodhi në shek. XIX në Shkodër.", "Pastaj erdhi lufta."]),
    ("یہ اچھا ہے۔ وہ آیا۔", "ur", ["یہ اچھا ہے۔", "وہ آیا۔"]),
])
def test_rules(text: str, lang: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


def test_sentences_are_substrings_in_order() -> None:
    text = "  First one.   Second (with a [bracket].) Third?  "
    sentences = split_sentences(text, "en")
    assert sentences == ["First one.", "Second (with a [bracket].)", "Third?"]
    pos = 0
    for s in sentences:
        pos = text.index(s, pos) + len(s)


def test_empty_and_blank_text() -> None:
    assert split_sentences("", "en") == []
    assert split_sentences("   \n ", "fa") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ. !?…”“’(])@/:w3ـدیي\u200c\n")), max_size=80),
       st.sampled_from(["en", "sq", "fa", "ar"]))
def test_splitting_loses_and_reorders_nothing(text: str, lang: str) -> None:
    sentences = split_sentences(text, lang)
    assert all(s and s == s.strip() for s in sentences)
    assert "".join("".join(sentences).split()) == "".join(text.split())
