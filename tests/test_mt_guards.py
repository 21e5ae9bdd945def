"""Guards flag suspicious MT output (crafted outputs: the test models' text is random)."""

from __future__ import annotations

from workbench.mt.guards import check
from workbench.mt.split import split_to_fit

SOURCE = "The MEK is well known as a conduit for Mossad intelligence in Albania."
GOOD_FA = "سازمان مجاهدین خلق به عنوان مجرای اطلاعات موساد در آلبانی شناخته می‌شود."
GOOD_AR = "تُعرف منظمة مجاهدي خلق بأنها قناة لاستخبارات الموساد في ألبانيا."
GOOD_SQ = "MEK-u njihet si një kanal për inteligjencën e Mossadit në Shqipëri."


def test_good_translations_carry_no_flags() -> None:
    assert check(SOURCE, GOOD_FA, "fa") == []
    assert check(SOURCE, GOOD_AR, "ar") == []
    assert check(SOURCE, GOOD_SQ, "sq") == []


def test_names_and_acronyms_from_the_source_are_not_wrong_script() -> None:
    out = "سازمان MEK به عنوان مجرای اطلاعات Mossad در Albania شناخته می‌شود."
    assert "wrong-script" not in check(SOURCE, out, "fa")


def test_latin_words_not_in_the_source_are_wrong_script_for_farsi() -> None:
    out = "سازمان مجاهدین known as a conduit for intelligence در آلبانی."
    assert "wrong-script" in check(SOURCE, out, "fa")


def test_arabic_letters_in_albanian_output_are_wrong_script() -> None:
    assert "wrong-script" in check(SOURCE, "MEK-u njihet si kanal اطلاعات موساد آلبانی", "sq")


def test_repetition_fires_on_looping_output() -> None:
    assert "repetition" in check(SOURCE, "MEK-u njihet njihet njihet njihet si kanal.", "sq")
    loop = "në Shqipëri në Shqipëri në Shqipëri në Shqipëri"
    assert "repetition" in check(SOURCE, loop, "sq")
    assert "repetition" in check(SOURCE, "سازمان مجاهدین خلقققققققققق", "fa")


def test_repetition_that_the_source_has_is_fine() -> None:
    src = "Very, very, very bad news from Tirana."
    assert "repetition" not in check(src, "Lajme shumë, shumë, shumë të këqija nga Tirana.", "sq")


def test_untranslated_output_is_flagged_but_copied_names_are_not() -> None:
    assert "untranslated" in check(SOURCE, SOURCE, "sq")
    assert "untranslated" in check(SOURCE, SOURCE.replace("The ", "the "), "ar")
    assert "untranslated" not in check("Maryam Rajavi", "Maryam Rajavi", "sq")


def test_cut_short_output_is_flagged() -> None:
    assert "too-short" in check(SOURCE, "MEK-u.", "sq")
    assert check(SOURCE, GOOD_SQ, "sq", ended=False) == ["truncated"]


def test_split_keeps_every_word_and_prefers_sentence_ends() -> None:
    text = ("First sentence here is long enough. Second one, with a clause; and more words "
            "follow it here. Third.")
    count = lambda s: len(s.split())  # noqa: E731 - a word "tokenizer" for the test

    def cut(s: str, n: int) -> list[str]:
        w = s.split()
        return [" ".join(w[i:i + n]) for i in range(0, len(w), n)]

    parts = split_to_fit(text, count, 8, cut)
    assert all(count(p) <= 8 for p in parts)
    assert " ".join(parts).split() == text.split()
    assert parts[0] == "First sentence here is long enough."
    assert split_to_fit("short text", count, 8, cut) == ["short text"]
    # No boundary at all: token chunks.
    assert split_to_fit("x" * 30, len, 8, lambda s, n: [s[i:i + n] for i in range(0, len(s), n)]
                        ) == ["x" * 8, "x" * 8, "x" * 8, "x" * 6]
