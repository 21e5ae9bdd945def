"""Plain-text page captures (the seeds): lines back into a page's structure.

A capture is what a browser's "save as text" or a reader extension writes: one line per block,
blank lines between most blocks, the site's menus and widgets flattened into the text. This
module recovers the article: it drops site furniture (boilerplate.py rules, plus the structural
ones below that need neighbouring lines) and classifies each remaining line as a title, heading,
paragraph, list item, quote or byline.

Structural rules, each motivated by a seed:

* Navigation block — a run of lines without a blank line between them holding three or more
  "•" bullets, most of them one to four words, among them a menu entry ("Home", "Contact us",
  "Editions") or nested under one another ("  • Home / • Articles / • Media /     • Cartoons"
  in the Nejat Society capture). The whole run goes, with the site name and copyright lines
  glued to it. A short list of names without menu entries or nesting is content and stays.
* Breadcrumb — "Home » Iran Interlink Weekly Digest » Iran Interlink Weekly Digest – 307": the
  line goes, and its last crumb names the page (the title).
* Category label — a short line glued (no blank line) under a share bar, comment counter or
  copyright line ("FacebookTwitter…Email" / "Albania"): it is the next post's category link.
  A short all-lower-case line before the article body ("weekly digest") is a tag, too.
* Digest item — "++ News emerged that…": the item is its own passage, and the "++" marker is
  dropped from the text so the translator never has to carry it over.
* Quotation block — a line that opens with a quote mark and closes it only at its end (or,
  in a quotation running over several paragraphs, not at all) is a quote.
* Embedded tweet — a line "— Olsi Jazexhi (@OlsiJ) January 11, 2022" is the attribution of the
  line before it: that line becomes a quote and the attribution a byline.
* Soft-wrapped lines (a line ending mid-sentence followed by one starting in lower case) are
  joined, so a hard-wrapped .txt file still yields whole paragraphs.

Once the passages are known, URLs, e-mail addresses, @handles and #hashtags become protected
inline codes (`workbench.text.codes.protect_text`): they must never be translated or mangled.
Each passage's skeleton keeps its list marker ("• ", "++ ") and whether it shared its block
(no blank line) with the passage before, so the translated capture keeps the same layout.
"""

from __future__ import annotations

import html

import regex

from workbench.ingest.boilerplate import (
    DATE,
    boilerplate_rule,
    breadcrumb_last,
    digest_item_text,
    drop_related_sections,
    is_menu_item,
)
from workbench.ingest.model import ParsedPassage
from workbench.ingest.segment import split_sentences
from workbench.text.codes import CodeAllocator, protect_private_use, protect_text

_BULLET = regex.compile(r"^\s*(?:[•◦▪‣●○■□*·]|[-–](?=\s))\s*")
_ATTRIBUTION = regex.compile(r"^[—―–-]\s*\p{Lu}[^()]{0,80}\(@\w+\)\s*.{0,40}$")
_BYLINE = regex.compile(rf"^(?:By|Written by|Posted by|Nga|بقلم|نوشته)\s+\p{{Lu}}.{{0,80}}$"
                        rf"|^[^.!?:]{{2,60}},\s*{DATE}\s*$", regex.VERSION1)
# A block quotation: the line opens with a quote mark and either closes it at its very end or
# never closes it (a quotation running over several paragraphs leaves all but the last open).
# '“The cult has defined this main redline…,” Issa Azadeh added.' is reported speech inside a
# paragraph, not a quotation block.
_QUOTE_BLOCK = regex.compile(r"^[“«„\"][^”»\"]*(?:[”»\"][.!?…]?)?$")
_SOFT_WRAP_END = regex.compile(r"[\p{L},;\-]$")
_TAG_LINE = regex.compile(r"^[\p{Ll}\s]{2,40}$")
_STICKY_RULES = {"share bar", "date with comment counter", "copyright", "comment prompt"}
_MAX_HEADING_WORDS = 18
# A line ending in one of these runs on into what follows ("The letter was signed by"): not a
# heading, whatever its length.
_DANGLING = frozenset("a an the and or but of to in on at by for with from that as than".split())


def parse_capture(text: str) -> tuple[str | None, list[ParsedPassage]]:
    """(title, passages) of a plain-text capture; passages have no sentences/language yet."""
    runs = line_runs(_join_soft_wraps(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    title_hint: str | None = None
    blocks: list[ParsedPassage] = []
    seen_prose = False
    for run in runs:
        if _is_nav_run(run):
            continue
        after_sticky = False
        first_in_run = True
        for raw in run:
            line = " ".join(raw.split())
            crumb = breadcrumb_last(line)
            if crumb:
                title_hint = title_hint or crumb
                after_sticky = False
                continue
            rule = boilerplate_rule(line)
            if rule:
                after_sticky = rule.name in _STICKY_RULES
                continue
            if after_sticky and len(line.split()) <= 8 and not line.endswith("."):
                after_sticky = False
                continue  # the next post's category link
            after_sticky = False
            if not seen_prose and _TAG_LINE.match(line):
                continue
            passage = _classify(raw, line, blocks)
            if passage is None:
                continue
            seen_prose = seen_prose or passage.kind in {"paragraph", "list_item"}
            if not first_in_run:
                passage.skeleton["sep"] = "\n"
            first_in_run = False
            blocks.append(passage)
    keep = drop_related_sections([(b.kind, b.text) for b in blocks])
    blocks = [_protect(b) for b, k in zip(blocks, keep, strict=True) if k]
    return _assign_title(blocks, title_hint), blocks


def _protect(passage: ParsedPassage) -> ParsedPassage:
    """URLs, handles and hashtags of a kept passage as protected codes (see the module doc)."""
    alloc = CodeAllocator()
    passage.text = protect_text(protect_private_use(passage.text, alloc), alloc,
                                html_escape=html.escape)
    passage.codes = alloc.table
    return passage


def _classify(raw: str, line: str, previous: list[ParsedPassage]) -> ParsedPassage | None:
    """Kind of one kept line (see the module doc); None when nothing is left of it."""
    item = digest_item_text(line)
    if item is not None:
        marker = {"prefix": line[:len(line) - len(item)]}
        return ParsedPassage("list_item", item, skeleton=marker) if item else None
    if _ATTRIBUTION.match(line):
        if previous and previous[-1].kind in {"paragraph", "list_item"}:
            previous[-1].kind = "quote"
        return ParsedPassage("byline", line)
    if _BULLET.match(raw):
        text = _BULLET.sub("", line)
        return ParsedPassage("list_item", text, skeleton={"prefix": "• "}) if text else None
    if _BYLINE.match(line):
        return ParsedPassage("byline", line)
    if is_heading_line(line):
        return ParsedPassage("heading", line, level=2)
    if _QUOTE_BLOCK.match(line):
        return ParsedPassage("quote", line)
    return ParsedPassage("paragraph", line)


def is_heading_line(line: str) -> bool:
    """A short, title-like line: few words, no sentence-ending dot or trailing comma.

    "In English:" (a short line ending in a colon) is a section heading; a line ending in ? or !
    is a heading only if it is one sentence ("Disinformation campaign?"), not a paragraph of
    questions ("So who is to blame? No one has said officially.").
    """
    words = line.split()
    if not words or len(words) > _MAX_HEADING_WORDS or len(line) > 150:
        return False
    first = line[0]
    if (first.isalpha() and first.islower()) or words[-1].casefold() in _DANGLING:
        return False
    last = line[-1]
    if last in ".,;،؛" and not line.endswith("..."):
        return False
    if last == ":":
        return len(words) <= 4
    if last in "?!؟":
        return len(split_sentences(line, "en")) == 1
    return True


def _assign_title(blocks: list[ParsedPassage], hint: str | None) -> str | None:
    """Mark the title passage: the heading equal to the breadcrumb's last crumb, else the first
    heading before any prose. Returns the title text (None if the page has no title line)."""
    candidates = [b for b in blocks if b.kind == "heading"]
    if hint:
        for b in candidates:
            if b.plain.casefold() == hint.casefold():
                b.kind, b.level = "title", 1
                return b.plain
    for b in blocks:
        if b.kind == "heading":
            b.kind, b.level = "title", 1
            return b.plain
        if b.kind in {"paragraph", "list_item"}:
            break
    return hint


def _join_soft_wraps(lines: list[str]) -> list[str]:
    """Join a line that ends mid-sentence with the next one when that starts in lower case."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if (out and stripped and stripped[0].islower() and out[-1].strip()
                and _SOFT_WRAP_END.search(out[-1].rstrip())
                and not _BULLET.match(line) and not _BULLET.match(out[-1])):
            out[-1] = out[-1].rstrip() + " " + stripped
        else:
            out.append(line)
    return out


def line_runs(lines: list[str]) -> list[list[str]]:
    """Groups of consecutive non-blank lines (right-stripped): a capture's blocks, and the
    passages of the segmentation gold files."""
    runs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _is_nav_run(run: list[str]) -> bool:
    """Three or more bullets, mostly one to four words, with a menu entry or nesting."""
    bullet_lines = [line for line in run if _BULLET.match(line)]
    if len(bullet_lines) < 3:
        return False
    items = [_BULLET.sub("", line).strip() for line in bullet_lines]
    short = sum(1 for item in items if len(item.split()) <= 4)
    if short * 3 < len(items) * 2:
        return False
    indents = {len(line) - len(line.lstrip()) for line in bullet_lines}
    return len(indents) > 1 or any(is_menu_item(item) for item in items)
