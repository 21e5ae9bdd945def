"""Glossary matching: every normalisation a translator relies on, with real names."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.glossary.match import compiled, find_terms, tokenize
from workbench.glossary.model import Concept
from workbench.glossary.store import revision, save_concepts
from workbench.text.normalize import match_key, nfc


def found(project, text: str, lang: str, tgt: str | None = None) -> list[tuple[str, str]]:
    return [(h.concept_id, h.matched) for h in find_terms(project.db, text, lang, tgt)]


def test_english_names_variants_and_acronyms_map_to_one_concept(project) -> None:
    text = ("The Mujahedin-e Khalq (MKO), also called the People's Mojahedin Organization of "
            "Iran or PMOI, and the MEK’s leader Maryam Rajavi.")
    assert found(project, text, "en") == [
        ("mek", "Mujahedin-e Khalq"), ("mek", "MKO"),
        ("mek", "People's Mojahedin Organization of Iran"), ("mek", "PMOI"),
        ("mek", "MEK"), ("maryam-rajavi", "Maryam Rajavi")]


def test_hit_carries_target_rendering_variants_forbidden_and_note(project) -> None:
    [hit] = find_terms(project.db, "Maryam Rajavi spoke.", "en", "fa")
    assert (hit.start, hit.end, hit.matched) == (0, 13, "Maryam Rajavi")
    assert hit.rendering == "مریم رجوی"
    assert "مريم رجوي" in hit.forbidden
    assert hit.note and not hit.do_not_translate
    [birn] = find_terms(project.db, "BIRN reported it.", "en", "sq")
    assert birn.rendering == "BIRN" and birn.do_not_translate


def test_longest_match_wins(project) -> None:
    assert found(project, "They moved from Camp Ashraf to Camp Ashraf 3.", "en") == [
        ("camp-ashraf", "Camp Ashraf"), ("ashraf-3", "Camp Ashraf 3")]
    assert found(project, "Massoud Rajavi and Rajavi", "en") == [
        ("massoud-rajavi", "Massoud Rajavi"), ("rajavi", "Rajavi")]


def test_no_match_inside_a_longer_word(project) -> None:
    assert found(project, "Iranians and Iranian media in Iran", "en") == [("iran", "Iran")]
    assert found(project, "Parisian cafés", "en") == []


def test_multi_word_terms_do_not_span_clause_punctuation(project) -> None:
    assert found(project, "the MKO cult", "en") == [("mek", "MKO cult")]
    assert found(project, "the MKO, cult leaders", "en") == [("mek", "MKO")]
    assert found(project, "U.S. and Mujahedin-e-Khalq", "en") == [
        ("united-states", "U.S"), ("mek", "Mujahedin-e-Khalq")]


def test_case_insensitive_but_capitalised_acronyms_only(project) -> None:
    assert found(project, "maryam rajavi", "en") == [("maryam-rajavi", "maryam rajavi")]
    # "US" is the United States; the pronoun "us" is not
    assert found(project, "Tell us about the US.", "en") == [("united-states", "US")]
    assert found(project, "the MeK", "en") == [("mek", "MeK")]


def test_persian_yeh_kaf_and_zwnj_are_equivalent(project) -> None:
    # Arabic ي ك typed into Persian text still finds the Persian term
    assert found(project, "مريم رجوي گفت", "fa") == [("maryam-rajavi", "مريم رجوي")]
    # ZWNJ written, omitted: the same word
    assert found(project, "بی‌بی‌سی و بیبیسی", "fa") == [("bbc", "بی‌بی‌سی"), ("bbc", "بیبیسی")]
    assert found(project, "دیدار با جان مک‌کین", "fa") == [("john-mccain", "جان مک‌کین")]


def test_arabic_letter_variants_diacritics_and_tatweel(project) -> None:
    # teh marbuta/heh, alef with hamza, harakat and tatweel fold away
    assert found(project, "القاعده", "ar") == [("al-qaeda", "القاعده")]
    assert found(project, "مَرْيَم رَجَوِي", "ar") == [("maryam-rajavi", "مَرْيَم رَجَوِي")]
    assert found(project, "مريـــم رجوي", "ar") == [("maryam-rajavi", "مريـــم رجوي")]
    assert found(project, "الاتحاد الاوروبي", "ar") == [("european-union", "الاتحاد الاوروبي")]


@pytest.mark.parametrize("text, expected", [
    ("والموساد", "الموساد"),        # و + article
    ("بالأمم المتحدة", "الأمم المتحدة"),  # ب + article
    ("للأمم المتحدة", "لأمم المتحدة"),  # ل + ال contracted to لل
    ("وتيرانا", "تيرانا"),           # و on a name
    ("فبإيران", "إيران"),            # ف + ب
])
def test_arabic_proclitics_are_recognised_and_left_out_of_the_span(project, text,
                                                                    expected) -> None:
    [hit] = find_terms(project.db, text, "ar")
    assert hit.matched == expected
    assert text.endswith(hit.matched)


def test_arabic_word_that_only_starts_like_a_proclitic_is_not_a_term(project) -> None:
    assert found(project, "وكالة", "ar") == []  # not و + كالة


def test_persian_and_arabic_digits_equal_ascii(project) -> None:
    assert found(project, "در اشرف ۳", "fa") == [("ashraf-3", "اشرف ۳")]
    assert found(project, "في أشرف ٣", "ar") == [("ashraf-3", "أشرف ٣")]
    assert found(project, "در اشرف 3", "fa") == [("ashraf-3", "اشرف 3")]


@pytest.mark.parametrize("word", ["Tirana", "Tiranë", "Tiranës", "Tiranën"])
def test_albanian_inflected_forms_of_tirana(project, word: str) -> None:
    assert found(project, f"Ata u takuan në {word} dje.", "sq") == [("tirana", word)]


def test_albanian_endings_on_every_word_and_unlisted_forms(project) -> None:
    assert found(project, "Shqipërisë dhe Durrësit", "sq") == [
        ("albania", "Shqipërisë"), ("durres", "Durrësit")]
    # "Kampit Liberty" is listed; "Kampin Liberty" is recognised by its ending too
    assert found(project, "nga Kampin Liberty", "sq") == [("camp-liberty", "Kampin Liberty")]
    # Boltonin is not listed: the ending is recognised on the name
    assert found(project, "takoi John Boltonin", "sq") == [("john-bolton", "John Boltonin")]


def test_target_side_do_not_translate_counts_the_source_form(project) -> None:
    # BIRN is kept as-is in Albanian: the English form counts as the Albanian term
    assert found(project, "Rrjeti Balkan Investigative Reporting Network", "sq") == [
        ("birn", "Balkan Investigative Reporting Network")]


def test_compiled_glossary_is_cached_until_the_glossary_changes(project) -> None:
    first = compiled(project.db, "en")
    assert compiled(project.db, "en") is first
    before = revision(project.db)
    concept = Concept("jones-group")
    concept.lang("en").preferred = "Jones Group International"
    concept.lang("fa").preferred = "گروه بین‌المللی جونز"
    save_concepts(project.db, [concept])
    assert revision(project.db) > before
    assert compiled(project.db, "en") is not first
    assert found(project, "Jones Group International", "en") == [
        ("jones-group", "Jones Group International")]


ALPHABET = "abcÇëTİRANA مريمیکيك۳٣3 \u200c\u0640\u064e.,-’"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_tokens_are_match_key_words_with_exact_spans(text: str) -> None:
    """Word by word folding gives the same words as folding the whole text with match_key,
    and every span of the original text folds to its token."""
    text = nfc(text)
    tokens = tokenize(text)
    assert [key for _, _, key in tokens] == re.findall(r"\w+", match_key(text))
    for start, end, key in tokens:
        assert re.findall(r"\w+", match_key(text[start:end])) == [key]
