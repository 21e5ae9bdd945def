"""The starter glossary and the glossary store: what ships, how duplicates merge."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.glossary.model import Concept
from workbench.glossary.starter import install_starter_glossary, read_starter, read_toml_glossary
from workbench.glossary.store import count_concepts, get_concept, load_concepts, save_concepts

ARABIC_ONLY = re.compile("[يكة]")  # letters Persian writes ی ک ه
PERSIAN_ONLY = re.compile("[یکپچژگ]")  # letters Arabic does not use


def test_every_new_project_gets_the_starter_glossary(project) -> None:
    assert count_concepts(project.db) == len(read_starter()) >= 60
    mek = get_concept(project.db, "mek")
    assert mek is not None
    assert {"MEK", "MKO", "PMOI"} <= set(mek.terms["en"].acronyms)
    assert "Mojahedin-e Khalq" in mek.terms["en"].variants
    assert mek.rendering("fa") == "مجاهدین خلق" and mek.rendering("ar") == "مجاهدي خلق"


def test_starter_covers_the_seed_names(project) -> None:
    english = {c.english for c in load_concepts(project.db)}
    for name in ["Maryam Rajavi", "Massoud Rajavi", "John Bolton", "John McCain",
                 "Heshmat Alavi", "Massoud Khodabandeh", "Anne Khodabandeh", "Olsi Jazexhi",
                 "Edi Rama", "Ebi Spahiu", "Robert Fantina", "Ali Safavi", "Ismail Salami",
                 "Tony Cartalucci", "Donald Trump", "Joe Biden", "Vladimir Putin",
                 "Nejat Society", "Habilian Association", "Sahar Family Foundation", "UNHCR",
                 "BIRN", "ASILA", "Iran Interlink", "CIA", "Mossad", "NATO", "United Nations",
                 "BBC", "Global Research", "Camp Ashraf", "Ashraf 3", "Manez", "Tirana",
                 "Durres", "Albania", "Iran", "Iraq", "Camp Liberty", "Paris", "Tehran",
                 "Tabriz"]:
        assert name in english, name


def test_starter_renderings_use_each_languages_own_letters() -> None:
    for concept in read_starter():
        fa = concept.terms.get("fa")
        ar = concept.terms.get("ar")
        assert fa and fa.preferred and ar and ar.preferred, concept.id
        for term in fa.allowed():
            assert not ARABIC_ONLY.search(term), (concept.id, term)
        for term in ar.allowed():
            assert not PERSIAN_ONLY.search(term), (concept.id, term)
        assert concept.terms["sq"].preferred, concept.id


def test_albanian_inflected_forms_and_persian_zwnj_ship() -> None:
    starter = {c.id: c for c in read_starter()}
    assert {"Tiranë", "Tiranës", "Tiranën"} <= set(starter["tirana"].terms["sq"].variants)
    assert {"Shqipërisë", "Shqipërinë"} <= set(starter["albania"].terms["sq"].variants)
    assert {"Durrësi", "Durrësit"} <= set(starter["durres"].terms["sq"].variants)
    assert "\u200c" in starter["bbc"].terms["fa"].preferred
    assert starter["ashraf-3"].terms["fa"].preferred == "اشرف ۳"
    assert "مريم رجوي" in starter["maryam-rajavi"].terms["fa"].forbidden
    assert starter["asila"].keeps_source("sq") and starter["birn"].keeps_source("sq")
    assert not starter["birn"].keeps_source("fa")


def test_installing_twice_doubles_nothing(project) -> None:
    before = count_concepts(project.db)
    terms = project.db.execute("SELECT count(*) FROM glossary_terms").fetchone()[0]
    assert install_starter_glossary(project) == 0
    assert count_concepts(project.db) == before
    assert project.db.execute("SELECT count(*) FROM glossary_terms").fetchone()[0] == terms


def _concept(cid: str, en: str, **langs: str) -> Concept:
    c = Concept(cid)
    c.lang("en").preferred = en
    for lang, term in langs.items():
        c.lang(lang).preferred = term
    return c


def test_duplicate_by_english_term_is_merged_and_conflict_reported(project) -> None:
    dup = _concept("nejat", "NEJAT Society", fa="انجمن نجات", sq="Shoqata NEJAT")
    dup.lang("ar").variants.append("جمعية النجاة")
    report = save_concepts(project.db, [dup])
    assert (report.added, report.merged) == (0, 1)
    concept = get_concept(project.db, "nejat-society")
    assert concept is not None and get_concept(project.db, "nejat") is None
    assert "جمعية النجاة" in concept.terms["ar"].variants
    # the stored Albanian rendering wins; the incoming one is kept as a variant and reported
    assert concept.rendering("sq") == "Shoqata Nejat"
    assert report.conflicts == []  # same letters up to case: no conflict
    other = _concept("x", "Nejat Society", sq="Shoqëria Nejat")
    report = save_concepts(project.db, [other])
    assert any("Shoqëria Nejat" in line for line in report.conflicts)
    assert "Shoqëria Nejat" in get_concept(project.db, "nejat-society").terms["sq"].variants


def test_forbidden_form_differing_only_by_folded_letters_is_kept(project) -> None:
    c = _concept("dr-x", "Dr Kazemi", fa="دکتر کاظمی")
    c.lang("fa").forbidden.append("دكتر كاظمي")  # same match key, different letters
    save_concepts(project.db, [c])
    stored = get_concept(project.db, "dr-x")
    assert stored.terms["fa"].forbidden == ["دكتر كاظمي"]
    assert stored.rendering("fa") == "دکتر کاظمی"


def test_a_bad_concept_stores_nothing_of_the_batch(project) -> None:
    good = _concept("ok", "Okay Name", fa="نام")
    bad = Concept("bad")
    bad.lang("fa").preferred = "بی‌نام"
    before = count_concepts(project.db)
    with pytest.raises(InputError, match="no English term"):
        save_concepts(project.db, [good, bad])
    assert count_concepts(project.db) == before


def test_toml_errors_name_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text('[[concept]]\nen = "A"\n[[concept]]\nfa = "ب"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"#2 has no English term"):
        read_toml_glossary(path)
    path.write_text('[[concept]]\nen = "A"\nfa_variants = "ب"\n', encoding="utf-8")
    with pytest.raises(InputError, match="must be a list"):
        read_toml_glossary(path)
    path.write_text('[[concept]\n', encoding="utf-8")
    with pytest.raises(InputError, match="invalid TOML"):
        read_toml_glossary(path)
