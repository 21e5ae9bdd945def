"""HTML import: the article's blocks kept in order, the page around them dropped."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import InputError
from workbench.ingest.html import parse_html
from workbench.ingest.importer import parse_file, parse_text
from workbench.ingest.model import ParsedDocument
from workbench.text.codes import plain_text, to_tokens

DATA = Path(__file__).parent / "data" / "ingest"


def test_article_page_keeps_content_and_drops_site() -> None:
    doc = parse_file(DATA / "article.html")
    assert doc.format == "html" and doc.lang == "en"
    assert doc.title == "MEK Conduit for Spying Activity"
    assert [(p.kind, p.level, to_tokens(p.text)) for p in doc.passages] == [
        ("title", 1, "MEK Conduit for Spying Activity"),
        ("byline", None, "By ⟨1⟩Anne Khodabandeh⟨/1⟩"),
        ("paragraph", None, "News emerged that a data leak in Albania led the Rama government to "
                            "sign a memorandum with an American company. The company is led by "
                            "Gen. James L. Jones Jr. of the U.S. Navy."),
        ("heading", 2, "In English:"),
        ("list_item", None, "Mazda Parsi writes about the MEK’s habit of labelling its critics "
                            "as agents."),
        ("list_item", None, "Nejat Society reveals the policy of recruiting child soldiers."),
        ("quote", None, "What guarantee does Albania have that general Jones will not share "
                        "Albania’s sensitive information? ⟨1/⟩"),
        ("byline", None, "— Olsi Jazexhi (⟨1/⟩) ⟨2⟩January 11, 2022⟨/2⟩"),
        ("paragraph", None, "Text directly in a div."),
        ("paragraph", None, "A second paragraph after a double break."),
    ]
    assert doc.passages[2].sentences == [
        "News emerged that a data leak in Albania led the Rama government to sign a memorandum "
        "with an American company.",
        "The company is led by Gen. James L. Jones Jr. of the U.S. Navy."]


def test_title_falls_back_to_og_title_and_title_tag() -> None:
    title, passages = parse_html("<html><head><title>Weekly Digest – 80 | Iran Interlink</title>"
                                 "</head><body><p>Only a paragraph.</p></body></html>")
    assert title == "Weekly Digest – 80"
    assert (passages[0].kind, passages[0].text) == ("title", "Weekly Digest – 80")
    title, _ = parse_html('<meta property="og:title" content="Camp  Ashraf 3"><p>Text.</p>')
    assert title == "Camp Ashraf 3"
    for raw, expected in (("Weekly Digest – 307", "Weekly Digest – 307"),
                          ("Digest – 307 – Iran Interlink", "Digest – 307"),
                          ("Camp Ashraf - Nejat", "Camp Ashraf")):
        site = '<meta property="og:site_name" content="Nejat">'
        title, _ = parse_html(f"<title>{raw}</title>{site}<p>Text here.</p>")
        assert title == expected


def test_headings_keep_their_levels_and_nested_lists_their_items() -> None:
    _, passages = parse_html(
        "<h1>Top</h1><h3>Third</h3><h6>Sixth</h6><ul><li>Outer item<ul><li>Inner item</li>"
        "</ul></li></ul><blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote>")
    assert [(p.kind, p.level, p.text) for p in passages] == [
        ("title", 1, "Top"), ("heading", 3, "Third"), ("heading", 6, "Sixth"),
        ("list_item", None, "Outer item"), ("list_item", None, "Inner item"),
        ("quote", None, "Quoted one."), ("quote", None, "Quoted two."),
    ]


def test_hidden_and_widget_elements_are_dropped() -> None:
    _, passages = parse_html(
        '<body><div aria-hidden="true">Aria hidden.</div><p style="visibility: hidden">Gone.</p>'
        '<div class="cookie-consent">This site uses cookies. OK</div>'
        '<div class="social-share">Share this article with your friends</div>'
        '<p>Cookies were served at the meeting in Tirana, the families said.</p>'
        '<div class="entry-content"><p>The article text.</p></div>'
        '<footer>Site footer text that is long enough to be a paragraph.</footer></body>')
    assert [p.text for p in passages] == [
        "Cookies were served at the meeting in Tirana, the families said.", "The article text."]


def test_user_text_with_markup_like_brackets_is_data() -> None:
    doc = parse_text("<p>The [bold] tag and [/] stay as typed &amp; so does &lt;b&gt;.</p>",
                     fmt="html")
    assert doc.passages[-1].text == "The [bold] tag and [/] stay as typed & so does <b>."


def test_text_capture_sniffed_as_html_despite_txt_suffix(tmp_path: Path) -> None:
    page = tmp_path / "saved.txt"
    page.write_text("<!DOCTYPE html><html><body><h1>Saved page</h1><p>Body text here.</p>",
                    encoding="utf-8")
    doc = parse_file(page)
    assert doc.format == "html"
    assert [p.text for p in doc.passages] == ["Saved page", "Body text here."]


def test_text_capture_named_html_is_read_as_text(tmp_path: Path) -> None:
    page = tmp_path / "capture.html"
    page.write_text("Camp Ashraf 3\n\nThe families wrote letters. Nobody answered.\n",
                    encoding="utf-8")
    doc = parse_file(page)
    assert doc.format == "text"
    assert [(p.kind, p.text) for p in doc.passages] == [
        ("title", "Camp Ashraf 3"),
        ("paragraph", "The families wrote letters. Nobody answered.")]


def test_paragraph_linking_its_author_stays_a_paragraph() -> None:
    _, passages = parse_html(
        '<h1>T</h1><p>By <a rel="author">Eli Clifton</a></p><p>Eli Clifton reports on money in '
        'politics and US foreign policy; read more of his work by following '
        '<a rel="author">this link</a> to his author page.</p>')
    assert [p.kind for p in passages] == ["title", "byline", "paragraph"]


def test_html_rendering_of_a_seed_gives_the_same_passages_as_its_capture() -> None:
    """digest_307.html is seed 000 inside a typical WordPress page (menu, breadcrumbs, cookie
    bar, share buttons, related posts, comment form, sidebar, footer): the site goes, and what
    is left matches the text capture passage for passage, sentence for sentence."""
    html = parse_file(DATA / "digest_307.html")
    capture = parse_file(Path(__file__).resolve().parents[1] / "seeds" /
                         "000_ea33c5071f30f145.txt")
    assert html.title == capture.title == "Iran Interlink Weekly Digest – 307"
    def seen(doc: ParsedDocument) -> list[tuple[str, str, list[str], str | None]]:
        """What a reader sees: the link around a date in the HTML is markup, not text."""
        return [(p.kind, p.plain, [plain_text(s, p.codes) for s in p.sentences], p.lang)
                for p in doc.passages]

    assert seen(html) == seen(capture)


def test_digest_markers_and_bold_headings_in_html() -> None:
    _, passages = parse_html("<h1>Digest</h1><p>++ First item. Two sentences.</p>"
                             "<p><strong>In English:</strong></p><p>++</p>"
                             "<p><b>Bold</b> start of a normal paragraph.</p>")
    assert [(p.kind, to_tokens(p.text)) for p in passages] == [
        ("title", "Digest"), ("list_item", "First item. Two sentences."),
        ("heading", "In English:"), ("paragraph", "⟨1⟩Bold⟨/1⟩ start of a normal paragraph.")]
    assert passages[2].skeleton["wrap"] == [["<strong>", "</strong>"]]
    assert passages[1].skeleton["prefix"] == "++ "


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<div class='share'>", "</div>", "<",
                                         ">", "<!--", "-->", "<![CDATA[", "&amp;", "&#", "text ",
                                         "Word. ", "فارسی ", "<br>", "<h2>", "</li>", "\n", "'"]),
               max_size=40).map("".join))
def test_any_markup_parses_or_fails_with_input_error(markup: str) -> None:
    try:
        doc = parse_text(markup, fmt="html")
    except InputError as err:
        assert "no text found" in err.render() or "cannot parse the HTML" in err.render()
    else:
        assert all(p.text and p.text == p.text.strip() for p in doc.passages)
