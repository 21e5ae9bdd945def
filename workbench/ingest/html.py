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
"""

from __future__ import annotations

import regex
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from workbench.ingest.boilerplate import digest_item_text, drop_related_sections, is_boilerplate
from workbench.ingest.model import ParsedPassage

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
_PARAGRAPH_BREAK = regex.compile(r"\n\s*\n")
# html.parser hands back a tag cut off at the end of a truncated file as text ("<div class=").
_TAG_FRAGMENT = regex.compile(r"^</?[A-Za-z][^>]*$")


def parse_html(markup: str) -> tuple[str | None, list[ParsedPassage]]:
    """(title, passages) of an HTML page; passages have no sentences/language yet."""
    soup = BeautifulSoup(markup, "html.parser")
    page_title = _page_title(soup)
    root = soup.body or soup
    blocks: list[ParsedPassage] = []
    _walk(root, blocks, kind="paragraph")
    blocks = [b for b in blocks if not is_boilerplate(b.text)]
    keep = drop_related_sections([(b.kind, b.text) for b in blocks])
    blocks = [b for b, k in zip(blocks, keep, strict=True) if k]
    title = _mark_title(blocks, page_title)
    return title, blocks


def _walk(node: Tag, out: list[ParsedPassage], *, kind: str) -> None:
    """Emit the blocks under `node` in document order.

    Inline content (text, links, emphasis) directly inside a container is gathered into an
    anonymous paragraph, flushed at the next block child, so `<div>text<p>…</p>more</div>`
    gives three passages in order. `kind` is what such inline text is: a paragraph, a quote
    inside <blockquote>, the text of a list item that holds a nested list.
    """
    inline: list[str] = []

    def flush() -> None:
        _emit_text("".join(inline), kind, None, out)
        inline.clear()

    for child in node.children:
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            inline.append(str(child))
            continue
        if not isinstance(child, Tag) or _skip(child):
            continue
        name = child.name.lower()
        if name == "br":
            inline.append("\n")
            continue
        if (name in _LEAF_BLOCKS or name == "li") and not _has_block_child(child):
            flush()
            _emit_leaf(child, out, in_quote=kind == "quote")
        elif name in _CONTAINERS or name in _LEAF_BLOCKS or _has_block_child(child):
            flush()
            if _BYLINE_CLASS.search(_attrs_text(child)) and not _has_block_child(child):
                _emit_text(_text(child), "byline", None, out)
            else:
                _walk(child, out, kind=_inline_kind(name, kind))
        else:
            inline.append(_text(child))
    flush()


def _inline_kind(name: str, outer: str) -> str:
    if outer == "quote" or name == "blockquote":
        return "quote"
    return "list_item" if name == "li" else "paragraph"


def _emit_leaf(el: Tag, out: list[ParsedPassage], *, in_quote: bool) -> None:
    """One block element as a passage of the kind its tag, class or content says."""
    name = el.name.lower()
    text = _text(el)
    if name in _HEADINGS:
        _emit_text(text, "heading", _HEADINGS[name], out)
    elif name == "address" or _BYLINE_CLASS.search(_attrs_text(el)) or (
            el.find(rel="author") and len(text.split()) <= _MAX_BYLINE_WORDS):
        _emit_text(text, "byline", None, out)
    elif name == "li":
        _emit_text(text, "quote" if in_quote else "list_item", None, out)
    elif name == "p" and not in_quote and _is_bold_heading(el, text):
        _emit_text(text, "heading", _BOLD_HEADING_LEVEL, out)
    else:
        _emit_text(text, "quote" if in_quote else "paragraph", None, out)


def _is_bold_heading(el: Tag, text: str) -> bool:
    """<p><strong>In English:</strong></p>: a paragraph that is one short bold phrase is the
    heading the page's editor meant (blogs' editors rarely offer h2-h6)."""
    words = text.split()
    if not words or len(words) > _MAX_BOLD_HEADING_WORDS:
        return False
    bold = "".join(_text(b) for b in el.find_all(["strong", "b"], recursive=False))
    return _SPACE.sub(" ", bold).strip() == _SPACE.sub(" ", text).strip()


def _emit_text(text: str, kind: str, level: int | None, out: list[ParsedPassage]) -> None:
    """Add one passage per paragraph of `text` (a double <br> separates paragraphs)."""
    for part in _PARAGRAPH_BREAK.split(text):
        clean = _SPACE.sub(" ", part).strip()
        if not clean or _TAG_FRAGMENT.match(clean):
            continue
        item = digest_item_text(clean) if kind == "paragraph" else None
        if kind == "quote" and _ATTRIBUTION.match(clean) and out and out[-1].kind == "quote":
            out.append(ParsedPassage("byline", clean))  # "— Name (@handle) date" under a tweet
        elif item is not None:
            if item:
                out.append(ParsedPassage("list_item", item))
        else:
            out.append(ParsedPassage(kind, clean, level=level))


def _text(el: Tag) -> str:
    """Visible text of an element: hidden/never-content descendants left out, <br> kept."""
    parts: list[str] = []
    for child in el.children:
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag) and not _skip(child):
            parts.append("\n" if child.name.lower() == "br" else _text(child))
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
    """Make the first h1 the title passage; without one, add the page title as the title."""
    for b in blocks:
        if b.kind == "heading" and b.level == 1:
            b.kind = "title"
            return b.text
    if page_title:
        blocks.insert(0, ParsedPassage("title", page_title, level=1))
    return page_title
