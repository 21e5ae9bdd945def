"""Escaping holds for any text: what is written comes back as it was (property tests)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from workbench.formats.lines import escape, unescape
from workbench.formats.xliff import inline_text
from workbench.formats.xmlsafe import clean, start_tag, text

# Any Unicode text (hypothesis leaves out lone surrogates), weighted towards the characters
# that break files: markup, quotes, line breaks, tabs, control characters, RTL marks, ZWNJ.
TRICKY = st.sampled_from(list("&<>\"'\\\t\n\r\x00\x01\x0b\x0c\x1c\x85\u2028\u2029\u200c\u200f"
                              "\ufffe\uffff") + ["]]>", "&amp;", "\\n", "\\u2028", "سلام"])
TEXT = st.lists(st.one_of(st.text(max_size=8), TRICKY), max_size=12).map("".join)
XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_line_escape_round_trips_and_stays_on_one_line(value: str) -> None:
    escaped = escape(value)
    assert unescape(escaped) == value
    assert len(escaped.splitlines()) <= 1 and "\t" not in escaped


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_xml_text_and_attributes_parse_back(value: str) -> None:
    kept, _removed = clean(value)
    root = etree.fromstring(f"{start_tag('a', {'v': kept})}{text(kept)}</a>".encode())
    assert (root.text or "") == kept
    assert root.get("v") == kept


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_xliff_text_keeps_every_character(value: str) -> None:
    root = etree.fromstring(f'<t xmlns="{XLIFF_NS}">{inline_text(value)}</t>'.encode())
    parts = [root.text or ""]
    for cp in root:
        parts += [chr(int(cp.get("hex"), 16)), cp.tail or ""]
    assert "".join(parts) == value
