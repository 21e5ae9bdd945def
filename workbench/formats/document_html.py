"""The HTML edition: the article's element structure, translations in place, codes as markup.

The page is rebuilt from each passage's skeleton path (the elements that held it at import, by
number, so one list stays one list and a nested list stays nested), never from the original
file: what import removed (menus, widgets, hidden text) does not come back. The root says the
edition's language and direction (`<html lang="fa" dir="rtl">`; `lang="sq"` for Albanian), and
a segment kept in the source language is marked `lang="en" dir="ltr"` — on its block when the
whole block is untranslated, else on a `<span>` — so the browser isolates it correctly. In a
right-to-left edition a protected URL, @handle or #hashtag is wrapped in `<bdi>`: the neutral
"@" and "/" would otherwise be laid out right to left around it ("(OlsiJ@)").

Translations are the translator's: a code may have been deleted, doubled or moved across
another. The markup is still made well-formed here (QA reports the problem): a closing code
without its opening is dropped, pairs left open are closed at the end of the passage, and an
inner pair still open where an outer one (or an untranslated span) closes is closed there and
reopened after it, the way browsers repair misnested inline markup.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

from workbench.formats.document import Edition, EditionPassage, EditionSegment
from workbench.text.codes import CLOSE, OPEN, PAIR, STANDALONE, parse_char
from workbench.text.scripts import is_rtl

# Passages without a recorded element (text captures; text directly in <body>) get the element
# their kind calls for; consecutive list items share one list, quotes one blockquote.
_BY_KIND = {"title": "h1", "paragraph": "p", "byline": "p", "list_item": "li", "quote": "p"}
_GROUP = {"list_item": "ul", "quote": "blockquote"}


# A readable page on its own; a publisher pastes the body into the site's own template.
_STYLE = ("body{max-width:44em;margin:2em auto;padding:0 1em;line-height:1.6;"
          "font-family:system-ui,'Vazirmatn','Noto Naskh Arabic','DejaVu Sans',sans-serif}"
          "blockquote{border-inline-start:3px solid #999;margin-inline:0;padding-inline:1em}")


def render_html(edition: Edition) -> str:
    """The complete HTML document of an edition."""
    lang = edition.lang
    root = {"lang": lang, "dir": "rtl" if is_rtl(lang) else "ltr"}
    title = _title(edition)
    body = _Body(edition)
    for passage, path in zip(edition.passages, body.paths, strict=True):
        if not passage.skeleton.get("head"):
            body.passage(passage, path)
    return ("<!DOCTYPE html>\n" + _start("html", root) + "\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="workbench">\n'
            f"<style>{_STYLE}</style>\n<title>{html.escape(title, quote=False)}</title>\n</head>\n<body>\n"
            + body.finish() + "\n</body>\n</html>\n")


def _title(edition: Edition) -> str:
    """The translated title passage as plain text (the document title if there is none)."""
    from workbench.text.codes import plain_text

    for passage in edition.passages:
        if passage.kind == "title":
            return " ".join(plain_text(s.text, s.codes) for s in passage.segments).strip()
    return edition.title


def _start(tag: str, attrs: dict[str, str]) -> str:
    return f"<{tag}" + "".join(f' {k}="{html.escape(str(v))}"' for k, v in attrs.items()) + ">"


class _Body:
    """Writes passages into the element tree their skeleton paths describe."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.out: list[str] = []
        self.open: list[int] = []           # element numbers currently open, outermost first
        self.tags: dict[int, str] = {}
        self.last_block: int | None = None  # the element the previous passage wrote into
        self.paths = _paths(edition.passages)
        # how many passages each element holds, itself or in elements inside it
        self.holds: Counter[int] = Counter(
            entry[0] for p, path in zip(edition.passages, self.paths, strict=True)
            if not p.skeleton.get("head") for entry in path)

    def passage(self, passage: EditionPassage, path: list[list[Any]]) -> None:
        block = path[-1][0]
        numbers = [entry[0] for entry in path]
        keep = 0
        while keep < min(len(self.open), len(numbers)) and self.open[keep] == numbers[keep]:
            keep += 1
        while len(self.open) > keep:
            self._close()
        if self.open and self.open[-1] == block and self.last_block == block:
            self.out.append(passage.skeleton.get("sep") or " ")
        for number, tag, attrs in path[keep:]:
            attrs = dict(attrs)
            if number == block and self._source_block(passage, block):
                attrs.update(self._source_attrs())
            self.out.append("\n" * (not self.out or self.out[-1].endswith(">")) +
                            _start(tag, attrs))
            self.open.append(number)
            self.tags[number] = tag
        self.out.append(self._content(passage, whole_block=self._source_block(passage, block)))
        self.last_block = block

    def _source_block(self, passage: EditionPassage, block: int) -> bool:
        """Wholly untranslated, and the only passage in its element: the element gets lang/dir."""
        return passage.untranslated and self.holds[block] == 1

    def _source_attrs(self) -> dict[str, str]:
        src = self.edition.src_lang
        return {"lang": src, "dir": "rtl" if is_rtl(src) else "ltr"}

    def _close(self) -> None:
        number = self.open.pop()
        self.out.append(f"</{self.tags[number]}>")

    def finish(self) -> str:
        while self.open:
            self._close()
        return "".join(self.out).strip()

    def _content(self, passage: EditionPassage, *, whole_block: bool) -> str:
        inline = _Inline(self._source_attrs(), isolate=is_rtl(self.edition.lang))
        for segment_no, segment in enumerate(passage.segments):
            if segment_no:
                inline.text(" ")
            inline.segment(segment, mark_source=not segment.translated and not whole_block)
        wraps = passage.skeleton.get("wrap") or []
        prefix = html.escape(passage.skeleton.get("prefix", ""), quote=False)
        return (prefix + "".join(o for o, _ in wraps) + inline.finish()
                + "".join(c for _, c in reversed(wraps)))


def _paths(passages: list[EditionPassage]) -> list[list[list[Any]]]:
    """Each passage's element path: the recorded one, or one made from its kind (numbered
    below zero so it never meets a recorded element)."""
    paths: list[list[list[Any]]] = []
    number = 0
    group: list[Any] | None = None
    for passage in passages:
        recorded = passage.skeleton.get("path")
        if recorded:
            paths.append(recorded)
            group = None
            continue
        kind = passage.kind
        number -= 1
        tag = f"h{passage.level or 2}" if kind == "heading" else _BY_KIND.get(kind, "p")
        attrs = {"class": "byline"} if kind == "byline" else {}
        block = [number, tag, attrs]
        wrapper = _GROUP.get(kind)
        if wrapper is None:
            group = None
            paths.append([block])
            continue
        if group is None or group[1] != wrapper:
            number -= 1
            group = [number, wrapper, {}]
        paths.append([group, block])
    return paths


class _Inline:
    """A passage's inline content: escaped text and code markup, kept well-formed."""

    def __init__(self, source_attrs: dict[str, str], *, isolate: bool) -> None:
        self.out: list[str] = []
        self.stack: list[tuple[str, str]] = []  # open (opening, closing) markup, outermost first
        self.source_attrs = source_attrs
        self.isolate = isolate

    def text(self, value: str) -> None:
        self.out.append(html.escape(value, quote=False))

    def segment(self, segment: EditionSegment, *, mark_source: bool) -> None:
        span = (_start("span", self.source_attrs), "</span>")
        if mark_source:
            self._push(span)
        run: list[str] = []
        for ch in segment.text:
            parsed = parse_char(ch)
            if parsed is None:
                run.append(ch)
                continue
            self.text("".join(run))
            run = []
            self._code(parsed[0], segment.codes.get(parsed[1]))
        self.text("".join(run))
        if mark_source:
            self._close_to(span)

    def _code(self, half: str, code: Any) -> None:
        if code is None:
            return  # a code the segment never had: nothing to restore it from
        if half == STANDALONE or code.kind != PAIR:
            # "(@OlsiJ)" in a right-to-left line would show as "(OlsiJ@)": a URL, handle or
            # hashtag is isolated so it reads in its own direction
            isolate = self.isolate and code.text.strip()
            self.out.append(f"<bdi>{code.open}</bdi>" if isolate else code.open)
        elif half == OPEN:
            self._push((code.open, code.close))
        elif half == CLOSE and (code.open, code.close) in self.stack:
            self._close_to((code.open, code.close))

    def _push(self, pair: tuple[str, str]) -> None:
        self.stack.append(pair)
        self.out.append(pair[0])

    def _close_to(self, pair: tuple[str, str]) -> None:
        """Close `pair`; pairs opened inside it and still open are closed and reopened."""
        index = len(self.stack) - 1 - self.stack[::-1].index(pair)
        inner = self.stack[index + 1:]
        for _, closing in reversed(inner):
            self.out.append(closing)
        self.out.append(pair[1])
        del self.stack[index:]
        for again in inner:
            self._push(again)

    def finish(self) -> str:
        while self.stack:
            self.out.append(self.stack.pop()[1])
        return "".join(self.out)
