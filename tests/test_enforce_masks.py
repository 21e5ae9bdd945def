"""Glossary enforcement around MT: which masks survive SentencePiece, round trips, fallback.

The mask shape is chosen by measurement, not by hope: candidate masks are encoded and decoded
with the real SentencePiece model inside the test Argos packages (byte fallback on) and with
one trained here without byte fallback, the way released Argos models are built (characters
outside the training coverage become ⁇). The shape workbench uses must survive both.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from workbench.glossary.enforce import MASK_FORMAT, MASK_RE, GlossaryEnforcer, mask_token

SENTENCE = "The leader {m} visited {m} in Tirana."
SURVIVES = ["[T0]", "[T12]", "[0]", "TERM0"]
# Every SentencePiece model: NFKC normalisation rewrites these before the model sees them.
NFKC_MANGLED = ["①", "Ⓣ0", "ＴＥＲＭ０", "｛0｝"]
# Without byte fallback (released Argos models) these characters are unknown: decoded as ⁇.
UNKNOWN_WITHOUT_BYTE_FALLBACK = ["__T0__", "_T0_", "T_0", "⟦0⟧", "{0}", "<T0>", "#0#", "@@0@@",
                                 "⟨0⟩", "|0|"]


def round_trips(model: Path, mask: str) -> bool:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model))
    text = SENTENCE.format(m=mask)
    return sp.decode(sp.encode(text, out_type=int)) == text


@pytest.fixture(scope="session")
def package_sp_model(argos_package_files: dict[str, Path],
                     tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sentencepiece.model inside the en→fa test package, unzipped."""
    out = tmp_path_factory.mktemp("pkg_sp")
    with zipfile.ZipFile(argos_package_files["en_fa"]) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".model"))
        zf.extract(name, out)
    return out / name


@pytest.fixture(scope="session")
def argos_like_sp_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SentencePiece model trained on the seeds without byte fallback (as Argos ships)."""
    import sentencepiece as spm
    from fixtures.argos_builder import training_lines

    out = tmp_path_factory.mktemp("sp_nobf")
    corpus = out / "corpus.txt"
    corpus.write_text("\n".join(training_lines()) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(out / "sp"), vocab_size=800,
        character_coverage=0.9995, byte_fallback=False, model_type="unigram", num_threads=1,
        hard_vocab_limit=False, minloglevel=2)
    return out / "sp.model"


def test_workbench_mask_shape_survives_both_tokenisers(package_sp_model: Path,
                                                       argos_like_sp_model: Path) -> None:
    for model in (package_sp_model, argos_like_sp_model):
        for n in (0, 7, 12):
            assert round_trips(model, mask_token(n)), (model, mask_token(n))
    assert MASK_FORMAT == "[T{}]"


@pytest.mark.parametrize("mask", SURVIVES)
def test_ascii_bracket_letter_digit_masks_survive(package_sp_model: Path,
                                                  argos_like_sp_model: Path, mask: str) -> None:
    assert round_trips(package_sp_model, mask)
    assert round_trips(argos_like_sp_model, mask)


@pytest.mark.parametrize("mask", NFKC_MANGLED)
def test_nfkc_rewrites_compatibility_characters(package_sp_model: Path, mask: str) -> None:
    assert not round_trips(package_sp_model, mask)


@pytest.mark.parametrize("mask", UNKNOWN_WITHOUT_BYTE_FALLBACK)
def test_underscores_and_rare_symbols_are_lost_without_byte_fallback(
        argos_like_sp_model: Path, mask: str) -> None:
    assert not round_trips(argos_like_sp_model, mask)


ROUND_TRIP_CASES = {
    "sq": ("Maryam Rajavi met John Bolton in Tirana.", ["Maryam Rajavi", "John Bolton", "Tirana"]),
    "fa": ("Maryam Rajavi met John Bolton in Ashraf 3.", ["مریم رجوی", "جان بولتون", "اشرف ۳"]),
    "ar": ("The MEK left Camp Liberty for Albania.", ["مجاهدي خلق", "مخيم ليبرتي", "ألبانيا"]),
}


@pytest.mark.parametrize("lang", ["sq", "fa", "ar"])
def test_mask_round_trip_through_the_package_tokeniser(project, package_sp_model: Path,
                                                       lang: str) -> None:
    """Masked source → SentencePiece pieces → decoded text (what a model that copies the
    masks produces) → unmask: every approved rendering is back, exactly once, no mask left."""
    import sentencepiece as spm

    source, renderings = ROUND_TRIP_CASES[lang]
    enforcer = GlossaryEnforcer(project.db, "en", lang)
    masked = enforcer.mask(source)
    assert list(masked.expected.values()) == renderings
    assert not any(r in masked.text for r in renderings)
    sp = spm.SentencePieceProcessor(model_file=str(package_sp_model))
    pieces = sp.encode(masked.text, out_type=str)
    restored, problems = enforcer.unmask(sp.decode_pieces(pieces), masked)
    assert problems == []
    assert not MASK_RE.search(restored)
    for rendering in renderings:
        assert restored.count(rendering) == 1


def test_unmask_accepts_spaced_masks_and_localised_digits(project) -> None:
    enforcer = GlossaryEnforcer(project.db, "en", "fa")
    masked = enforcer.mask("Maryam Rajavi met John Bolton in Ashraf 3.")
    text, problems = enforcer.unmask("[ T0 ] با [T۱] در [T٢] دیدار کرد.", masked)
    assert problems == []
    assert text == "مریم رجوی با جان بولتون در اشرف ۳ دیدار کرد."


def test_arabic_lam_before_the_article_contracts(project) -> None:
    enforcer = GlossaryEnforcer(project.db, "en", "ar")
    masked = enforcer.mask("They went to Iraq and to the United Nations.")
    assert list(masked.expected.values()) == ["العراق", "الأمم المتحدة"]
    text, problems = enforcer.unmask("ذهبوا ل[T0] وللأمم [T1] وب[T0].", masked)
    assert text.startswith("ذهبوا للعراق وللأمم الأمم المتحدة وبالعراق")
    assert problems and "appears 2 times" in problems[0]  # [T0] twice: still a problem
    text, _ = enforcer.unmask("ذهبوا إلى [T0] ول[T1].", masked)
    assert text == "ذهبوا إلى العراق وللأمم المتحدة."


@pytest.mark.parametrize("output, problem", [
    ("[T0] با [T1] دیدار کرد.", "was lost"),
    ("[T0] با [T1] و [T1] در [T2] دیدار کرد.", "appears 2 times"),
    ("[T0] با T1] در [T2] دیدار کرد.", "mangled"),
    ("[T0] با [T1] در [T2] و [T7] دیدار کرد.", "unexpected mask"),
])
def test_lost_duplicated_mangled_or_unknown_masks_are_problems(project, output: str,
                                                                problem: str) -> None:
    enforcer = GlossaryEnforcer(project.db, "en", "fa")
    masked = enforcer.mask("Maryam Rajavi met John Bolton in Ashraf 3.")
    _, problems = enforcer.unmask(output, masked)
    assert any(problem in p for p in problems), problems


def test_segment_that_already_looks_like_a_mask_is_not_masked(project) -> None:
    enforcer = GlossaryEnforcer(project.db, "en", "fa")
    masked = enforcer.mask("See note [T1] on Maryam Rajavi.")
    assert masked.text == "See note [T1] on Maryam Rajavi." and masked.expected == {}


def test_terms_without_a_rendering_are_left_to_the_model(project) -> None:
    from workbench.glossary.model import Concept
    from workbench.glossary.store import save_concepts

    only_fa = Concept("kazemi")
    only_fa.lang("en").preferred = "Dr Kazemi"
    only_fa.lang("fa").preferred = "دکتر کاظمی"
    save_concepts(project.db, [only_fa])
    masked = GlossaryEnforcer(project.db, "en", "ar").mask("Dr Kazemi met Maryam Rajavi.")
    assert masked.text == "Dr Kazemi met [T0]." and masked.expected == {"[T0]": "مريم رجوي"}


def test_mt_service_falls_back_and_flags_when_masks_do_not_survive(project,
                                                                    installed_models) -> None:
    """End to end with the genuine test packages: random weights drop the masks, so every
    segment with terms is re-translated unmasked and flagged; no raw mask is ever stored."""
    from workbench.ingest.importer import parse_text
    from workbench.mt.service import GLOSSARY_FALLBACK, translate_project
    from workbench.store.documents import save_document
    from workbench.store.suggestions import get_suggestion

    doc = parse_text("Maryam Rajavi met John Bolton in Tirana.\n\n"
                     "The weather was cold that week.\n\n"
                     "The MEK moved from Camp Liberty to Ashraf 3 in Albania.",
                     title="Glossary fallback")
    result = save_document(project.db, doc)
    segments = project.db.execute("SELECT id, text FROM segments WHERE document_id = ?",
                                  (result.document_id,)).fetchall()
    summaries = translate_project(project, ["sq", "fa", "ar"])
    assert all(s.is_test_model for s in summaries)
    for lang in ("sq", "fa", "ar"):
        enforcer = GlossaryEnforcer(project.db, "en", lang)
        for seg in segments:
            suggestion = get_suggestion(project.db, seg["id"], lang)
            assert suggestion is not None
            assert not MASK_RE.search(suggestion.text), suggestion.text
            masked = enforcer.mask(seg["text"])
            flags = suggestion.flags.split(",") if suggestion.flags else []
            if not masked.expected:
                assert GLOSSARY_FALLBACK not in flags
            elif GLOSSARY_FALLBACK not in flags:  # the model did copy every mask
                assert all(r in suggestion.text for r in masked.expected.values())
    fallback = sum(s.flags.get(GLOSSARY_FALLBACK, 0) for s in summaries)
    assert fallback >= 1  # random weights do not copy masks
