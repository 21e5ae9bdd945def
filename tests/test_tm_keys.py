"""The match key the TM indexes and compares by: its fast paths give exactly the folding of the
straightforward definition, on any mix of scripts, spaces and marks."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.store.tm_terms import key_tokens
from workbench.text.normalize import FOLD_TABLE, _key_with_map, match_key, match_key_with_map
from workbench.text.scripts import words

ALPHABET = ("abcXYZ019 .,'`\"-_\t\n\r\x0b\x0c\x1c\x1f\x85\u00a0\u2009\u202f\u3000"
            "ëËçÇßİıΣσςﬁǅ\u0301\u0327é"                 # Latin, Greek, ligature, marks
            "كکيیىئةۀأإآؤـًٌٍَُِّْٰ\u200c\u200d\u200e\u200f\u202a\u2066\u00ad\ufeff"
            "۰۱۲۹٠١٢٩‘’“”«»–—−پچژگ" + "".join(map(chr, FOLD_TABLE)))


def reference_key(text: str) -> str:
    """match_key as the module doc defines it: NFC, the fold table, casefold, one space."""
    folded = unicodedata.normalize("NFC", text).translate(FOLD_TABLE).casefold()
    return " ".join(folded.split())


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40) | st.text(alphabet="aZ1'’- .\t", max_size=12)
       | st.text(max_size=20))
def test_match_key_is_the_reference_folding(text: str) -> None:
    assert match_key(text) == reference_key(text)
    nfc = unicodedata.normalize("NFC", text)
    assert match_key_with_map(nfc) == _key_with_map(nfc)  # the ASCII path, character-wise
    assert match_key_with_map(nfc)[0] == match_key(nfc)
    assert key_tokens(text) == words(text)  # the TM's word tokens are the translator's words


def test_everyday_variants_fold_together() -> None:
    assert match_key("  The\tCouncil`s  report\n") == "the council's report"
    assert match_key("می‌خواهم کتاب ۲۰۱۹") == match_key("ميخواهم كتاب 2019")
    key, index = match_key_with_map("A  b")
    assert (key, index) == ("a b", [0, 2, 3])
