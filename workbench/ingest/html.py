"""HTML pages: the article's blocks in reading order, the site around them dropped.

Parsing uses beautifulsoup4 with Python's own html.parser, which never raises on malformed
markup (unclosed tags, stray end tags, broken attributes): a broken page still yields its text.

What is dropped, and why:

* elements that are never content: script, style, template, noscript, svg, canvas, iframe,
  form (search boxes, comment forms), button, select, nav, aside; page-level header and footer
  (a header *inside* an article holds its h1, so it stays);
* hidden elements: `hidden`, `aria-hidden="true"`, inline `display:none` / `visibility:hidden`,
  screen-reader-only text ("Skip to content");
* widgets recognised by class or id: cookie/consent banners, share bars, social links,
  breadcrumbs, related/recent posts, comments, newsletter boxes, sidebars, menus, pagination —
  never an element that contains the article itself (`<article>`, `<main>` or the `<h1>`);
* blocks whose text matches a shared boilerplate rule (boilerplate.py), exactly as in captures.

What is kept: the title (first `<h1>`, else `og:title`, else `<title>` without its " | Site"
suffix), h1–h6 with their level, paragraphs, list items, blockquotes (kind "quote"; a tweet's
"— Name (@handle) date" attribution becomes a byline) and bylines (`rel=author`, class
"byline"/"author", `<address>`).

Inline markup inside a passage is kept as inline codes (`workbench.text.codes`), never as raw
HTML to translate: `a`, `b/strong`, `i/em`, `u`, `code`, `sup/sub`, `span` with attributes and
any other inline element become a pair of codes around their text; `br`, `img`, `wbr` and empty
elements become standalone codes; URLs, @handles and #hashtags in the text become text-like
codes, and a link whose whole text is one of them is one standalone code. A `span` without
attributes is only text. Event-handler attributes (`on…`) and `javascript:` URLs are not kept.
Markup that wraps a whole passage (`<p><strong>In English:</strong></p>`) is kept in the
passage's skeleton rather than shown to the translator, with the chain of elements that held
the passage, so the translated page can be rebuilt (`formats.document`).
"""

from __future__ import annotations

import html
from typing import Any

import regex
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from workbench.ingest.boilerplate import digest_item_text, drop_related_sections, is_boilerplate
from workbench.ingest.model import ParsedPassage
from workbench.text.codes import (
    STANDALONE,
    CodeAllocator,
    code_char,
    merge_lone_links,
    protect_private_use,
    protect_text,
    renumber,
    strip_wrappers,
    subset,
)

_NEVER_CONTENT = {"script", "style", "template", "noscript", "svg", "canvas", "iframe", "form",
                  "button", "select", "textarea", "nav", "aside", "head", "object", "embed",
                  "audio", "video", "map", "dialog"}
_PAGE_CHROME = {"header", "footer"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LEAF_BLOCKS = {"p", "figcaption", "caption", "dt", "dd", "address", "pre", "td", "th",
                "summary", "legend"} | set(_HEADINGS)
_CONTAINERS = {"div", "section", "article", "main", "body", "html", "ul", "ol", "dl", "table",
               "thead", "tbody", "tfoot", "tr", "figure", "center", "details", "fieldset",
               "blockquote", "li", "header", "footer", "hgroup", "picture"}
_WIDGET = regex.compile(
    r"(?:^|[-_\s])(?:cookies?|consent|gdpr|share|sharing|sharedaddy|addtoany|social|breadcrumbs?"
    r"|related|recent|comments?|respond|newsletter|subscribe|sidebar|widget|menu|navbar|nav"
    r"|pagination|pager|advert|ads|promo|popup|modal|banner|skip-link|screen-reader-text"
    r"|sr-only|visually-hidden|jp-relatedposts|post-navigation|tags|tagcloud)(?:$|[-_\s])",
    regex.IGNORECASE)
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
_BYLINE_CLASS = regex.compile(r"(?:^|[-_\s])(?:byline|author|vcard)(?:$|[-_\s])", regex.IGNORECASE)
_ATTRIBUTION = regex.compile(r"^[—―–-]\s*\S.{0,120}$")
_TITLE_SEP = regex.compile(r"\s+[|–—-]\s+")
_SPACE = regex.compile(r"\s+")
_MAX_BYLINE_WORDS = 15  # a paragraph that merely links its author is still a paragraph
_MAX_BOLD_HEADING_WORDS = 12
_BOLD_HEADING_LEVEL = 3
_VOID = {"br", "img", "wbr", "hr", "input", "area", "source", "track", "col"}
_TRANSPARENT = {"span", "font"}  # without attributes they carry nothing worth a code
# Attributes a rebuilt block element drops: the edition states its own language and direction.
_BLOCK_DROP = {"lang", "dir", "xml:lang"}
_UNSAFE_URL = regex.compile(r"^\s*(?:javascript|vbscript|data:text/html)", regex.IGNORECASE)
# html.parser hands back a tag cut off at the end of a truncated file as text ("<div class=").
_TAG_FRAGMENT = regex.compile(r"^</?[A-Za-z][^>]*$")


def parse_html(markup: str) -> tuple[str | None, list[ParsedPassage]]:
    """(title, passages) of an HTML page; passages have no sentences/language yet."""
    soup = BeautifulSoup(markup, "html.parser")
    page_title = _page_title(soup)
    root = soup.body or soup
    blocks: list[ParsedPassage] = []
    _Walker(blocks).walk(root, kind="paragraph", path=[])
    blocks = [b for b in blocks if not is_boilerplate(b.plain)]
    keep = drop_related_sections([(b.kind, b.plain) for b in blocks])
    blocks = [b for b, k in zip(blocks, keep, strict=True) if k]
    title = _mark_title(blocks, page_title)
    return title, blocks


PathEntry = list[Any]  # [element number, tag name, {attribute: value}]


class _Walker:
    """One pass over a page's body, numbering the elements it keeps so the passages of one
    element (and of one list, one quotation) can be put back together in the edition."""

    def __init__(self, out: list[ParsedPassage]) -> None:
        self.out = out
        self.numbers: dict[int, int] = {}

    def entry(self, el: Tag) -> PathEntry:
        number = self.numbers.setdefault(id(el), len(self.numbers) + 1)
        attrs = {k: v for k, v in _attributes(el).items() if k.lower() not in _BLOCK_DROP}
        return [number, el.name.lower(), attrs]

    def walk(self, node: Tag, *, kind: str, path: list[PathEntry]) -> None:
        """Emit the blocks under `node` in document order.

        Inline content (text, links, emphasis) directly inside a container is gathered into
        an anonymous paragraph, flushed at the next block child, so `<div>text<p>…</p>more</div>`
        gives three passages in order. `kind` is what such inline text is: a paragraph, a quote
        inside <blockquote>, the text of a list item that holds a nested list.
        """
        inline: list[str] = []
        alloc = CodeAllocator()
        here = path + [self.entry(node)] if node.name not in ("[document]", "body", "html") \
            else path

        def flush() -> None:
            nonlocal alloc
            _emit_text("".join(inline), kind, None, self.out, alloc, here)
            inline.clear()
            alloc = CodeAllocator()

        for child in node.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                inline.append(_text_node(str(child), alloc))
                continue
            if not isinstance(child, Tag) or _skip(child):
                continue
            name = child.name.lower()
            if (name in _LEAF_BLOCKS or name == "li") and not _has_block_child(child):
                flush()
                self.leaf(child, here, in_quote=kind == "quote")
            elif name in _CONTAINERS or name in _LEAF_BLOCKS or _has_block_child(child):
                flush()
                if _BYLINE_CLASS.search(_attrs_text(child)) and not _has_block_child(child):
                    leaf_alloc = CodeAllocator()
                    _emit_text(_inline(child, leaf_alloc), "byline", None, self.out, leaf_alloc,
                               here + [self.entry(child)])
                else:
                    self.walk(child, kind=_inline_kind(name, kind), path=here)
            else:
                inline.append(_inline_element(child, alloc))
        flush()

    def leaf(self, el: Tag, path: list[PathEntry], *, in_quote: bool) -> None:
        """One block element as a passage of the kind its tag, class or content says."""
        name = el.name.lower()
        alloc = CodeAllocator()
        text = _inline(el, alloc)
        plain = _plain(el)
        here = path + [self.entry(el)]
        if name in _HEADINGS:
            _emit_text(text, "heading", _HEADINGS[name], self.out, alloc, here)
        elif name == "address" or _BYLINE_CLASS.search(_attrs_text(el)) or (
                el.find(rel="author") and len(plain.split()) <= _MAX_BYLINE_WORDS):
            _emit_text(text, "byline", None, self.out, alloc, here)
        elif name == "li":
            _emit_text(text, "quote" if in_quote else "list_item", None, self.out, alloc, here)
        elif name == "p" and not in_quote and _is_bold_heading(el, plain):
            _emit_text(text, "heading", _BOLD_HEADING_LEVEL, self.out, alloc, here)
        else:
            _emit_text(text, "quote" if in_quote else "paragraph", None, self.out, alloc, here)


def _inline_kind(name: str, outer: str) -> str:
    if outer == "quote" or name == "blockquote":
        return "quote"
    return "list_item" if name == "li" else "paragraph"


def _is_bold_heading(el: Tag, text: str) -> bool:
    """<p><strong>In English:</strong></p>: a paragraph that is one short bold phrase is the
    heading the page's editor meant (blogs' editors rarely offer h2-h6)."""
    words = text.split()
    if not words or len(words) > _MAX_BOLD_HEADING_WORDS:
        return False
    bold = "".join(_plain(b) for b in el.find_all(["strong", "b"], recursive=False))
    return _SPACE.sub(" ", bold).strip() == _SPACE.sub(" ", text).strip()


def _emit_text(text: str, kind: str, level: int | None, out: list[ParsedPassage],
               alloc: CodeAllocator, path: list[PathEntry]) -> None:
    """Add one passage per paragraph of `text` (a double <br> separates paragraphs)."""
    sep = ""
    for part, next_sep in _paragraphs(text, alloc):
        clean = _SPACE.sub(" ", part).strip()
        table = alloc.table
        plain = _SPACE.sub(" ", ParsedPassage(kind, clean, codes=table).plain).strip()
        if not plain or _TAG_FRAGMENT.match(plain):
            sep = sep or next_sep
            continue
        clean = merge_lone_links(clean, table)
        skeleton: dict[str, Any] = {"path": path}
        if sep:
            skeleton["sep"] = sep
        sep = next_sep
        item = digest_item_text(clean) if kind == "paragraph" else None
        if item is not None:
            if not item:
                continue
            skeleton["prefix"] = clean[:len(clean) - len(item)]
            kind_here, clean = "list_item", item
        elif kind == "quote" and _ATTRIBUTION.match(plain) and out and out[-1].kind == "quote":
            kind_here = "byline"  # "— Name (@handle) date" under a tweet
        else:
            kind_here = kind
        clean, wrappers = strip_wrappers(clean)
        if wrappers:
            skeleton["wrap"] = [[table[i].open, table[i].close] for i in wrappers]
        clean, codes = renumber(clean, subset(clean, table))
        out.append(ParsedPassage(kind_here, clean, level=level if kind_here == kind else None,
                                 codes=codes, skeleton=skeleton))


def _paragraphs(text: str, alloc: CodeAllocator) -> list[tuple[str, str]]:
    """Split at two or more line breaks in a row: (part, separator before the next part)."""
    breaks = "".join(code_char(STANDALONE, i) for i, c in alloc.table.items() if c.name == "br")
    if not breaks:
        return [(text, "")]
    parts: list[tuple[str, str]] = []
    pos = 0
    for m in regex.finditer(rf"[{breaks}](?:\s*[{breaks}])+", text):
        parts.append((text[pos:m.start()], "<br><br>"))
        pos = m.end()
    parts.append((text[pos:], ""))
    return parts


def _text_node(value: str, alloc: CodeAllocator) -> str:
    """A text node with its URLs, handles and hashtags (and stray reserved characters)
    protected as codes."""
    return protect_text(protect_private_use(value, alloc), alloc, html_escape=html.escape)


def _inline(el: Tag, alloc: CodeAllocator) -> str:
    """The text of an element with its inline markup as codes; hidden parts left out."""
    parts: list[str] = []
    for child in el.children:
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            parts.append(_text_node(str(child), alloc))
        elif isinstance(child, Tag) and not _skip(child):
            parts.append(_inline_element(child, alloc))
    return "".join(parts)


def _inline_element(el: Tag, alloc: CodeAllocator) -> str:
    """One inline element as codes around its text (see the module doc)."""
    name = el.name.lower()
    start = _start_tag(el)
    if name == "br":
        return alloc.standalone("br", "<br>", "\n") + " "
    if name in _VOID:
        return alloc.standalone(name, start, "")
    if name in _TRANSPARENT and not _attributes(el):
        return _inline(el, alloc)
    mark = alloc.next_id
    inner = _inline(el, alloc)
    if not _plain(el).strip():
        # nothing to translate inside (an anchor target, a linked image): one standalone code
        alloc.rollback(mark)
        return alloc.standalone(name, _markup(el), "")
    opening, closing = alloc.pair(name, start, f"</{el.name}>")
    return opening + inner + closing


def _markup(el: Tag) -> str:
    """An element as HTML, with the same attribute cleaning as codes (hidden parts left out)."""
    parts = [_start_tag(el)]
    for child in el.children:
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            parts.append(html.escape(str(child), quote=False))
        elif isinstance(child, Tag) and not _skip(child):
            parts.append(_markup(child))
    if el.name.lower() not in _VOID:
        parts.append(f"</{el.name}>")
    return "".join(parts)


def _attributes(el: Tag) -> dict[str, str]:
    """An element's attributes as strings, without event handlers and script URLs."""
    attrs: dict[str, str] = {}
    for key, value in el.attrs.items():
        text = " ".join(value) if isinstance(value, list) else str(value)
        if key.lower().startswith("on") or _UNSAFE_URL.match(text) and key.lower() in {
                "href", "src", "action", "formaction", "xlink:href"}:
            continue
        attrs[key] = text
    return attrs


def _start_tag(el: Tag) -> str:
    return f"<{el.name}" + "".join(f' {k}="{html.escape(v)}"'
                                   for k, v in _attributes(el).items()) + ">"


def _plain(el: Tag) -> str:
    """Visible text of an element: hidden/never-content descendants left out, <br> kept."""
    parts: list[str] = []
    for child in el.children:
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag) and not _skip(child):
            parts.append("\n" if child.name.lower() == "br" else _plain(child))
    return "".join(parts)


def _skip(el: Tag) -> bool:
    """True for elements that never hold page content (see the module doc)."""
    name = el.name.lower()
    if name in _NEVER_CONTENT:
        return True
    if el.has_attr("hidden") or str(el.get("aria-hidden", "")).lower() == "true":
        return True
    if _HIDDEN_STYLE.search(str(el.get("style", ""))):
        return True
    if name in {"article", "main", "body", "html"}:
        return False
    chrome = name in _PAGE_CHROME and el.find_parent(["article", "main"]) is None
    if not chrome and not _WIDGET.search(_attrs_text(el)):
        return False
    return el.find(["article", "main", "h1"]) is None  # never drop the article itself


def _attrs_text(el: Tag) -> str:
    """class, id and role of an element as one string, for the widget/byline patterns."""
    classes = [str(c) for c in el.get_attribute_list("class") if c]
    return " ".join([*classes, str(el.get("id") or ""), str(el.get("role") or "")])


def _has_block_child(el: Tag) -> bool:
    return any(isinstance(c, Tag) and (c.name.lower() in _LEAF_BLOCKS or c.name.lower() in
                                       _CONTAINERS) for c in el.children)


def _page_title(soup: BeautifulSoup) -> str | None:
    """og:title, else <title> without its " | Site name" suffix."""
    meta = soup.find("meta", attrs={"property": "og:title"})
    if isinstance(meta, Tag) and meta.get("content"):
        return _SPACE.sub(" ", str(meta["content"])).strip() or None
    if not (soup.title and soup.title.string):
        return None
    title = _SPACE.sub(" ", soup.title.string).strip()
    return _strip_site_name(title, soup) or None


def _strip_site_name(title: str, soup: BeautifulSoup) -> str:
    """"Digest – 307 – Iran Interlink" → "Digest – 307"; "Digest – 307" stays as it is.

    A single dash may belong to the title itself, so the last part goes only after a "|", when
    there are two or more separators, or when it is the og:site_name.
    """
    parts = _TITLE_SEP.split(title)
    if len(parts) < 2:
        return title
    site = soup.find("meta", attrs={"property": "og:site_name"})
    site_name = str(site.get("content", "")).strip() if isinstance(site, Tag) else ""
    last_sep = list(_TITLE_SEP.finditer(title))[-1]
    if "|" in last_sep.group() or len(parts) > 2 or parts[-1] == site_name:
        return title[:last_sep.start()]
    return title


def _mark_title(blocks: list[ParsedPassage], page_title: str | None) -> str | None:
    """Make the first h1 the title passage; without one, add the page title as the title
    (marked "head": it was the page's <title>, not part of its body)."""
    for b in blocks:
        if b.kind == "heading" and b.level == 1:
            b.kind = "title"
            return _SPACE.sub(" ", b.plain).strip()
    if page_title:
        blocks.insert(0, ParsedPassage("title", page_title, level=1,
                                       skeleton={"path": [], "head": True}))
    return page_title
