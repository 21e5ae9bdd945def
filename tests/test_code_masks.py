"""Inline codes through MT: the placeholder form survives the tokenisers, every code comes
back (restored, or re-attached and flagged), never dropped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from test_enforce_masks import argos_like_sp_model, package_sp_model  # noqa: F401

from workbench.glossary.code_masks import (
    REATTACHED,
    mask_codes,
    reattach,
    translate_keeping_codes,
    unmask_codes,
)
from workbench.text.codes import code_chars, from_tokens, to_tokens

SOURCE = from_tokens("A ⟨1⟩BBC report⟨/1⟩ said that the leak was ⟨2⟩very large⟨/2⟩.⟨3/⟩")


@dataclass(frozen=True)
class Out:
    """What a translate function returns per text (the engine's MTResult has `.text` too)."""

    text: str


def test_placeholders_survive_both_tokenisers(package_sp_model: Path,  # noqa: F811
                                              argos_like_sp_model: Path) -> None:  # noqa: F811
    """The SentencePiece round trip is what a model that copies its placeholders returns."""
    import sentencepiece as spm

    masked = mask_codes(SOURCE)
    assert masked.text == "A [1]BBC report[/1] said that the leak was [2]very large[/2].[3/]"
    for model in (package_sp_model, argos_like_sp_model):
        sp = spm.SentencePieceProcessor(model_file=str(model))
        text, lost = unmask_codes(sp.decode(sp.encode(masked.text, out_type=int)), masked)
        assert (text, lost) == (SOURCE, [])


def test_spaced_and_localised_placeholders_are_restored_doubles_dropped() -> None:
    masked = mask_codes(SOURCE)
    text, lost = unmask_codes("به گزارش [ 1 ]بی‌بی‌سی[/۱]، این نشت [۲]بسیار گسترده[/2] [2] "
                              "بوده است.[3 /]", masked)
    assert lost == []
    assert to_tokens(text or "") == ("به گزارش ⟨1⟩بی‌بی‌سی⟨/1⟩، این نشت ⟨2⟩بسیار گسترده⟨/2⟩ "
                                     "بوده است.⟨3/⟩")


def test_broken_placeholder_means_translate_again() -> None:
    masked = mask_codes(SOURCE)
    assert unmask_codes("Një [1raport i BBC-së[/1] ishte [2]e madhe[/2].[3/]", masked) == (
        None, code_chars(SOURCE))


def test_lost_codes_are_reattached_around_found_words_or_in_place() -> None:
    target = "Një raport i BBC-së tha se rrjedhja ishte shumë e madhe."
    found = {code_chars(SOURCE)[0]: "raport i BBC-së"}
    text = reattach(SOURCE, target, code_chars(SOURCE), found)
    assert to_tokens(text) == ("Një ⟨1⟩raport i BBC-së⟨/1⟩ tha se rrjedhja ishte ⟨2⟩shumë e "
                               "madhe⟨/2⟩.⟨3/⟩")
    assert sorted(code_chars(text)) == sorted(code_chars(SOURCE))


def test_a_closing_code_that_came_back_first_is_reattached() -> None:
    masked = mask_codes(SOURCE)
    text, lost = unmask_codes("Një [/1]raport[1] tha se ishte [2]e madhe[/2].[3/]", masked)
    assert text is not None and to_tokens(text) == "Një raport tha se ishte ⟨2⟩e madhe⟨/2⟩.⟨3/⟩"
    assert [to_tokens(ch) for ch in lost] == ["⟨1⟩", "⟨/1⟩"]


def test_source_that_looks_like_placeholders_goes_without_them() -> None:
    footnote = from_tokens("See note [1] in ⟨1⟩the report⟨/1⟩.")
    masked = mask_codes(footnote)
    assert masked.plain and masked.text == "See note [1] in the report."


def test_translate_keeping_codes_with_a_copying_model_and_a_forgetful_one() -> None:
    calls: list[list[str]] = []

    def copying(texts: list[str]) -> list[tuple[Out, list[str]]]:
        calls.append(texts)
        return [(Out(t), []) for t in texts]

    assert translate_keeping_codes(copying, [SOURCE, "No codes."]) == [
        (Out(SOURCE), []), (Out("No codes."), [])]

    def forgetful(texts: list[str]) -> list[tuple[Out, list[str]]]:
        calls.append(texts)
        return [(Out(t.replace("[2]", "").replace("[/2]", "")), ["guard"]) for t in texts]

    calls.clear()
    [(out, flags)] = translate_keeping_codes(forgetful, [SOURCE])
    assert flags == ["guard", REATTACHED]
    assert to_tokens(out.text) == to_tokens(SOURCE)  # "very large" found by translating it
    assert calls == [[mask_codes(SOURCE).text], ["very large"]]


@pytest.mark.slow
def test_mt_suggestions_keep_every_code(project, installed_models) -> None:
    """Genuine test packages (random weights copy no placeholder): every suggestion of a
    coded segment holds each of its codes exactly once, re-attached and flagged."""
    from workbench.ingest.importer import parse_text
    from workbench.mt.service import translate_project
    from workbench.store.documents import list_segments, save_document
    from workbench.store.suggestions import get_suggestion

    doc = parse_text('<h1>Codes</h1><p>A <a href="/r">BBC report</a> said the leak was '
                     "<b>very large</b>.<br>The government has not commented.</p>", fmt="html")
    result = save_document(project.db, doc)
    translate_project(project, ["sq", "fa"])
    for seg in list_segments(project.db, result.document_id):
        for lang in ("sq", "fa"):
            suggestion = get_suggestion(project.db, seg["id"], lang)
            assert suggestion is not None
            assert sorted(code_chars(suggestion.text)) == sorted(code_chars(seg["text"]))
            if code_chars(seg["text"]):
                assert REATTACHED in suggestion.flags.split(",")
