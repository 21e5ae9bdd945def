"""Import keeps inline markup as protected codes (HTML) and protects URLs, handles, hashtags
(captures); the store numbers codes per segment and keeps their markup."""

from __future__ import annotations

import json

from workbench.ingest.html import parse_html
from workbench.ingest.importer import parse_text
from workbench.project import Project
from workbench.store.codes import segment_codes
from workbench.store.documents import list_passages, list_segments, save_document
from workbench.text.codes import to_tokens


def passages(markup: str) -> list[tuple[str, str]]:
    return [(p.kind, to_tokens(p.text)) for p in parse_html(markup)[1]]


def test_inline_elements_become_codes_and_never_raw_html() -> None:
    _, found = parse_html(
        '<h1>T</h1><p>The <a href="https://iran-interlink.org/?p=1&amp;x=2" title="Digest">'
        'digest</a> is <b>bold</b>, <i>italic</i>, <em>em</em>, <u>under</u>, <code>x()</code>, '
        'H<sub>2</sub>O, 10<sup>th</sup>, <span class="name">Rajavi</span>, <span>plain</span>'
        '<br>next line <img src="/a.png" alt="A"> end.</p>')
    paragraph = found[1]
    assert to_tokens(paragraph.text) == (
        "The ⟨1⟩digest⟨/1⟩ is ⟨2⟩bold⟨/2⟩, ⟨3⟩italic⟨/3⟩, ⟨4⟩em⟨/4⟩, ⟨5⟩under⟨/5⟩, "
        "⟨6⟩x()⟨/6⟩, H⟨7⟩2⟨/7⟩O, 10⟨8⟩th⟨/8⟩, ⟨9⟩Rajavi⟨/9⟩, plain⟨10/⟩ next line ⟨11/⟩ end.")
    assert "<" not in paragraph.text
    codes = paragraph.codes
    assert codes[1].open == '<a href="https://iran-interlink.org/?p=1&amp;x=2" title="Digest">'
    assert (codes[1].close, codes[2].open, codes[9].open) == (
        "</a>", "<b>", '<span class="name">')
    assert (codes[10].name, codes[10].kind, codes[10].text) == ("br", "standalone", "\n")
    assert codes[11].open == '<img src="/a.png" alt="A">'
    assert paragraph.plain == ("The digest is bold, italic, em, under, x(), H2O, 10th, Rajavi, "
                               "plain next line end.")


def test_nested_codes_linked_images_and_unsafe_attributes() -> None:
    _, found = parse_html(
        '<p><a href="/x" onclick="steal()"><b>Both</b> words</a> and '
        '<a href="javascript:alert(1)">js</a> <a href="/i"><img src="/i.png"></a>'
        '<a id="anchor"></a> end.</p>')
    paragraph = found[-1]
    assert to_tokens(paragraph.text) == "⟨1⟩⟨2⟩Both⟨/2⟩ words⟨/1⟩ and ⟨3⟩js⟨/3⟩ ⟨4/⟩⟨5/⟩ end."
    assert paragraph.codes[1].open == '<a href="/x">'
    assert paragraph.codes[3].open == "<a>"
    assert paragraph.codes[4].open == '<a href="/i"><img src="/i.png"></a>'
    assert paragraph.codes[5].open == '<a id="anchor"></a>'


def test_markup_around_a_whole_passage_goes_to_the_skeleton() -> None:
    _, found = parse_html('<h1>Digest</h1><ul class="items"><li><a href="/a">Item one</a></li>'
                          "<li>Item <b>two</b></li></ul><p><strong>In English:</strong></p>")
    assert [(p.kind, to_tokens(p.text)) for p in found] == [
        ("title", "Digest"), ("list_item", "Item one"), ("list_item", "Item ⟨1⟩two⟨/1⟩"),
        ("heading", "In English:")]
    assert found[1].skeleton["wrap"] == [['<a href="/a">', "</a>"]]
    assert [e[1:] for e in found[1].skeleton["path"]] == [["ul", {"class": "items"}], ["li", {}]]
    assert found[1].skeleton["path"][0][0] == found[2].skeleton["path"][0][0]  # same list


def test_a_link_whose_text_is_a_url_is_one_protected_code() -> None:
    assert passages('<p>See <a href="https://t.co/x">pic.twitter.com/OSP2wqo4rE</a> and '
                    '@OlsiJ on #Albania.</p>') == [("paragraph", "See ⟨1/⟩ and ⟨2/⟩ on ⟨3/⟩.")]


def test_double_break_splits_single_break_stays_a_code() -> None:
    _, found = parse_html("<div>One line<br>and the next.<br><br>A new paragraph.</div>")
    assert [to_tokens(p.text) for p in found] == ["One line⟨1/⟩ and the next.",
                                                  "A new paragraph."]
    assert found[1].skeleton["sep"] == "<br><br>"


def test_store_numbers_codes_per_segment_and_keeps_their_markup(project: Project) -> None:
    doc = parse_text('<h1>Title</h1><p><b>First sentence. Second</b> one with '
                     '<a href="/l">a link</a>.</p>', fmt="html")
    result = save_document(project.db, doc)
    segs = list_segments(project.db, result.document_id)
    assert [to_tokens(s["text"]) for s in segs] == [
        "Title", "⟨1⟩First sentence.", "Second⟨/1⟩ one with ⟨2⟩a link⟨/2⟩."]
    second, third = segment_codes(project.db, segs[1]["id"]), segment_codes(project.db,
                                                                            segs[2]["id"])
    assert second[1].open == "<b>" and third[1].open == "<b>" and third[2].open == '<a href="/l">'
    assert segs[2]["norm"] == "second one with a link."
    stored = list_passages(project.db, result.document_id)
    assert stored[1]["text"] == "First sentence. Second one with a link."
    assert json.loads(stored[1]["skeleton"])["path"][0][1] == "p"


def test_changed_link_target_is_a_new_version(project: Project) -> None:
    page = '<h1>T</h1><p>Read <a href="/{}">the report</a> now.</p>'
    first = save_document(project.db, parse_text(page.format("old"), fmt="html"), doc_key="k")
    same = save_document(project.db, parse_text(page.format("old"), fmt="html"), doc_key="k")
    new = save_document(project.db, parse_text(page.format("new"), fmt="html"), doc_key="k")
    assert (first.action, same.action, new.action) == ("created", "unchanged", "new-version")


def test_capture_protects_urls_handles_hashtags_and_keeps_list_markers() -> None:
    doc = parse_text("Camp Ashraf 3\n\n"
                     "The families wrote to info@nejat.org and the UN on Monday morning.\n\n"
                     "• Read more at www.nejatngo.org/en/news today\n"
                     "• Follow @OlsiJ and #Albania\n\n"
                     "++ Item with a link iran-interlink.org/?p=1 inside.\n")
    assert [(p.kind, to_tokens(p.text)) for p in doc.passages] == [
        ("title", "Camp Ashraf 3"),
        ("paragraph", "The families wrote to ⟨1/⟩ and the UN on Monday morning."),
        ("list_item", "Read more at ⟨1/⟩ today"), ("list_item", "Follow ⟨1/⟩ and ⟨2/⟩"),
        ("list_item", "Item with a link ⟨1/⟩ inside.")]
    assert [p.skeleton.get("prefix") for p in doc.passages] == [None, None, "• ", "• ", "++ "]
    assert [p.skeleton.get("sep") for p in doc.passages] == [None, None, None, "\n", None]
    assert doc.passages[3].plain == "Follow @OlsiJ and #Albania"
