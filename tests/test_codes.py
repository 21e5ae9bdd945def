"""Inline codes: one model of markup inside a segment's text, shared by the whole core."""

from __future__ import annotations

import pytest

from workbench.ingest.segment import split_sentences
from workbench.text import codes as c
from workbench.text.display import for_display
from workbench.text.normalize import match_key

O1, C1 = c.code_char(c.OPEN, 1), c.code_char(c.CLOSE, 1)
O2, C2 = c.code_char(c.OPEN, 2), c.code_char(c.CLOSE, 2)
S1, S2, S3 = (c.code_char(c.STANDALONE, n) for n in (1, 2, 3))


def coded(tokens: str) -> str:
    return c.from_tokens(tokens)


def test_code_characters_carry_kind_and_id() -> None:
    for half in (c.OPEN, c.CLOSE, c.STANDALONE):
        for code_id in (1, 17, c.MAX_ID):
            assert c.parse_char(c.code_char(half, code_id)) == (half, code_id)
    assert c.parse_char("a") is None and c.parse_char("\uf000") is None
    with pytest.raises(ValueError):
        c.code_char(c.OPEN, c.MAX_ID + 1)


def test_tokens_round_trip_and_typed_lookalikes_stay_text() -> None:
    text = f"See {O1}the report{C1} at {S2}."
    assert c.to_tokens(text) == "See ⟨1⟩the report⟨/1⟩ at ⟨2/⟩."
    assert c.from_tokens(c.to_tokens(text)) == text
    assert c.from_tokens("⟨/3/⟩ and ⟨0⟩ and ⟨x⟩") == "⟨/3/⟩ and ⟨0⟩ and ⟨x⟩"
    assert c.token_spans("a ⟨1⟩b⟨/1⟩ ⟨0⟩") == [(2, 5), (6, 10)]


def test_matching_and_display_see_through_codes() -> None:
    assert match_key(f"{O1}Maryam Rajavi{C1} spoke") == match_key("Maryam Rajavi spoke")
    assert match_key(f"un{O1}believ{C1}able") == "unbelievable"
    assert for_display(f"{O1}link{C1} {S2}") == "⟨1⟩link⟨/1⟩ ⟨2/⟩"


def test_plain_text_reads_protected_text_and_drops_markup() -> None:
    table = {1: c.InlineCode(1, c.PAIR, "b", "<b>", "</b>"),
             2: c.InlineCode(2, c.STANDALONE, "url", "x.com/a", "", "x.com/a"),
             3: c.InlineCode(3, c.STANDALONE, "br", "<br>", "", "\n")}
    assert c.plain_text(f"{O1}Bold{C1} see {S2}{S3}next", table) == "Bold see x.com/a next"


def test_renumber_orders_ids_by_first_appearance() -> None:
    table = {7: c.InlineCode(7, c.PAIR, "a", '<a href="u">', "</a>"),
             3: c.InlineCode(3, c.STANDALONE, "br", "<br>", "", "\n")}
    text = f"{c.code_char(c.STANDALONE, 3)} {c.code_char(c.OPEN, 7)}x{c.code_char(c.CLOSE, 7)}"
    new, new_table = c.renumber(text, table)
    assert c.to_tokens(new) == "⟨1/⟩ ⟨2⟩x⟨/2⟩"
    assert new_table[1].name == "br" and new_table[2].open == '<a href="u">'


@pytest.mark.parametrize("tokens, expected", [
    # a closing code after the full stop stays with its sentence; an opening one goes on
    ("⟨1⟩First one.⟨/1⟩ ⟨2⟩Second one.⟨/2⟩", ["⟨1⟩First one.⟨/1⟩", "⟨2⟩Second one.⟨/2⟩"]),
    # a pair spanning the boundary is isolated in each sentence
    ("⟨1⟩One sentence. Another one.⟨/1⟩", ["⟨1⟩One sentence.", "Another one.⟨/1⟩"]),
    # a standalone code goes with the side of the space it stands on
    ("Line one.⟨1/⟩ Line two. ⟨2/⟩Three.", ["Line one.⟨1/⟩", "Line two.", "⟨2/⟩Three."]),
    ("He met Mr. ⟨1⟩Jones⟨/1⟩ in Tirana.", ["He met Mr. ⟨1⟩Jones⟨/1⟩ in Tirana."]),
])
def test_sentence_splitting_keeps_codes_with_their_sentence(tokens: str,
                                                            expected: list[str]) -> None:
    assert [c.to_tokens(s) for s in split_sentences(coded(tokens), "en")] == expected


def test_wrappers_of_a_whole_passage_are_peeled() -> None:
    assert c.strip_wrappers(f"{O1}{O2}In English:{C2}{C1}") == ("In English:", [1, 2])
    assert c.strip_wrappers(f"{O1}A{C1} and {O2}B{C2}") == (f"{O1}A{C1} and {O2}B{C2}", [])


@pytest.mark.parametrize("target, missing, extra, unbalanced, reordered", [
    ("⟨1⟩Lidhja⟨/1⟩ dhe ⟨2/⟩ këtu.", [], [], [], False),
    ("Lidhja⟨/1⟩ dhe ⟨2/⟩ këtu.", ["⟨1⟩"], [], ["⟨/1⟩ before ⟨1⟩"], False),
    ("⟨1⟩Lidhja⟨/1⟩ dhe këtu.", ["⟨2/⟩"], [], [], False),
    ("⟨1⟩Lidhja⟨/1⟩ ⟨2/⟩ dhe ⟨2/⟩ ⟨3/⟩.", [], ["⟨2/⟩", "⟨3/⟩"], [], False),
    ("⟨/1⟩Lidhja⟨1⟩ dhe ⟨2/⟩.", [], [], ["⟨/1⟩ before ⟨1⟩"], False),
    ("⟨2/⟩ këtu, ⟨1⟩lidhja⟨/1⟩.", [], [], [], True),
])
def test_compare_finds_missing_extra_unbalanced_and_reordered_codes(
        target: str, missing: list[str], extra: list[str], unbalanced: list[str],
        reordered: bool) -> None:
    diff = c.compare(coded("⟨1⟩The link⟨/1⟩ and ⟨2/⟩ here."), coded(target))
    assert (diff.missing, diff.extra, diff.unbalanced, diff.reordered) == (
        missing, extra, unbalanced, reordered)


def test_crossing_pairs_are_unbalanced_but_isolated_halves_may_stay_isolated() -> None:
    source = coded("⟨1⟩Bold ⟨2⟩both⟨/2⟩ bold⟨/1⟩")
    assert c.compare(source, coded("⟨1⟩a ⟨2⟩b⟨/1⟩ c⟨/2⟩")).unbalanced == ["⟨1⟩…⟨/1⟩ crosses ⟨2⟩"]
    assert c.compare(coded("⟨1⟩Starts here."), coded("⟨1⟩Fillon këtu.")).ok


def test_next_missing_code_follows_source_order() -> None:
    source = coded("⟨1⟩The link⟨/1⟩ and ⟨2/⟩ here.")
    assert c.next_missing(source, "") == O1
    assert c.next_missing(source, coded("⟨1⟩Lidhja")) == C1
    assert c.next_missing(source, coded("⟨1⟩Lidhja⟨/1⟩ dhe")) == S2
    assert c.next_missing(source, coded("⟨1⟩Lidhja⟨/1⟩ dhe ⟨2/⟩")) is None
    assert c.closing_of(O1) == C1 and c.closing_of(S2) is None


def test_tm_penalty_is_one_point_and_match_codes_are_renumbered() -> None:
    assert c.code_penalty(coded("⟨1⟩A⟨/1⟩ b"), coded("⟨1⟩A⟨/1⟩ b")) == 0
    assert c.code_penalty(coded("A b"), coded("⟨1⟩A⟨/1⟩ b")) == c.CODE_PENALTY == 1
    match_source = coded("See ⟨1/⟩ and ⟨2⟩this⟨/2⟩.")
    match_target = coded("Shih ⟨1/⟩ dhe ⟨2⟩këtë⟨/2⟩.")
    new_source = coded("See ⟨1⟩this⟨/1⟩ and ⟨2/⟩.")
    assert c.to_tokens(c.adapt_codes(match_source, match_target, new_source)) == \
        "Shih ⟨2/⟩ dhe ⟨1⟩këtë⟨/1⟩."
    assert c.to_tokens(c.adapt_codes(match_source, match_target, "See this.")) == "Shih dhe këtë."


def test_allocator_runs_out_gracefully_and_rolls_back() -> None:
    alloc = c.CodeAllocator()
    for _ in range(c.MAX_ID):
        alloc.standalone("br", "<br>", "\n")
    assert alloc.pair("b", "<b>", "</b>") == ("", "")
    assert alloc.standalone("url", "x.com/a", "x.com/a") == "x.com/a"
    alloc.rollback(5)
    assert alloc.next_id == 5 and max(alloc.table) == 4


def test_protect_text_codes_urls_handles_hashtags_but_not_prose() -> None:
    alloc = c.CodeAllocator()
    text = c.protect_text("Write to info@nejat.org, see pic.twitter.com/OSP2wqo4rE. "
                          "#Albania @OlsiJ said: C# and item #3 stay.", alloc,
                          html_escape=lambda s: s)
    assert c.to_tokens(text) == "Write to ⟨1/⟩, see ⟨2/⟩. ⟨3/⟩ ⟨4/⟩ said: C# and item #3 stay."
    assert [(k.name, k.text) for k in alloc.table.values()] == [
        ("email", "info@nejat.org"), ("url", "pic.twitter.com/OSP2wqo4rE"),
        ("hashtag", "#Albania"), ("handle", "@OlsiJ")]


def test_reserved_characters_in_the_input_are_protected_not_misread() -> None:
    alloc = c.CodeAllocator()
    text = c.protect_private_use(f"icon {O1} here", alloc)
    assert c.to_tokens(text) == "icon ⟨1/⟩ here"
    assert alloc.table[1].text == O1 and alloc.table[1].name == "pua"
